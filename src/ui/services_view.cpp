// ui/services_view.cpp — the services list: every service the token can see, with company-group
// tabs (when there is more than one group), a search over id, type and name, filters for status,
// source system, source entity and "failed or partial in the last 24 h", and sortable columns,
// among them each service's last 24 hours as a strip of hourly cells and its failures; a row (or
// its "View syncs") opens the service summary. The list refreshes itself every 30 s while shown
// (ServicesFeed), "Updated hh:mm:ss" in its toolbar; the row at the top stays there when it does.
//
// Which rows show, and in what order, is the App's (AppState::visibleServices, rebuilt only when
// the list, a filter or the sort changes): this view draws them and turns clicks into intents.
// The table's layout follows the width: every column on a wide screen, the same columns scrolling
// sideways behind a frozen id and name on a medium one (the status, the last 24 hours and the
// failures first, so that they show without scrolling), and below 640 px three columns whose
// first cell carries the rest of the row on a second line — usable at 400 px without scrolling
// sideways.
#include <algorithm>
#include <cinttypes>
#include <string>

#include "core/time.h"
#include "core/time_zone.h"
#include "imgui.h"
#include "ui/imgui_seam.h"
#include "ui/list_keys.h"
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {
namespace {

using core::ServicesSortKey;

constexpr float kWideWidth = 1100.0f;  // from here the name and flow columns share the spare width
constexpr float kCompactWidth = 640.0f;  // below: three columns, two lines a row

void openService(int64_t id, core::Intents& out) {
    core::Route r;
    r.view = core::View::Summary;
    r.serviceId = id;
    out.add(core::intent::Navigate{r});
}

const char* sortKeyName(ServicesSortKey k) {
    switch (k) {
        case ServicesSortKey::None: return "none";
        case ServicesSortKey::Id: return "id";
        case ServicesSortKey::Name: return "name";
        case ServicesSortKey::Status: return "status";
        case ServicesSortKey::Type: return "type";
        case ServicesSortKey::Flow: return "flow";
        case ServicesSortKey::Schedule: return "schedule";
        case ServicesSortKey::Alerts: return "alerts";
        case ServicesSortKey::LastSync: return "lastSync";
        case ServicesSortKey::Failures: return "failures";
    }
    return "none";
}

// A filter other than the group tab is set ("Clear filters" clears those; the tab stays).
bool narrowsRows(const core::ServicesFilter& f) {
    return !f.search.empty() || f.status || f.sourceSystem || f.sourceEntity || f.failing;
}

// Some service came with its last 24 hours' runs (the reference API; Core flows carry none).
bool anyRunData(const core::AppState& s) {
    return std::any_of(s.services.begin(), s.services.end(),
                       [](const core::Service& svc) { return svc.hasRuns; });
}

constexpr const char* kNoRunData =
    "This API sends no runs with its services (Patchworks Core flows carry none), so the list "
    "cannot tell which failed. Open a service to see its syncs.";

// A filter value as shown: services without one (Core flows have no source) say so.
std::string shown(const std::string& value) {
    return value.empty() ? "(none)" : value;
}

// --- company-group tabs ------------------------------------------------------------------------

// A tab drawn as a flat button, underlined when selected: the App's filter is the only state, so
// there is no ImGui tab bar to keep in step with it.
bool groupTab(const std::string& label, size_t count, bool selected, const std::string& id,
              ItemRects& items) {
    const std::string text = label + "  " + std::to_string(count);  // drawn as it is
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetColorU32(ImGuiCol_HeaderHovered));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::GetColorU32(ImGuiCol_HeaderActive));
    ImGui::PushStyleColor(ImGuiCol_Text,
                          ImGui::GetColorU32(selected ? ImGuiCol_Text : ImGuiCol_TextDisabled));
    const bool clicked = textButton(("##" + id).c_str(), text);
    ImGui::PopStyleColor(4);
    ImGui::PopStyleVar();
    recordItem(items, id);
    if (selected) {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(a.x + 4, b.y - 2), ImVec2(b.x - 4, b.y),
                                                  kColourLink, 1.0f);
    }
    return clicked && !selected;
}

