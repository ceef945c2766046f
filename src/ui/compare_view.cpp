// ui/compare_view.cpp — issue 18 point 1: run a compared with run b (View::Compare). The two
// runs side by side (status, trigger, started, duration, pulled, pushed, warnings, errors, "—"
// where the dialect has no count), then the signatures of both logs matched, with both counts
// and what changed; a signature opens the log of the run it occurs in (run a when in both),
// filtered to it. Also the picker of "Compare with…" (a window over the log or the comparison).
// Everything shown comes from state (core/compare_feed.h); clicks only return intents.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>

#include "core/time.h"
#include "core/time_zone.h"
#include "imgui.h"
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {
namespace {

core::Route compareRoute(const core::Route& from, int64_t a, int64_t b) {
    core::Route r;
    r.view = core::View::Compare;
    r.serviceId = from.serviceId;
    r.syncId = a;
    r.compareId = b;
    return r;
}

// One fact of both runs: its label, then run a's value and run b's.
template <class Draw>
void factRow(const char* label, const core::LogState& a, const core::LogState& b, Draw draw) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    textMuted("%s", label);
    for (const core::LogState* L : {&a, &b}) {
        ImGui::TableNextColumn();
        if (!L->sync) {
            textMuted("…");
            continue;
        }
        core::Sync sync = *L->sync;
        if (L->status) sync.status = *L->status;  // the log's answers may know the newer status
        draw(sync);
    }
}

void runsSideBySide(const core::CompareState& C, FrameContext& ctx) {
    const core::LogState& a = *C.a;
    const core::LogState& b = *C.b;
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("compare.runs", 3, flags)) return;
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("warnings").x + 8.0f);
    char head[64];
    std::snprintf(head, sizeof head, "A · sync #%" PRId64, a.syncId);
    ImGui::TableSetupColumn(head, ImGuiTableColumnFlags_WidthStretch, 1.0f);
    std::snprintf(head, sizeof head, "B · sync #%" PRId64, b.syncId);
    ImGui::TableSetupColumn(head, ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    const core::TimeZone& zone = ctx.ui.timeZone;
    factRow("status", a, b, [](const core::Sync& y) {
        statusBadge(core::statusText(y).c_str(), colourFor(y.status));
    });
    factRow("trigger", a, b, [](const core::Sync& y) { ImGui::TextUnformatted(triggerText(y)); });
    factRow("started", a, b, [&](const core::Sync& y) {
        ImGui::TextWrapped("%s",
                           y.startedAt ? core::formatDateTimeIn(y.startedAt, zone).c_str() : "—");
    });
    factRow("duration", a, b, [&](const core::Sync& y) {
        ImGui::TextUnformatted(formatDuration(core::syncDurationMs(y, ctx.serverNow)).c_str());
    });
    factRow("pulled", a, b, [](const core::Sync& y) {
        ImGui::TextUnformatted(formatCount(y.pulledCount).c_str());
    });
    factRow("pushed", a, b, [](const core::Sync& y) {
        ImGui::TextUnformatted(formatCount(y.pushedCount).c_str());
    });
    factRow("warnings", a, b, [](const core::Sync& y) {
        ImGui::TextUnformatted(formatCount(y.warningCount).c_str());
    });
    factRow("errors", a, b,
            [](const core::Sync& y) { ImGui::TextUnformatted(formatCount(y.errorCount).c_str()); });
    ImGui::EndTable();
    recordItem(ctx.items, "compare.runs");
}

ImU32 changeColour(core::SignatureChange c) {
    switch (c) {
        case core::SignatureChange::New: return colourFor(core::LogLevel::Error);
        case core::SignatureChange::Changed: return colourFor(core::LogLevel::Warning);
        case core::SignatureChange::Gone: return kColourPushed;
        case core::SignatureChange::Same: return ImGui::GetColorU32(ImGuiCol_TextDisabled);
    }
    return ImGui::GetColorU32(ImGuiCol_Text);
}

