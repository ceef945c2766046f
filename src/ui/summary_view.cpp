// ui/summary_view.cpp — the service summary's header: what the service is and how its last sync
// went. The table of the last 24 hours' syncs and the chart come with the sync data layer.
#include <string>

#include "core/time.h"
#include "imgui.h"
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {
namespace {

void field(const char* label, const std::string& value) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    textMuted("%s", label);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(value.empty() ? "—" : value.c_str());
}

}  // namespace

void drawSummaryView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const core::Service* svc = s.findService(s.route.serviceId);
    if (!svc) {
        textMuted("Service %lld is not among the services this token can see.",
                  static_cast<long long>(s.route.serviceId));
        if (ImGui::Button("Back to services")) out.navigate = core::parseRoute("/services");
        recordItem(ctx.items, "summary.back");
        return;
    }
    ImGui::TextUnformatted(svc->name.c_str());
    ImGui::SameLine();
    statusBadge(core::toString(svc->status), colourFor(svc->status));
    ImGui::Spacing();
    if (ImGui::BeginTable("service", 2, ImGuiTableFlags_SizingFixedFit)) {
        field("ID", std::to_string(svc->id));
        field("Type", svc->type);
        field("Company group", svc->companyGroup);
        field("Source", svc->source.system + " · " + svc->source.entity);
        field("Destination", svc->destination.system + " · " + svc->destination.entity);
        field("Schedule", svc->schedule);
        field("Alerts", svc->alertsEnabled ? "on" : "off");
        if (svc->lastSync) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            textMuted("Last sync");
            ImGui::TableNextColumn();
            ImGui::Text("#%lld", static_cast<long long>(svc->lastSync->id));
            ImGui::SameLine();
            statusBadge(core::toString(svc->lastSync->status), colourFor(svc->lastSync->status));
            ImGui::SameLine();
            ImGui::Text("started %s UTC (%s)",
                        core::formatDateTime(svc->lastSync->startedAt).c_str(),
                        core::formatAgo(svc->lastSync->startedAt, ctx.serverNow).c_str());
        } else {
            field("Last sync", "never");
        }
        ImGui::EndTable();
    }
}

}  // namespace ui