void groupTabs(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const std::vector<core::Facet>& groups = s.servicesFacets.groups;
    size_t present = 0;
    for (const core::Facet& g : groups) present += g.count > 0;
    if (present <= 1) return;
    const auto& chosen = s.servicesFilter.companyGroup;
    core::ServicesFilter f = s.servicesFilter;
    if (groupTab("All", s.services.size(), !chosen, "services.group.all", ctx.items)) {
        f.companyGroup.reset();
        out.add(core::intent::ServicesFilterSet{f});
    }
    for (const core::Facet& g : groups) {
        const std::string label = g.value.empty() ? "No group" : g.value;
        sameLineOrWrap(
            ImGui::CalcTextSize(label.data(), label.data() + label.size(), false).x + 48.0f, 2.0f);
        if (groupTab(label, g.count, chosen && *chosen == g.value, "services.group." + g.value,
                     ctx.items)) {
            f.companyGroup = g.value;
            out.add(core::intent::ServicesFilterSet{f});
        }
    }
    ImGui::Separator();
}

// --- toolbar -----------------------------------------------------------------------------------

// A combo listing the values of one facet, with how many services have each. Returns true when
// the user picked one; `picked` is then the value (nullopt: any).
bool facetCombo(const char* id, const char* anyLabel, const std::optional<std::string>& current,
                const std::vector<core::Facet>& facets, std::optional<std::string>& picked,
                ItemRects& items) {
    const std::string preview = current ? shown(*current) : anyLabel;
    bool changed = false;
    const std::string comboId = std::string("##") + id;
    // The preview and the values are drawn as they are: no label is built from data.
    const bool open = seam::beginComboCustomPreview(comboId.c_str());
    if (seam::beginComboPreview()) {
        ImGui::TextUnformatted(preview.data(), preview.data() + preview.size());
        seam::endComboPreview();
    }
    recordItem(items, id);
    if (!open) return false;
    // Esc closes the list (ImGui leaves that to keyboard navigation, which is off).
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
    if (ImGui::Selectable(anyLabel, !current)) {
        picked.reset();
        changed = true;
    }
    recordItem(items, id, ".all");
    for (const core::Facet& f : facets) {
        const std::string label = shown(f.value) + "  (" + std::to_string(f.count) + ")";
        ImGui::PushID(f.value.data(), f.value.data() + f.value.size());
        const bool clicked = selectableText("##value", label, current && *current == f.value);
        ImGui::PopID();
        if (clicked) {
            picked = f.value;
            changed = true;
        }
        recordItem(items, id, ".", f.value);
    }
    ImGui::EndCombo();
    return changed && picked != current;
}

float comboWidth(const char* widest) {
    return ImGui::CalcTextSize(widest).x + ImGui::GetFrameHeight() + 24.0f;
}

