// core/quiet.cpp — see quiet.h.
#include "core/quiet.h"

#include <algorithm>
#include <cstdio>

#include "core/log_store.h"

namespace core {
namespace {

// "4 min 12 s", "45 s", "1 h 03 min": how long a sync has been silent.
std::string spanText(TimeMs ms) {
    const int64_t s = std::max<TimeMs>(0, ms) / 1000;
    char buf[48];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%d s", static_cast<int>(s));
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%d min %d s", static_cast<int>(s / 60),
                      static_cast<int>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%d h %02d min", static_cast<int>(s / 3600),
                      static_cast<int>(s / 60 % 60));
    return buf;
}

// "2 s", "0.4 s", "1 min 30 s": a typical gap (under 10 s with one decimal when not whole).
std::string gapText(TimeMs ms) {
    if (ms >= 10000) return spanText((ms + 500) / 1000 * 1000);
    char buf[32];
    const int tenths = static_cast<int>((std::max<TimeMs>(0, ms) + 50) / 100);
    if (tenths % 10 == 0)
        std::snprintf(buf, sizeof buf, "%d s", tenths / 10);
    else
        std::snprintf(buf, sizeof buf, "%d.%d s", tenths / 10, tenths % 10);
    return buf;
}

}  // namespace

TimeMs medianGapMs(std::vector<TimeMs> gaps) {
    if (gaps.empty()) return 0;
    const auto mid = gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2);
    std::nth_element(gaps.begin(), mid, gaps.end());
    return *mid;
}

std::vector<TimeMs> gapsBetween(const std::vector<TimeMs>& times) {
    std::vector<TimeMs> gaps;
    for (size_t i = 1; i < times.size(); ++i)
        gaps.push_back(std::max<TimeMs>(0, times[i] - times[i - 1]));
    return gaps;
}

TimeMs typicalGapMs(const LogStore& store) {
    const size_t n = store.size();
    if (n < 2) return 0;
    const size_t first = n > kQuietGapsConsidered + 1 ? n - (kQuietGapsConsidered + 1) : 0;
    std::vector<TimeMs> times;
    times.reserve(n - first);
    for (size_t i = first; i < n; ++i) times.push_back(store.line(i).at);
    return medianGapMs(gapsBetween(times));
}

TimeMs typicalGapFromSamples(const std::vector<std::pair<int64_t, TimeMs>>& samples,
                             TimeMs startedAt) {
    // (mean gap of a step, how many gaps it stands for)
    std::vector<std::pair<TimeMs, int64_t>> steps;
    int64_t prevId = startedAt > 0 ? 1 : 0;
    TimeMs prevAt = startedAt;
    for (const auto& [id, at] : samples) {
        if (prevId > 0 && id > prevId)
            steps.emplace_back(std::max<TimeMs>(0, at - prevAt) / (id - prevId), id - prevId);
        if (id >= prevId) {
            prevId = id;
            prevAt = at;
        }
    }
    int64_t total = 0;
    for (const auto& s : steps) total += s.second;
    if (total == 0) return 0;
    std::sort(steps.begin(), steps.end());
    int64_t seen = 0;
    for (const auto& [gap, count] : steps) {  // the (total / 2)-th gap, 0-based, as medianGapMs
        seen += count;
        if (seen > total / 2) return gap;
    }
    return steps.back().first;
}

TimeMs quietThresholdMs(TimeMs typicalMs) {
    return std::max<TimeMs>(kQuietFloorMs, kQuietTimesTypical * std::max<TimeMs>(0, typicalMs));
}

std::optional<QuietMark> quietMark(bool running, TimeMs lastLineAt, TimeMs typicalMs,
                                   TimeMs serverNow) {
    if (!running || lastLineAt <= 0) return std::nullopt;
    const TimeMs silent = serverNow - lastLineAt;
    if (silent <= quietThresholdMs(typicalMs)) return std::nullopt;
    return QuietMark{silent, typicalMs};
}

TimeMs quietFromMs(bool running, TimeMs lastLineAt, TimeMs typicalMs) {
    if (!running || lastLineAt <= 0) return 0;
    return lastLineAt + quietThresholdMs(typicalMs) + 1;
}

std::string quietText(const QuietMark& mark) {
    return "No new line for " + spanText(mark.silentMs) + " — this sync usually writes every " +
           gapText(mark.typicalMs);
}

}  // namespace core
