// ui/log_view.cpp — the sync log: a header (status, trigger, times, live pulled / pushed), the
// auto-refresh button and how fresh the lines are, search with highlighted matches and
// next / previous, level toggles, follow-the-tail, wrap, UTC / local time, download, and the lines
// themselves — which can be selected (click, shift+click, drag, Ctrl/Cmd+A) and copied
// (Ctrl/Cmd+C, with or without times and levels), have a context menu (copy, copy a link to the
// line, select part of its text), and expand when they hold more than one line.
//
// This file draws everything above the lines and handles the keyboard; the lines themselves —
// rows, scrolling and following, the mouse on them, selecting part of a line — are
// log_lines.cpp's. What both use is in log_view_shared.h.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "core/log_text.h"
#include "core/routes.h"
#include "core/screen_reader.h"
#include "core/time.h"
#include "core/time_zone.h"
#include "imgui.h"
#include "ui/imgui_seam.h"
#include "ui/list_keys.h"
#include "ui/log_view_shared.h"
#include "ui/signatures_panel.h"
#include "ui/trace_panel.h"
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {
namespace logv {

const core::LogLevel kLevels[] = {core::LogLevel::Debug, core::LogLevel::Info,
                                  core::LogLevel::Warning, core::LogLevel::Error};

// --- state helpers --------------------------------------------------------------------------

static std::optional<core::SyncStatus> statusOf(const LogState& log) {
    if (log.status) return log.status;
    if (log.sync) return log.sync->status;
    return std::nullopt;
}

bool finished(const LogState& log) {
    const auto st = statusOf(log);
    return st && core::syncFinished(*st, log.sync ? log.sync->finishedAt : 0);
}

namespace {

// Another sync's log, or the same log cleared (ids may start over): forget positions.
void adoptLog(const LogState& log, LogUi& ui) {
    if (ui.syncId != log.syncId) {
        ui = LogUi{};
        ui.syncId = log.syncId;
        ui.search = log.view.filter().query;
    } else if (ui.storeGeneration != log.store.generation()) {
        ui.currentId = ui.firstVisibleId = ui.lastVisibleId = ui.tailIdWhenLeft = 0;
        ui.inclusiveId = ui.keepId = ui.revealMatchId = 0;
        ui.routeLineDone = 0;
        ui.maxLineWidth = 0.0f;
        ui.selAnchor = ui.selEnd = ui.menuId = 0;
        ui.selDragging = false;
        ui.partId = 0;
        ui.expanded.clear();
        ui.editId = 0;
        ui.editPhase = LogUi::Edit::None;
    }
    ui.storeGeneration = log.store.generation();
}

}  // namespace

bool followingNow(const LogState& log, const core::Intents& out) {
    const core::intent::Following* asked = out.find<core::intent::Following>();
    return asked ? asked->on : log.following;
}

void setFollowing(const LogState& log, bool on, core::Intents& out) {
    if (on != followingNow(log, out)) out.add(core::intent::Following{on});
}

// The filter to change this frame: the one already being changed, else the view's.
core::LogFilter& editFilter(const LogState& log, const LogUi& ui, core::Intents& out) {
    if (core::intent::LogFilterSet* asked = out.find<core::intent::LogFilterSet>())
        return asked->filter;
    core::LogFilter& f = out.add(core::intent::LogFilterSet{log.view.filter()}).filter;
    f.query = ui.search;
    return f;
}

namespace {

// A log opens with the level filter the user last chose (remembered across visits).
void applyRememberedLevels(const LogState& log, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    if (ui.levelsApplied) return;
    ui.levelsApplied = true;
    if (log.view.filter().levels != ctx.ui.logLevels)
        editFilter(log, ui, out).levels = ctx.ui.logLevels;
}

}  // namespace

// --- selection and copy ---------------------------------------------------------------------

bool hasSelection(const LogUi& ui) {
    return ui.selAnchor != 0 && ui.selEnd != 0;
}
int64_t selFirst(const LogUi& ui) {
    return std::min(ui.selAnchor, ui.selEnd);
}
int64_t selLast(const LogUi& ui) {
    return std::max(ui.selAnchor, ui.selEnd);
}
bool isSelected(const LogUi& ui, int64_t id) {
    return hasSelection(ui) && id >= selFirst(ui) && id <= selLast(ui);
}

static core::LogTextOptions copyOptions(const UiState& u) {
    return core::LogTextOptions{u.timeZone, u.copyWithMeta};
}

// Copies the shown lines in [first, last] to the system clipboard (the platform layer hands
// ImGui's clipboard to navigator.clipboard), without the last line's newline.
void copyLines(const LogState& log, int64_t first, int64_t last, UiState& u) {
    std::string text = core::formatShownLines(log.store, log.view, first, last, copyOptions(u));
    if (text.empty()) return;
    text.pop_back();
    ImGui::SetClipboardText(text.c_str());
    showToast(u.toast, core::copiedWords(core::shownLinesBetween(log.view, first, last), false));
}

bool copyPart(const LogState& log, UiState& u) {
    const TextPart part = selectedPart(log, u.log);
    if (!part.line) return false;
    ImGui::SetClipboardText(part.text.c_str());
    showToast(u.toast, core::copiedWords(part.chars, true));
    return true;
}

// The page's address with the route of this line: what "Copy link to line" copies. The route
// lives in the hash; the page's address never holds the token (src/web strips any).
std::string lineLink(const core::AppState& s, const UiState& u, int64_t id) {
    core::Route r = s.route;
    r.view = core::View::Log;
    r.line = id;
    return u.pageUrl + "#" + core::formatRoute(r);
}

namespace {

void selectAllShown(const LogState& log, LogUi& ui) {
    const core::FilteredLog& v = log.view;
    if (v.shownCount() == 0) return;
    ui.partId = 0;
    ui.selAnchor = v.shownId(0);
    ui.selEnd = v.shownId(v.shownCount() - 1);
}

// Ctrl/Cmd+C: the part of a line selected, else the selected lines, else the current line.
void copySelection(const LogState& log, UiState& u) {
    const LogUi& ui = u.log;
    if (copyPart(log, u)) return;
    if (hasSelection(ui))
        copyLines(log, selFirst(ui), selLast(ui), u);
    else if (ui.currentId && log.store.holds(ui.currentId))
        copyLines(log, ui.currentId, ui.currentId, u);
}

// --- navigation -----------------------------------------------------------------------------

void goToLine(const LogState& log, LogUi& ui, int64_t id, core::Intents& out,
              LogUi::Scroll how = LogUi::Scroll::Line) {
    ui.currentId = id;
    ui.inclusiveId = 0;
    ui.scroll = how;
    ui.scrollLineId = id;
    setFollowing(log, false, out);
}

// Where "next" starts from: the line before the current one when g / Home just made it current
// (so that line itself counts), else the current line; with none, the line above the view.
int64_t nextFrom(const LogUi& ui) {
    if (!ui.currentId) return ui.firstVisibleId - 1;
    return ui.inclusiveId == ui.currentId ? ui.currentId - 1 : ui.currentId;
}

// A match gone to is also scrolled into view sideways, when lines do not wrap (log_lines.cpp).
void goToMatch(const LogState& log, LogUi& ui, int64_t id, core::Intents& out) {
    goToLine(log, ui, id, out);
    ui.revealMatchId = id;
}

void stepMatch(const LogState& log, LogUi& ui, bool forward, core::Intents& out) {
    const core::FilteredLog& v = log.view;
    if (v.matchCount() == 0) return;
    int64_t id;
    if (forward) {
        id = v.nextMatch(nextFrom(ui));
        if (!id) id = v.matchId(0);  // wrap around
    } else {
        id = v.previousMatch(ui.currentId ? ui.currentId : ui.lastVisibleId + 1);
        if (!id) id = v.matchId(v.matchCount() - 1);
    }
    goToMatch(log, ui, id, out);
}

// Whether a line of `level` is shown at all: the buttons for it are greyed out otherwise.
bool anyShown(const LogState& log, core::LogLevel level) {
    return log.store.levelCount(level) > 0 && log.view.filter().showsLevel(level);
}

// The next (previous) shown line of `level` (errors: e / E, warnings: w / W) after (before) the
// current line or the top (bottom) of the view, wrapping around. Levels are not indexed: the
// rows' records are scanned (no text).
void stepLevel(const LogState& log, LogUi& ui, core::LogLevel level, bool forward,
               core::Intents& out) {
    const core::FilteredLog& v = log.view;
    const core::LogStore& store = log.store;
    const size_t n = v.shownCount();
    if (n == 0 || !anyShown(log, level)) return;
    const int64_t from =
        forward ? nextFrom(ui) : (ui.currentId ? ui.currentId : ui.lastVisibleId + 1);
    const size_t start = forward ? v.rowOfId(from + 1) : v.rowOfId(from);
    for (size_t k = 0; k < n; ++k) {
        const size_t row = forward ? (start + k) % n : (start + n - 1 - k) % n;
        const int64_t id = v.shownId(row);
        if (store.level(static_cast<size_t>(id - store.firstId())) == level) {
            goToLine(log, ui, id, out);
            return;
        }
    }
}

void stepError(const LogState& log, LogUi& ui, bool forward, core::Intents& out) {
    stepLevel(log, ui, core::LogLevel::Error, forward, out);
}

// g / Home: the top, the first line current (a "next" from there counts it); G / End: the
// bottom, following, the last line current.
void goToEnd(const LogState& log, LogUi& ui, bool bottom, core::Intents& out) {
    const core::FilteredLog& v = log.view;
    ui.scroll = bottom ? LogUi::Scroll::Bottom : LogUi::Scroll::Top;
    if (v.shownCount() > 0) {
        ui.currentId = v.shownId(bottom ? v.shownCount() - 1 : 0);
        ui.inclusiveId = bottom ? 0 : ui.currentId;
    }
    setFollowing(log, bottom, out);
}

// Up / Down: the current line one shown line up or down (from none: the top or bottom line in
// view), scrolled just into view.
void stepLine(const LogState& log, LogUi& ui, bool down, core::Intents& out) {
    const core::FilteredLog& v = log.view;
    const size_t n = v.shownCount();
    if (n == 0) return;
    size_t row;
    if (!ui.currentId || !log.store.holds(ui.currentId)) {
        row = v.rowOfId(down ? ui.firstVisibleId : ui.lastVisibleId);
    } else {
        const size_t at = v.rowOfId(ui.currentId);  // a hidden current line: the next shown one
        const bool shown = at < n && v.shownId(at) == ui.currentId;
        row = down ? (shown ? at + 1 : at) : (at == 0 ? 0 : at - 1);
    }
    goToLine(log, ui, v.shownId(std::min(row, n - 1)), out, LogUi::Scroll::Reveal);
}

// 1-based position of the current line among the matches, 0 when it is not a match.
size_t currentMatchNumber(const core::FilteredLog& v, int64_t id) {
    size_t lo = 0, hi = v.matchCount();
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (v.matchId(mid) < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v.matchCount() && v.matchId(lo) == id ? lo + 1 : 0;
}

// A changed query, a ?line= deep link: carried out once the view has caught up.
void pendingJumps(const core::AppState& s, const LogState& log, LogUi& ui, core::Intents& out) {
    const core::FilteredLog& v = log.view;
    if (ui.jumpOnMatches && v.filter().query == ui.search) {
        ui.jumpOnMatches = false;
        if (!ui.search.empty() && v.matchCount() > 0) {
            int64_t id = v.nextMatch(ui.firstVisibleId - 1);  // the first match from the top
            goToMatch(log, ui, id ? id : v.matchId(0), out);
        }
    }
    const int64_t line = s.route.line;
    if (line > 0 && line != ui.routeLineDone && log.store.holds(line)) {
        ui.routeLineDone = line;
        goToLine(log, ui, line, out);
    }
}

// --- keyboard -------------------------------------------------------------------------------

// n / N next / previous match, e / E error, w / W warning, f follow, space auto-refresh, g / G
// (and Home / End) top / bottom, Up / Down the current line, PageUp / PageDown a screen,
// Ctrl/Cmd+A select every shown line, Ctrl/Cmd+C copy them, Esc clears the selection, else shows
// every line again when a signature is shown alone, else goes back to the summary. Never while a
// text field has the keyboard (nor while the search is being focused: what is typed then belongs to
// it; the field's own Ctrl+A / Ctrl+C work on its text), nor under the payload preview.
void handleKeys(const core::AppState& s, const LogState& log, FrameContext& ctx,
                core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    if (s.payload.open) return;
    findShortcuts(ui.focusSearch);
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ui.focusSearch.requested || ui.focusSearch.catchFrames > 0) return;
    if (ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_A)) {
        selectAllShown(log, ui);
        return;
    }
    if (ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_C)) {
        copySelection(log, ctx.ui);
        return;
    }
    // Esc closes an open menu or list first (ImGui does so only with keyboard navigation on,
    // which is off); only then does it clear the selection, and only then go back.
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false) &&
        ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
        seam::closePopupsExceptModals();
        return;
    }
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false) && (hasSelection(ui) || ui.partId)) {
        ui.selAnchor = ui.selEnd = 0;
        ui.partId = 0;
        return;
    }
    // Then a signature shown alone: every line again (signatures_panel.h).
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false) && clearSignatureFilter(log, ctx, out)) return;
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        core::Route up = s.route;
        up.view = core::View::Summary;
        up.syncId = up.line = 0;
        out.add(core::intent::Navigate{up});
        return;
    }
    if (io.KeyCtrl || io.KeySuper || io.KeyAlt) return;  // chords belong to others
    // The keys that move (held down, they repeat).
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) stepLine(log, ui, true, out);
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) stepLine(log, ui, false, out);
    if (ImGui::IsKeyPressed(ImGuiKey_PageDown)) ui.scroll = LogUi::Scroll::PageDown;
    if (ImGui::IsKeyPressed(ImGuiKey_PageUp)) {
        ui.scroll = LogUi::Scroll::PageUp;
        setFollowing(log, false, out);
    }
    if (ImGui::IsKeyPressed(ImGuiKey_Home, false)) goToEnd(log, ui, false, out);
    if (ImGui::IsKeyPressed(ImGuiKey_End, false)) goToEnd(log, ui, true, out);
    // By the character typed (layout-independent, Shift gives the capital), not the key.
    for (const ImWchar c : io.InputQueueCharacters) {
        switch (c) {
            case 'n': stepMatch(log, ui, true, out); break;
            case 'N': stepMatch(log, ui, false, out); break;
            case 'e': stepError(log, ui, true, out); break;
            case 'E': stepError(log, ui, false, out); break;
            case 'w': stepLevel(log, ui, core::LogLevel::Warning, true, out); break;
            case 'W': stepLevel(log, ui, core::LogLevel::Warning, false, out); break;
            case 'f':
                if (!followingNow(log, out)) ui.scroll = LogUi::Scroll::Bottom;
                setFollowing(log, !followingNow(log, out), out);
                break;
            case ' ': {
                const core::intent::AutoRefresh* asked = out.find<core::intent::AutoRefresh>();
                out.add(core::intent::AutoRefresh{!(asked ? asked->on : log.autoRefresh)});
                break;
            }
            case 'g': goToEnd(log, ui, false, out); break;
            case 'G': goToEnd(log, ui, true, out); break;
            default: break;
        }
    }
}

