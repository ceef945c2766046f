// ui/log_view.cpp — the sync log: a header (status, trigger, times, live pulled / pushed), the
// auto-refresh button and how fresh the lines are, search with highlighted matches and
// next / previous, level toggles, follow-the-tail, and the lines themselves.
//
// The lines are one child window over LogView's shown rows, virtualised with ImGuiListClipper at a
// fixed row height and an explicit content size, so a million lines cost what the visible fifty
// do. Each row is drawn with the draw list (gutter, time, level, message, match highlights) and
// then covered by one Dummy item, `log.line.<n>`: the place where selection, copy and a
// wrap toggle will hook in (the row's rect and id are already there).
//
// Following: while the view follows, the child is scrolled to the bottom *before* it begins
// (SetNextWindowScroll + SetNextWindowContentSize), so new lines show in the frame they arrive,
// without a frame of lag. A scroll by the user (wheel, scrollbar) decides: ending at the bottom
// follows, anywhere else stops following — and the lines that arrive after that are counted in a
// "N new lines ↓" bar under the list.
#include <algorithm>
#include <cfloat>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "imgui.h"
#include "imgui_internal.h"  // FindWindowByID, GetWindowScrollbarID, the child's scroll target
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {
namespace {

using core::LogState;

constexpr size_t kMaxDrawBytes = 4000;  // of one message: the rest is summarised, not drawn
constexpr int kMaxHighlights = 64;      // match rects per line
constexpr int kTabWidth = 4;            // columns a tab takes (the mono font has no tab glyph)
constexpr ImU32 kColourCurrentLine = IM_COL32(96, 165, 250, 48);

const core::LogLevel kLevels[] = {core::LogLevel::Debug, core::LogLevel::Info,
                                  core::LogLevel::Warning, core::LogLevel::Error};

// --- state helpers --------------------------------------------------------------------------

std::optional<core::SyncStatus> statusOf(const LogState& log) {
    if (log.status) return log.status;
    if (log.sync) return log.sync->status;
    return std::nullopt;
}

bool finished(const LogState& log) {
    const auto st = statusOf(log);
    return st && syncFinished(*st);
}

// Another sync's log, or the same log cleared (ids may start over): forget positions.
void adoptLog(const LogState& log, LogUi& ui) {
    if (ui.syncId != log.syncId) {
        ui = LogUi{};
        ui.syncId = log.syncId;
        ui.search = log.view.filter().query;
    } else if (ui.storeGeneration != log.store.generation()) {
        ui.currentId = ui.firstVisibleId = ui.lastVisibleId = ui.tailIdWhenLeft = 0;
        ui.routeLineDone = 0;
        ui.maxLineWidth = 0.0f;
    }
    ui.storeGeneration = log.store.generation();
}

bool followingNow(const LogState& log, const core::Intents& out) {
    return out.following ? *out.following : log.following;
}

void setFollowing(const LogState& log, bool on, core::Intents& out) {
    if (on != followingNow(log, out)) out.following = on;
}

// The filter to change this frame: the one already being changed, else the view's.
core::LogFilter& editFilter(const LogState& log, const LogUi& ui, core::Intents& out) {
    if (!out.logFilter) {
        out.logFilter = log.view.filter();
        out.logFilter->query = ui.search;
    }
    return *out.logFilter;
}

// --- navigation -----------------------------------------------------------------------------

void goToLine(const LogState& log, LogUi& ui, int64_t id, core::Intents& out) {
    ui.currentId = id;
    ui.scroll = LogUi::Scroll::Line;
    ui.scrollLineId = id;
    setFollowing(log, false, out);
}

void stepMatch(const LogState& log, LogUi& ui, bool forward, core::Intents& out) {
    const core::LogView& v = log.view;
    if (v.matchCount() == 0) return;
    int64_t id;
    if (forward) {
        id = v.nextMatch(ui.currentId ? ui.currentId : ui.firstVisibleId - 1);
        if (!id) id = v.matchId(0);  // wrap around
    } else {
        id = v.previousMatch(ui.currentId ? ui.currentId : ui.lastVisibleId + 1);
        if (!id) id = v.matchId(v.matchCount() - 1);
    }
    goToLine(log, ui, id, out);
}

// The next (previous) shown error line after (before) the current line or the top (bottom) of
// the view, wrapping around. Errors are not indexed: the rows' records are scanned (no text).
void stepError(const LogState& log, LogUi& ui, bool forward, core::Intents& out) {
    const core::LogView& v = log.view;
    const core::LogStore& store = log.store;
    const size_t n = v.shownCount();
    if (n == 0 || store.levelCount(core::LogLevel::Error) == 0 ||
        !v.filter().showsLevel(core::LogLevel::Error))
        return;
    const int64_t from =
        ui.currentId ? ui.currentId : (forward ? ui.firstVisibleId - 1 : ui.lastVisibleId + 1);
    const size_t start = forward ? v.rowOfId(from + 1) : v.rowOfId(from);
    for (size_t k = 0; k < n; ++k) {
        const size_t row = forward ? (start + k) % n : (start + n - 1 - k) % n;
        const int64_t id = v.shownId(row);
        if (store.level(static_cast<size_t>(id - store.firstId())) == core::LogLevel::Error) {
            goToLine(log, ui, id, out);
            return;
        }
    }
}

// 1-based position of the current line among the matches, 0 when it is not a match.
size_t currentMatchNumber(const core::LogView& v, int64_t id) {
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
    const core::LogView& v = log.view;
    if (ui.jumpOnMatches && v.filter().query == ui.search) {
        ui.jumpOnMatches = false;
        if (!ui.search.empty() && v.matchCount() > 0) {
            int64_t id = v.nextMatch(ui.firstVisibleId - 1);  // the first match from the top
            goToLine(log, ui, id ? id : v.matchId(0), out);
        }
    }
    const int64_t line = s.route.line;
    if (line > 0 && line != ui.routeLineDone && log.store.holds(line)) {
        ui.routeLineDone = line;
        goToLine(log, ui, line, out);
    }
}

// --- keyboard -------------------------------------------------------------------------------

// n / N next / previous match, e / E error, f follow, space auto-refresh, g / G top / bottom,
// Esc back to the summary. Never while a text field has the keyboard (nor while the search is
// being focused: what is typed then belongs to it), nor under the payload preview.
void handleKeys(const core::AppState& s, const LogState& log, FrameContext& ctx,
                core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    if (s.payload.open) return;
    findShortcuts(ui.focusSearch);
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ui.focusSearch.requested || ui.focusSearch.catchFrames > 0) return;
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        core::Route up = s.route;
        up.view = core::View::Summary;
        up.syncId = up.line = 0;
        out.navigate = up;
        return;
    }
    if (io.KeyCtrl || io.KeySuper || io.KeyAlt) return;  // chords belong to others
    // By the character typed (layout-independent, Shift gives the capital), not the key.
    for (const ImWchar c : io.InputQueueCharacters) {
        switch (c) {
            case 'n': stepMatch(log, ui, true, out); break;
            case 'N': stepMatch(log, ui, false, out); break;
            case 'e': stepError(log, ui, true, out); break;
            case 'E': stepError(log, ui, false, out); break;
            case 'f':
                if (!followingNow(log, out)) ui.scroll = LogUi::Scroll::Bottom;
                setFollowing(log, !followingNow(log, out), out);
                break;
            case ' ': out.autoRefresh = !out.autoRefresh.value_or(log.autoRefresh); break;
            case 'g':
                ui.scroll = LogUi::Scroll::Top;
                setFollowing(log, false, out);
                break;
            case 'G':
                ui.scroll = LogUi::Scroll::Bottom;
                setFollowing(log, true, out);
                break;
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
    fact("trigger", triggerText(sync));
    fact("started", sync.startedAt ? core::formatDateTime(sync.startedAt) + " UTC" : "—");
    if (syncFinished(status))
        fact("finished", sync.finishedAt ? core::formatDateTime(sync.finishedAt) + " UTC" : "—");
    const int64_t duration = syncDurationMs(sync, ctx.serverNow);
    fact(syncFinished(status) ? "duration" : "running for", formatDuration(duration));
    if (!syncFinished(status) && duration >= 0 && ctx.localNow)
        ctx.redrawBy(ctx.localNow + 1000 - duration % 1000);
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

void header(const LogState& log, FrameContext& ctx) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Sync #%" PRId64, log.syncId);
    const auto status = statusOf(log);
    if (status) {
        ImGui::SameLine();
        statusBadge(core::toString(*status), colourFor(*status));
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
}

void refreshBar(const LogState& log, FrameContext& ctx, core::Intents& out) {
    const bool on = log.autoRefresh;
    if (toggleChip(
            on ? "Auto-refresh is on###log.autoRefresh" : "Auto-refresh is off###log.autoRefresh",
            on, kColourPushed))
        out.autoRefresh = !on;
    recordItem(ctx.items, "log.autoRefresh");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pause or resume the live refresh (Space)");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    const core::Freshness& f = log.freshness;
    if (f.error.empty() && finished(log) && !log.live) {
        textMuted("Finished — no more refreshes");
    } else if (f.error.empty() && !on && !finished(log)) {
        if (f.lastSuccessAt)
            textMuted("Paused · updated %s UTC",
                      formatClock(f.lastSuccessAt + ctx.serverOffset()).c_str());
        else
            textMuted("Paused");
    } else {
        ctx.redrawBy(freshnessNote(f, log.live, ctx.localNow, ctx.serverOffset()));
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(f.inFlight);
    if (ImGui::SmallButton("Refresh")) out.refreshNow = true;
    recordItem(ctx.items, "log.refresh");
    ImGui::EndDisabled();
}

void matchCount(const core::LogView& v, const LogUi& ui) {
    const core::LogFilter& f = v.filter();
    if (f.query.empty()) return;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (f.regex && !v.regexError().empty()) {
        textColoured(kColourError, "Invalid pattern: %s", v.regexError().c_str());
    } else if (v.matchCount() == 0) {
        textColoured(kColourWarning, "No matches");
    } else if (const size_t k = currentMatchNumber(v, ui.currentId)) {
        ImGui::Text("%s of %s matches", formatCount(static_cast<int64_t>(k)).c_str(),
                    formatCount(static_cast<int64_t>(v.matchCount())).c_str());
    } else {
        ImGui::Text("%s matches", formatCount(static_cast<int64_t>(v.matchCount())).c_str());
    }
}

void searchBar(const LogState& log, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    const core::LogView& v = log.view;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextItemWidth(std::min(300.0f, ImGui::GetContentRegionAvail().x * 0.5f));
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
    matchCount(v, ui);
}

void filterBar(const LogState& log, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    const core::LogFilter& f = out.logFilter ? *out.logFilter : log.view.filter();
    bool only = f.onlyMatching, regex = f.regex;
    if (ImGui::Checkbox("Only matching", &only)) editFilter(log, ui, out).onlyMatching = only;
    recordItem(ctx.items, "log.onlyMatching");
    ImGui::SameLine();
    if (ImGui::Checkbox("Regex", &regex)) editFilter(log, ui, out).regex = regex;
    recordItem(ctx.items, "log.regex");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Literals, . [a-z] [^…] \\d \\w \\s, * + ?, ^ $ (no groups or |)");
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
        }
        recordItem(ctx.items, std::string("log.level.") + core::toString(level));
    }
}

void navigationBar(const LogState& log, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    const bool following = followingNow(log, out);
    sameLineOrWrap(ImGui::CalcTextSize("Follow  Jump to next error").x + 40.0f, 18.0f);
    if (toggleChip("Follow###log.follow", following, kColourLink)) {
        if (!following) ui.scroll = LogUi::Scroll::Bottom;
        setFollowing(log, !following, out);
    }
    recordItem(ctx.items, "log.follow");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keep the newest line in view (f)");
    ImGui::SameLine(0, 4);
    const bool anyError = log.store.levelCount(core::LogLevel::Error) > 0 &&
                          log.view.filter().showsLevel(core::LogLevel::Error);
    ImGui::BeginDisabled(!anyError);
    if (ImGui::Button("Jump to next error")) stepError(log, ui, true, out);
    recordItem(ctx.items, "log.nextError");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(anyError ? "Next error (e), previous (E)" : "No error lines shown");
    ImGui::EndDisabled();
    const std::string shown = formatCount(static_cast<int64_t>(log.view.shownCount())) + " of " +
                              formatCount(static_cast<int64_t>(log.store.size())) + " lines";
    sameLineOrWrap(ImGui::CalcTextSize(shown.c_str()).x, 18.0f);
    ImGui::AlignTextToFramePadding();
    textMuted("%s", shown.c_str());
}

void backfillNote(const LogState& log) {
    if (!log.tailLoaded || log.complete()) return;
    const std::string held = formatCount(static_cast<int64_t>(log.store.size()));
    const std::string total = formatCount(std::max<int64_t>(log.serverLastId, log.store.lastId()));
    if (!log.backfillError.empty())
        textColoured(kColourWarning,
                     "Older lines could not be loaded: %s (retrying; held %s of %s)",
                     log.backfillError.c_str(), held.c_str(), total.c_str());
    else
        textMuted("Loading older lines… (held %s of %s)", held.c_str(), total.c_str());
}

// --- the lines ------------------------------------------------------------------------------

// Where each column of a row starts, in the mono font; computed once a frame.
struct RowLayout {
    float charW = 0, lineH = 0, textY = 0;
    float numberRight = 0, timeX = 0, levelX = 0, levelW = 0, messageX = 0;
};

RowLayout rowLayout(const LogState& log) {
    RowLayout L;
    L.charW = ImGui::CalcTextSize("0").x;
    L.lineH = std::floor(ImGui::GetFontSize() * 1.4f);
    L.textY = std::floor((L.lineH - ImGui::GetFontSize()) * 0.5f);
    int digits = 1;
    for (int64_t n = std::max<int64_t>(log.store.lastId(), 999); n >= 10; n /= 10) ++digits;
    L.numberRight = L.charW * static_cast<float>(digits + 1);
    L.timeX = L.numberRight + L.charW * 2;
    L.levelX = L.timeX + L.charW * 14;
    L.levelW = L.charW * 5 + 8.0f;
    L.messageX = L.levelX + L.levelW + L.charW * 2;
    return L;
}

// Message text is laid out span by span: a tab advances to the next tab stop (the font has no
// glyph for it; other control characters are drawn as the font's replacement, visibly). `x` is
// relative to the message's start, where the tab stops are counted from; returns the x after
// `text`, and draws it at `origin` + x when given a draw list.
float layText(std::string_view text, float charW, float x, ImDrawList* dl = nullptr,
              ImVec2 origin = ImVec2(), ImU32 colour = 0) {
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '\t') continue;
        if (i > start) {
            const char *b = text.data() + start, *e = text.data() + i;
            if (dl) dl->AddText(ImVec2(origin.x + x, origin.y), colour, b, e);
            x += ImGui::CalcTextSize(b, e).x;
        }
        if (i < text.size()) {
            const float stop = charW * kTabWidth;
            x = (std::floor(x / stop) + 1.0f) * stop;
        }
        start = i + 1;
    }
    return x;
}

