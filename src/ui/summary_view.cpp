// ui/summary_view.cpp — the service summary: a one-line header of what the service is, how fresh
// the data is, a chart of records pulled vs pushed per hour, and the table of the syncs started in
// the last 24 hours (search by id, filter by status, sort by any column; running rows update
// live). A row, or its "More details", opens the sync's log.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "core/display_text.h"
#include "core/time.h"
#include "core/time_zone.h"
#include "imgui.h"
#include "ui/imgui_seam.h"
#include "ui/list_keys.h"
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {
namespace {

constexpr core::TimeMs kHourMs = 3600000;
constexpr float kChartHeight = 150.0f;

// Column user ids: what a sort spec names.
enum Column {
    ColId,
    ColStatus,
    ColTrigger,
    ColStarted,
    ColFinished,
    ColDuration,
    ColPulled,
    ColPushed,
    ColIssues,
    ColReason,
    ColActions,
    ColCount
};

// The status filter's choices (after "Every status"); the last, Unknown, only while a sync of a
// status SyncScope does not know is listed (or it is the filter).
const core::SyncStatus kStatuses[] = {core::SyncStatus::Queued,  core::SyncStatus::Running,
                                      core::SyncStatus::Success, core::SyncStatus::Partial,
                                      core::SyncStatus::Failed,  core::SyncStatus::Stopped,
                                      core::SyncStatus::Unknown};
constexpr int kKnownStatuses = 6;

void openSync(const core::Route& from, int64_t syncId, core::Intents& out) {
    core::Route r;
    r.view = core::View::Log;
    r.serviceId = from.serviceId;
    r.syncId = syncId;
    out.add(core::intent::Navigate{r});
}

// --- header ---------------------------------------------------------------------------------

// One line: name, status, and the service's facts in muted text. False when the service is not
// among those the token can see (a message and a way back are drawn instead).
bool serviceHeader(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const core::Service* svc = s.findService(s.route.serviceId);
    if (!svc && s.servicesLoaded) {
        textMuted("Service %lld is not among the services this token can see.",
                  static_cast<long long>(s.route.serviceId));
        if (ImGui::Button("Back to services"))
            out.add(core::intent::Navigate{core::parseRoute("/services")});
        recordItem(ctx.items, "summary.back");
        return false;
    }
    ImGui::AlignTextToFramePadding();
    if (!svc) {
        ImGui::Text("Service %lld", static_cast<long long>(s.route.serviceId));
        return true;
    }
    ImGui::TextUnformatted(svc->name.c_str());
    ImGui::SameLine();
    statusBadge(core::toString(svc->status), colourFor(svc->status));
    std::string facts = "#" + std::to_string(svc->id);
    if (!svc->type.empty()) facts += " · " + svc->type;
    if (!svc->source.system.empty() || !svc->destination.system.empty())
        facts += " · " + svc->source.system + " · " + svc->source.entity + "  →  " +
                 svc->destination.system + " · " + svc->destination.entity;
    if (!svc->schedule.empty()) facts += " · " + svc->schedule;
    facts += svc->alertsEnabled ? " · alerts on" : " · alerts off";
    if (!svc->companyGroup.empty()) facts += " · " + svc->companyGroup;
    // Beside the name when it fits; else on a line of its own, wrapped on a narrow screen.
    sameLineOrWrap(ImGui::CalcTextSize(facts.c_str()).x);
    ImGui::PushTextWrapPos(0.0f);
    textMuted("%s", facts.c_str());
    ImGui::PopTextWrapPos();
    return true;
}

void freshnessBar(const core::SummaryState& sum, bool mine, FrameContext& ctx, core::Intents& out) {
    ImGui::AlignTextToFramePadding();
    // On a narrow screen the freshness and Refresh go on a line of their own.
    const bool oneLine = ImGui::GetContentRegionAvail().x > ImGui::GetFontSize() * 38.0f;
    textMuted(oneLine ? "Syncs started in the last 24 hours ·"
                      : "Syncs started in the last 24 hours");
    if (oneLine)
        ImGui::SameLine(0, 4);
    else
        ImGui::AlignTextToFramePadding();
    if (mine)
        ctx.redrawBy(freshnessNote(sum.syncsFreshness, sum.live, ctx.localNow, ctx.serverOffset(),
                                   ctx.ui.timeZone));
    else
        textMuted("Loading…");
    sameLineOrWrap(ImGui::CalcTextSize("Refresh").x + ImGui::GetStyle().FramePadding.x * 2);
    ImGui::BeginDisabled(mine && sum.syncsFreshness.inFlight);
    if (ImGui::SmallButton("Refresh")) out.add(core::intent::RefreshNow{});
    recordItem(ctx.items, "summary.refresh");
    ImGui::EndDisabled();
}

// --- chart ----------------------------------------------------------------------------------

struct HourSlot {
    int64_t pulled = 0, pushed = 0, failed = 0;
    bool any = false;
};

// A round ceiling for the y axis (1, 2, 5 × 10^n).
int64_t niceCeil(int64_t v) {
    int64_t step = 1;
    while (step * 10 <= v) step *= 10;
    for (int64_t m : {1, 2, 5, 10})
        if (step * m >= v) return step * m;
    return step * 10;
}

// The chart's frame with a message in the middle, for every state that has no bars.
void chartMessage(const char* text, ImU32 colour) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, kChartHeight * 0.45f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(ImGuiCol_Border), 6.0f);
    const ImVec2 ts = ImGui::CalcTextSize(text);
    dl->AddText(ImVec2(p.x + (size.x - ts.x) * 0.5f, p.y + (size.y - ts.y) * 0.5f), colour, text);
    ImGui::Dummy(size);
}