// --- header and controls --------------------------------------------------------------------

void fact(const char* label, const std::string& value) {
    sameLineOrWrap(ImGui::CalcTextSize(label).x + ImGui::CalcTextSize(value.c_str()).x + 5.0f,
                   16.0f);
    textMuted("%s", label);
    ImGui::SameLine(0, 5);
    ImGui::TextUnformatted(value.c_str());
}

void syncFacts(const core::Sync& header, core::SyncStatus status, FrameContext& ctx) {
    core::Sync sync = header;
    sync.status = status;  // the log's answers may know the newer status
    const core::TimeZone& zone = ctx.ui.timeZone;
    fact("trigger", triggerText(sync));
    fact("started", sync.startedAt ? core::formatDateTimeIn(sync.startedAt, zone) : "—");
    const bool ended = core::syncFinished(sync);
    if (ended)
        fact("finished", sync.finishedAt ? core::formatDateTimeIn(sync.finishedAt, zone) : "—");
    const int64_t duration = core::syncDurationMs(sync, ctx.serverNow);
    fact(ended ? "duration" : "running for", formatDuration(duration));
    if (!sync.durationNote.empty() && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", sync.durationNote.c_str());
    if (!ended && duration >= 0 && ctx.localNow)
        ctx.redrawWithin(ctx.localNow + 1000 - duration % 1000, 999);
    fact("pulled", formatCount(sync.pulledCount));
    sameLineOrWrap(ImGui::CalcTextSize("pushed 000,000 -000").x, 16.0f);
    textMuted("pushed");
    ImGui::SameLine(0, 5);
    pushedText(sync.pulledCount, sync.pushedCount);
    sameLineOrWrap(ImGui::CalcTextSize("warnings / errors 00 / 00").x, 16.0f);
    textMuted("warnings / errors");
    ImGui::SameLine(0, 5);
    issuesText(sync);
}

// Fewer records pushed than pulled: why, as far as the log tells (core/gap.h), on a line of its
// own under the facts, wrapped.
// The longest start of `text` (cut at a character, then " …") that wraps into at most `rows` rows
// of `width` (binary search over byte lengths; a few CalcTextSize calls on a short text).
std::string wrappedStart(const std::string& text, float width, int rows) {
    const float limit = ImGui::GetTextLineHeight() * (static_cast<float>(rows) + 0.5f);
    size_t lo = 0, hi = text.size();
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        while (mid > lo && (static_cast<unsigned char>(text[mid]) & 0xC0) == 0x80) --mid;
        if (mid == lo) break;
        const std::string cut = text.substr(0, mid) + " …";
        if (ImGui::CalcTextSize(cut.c_str(), nullptr, false, width).y <= limit)
            lo = mid;
        else
            hi = mid - 1;
    }
    return text.substr(0, lo) + " …";
}

