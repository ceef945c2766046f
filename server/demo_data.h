// server/demo_data.h — the demo server's simulated world: the services an integration platform
// runs (source system·entity → destination system·entity on a schedule), generated
// deterministically from a seed and the clock, plus the pure queries the API runs over them
// (search, status filter, pagination) and their reference-API JSON shape.
//
// Free of httplib and of exceptions (it is linked into the native unit tests, which may be
// built with -fno-exceptions): nothing here throws on bad input.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace syncscope::demo {

enum class ServiceStatus { Active, Inactive };
enum class ServiceType { Standard, Sweeper };
enum class SyncStatus { Queued, Running, Success, Partial, Failed, Stopped };

// The reference API's words for each value.
const char* to_string(ServiceStatus status);
const char* to_string(ServiceType type);
const char* to_string(SyncStatus status);

struct Endpoint {
    std::string system;  // "Shopify", "NetSuite", ...
    std::string entity;  // "orders", "stock", ...
};

struct LastSync {
    std::int64_t id = 0;
    SyncStatus status = SyncStatus::Success;
    std::int64_t started_at_ms = 0;  // Unix time, milliseconds
};

struct Service {
    std::int64_t id = 0;
    std::string name;
    ServiceStatus status = ServiceStatus::Active;
    ServiceType type = ServiceType::Standard;
    std::string company_group;
    Endpoint source;
    Endpoint destination;
    std::string schedule;  // "Every 15 minutes", "Hourly", "Daily at 02:00", ...
    bool alerts_enabled = false;
    std::optional<LastSync> last_sync;
};

// Everything the demo serves. Immutable once generated in this thin slice; when the simulation
// starts mutating it (running syncs, new log lines) access will need a lock.
struct DemoData {
    std::uint64_t seed = 0;
    std::vector<Service> services;  // sorted by id ascending

    const Service* find_service(std::int64_t id) const;
};

// Builds `service_count` services (ids 1..N) from `seed`; times are relative to `now_ms`.
// The same (seed, count, now) always gives the same data. With two or more services there are
// at least two company groups; with at least one active service, one has a running last sync.
DemoData generate_demo_data(std::uint64_t seed, int service_count, std::int64_t now_ms);

// GET /api/v1/services filters. Empty strings mean "no filter".
struct ServiceQuery {
    std::string search;  // case-insensitive substring of id, type or name
    std::optional<ServiceStatus> status;
};

bool matches(const Service& service, const ServiceQuery& query);
std::vector<const Service*> filter_services(const DemoData& data, const ServiceQuery& query);

// Parses "active" / "inactive" (case-insensitive); nullopt for anything else.
std::optional<ServiceStatus> parse_service_status(const std::string& text);

// One page of a list: the paginator envelope's meta plus the slice [begin, end) of the items.
struct PageWindow {
    std::int64_t current_page = 1;
    std::int64_t per_page = 1;
    std::int64_t total = 0;
    std::int64_t last_page = 1;  // at least 1, also for an empty list
    std::size_t begin = 0;
    std::size_t end = 0;  // begin == end when the page lies past the last one
};

// `page` and `per_page` must be >= 1 (the caller validates and clamps).
PageWindow paginate(std::size_t total, std::int64_t page, std::int64_t per_page);

// "2026-11-28T06:30:00.000Z" — ISO-8601 UTC with milliseconds.
std::string format_iso8601_ms(std::int64_t unix_ms);

// The reference API's service object, keys in the documented order.
nlohmann::ordered_json service_to_json(const Service& service);

}  // namespace syncscope::demo