// What of a message is drawn on its row: its first line, at most kMaxDrawBytes (cut at a UTF-8
// boundary); `rest` says what was left out.
std::string_view visiblePart(std::string_view text, std::string& rest) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    size_t end = std::min(text.find('\n'), text.size());
    bool cut = false;
    if (end > kMaxDrawBytes) {
        end = kMaxDrawBytes;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        cut = true;
    }
    rest.clear();
    if (end < text.size()) {
        const size_t lines = static_cast<size_t>(std::count(text.begin() + end, text.end(), '\n'));
        char buf[64];
        if (lines > 0 && !cut)
            std::snprintf(buf, sizeof buf, "  ↵ +%zu more line%s", lines, lines == 1 ? "" : "s");
        else
            std::snprintf(buf, sizeof buf, "  … +%s more",
                          formatBytes(static_cast<int64_t>(text.size() - end)).c_str());
        rest = buf;
    }
    return text.substr(0, end);
}

void drawMatches(ImDrawList* dl, const core::LogView& v, std::string_view text, ImVec2 at,
                 float height, float charW, bool current) {
    if (v.filter().query.empty()) return;
    size_t from = 0, laid = 0;  // matches are measured from where the last one ended
    float x = 0.0f;
    for (int k = 0; k < kMaxHighlights && from <= text.size(); ++k) {
        size_t len = 0;
        const size_t pos = v.findIn(text, from, &len);
        if (pos == std::string_view::npos || pos >= text.size()) break;
        const size_t end = std::min(pos + len, text.size());
        const float x0 = layText(text.substr(laid, pos - laid), charW, x);
        x = layText(text.substr(pos, end - pos), charW, x0);
        laid = end;
        if (x > x0)
            dl->AddRectFilled(ImVec2(at.x + x0 - 1, at.y), ImVec2(at.x + x + 1, at.y + height),
                              current ? kColourCurrentMatch : kColourMatch, 2.0f);
        from = pos + std::max<size_t>(len, 1);
    }
}

