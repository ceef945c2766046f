// ui/views.h — SyncScope's views: plain functions that read the app state and return what the
// user asked for (core::Intents). They never fetch and never change core state; the only state
// they keep is the widgets' own (text being typed, scroll requests, caches of what is drawn), in
// UiState.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/app.h"
#include "core/intents.h"
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
    std::string search;  // by sync id
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
    // Scrolling asked for this frame, carried out when the lines' child window begins.
    enum class Scroll { None, Top, Bottom, Line } scroll = Scroll::None;
    int64_t scrollLineId = 0;
    // What the last frame showed, for navigation that starts "from here".
    int64_t firstVisibleId = 0;
    int64_t lastVisibleId = 0;
    int64_t anchorId = 0;        // the top line while not following, kept in place when lines are
    size_t anchorRow = 0;        // put above it (older lines loaded) or the filter changes
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
};

// The payload preview's text, prepared once per file: pretty-printed JSON (or the bytes as sent)
// and where each line starts, so that only the visible lines are drawn.
struct PayloadUi {
    int64_t id = 0;  // the payload these belong to (0: none prepared)
    size_t bytes = 0;
    bool binary = false;
    bool pretty = false;        // text is the file's JSON pretty-printed
    std::string text;           // pretty JSON; empty when the file's own bytes are shown
    size_t jsonErrorAt = 0;     // where a JSON file stopped being JSON (shown as sent)
    bool jsonTooDeep = false;   // or was nested too deep to lay out
    bool jsonTooLarge = false;  // or would grow too much laid out
    std::vector<size_t> lineStarts;
};

// The login form's fields. The password is dropped once submitted, the token once handed over.
struct LoginUi {
    std::string token;
    std::string email;
    std::string password;
    int schemeIndex = -1;        // 0 Bearer, 1 API key; -1: the dialect's way (Core: API key)
    bool focusToken = true;      // the token field takes the keyboard when the form shows
    bool focusPassword = false;  // … or the password field, after a password was refused
    bool rememberMe = false;     // "Remember me in this tab" (the App is told on submit)
    bool byPassword = false;     // "Sign in" sends email + password (the fields last typed in)
    bool submitted = false;  // the form sent what it holds (else a token from the URL or storage)
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
    SummaryUi summary;
    LogUi log;
    PayloadUi payload;
    // Remembered across visits (src/web/prefs.cpp), never the token: how times are shown
    // (src/web fills in the browser's offset), the level filter a log opens with, wrapping, and
    // whether copied lines keep their times and levels.
    core::TimeZone timeZone;
    std::array<bool, 4> logLevels{{true, true, true, true}};  // by core::LogLevel
    bool logWrap = false;
    bool copyWithMeta = true;
    std::string pageUrl;  // the page's address without its hash (src/web), for links to lines
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

}  // namespace ui