// The gap explained (core/gap.h): whole when it takes two rows or fewer, or when "more" was
// clicked; else its first two rows and "more" (the whole text on hover too, state().tooltip).
void gapNote(const LogState& log, FrameContext& ctx) {
    const std::optional<core::GapExplanation>& gap = log.gap.explanation();
    if (!gap) return;
    LogUi& ui = ctx.ui.log;
    const float moreWidth = ImGui::CalcTextSize(" more").x + 8.0f;
    const float width = ImGui::GetContentRegionAvail().x;
    const bool tall = ImGui::CalcTextSize(gap->text.c_str(), nullptr, false, width).y >
                      ImGui::GetTextLineHeight() * 2.5f;
    ImGui::PushTextWrapPos(0.0f);
    if (!tall || ui.gapExpanded) {
        textColoured(kColourWarning, "%s", gap->text.c_str());
        ImGui::PopTextWrapPos();
        recordItem(ctx.items, "log.gap");
        if (tall) {
            if (linkButton("less###log.gap.more")) ui.gapExpanded = false;
            recordItem(ctx.items, "log.gap.more");
        }
        return;
    }
    // Wrapped short of "more", which goes at the right of the first row (a wrapped text's item
    // spans every row it takes).
    ImGui::PopTextWrapPos();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - moreWidth);
    const std::string start = wrappedStart(gap->text, width - moreWidth, 2);
    textColoured(kColourWarning, "%s", start.c_str());
    ImGui::PopTextWrapPos();
    recordItem(ctx.items, "log.gap");
    if (ImGui::IsItemHovered()) {
        ctx.ui.tooltip = gap->text;
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(gap->text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    ImGui::SameLine(0, 6);
    if (linkButton("more###log.gap.more")) ui.gapExpanded = true;
    recordItem(ctx.items, "log.gap.more");
}

void header(const LogState& log, FrameContext& ctx) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Sync #%" PRId64, log.syncId);
    const auto status = statusOf(log);
    if (status) {
        ImGui::SameLine();
        const std::string text =
            core::statusText(*status, log.sync ? log.sync->statusSent : std::string());
        statusBadge(text.c_str(), colourFor(*status));
    }
    if (!log.sync) {
        ImGui::SameLine();
        const std::string& err = log.syncFreshness.error;
        if (err.empty())
            textMuted("Loading the sync's details…");
        else
            textColoured(kColourWarning, "The sync's details could not be loaded: %s", err.c_str());
        return;
    }
    syncFacts(*log.sync, status ? *status : log.sync->status, ctx);
    // Issue 18: a running sync that has gone quiet, its silence counted on the server's clock.
    if (log.quiet) {
        const core::TimeMs silent = ctx.serverNow - log.lastLineAt;
        textColoured(kColourWarning, "%s",
                     core::quietText({std::max<core::TimeMs>(silent, log.quiet->silentMs),
                                      log.quiet->typicalMs})
                         .c_str());
        recordItem(ctx.items, "log.quiet");
        if (ctx.localNow) ctx.redrawWithin(ctx.localNow + 1000 - silent % 1000, 999);
    }
    gapNote(log, ctx);
}