std::string payloadLabel(const core::PayloadRef& p, core::TimeMs serverNow) {
    std::string label = "[";
    label += p.kind == core::PayloadKind::Pull   ? "pull payload"
             : p.kind == core::PayloadKind::Push ? "push payload"
                                                 : "custom script payload";
    if (p.expiresAt && serverNow >= p.expiresAt) label += " · expired";
    return label + "]";
}

void payloadTooltip(const core::PayloadRef& p, core::TimeMs serverNow) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(p.fileName.empty() ? "payload" : p.fileName.c_str());
    textMuted("%s · %s", p.contentType.empty() ? "unknown type" : p.contentType.c_str(),
              formatBytes(p.sizeBytes).c_str());
    if (p.expiresAt && serverNow >= p.expiresAt)
        textColoured(kColourWarning, "Expired %s UTC", core::formatDateTime(p.expiresAt).c_str());
    else if (p.expiresAt)
        textMuted("Kept until %s UTC", core::formatDateTime(p.expiresAt).c_str());
    ImGui::EndTooltip();
}

// The link after a message; returns where it ends.
float payloadLink(const core::PayloadRef& p, ImVec2 at, FrameContext& ctx, core::Intents& out) {
    const std::string label = payloadLabel(p, ctx.serverNow);
    const bool expired = p.expiresAt && ctx.serverNow >= p.expiresAt;
    ImGui::SetCursorScreenPos(at);
    ImGui::PushID(static_cast<int>(p.id));
    if (linkButton(label.c_str(), expired ? withAlpha(kColourLink, 0.55f) : kColourLink))
        out.openPayload = p;
    ImGui::PopID();
    recordItem(ctx.items, "log.payload." + std::to_string(p.id));
    if (ImGui::IsItemHovered()) payloadTooltip(p, ctx.serverNow);
    return ImGui::GetItemRectMax().x;
}