void toolbar(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    // Ctrl+F and "/" focus the search (the browser's own find cannot see into a canvas).
    findShortcuts(ctx.ui.focusSearch);
    // The field shows the App's search unless it is being typed in (a sign-out or "Clear filters"
    // changes the App's, and the field follows).
    std::string& text = ctx.ui.servicesSearch;
    if (seam::activeId() != ImGui::GetID("##search") && ctx.ui.focusSearch.catchFrames == 0 &&
        !ctx.ui.focusSearch.requested && text != s.servicesFilter.search)
        text = s.servicesFilter.search;
    const float avail = ImGui::GetContentRegionAvail().x;
    ImGui::SetNextItemWidth(avail < kCompactWidth ? avail : std::min(340.0f, avail * 0.4f));
    // Enter in the search opens the one service it leaves (the keyboard's way in: issue 16).
    const bool enter = searchEnterPressed("##search");
    if (searchField("##search", "Search id, type or name  (Ctrl+F)", text, ctx.ui.focusSearch))
        out.add(core::intent::ServicesSearch{text});
    recordItem(ctx.items, "services.search");
    if (enter && s.visibleServices.size() == 1)
        openService(s.services[s.visibleServices[0]].id, out);

    const core::ServicesFilter& f = s.servicesFilter;
    const core::ServicesFacets& facets = s.servicesFacets;
    std::optional<std::string> picked;
    const float statusW = comboWidth("Any status"), sourceW = comboWidth("Any source system");
    sameLineOrWrap(statusW);
    ImGui::SetNextItemWidth(statusW);
    const std::optional<std::string> status =
        f.status ? std::optional<std::string>(core::toString(*f.status)) : std::nullopt;
    if (facetCombo("services.filter.status", "Any status", status, facets.statuses, picked,
                   ctx.items)) {
        core::ServicesFilter next = f;
        next.status = picked ? core::serviceStatusFromString(*picked) : std::nullopt;
        out.add(core::intent::ServicesFilterSet{next});
    }
    sameLineOrWrap(sourceW);
    ImGui::SetNextItemWidth(sourceW);
    if (facetCombo("services.filter.system", "Any source system", f.sourceSystem, facets.systems,
                   picked, ctx.items)) {
        core::ServicesFilter next = f;
        next.sourceSystem = picked;
        // Entities are listed for the chosen system: one it does not have would match nothing.
        if (next.sourceEntity && picked) {
            bool has = false;
            for (const core::Service& svc : s.services)
                has |= svc.source.system == *picked && svc.source.entity == *next.sourceEntity;
            if (!has) next.sourceEntity.reset();
        }
        out.add(core::intent::ServicesFilterSet{next});
    }
    sameLineOrWrap(sourceW);
    ImGui::SetNextItemWidth(sourceW);
    if (facetCombo("services.filter.entity", "Any source entity", f.sourceEntity, facets.entities,
                   picked, ctx.items)) {
        core::ServicesFilter next = f;
        next.sourceEntity = picked;
        out.add(core::intent::ServicesFilterSet{next});
    }
    {
        const char* label = "Failed or partial in the last 24 h";
        sameLineOrWrap(ImGui::CalcTextSize(label).x + ImGui::GetFrameHeight() + 16.0f);
        const bool runData = anyRunData(s);
        bool failing = f.failing;
        ImGui::BeginDisabled(!runData && !f.failing);
        if (ImGui::Checkbox("Failed or partial in the last 24 h###failing", &failing)) {
            core::ServicesFilter next = f;
            next.failing = failing;
            out.add(core::intent::ServicesFilterSet{next});
        }
        ImGui::EndDisabled();
        recordItem(ctx.items, "services.filter.failing");
        if (!runData && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", kNoRunData);
    }
    if (narrowsRows(f)) {
        sameLineOrWrap(ImGui::CalcTextSize("Clear filters").x + 20.0f);
        if (ImGui::Button("Clear filters###clearFilters")) {
            core::ServicesFilter next;
            next.companyGroup = f.companyGroup;  // the tab stays: it is where the user is
            out.add(core::intent::ServicesFilterSet{next});
            ctx.ui.servicesSearch.clear();
        }
        recordItem(ctx.items, "services.clearFilters");
    }

    char count[64];
    if (s.servicesLoaded)
        std::snprintf(count, sizeof count, "%zu of %zu services", s.visibleServices.size(),
                      s.services.size());
    else
        std::snprintf(count, sizeof count, "Loading services…");
    // When the list shown was fetched (server clock, in the chosen time zone): it refreshes by
    // itself every 30 s while on screen, so this moves on.
    std::string updated;
    if (s.servicesLoaded && s.servicesFetchedAt)
        updated = " · Updated " + formatClock(ctx.ui.timeZone.shift(s.servicesFetchedAt)) + " " +
                  ctx.ui.timeZone.label();
    const char* reload = s.servicesLoading ? "Loading…" : "Reload";
    sameLineOrWrap(ImGui::CalcTextSize(count).x + ImGui::CalcTextSize(updated.c_str()).x +
                   ImGui::CalcTextSize(reload).x + 40.0f);
    ImGui::AlignTextToFramePadding();
    textMuted("%s%s", count, updated.c_str());
    if (s.servicesLoaded && ImGui::IsItemHovered() && s.servicesFetchedAt)
        ImGui::SetTooltip("Loaded %s; refreshed every 30 s while this list is on screen",
                          core::formatAgo(s.servicesFetchedAt, ctx.serverNow).c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(s.servicesLoading);
    if (ImGui::Button(reload)) out.add(core::intent::Reload{});
    recordItem(ctx.items, "services.reload");
    ImGui::EndDisabled();
}

// --- empty, loading and no-match states --------------------------------------------------------

void emptyState(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    if (!s.servicesLoaded) {
        if (s.servicesLoading) {
            textMuted("Fetching the services this token can see…");
        } else {
            ImGui::TextUnformatted("The services could not be loaded.");
            if (ImGui::Button("Try again")) out.add(core::intent::Reload{});
            recordItem(ctx.items, "services.retry");
        }
    } else if (s.services.empty()) {
        ImGui::TextUnformatted("This token can see no services.");
        textMuted(
            "Services show here once the integration platform shares them with this token. "
            "Reload to look again, or sign out and use another token.");
    } else {
        // Say which filters left nothing, so the way out is plain.
        const core::ServicesFilter& f = s.servicesFilter;
        std::string why = "No service matches";
        const char* sep = " ";
        auto add = [&](const std::string& part) {
            why += sep + part;
            sep = ", ";
        };
        if (!f.search.empty()) add("\"" + f.search + "\"");
        if (f.status) add(std::string("status ") + core::toString(*f.status));
        if (f.sourceSystem) add("source " + shown(*f.sourceSystem));
        if (f.sourceEntity) add("entity " + shown(*f.sourceEntity));
        if (f.failing) add("failed or partial in the last 24 h");
        if (f.companyGroup) why += " in " + shown(*f.companyGroup);
        ImGui::TextUnformatted((why + ".").c_str());
        if (narrowsRows(f)) {
            if (ImGui::Button("Clear filters###clearFiltersNoMatch")) {
                core::ServicesFilter next;
                next.companyGroup = f.companyGroup;
                out.add(core::intent::ServicesFilterSet{next});
                ctx.ui.servicesSearch.clear();
            }
            recordItem(ctx.items, "services.clearFilters");
        }
    }
    ImGui::PopTextWrapPos();
}

// --- the table ---------------------------------------------------------------------------------

enum class Layout { Wide, Medium, Compact };

struct Column {
    const char* name;
    ServicesSortKey key;  // None: not sortable
    ImGuiTableColumnFlags flags;
    float weight;  // stretch weight on a wide screen
};

// A click on a header moves the sort on: the column's preferred direction (newest first for the
// last sync), then the other, then back to the API's order.
core::ServicesSort nextSort(const core::ServicesSort& now, const Column& col) {
    core::ServicesSort next;
    const bool preferDescending = col.flags & ImGuiTableColumnFlags_PreferSortDescending;
    if (now.key != col.key) {
        next.key = col.key;
        next.descending = preferDescending;
    } else if (now.descending == preferDescending) {
        next.key = col.key;
        next.descending = !preferDescending;
    }
    return next;
}

// The header cells are plain selectables rather than ImGui's TableHeader: that one lets the
// column resize borders overlap it (AllowOverlap), so it takes a press only after the pointer
// rested on it for a frame — a quick click, or a tap on a touch screen, would be lost. The sort
// is the App's (kept across the layouts, reset on sign-out); the arrow shows it.
void headerRow(const core::AppState& s, const std::vector<Column>& cols, ItemRects& items,
               core::Intents& out) {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (size_t c = 0; c < cols.size(); ++c) {
        if (!ImGui::TableSetColumnIndex(static_cast<int>(c))) continue;
        const Column& col = cols[c];
        if (col.key == ServicesSortKey::None) {
            if (*col.name) ImGui::TextUnformatted(col.name);  // (the run strip)
            continue;
        }
        ImGui::PushID(static_cast<int>(c));
        // As TableHeader does: the label and its arrow count in the width the column fits to.
        const float size = ImGui::GetFontSize();
        seam::tableHeaderFitsTo(static_cast<int>(c), ImGui::GetCursorScreenPos().x +
                                                         ImGui::CalcTextSize(col.name).x + size);
        if (ImGui::Selectable(col.name))
            out.add(core::intent::ServicesSortSet{nextSort(s.servicesSort, col)});
        recordItem(items, "services.column.", sortKeyName(col.key));
        if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (s.servicesSort.key == col.key) {
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            seam::renderArrow(ImGui::GetWindowDrawList(),
                              ImVec2(b.x - size * 0.85f, a.y + (b.y - a.y - size * 0.7f) * 0.5f),
                              ImGui::GetColorU32(ImGuiCol_Text),
                              s.servicesSort.descending ? ImGuiDir_Down : ImGuiDir_Up, 0.7f);
        }
        ImGui::PopID();
    }
}

std::string flowText(const core::Service& svc) {
    if (svc.source.system.empty() && svc.destination.system.empty()) return "";
    auto side = [](const core::Endpoint& e) {
        return e.entity.empty() ? e.system : e.system + " · " + e.entity;
    };
    return side(svc.source) + "  →  " + side(svc.destination);
}

void lastSyncTooltip(const core::Service& svc, const core::TimeZone& zone) {
    if (svc.lastSync && ImGui::IsItemHovered())
        ImGui::SetTooltip("Sync %" PRId64 " started %s", svc.lastSync->id,
                          core::formatDateTimeIn(svc.lastSync->startedAt, zone).c_str());
}

void lastSyncCell(const core::Service& svc, const FrameContext& ctx, bool twoLines) {
    const core::TimeMs serverNow = ctx.serverNow;
    if (!svc.lastSync) {
        textMuted("never");
        return;
    }
    statusBadge(core::toString(svc.lastSync->status), colourFor(svc.lastSync->status));
    lastSyncTooltip(svc, ctx.ui.timeZone);
    if (!twoLines) ImGui::SameLine();
    textMuted("%s", core::formatAgo(svc.lastSync->startedAt, serverNow).c_str());
    lastSyncTooltip(svc, ctx.ui.timeZone);
}

// The last 24 hours: one cell an hour, oldest first, coloured by the hour's worst run (failed >
// partial > running > success), a faint cell for an hour without runs; a tooltip names the hour
// and its runs. The hours end at the server's clock (the app tracks it from `Date`).
constexpr float kStripCellW = 6.0f, kStripGap = 1.0f;
constexpr size_t kTooltipRuns = 12;

float stripWidth() {
    return core::kStripHours * (kStripCellW + kStripGap) - kStripGap;
}

void runStripCell(const core::Service& svc, FrameContext& ctx) {
    if (!svc.hasRuns) {
        textMuted("—");
        return;
    }
    const std::vector<core::HourCell> cells = core::runStrip(svc, ctx.serverNow);
    const float h = ImGui::GetTextLineHeight() * 0.8f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float top = at.y + (ImGui::GetTextLineHeight() - h) * 0.5f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 empty = ImGui::GetColorU32(ImGuiCol_Text, 0.12f);
    int hovered = -1;
    const bool inWindow = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    for (size_t i = 0; i < cells.size(); ++i) {
        const float x = at.x + static_cast<float>(i) * (kStripCellW + kStripGap);
        const ImVec2 a(x, top), b(x + kStripCellW, top + h);
        draw->AddRectFilled(a, b, cells[i].worst ? colourFor(*cells[i].worst) : empty, 1.0f);
        if (inWindow &&
            ImGui::IsMouseHoveringRect(ImVec2(x, at.y), ImVec2(b.x + kStripGap, at.y + h + 4.0f)))
            hovered = static_cast<int>(i);
    }
    ImGui::Dummy(ImVec2(stripWidth(), ImGui::GetTextLineHeight()));
    recordItem(ctx.items, "services.strip.", svc.id);
    if (hovered < 0) return;
    const core::HourCell& c = cells[static_cast<size_t>(hovered)];
    const core::TimeZone& zone = ctx.ui.timeZone;
    ImGui::BeginTooltip();
    ImGui::Text("%s – %s %s", formatClock(zone.shift(c.start)).substr(0, 5).c_str(),
                formatClock(zone.shift(c.start + 3600 * 1000LL)).substr(0, 5).c_str(),
                zone.label().c_str());
    if (c.runs.empty()) textMuted("No runs");
    for (size_t k = 0; k < c.runs.size() && k < kTooltipRuns; ++k) {
        const core::ServiceRun& run = svc.runs24h[c.runs[k]];
        ImGui::Text("Sync %" PRId64 " · %s · %s", run.id,
                    formatClock(zone.shift(run.startedAt)).c_str(), core::toString(run.status));
    }
    if (c.runs.size() > kTooltipRuns) textMuted("… and %zu more", c.runs.size() - kTooltipRuns);
    ImGui::EndTooltip();
}

// Failed and partial runs in the last 24 hours ("—": the API sends no runs).
void failuresCell(const core::Service& svc) {
    if (!svc.hasRuns) {
        textMuted("—");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kNoRunData);
    } else if (svc.failed24h > 0) {
        textColoured(colourFor(core::SyncStatus::Failed), "%" PRId64, svc.failed24h);
    } else {
        textMuted("0");
    }
}

void fullRow(const core::Service& svc, FrameContext& ctx, core::Intents& out,
             const std::string& rowId) {
    ImGui::TableNextColumn();
    // The whole row is one button (no AllowOverlap: that needs a hovered frame before the press,
    // so a quick click or a tap would be lost); "View logs" is drawn on it.
    if (ImGui::Selectable(rowId.c_str(), ctx.ui.servicesHighlight.id == svc.id,
                          ImGuiSelectableFlags_SpanAllColumns))
        openService(svc.id, out);
    recordRow(ctx.items, "services.row.", rowId);
    revealRow(ctx.ui.servicesHighlight, svc.id, ctx);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(svc.name.c_str());
    ImGui::TableNextColumn();
    statusBadge(core::toString(svc.status), colourFor(svc.status));
    ImGui::TableNextColumn();
    runStripCell(svc, ctx);
    ImGui::TableNextColumn();
    failuresCell(svc);
    ImGui::TableNextColumn();
    lastSyncCell(svc, ctx, false);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(svc.type.empty() ? "—" : svc.type.c_str());
    ImGui::TableNextColumn();
    const std::string flow = flowText(svc);
    if (flow.empty())
        textMuted("—");
    else
        ImGui::TextUnformatted(flow.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(svc.schedule.empty() ? "—" : svc.schedule.c_str());
    ImGui::TableNextColumn();
    if (svc.alertsEnabled)
        ImGui::TextUnformatted("on");
    else
        textMuted("off");
    ImGui::TableNextColumn();
    // Inert over the row's selectable (which gets the click and opens the same view); drawn as a
    // button so the row's action is visible. It opens the service's summary: its syncs.
    ImGui::SmallButton("View syncs");
    recordItem(ctx.items, "services.viewLogs.", rowId);
}

// Narrow screens: the name over "#id · type · flow · schedule · alerts", the status, and the
// last sync's status over its time.
void compactRow(const core::Service& svc, FrameContext& ctx, core::Intents& out,
                const std::string& rowId) {
    const float line = ImGui::GetTextLineHeight();
    const float gap = ImGui::GetStyle().ItemSpacing.y * 0.5f;
    ImGui::TableNextColumn();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (ImGui::Selectable("##open", ctx.ui.servicesHighlight.id == svc.id,
                          ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, line * 2 + gap)))
        openService(svc.id, out);
    recordRow(ctx.items, "services.row.", rowId);
    revealRow(ctx.ui.servicesHighlight, svc.id, ctx);
    ImGui::SetCursorScreenPos(at);
    ImGui::TextUnformatted(svc.name.c_str());
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + line + gap));
    std::string detail = "#" + rowId;
    if (!svc.type.empty()) detail += " · " + svc.type;
    const std::string flow = flowText(svc);
    if (!flow.empty()) detail += " · " + flow;
    if (!svc.schedule.empty()) detail += " · " + svc.schedule;
    detail += svc.alertsEnabled ? " · alerts on" : " · alerts off";
    if (svc.hasRuns) detail += " · " + std::to_string(svc.failed24h) + " failed in 24 h";
    textMuted("%s", detail.c_str());
    ImGui::TableNextColumn();
    statusBadge(core::toString(svc.status), colourFor(svc.status));
    ImGui::TableNextColumn();
    lastSyncCell(svc, ctx, true);
}

