// core/sync_filter.h — the service summary's search: a sync id ("#1000003", "1000003") or words of
// a run's reason (its `summary`, "Failed: timed out waiting for Shopify; …"), as typed in the
// summary's search field (SummaryState::search / searchText, SummaryFeed::filter).
#pragma once

#include <string>
#include <string_view>

#include "core/model.h"

namespace core {

struct SyncSearch {
    // The digits of a query made only of digits, '#' and spaces ("#50 0" → "500"), matched
    // against the sync id; empty for any other query.
    std::string id;
    // The query trimmed and lower-cased (ASCII), matched against the reason, case-insensitively.
    std::string text;
    bool empty() const { return id.empty() && text.empty(); }
};

SyncSearch parseSyncSearch(std::string_view typed);

// Whether a sync is found by the search: its id holds the digits searched, or its reason holds
// the text. An empty search finds every sync.
bool syncMatches(const Sync& sync, const SyncSearch& search);

}  // namespace core
