// ui/log_view_shared.h — what the sync log view's two files share (log_view.cpp: header,
// controls, keyboard; log_lines.cpp: the lines): the intents for following and the filter, and
// the selection of whole lines with its copy. Internal to those two files.
#pragma once

#include <cstdint>
#include <string>

#include "core/app.h"
#include "ui/views.h"

namespace ui {
namespace logv {

using core::LogState;

// Below this width of the view (CSS px) the log's toolbar is folded (LogUi::folded): Only
// matching, Regex, Wrap, the time zone, Copy times & levels, Download and Copy lines go into the
// "More" menu, so that a phone's screen keeps most of its height for the lines (issue 17).
constexpr float kFoldBelow = 640.0f;

// The sync no longer runs (by the newest status known).
bool finished(const LogState& log);

// Following, as this frame's intents leave it; a change is emitted only when it differs.
bool followingNow(const LogState& log, const core::Intents& out);
void setFollowing(const LogState& log, bool on, core::Intents& out);

// The filter to change this frame: the one already being changed, else the view's.
core::LogFilter& editFilter(const LogState& log, const LogUi& ui, core::Intents& out);

// Whole lines selected: ids [selFirst, selLast], whichever way they were selected.
bool hasSelection(const LogUi& ui);
int64_t selFirst(const LogUi& ui);
int64_t selLast(const LogUi& ui);
bool isSelected(const LogUi& ui, int64_t id);

// Copies the shown lines in [first, last] to the system clipboard (ImGui's clipboard, which the
// platform layer hands to navigator.clipboard), as the user chose: with times and levels or not,
// in the zone shown; without the last line's newline. Confirms it ("Copied 3 lines", u.toast).
void copyLines(const LogState& log, int64_t first, int64_t last, UiState& u);

// Part of one line's message, selected by a drag inside it (LogUi::partId): the line (0: none, or
// no longer shown), code points [begin, end) of the message as drawn, and the text as copied
// (cleaned as a copy is, core/display_text.h) with its length in code points (log_lines.cpp).
struct TextPart {
    int64_t line = 0;
    size_t begin = 0, end = 0;
    std::string text;
    size_t chars = 0;
};
TextPart selectedPart(const LogState& log, const LogUi& ui);
// Copies that part ("Copied 12 characters"); false when there is none.
bool copyPart(const LogState& log, UiState& u);

// The page's address with the route of line `id`: what "Copy link to line" copies. The route
// lives in the hash; the page's address never holds the token (src/web strips any).
std::string lineLink(const core::AppState& s, const UiState& u, int64_t id);

// The lines: the child window with the rows, or what stands in for them (loading, empty, filtered
// out), and the "N new lines" bar (log_lines.cpp).
void linesArea(const core::AppState& s, const LogState& log, FrameContext& ctx, core::Intents& out);

}  // namespace logv
}  // namespace ui
