// tests/fuzz/dates_fuzz.cpp — the API's times and the HTTP Date header (core/time.h), and how a
// time is written back (core/time_zone.h): every log line, sync and "… ago" goes through them.
//
// Checks:
// - parseIso8601 and parseHttpDate read only real calendar dates: what they accept in the
//   canonical form ("YYYY-MM-DDTHH:MM:SS[.fff]Z"; "Www, DD Mon YYYY HH:MM:SS GMT") is written
//   back by formatIso8601 as the same date and time (no 31 February read as 3 March);
// - a time they give lies in the years 0000–9999 (give or take the offset, at most ±99:99,
//   and a leap second);
// - every time in 0000–9999 survives formatIso8601 → parseIso8601, and formatIsoIn →
//   parseIso8601 in any browser offset (±14 h), exactly;
// - formatIsoIn into a short buffer writes a NUL-terminated prefix of the whole text;
// - formatDateTime, formatDateTimeIn and formatAgo take every such time.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstring>

#include "core/time.h"
#include "core/time_zone.h"
#include "fuzz_common.h"

namespace {

constexpr core::TimeMs kYear0 = -62167219200000;        // 0000-01-01T00:00:00.000Z
constexpr core::TimeMs kYear9999End = 253402300799999;  // 9999-12-31T23:59:59.999Z
constexpr core::TimeMs kMaxOffsetMs = (99 * 60 + 99) * 60000LL;

bool isDigits(const std::string& s, size_t at, size_t n) {
    if (at + n > s.size()) return false;
    for (size_t i = at; i < at + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

// "YYYY-MM-DDTHH:MM:SS[.fff]Z" with a second below 60: formatIso8601 must write it back.
bool canonicalIso(const std::string& s) {
    if (s.size() != 20 && s.size() != 24) return false;
    if (!isDigits(s, 0, 4) || s[4] != '-' || !isDigits(s, 5, 2) || s[7] != '-' ||
        !isDigits(s, 8, 2) || s[10] != 'T' || !isDigits(s, 11, 2) || s[13] != ':' ||
        !isDigits(s, 14, 2) || s[16] != ':' || !isDigits(s, 17, 2) || s[17] > '5' ||
        s.back() != 'Z')
        return false;
    return s.size() == 20 || (s[19] == '.' && isDigits(s, 20, 3));
}

void checkRoundTrips(core::TimeMs t) {
    if (t < kYear0 || t > kYear9999End) return;
    const std::string iso = core::formatIso8601(t);
    FUZZ_CHECK(core::parseIso8601(iso) == t);
    core::formatDateTime(t);
    // Browser offsets: getTimezoneOffset() is within ±14 h.
    for (int offset : {0, 60, -60, -300, 330, 345, -570, 525, 840, -720, -840}) {
        const core::TimeZone zone{true, offset};
        const core::TimeMs wall = zone.shift(t);
        if (wall < kYear0 || wall > kYear9999End) continue;
        const std::string text = core::formatIsoIn(t, zone);
        FUZZ_CHECK(core::parseIso8601(text) == t);
        FUZZ_CHECK(text.size() == 29);
        core::formatDateTimeIn(t, zone);
    }
    FUZZ_CHECK(core::formatIsoIn(t, core::TimeZone{}) == iso);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fuzz::input(data, size);

    if (const auto t = core::parseIso8601(text)) {
        FUZZ_CHECK(*t >= kYear0 - kMaxOffsetMs && *t <= kYear9999End + kMaxOffsetMs + 1000);
        checkRoundTrips(*t);
        if (canonicalIso(text)) {
            const std::string back = core::formatIso8601(*t);
            FUZZ_CHECK(back.compare(0, 19, text, 0, 19) == 0);
            if (text.size() == 24) FUZZ_CHECK(back == text);
        }
        core::formatAgo(*t, *t + 90'000);
        core::formatAgo(*t, *t - 1);
    }

    if (const auto t = core::parseHttpDate(text)) {
        FUZZ_CHECK(*t >= kYear0 && *t <= kYear9999End);
        FUZZ_CHECK(*t % 1000 == 0);
        checkRoundTrips(*t);
        // "Www, DD Mon YYYY HH:MM:SS GMT": the date and time fields come back the same.
        static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        // (A leap second, :60, is the next second: it may carry into every field.)
        const std::string back = core::formatIso8601(*t);  // YYYY-MM-DDTHH:MM:SS.000Z
        if (text[23] >= '6') return 0;
        FUZZ_CHECK(back.compare(0, 4, text, 12, 4) == 0);
        const int month = (back[5] - '0') * 10 + (back[6] - '0');
        FUZZ_CHECK(std::strncmp(months[month - 1], text.c_str() + 8, 3) == 0);
        FUZZ_CHECK(back.compare(8, 2, text, 5, 2) == 0);    // day
        FUZZ_CHECK(back.compare(11, 2, text, 17, 2) == 0);  // hour
        FUZZ_CHECK(back.compare(14, 2, text, 20, 2) == 0);  // minute
        FUZZ_CHECK(back.compare(17, 2, text, 23, 2) == 0);  // second
    }

    // Times from the whole range the decoders can give, and short output buffers.
    FuzzedDataProvider in(data, size);
    const core::TimeMs t = in.ConsumeIntegralInRange<core::TimeMs>(kYear0, kYear9999End);
    checkRoundTrips(t);
    const core::TimeZone zone{in.ConsumeBool(), in.ConsumeIntegralInRange<int>(-840, 840)};
    const std::string whole = core::formatIsoIn(t, zone);
    char buf[40];
    const size_t cap = in.ConsumeIntegralInRange<size_t>(0, sizeof buf);
    std::memset(buf, 'x', sizeof buf);
    const size_t n = core::formatIsoIn(buf, cap, t, zone);
    if (cap == 0) {
        FUZZ_CHECK(n == 0 && buf[0] == 'x');
    } else {
        FUZZ_CHECK(n < cap && buf[n] == '\0' && whole.compare(0, n, buf, n) == 0);
        FUZZ_CHECK(n == std::min(whole.size(), cap - 1));
    }
    core::formatAgo(t, in.ConsumeIntegralInRange<core::TimeMs>(kYear0, kYear9999End));
    return 0;
}
