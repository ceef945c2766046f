// core/services_filter.h — which services the list shows, and in what order.
//
// The search is case-insensitive (ASCII and the Latin-1/Greek/Cyrillic letters people type in
// names, folded by core/text_fold.h as the log search folds) over id, type and name, as the
// product page's services list searches. Beside it: a status filter, source system and entity
// filters, and the company group tab; then the sort the user clicked. The facets are the values
// those filters offer, counted in the services they would choose from, so a combo only lists what
// is there.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"

namespace core {

// What decides which services are shown. nullopt: any value.
struct ServicesFilter {
    std::string search;
    std::optional<ServiceStatus> status;
    std::optional<std::string> sourceSystem;  // exact, as sent ("" names services without one)
    std::optional<std::string> sourceEntity;
    std::optional<std::string> companyGroup;  // the group tab; nullopt: "All"
    // "Failed or partial in the last 24 h": failed24h > 0 (services without run data never match).
    bool failing = false;

    bool any() const {
        return !search.empty() || status || sourceSystem || sourceEntity || companyGroup || failing;
    }
    bool operator==(const ServicesFilter& o) const {
        return search == o.search && status == o.status && sourceSystem == o.sourceSystem &&
               sourceEntity == o.sourceEntity && companyGroup == o.companyGroup &&
               failing == o.failing;
    }
    bool operator!=(const ServicesFilter& o) const { return !(*this == o); }
};

// The column the list is sorted by. None: the API's order.
// Failures: failed24h (the view's first click: most first); services without run data come last.
enum class ServicesSortKey {
    None,
    Id,
    Name,
    Status,
    Type,
    Flow,
    Schedule,
    Alerts,
    LastSync,
    Failures
};
struct ServicesSort {
    ServicesSortKey key = ServicesSortKey::None;
    bool descending = false;
    bool operator==(const ServicesSort& o) const {
        return key == o.key && (key == ServicesSortKey::None || descending == o.descending);
    }
    bool operator!=(const ServicesSort& o) const { return !(*this == o); }
};

// One value a filter offers and how many services have it.
struct Facet {
    std::string value;
    size_t count = 0;
};
// Groups are counted over every service; statuses and source systems within the group tab;
// entities within the group and the chosen source system. Each list is sorted (case-insensitive),
// and a chosen value that no service has any more is still listed, with 0, so it can be seen and
// changed.
struct ServicesFacets {
    std::vector<Facet> groups;
    std::vector<Facet> statuses;  // "active", "inactive"
    std::vector<Facet> systems;
    std::vector<Facet> entities;
};

bool serviceMatches(const Service& s, const std::string& query);
bool serviceMatches(const Service& s, const ServicesFilter& filter);
// Indexes into `services` of the rows to show, in the API's order.
std::vector<size_t> filterServices(const std::vector<Service>& services, const std::string& query);
std::vector<size_t> filterServices(const std::vector<Service>& services,
                                   const ServicesFilter& filter);
// Sorts rows (indexes into `services`) by the key; ties keep their order. Services that never
// synced come last whichever the direction.
void sortServices(std::vector<size_t>& rows, const std::vector<Service>& services,
                  const ServicesSort& sort);
ServicesFacets servicesFacets(const std::vector<Service>& services, const ServicesFilter& filter);

// The services list's strip: the 24 hours before `serverNow` (the server's clock), one cell an
// hour, oldest first. Cell i holds the runs started in [serverNow - (24-i) h, serverNow - (23-i) h)
// — the last cell ends at serverNow, and a run started at or after it (a clock a moment behind the
// data's) counts in the last cell; runs older than 24 h are left out.
constexpr int kStripHours = 24;
struct HourCell {
    TimeMs start = 0;                 // server clock
    std::optional<SyncStatus> worst;  // nullopt: no run that hour
    std::vector<size_t> runs;         // indexes into Service::runs24h, oldest first
};
// The worse of two outcomes, as the strip colours an hour: failed > partial > running (and
// queued) > stopped (and unknown) > success.
int outcomeSeverity(SyncStatus s);
std::vector<HourCell> runStrip(const Service& service, TimeMs serverNow);

}  // namespace core