void rowBackground(ImDrawList* dl, ImVec2 a, ImVec2 b, core::LogLevel level, bool current) {
    if (level == core::LogLevel::Error)
        dl->AddRectFilled(a, b, withAlpha(kColourError, 0.08f));
    else if (level == core::LogLevel::Warning)
        dl->AddRectFilled(a, b, withAlpha(kColourWarning, 0.06f));
    if (current) {
        dl->AddRectFilled(a, b, kColourCurrentLine);
        dl->AddRectFilled(a, ImVec2(a.x + 3.0f, b.y), kColourLink);
    }
    if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(a, b, false))
        dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 10));
}

// The gutter (line number), time and level badge.
void rowPrefix(ImDrawList* dl, const core::LogLineView& line, ImVec2 a, const RowLayout& L) {
    const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%" PRId64, line.id);
    const float y = a.y + L.textY;
    dl->AddText(ImVec2(a.x + L.numberRight - L.charW * static_cast<float>(n), y), muted, buf,
                buf + n);
    n = formatClock(buf, sizeof buf, line.at, true);
    dl->AddText(ImVec2(a.x + L.timeX, y), muted, buf, buf + n);
    const ImU32 colour = colourFor(line.level);
    const ImVec2 badgeMin(a.x + L.levelX, a.y + 2.0f);
    dl->AddRectFilled(badgeMin, ImVec2(badgeMin.x + L.levelW, a.y + L.lineH - 2.0f),
                      withAlpha(colour, 0.16f), 3.0f);
    const char* label = levelLabel(line.level);
    const float w = ImGui::CalcTextSize(label).x;
    dl->AddText(ImVec2(badgeMin.x + (L.levelW - w) * 0.5f, y), colour, label);
}