std::vector<HourSlot> hourSlots(const core::SummaryState& sum, core::TimeMs serverNow,
                                core::TimeMs& firstHour) {
    core::TimeMs from = sum.windowStart > 0 ? sum.windowStart : serverNow - 24 * kHourMs;
    core::TimeMs to = serverNow;
    for (const core::TransactionBucket& b : sum.buckets) {
        from = std::min(from, b.bucketStart);
        to = std::max(to, b.bucketStart + kHourMs - 1);
    }
    firstHour = from / kHourMs * kHourMs;
    const int64_t count = std::clamp<int64_t>((to - firstHour) / kHourMs + 1, 1, 72);
    std::vector<HourSlot> slots(static_cast<size_t>(count));
    for (const core::TransactionBucket& b : sum.buckets) {
        const int64_t i = (b.bucketStart - firstHour) / kHourMs;
        if (i < 0 || i >= count) continue;
        HourSlot& h = slots[static_cast<size_t>(i)];
        h.pulled += b.pulled, h.pushed += b.pushed, h.failed += b.failed, h.any = true;
    }
    return slots;
}

void chartLegend(ImDrawList* dl, ImVec2 at, const core::TimeZone& zone) {
    const float sq = ImGui::GetFontSize() * 0.6f;
    const float dy = (ImGui::GetFontSize() - sq) * 0.5f;
    const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    struct Item {
        const char* label;
        ImU32 colour;
        bool outline;
    } items[] = {{"pulled", kColourPulled, false},
                 {"pushed", kColourPushed, false},
                 {"not pushed", kColourWarning, true},
                 {nullptr, 0, false}};
    const std::string perHour = "records per hour, " + zone.label();
    items[3].label = perHour.c_str();
    for (const Item& it : items) {
        if (it.colour) {
            const ImVec2 a(at.x, at.y + dy), b(at.x + sq, at.y + dy + sq);
            if (it.outline)
                dl->AddRect(a, b, it.colour, 1.0f);
            else
                dl->AddRectFilled(a, b, it.colour, 1.0f);
            at.x += sq + 5.0f;
        }
        dl->AddText(at, muted, it.label);
        at.x += ImGui::CalcTextSize(it.label).x + 14.0f;
    }
}

void chartTooltip(const HourSlot& h, core::TimeMs start, const core::TimeZone& zone) {
    ImGui::BeginTooltip();
    ImGui::Text("%s – %s %s", formatClock(zone.shift(start)).substr(0, 5).c_str(),
                formatClock(zone.shift(start + kHourMs)).substr(0, 5).c_str(),
                zone.label().c_str());
    textColoured(kColourPulled, "Pulled  %s", formatCount(h.pulled).c_str());
    textColoured(kColourPushed, "Pushed  %s", formatCount(h.pushed).c_str());
    if (h.pushed < h.pulled)
        textColoured(kColourWarning, "Not pushed  %s", formatCount(h.pulled - h.pushed).c_str());
    if (h.failed > 0) textColoured(kColourError, "Failed  %s", formatCount(h.failed).c_str());
    if (!h.any) textMuted("no transactions");
    ImGui::EndTooltip();
}

