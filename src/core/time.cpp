// core/time.cpp — see time.h.
#include "core/time.h"

#include <cctype>
#include <cstdio>
#include <cstring>

namespace core {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool digits(const char* p, int n, int& out) {
    out = 0;
    for (int i = 0; i < n; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(p[i]))) return false;
        out = out * 10 + (p[i] - '0');
    }
    return true;
}

int daysInMonth(int y, int mo) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mo == 2 && leap ? 29 : days[mo - 1];
}

// A real calendar date only: 31 February is refused, not read as 3 March. (A leap second,
// :60, is taken as the next second's start.)
std::optional<TimeMs> compose(int y, int mo, int d, int h, int mi, int s, int ms) {
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    const int64_t days = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    return ((days * 24 + h) * 60 + mi) * 60000LL + s * 1000LL + ms;
}

}  // namespace

void civilFromDays(int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (m <= 2));
}

std::optional<TimeMs> parseIso8601(const std::string& str) {
    // YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM|±HHMM|±HH]; no zone: UTC
    const char* p = str.c_str();
    const size_t n = str.size();
    int y, mo, d, h, mi, s;
    if (n < 19 || !digits(p, 4, y) || p[4] != '-' || !digits(p + 5, 2, mo) || p[7] != '-' ||
        !digits(p + 8, 2, d) || (p[10] != 'T' && p[10] != ' ') || !digits(p + 11, 2, h) ||
        p[13] != ':' || !digits(p + 14, 2, mi) || p[16] != ':' || !digits(p + 17, 2, s))
        return std::nullopt;
    size_t i = 19;
    int ms = 0;
    if (i < n && p[i] == '.') {
        ++i;
        int scale = 100, count = 0;
        while (i < n && std::isdigit(static_cast<unsigned char>(p[i]))) {
            if (count < 3) ms += (p[i] - '0') * scale, scale /= 10;
            ++count, ++i;
        }
        if (count == 0) return std::nullopt;
    }
    int64_t offsetMin = 0;
    if (i < n && (p[i] == 'Z' || p[i] == 'z')) {
        ++i;
    } else if (i < n && (p[i] == '+' || p[i] == '-')) {
        // ±HH:MM, ±HHMM (as some servers write it) or ±HH; hours up to 23, minutes up to 59.
        const int sign = p[i] == '-' ? -1 : 1;
        const size_t left = n - i - 1;
        int oh = 0, om = 0;
        if (left < 2 || !digits(p + i + 1, 2, oh)) return std::nullopt;
        if (left == 2) {
            i += 3;
        } else if (left == 4 && digits(p + i + 3, 2, om)) {
            i += 5;
        } else if (left == 5 && p[i + 3] == ':' && digits(p + i + 4, 2, om)) {
            i += 6;
        } else {
            return std::nullopt;
        }
        if (oh > 23 || om > 59) return std::nullopt;
        offsetMin = (oh * 60 + om) * sign;
    } else if (i != n) {
        return std::nullopt;
    }
    if (i != n) return std::nullopt;
    auto t = compose(y, mo, d, h, mi, s, ms);
    if (!t) return std::nullopt;
    return *t - offsetMin * 60000;
}

std::optional<TimeMs> parseHttpDate(const std::string& str) {
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (str.size() != 29 || str[3] != ',' || str.compare(26, 3, "GMT") != 0) return std::nullopt;
    const char* p = str.c_str();
    int d, y, h, mi, s, mo = 0;
    for (int k = 0; k < 12; ++k)
        if (std::strncmp(p + 8, months[k], 3) == 0) mo = k + 1;
    if (!mo || !digits(p + 5, 2, d) || !digits(p + 12, 4, y) || !digits(p + 17, 2, h) ||
        !digits(p + 20, 2, mi) || !digits(p + 23, 2, s))
        return std::nullopt;
    return compose(y, mo, d, h, mi, s, 0);
}

static void split(TimeMs t, int& y, unsigned& mo, unsigned& d, int& h, int& mi, int& s, int& ms) {
    int64_t days = t / 86400000;
    int64_t rem = t % 86400000;
    if (rem < 0) rem += 86400000, --days;
    civilFromDays(days, y, mo, d);
    h = static_cast<int>(rem / 3600000);
    mi = static_cast<int>(rem / 60000 % 60);
    s = static_cast<int>(rem / 1000 % 60);
    ms = static_cast<int>(rem % 1000);
}

std::string formatIso8601(TimeMs t) {
    int y, h, mi, s, ms;
    unsigned mo, d;
    split(t, y, mo, d, h, mi, s, ms);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi, s, ms);
    return buf;
}

std::string formatDateTime(TimeMs t) {
    int y, h, mi, s, ms;
    unsigned mo, d;
    split(t, y, mo, d, h, mi, s, ms);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", y, mo, d, h, mi, s);
    return buf;
}

std::string formatAgo(TimeMs t, TimeMs now) {
    const int64_t sec = (now - t) / 1000;
    char buf[32];
    if (sec < 0) return "in the future";
    if (sec < 45) return "just now";
    if (sec < 3600) {
        std::snprintf(buf, sizeof buf, "%lld min ago", static_cast<long long>((sec + 30) / 60));
    } else if (sec < 86400) {
        std::snprintf(buf, sizeof buf, "%lld h ago", static_cast<long long>(sec / 3600));
    } else {
        std::snprintf(buf, sizeof buf, "%lld d ago", static_cast<long long>(sec / 86400));
    }
    return buf;
}

}  // namespace core
