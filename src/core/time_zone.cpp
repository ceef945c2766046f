// core/time_zone.cpp — see time_zone.h.
#include "core/time_zone.h"

#include <cstdio>
#include <cstdlib>

#include "core/time.h"

namespace core {
namespace {

constexpr int64_t kDayMs = 86400000;

void twoDigits(char* p, unsigned v) {
    p[0] = static_cast<char>('0' + v / 10 % 10);
    p[1] = static_cast<char>('0' + v % 10);
}

// "+01:00" / "-05:30" into p (6 bytes).
void offsetText(char* p, int minutes) {
    p[0] = minutes < 0 ? '-' : '+';
    const unsigned m = static_cast<unsigned>(std::abs(minutes));
    twoDigits(p + 1, m / 60);
    p[3] = ':';
    twoDigits(p + 4, m % 60);
}

}  // namespace

std::string TimeZone::label() const {
    if (!local) return "UTC";
    char buf[16] = "UTC";
    offsetText(buf + 3, offsetMinutes);
    buf[9] = 0;
    return buf;
}

size_t formatIsoIn(char* out, size_t size, TimeMs t, const TimeZone& zone) {
    char buf[40];
    const TimeMs wall = zone.shift(t);
    int64_t days = wall / kDayMs, ms = wall % kDayMs;
    if (ms < 0) ms += kDayMs, --days;
    int y;
    unsigned mo, d;
    civilFromDays(days, y, mo, d);
    // The year by snprintf (it may have any width); the rest by hand: this runs per log line.
    int n = std::snprintf(buf, sizeof buf, "%04d", y);
    if (n < 0 || n > 8) n = 4;
    char* p = buf + n;
    p[0] = '-';
    twoDigits(p + 1, mo);
    p[3] = '-';
    twoDigits(p + 4, d);
    p[6] = 'T';
    twoDigits(p + 7, static_cast<unsigned>(ms / 3600000));
    p[9] = ':';
    twoDigits(p + 10, static_cast<unsigned>(ms / 60000 % 60));
    p[12] = ':';
    twoDigits(p + 13, static_cast<unsigned>(ms / 1000 % 60));
    p[15] = '.';
    const unsigned frac = static_cast<unsigned>(ms % 1000);
    p[16] = static_cast<char>('0' + frac / 100);
    twoDigits(p + 17, frac % 100);
    p += 19;
    if (zone.local) {
        offsetText(p, zone.offsetMinutes);
        p += 6;
    } else {
        *p++ = 'Z';
    }
    size_t len = static_cast<size_t>(p - buf);
    if (size == 0) return 0;
    if (len >= size) len = size - 1;
    for (size_t i = 0; i < len; ++i) out[i] = buf[i];
    out[len] = 0;
    return len;
}

std::string formatIsoIn(TimeMs t, const TimeZone& zone) {
    char buf[40];
    const size_t n = formatIsoIn(buf, sizeof buf, t, zone);
    return std::string(buf, n);
}

std::string formatDateTimeIn(TimeMs t, const TimeZone& zone) {
    return formatDateTime(zone.shift(t)) + " " + zone.label();
}

}  // namespace core