void drawRow(const LogState& log, size_t row, const RowLayout& L, FrameContext& ctx,
             core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    const core::LogView& v = log.view;
    const core::LogLineView line = log.store.lineById(v.shownId(row));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const ImRect clip = ImGui::GetCurrentWindow()->InnerClipRect;
    const float rowW = std::max(ui.maxLineWidth, clip.Max.x - a.x);
    const bool current = line.id == ui.currentId;
    rowBackground(dl, a, ImVec2(a.x + rowW, a.y + L.lineH), line.level, current);
    rowPrefix(dl, line, a, L);

    std::string rest;
    const std::string_view text = visiblePart(line.text, rest);
    const ImVec2 textAt(a.x + L.messageX, a.y + L.textY);
    drawMatches(dl, v, text, ImVec2(textAt.x, a.y + 1.0f), L.lineH - 2.0f, L.charW, current);
    const ImU32 colour = line.level == core::LogLevel::Debug
                             ? ImGui::GetColorU32(ImGuiCol_TextDisabled)
                             : ImGui::GetColorU32(ImGuiCol_Text);
    float end = textAt.x + layText(text, L.charW, 0.0f, dl, textAt, colour);
    if (!rest.empty()) {
        dl->AddText(ImVec2(end, textAt.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), rest.c_str());
        end += ImGui::CalcTextSize(rest.c_str()).x;
    }
    if (line.payload)
        end = payloadLink(*line.payload, ImVec2(end + L.charW * 2, textAt.y), ctx, out);
    ui.maxLineWidth = std::max(ui.maxLineWidth, end - a.x + L.charW * 2);

    // The row as one item: its rect is `log.line.<n>` (and where selection will hook in).
    // No spacing after it: rows are exactly lineH apart, as the clipper was told.
    ImGui::SetCursorScreenPos(a);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0.0f, 0.0f));
    ImGui::Dummy(ImVec2(std::max(rowW, end - a.x), L.lineH));
    ImGui::PopStyleVar();
    recordItem(ctx.items, "log.line." + std::to_string(line.id));
    if (a.y >= clip.Min.y - 1.0f && a.y + L.lineH <= clip.Max.y + 1.0f) {
        if (!ui.firstVisibleId) ui.firstVisibleId = line.id;
        ui.lastVisibleId = line.id;
    }
}

