// tests/fuzz/log_store_fuzz.cpp — the log store and its filtered view fed what a hostile or
// confused API could send: batches appended and prepended with arbitrary ids (overlapping, with
// holes, repeated, at the ends of int64), long and odd messages, and filters whose text and
// SafeRegex patterns come from the input. After every step the view is checked against a plain
// reference: the lines shown and the matches are exactly those a line-by-line filter gives.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <limits>
#include <vector>

#include "core/filtered_log.h"
#include "core/log_store.h"
#include "core/log_text.h"
#include "fuzz_common.h"

namespace {

int64_t pickId(FuzzedDataProvider& in, const core::LogStore& store, bool front) {
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: return in.ConsumeIntegral<int64_t>();
        case 1:
            return in.PickValueInArray<int64_t>(
                {std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(), 0, 1, -1,
                 std::numeric_limits<int64_t>::max() - 1, std::numeric_limits<int64_t>::min() + 1});
        case 2: return in.ConsumeIntegralInRange<int64_t>(-3, 3);
        default: {  // near the held range, where the interesting merges are
            const int64_t at = store.empty() ? 1 : front ? store.firstId() : store.lastId();
            const int64_t d = in.ConsumeIntegralInRange<int64_t>(-8, 8);
            if ((d > 0 && at > std::numeric_limits<int64_t>::max() - d) ||
                (d < 0 && at < std::numeric_limits<int64_t>::min() - d))
                return at;
            return at + d;
        }
    }
}

std::vector<core::LogLine> batch(FuzzedDataProvider& in, const core::LogStore& store, bool front) {
    std::vector<core::LogLine> lines(in.ConsumeIntegralInRange<size_t>(0, 40));
    int64_t id = pickId(in, store, front);
    for (core::LogLine& l : lines) {
        l.id = id;
        // Decoded times are years 0000-9999 (core::parseIso8601 reads four digits).
        l.at = in.ConsumeIntegralInRange<int64_t>(-62167219200000, 253402300799999);
        l.level = static_cast<core::LogLevel>(in.ConsumeIntegralInRange<int>(0, 3));
        l.message = in.ConsumeRandomLengthString(300);
        if (in.ConsumeIntegralInRange<int>(0, 9) == 0) {
            core::PayloadRef p;
            p.id = in.ConsumeIntegral<int64_t>();
            p.fileName = in.ConsumeRandomLengthString(20);
            l.payload = p;
        }
        // Mostly the next id; sometimes a hole, a repeat or a jump anywhere.
        switch (in.ConsumeIntegralInRange<int>(0, 7)) {
            case 0: id = pickId(in, store, front); break;
            case 1: break;  // a repeat
            case 2:
                if (id < std::numeric_limits<int64_t>::max() - 2) id += 2;
                break;
            default:
                if (id < std::numeric_limits<int64_t>::max()) ++id;
                break;
        }
    }
    return lines;
}

bool matchesQuery(const core::LogFilter& f, const core::FoldedSearch& s, const core::SafeRegex& r,
                  std::string_view text) {
    if (f.regex) return r.valid() && !r.empty() && r.matches(text);
    return !s.empty() && s.matches(text);
}

// The view against a line-by-line reference (small stores only: the reference is quadratic-ish).
void checkView(const core::LogStore& store, const core::FilteredLog& view,
               const core::LogFilter& f) {
    FUZZ_CHECK(view.shownCount() <= store.size());
    if (store.size() > 3000) return;
    const core::FoldedSearch search(f.regex ? std::string_view() : std::string_view(f.query));
    const core::SafeRegex regex(f.regex ? std::string_view(f.query) : std::string_view());
    const bool searching = f.regex ? regex.valid() && !regex.empty() : !search.empty();
    std::vector<int64_t> shown, matches;
    for (size_t i = 0; i < store.size(); ++i) {
        const core::LogLineView l = store.line(i);
        const bool level = f.showsLevel(l.level);
        const bool match = searching && matchesQuery(f, search, regex, l.text);
        if (level && match) matches.push_back(l.id);
        if (level && (!f.onlyMatching || !searching || match)) shown.push_back(l.id);
    }
    FUZZ_CHECK(view.shownCount() == shown.size());
    for (size_t k = 0; k < shown.size(); ++k) FUZZ_CHECK(view.shownId(k) == shown[k]);
    FUZZ_CHECK(view.matchCount() == matches.size());
    for (size_t k = 0; k < matches.size(); ++k) FUZZ_CHECK(view.matchId(k) == matches[k]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    core::LogStore store;
    core::FilteredLog view;
    core::LogFilter filter;
    while (in.remaining_bytes() > 0) {
        switch (in.ConsumeIntegralInRange<int>(0, 6)) {
            case 0:
            case 1: {
                const size_t before = store.size();
                const int64_t last = store.lastId();
                const core::LogMergeResult r = store.appendBatch(batch(in, store, false));
                FUZZ_CHECK(store.size() == before + r.added);
                if (before && r.added) FUZZ_CHECK(store.firstId() + int64_t(before) - 1 == last);
                break;
            }
            case 2: {
                const size_t before = store.size();
                const core::LogMergeResult r = store.prependBatch(batch(in, store, true));
                FUZZ_CHECK(store.size() == before + r.added);
                FUZZ_CHECK(!r.gap || r.added == 0 || before == 0);
                break;
            }
            case 3: {
                for (size_t k = 0; k < 4; ++k) filter.levels[k] = in.ConsumeBool();
                filter.regex = in.ConsumeBool();
                filter.onlyMatching = in.ConsumeBool();
                filter.query = in.ConsumeRandomLengthString(40);
                const bool valid = view.setFilter(store, filter);
                FUZZ_CHECK(valid || filter.regex);
                break;
            }
            case 4:
                if (in.ConsumeIntegralInRange<int>(0, 7) == 0) store.clear();
                break;
            case 5: {  // what the view asks while drawing: rows, next / previous, highlights
                const int64_t id = pickId(in, store, in.ConsumeBool());
                const size_t row = view.rowOfId(id);
                FUZZ_CHECK(row <= view.shownCount());
                const int64_t next = view.nextMatch(id), prev = view.previousMatch(id);
                FUZZ_CHECK(next == 0 || next > id);
                FUZZ_CHECK(prev == 0 || prev < id);
                if (store.holds(id)) {
                    const core::LogLineView l = store.lineById(id);
                    FUZZ_CHECK(l.id == id);
                    size_t len = 0;
                    for (size_t from = 0, n = 0; n < 64 && from <= l.text.size(); ++n) {
                        const size_t at = view.findIn(l.text, from, &len);
                        if (at == std::string_view::npos) break;
                        FUZZ_CHECK(at <= l.text.size());
                        from = at + std::max<size_t>(len, 1);
                    }
                }
                break;
            }
            case 6: {  // the text a download or a copy makes
                if (store.size() > 2000) break;
                core::LogTextOptions options;
                options.zone.local = in.ConsumeBool();
                options.zone.offsetMinutes = in.ConsumeIntegralInRange<int>(-14 * 60, 14 * 60);
                const std::string text = core::formatLogText(store, options.zone);
                FUZZ_CHECK(std::count(text.begin(), text.end(), '\n') >=
                           static_cast<std::ptrdiff_t>(store.size()));
                core::formatShownLines(store, view, pickId(in, store, true),
                                       pickId(in, store, false), options);
                break;
            }
        }
        view.update(store);
        checkView(store, view, filter);
        if (store.size() > 20000) break;
    }
    return 0;
}
