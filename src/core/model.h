// core/model.h — SyncScope's model types, in the reference API's terms.
//
// Both API dialects decode into these; the views draw them. Times are milliseconds since the
// Unix epoch (UTC), 0 when absent. No ImGui, no Emscripten: this header is built natively too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace core {

using TimeMs = int64_t;  // milliseconds since 1970-01-01T00:00:00Z

enum class ServiceStatus { Active, Inactive };
enum class SyncStatus { Queued, Running, Success, Partial, Failed, Stopped };

// The reference API's words for each status ("active", "running", …).
const char* toString(ServiceStatus s);
const char* toString(SyncStatus s);
std::optional<ServiceStatus> serviceStatusFromString(const std::string& s);
std::optional<SyncStatus> syncStatusFromString(const std::string& s);

struct Endpoint {
    std::string system;  // "Shopify"
    std::string entity;  // "orders"
};

struct LastSync {
    int64_t id = 0;
    SyncStatus status = SyncStatus::Queued;
    TimeMs startedAt = 0;
};

struct Service {
    int64_t id = 0;
    std::string name;
    ServiceStatus status = ServiceStatus::Inactive;
    std::string type;  // "standard" | "sweeper" (kept as sent: new types must still show)
    std::string companyGroup;
    Endpoint source;
    Endpoint destination;
    std::string schedule;
    bool alertsEnabled = false;
    std::optional<LastSync> lastSync;
};

// The paginator envelope's "meta".
struct PageMeta {
    int currentPage = 1;
    int perPage = 0;
    int total = 0;
    int lastPage = 1;
};

struct ServicesPage {
    std::vector<Service> services;
    PageMeta meta;
};

}  // namespace core