// Scrolling decided before the child begins, so it shows in this very frame.
struct ScrollPlan {
    bool following = false;
    bool userScrolled = false;  // the wheel moved the list since the last frame
};

ScrollPlan planScroll(const LogState& log, LogUi& ui, const RowLayout& L, float viewH,
                      core::Intents& out) {
    ScrollPlan plan;
    plan.following = followingNow(log, out);
    const core::LogView& v = log.view;
    const float totalH = L.lineH * static_cast<float>(v.shownCount());
    // A wheel scroll since the last frame is still pending as the window's scroll target.
    ImGuiWindow* window = ui.linesWindowId ? ImGui::FindWindowByID(ui.linesWindowId) : nullptr;
    if (window && window->ScrollTarget.y < FLT_MAX &&
        std::fabs(window->ScrollTarget.y - window->Scroll.y) > 0.5f) {
        plan.userScrolled = true;
        if (window->ScrollTarget.y < window->Scroll.y) plan.following = false;
    }
    // Older lines loaded above the view, or a filter change, move the rows: keep the top line
    // where it was (a wheel scroll pending is kept on top of that).
    if (!plan.following && ui.scroll == LogUi::Scroll::None && ui.anchorId && window) {
        const size_t row = v.rowOfId(ui.anchorId);
        if (row != ui.anchorRow) {
            const float base =
                window->ScrollTarget.y < FLT_MAX ? window->ScrollTarget.y : window->Scroll.y;
            const float delta =
                (static_cast<float>(row) - static_cast<float>(ui.anchorRow)) * L.lineH;
            ImGui::SetNextWindowScroll(ImVec2(-1.0f, std::max(0.0f, base + delta)));
        }
    }
    const ImVec2 pad = ImGui::GetStyle().WindowPadding;
    switch (ui.scroll) {
        case LogUi::Scroll::Top:
            ImGui::SetNextWindowScroll(ImVec2(-1.0f, 0.0f));
            plan.following = false;
            break;
        case LogUi::Scroll::Bottom: plan.following = true; break;
        case LogUi::Scroll::Line: {
            const int64_t id = ui.scrollLineId;
            const bool inView =
                id >= ui.firstVisibleId && id <= ui.lastVisibleId && ui.firstVisibleId;
            if (!inView) {
                const float y = pad.y + L.lineH * static_cast<float>(v.rowOfId(id));
                ImGui::SetNextWindowScroll(
                    ImVec2(-1.0f, std::max(0.0f, y - (viewH - L.lineH) * 0.4f)));
            }
            plan.following = false;
            break;
        }
        case LogUi::Scroll::None: break;
    }
    ui.scroll = LogUi::Scroll::None;
    if (plan.following) ImGui::SetNextWindowScroll(ImVec2(-1.0f, totalH + viewH));
    // Explicit on both axes (0 would mean "measure the items"): the height is every row's, the
    // width the widest line seen, so the scrollbars never depend on which rows are visible.
    ImGui::SetNextWindowContentSize(ImVec2(std::max(ui.maxLineWidth, 1.0f), totalH));
    return plan;
}