void refreshButton(const LogState& log, FrameContext& ctx, core::Intents& out) {
    ImGui::BeginDisabled(log.freshness.inFlight);
    if (ImGui::SmallButton("Refresh")) out.add(core::intent::RefreshNow{});
    recordItem(ctx.items, "log.refresh");
    ImGui::EndDisabled();
}

void refreshBar(const LogState& log, FrameContext& ctx, core::Intents& out) {
    if (ctx.ui.log.folded) {
        // Folded: Refresh at the right end of the header's last row (on the next row when that
        // one is full); a finished log then needs no row of its own (its badge says it ended).
        const float w = ImGui::CalcTextSize("Refresh").x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < w + 16.0f) {
            ImGui::NewLine();
            ImGui::SetCursorPosX(ImGui::GetContentRegionMax().x - w);
        } else {
            ImGui::SameLine(ImGui::GetContentRegionMax().x - w);
        }
        refreshButton(log, ctx, out);
        if (log.freshness.error.empty() && finished(log) && !log.live) return;
    }
    const bool on = log.autoRefresh;
    // The switch only while the sync runs: a finished one has nothing more to refresh.
    if (!finished(log)) {
        if (toggleChip("Auto-refresh###log.autoRefresh", on, kColourPushed))
            out.add(core::intent::AutoRefresh{!on});
        recordItem(ctx.items, "log.autoRefresh");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(on ? "Auto-refresh is on: pause it (Space)"
                                 : "Auto-refresh is off: resume it (Space)");
        ImGui::SameLine();
        // Issue 18: "tell me when it finishes" (a notification, the title, a portal's message).
        if (toggleChip("Tell me when it finishes###log.notify", log.notify, kColourPushed))
            out.add(core::intent::Notify{!log.notify});
        recordItem(ctx.items, "log.notify");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(log.notify ? "You will be told when this sync finishes: click to stop"
                                         : "Tell me when this sync finishes");
        ImGui::SameLine();
    }
    ImGui::AlignTextToFramePadding();
    const core::Freshness& f = log.freshness;
    if (f.error.empty() && finished(log) && !log.live) {
        textMuted("Finished — no more refreshes");
    } else if (f.error.empty() && !on && !finished(log)) {
        const core::TimeZone& zone = ctx.ui.timeZone;
        if (f.lastSuccessAt)
            textMuted("Paused · updated %s %s",
                      formatClock(zone.shift(f.lastSuccessAt + ctx.serverOffset())).c_str(),
                      zone.label().c_str());
        else
            textMuted("Paused");
    } else {
        ctx.redrawBy(freshnessNote(f, log.live, ctx.localNow, ctx.serverOffset(), ctx.ui.timeZone));
    }
    if (ctx.ui.log.folded) return;
    sameLineOrWrap(ImGui::CalcTextSize("Refresh").x + ImGui::GetStyle().FramePadding.x * 2);
    refreshButton(log, ctx, out);
}

