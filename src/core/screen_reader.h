// core/screen_reader.h — what SyncScope tells screen readers, from the App's state.
//
// The interface is drawn into one <canvas>, which assistive technology cannot read. src/web keeps
// two DOM elements beside it (src/web/a11y.cpp): a visually hidden summary of the view on screen
// (describeView) and a polite live region (Announcer) that speaks when the view changes, when a
// refresh fails and when the sync on screen finishes. Both are worked out here, platform-free and
// unit-tested, and only when the App's state changed — never per frame. What comes from the data
// (names, searches, messages) is told as copied (core/display_text.h, copyText): no escape
// sequences, control characters or bidi controls.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/app.h"

namespace core {

struct ViewDescription {
    std::string heading;             // "Service “Orders to NetSuite”"
    std::vector<std::string> lines;  // counts, the selected sync, the banner …

    bool operator==(const ViewDescription& o) const {
        return heading == o.heading && lines == o.lines;
    }
    bool operator!=(const ViewDescription& o) const { return !(*this == o); }
};

// The view on screen: its title, what it counts, the sync selected, and the banner.
ViewDescription describeView(const AppState& s);

// What a copy's confirmation says (and the live region tells): "Copied 3 lines", "Copied 1 line",
// "Copied 12 characters" — `characters`: part of a line's text was copied, not whole lines.
std::string copiedWords(size_t count, bool characters);

// The live region's next words: "" when there is nothing new to say.
class Announcer {
public:
    std::string update(const AppState& s);
    // A confirmation on screen (a toast, UI state, not the App's): told once, when it appears.
    // `serial` counts the toasts shown (0: none yet), so the same words shown again are told
    // again; a toast already told, or gone (empty text), says nothing.
    std::string toast(uint64_t serial, const std::string& text);

private:
    bool started_ = false;
    std::string viewKey_;  // view, ids and whether its data arrived
    std::string banner_;   // the banner last announced (or seen)
    int64_t syncId_ = 0;
    std::optional<SyncStatus> syncStatus_;
    bool syncWasFinished_ = false;  // syncStatus_ had ended (an Unknown one: had a finish time)
    uint64_t toastSerial_ = 0;      // the last toast told
    bool quietTold_ = false;        // the log shown (syncId_) is quiet and was told so
};

}  // namespace core