std::vector<Column> columnsFor(Layout layout) {
    const ImGuiTableColumnFlags stretch =
        layout == Layout::Wide ? ImGuiTableColumnFlags_WidthStretch : 0;
    const ImGuiTableColumnFlags recentFirst = ImGuiTableColumnFlags_PreferSortDescending;
    if (layout == Layout::Compact)
        return {{"Service", ServicesSortKey::Name, ImGuiTableColumnFlags_WidthStretch, 1.0f},
                {"Status", ServicesSortKey::Status, 0, 0.0f},
                {"Last sync", ServicesSortKey::LastSync, recentFirst, 0.0f}};
    return {{"ID", ServicesSortKey::Id, 0, 0.0f},
            {"Name", ServicesSortKey::Name, stretch, 1.0f},
            {"Status", ServicesSortKey::Status, 0, 0.0f},
            // What went wrong comes before the description, so that a medium screen shows it
            // without scrolling sideways.
            {"Last 24 h", ServicesSortKey::None, ImGuiTableColumnFlags_NoSort, 0.0f},
            {"Failures", ServicesSortKey::Failures, recentFirst, 0.0f},  // most first
            {"Last sync", ServicesSortKey::LastSync, recentFirst, 0.0f},
            {"Type", ServicesSortKey::Type, 0, 0.0f},
            {"Flow", ServicesSortKey::Flow, stretch, 1.0f},
            {"Schedule", ServicesSortKey::Schedule, 0, 0.0f},
            {"Alerts", ServicesSortKey::Alerts, 0, 0.0f},
            {"", ServicesSortKey::None, ImGuiTableColumnFlags_NoSort, 0.0f}};
}

}  // namespace