// "12,345 of 40,112 lines": the lines shown of those held.
std::string linesCount(const LogState& log) {
    return formatCount(static_cast<int64_t>(log.view.shownCount())) + " of " +
           formatCount(static_cast<int64_t>(log.store.size())) + " lines";
}

// What the search row says after its arrows: the matches ("3 of 12 matches", "No matches", an
// invalid pattern) while there is a query; folded, else the lines shown (muted).
struct CountText {
    std::string text;
    ImU32 colour = 0;  // 0: the text colour
    bool muted = false;
};

CountText countText(const LogState& log, const LogUi& ui) {
    const core::FilteredLog& v = log.view;
    const core::LogFilter& f = v.filter();
    if (f.query.empty()) return ui.folded ? CountText{linesCount(log), 0, true} : CountText{};
    if (f.regex && !v.regexError().empty())
        return {"Invalid pattern: " + v.regexError(), kColourError, false};
    if (v.matchCount() == 0) return {"No matches", kColourWarning, false};
    const std::string all = formatCount(static_cast<int64_t>(v.matchCount()));
    if (const size_t k = currentMatchNumber(v, ui.currentId))
        return {formatCount(static_cast<int64_t>(k)) + " of " + all + " matches", 0, false};
    return {all + " matches", 0, false};
}

void drawCount(const CountText& c, float width) {
    const std::string text = width > 0 ? fitText(c.text, width) : c.text;
    if (c.muted)
        textMuted("%s", text.c_str());
    else if (c.colour)
        textColoured(c.colour, "%s", text.c_str());
    else
        ImGui::TextUnformatted(text.c_str());
}

void matchCount(const LogState& log, const LogUi& ui) {
    const CountText c = countText(log, ui);
    if (c.text.empty()) return;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    drawCount(c, 0.0f);
}

void searchOptions(const LogState& log, FrameContext& ctx, core::Intents& out, bool menu);
void viewBar(const LogState& log, FrameContext& ctx, core::Intents& out, bool menu);

// Folded: "More ▾" at the right end of the search row, a menu under it with the toolbar's
// less-used controls, each under its own id, one a row (they keep it open; Download and Copy
// lines close it). Esc, or a click or tap outside it, closes it.
void moreMenu(const LogState& log, FrameContext& ctx, core::Intents& out) {
    if (ImGui::Button("More ▾###log.more")) ImGui::OpenPopup("log.moreMenu");
    recordItem(ctx.items, "log.more");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Only matching, Regex, Wrap, time zone, copy options, Download, Compare with…");
    const ImVec2 under(ImGui::GetItemRectMax().x, ImGui::GetItemRectMax().y + 2.0f);
    ImGui::SetNextWindowPos(under, ImGuiCond_Always, ImVec2(1.0f, 0.0f));
    if (!ImGui::BeginPopup("log.moreMenu")) return;
    textMuted("%s", linesCount(log).c_str());
    searchOptions(log, ctx, out, true);
    viewBar(log, ctx, out, true);
    ImGui::EndPopup();
}

void searchBar(const LogState& log, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    const core::FilteredLog& v = log.view;
    ImGuiIO& io = ImGui::GetIO();
    // Folded, the field takes what the arrows, the count and More leave (at least 120 px).
    const ImGuiStyle& style = ImGui::GetStyle();
    const CountText count = countText(log, ui);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float arrows = buttonWidth("↑") * 2 + 8.0f;
    const float more = buttonWidth("More ▾") + style.ItemSpacing.x;
    const float countW =
        count.text.empty() ? 0.0f : ImGui::CalcTextSize(count.text.c_str()).x + style.ItemSpacing.x;
    const float searchW = ui.folded ? std::max(120.0f, avail - arrows - more - countW)
                                    : std::min(300.0f, avail * 0.5f);
    ImGui::SetNextItemWidth(searchW);
    // Enter steps through the matches, so the field keeps the keyboard after it (as a browser's
    // find bar does); everywhere else Enter ends the editing.
    const bool keepActive = io.ConfigInputTextEnterKeepActive;
    io.ConfigInputTextEnterKeepActive = true;
    const bool changed =
        searchField("##log.search", "Search the log  (Ctrl+F, /)", ui.search, ui.focusSearch);
    io.ConfigInputTextEnterKeepActive = keepActive;
    recordItem(ctx.items, "log.search");
    const bool enter = ImGui::IsItemActive() && (ImGui::IsKeyPressed(ImGuiKey_Enter) ||
                                                 ImGui::IsKeyPressed(ImGuiKey_KeypadEnter));
    if (changed) {
        editFilter(log, ui, out).query = ui.search;
        ui.jumpOnMatches = true;
        ui.currentId = 0;
    } else if (enter) {
        stepMatch(log, ui, !io.KeyShift, out);
    }
    ImGui::SameLine(0, 4);
    ImGui::BeginDisabled(v.matchCount() == 0);
    if (ImGui::Button("↑")) stepMatch(log, ui, false, out);
    recordItem(ctx.items, "log.prev");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Previous match (Shift+Enter, N)");
    ImGui::SameLine(0, 4);
    if (ImGui::Button("↓")) stepMatch(log, ui, true, out);
    recordItem(ctx.items, "log.next");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Next match (Enter, n)");
    ImGui::EndDisabled();
    if (!ui.folded) {
        matchCount(log, ui);
        return;
    }
    const float moreX = ImGui::GetContentRegionMax().x - buttonWidth("More ▾");
    if (!count.text.empty()) {
        ImGui::SameLine();
        const float room = moreX - style.ItemSpacing.x - ImGui::GetCursorPosX();
        if (room > 24.0f) {
            ImGui::AlignTextToFramePadding();
            drawCount(count, room);
        }
    }
    ImGui::SameLine(moreX);
    moreMenu(log, ctx, out);
}

