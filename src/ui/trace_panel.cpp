// ui/trace_panel.cpp — see trace_panel.h.
#include "ui/trace_panel.h"

#include <imgui.h>
#include <algorithm>

#include "core/trace.h"
#include "ui/item_rects.h"
#include "ui/log_view_shared.h"
#include "ui/widgets.h"

namespace ui {

namespace {

std::string stepLabel(const core::TraceStep& s) {
    switch (s.kind) {
        case core::TraceKind::Pull:
            return "Pulled: record " + std::to_string(s.record) + " of " + s.fileName;
        case core::TraceKind::Script:
            return "Transformed: record " + std::to_string(s.record) + " of " + s.fileName;
        case core::TraceKind::Push:
            return "Pushed: record " + std::to_string(s.record) + " of " + s.fileName;
        case core::TraceKind::Log: break;
    }
    return "Log line " + std::to_string(s.line) + ": " + oneLineText(s.text);
}

void run(const std::string& value, FrameContext& ctx, core::Intents& out) {
    ctx.ui.trace.open = true;
    ctx.ui.trace.input = value;
    out.add(core::intent::Trace{core::intent::Trace::Op::Run, value});
}

// A step clicked: a line is gone to; a file opens in the preview at the record.
void openStep(const core::AppState& s, const core::TraceStep& step, FrameContext& ctx,
              core::Intents& out) {
    if (step.kind == core::TraceKind::Log) {
        LogUi& l = ctx.ui.log;
        l.currentId = step.line;
        l.scroll = LogUi::Scroll::Line;
        l.scrollLineId = step.line;
        if (s.log) logv::setFollowing(*s.log, false, out);
        return;
    }
    for (const core::TraceState::File& f : s.trace.files) {
        if (f.ref.id != step.fileId) continue;
        out.add(core::intent::OpenPayload{f.ref});
        TraceUi& t = ctx.ui.trace;
        t.atPayload = f.ref.id;
        t.atValue = s.trace.value;
        // The lines holding the value before this record's: its earlier records that hold it.
        t.atOccurrence = 0;
        for (const core::TraceStep& o : s.trace.result->steps)
            if (o.fileId == step.fileId && o.kind != core::TraceKind::Log && o.record < step.record)
                ++t.atOccurrence;
        t.atRecord = step.record;
        t.atPending = true;
        t.previewLine = 0;
        return;
    }
}

}  // namespace

void traceButton(const core::LogState& log, FrameContext& ctx, core::Intents& out, bool menu) {
    if (!menu) sameLineOrWrap(buttonWidth("Trace"), 4);
    if (ImGui::Button("Trace###log.trace")) {
        const logv::TextPart part =
            ctx.ui.log.partId ? logv::selectedPart(log, ctx.ui.log) : logv::TextPart{};
        if (part.line && !part.text.empty()) {
            run(part.text, ctx, out);
        } else {
            ctx.ui.trace.open = true;
            ctx.ui.trace.focus.requested = true;
        }
        if (menu) ImGui::CloseCurrentPopup();
    }
    recordItem(ctx.items, "log.trace");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Trace a value (an order number, a SKU, an e-mail) through this run's payload files "
            "and log lines; select text in a line first to trace it");
}

void drawTracePanel(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    TraceUi& t = ctx.ui.trace;
    const core::TraceState& ts = s.trace;
    if (!s.log) return;
    if (t.syncId != s.log->syncId) {  // another run's log: the panel starts closed and empty
        t = TraceUi{};
        t.syncId = s.log->syncId;
    }
    if (!t.open) return;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Trace");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(280.0f, ImGui::GetContentRegionAvail().x * 0.5f));
    const bool enter = inputText("##trace.input", "order number, SKU, e-mail…", t.input,
                                 ImGuiInputTextFlags_EnterReturnsTrue);
    recordItem(ctx.items, "trace.input");
    if (t.focus.requested) {
        ImGui::SetKeyboardFocusHere(-1);
        t.focus.requested = false;
    }
    ImGui::SameLine();
    if ((ImGui::Button("Trace###trace.run") || enter) && !t.input.empty()) run(t.input, ctx, out);
    recordItem(ctx.items, "trace.run");
    ImGui::SameLine();
    if (linkButton("Close###trace.close")) {
        t.open = false;
        out.add(core::intent::Trace{core::intent::Trace::Op::Close, {}});
    }
    recordItem(ctx.items, "trace.close");
    if (!ts.open || !ts.result || ts.syncId != s.log->syncId) return;
    if (const size_t loading = ts.loading())
        textMuted("Reading the run's payload files… %zu of %zu to go", loading, ts.files.size());
    ImGui::PushTextWrapPos(0.0f);
    textColoured(ts.result->steps.empty() ? kColourWarning : kColourLink, "%s",
                 ts.result->text.c_str());
    ImGui::PopTextWrapPos();
    recordItem(ctx.items, "trace.path");
    const std::vector<core::TraceStep>& steps = ts.result->steps;
    if (steps.empty()) return;
    const float rowH = ImGui::GetTextLineHeightWithSpacing();
    const float height = rowH * static_cast<float>(std::min<size_t>(steps.size(), 6)) + 6.0f;
    ImGui::BeginChild("trace.steps", ImVec2(0, height), ImGuiChildFlags_None);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(steps.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::TraceStep& step = steps[static_cast<size_t>(i)];
            const std::string id = "trace.step." + std::to_string(i);
            if (linkButtonText(id.c_str(),
                               fitText(stepLabel(step), ImGui::GetContentRegionAvail().x)))
                openStep(s, step, ctx, out);
            recordItem(ctx.items, id);
        }
    }
    ImGui::EndChild();
}