// Two bars per hour (pulled, pushed; the part not pushed outlined in the warning colour), three
// grid lines with their values, an hour label every few hours, the numbers on hover.
void chartBars(const core::SummaryState& sum, FrameContext& ctx) {
    core::TimeMs firstHour = 0;
    const std::vector<HourSlot> slots = hourSlots(sum, ctx.serverNow, firstHour);
    int64_t top = 1;
    for (const HourSlot& h : slots) top = std::max({top, h.pulled, h.pushed});
    top = niceCeil(top);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fh = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const core::TimeZone& zone = ctx.ui.timeZone;
    chartLegend(dl, p, zone);
    const float axisW = ImGui::CalcTextSize(formatCount(top).c_str()).x + 8.0f;
    const ImVec2 plotMin(p.x + axisW, p.y + fh + 8.0f);
    const ImVec2 plotMax(p.x + width, p.y + kChartHeight - fh - 4.0f);
    const float plotH = plotMax.y - plotMin.y;
    const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Border);
    const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (int i = 0; i <= 2; ++i) {
        const float y = plotMax.y - plotH * static_cast<float>(i) * 0.5f;
        dl->AddLine(ImVec2(plotMin.x, y), ImVec2(plotMax.x, y), grid);
        const std::string label = formatCount(top * i / 2);
        const float lw = ImGui::CalcTextSize(label.c_str()).x;
        dl->AddText(ImVec2(plotMin.x - lw - 6.0f, y - fh * 0.5f), muted, label.c_str());
    }

    const float slotW = (plotMax.x - plotMin.x) / static_cast<float>(slots.size());
    const float labelW = ImGui::CalcTextSize("00:00").x + 10.0f;
    int every = 1;
    for (int k : {1, 2, 3, 4, 6, 12, 24})
        if ((every = k) * slotW >= labelW) break;
    ImGui::SetCursorScreenPos(plotMin);
    ImGui::InvisibleButton("chart", ImVec2(plotMax.x - plotMin.x, plotH));
    recordItem(ctx.items, "summary.chart");
    const bool hovered = ImGui::IsItemHovered();
    const float mx = ImGui::GetIO().MousePos.x;
    // Bar heights; any non-zero count stays visible next to a much bigger hour.
    const auto h = [&](int64_t v) {
        const float px = plotH * static_cast<float>(v) / static_cast<float>(top);
        return v > 0 ? std::max(px, 2.0f) : 0.0f;
    };
    const float barW = std::max(1.0f, slotW * 0.34f);
    for (size_t i = 0; i < slots.size(); ++i) {
        const HourSlot& s = slots[i];
        const float x = plotMin.x + slotW * static_cast<float>(i);
        const core::TimeMs start = firstHour + static_cast<core::TimeMs>(i) * kHourMs;
        if (hovered && mx >= x && mx < x + slotW) {
            dl->AddRectFilled(ImVec2(x, plotMin.y), ImVec2(x + slotW, plotMax.y),
                              ImGui::GetColorU32(ImGuiCol_Text, 0.07f));  // either theme
            chartTooltip(s, start, zone);
        }
        const float x0 = x + slotW * 0.14f;
        dl->AddRectFilled(ImVec2(x0, plotMax.y - h(s.pulled)), ImVec2(x0 + barW, plotMax.y),
                          kColourPulled);
        const float x1 = x0 + barW + std::max(1.0f, slotW * 0.04f);
        dl->AddRectFilled(ImVec2(x1, plotMax.y - h(s.pushed)), ImVec2(x1 + barW, plotMax.y),
                          kColourPushed);
        if (s.pushed < s.pulled)
            dl->AddRect(ImVec2(x1, plotMax.y - h(s.pulled)),
                        ImVec2(x1 + barW, plotMax.y - h(s.pushed)), kColourWarning);
        const int hour = static_cast<int>((zone.shift(start) / kHourMs) % 24);
        if (hour % every == 0)
            dl->AddText(ImVec2(x, plotMax.y + 3.0f), muted,
                        formatClock(zone.shift(start)).substr(0, 5).c_str());
    }
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + kChartHeight));
    ImGui::Dummy(ImVec2(0, 0));
}

void chart(const core::SummaryState& sum, bool mine, FrameContext& ctx) {
    if (!mine) {
        chartMessage("Loading pulled / pushed counts…", ImGui::GetColorU32(ImGuiCol_TextDisabled));
        return;
    }
    if (!sum.bucketsAvailable) {
        chartMessage("This API has no pulled / pushed counts",
                     ImGui::GetColorU32(ImGuiCol_TextDisabled));
        return;
    }
    if (!sum.bucketsLoaded) {
        const std::string& err = sum.bucketsFreshness.error;
        const std::string text = err.empty() ? "Loading pulled / pushed counts…"
                                             : "Could not load pulled / pushed counts: " + err;
        chartMessage(text.c_str(),
                     err.empty() ? ImGui::GetColorU32(ImGuiCol_TextDisabled) : kColourWarning);
        return;
    }
    chartBars(sum, ctx);
}

std::optional<core::SyncStatus> statusChoice(int i) {
    if (i <= 0) return std::nullopt;
    return kStatuses[i - 1];
}