// Only matching and Regex: on the filter row, or one a row in the More menu.
void searchOptions(const LogState& log, FrameContext& ctx, core::Intents& out, bool menu) {
    LogUi& ui = ctx.ui.log;
    const core::intent::LogFilterSet* asked = out.find<core::intent::LogFilterSet>();
    const core::LogFilter& f = asked ? asked->filter : log.view.filter();
    if (toggleChip("Only matching###log.onlyMatching", f.onlyMatching, kColourLink))
        editFilter(log, ui, out).onlyMatching = !f.onlyMatching;
    recordItem(ctx.items, "log.onlyMatching");
    if (!menu) ImGui::SameLine(0, 4);
    if (toggleChip("Regex###log.regex", f.regex, kColourLink))
        editFilter(log, ui, out).regex = !f.regex;
    recordItem(ctx.items, "log.regex");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Literals, . [a-z] [^…] \\d \\w \\s, * + ?, ^ $ (no groups or |)");
}

void filterBar(const LogState& log, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    const core::intent::LogFilterSet* asked = out.find<core::intent::LogFilterSet>();
    const core::LogFilter& f = asked ? asked->filter : log.view.filter();
    if (!ui.folded) searchOptions(log, ctx, out, false);
    for (const core::LogLevel level : kLevels) {
        char label[64];
        std::snprintf(label, sizeof label, "%s %s###level%d", levelLabel(level),
                      formatCount(static_cast<int64_t>(log.store.levelCount(level))).c_str(),
                      static_cast<int>(level));
        sameLineOrWrap(ImGui::CalcTextSize(label, std::strstr(label, "###")).x + 16.0f,
                       level == core::LogLevel::Debug ? 18.0f : 4.0f);
        if (toggleChip(label, f.showsLevel(level), colourFor(level))) {
            core::LogFilter& edit = editFilter(log, ui, out);
            edit.levels[static_cast<size_t>(level)] = !edit.levels[static_cast<size_t>(level)];
            ctx.ui.logLevels = edit.levels;  // remembered, and the next log opens with it
        }
        recordItem(ctx.items, "log.level.", core::toString(level));
    }
}

void navigationBar(const LogState& log, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    const bool following = followingNow(log, out);
    sameLineOrWrap(ImGui::CalcTextSize("Follow  Jump to next error  ↑  Next warning  ↑").x + 84.0f,
                   18.0f);
    if (toggleChip("Follow###log.follow", following, kColourLink)) {
        if (!following) ui.scroll = LogUi::Scroll::Bottom;
        setFollowing(log, !following, out);
    }
    recordItem(ctx.items, "log.follow");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep the newest line in view (f)");
    ImGui::SameLine(0, 4);
    const bool anyError = anyShown(log, core::LogLevel::Error);
    ImGui::BeginDisabled(!anyError);
    if (ImGui::Button("Jump to next error")) stepError(log, ui, true, out);
    recordItem(ctx.items, "log.nextError");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(anyError ? "Next error (e)" : "No error lines shown");
    ImGui::SameLine(0, 2);
    if (ImGui::Button("↑###log.prevError")) stepError(log, ui, false, out);
    recordItem(ctx.items, "log.prevError");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(anyError ? "Previous error (E)" : "No error lines shown");
    ImGui::EndDisabled();
    // The same for warnings: a run with warnings only has somewhere to go too.
    const core::LogLevel warning = core::LogLevel::Warning;
    const bool anyWarning = anyShown(log, warning);
    ImGui::SameLine(0, 8);
    ImGui::BeginDisabled(!anyWarning);
    if (ImGui::Button("Next warning###log.nextWarning")) stepLevel(log, ui, warning, true, out);
    recordItem(ctx.items, "log.nextWarning");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(anyWarning ? "Next warning (w)" : "No warning lines shown");
    ImGui::SameLine(0, 2);
    if (ImGui::Button("↑###log.prevWarning")) stepLevel(log, ui, warning, false, out);
    recordItem(ctx.items, "log.prevWarning");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(anyWarning ? "Previous warning (W)" : "No warning lines shown");
    ImGui::EndDisabled();
    const std::string shown = linesCount(log);
    ui.countText = shown;   // folded too: state().log.countText says what the count is
    if (ui.folded) return;  // the count is on the search row, and in the More menu
    sameLineOrWrap(ImGui::CalcTextSize(shown.c_str()).x, 18.0f);
    ImGui::AlignTextToFramePadding();
    textMuted("%s", shown.c_str());
}

