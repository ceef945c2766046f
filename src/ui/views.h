// ui/views.h — SyncScope's views: plain functions that read the app state and return what the
// user asked for (core::Intents). They never fetch and never change core state; the only state
// they keep is the widgets' own (text being typed, scroll requests, caches of what is drawn), in
// UiState.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/app.h"
#include "core/intents.h"
#include "core/overview_bins.h"
#include "core/payload_doc.h"
#include "core/time_zone.h"
#include "ui/item_rects.h"
#include "ui/widgets.h"

struct ImFont;

namespace ui {

struct Fonts {
    ImFont* ui = nullptr;    // Inter: the interface
    ImFont* mono = nullptr;  // JetBrains Mono: log text and payloads (the sync views)
};

// The service summary's widgets: the search and status filter. The rows they leave, in the order
// of the sorted column, are core::SummaryState::visible (the App applies the search, the filter
// and the sort once per change): the table draws from it.
struct SummaryUi {
    std::string search;  // by sync id or words of the reason
    int status = 0;      // 0: every status; otherwise core::SyncStatus + 1
    FocusRequest focusSearch;
    int64_t service = 0;  // the service the widgets were last drawn for (another: they start empty)
};

// The sync log's widgets. Reset whenever another sync's log is opened.
struct LogUi {
    int64_t syncId = 0;  // the log these belong to
    uint64_t storeGeneration = 0;
    std::string search;
    FocusRequest focusSearch;
    bool jumpOnMatches = false;  // the query changed: go to the first match once the view has it
    int64_t currentId = 0;       // the line navigated to (match, error, deep link): highlighted
    int64_t routeLineDone = 0;   // the ?line= already scrolled to
    // Scrolling asked for this frame, carried out when the lines' child window begins: to the top,
    // the bottom (following), a line (40 % down the view unless in view), a line just into view
    // (Reveal: the least scroll that shows it whole), a screen up or down (PageUp / PageDown).
    // Fraction: the overview ruler was clicked or dragged (ui/log_overview.h): the shown row at
    // scrollFraction of the rows, at that fraction of the view.
    enum class Scroll { None, Top, Bottom, Line, Reveal, PageUp, PageDown, Fraction };
    Scroll scroll = Scroll::None;
    int64_t scrollLineId = 0;
    // The header's "N not pushed · …" line (log.gap) shown whole; else at most two rows of it
    // with "more" (log.gap.more), so that a run with many causes leaves the lines their room.
    bool gapExpanded = false;
    float scrollFraction = 0.0f;
    // What the last frame showed, for navigation that starts "from here".
    int64_t firstVisibleId = 0;
    int64_t lastVisibleId = 0;
    int64_t tailIdWhenLeft = 0;  // the last shown line when the view stopped following
    float maxLineWidth = 0.0f;   // widest line drawn so far: the horizontal scroll range
    unsigned linesWindowId = 0;  // ImGuiID of the lines' child window (0 before the first frame)
    bool levelsApplied = false;  // the remembered level filter was applied to this log
    // Whole lines selected (ids, 0: none): from the line clicked to the line shift-clicked or
    // dragged to, either way round. What is copied is the shown lines in that range.
    int64_t selAnchor = 0;
    int64_t selEnd = 0;
    bool selDragging = false;
    std::unordered_set<int64_t> expanded;  // multi-line (or cut) messages shown whole
    int64_t menuId = 0;                    // the line the context menu is open for
    // Part of one line's message, selected by a press and a drag inside it (as on a web page):
    // bytes [partBegin, partEnd) of the message as drawn, of line partId (0: none). While there
    // is one, no whole line is selected, and copies take it.
    int64_t partId = 0;
    size_t partBegin = 0, partEnd = 0;
    int64_t dragFromId = 0;   // the line the drag started on
    int64_t dragTextId = 0;   // … when it started inside its message (0: on the gutter, time …)
    size_t dragTextByte = 0;  // the character boundary it started at
    // Part of one line's text: a read-only field in place of its message, to select characters.
    // Asked to activate; waiting for ImGui to; active with the word selected; active and taking
    // its shortcuts (ImGui routes Ctrl+C to a field from its second active frame on).
    enum class Edit { None, Activate, Waiting, Selected, Active } editPhase = Edit::None;
    int64_t editId = 0;
    std::string editText;   // the message as the field shows it (tabs as spaces)
    int editSelBegin = -1;  // bytes of editText to select once active; -1: all of it
    int editSelEnd = -1;
    int editWaitFrames = 0;   // frames waited for the field to become active
    bool editDrawn = false;   // the field was drawn this frame (its line is in view)
    std::string currentTime;  // the time drawn for the current line (for tests)
    // g / Home made the first line current: the next "next match / error / warning" may be that
    // line itself (so `g` then `e` finds the first error). Holds the id it applies to.
    int64_t inclusiveId = 0;
    // Kept at its place on screen while rows move (a level turned back on, Wrap, the time zone):
    // the current line when its top was in view, else the line at the top; its top below the top of
    // the view, and where the lines' child window began on screen (log_lines.cpp).
    int64_t keepId = 0;
    float keepY = 0.0f;
    float keepChildTop = 0.0f;
    int64_t revealMatchId = 0;  // a match just gone to: scrolled into view sideways (no wrap)
    float scrollX = 0.0f, scrollY = 0.0f;  // the lines' scroll position as drawn (for tests)
    float exactScrollY = -1.0f;  // the scroll position last asked for, unrounded (log_lines.cpp)
    // Narrower than logv::kFoldBelow this frame: the toolbar's less-used controls are in the
    // "More" menu (log.more) and Refresh sits at the end of the header (log_view.cpp).
    bool folded = false;
    std::string countText;  // "38 of 40,112 lines": the shown lines' count as drawn (for tests)
    // The overview ruler's bins (ui/log_overview.h), rebuilt only when the log, the filter or the
    // ruler's height changed; when they were last built (local clock).
    core::OverviewBins overview;
    core::TimeMs overviewBuiltAt = 0;
};

// A keyboard highlight over the rows of a list (services, a service's syncs): Up / Down move it,
// Enter opens its row (ui/list_keys.h). The id of the row; 0: none.
struct ListHighlight {
    int64_t id = 0;
    bool reveal = false;  // moved by a key: scroll its row into view in the next frame drawn
};

// The payload preview's document, prepared once per file (core/payload_doc.h: JSON laid out with
// its fold tree, CSV as a table, XML indented, or the bytes as sent) and where each line starts,
// so that only the visible lines are drawn; its search and folds (ui/payload_view.cpp).
struct PayloadUi {
    int64_t id = 0;  // the payload these belong to (0: none prepared)
    size_t bytes = 0;
    bool binary = false;
    const char* data = nullptr;  // the bytes' address: the builder reads them
    // While a big file is laid out, a slice a frame (core::PayloadDocBuilder): then doc is empty,
    // the preview shows "Laying out… N %" and state().log.preview is null.
    std::shared_ptr<core::PayloadDocBuilder> building;
    core::PayloadDoc doc;
    core::FoldState folds;  // of doc (set again whenever doc is)
    // The search (Ctrl+F or "/" while the preview is open): the field, the query the matches were
    // found for (byte offsets in the text shown, found once per query), the match gone to (from
    // 1; 0: none) and whether to scroll to it in the next frame.
    std::string query;
    FocusRequest focusSearch;
    std::string searched;
    std::vector<uint32_t> matches;
    size_t current = 0;
    bool scrollToCurrent = false;
    // The match gone to is scrolled into view sideways once its line is drawn (a wide line).
    bool revealSideways = false;
    float scrollX = 0;  // the text's, as last drawn (state().log.preview.scrollX)
    // The line Left / Right act on (0-based, in the unfolded layout): the last clicked or gone to.
    size_t currentLine = 0;
    bool scrollToLine = false;
    // Text selected by a press and a drag (as on a web page): from `anchor` to `end`, each a line
    // (of the unfolded layout) and a byte of that line as drawn; equal: nothing selected.
    struct Spot {
        size_t line = 0, byte = 0;
        bool operator==(const Spot& o) const { return line == o.line && byte == o.byte; }
        bool operator<(const Spot& o) const {
            return line < o.line || (line == o.line && byte < o.byte);
        }
    };
    Spot anchor, end;
    bool dragging = false;
    size_t selectedChars = 0;  // code points of the selection as copied
};

// Issue 19: the trace panel's field (trace.input) and a payload to open at a record: the file, the
// value traced and which of the lines holding it (from 0) is that record's (ui/trace_panel.h).
struct TraceUi {
    int64_t syncId = 0;  // the log these belong to (another: they start empty)
    bool open = false;   // the panel is shown (the field; core's TraceState holds the answer)
    std::string input;
    FocusRequest focus;
    int64_t atPayload = 0;  // a step clicked: scroll this file's preview …
    std::string atValue;    // … to the line holding this value …
    size_t atOccurrence = 0;
    int64_t atRecord = 0;  // … of this record (from 1; a CSV file goes to its row)
    bool atPending = false;
    size_t previewLine = 0;  // the line (from 1) scrolled to, for tests (0: none)
};

// A short confirmation over the bottom of the window ("Copied 3 lines"), for kToastMs; told once
// to screen readers (src/web/a11y). state().toast is its text while it shows.
struct Toast {
    std::string text;        // empty: none
    uint64_t serial = 0;     // counts the toasts shown
    core::TimeMs until = 0;  // local time it goes; 0: from the next frame drawn
};
constexpr core::TimeMs kToastMs = 2000;
inline void showToast(Toast& t, std::string text) {
    t.text = std::move(text);
    ++t.serial;
    t.until = 0;
}

// The login form's fields. The password is dropped once submitted, the token once handed over.
// The sign-in is a real HTML form in the page (shell/index.html; src/web/signin_form.cpp carries
// it in and out), so that password managers can fill it. What it shows comes from here, drawn by
// drawLoginView into LoginUi::screen each frame; what was typed comes back into the fields below
// with `action` set, and the next frame turns it into intents (and forgets the secrets).
struct LoginScreen {
    enum class Mode { Form, Checking, Retrying };
    Mode mode = Mode::Form;
    bool passwords = false;         // the email + password part (the dialect has POST /login)
    bool apiKeyScheme = false;      // the scheme the form starts with (Core: API key)
    bool busy = false;              // a sign-in is under way: the fields are disabled
    std::string status;             // Checking / Retrying: "Signing in… retrying in 4 s"
    std::string detail;             // … and why
    std::string message;            // Form: why it shows (refused token, 401 …)
    bool messageIsWarning = false;  // an expired session, rather than an error
    bool canRetry = false;          // "Try again" with the token the App still holds
    bool rememberTab = false;       // the boxes as they start (ticked for a remembered token)
    bool rememberDevice = false;
    int top = 0;  // canvas CSS px where the form may start: under the top bar and any warning
    int focusSerial = 0;         // grows when a field should take the keyboard …
    bool focusPassword = false;  // … the password (after a refused password), else the token
    bool operator==(const LoginScreen& o) const {
        return mode == o.mode && passwords == o.passwords && apiKeyScheme == o.apiKeyScheme &&
               busy == o.busy && top == o.top && status == o.status && detail == o.detail &&
               message == o.message && messageIsWarning == o.messageIsWarning &&
               canRetry == o.canRetry && rememberTab == o.rememberTab &&
               rememberDevice == o.rememberDevice && focusSerial == o.focusSerial &&
               focusPassword == o.focusPassword;
    }
    bool operator!=(const LoginScreen& o) const { return !(*this == o); }
};

struct LoginUi {
    // What the form handed over with its action (the secrets are wiped once they are intents).
    enum class Action { None, Submit, TryAgain, Cancel };
    Action action = Action::None;
    std::string token;
    std::string email;
    std::string password;
    int schemeIndex = -1;         // 0 Bearer, 1 API key; -1: the dialect's way (Core: API key)
    bool rememberMe = false;      // "Remember me in this tab" (the App is told on submit)
    bool rememberDevice = false;  // "Remember on this device" (localStorage)
    bool byPassword = false;      // "Sign in" sends email + password (the fields last typed in)
    bool submitted = false;   // the form sent what it holds (else a token from the URL or storage)
    bool focusWanted = true;  // a field takes the keyboard when the form is next usable …
    bool focusPassword = false;  // … the password after a password was sent, else the token
    LoginScreen screen;          // what the HTML form shows (drawLoginView fills it every frame)
};

// Widget state that lives between frames: what is being typed before it becomes an intent.
struct UiState {
    Theme theme = Theme::Dark;  // the look; drawApp applies it when it changes (see applyTheme)
    LoginUi login;
    std::string servicesSearch;
    // The services list's row at the top of its view, kept there when a refresh moves the rows
    // (issue 16): its id, its place in the list and the list it was in (servicesFetchedAt).
    int64_t servicesTopId = 0;
    int servicesTopRow = -1;
    core::TimeMs servicesTopOf = 0;
    float servicesScrollY = 0.0f, servicesRowHeight = 0.0f;
    FocusRequest focusSearch;
    ListHighlight servicesHighlight;
    SummaryUi summary;
    ListHighlight summaryHighlight;
    LogUi log;
    PayloadUi payload;
    TraceUi trace;
    // Remembered across visits (src/web/prefs.cpp), never the token: how times are shown
    // (src/web fills in the browser's offset), the level filter a log opens with, wrapping,
    // whether copied lines keep their times and levels, and whether the signatures panel is open.
    core::TimeZone timeZone;
    std::array<bool, 4> logLevels{{true, true, true, true}};  // by core::LogLevel
    bool logWrap = false;
    bool logSignatures = true;  // the log's signatures panel is open (signatures_panel.h)
    bool copyWithMeta = false;  // off unless chosen (core::Preferences)
    std::string pageUrl;        // the page's address without its hash (src/web), for links to lines
    bool touchSeen = false;     // a finger has been used: finger-wide hit areas (the log's ruler)
    Toast toast;
    // The text of a tooltip drawn from the data this frame (a run's reason in the summary), for
    // state().tooltip; cleared by drawApp at the start of every frame.
    std::string tooltip;
};

struct FrameContext {
    const Fonts& fonts;
    UiState& ui;
    ItemRects& items;
    core::TimeMs serverNow;     // for "… ago"
    core::TimeMs localNow = 0;  // the local clock (Freshness times are on it); 0: not known
    // Out: the local time at which something drawn changes by itself ("next in 4 s", a running
    // sync's duration), so the caller can draw a frame then; 0: nothing will.
    core::TimeMs redrawAt = 0;

