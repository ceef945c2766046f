// core/preferences.h — what SyncScope remembers across visits, as one small JSON value (src/web
// keeps it in localStorage under one key): the theme, the time zone, the log level filter, the
// wrap toggle, whether copies carry times and levels, and whether the signatures panel is open.
// Never the token, nor anything else about the session: there is no field for it.
//
// Reading is forgiving: a key that is missing, of the wrong type or unknown keeps its default, and
// text that is not JSON at all gives the defaults — a stored value from an older or newer version
// never stops the app from starting.
#pragma once

#include <array>
#include <string>

namespace core {

struct Preferences {
    std::string theme;       // "dark" or "light"; empty: follow the system (prefers-color-scheme)
    bool localTime = false;  // times in the browser's local zone instead of UTC
    std::array<bool, 4> levels{
        {true, true, true, true}};  // by LogLevel: the filter a log opens with
    bool wrap = false;              // long log lines wrap
    // Copied lines keep time and level. Off where nothing is stored: a copy is the messages, as
    // a web page's text copies what it shows of them; the toggle adds times and levels.
    bool copyWithMeta = false;
    bool signatures = true;  // the log's signatures panel is open (closed only when chosen)

    bool operator==(const Preferences& o) const {
        return theme == o.theme && localTime == o.localTime && levels == o.levels &&
               wrap == o.wrap && copyWithMeta == o.copyWithMeta && signatures == o.signatures;
    }
    bool operator!=(const Preferences& o) const { return !(*this == o); }
};

// {"version":1,"theme":"dark","timeZone":"local","levels":{"debug":true,…},"wrap":false,
//  "copyWithMeta":false,"signatures":true} — the theme is left out while it follows the system.
std::string preferencesToJson(const Preferences& p);
Preferences preferencesFromJson(const std::string& json);

}  // namespace core
