// core/sync_sort.h — how the service summary's table is sorted (AppState's SummaryState, and the
// SummarySort intent of core/intents.h).
#pragma once

namespace core {

// How the summary's table is sorted: by a column (Default: the API's order, newest first).
enum class SyncSortKey {
    Default,
    Id,
    Status,
    Trigger,
    Started,
    Finished,
    Duration,
    Pulled,
    Pushed,
    Issues
};
struct SyncSort {
    SyncSortKey key = SyncSortKey::Default;
    bool descending = true;
    bool operator==(const SyncSort& o) const { return key == o.key && descending == o.descending; }
};

}  // namespace core