void toolbar(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    SummaryUi& ui = ctx.ui.summary;
    if (ui.service != s.summary.serviceId) {  // another service: its filters start empty
        ui.search.clear();
        ui.status = 0;
        ui.service = s.summary.serviceId;
    }
    findShortcuts(ui.focusSearch);
    const float avail = ImGui::GetContentRegionAvail().x;
    ImGui::SetNextItemWidth(std::min(260.0f, avail * 0.4f));
    // A shorter hint where the field is narrow, so that it is not cut.
    const char* hint = avail < ImGui::GetFontSize() * 45.0f ? "Sync id or reason"
                                                            : "Search sync id or reason  (Ctrl+F)";
    // Enter in the search opens the one sync it leaves (the keyboard's way in: issue 16).
    const bool enter = searchEnterPressed("##summarySearch");
    if (searchField("##summarySearch", hint, ui.search, ui.focusSearch)) {
        out.add(core::intent::SummarySearch{ui.search});
    }
    recordItem(ctx.items, "summary.search");
    if (enter && s.summary.serviceId == s.route.serviceId && s.summary.visible.size() == 1)
        openSync(s.route, s.summary.syncs[s.summary.visible[0]].id, out);
    sameLineOrWrap(150.0f);
    ImGui::SetNextItemWidth(150.0f);
    const auto label = [](int i) {
        return i == 0 ? "Every status" : core::toString(kStatuses[i - 1]);
    };
    const bool open = ImGui::BeginCombo("##summaryStatus", label(ui.status));
    recordItem(ctx.items, "summary.status");
    if (open) {
        // Esc closes the list (ImGui leaves that to keyboard navigation, which is off); the
        // view's own Esc sees the popup open this frame and stays.
        if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
        const bool anyUnknown =
            ui.status == kKnownStatuses + 1 ||
            std::any_of(s.summary.syncs.begin(), s.summary.syncs.end(),
                        [](const core::Sync& y) { return y.status == core::SyncStatus::Unknown; });
        for (int i = 0; i <= kKnownStatuses + (anyUnknown ? 1 : 0); ++i) {
            if (ImGui::Selectable(label(i), ui.status == i)) {
                ui.status = i;
                out.add(core::intent::SummaryStatus{statusChoice(i)});
            }
            recordItem(ctx.items, "summary.status.", i ? label(i) : "all");
        }
        ImGui::EndCombo();
    }
    if (s.summary.loaded) {
        char count[64];
        std::snprintf(count, sizeof count, "%zu of %zu syncs", s.summary.visible.size(),
                      s.summary.syncs.size());
        sameLineOrWrap(ImGui::CalcTextSize(count).x);
        ImGui::AlignTextToFramePadding();
        textMuted("%s", count);
    }
    // UTC or local time, for every time shown (the log view has the same switch).
    core::TimeZone& zone = ctx.ui.timeZone;
    const std::string chip =
        (zone.local ? "Times: local, " + zone.label() : std::string("Times: UTC")) +
        "###summary.timezone";
    sameLineOrWrap(ImGui::CalcTextSize(chip.c_str(), std::strstr(chip.c_str(), "###")).x + 20.0f,
                   18.0f);
    if (toggleChip(chip.c_str(), zone.local, kColourLink)) zone.local = !zone.local;
    recordItem(ctx.items, "summary.timezone");
}

// --- table ----------------------------------------------------------------------------------

constexpr ImVec2 kNarrowCellPadding(4.0f, 5.0f);

// Which columns the table shows and how wide (their content, without the cell padding).
struct TableLayout {
    std::string names[ColCount];
    bool shown[ColCount] = {};
    float width[ColCount] = {};
    bool narrow = false;     // a narrow screen: tighter cells and a short heading for issues
    bool overflows = false;  // even the columns always shown do not fit
};

float textWidth(const std::string& t) {
    return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x;
}

std::string startedAgo(const core::Sync& y, core::TimeMs now) {
    return core::formatAgo(y.startedAt, now);
}

// The widest text each column holds, over every sync of the 24 hours (not only the rows in view:
// a column neither clips a value scrolled into view nor changes width while scrolling). The cells
// below draw the same texts.
void measureCells(const core::SummaryState& sum, FrameContext& ctx, float w[ColCount]) {
    const core::TimeZone& zone = ctx.ui.timeZone;
    const float dash = textWidth("—");
    for (const core::Sync& y : sum.syncs) {
        const auto fit = [&](int c, float v) { w[c] = std::max(w[c], v); };
        fit(ColId, textWidth("#" + std::to_string(y.id)));
        fit(ColStatus, textWidth(core::statusText(y)) + 12.0f);  // statusBadge's padding
        fit(ColTrigger, textWidth(triggerText(y)));
        fit(ColStarted, y.startedAt ? textWidth(formatClock(zone.shift(y.startedAt))) + 6.0f +
                                          textWidth(startedAgo(y, ctx.serverNow))
                                    : dash);
        if (!core::syncFinished(y))
            fit(ColFinished,
                textWidth(y.status == core::SyncStatus::Queued ? "queued" : "running…"));
        else
            fit(ColFinished,
                y.finishedAt ? textWidth(formatClock(zone.shift(y.finishedAt))) : dash);
        const std::string d = formatDuration(core::syncDurationMs(y, ctx.serverNow));
        fit(ColDuration, textWidth(y.durationNote.empty() ? d : d + " ?"));
        fit(ColPulled, textWidth(formatCount(y.pulledCount)));
        if (y.pushedCount < 0 || y.pulledCount < 0 || y.pushedCount >= y.pulledCount)
            fit(ColPushed, textWidth(formatCount(y.pushedCount)));
        else
            fit(ColPushed, textWidth(formatCount(y.pushedCount)) + 6.0f +
                               textWidth("-" + formatCount(y.pulledCount - y.pushedCount)));
        if (y.warningCount < 0 && y.errorCount < 0)
            fit(ColIssues, y.hasWarnings ? textWidth("warnings") : dash);
        else
            fit(ColIssues, textWidth(formatCount(y.warningCount)) + textWidth("/") + 8.0f +
                               textWidth(formatCount(y.errorCount)));
        fit(ColReason, y.summary.empty() ? dash : textWidth(oneLineText(y.summary)));
    }
}