void linesChild(const LogState& log, float viewH, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    const RowLayout L = rowLayout(log);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6.0f, 4.0f));
    ScrollPlan plan = planScroll(log, ui, L, viewH, out);
    ImGui::BeginChild("log.lines", ImVec2(0, viewH), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PopStyleVar();  // the child's own padding only, not its tooltips'
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ui.linesWindowId = window->ID;
    ui.firstVisibleId = ui.lastVisibleId = 0;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(log.view.shownCount()), L.lineH);
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row)
            drawRow(log, static_cast<size_t>(row), L, ctx, out);
    // The user's own scrolling (wheel, or the scrollbar dragged, which moves the list inside
    // BeginChild) decides whether the view follows: at the bottom it does, elsewhere not.
    const bool dragging = ImGui::GetActiveID() == ImGui::GetWindowScrollbarID(window, ImGuiAxis_Y);
    const bool atBottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;
    if (plan.userScrolled || dragging) plan.following = atBottom;
    ui.anchorId = plan.following ? 0 : ui.firstVisibleId;
    ui.anchorRow = ui.anchorId ? log.view.rowOfId(ui.anchorId) : 0;
    ImGui::EndChild();
    setFollowing(log, plan.following, out);
}

size_t newLineCount(const LogState& log, const LogUi& ui) {
    const core::LogView& v = log.view;
    return v.shownCount() - std::min(v.shownCount(), v.rowOfId(ui.tailIdWhenLeft + 1));
}

