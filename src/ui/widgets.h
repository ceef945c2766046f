// ui/widgets.h — small widgets the views share: std::string text fields (ImGui's own
// imgui_stdlib is not in Debian's source package), status badges, muted text, links and toggle
// chips, the colours of statuses and log levels, and the formatting of times, durations, counts
// and sizes the way every view shows them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/time_zone.h"
#include "imgui.h"

namespace core {
struct Freshness;
}

namespace ui {

bool inputText(const char* label, const char* hint, std::string& value,
               ImGuiInputTextFlags flags = 0);
// Focus requested by a shortcut (Ctrl/Cmd+F, "/"). ImGui activates the field a frame or two
// later, and would drop what is typed in between; so those characters are held back and replayed
// into the field once it is active — after its activation selected the old text, so typing
// replaces the old query, as a browser's find bar does.
struct FocusRequest {
    bool requested = false;  // set by the view when the shortcut fires
    int catchFrames = 0;     // frames left to hold typed characters for the field
    int pasteFrames = 0;     // frames left to catch a paste the field cannot take yet
    std::vector<unsigned> held;
};

// Makes the widget with this label (in the current ID stack) the active text field from the next
// frame on, as if clicked. Call before drawing it.
void activateNext(const char* label);

// A search field that honours a FocusRequest. Returns true when the text changed.
bool searchField(const char* label, const char* hint, std::string& value, FocusRequest& focus);
void statusBadge(const char* text, ImU32 colour);
ImU32 colourFor(core::ServiceStatus s);
ImU32 colourFor(core::SyncStatus s);
void textMuted(const char* fmt, ...) IM_FMTARGS(1);
void textColoured(ImU32 colour, const char* fmt, ...) IM_FMTARGS(2);

// The two looks. The colours below follow the one in use (applyTheme in views.h sets it).
enum class Theme { Dark, Light };
// Switches the shared colours below and colourFor() to the theme's palette: the same hues, light
// on the dark theme and deeper on the light one, so text drawn in them stays readable on both.
void usePalette(Theme theme);

// Colours the views share (the same hues as the statuses'), for the theme in use.
extern const ImU32& kColourWarning;
extern const ImU32& kColourError;
extern const ImU32& kColourLink;
extern const ImU32& kColourPulled;
extern const ImU32& kColourPushed;
extern const ImU32& kColourMatch;         // a search match's background
extern const ImU32& kColourCurrentMatch;  // the match navigated to
ImU32 colourFor(core::LogLevel l);
const char* levelLabel(core::LogLevel l);  // "DEBUG", "INFO", "WARN", "ERROR"
ImU32 withAlpha(ImU32 colour, float alpha);

// Ctrl/Cmd+F anywhere, and "/" when no text field has the keyboard (the browser's own find
// cannot see into a canvas), ask `focus` for its search field. "/" is taken out of the typed
// characters so it does not land in the field.
void findShortcuts(FocusRequest& focus);

// A link: coloured text, underlined and a hand cursor on hover. True when clicked.
bool linkButton(const char* label, ImU32 colour = kColourLink);

// Widgets whose text comes from the data (a service's name, a file's name, a facet's value). An
// ImGui label is parsed — "##" hides the rest and "###" replaces the id — so a label is never
// built from data (issue 13 item 7): these take a fixed `id` and draw `text` as it is.
bool linkButtonText(const char* id, const std::string& text, ImU32 colour = kColourLink);
bool textButton(const char* id, const std::string& text, bool small = false);
bool selectableText(const char* id, const std::string& text, bool selected);
// Every on/off switch of the views (Follow, Wrap, Regex, level filters, auto-refresh, …): a pill
// with a mark, filled in `colour` with a check when on, outlined with an empty ring and a muted
// label when off — never mistaken for an action button. True when clicked.
bool toggleChip(const char* label, bool on, ImU32 colour);
// The width toggleChip(label, …) takes, and that of a Button(label) (text before any "##").
float toggleChipWidth(const char* label);
float buttonWidth(const char* label);

// A text from the data drawn on one line: cleaned as log messages are (core::displayText), line
// breaks and tabs as spaces.
std::string oneLineText(std::string_view text);
// `text` cut to `width` (pixels, the current font) with "…" at its end when it does not fit.
std::string fitText(const std::string& text, float width);

// formatClock writes "06:30:00" (or "06:30:00.037" with millis) of the time as given — UTC, or
// shifted to the user's zone first with core::TimeZone::shift — into `out` and returns its
// length; it allocates nothing (the log draws thousands a second while scrolling).
int formatClock(char* out, size_t size, core::TimeMs t, bool millis);
std::string formatClock(core::TimeMs t, bool millis = false);
std::string formatDuration(int64_t ms);  // "850 ms", "4.2 s", "37 s", "4 min 05 s", "2 h 03 min"
std::string formatCount(int64_t n);      // "12,345"; "—" for -1 (the API has no such count)
std::string formatBytes(int64_t n);      // "512 bytes", "12.3 KB", "4.1 MB"

// Continues the line with the next item of about `width` if it fits, else starts a new line: a
// row of facts or controls that wraps on a narrow screen. Call between two items.
void sameLineOrWrap(float width, float spacing = -1.0f);

// A sync's trigger as the API named it ("schedule", "webhook" …).
const char* triggerText(const core::Sync& sync);
// Whether a sync has finished, its status as shown and its duration: core::syncFinished,
// core::statusText and core::syncDurationMs (model.h), shared with the summary's sort.

// A sync's pushed count, in the warning colour with the gap ("118  -2") when fewer records were
// pushed than pulled; "—" when the API has no count.
void pushedText(int64_t pulled, int64_t pushed);
// A sync's warnings / errors ("3 / 1"), each coloured when not zero; "—" when unknown.
void issuesText(const core::Sync& sync);

// "Updated 12:03:05 UTC · next in 4 s", or "Refresh failed: … (showing data from 12:02:55 UTC)".
// Freshness times are on the local clock: `serverOffset` (server minus local) shows them on the
// server's, like every other time; the countdown needs `localNow` (0: no countdown). `live`: a
// refresh is scheduled by itself. Returns the local time at which the text changes by itself
// (the countdown ticks), or 0. Times are shown in `zone` (UTC unless the user chose local time).
core::TimeMs freshnessNote(const core::Freshness& f, bool live, core::TimeMs localNow,
                           core::TimeMs serverOffset, const core::TimeZone& zone = {});

}  // namespace ui
