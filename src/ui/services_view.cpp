// ui/services_view.cpp — the services list: every service the token can see, searchable by id,
// type and name; a row (or its "View logs" button) opens the service summary.
#include <cinttypes>
#include <string>

#include "core/time.h"
#include "imgui.h"
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {
namespace {

void openService(int64_t id, core::Intents& out) {
    core::Route r;
    r.view = core::View::Summary;
    r.serviceId = id;
    out.navigate = r;
}

void toolbar(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    // Ctrl+F and "/" focus the search (the browser's own find cannot see into a canvas); "/" only
    // when no text field has the keyboard, and it is not typed into the search itself.
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_F))
        ctx.ui.focusSearch.requested = true;
    if (!io.WantTextInput) {
        // "/" by the character typed, not the key: on many layouts it is Shift+7 or elsewhere.
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
            if (io.InputQueueCharacters[i] == '/') {
                io.InputQueueCharacters.erase(io.InputQueueCharacters.Data + i);
                ctx.ui.focusSearch.requested = true;
                break;
            }
    }
    ImGui::SetNextItemWidth(std::min(360.0f, ImGui::GetContentRegionAvail().x * 0.6f));
    if (searchField("##search", "Search id, type or name  (Ctrl+F)", ctx.ui.servicesSearch,
                    ctx.ui.focusSearch))
        out.servicesSearch = ctx.ui.servicesSearch;
    recordItem(ctx.items, "services.search");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (s.servicesLoaded)
        textMuted("%zu of %zu services", s.visibleServices.size(), s.services.size());
    else
        textMuted("Loading services…");
    ImGui::SameLine();
    ImGui::BeginDisabled(s.servicesLoading);
    if (ImGui::Button(s.servicesLoading ? "Loading…" : "Reload")) out.reload = true;
    recordItem(ctx.items, "services.reload");
    ImGui::EndDisabled();
}

void flowCell(const core::Service& svc) {
    if (svc.source.system.empty() && svc.destination.system.empty()) {
        textMuted("—");
        return;
    }
    ImGui::Text("%s · %s  →  %s · %s", svc.source.system.c_str(), svc.source.entity.c_str(),
                svc.destination.system.c_str(), svc.destination.entity.c_str());
}

}  // namespace

void drawServicesView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    toolbar(s, ctx, out);
    ImGui::Spacing();
    if (!s.servicesLoaded) {
        textMuted(s.servicesLoading ? "Fetching the services this token can see…"
                                    : "No services loaded.");
        return;
    }
    if (s.visibleServices.empty()) {
        if (s.services.empty())
            textMuted("This token can see no services.");
        else
            textMuted("No service matches \"%s\".", s.servicesSearch.c_str());
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_NoBordersInBodyUntilResize;
    // Wide screens share the spare width between name and flow; narrow ones keep every column
    // at its content's width and scroll sideways (ID and name stay frozen on the left).
    const bool wide = ImGui::GetContentRegionAvail().x >= 1100.0f;
    const ImGuiTableColumnFlags roomy = wide ? ImGuiTableColumnFlags_WidthStretch : 0;
    // One table id per layout: each fits its columns afresh instead of inheriting the other's.
    if (!ImGui::BeginTable(wide ? "services.wide" : "services.narrow", 9, flags)) return;
    ImGui::TableSetupScrollFreeze(2, 1);
    ImGui::TableSetupColumn("ID");
    ImGui::TableSetupColumn("Name", roomy, wide ? 2.0f : 0.0f);
    ImGui::TableSetupColumn("Status");
    ImGui::TableSetupColumn("Type");
    ImGui::TableSetupColumn("Flow", roomy, wide ? 3.0f : 0.0f);
    ImGui::TableSetupColumn("Schedule");
    ImGui::TableSetupColumn("Alerts");
    ImGui::TableSetupColumn("Last sync");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.visibleServices.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const core::Service& svc = s.services[s.visibleServices[static_cast<size_t>(row)]];
            const std::string rowId = std::to_string(svc.id);
            ImGui::PushID(rowId.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // The whole row is one button (no AllowOverlap: that needs a hovered frame before the
            // press, so a quick click or a tap would be lost); "View logs" is drawn on it.
            if (ImGui::Selectable(rowId.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                openService(svc.id, out);
            recordRow(ctx.items, "services.row." + rowId);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(svc.name.c_str());
            ImGui::TableNextColumn();
            statusBadge(core::toString(svc.status), colourFor(svc.status));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(svc.type.empty() ? "—" : svc.type.c_str());
            ImGui::TableNextColumn();
            flowCell(svc);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(svc.schedule.empty() ? "—" : svc.schedule.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(svc.alertsEnabled ? "on" : "off");
            ImGui::TableNextColumn();
            if (svc.lastSync) {
                statusBadge(core::toString(svc.lastSync->status), colourFor(svc.lastSync->status));
                ImGui::SameLine();
                textMuted("%s", core::formatAgo(svc.lastSync->startedAt, ctx.serverNow).c_str());
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("Started %s UTC",
                                      core::formatDateTime(svc.lastSync->startedAt).c_str());
            } else {
                textMuted("never");
            }
            ImGui::TableNextColumn();
            // Inert over the row's selectable (which gets the click and opens the same view);
            // drawn as a button so the row's action is visible.
            ImGui::SmallButton("View logs");
            recordItem(ctx.items, "services.viewLogs." + rowId);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace ui
