// core/time.h — parsing and formatting of the API's times, and "… ago" against the server clock.
//
// The API sends ISO-8601 UTC ("2026-11-28T06:30:00.000Z", Laravel adds microseconds); HTTP's Date
// header is RFC 7231 ("Sat, 28 Nov 2026 06:30:00 GMT"). "… ago" and the 24-hour window use the
// server's clock, so the app keeps the offset between the server's Date and its own clock.
#pragma once

#include <optional>
#include <string>

#include "core/model.h"

namespace core {

// ISO-8601 with an optional fraction (digits past milliseconds are cut) and a zone written `Z`,
// `±HH:MM`, `±HHMM` or `±HH`; a time with no zone is read as UTC. A space may stand for the T.
// Both refuse a day the month does not have (31 February is not 3 March).
std::optional<TimeMs> parseIso8601(const std::string& s);
std::optional<TimeMs> parseHttpDate(const std::string& s);
std::string formatIso8601(TimeMs t);   // 2026-11-28T06:30:00.000Z
std::string formatDateTime(TimeMs t);  // 2026-11-28 06:30:00 (UTC)
std::string formatAgo(TimeMs t, TimeMs now);
// The civil date of a day number (days since 1970-01-01; Howard Hinnant's algorithm).
void civilFromDays(int64_t days, int& year, unsigned& month,
                   unsigned& day);  // "just now", "5 min ago", "3 h ago", "2 d ago"

}  // namespace core