void gapRecords(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    if (!s.log || !s.log->gap.explanation()) return;
    const core::TraceState& t = s.trace;
    if (!t.compare || t.syncId != s.log->syncId) {
        if (s.log->store.payloadCount() == 0) return;  // no files kept: nothing to compare
        if (linkButton("Compare pull with push###log.gap.compare"))
            out.add(core::intent::Trace{core::intent::Trace::Op::Compare, {}});
        recordItem(ctx.items, "log.gap.compare");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Read the run's pull and push files and list the records not pushed");
        return;
    }
    if (const size_t loading = t.loading()) {
        textMuted("Comparing pull with push… %zu of %zu files to read", loading, t.files.size());
        return;
    }
    if (!t.diff) return;
    const core::RecordDiff& d = *t.diff;
    ImGui::PushTextWrapPos(0.0f);
    textColoured(d.error.empty() ? kColourWarning : kColourLink, "%s", d.text.c_str());
    ImGui::PopTextWrapPos();
    recordItem(ctx.items, "log.gap.records");
    if (ImGui::IsItemHovered() && d.missing.size() > 5) {
        std::string all = "Not pushed (" + d.key + "):";
        for (const std::string& k : d.missing) all += "\n" + k;
        ctx.ui.tooltip = all;
        ImGui::SetTooltip("%s", all.c_str());
    }
    if (d.candidates.size() < 2) return;
    ImGui::SameLine();
    const std::string label = "by " + d.key + (d.automatic ? " (automatic)" : "");
    ImGui::SetNextItemWidth(std::min(220.0f, ImGui::CalcTextSize(label.c_str()).x + 40.0f));
    if (ImGui::BeginCombo("##log.gap.key", label.c_str())) {
        for (const std::string& c : d.candidates) {
            if (ImGui::Selectable(c.c_str(), c == d.key))
                out.add(core::intent::Trace{core::intent::Trace::Op::Key, c});
        }
        ImGui::EndCombo();
    }
    recordItem(ctx.items, "log.gap.key");
}

void scrollToTracedRecord(int64_t fileId, const std::string& text, PayloadUi& ui,
                          FrameContext& ctx) {
    TraceUi& t = ctx.ui.trace;
    const std::vector<uint32_t>& starts = ui.doc.lineStarts;
    if (!t.atPending || t.atPayload != fileId || starts.empty()) return;
    t.atPending = false;
    // A CSV file's record R is its table's row R (the header is row 0).
    if (ui.doc.kind == core::DocKind::Csv) {
        const core::CsvTable& csv = ui.doc.csv;
        if (t.atRecord <= 0 || static_cast<size_t>(t.atRecord) >= csv.rows()) return;
        ui.currentLine = ui.doc.lineOf(csv.rowStarts[static_cast<size_t>(t.atRecord)]);
        t.previewLine = ui.currentLine + 1;
        ui.scrollToLine = true;
        return;
    }
    // The lines holding the value as a whole value, counted by record: the atOccurrence-th record
    // holding it (a JSON record may hold it in two fields; a line holding "A-10" is not "A-1"'s).
    size_t seen = 0;
    bool counted = false;
    uint32_t lastRecord = 0;
    for (size_t row = 0; row < starts.size(); ++row) {
        if (!core::holdsWholeValue(ui.doc.line(text, row), t.atValue)) continue;
        uint32_t first = 0, last = 0;
        if (ui.doc.recordOf(row, first, last)) {
            if (counted && first == lastRecord) continue;  // the same record again
            counted = true;
            lastRecord = first;
        }
        if (seen++ < t.atOccurrence) continue;
        t.previewLine = row + 1;
        ui.folds.reveal(row);
        ui.currentLine = row;
        ui.scrollToLine = true;
        return;
    }
}

void traceFromPreview(const std::string& selected, FrameContext& ctx, core::Intents& out) {
    if (selected.empty()) {
        ctx.ui.trace.open = true;
        ctx.ui.trace.focus.requested = true;
        return;
    }
    run(selected, ctx, out);
    out.add(core::intent::ClosePayload{});
}

}  // namespace ui