TableLayout layoutColumns(const core::SummaryState& sum, uint64_t revision, FrameContext& ctx,
                          float avail, bool narrow) {
    TableLayout L;
    L.narrow = narrow;
    L.names[ColId] = "Sync";
    L.names[ColStatus] = "Status";
    L.names[ColTrigger] = "Trigger";
    // The zone in the header; the id after ### keeps the column (and its sort) when it changes.
    L.names[ColStarted] = "Started (" + ctx.ui.timeZone.label() + ")###started";
    L.names[ColFinished] = "Finished";
    L.names[ColDuration] = "Duration";
    L.names[ColPulled] = "Pulled";
    L.names[ColPushed] = "Pushed";
    L.names[ColIssues] = narrow ? "Warn / err###issues" : "Warnings / errors###issues";
    L.names[ColReason] = "Reason";
    L.names[ColActions] = "##actions";
    // Headings: their text, and room for the sort arrow on the sortable ones.
    const float arrow = ImGui::GetFontSize();
    for (int c = 0; c < ColCount; ++c) {
        const char* n = L.names[c].c_str();
        L.width[c] = ImGui::CalcTextSize(n, seam::renderedTextEnd(n)).x +
                     (c == ColReason || c == ColActions ? 0.0f : arrow);
    }
    // The cells' widths change with the data, the clock (ages, running durations: by the
    // second), the zone and the font: measured again only then, not in every frame of a scroll.
    static struct {
        uint64_t revision = 0;
        core::TimeMs second = -1;
        bool local = false;
        int offset = 0;
        float font = 0;
        float width[ColCount] = {};
    } cache;
    const core::TimeZone& zone = ctx.ui.timeZone;
    if (cache.revision != revision || cache.second != ctx.serverNow / 1000 ||
        cache.local != zone.local || cache.offset != zone.offsetMinutes ||
        cache.font != ImGui::GetFontSize()) {
        cache.revision = revision;
        cache.second = ctx.serverNow / 1000;
        cache.local = zone.local;
        cache.offset = zone.offsetMinutes;
        cache.font = ImGui::GetFontSize();
        std::fill(std::begin(cache.width), std::end(cache.width), 0.0f);
        measureCells(sum, ctx, cache.width);
    }
    for (int c = 0; c < ColCount; ++c) L.width[c] = std::max(L.width[c], cache.width[c]);
    L.width[ColActions] = textWidth("More details") + ImGui::GetStyle().FramePadding.x * 2;

    const float pad = (narrow ? kNarrowCellPadding.x : ImGui::GetStyle().CellPadding.x) * 2;
    const float room = avail - ImGui::GetStyle().ScrollbarSize - 2.0f;
    float used = 0;
    for (int c : {ColId, ColStatus, ColPulled, ColPushed, ColIssues}) {
        L.shown[c] = true;
        used += L.width[c] + pad;
    }
    L.overflows = used > room;
    // Then, most useful first, what fits; the reason takes what is left, up to its widest text.
    const float reasonMin = std::min(L.width[ColReason], ImGui::GetFontSize() * 12.0f);
    for (int c : {ColStarted, ColReason, ColDuration, ColFinished, ColTrigger, ColActions}) {
        const float w = c == ColReason ? reasonMin : L.width[c];
        if (used + w + pad > room) continue;
        L.shown[c] = true;
        if (c != ColReason) used += w + pad;
    }
    if (L.shown[ColReason])
        L.width[ColReason] = std::max(reasonMin, std::min(L.width[ColReason], room - used - pad));
    return L;
}

// The extent of a cell's text, from `x0` to the end of the last item drawn, unclipped (for the
// test-facing itemRect "summary.cell.<column>.<sync id>": a clipped value shows as wider than its
// column).
void recordCell(FrameContext& ctx, const char* column, int64_t id, float x0) {
    if (!ctx.items.recording()) return;
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ctx.items.set(joinId("summary.cell.", column, ".", id), Rect{x0, a.y, b.x - x0, b.y - a.y});
}

