// core/time_zone.h — how times are shown: in UTC (the default, as the API sends them) or in the
// browser's local time, and the formatting of a time in either.
//
// The local zone is one fixed offset: the browser's at start-up (`new Date().getTimezoneOffset()`,
// handed in by src/web). Every time is shifted by it, so a log that spans a daylight-saving change
// shows the times on the far side of the change an hour off; a sync log covers minutes to hours of
// the last day, and one offset keeps every time in a view comparable and the label ("UTC+01:00")
// true for all of them. Labels name the offset, not an abbreviation ("CET" is ambiguous, and
// browsers do not agree on them).
#pragma once

#include <cstddef>
#include <string>

#include "core/model.h"

namespace core {

struct TimeZone {
    bool local = false;     // false: UTC
    int offsetMinutes = 0;  // local time minus UTC (east positive: +60 for CET); used when local

    // The wall-clock time to show for a UTC time (still counted in ms since the epoch).
    TimeMs shift(TimeMs utc) const { return local ? utc + offsetMinutes * 60000LL : utc; }
    // "UTC", or the local offset: "UTC+01:00", "UTC-05:30" (UTC+00:00 when local is UTC itself).
    std::string label() const;
    bool operator==(const TimeZone& o) const {
        return local == o.local && offsetMinutes == o.offsetMinutes;
    }
    bool operator!=(const TimeZone& o) const { return !(*this == o); }
};

// ISO-8601 with milliseconds in the zone: "2026-11-28T06:30:00.037Z" in UTC,
// "2026-11-28T07:30:00.037+01:00" in local time. Writes into `out` (at least 32 bytes) and returns
// the length; allocates nothing (a million-line download formats a million of them).
size_t formatIsoIn(char* out, size_t size, TimeMs t, const TimeZone& zone);
std::string formatIsoIn(TimeMs t, const TimeZone& zone);
// "2026-11-28 07:30:00 UTC+01:00" (or "… UTC"): a date and time with its zone, for headers and
// tooltips.
std::string formatDateTimeIn(TimeMs t, const TimeZone& zone);

}  // namespace core
