// core/trace_feed.h — the run's payload files read for a trace and for pull against push (issue
// 19 points 2 and 3).
//
// The files are the ones the log's held lines stored, in log order. Each is fetched once per run
// through the refresh scheduler (a key {TraceFile, file id} in Mode::Once): so the downloads count
// against the request budget, wait out a 429 like every other request, are retried with backoff
// after a 5xx, a network error or a timeout, and go at most kTraceFilesAtOnce at a time. An answer
// passes FeatureHost::arrived. A file that cannot be had is named, never skipped in silence:
// "pull-….json expired" (a 410), "not found", "could not be read: …", and past the first
// kTraceMaxFiles of a run "not read: …". The trace and the comparison are computed again as each
// file arrives; the log's lines are searched once per value (core::TraceLogScan), then only the
// lines added since.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/feature.h"
#include "core/record_diff.h"
#include "core/trace.h"

namespace core {

// Files downloaded at the same time for a trace.
constexpr size_t kTraceFilesAtOnce = 4;
// Files of one run read for a trace; the others are named as not read.
constexpr size_t kTraceMaxFiles = 300;

struct TraceState {
    int64_t syncId = 0;  // the run whose files are listed (0: none)
    struct File {
        PayloadRef ref;
        int64_t line = 0;                       // the log line that stored it
        bool loading = false;                   // its request is out
        std::optional<PayloadRecords> records;  // read (nullopt: not yet, or `problem`)
        std::string problem;                    // "expired", "not found", … (for good)
        std::string retrying;  // the last failure, while it is tried again ("" : none)
        bool done() const { return records.has_value() || !problem.empty(); }
    };
    std::vector<File> files;  // in log order
    bool listed = false;      // files were listed from the log (fetching started)
    bool open = false;        // the trace panel shows
    std::string value;        // the value traced ("" : none asked yet)
    std::optional<TraceResult> result;
    bool compare = false;            // pull against push was asked (the gap header)
    std::string key;                 // the key chosen ("" : automatic)
    std::optional<RecordDiff> diff;  // once every file is in (answered)

    TraceLogScan logScan;  // the log's lines holding `value`, scanned so far

    size_t loading() const;  // files still to be read (in flight, queued or being retried)
};

class TraceFeed final : public Feature {
public:
    using Feature::Feature;

    // Another run's log: what was held for the last one goes.
    void watchKeys(const Route& route, std::vector<Watch>&) override;
    bool dispatch(const ResourceKey&, TimeMs) override;
    void reset() override;
    void expired() override { reset(); }

    void trace(const std::string& value);  // opens the panel and traces `value`
    void close();                          // closes the panel (the files stay)
    void compare();                        // pull against push, for the gap header
    void setKey(const std::string& key);   // "" : automatic

private:
    void listFiles();
    void download(TraceState::File& file);
    void recompute();

    uint64_t generation_ = 0;
};

}  // namespace core