void startedCell(const core::Sync& sync, core::TimeMs now, const core::TimeZone& zone) {
    if (!sync.startedAt) {
        textMuted("—");
        return;
    }
    ImGui::TextUnformatted(formatClock(zone.shift(sync.startedAt)).c_str());
    ImGui::SameLine(0, 6);
    textMuted("%s", core::formatAgo(sync.startedAt, now).c_str());
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Started %s", core::formatDateTimeIn(sync.startedAt, zone).c_str());
}

void finishedCell(const core::Sync& sync, const core::TimeZone& zone) {
    if (!core::syncFinished(sync)) {
        textMuted(sync.status == core::SyncStatus::Queued ? "queued" : "running…");
    } else if (sync.finishedAt) {
        ImGui::TextUnformatted(formatClock(zone.shift(sync.finishedAt)).c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Finished %s", core::formatDateTimeIn(sync.finishedAt, zone).c_str());
    } else {
        textMuted("—");
    }
}

// A running sync gone quiet (issue 18): "quiet" in place of "running…", and why on hover.
void quietCell(const core::SummaryState& sum, const core::Sync& sync, FrameContext& ctx) {
    textColoured(kColourWarning, "quiet");
    recordItem(ctx.items, "summary.quiet.", sync.id);
    const auto t = sum.tails.find(sync.id);
    if (!ImGui::IsItemHovered() || t == sum.tails.end() || t->second.samples.empty()) return;
    const core::QuietMark mark{ctx.serverNow - t->second.samples.back().second,
                               core::typicalGapFromSamples(t->second.samples, sync.startedAt)};
    ImGui::SetTooltip("Running: %s", core::quietText(mark).c_str());
}

// The run's reason (`summary`), whole, wrapped, in a tooltip; also said in state().tooltip.
void reasonTooltip(const core::Sync& sync, FrameContext& ctx) {
    if (!ImGui::IsItemHovered()) return;
    std::string scratch;
    const std::string_view text = core::displayText(sync.summary, scratch);
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    recordItem(ctx.items, "summary.reason.tooltip");
    ImGui::EndTooltip();
    ctx.ui.tooltip.assign(text.data(), text.size());
}

// The reason on one line, cut to the column with "…"; whole on hover. "—" when the API sent none.
void reasonCell(const core::Sync& sync, float width, FrameContext& ctx) {
    if (sync.summary.empty()) {
        textMuted("—");
        return;
    }
    const std::string shown = fitText(oneLineText(sync.summary), width);
    if (sync.status == core::SyncStatus::Failed)
        textColoured(colourFor(sync.status), "%s", shown.c_str());
    else
        ImGui::TextUnformatted(shown.c_str());
    recordItem(ctx.items, "summary.reason.", sync.id);
    reasonTooltip(sync, ctx);
}

// A partial or failed run whose log was read (since the page opened): the gap between pulled and
// pushed explained as the log's header said it (core::GapNotes), on hover anywhere on the row —
// after a cell's own tooltip (the reason, a time, "-N"), if it drew one. Only while the row's
// counts are those the explanation was made for, and not for what a running sync had done so far.
void gapTooltip(const core::AppState& s, const core::Sync& sync, FrameContext& ctx) {
    if (sync.status != core::SyncStatus::Partial && sync.status != core::SyncStatus::Failed) return;
    const core::GapExplanation* gap = s.gapNotes.find(sync.id);
    if (!gap || gap->soFar || gap->pulled != sync.pulledCount || gap->pushed != sync.pushedCount)
        return;
    ImGui::BeginTooltip();
    if (!ctx.ui.tooltip.empty()) ImGui::Separator();  // under the reason
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    textColoured(kColourWarning, "%s", gap->text.c_str());
    ImGui::PopTextWrapPos();
    recordItem(ctx.items, "summary.gap.tooltip");
    ImGui::EndTooltip();
    ctx.ui.tooltip = ctx.ui.tooltip.empty() ? gap->text : ctx.ui.tooltip + "\n" + gap->text;
}

void syncRow(const core::AppState& s, const core::Sync& sync, const TableLayout& layout,
             FrameContext& ctx, core::Intents& out) {
    const std::string id = std::to_string(sync.id);
    ImGui::PushID(id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    // The whole row is one button, as in the services list; "More details" is drawn on it.
    if (ImGui::Selectable(("#" + id).c_str(), ctx.ui.summaryHighlight.id == sync.id,
                          ImGuiSelectableFlags_SpanAllColumns))
        openSync(s.route, sync.id, out);
    const bool rowHovered = ImGui::IsItemHovered();
    recordRow(ctx.items, "summary.row.", id);
    revealRow(ctx.ui.summaryHighlight, sync.id, ctx);
    ImGui::TableNextColumn();
    statusBadge(core::statusText(sync).c_str(), colourFor(sync.status));
    // Too narrow for the reason's column: the reason on hover over the status instead.
    if (!layout.shown[ColReason] && !sync.summary.empty()) reasonTooltip(sync, ctx);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(triggerText(sync));
    ImGui::TableNextColumn();
    float x0 = ImGui::GetCursorScreenPos().x;
    startedCell(sync, ctx.serverNow, ctx.ui.timeZone);
    if (layout.shown[ColStarted]) recordCell(ctx, "started", sync.id, x0);
    ImGui::TableNextColumn();
    if (s.summary.isQuiet(sync.id))
        quietCell(s.summary, sync, ctx);
    else
        finishedCell(sync, ctx.ui.timeZone);
    ImGui::TableNextColumn();
    x0 = ImGui::GetCursorScreenPos().x;
    // The same value the sort by duration uses (core::syncDurationMs).
    const int64_t duration = core::syncDurationMs(sync, ctx.serverNow);
    if (sync.durationNote.empty()) {
        ImGui::TextUnformatted(formatDuration(duration).c_str());
    } else {  // the unit of Core's `duration` was guessed: marked, and why on hover
        ImGui::Text("%s ?", formatDuration(duration).c_str());
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
            ImGui::TextUnformatted(sync.durationNote.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    if (layout.shown[ColDuration]) recordCell(ctx, "duration", sync.id, x0);
    if (!core::syncFinished(sync) && duration >= 0 && ctx.localNow)
        ctx.redrawWithin(ctx.localNow + 1000 - duration % 1000, 999);  // the running time ticks
    ImGui::TableNextColumn();
    x0 = ImGui::GetCursorScreenPos().x;
    ImGui::TextUnformatted(formatCount(sync.pulledCount).c_str());
    recordCell(ctx, "pulled", sync.id, x0);
    ImGui::TableNextColumn();
    x0 = ImGui::GetCursorScreenPos().x;
    pushedText(sync.pulledCount, sync.pushedCount);
    recordCell(ctx, "pushed", sync.id, x0);
    ImGui::TableNextColumn();
    x0 = ImGui::GetCursorScreenPos().x;
    issuesText(sync);
    recordCell(ctx, "issues", sync.id, x0);
    ImGui::TableNextColumn();
    if (layout.shown[ColReason]) reasonCell(sync, layout.width[ColReason], ctx);
    ImGui::TableNextColumn();
    if (layout.shown[ColActions]) {
        if (ImGui::SmallButton("More details")) openSync(s.route, sync.id, out);
        recordItem(ctx.items, "summary.details.", id);
    }
    if (rowHovered) gapTooltip(s, sync, ctx);
    ImGui::PopID();
}

const char* columnKey(int c) {
    static const char* const keys[ColCount] = {"id",       "status",   "trigger", "started",
                                               "finished", "duration", "pulled",  "pushed",
                                               "issues",   "reason",   "actions"};
    return c >= 0 && c < ColCount ? keys[c] : "";
}

// The header cells are plain selectables rather than ImGui's TableHeader, as in the services
// list: TableHeader takes a press only after the pointer rested on it for a frame, so a quick
// click or a tap would be lost. A click sorts by the column (numbers and times largest first),
// a second click reverses, a third returns to the API's order (newest first).
void headerRow(const core::AppState& st, FrameContext& ctx, core::Intents& out) {
    using core::SyncSortKey;
    static const SyncSortKey kKeys[ColCount] = {
        SyncSortKey::Id,       SyncSortKey::Status,   SyncSortKey::Trigger, SyncSortKey::Started,
        SyncSortKey::Finished, SyncSortKey::Duration, SyncSortKey::Pulled,  SyncSortKey::Pushed,
        SyncSortKey::Issues,   SyncSortKey::Default,  SyncSortKey::Default};
    const core::SyncSort& sort = st.summary.sort;
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    const float size = ImGui::GetFontSize();
    for (int c = 0; c < ColCount; ++c) {
        if (c == ColActions || !ImGui::TableSetColumnIndex(c)) continue;
        const char* name = ImGui::TableGetColumnName(c);
        if (c == ColReason) {  // not sorted: a plain heading
            // Recorded across the column, as the sortable headers' selectables span theirs.
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float w = ImGui::GetContentRegionAvail().x + ImGui::GetStyle().CellPadding.x;
            ImGui::TextUnformatted(name, seam::renderedTextEnd(name));
            if (ctx.items.recording())
                ctx.items.set("summary.column.reason",
                              Rect{at.x, at.y, w, ImGui::GetItemRectMax().y - at.y});
            continue;
        }
        ImGui::PushID(c);
        if (ImGui::Selectable(name)) {
            const bool textual = c == ColStatus || c == ColTrigger;
            core::SyncSort next;  // a third click: back to the API's order
            if (sort.key != kKeys[c]) {
                next = {kKeys[c], !textual};
            } else if (sort.descending == !textual) {
                next = {kKeys[c], textual};
            }
            out.add(core::intent::SummarySort{next});
        }
        recordItem(ctx.items, "summary.column.", columnKey(c));
        if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        const bool byDefault = sort.key == SyncSortKey::Default;
        if (sort.key == kKeys[c] || (byDefault && c == ColStarted)) {
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            seam::renderArrow(ImGui::GetWindowDrawList(),
                              ImVec2(b.x - size * 0.85f, a.y + (b.y - a.y - size * 0.7f) * 0.5f),
                              ImGui::GetColorU32(ImGuiCol_Text),
                              byDefault || sort.descending ? ImGuiDir_Down : ImGuiDir_Up, 0.7f);
        }
        ImGui::PopID();
    }
}

void syncsTable(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const float avail = ImGui::GetContentRegionAvail().x;
    TableLayout L = layoutColumns(s.summary, s.revision, ctx, avail, false);
    if (L.overflows) L = layoutColumns(s.summary, s.revision, ctx, avail, true);
    if (L.narrow) ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, kNarrowCellPadding);
    // Every column as wide as the widest text it holds (layoutColumns); on a narrow screen the
    // less useful ones are left out rather than scrolled to sideways.
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("summary.syncs", ColCount, flags)) {
        ImGui::TableSetupScrollFreeze(1, 1);
        for (int c = 0; c < ColCount; ++c) {
            ImGuiTableColumnFlags f = ImGuiTableColumnFlags_WidthFixed;
            if (c != ColStatus && c != ColTrigger && c != ColReason && c != ColActions)
                f |= ImGuiTableColumnFlags_PreferSortDescending;
            if (c == ColStarted) f |= ImGuiTableColumnFlags_DefaultSort;
            if (c == ColReason || c == ColActions) f |= ImGuiTableColumnFlags_NoSort;
            if (!L.shown[c]) f |= ImGuiTableColumnFlags_Disabled;
            ImGui::TableSetupColumn(L.names[c].c_str(), f, std::max(1.0f, L.width[c]),
                                    static_cast<ImGuiID>(c));
        }
        headerRow(s, ctx, out);
        const std::vector<size_t>& rows = s.summary.visible;  // the App's search, filter, sort
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        includeHighlight(ctx.ui.summaryHighlight, clipper, rows.size(),
                         [&](size_t i) { return s.summary.syncs[rows[i]].id; });
        while (clipper.Step())
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row)
                syncRow(s, s.summary.syncs[rows[static_cast<size_t>(row)]], L, ctx, out);
        ImGui::EndTable();
    }
    if (L.narrow) ImGui::PopStyleVar();
}

// What the table area says when there are no rows to show.
bool emptyState(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const core::SummaryState& sum = s.summary;
    const bool mine = sum.serviceId == s.route.serviceId;
    if (!mine || !sum.loaded) {
        const std::string& err = sum.syncsFreshness.error;
        if (mine && !err.empty()) {
            textColoured(kColourWarning, "Could not load this service's syncs: %s", err.c_str());
            if (ImGui::Button("Try again")) out.add(core::intent::RefreshNow{});
            recordItem(ctx.items, "summary.retry");
        } else {
            textMuted("Loading the syncs of the last 24 hours…");
        }
        return true;
    }
    if (sum.syncs.empty()) {
        textMuted("No sync of this service started in the last 24 hours.");
        return true;
    }
    if (sum.visible.empty()) {
        textMuted("No sync matches the search and status filter.");
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear filters")) {
            ctx.ui.summary.search.clear();
            ctx.ui.summary.status = 0;
            out.add(core::intent::SummarySearch{std::string()});
            out.add(core::intent::SummaryStatus{std::optional<core::SyncStatus>()});
        }
        recordItem(ctx.items, "summary.clearFilters");
        return true;
    }
    return false;
}

}  // namespace

void drawSummaryView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    // Esc goes back to the services list, as it goes back here from a log; not while typing (it
    // leaves the field) nor while a popup is open (it closes that).
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false) && !ImGui::GetIO().WantTextInput &&
        !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
        out.add(core::intent::Navigate{core::parseRoute("/services")});
    if (!serviceHeader(s, ctx, out)) return;
    const core::SummaryState& sum = s.summary;
    const bool mine = sum.serviceId == s.route.serviceId;  // else: another service's, or none yet
    freshnessBar(sum, mine, ctx, out);
    ImGui::Spacing();
    chart(sum, mine, ctx);
    ImGui::Spacing();
    toolbar(s, ctx, out);
    // Up / Down move a highlight over the rows, Enter opens it (ui/list_keys.h).
    const size_t shown = mine && sum.loaded ? sum.visible.size() : 0;
    if (const int64_t open = listKeys(ctx.ui.summaryHighlight, shown,
                                      [&](size_t i) { return sum.syncs[sum.visible[i]].id; }))
        openSync(s.route, open, out);
    ImGui::Spacing();
    if (emptyState(s, ctx, out)) return;
    syncsTable(s, ctx, out);
}

}  // namespace ui