void signatureTable(const core::AppState& s, const core::CompareState& C, FrameContext& ctx,
                    core::Intents& out) {
    const auto& rows = C.model.rows();
    if (rows.empty()) {
        textMuted("%s", C.a->complete() && C.b->complete() ? "Neither log has warnings or errors."
                                                           : "Grouping the lines…");
        return;
    }
    const ImGuiTableFlags flags =
        ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("compare.signatures", 4, flags)) return;
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("changed").x + 6.0f);
    ImGui::TableSetupColumn("signature", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("A", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00,000").x);
    ImGui::TableSetupColumn("B", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00,000").x);
    ImGui::TableHeadersRow();
    for (const core::ComparedSignature& g : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        textColoured(changeColour(g.change), "%s", core::toString(g.change));
        ImGui::TableNextColumn();
        // The level and the masked text, wrapped; the whole row opens the run's log.
        const std::string label = std::string(levelLabel(g.level)) + "  " + oneLineText(g.text);
        // The row's selectable first (its height that of the wrapped text), then the text over it.
        const float wrap = ImGui::GetContentRegionAvail().x;
        const float height =
            ImGui::CalcTextSize(label.c_str(), nullptr, false, std::max(wrap, 1.0f)).y;
        const ImVec2 at = ImGui::GetCursorPos();
        const std::string id = "##compare.signature." + g.id;
        if (ImGui::Selectable(
                id.c_str(), false,
                ImGuiSelectableFlags_SpanAllColumns,  // (no AllowOverlap: a quick tap counts)
                ImVec2(0, std::max(height, ImGui::GetTextLineHeight())))) {
            // The run it occurs in; in both, run a (the run looked at).
            const int64_t run = g.countA > 0 ? C.a->syncId : C.b->syncId;
            out.add(core::intent::OpenComparedSignature{s.route.serviceId, run, g.level, g.text});
        }
        recordItem(ctx.items, "compare.signature.", g.id);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Open sync #%" PRId64 "'s log filtered to this signature",
                              g.countA > 0 ? C.a->syncId : C.b->syncId);
        ImGui::SetCursorPos(at);
        ImGui::PushStyleColor(ImGuiCol_Text, colourFor(g.level));
        ImGui::TextWrapped("%s", label.c_str());
        ImGui::PopStyleColor();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(formatCount(static_cast<int64_t>(g.countA)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(formatCount(static_cast<int64_t>(g.countB)).c_str());
    }
    ImGui::EndTable();
}

// "Reading both logs… 1,200 of 5,000 lines": until both are held whole and grouped.
void progress(const core::CompareState& C) {
    const auto whole = [](const core::LogState& L) { return L.complete() && L.signatures.ready(); };
    if (whole(*C.a) && whole(*C.b)) return;
    if (C.a->capped || C.b->capped) {  // the logs held together reached logMemoryLimitMB
        textMuted(
            "Not complete: the logs held reached the memory limit (logMemoryLimitMB); "
            "older lines are not compared");
        return;
    }
    const auto held = [](const core::LogState& L) { return static_cast<int64_t>(L.store.size()); };
    const auto known = [](const core::LogState& L) {
        return std::max<int64_t>(L.serverLastId, static_cast<int64_t>(L.store.size()));
    };
    textMuted("Reading both logs… %s of %s lines", formatCount(held(*C.a) + held(*C.b)).c_str(),
              formatCount(known(*C.a) + known(*C.b)).c_str());
}

}  // namespace

void drawCompareView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const core::CompareState& C = s.compare;
    const core::Route& r = s.route;
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Sync #%" PRId64 " compared with sync #%" PRId64, r.syncId, r.compareId);
    sameLineOrWrap(buttonWidth("Compare with another…"));
    if (ImGui::Button("Compare with another…"))
        out.add(core::intent::ComparePicker{true, r.serviceId, r.syncId, false});
    recordItem(ctx.items, "compare.change");
    if (!C.a || !C.b || C.a->syncId != r.syncId || C.b->syncId != r.compareId) {
        textMuted("Opening both logs…");
        return;
    }
    progress(C);
    const std::string err =
        !C.a->freshness.error.empty() ? C.a->freshness.error : C.b->freshness.error;
    if (!err.empty()) textColoured(kColourWarning, "%s", err.c_str());
    ImGui::BeginChild("compare.body", ImVec2(0, 0), ImGuiChildFlags_None);
    runsSideBySide(C, ctx);
    ImGui::Spacing();
    ImGui::TextUnformatted("Signatures");
    // Wrapped: a narrow screen keeps all of it.
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::TextWrapped(
        "New in A, changed in count, gone from A (or the same); click one to open its run's log "
        "filtered to it.");
    ImGui::PopStyleColor();
    signatureTable(s, C, ctx, out);
    ImGui::EndChild();
    recordItem(ctx.items, "compare.body");
}

void drawComparePicker(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const core::CompareState::Picker& P = s.compare.picker;
    if (!P.open || s.route.serviceId != P.serviceId) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(
        ImVec2(std::min(vp->WorkSize.x - 16.0f, 520.0f), std::min(vp->WorkSize.y - 16.0f, 420.0f)),
        ImGuiCond_Appearing);
    bool open = true;
    ImGui::Begin("Compare with…###compare.picker", &open,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    recordItem(ctx.items, "compare.picker");
    if (!open || ImGui::IsKeyPressed(ImGuiKey_Escape, false))
        out.add(core::intent::ComparePicker{false});
    ImGui::TextWrapped("Compare sync #%" PRId64 " with a run of the last 24 hours:", P.syncId);
    if (P.loading) textMuted("Listing the runs…");
    if (!P.error.empty()) textColoured(kColourWarning, "%s", P.error.c_str());
    const core::TimeZone& zone = ctx.ui.timeZone;
    bool any = false;
    for (const core::Sync& y : P.runs) {
        if (y.id == P.syncId) continue;
        any = true;
        // One selectable a run, its words its label (nothing drawn over it takes the click).
        const std::string label =
            "#" + std::to_string(y.id) + "  " + core::statusText(y) + "  " +
            (y.startedAt ? core::formatDateTimeIn(y.startedAt, zone) : std::string("—")) +
            "##compare.pick." + std::to_string(y.id);
        ImGui::PushStyleColor(ImGuiCol_Text, colourFor(y.status));
        const bool picked = ImGui::Selectable(label.c_str(), false);
        ImGui::PopStyleColor();
        if (picked) {
            out.add(core::intent::Navigate{compareRoute(s.route, P.syncId, y.id)});
            out.add(core::intent::ComparePicker{false});
        }
        recordItem(ctx.items, "compare.pick.", y.id);
    }
    if (!any && !P.loading) textMuted("No other run in the last 24 hours.");
    ImGui::End();
}

}  // namespace ui