// Wrap, the time zone, whether copies keep times and levels, Download; and while lines are
// selected, a button that copies them (for touch screens, which have no Ctrl+C). In a row that
// wraps, or (`menu`) one a row in the More menu.
void viewBar(const LogState& log, FrameContext& ctx, core::Intents& out, bool menu) {
    UiState& u = ctx.ui;
    LogUi& ui = u.log;
    if (ui.folded && !menu) return;
    // Each on the next line when out of room (in the menu: always).
    const auto next = [menu](float width, float spacing) {
        if (!menu) sameLineOrWrap(width, spacing);
    };
    const std::string zone =
        u.timeZone.local ? "Times: local, " + u.timeZone.label() : std::string("Times: UTC");
    const float width = ImGui::CalcTextSize("Wrap  Copy times & levels  Download  Copy lines").x +
                        ImGui::CalcTextSize(zone.c_str()).x + 70.0f;
    next(width, 18.0f);
    if (toggleChip("Wrap###log.wrap", u.logWrap, kColourLink)) u.logWrap = !u.logWrap;
    recordItem(ctx.items, "log.wrap");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Wrap long lines to the width of the view");
    next(toggleChipWidth(zone.c_str()), 4);
    if (toggleChip((zone + "###log.timezone").c_str(), u.timeZone.local, kColourLink))
        u.timeZone.local = !u.timeZone.local;
    recordItem(ctx.items, "log.timezone");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Show times in UTC or in this browser's time zone (%s), everywhere",
                          core::TimeZone{true, u.timeZone.offsetMinutes}.label().c_str());
    next(toggleChipWidth("Copy times & levels"), 4);
    if (toggleChip("Copy times & levels###log.copyWithMeta", u.copyWithMeta, kColourLink))
        u.copyWithMeta = !u.copyWithMeta;
    recordItem(ctx.items, "log.copyWithMeta");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Copied lines keep their time and level (on), or are the messages alone");
    next(buttonWidth("Download"), 4);
    if (ImGui::Button("Download")) {
        out.add(core::intent::DownloadLog{});
        if (menu) ImGui::CloseCurrentPopup();
    }
    recordItem(ctx.items, "log.download");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Saves the lines held as sent: escape sequences and control characters "
            "kept (copies leave them out)");
    if (ImGui::IsItemHovered()) {
        const std::string name = core::logFileName(log.syncId);
        const std::string held = formatCount(static_cast<int64_t>(log.store.size()));
        if (!log.complete())
            ImGui::SetTooltip(
                "Save the log as %s — older lines are still loading: the file will "
                "hold the %s lines loaded so far",
                name.c_str(), held.c_str());
        else if (!finished(log))
            ImGui::SetTooltip(
                "Save the log as %s — the sync is still running: the file will "
                "hold the %s lines written so far",
                name.c_str(), held.c_str());
        else
            ImGui::SetTooltip("Save the whole log (%s lines) as %s", held.c_str(), name.c_str());
    }
    // Issue 18: this run compared with the previous one that succeeded (or, if none, one picked).
    next(buttonWidth("Compare with…"), 4);
    if (ImGui::Button("Compare with…###log.compare")) {
        out.add(core::intent::ComparePicker{true, log.serviceId, log.syncId, true});
        if (menu) ImGui::CloseCurrentPopup();
    }
    recordItem(ctx.items, "log.compare");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Compare this run with the last one that succeeded, or pick another");
    // Always there (disabled with nothing selected), so that selecting never moves the layout.
    next(buttonWidth("Copy lines"), 4);
    const bool any = hasSelection(ui);
    const size_t n = any ? core::shownLinesBetween(log.view, selFirst(ui), selLast(ui)) : 0;
    const TextPart part = ui.partId ? selectedPart(log, ui) : TextPart{};
    ImGui::BeginDisabled(n == 0 && !part.line);
    const float copyW = ImGui::CalcTextSize("Copy lines").x + ImGui::GetStyle().FramePadding.x * 2;
    if (ImGui::Button(part.line ? "Copy text###log.copy" : "Copy lines###log.copy",
                      ImVec2(copyW, 0.0f))) {
        if (!copyPart(log, u)) copyLines(log, selFirst(ui), selLast(ui), u);
        if (menu) ImGui::CloseCurrentPopup();
    }
    recordItem(ctx.items, "log.copy");
    ImGui::EndDisabled();
    const bool copyHovered = ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled);
    traceButton(log, ctx, out, menu);  // issue 19 (ui/trace_panel.h)
    if (copyHovered) {
        const char* mod = ImGui::GetIO().ConfigMacOSXBehaviors ? "Cmd" : "Ctrl";
        if (part.line)
            ImGui::SetTooltip("Copy the %zu selected character%s (%s+C); Esc clears the selection",
                              part.chars, part.chars == 1 ? "" : "s", mod);
        else if (n == 0)
            ImGui::SetTooltip(
                "Select lines to copy: click a line, shift+click or drag to extend, "
                "%s+A for all; drag inside a message (or double-click it) to select part of it",
                mod);
        else
            ImGui::SetTooltip("Copy the %s selected line%s (%s+C); Esc clears the selection",
                              formatCount(static_cast<int64_t>(n)).c_str(), n == 1 ? "" : "s", mod);
    }
}

void backfillNote(const LogState& log, FrameContext& ctx) {
    if (!log.tailLoaded || log.complete()) return;
    const std::string held = formatCount(static_cast<int64_t>(log.store.size()));
    const std::string total = formatCount(std::max<int64_t>(log.serverLastId, log.store.lastId()));
    if (log.capped) {  // the memory ceiling (config.json's logMemoryLimitMB): no older lines
        textColoured(kColourWarning,
                     "Holding the newest %s lines of %s: older lines are not loaded (memory "
                     "limit). Download saves the lines held.",
                     held.c_str(), total.c_str());
        recordItem(ctx.items, "log.capped");
    } else if (!log.backfillError.empty())
        textColoured(kColourWarning,
                     "Older lines could not be loaded: %s (retrying; held %s of %s)",
                     log.backfillError.c_str(), held.c_str(), total.c_str());
    else
        textMuted("Loading older lines… (held %s of %s)", held.c_str(), total.c_str());
}

}  // namespace
}  // namespace logv