void newLinesBar(size_t count, FrameContext& ctx, core::Intents& out, const LogState& log) {
    char label[64];
    std::snprintf(label, sizeof label, "%s new line%s  ↓###log.newLines",
                  formatCount(static_cast<int64_t>(count)).c_str(), count == 1 ? "" : "s");
    ImGui::PushStyleColor(ImGuiCol_Button, withAlpha(kColourLink, 0.25f));
    if (ImGui::Button(label, ImVec2(-FLT_MIN, 0))) {
        ctx.ui.log.scroll = LogUi::Scroll::Bottom;
        setFollowing(log, true, out);
    }
    ImGui::PopStyleColor();
    recordItem(ctx.items, "log.newLines");
}

// What the lines' area says when there is no line to draw. True when it said something.
bool emptyLines(const LogState& log, FrameContext& ctx, core::Intents& out) {
    if (!log.tailLoaded) {
        const std::string& err = log.freshness.error;
        if (err.empty()) {
            textMuted("Loading the log…");
        } else {
            textColoured(kColourWarning, "The log could not be loaded: %s", err.c_str());
            if (ImGui::Button("Try again")) out.refreshNow = true;
            recordItem(ctx.items, "log.retry");
        }
        return true;
    }
    if (log.store.empty()) {
        textMuted(finished(log) ? "This sync wrote no log lines."
                                : "No log lines yet: they appear here as the sync writes them.");
        return true;
    }
    if (log.view.shownCount() == 0) {
        textMuted("No line matches the level filter%s.",
                  log.view.filter().onlyMatching ? " and the search" : "");
        ImGui::SameLine();
        if (ImGui::SmallButton("Show every line")) {
            core::LogFilter& f = editFilter(log, ctx.ui.log, out);
            f.levels = {{true, true, true, true}};
            f.onlyMatching = false;
        }
        recordItem(ctx.items, "log.showAll");
        return true;
    }
    return false;
}

void linesArea(const LogState& log, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    if (emptyLines(log, ctx, out)) return;
    const core::LogView& v = log.view;
    if (followingNow(log, out)) ui.tailIdWhenLeft = v.shownId(v.shownCount() - 1);
    const size_t fresh = followingNow(log, out) ? 0 : newLineCount(log, ui);
    const float barH = fresh ? ImGui::GetFrameHeightWithSpacing() : 0.0f;
    const float viewH = std::max(ImGui::GetContentRegionAvail().y - barH, 60.0f);
    if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
    linesChild(log, viewH, ctx, out);
    if (ctx.fonts.mono) ImGui::PopFont();
    if (fresh) newLinesBar(fresh, ctx, out, log);
}

}  // namespace

void drawLogView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    if (!s.log || s.log->syncId != s.route.syncId) {
        ImGui::AlignTextToFramePadding();
        ImGui::Text("Sync #%" PRId64, s.route.syncId);
        ImGui::SameLine();
        textMuted("Opening the log…");
        return;
    }
    const LogState& log = *s.log;
    LogUi& ui = ctx.ui.log;
    adoptLog(log, ui);
    handleKeys(s, log, ctx, out);
    pendingJumps(s, log, ui, out);
    header(log, ctx);
    refreshBar(log, ctx, out);
    searchBar(log, ctx, out);
    filterBar(log, ctx, out);
    navigationBar(log, ctx, out);
    backfillNote(log);
    linesArea(log, ctx, out);
}

}  // namespace ui
