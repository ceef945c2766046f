// core/trace_feed.h — the run's payload files read for a trace and for pull against push (issue
// 19 points 2 and 3).
//
// The files are the ones the log's held lines stored, in log order. Each is fetched once per run,
// through the same path as the payload preview (an authenticated GET counted against the request
// budget; FeatureHost::arrived guards the answer), and read into records (core/trace.h). A file
// that cannot be had is named, never skipped in silence: "pull-….json expired" (a 410), "not
// found", "could not be read: …". The trace and the comparison are computed again as each file
// arrives.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/feature.h"
#include "core/record_diff.h"
#include "core/trace.h"

namespace core {

struct TraceState {
    int64_t syncId = 0;  // the run whose files are listed (0: none)
    struct File {
        PayloadRef ref;
        int64_t line = 0;  // the log line that stored it
        bool loading = false;
        std::optional<PayloadRecords> records;  // read (nullopt: not yet, or `problem`)
        std::string problem;                    // "expired", "not found", …
    };
    std::vector<File> files;  // in log order
    bool listed = false;      // files were listed from the log (fetching started)
    bool open = false;        // the trace panel shows
    std::string value;        // the value traced ("" : none asked yet)
    std::optional<TraceResult> result;
    bool compare = false;            // pull against push was asked (the gap header)
    std::string key;                 // the key chosen ("" : automatic)
    std::optional<RecordDiff> diff;  // once every file is in (answered)

    size_t loading() const;  // files in flight
};

class TraceFeed final : public Feature {
public:
    using Feature::Feature;

    // Another run's log: what was held for the last one goes.
    void watchKeys(const Route& route, std::vector<Watch>&) override;
    bool dispatch(const ResourceKey&, TimeMs) override { return false; }
    void reset() override;
    void expired() override { reset(); }

    void trace(const std::string& value);  // opens the panel and traces `value`
    void close();                          // closes the panel (the files stay)
    void compare();                        // pull against push, for the gap header
    void setKey(const std::string& key);   // "" : automatic

private:
    void fetchFiles();
    void recompute();

    uint64_t generation_ = 0;
};

}  // namespace core
