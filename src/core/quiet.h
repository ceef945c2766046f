// core/quiet.h — "is this sync still doing anything?" (issue 18, point 2): the quiet rule.
//
// A running sync that has written no line for longer than max(60 s, 10 × the median gap between
// its lines so far) is quiet. Both times are on the server's clock: the lines' times (as the API
// sends them) against the server's "now" (the local clock plus the offset to the server's Date
// header, AppState::serverClockOffsetMs — as the "… ago" texts). Pure: every function takes the
// time it judges at, so tests inject the clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model.h"

namespace core {

class LogStore;

constexpr TimeMs kQuietFloorMs = 60000;  // never quiet before a minute without a line
constexpr int64_t kQuietTimesTypical = 10;
// The log view judges the gaps between its newest lines held, at most this many (a running
// sync's recent rhythm; and a million-line log costs no more than this).
constexpr size_t kQuietGapsConsidered = 10000;

// A quiet sync: how long since its newest line, and the gap it usually leaves between lines.
struct QuietMark {
    TimeMs silentMs = 0;
    TimeMs typicalMs = 0;
    bool operator==(const QuietMark& o) const {
        return silentMs == o.silentMs && typicalMs == o.typicalMs;
    }
};

// The median of `gaps` (ms; the upper of the two middle values for an even count); 0 when empty.
TimeMs medianGapMs(std::vector<TimeMs> gaps);
// The gaps between consecutive times (a time earlier than the one before counts as a gap of 0).
std::vector<TimeMs> gapsBetween(const std::vector<TimeMs>& times);
// The median gap between the newest kQuietGapsConsidered + 1 lines `store` holds (0: fewer than
// two lines).
TimeMs typicalGapMs(const LogStore& store);
// The same from samples of a log taken one line at a time ((line id, its time), in the order
// taken, ids growing; the summary asks for only the newest line of each running sync): each step
// between two samples stands for its (id difference) gaps, each of their mean length, and the
// median is taken over all of them. `startedAt` (0: unknown) is line 1's time (a sync's first
// line is written as it starts), so the first sample already gives a rhythm.
TimeMs typicalGapFromSamples(const std::vector<std::pair<int64_t, TimeMs>>& samples,
                             TimeMs startedAt);

// How long without a line makes a sync with this typical gap quiet: max(60 s, 10 × typical).
TimeMs quietThresholdMs(TimeMs typicalMs);
// The rule. `running`: the sync's status is running (a finished, queued or stopped sync is never
// quiet); `lastLineAt`: its newest line's time (0: no line yet — never quiet: there is no rhythm
// to miss); `serverNow`: the server's clock now. Quiet when serverNow − lastLineAt is longer than
// the threshold.
std::optional<QuietMark> quietMark(bool running, TimeMs lastLineAt, TimeMs typicalMs,
                                   TimeMs serverNow);
// The server time from which quietMark() says quiet (0 when it never will: not running or no
// line), for waking the main loop then.
TimeMs quietFromMs(bool running, TimeMs lastLineAt, TimeMs typicalMs);

// "No new line for 4 min 12 s — this sync usually writes every 2 s".
std::string quietText(const QuietMark& mark);

}  // namespace core
