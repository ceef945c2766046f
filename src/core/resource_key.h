// core/resource_key.h — what the refresh scheduler refreshes: one resource of the route shown.
//
// A kind and the id it is of (a service, a sync, a sign-in's session); no strings are built or
// parsed back. The kinds are ordered as their names were when keys were strings ("backfill" <
// "log" < "signin" < "sync" < "syncs" < "tx"), so that the scheduler breaks ties between keys due
// together (tick()) exactly as it did then.
#pragma once

#include <cstdint>
#include <string>

namespace core {

struct ResourceKey {
    enum class Kind : uint8_t {
        Backfill,      // older lines of a log: a tag for requests outside the schedule (id 0)
        Log,           // new lines of a sync's log (id: the sync)
        SignIn,        // the services list that checks a token (id: the session)
        SyncHeader,    // the log view's header: the sync itself (id: the sync)
        Syncs,         // the summary's syncs of the last 24 h (id: the service)
        Transactions,  // pulled / pushed per hour (id: the service)
        Services,      // the services list, refreshed while it is on screen (id 0)
        SyncTail,      // the newest line of a running sync in the summary (id: the sync; issue 18)
        BellStatus,  // a belled sync whose log is not shown: its header (id: the sync; bell_feed.h)
        // Issue 18 point 1: a compared run's header and new lines (id: the sync). Keys of their
        // own, so that the log view of the same run (its own LogState) starts its own refresh.
        CompareHeader,
        CompareLog,
        // Issue 19: a payload file read for a trace or for pull against push (id: the file;
        // fetched once, core/trace_feed.h).
        TraceFile,
    };
    Kind kind = Kind::Log;
    int64_t id = 0;

    bool operator==(const ResourceKey& o) const { return kind == o.kind && id == o.id; }
    bool operator!=(const ResourceKey& o) const { return !(*this == o); }
    bool operator<(const ResourceKey& o) const {
        return kind != o.kind ? kind < o.kind : id < o.id;
    }
};

// "log:345", "syncs:12", "backfill": for logs and tests.
std::string to_string(const ResourceKey& key);

}  // namespace core