void drawServicesView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    groupTabs(s, ctx, out);
    toolbar(s, ctx, out);
    // Up / Down move a highlight over the rows, Enter opens it (ui/list_keys.h).
    const auto serviceAt = [&s](size_t i) { return s.services[s.visibleServices[i]].id; };
    const size_t shown = s.servicesLoaded ? s.visibleServices.size() : 0;
    if (const int64_t open = listKeys(ctx.ui.servicesHighlight, shown, serviceAt))
        openService(open, out);
    ImGui::Spacing();
    if (!s.servicesLoaded || s.visibleServices.empty()) {
        emptyState(s, ctx, out);
        return;
    }
    const float width = ImGui::GetContentRegionAvail().x;
    const Layout layout = width >= kWideWidth      ? Layout::Wide
                          : width >= kCompactWidth ? Layout::Medium
                                                   : Layout::Compact;
    const std::vector<Column> cols = columnsFor(layout);
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_NoBordersInBodyUntilResize;
    // Medium widths keep every column at its content's width and scroll sideways behind the
    // frozen id and name; the other two fit the width.
    if (layout == Layout::Medium) flags |= ImGuiTableFlags_ScrollX;
    flags |= ImGuiTableFlags_SizingFixedFit;  // stretch columns take the rest where declared
    // One table id per layout: each fits its columns afresh instead of inheriting the other's.
    const char* id = layout == Layout::Wide     ? "services.wide"
                     : layout == Layout::Medium ? "services.medium"
                                                : "services.compact";
    // A refresh brought another list: the row that was at the top of the view stays there, even
    // when rows came in above it or the sort moved it (issue 16). The table's own scroll is set
    // before it begins, so no frame shows the rows moved.
    UiState& ui = ctx.ui;
    if (ui.servicesTopOf != s.servicesFetchedAt && ui.servicesTopOf != 0 &&
        ui.servicesTopRow >= 0 && ui.servicesRowHeight > 0.0f) {
        for (size_t j = 0; j < s.visibleServices.size(); ++j) {
            if (s.services[s.visibleServices[j]].id != ui.servicesTopId) continue;
            const int moved = static_cast<int>(j) - ui.servicesTopRow;
            if (moved != 0)
                ImGui::SetNextWindowScroll(
                    ImVec2(-1.0f, std::max(0.0f, ui.servicesScrollY + static_cast<float>(moved) *
                                                                          ui.servicesRowHeight)));
            break;
        }
    }
    if (!ImGui::BeginTable(id, static_cast<int>(cols.size()), flags)) return;
    ImGui::TableSetupScrollFreeze(layout == Layout::Medium ? 2 : 0, 1);
    // A stretch column's third argument is its weight; a fixed one's is its initial width, where
    // 0 fits the content (a weight of 1 there made the medium layout's name and flow 1 px wide).
    for (const Column& c : cols)
        ImGui::TableSetupColumn(c.name, c.flags,
                                (c.flags & ImGuiTableColumnFlags_WidthStretch) ? c.weight : 0.0f);
    headerRow(s, cols, ctx.items, out);

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.visibleServices.size()));
    includeHighlight(ctx.ui.servicesHighlight, clipper, shown, serviceAt);
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const core::Service& svc = s.services[s.visibleServices[static_cast<size_t>(row)]];
            const std::string rowId = std::to_string(svc.id);
            ImGui::PushID(rowId.c_str());
            ImGui::TableNextRow();
            if (layout == Layout::Compact)
                compactRow(svc, ctx, out, rowId);
            else
                fullRow(svc, ctx, out, rowId);
            ImGui::PopID();
        }
    }
    // Where the view stands, for the next refresh (above).
    if (clipper.ItemsHeight > 0.0f) {
        ui.servicesRowHeight = clipper.ItemsHeight;
        ui.servicesScrollY = ImGui::GetScrollY();
        const int top = std::min(static_cast<int>(ui.servicesScrollY / clipper.ItemsHeight),
                                 static_cast<int>(s.visibleServices.size()) - 1);
        ui.servicesTopRow = top;
        ui.servicesTopId = s.services[s.visibleServices[static_cast<size_t>(top)]].id;
        ui.servicesTopOf = s.servicesFetchedAt;
    }
    ImGui::EndTable();
}

}  // namespace ui