    void redrawBy(core::TimeMs t) {
        if (t > 0 && (redrawAt == 0 || t < redrawAt)) redrawAt = t;
    }
    // A change that may be drawn up to `slackMs` late (a running sync's "running for" clock):
    // it shares the frame of an exact change due within that time instead of asking for one of
    // its own, so a live log's two 1 Hz clocks (that and "next in N s", at unrelated phases) cost
    // one frame a second, not two.
    void redrawWithin(core::TimeMs t, core::TimeMs slackMs) {
        if (t <= 0) return;
        if (lenientFrom == 0 || t > lenientFrom) lenientFrom = t;
        if (lenientUntil == 0 || t + slackMs < lenientUntil) lenientUntil = t + slackMs;
    }
    core::TimeMs lenientFrom = 0, lenientUntil = 0;  // when all the lenient changes can be drawn
    // When the next frame is needed (0: never by itself).
    core::TimeMs wakeAt() const {
        if (lenientFrom == 0) return redrawAt;
        if (redrawAt && redrawAt <= std::max(lenientFrom, lenientUntil)) return redrawAt;
        return lenientFrom;
    }
    // server clock minus local clock (0 when the local clock is not known)
    core::TimeMs serverOffset() const { return localNow ? serverNow - localNow : 0; }
};

// Draws the whole window for this frame and returns the user's intents.
core::Intents drawApp(const core::AppState& state, FrameContext& ctx);

// Applies SyncScope's colours and spacing to ImGui's style and the shared palette (widgets.h).
// drawApp calls it when UiState::theme differs from the theme applied; call it once at start.
void applyTheme(Theme theme);
Theme appliedTheme();

// The page title for the current state, e.g. "Services — SyncScope"; a service name in it is
// cleaned as a copy is (core/display_text.h, copyText).
std::string pageTitle(const core::AppState& state);

// What the views hold that tests read beside core's state (window.syncscope.state()): the time
// zone, and the log view's current line, selection, wrap and expanded lines. A JSON object.
std::string uiTestJson(const core::AppState& state, const UiState& ui);
// state().log.preview (ui/payload_view.cpp): the payload preview's text as drawn, or null.
nlohmann::json payloadPreviewJson(const core::AppState& state, const UiState& ui);

}  // namespace ui
