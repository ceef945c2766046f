// ui/trace_panel.h — issue 19 in the log view: the toolbar's Trace button, the trace panel (the
// path of a value through the run's payload files and log lines, each step a link that opens it),
// pull against push under the gap explained, and the payload preview's "open at record" hook.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/app.h"
#include "ui/views.h"

namespace ui {

// "Trace" (log.trace): the text selected in a line traced at once, else the panel's field.
void traceButton(const core::LogState& log, FrameContext& ctx, core::Intents& out, bool menu);
// The panel under the toolbar, while open (trace.input, trace.run, trace.close, trace.path,
// trace.step.<n>).
void drawTracePanel(const core::AppState& s, FrameContext& ctx, core::Intents& out);
// Under the gap explained: "Compare pull with push" (log.gap.compare), then the records not pushed
// (log.gap.records) and the key field (log.gap.key).
void gapRecords(const core::AppState& s, FrameContext& ctx, core::Intents& out);
// The payload preview, before its lines are drawn: makes the record a trace step asked for the
// current line (unfolding what hides it) and scrolls to it, once the file `fileId` is laid out
// as `text` (ui.doc).
void scrollToTracedRecord(int64_t fileId, const std::string& text, PayloadUi& ui,
                          FrameContext& ctx);
// The payload preview's Trace: traces `selected` (the text dragged over) in the run.
void traceFromPreview(const std::string& selected, FrameContext& ctx, core::Intents& out);

}  // namespace ui