void drawLogView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    if (!s.log || s.log->syncId != s.route.syncId) {
        ImGui::AlignTextToFramePadding();
        ImGui::Text("Sync #%" PRId64, s.route.syncId);
        ImGui::SameLine();
        textMuted("Opening the log…");
        return;
    }
    using namespace logv;
    const LogState& log = *s.log;
    LogUi& ui = ctx.ui.log;
    adoptLog(log, ui);
    applyRememberedLevels(log, ctx, out);
    handleKeys(s, log, ctx, out);
    pendingJumps(s, log, ui, out);
    ui.folded = ImGui::GetContentRegionAvail().x < kFoldBelow;
    // Folded, the rows of the header and toolbar also sit closer together.
    if (ui.folded)
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                            ImVec2(ImGui::GetStyle().ItemSpacing.x, 4.0f));
    header(log, ctx);
    gapRecords(s, ctx, out);  // issue 19: pull against push, under the gap (ui/trace_panel.h)
    refreshBar(log, ctx, out);
    searchBar(log, ctx, out);
    filterBar(log, ctx, out);
    navigationBar(log, ctx, out);
    viewBar(log, ctx, out, false);
    drawTracePanel(s, ctx, out);  // issue 19 (ui/trace_panel.h)
    if (ui.folded) ImGui::PopStyleVar();
    backfillNote(log, ctx);
    signaturesAndLines(s, log, ctx, out);  // linesArea, with the signatures beside or above
}

namespace {

// What the "N new lines ↓" bar says (log_lines.cpp draws it when this is not 0).
size_t newLinesNow(const core::LogState& log, const LogUi& ui) {
    if (log.following || ui.tailIdWhenLeft == 0) return 0;
    const core::FilteredLog& v = log.view;
    return v.shownCount() - std::min(v.shownCount(), v.rowOfId(ui.tailIdWhenLeft + 1));
}

}  // namespace

std::string uiTestJson(const core::AppState& s, const UiState& u) {
    using namespace logv;
    using nlohmann::json;
    json j = {{"timeZone", u.timeZone.local ? "local" : "utc"},
              {"timeZoneLabel", u.timeZone.label()},
              {"toast", u.toast.text.empty() ? json() : json(u.toast.text)},
              {"tooltip", u.tooltip.empty() ? json() : json(u.tooltip)}};
    // The keyboard's row highlight in the list on screen (ui/list_keys.h).
    int64_t highlight = 0;
    if (s.view == core::View::Services && s.servicesLoaded)
        highlight = shownHighlight(u.servicesHighlight, s.visibleServices.size(),
                                   [&](size_t i) { return s.services[s.visibleServices[i]].id; });
    else if (s.view == core::View::Summary && s.summary.loaded &&
             s.summary.serviceId == s.route.serviceId)
        highlight = shownHighlight(u.summaryHighlight, s.summary.visible.size(), [&](size_t i) {
            return s.summary.syncs[s.summary.visible[i]].id;
        });
    j["highlight"] = highlight ? json(highlight) : json();
    const LogUi& ui = u.log;
    if (s.view == core::View::Log && s.log && ui.syncId == s.log->syncId) {
        const auto id = [](int64_t v) { return v ? json(v) : json(); };
        json selection = nullptr;
        if (hasSelection(ui))
            selection = {
                {"first", selFirst(ui)},
                {"last", selLast(ui)},
                {"count", core::shownLinesBetween(s.log->view, selFirst(ui), selLast(ui))}};
        json textSelection = nullptr;
        if (ui.partId) {
            const TextPart part = selectedPart(*s.log, ui);
            if (part.line)
                textSelection = {{"line", part.line},
                                 {"begin", part.begin},
                                 {"end", part.end},
                                 {"length", part.chars}};
        }
        json expanded = json::array();
        for (int64_t e : ui.expanded) expanded.push_back(e);
        std::sort(expanded.begin(), expanded.end());
        json counts = json::object();  // as the level toggles draw them
        for (const core::LogLevel level : kLevels)
            counts[core::toString(level)] = s.log->store.levelCount(level);
        j["log"] = {{"query", ui.search},
                    {"current", id(ui.currentId)},
                    {"currentTime",
                     ui.currentId && !ui.currentTime.empty() ? json(ui.currentTime) : json()},
                    {"firstVisible", id(ui.firstVisibleId)},
                    {"lastVisible", id(ui.lastVisibleId)},
                    {"scrollX", std::round(ui.scrollX)},
                    {"scrollY", std::round(ui.scrollY)},
                    {"selection", std::move(selection)},
                    {"textSelection", std::move(textSelection)},
                    {"wrap", u.logWrap},
                    {"copyWithMeta", u.copyWithMeta},
                    {"expanded", std::move(expanded)},
                    {"editing", ui.editPhase == LogUi::Edit::Active ? json(ui.editId) : json()},
                    {"newLines", newLinesNow(*s.log, ui)},
                    {"levelCounts", std::move(counts)},
                    {"countText", ui.countText},
                    {"signaturesOpen", u.logSignatures},
                    {"overviewBuilds", ui.overview.builds()},
                    {"overviewMs", ui.overview.costMs()},
                    {"preview", payloadPreviewJson(s, u)}};
        j["log"]["trace"] = {
            {"open", u.trace.open},
            {"input", u.trace.input},
            {"previewLine", u.trace.previewLine ? json(u.trace.previewLine) : json()}};
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace ui
