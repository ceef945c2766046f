// core/model.h — SyncScope's model types, in the reference API's terms.
//
// Both API dialects decode into these; the views draw them. Times are milliseconds since the
// Unix epoch (UTC), 0 when absent. No ImGui, no Emscripten: this header is built natively too.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace core {

using TimeMs = int64_t;  // milliseconds since 1970-01-01T00:00:00Z

enum class ServiceStatus { Active, Inactive };
// Unknown: a status none of the others (Patchworks: one outside 1–5); Sync::statusSent keeps it.
enum class SyncStatus { Queued, Running, Success, Partial, Failed, Stopped, Unknown };

// The reference API's words for each status ("active", "running", …; Unknown: "unknown", which
// syncStatusFromString does not take: the reference API never sends it).
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

// One run of a service in the last 24 hours, as the services list carries it (reference API:
// `runs_24h`, docs/api.md).
struct ServiceRun {
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
    // The last 24 hours (reference API: `runs_24h`, `failed_24h`): the runs, oldest first, and how
    // many failed or were partial. hasRuns false: the API sent neither (Patchworks Core flows carry
    // no run data); the list then shows no strip and "—" for the failures.
    bool hasRuns = false;
    std::vector<ServiceRun> runs24h;
    int64_t failed24h = 0;
};

// The paginator envelope's "meta".
struct PageMeta {  // int64: an API's counts are not cut to int (issue 13 item 7)
    int64_t currentPage = 1;
    int64_t perPage = 0;
    int64_t total = 0;
    int64_t lastPage = 1;
    // Whether the answer said them (else they were guessed from the number of items).
    bool perPageStated = false;
    bool totalStated = false;
};

struct ServicesPage {
    std::vector<Service> services;
    PageMeta meta;
};

enum class Trigger { Schedule, Manual, Api, Retry, Other };
enum class LogLevel { Debug, Info, Warning, Error };
enum class PayloadKind { Pull, Push, CustomScript };

// One run of a service. Counts are -1 where the dialect has none (Patchworks runs have no pulled /
// pushed counts: the views show "—", never 0).
struct Sync {
    int64_t id = 0;
    int64_t serviceId = 0;
    SyncStatus status = SyncStatus::Queued;
    std::string statusSent;  // Unknown: the status as the server sent it ("7")
    Trigger trigger = Trigger::Other;
    std::string triggerName;  // as sent, lower-cased ("webhook", "router" … map to Other)
    TimeMs startedAt = 0;
    TimeMs finishedAt = 0;  // 0 while running
    // As the API said it (-1: unknown). When both times are known, finish − start, in both
    // dialects; see syncDurationMs for what the views show.
    int64_t durationMs = -1;
    double durationSent = -1;  // Patchworks: `duration` as sent, its unit not documented (-1: none)
    std::string durationNote;  // the unit of `duration` was guessed: how (the cell's tooltip)
    int64_t pulledCount = -1;
    int64_t pushedCount = -1;
    int64_t warningCount = -1;
    int64_t errorCount = -1;
    bool hasWarnings = false;
    std::string summary;
    TimeMs payloadsExpireAt = 0;  // 0: none or unknown
};

struct SyncsPage {
    std::vector<Sync> syncs;
    PageMeta meta;
};

// A payload file stored at a point of a sync's log.
struct PayloadRef {
    int64_t id = 0;
    PayloadKind kind = PayloadKind::Pull;
    std::string fileName;
    int64_t sizeBytes = -1;  // -1: unknown
    std::string contentType;
    TimeMs expiresAt = 0;  // 0: unknown
};

// One log line. `id` is the line's number: its 1-based position in the sync's log.
struct LogLine {
    int64_t id = 0;
    TimeMs at = 0;
    LogLevel level = LogLevel::Info;
    std::string message;
    std::optional<PayloadRef> payload;
};

// An answer to "lines after N": the lines, oldest first, and where the log stands.
class LogStore;

struct LogPage {
    std::vector<LogLine> lines;
    // Or, for a bulk page of the reference API's lines form, the lines already packed into a store
    // of their own (api::decodeLogLinesPacked; `lines` is then empty), for LogStore::prependStore.
    std::shared_ptr<LogStore> packed;
    int64_t lastId = 0;  // the sync's newest line id at the time of the answer
    bool hasMore = false;
    std::optional<SyncStatus> syncStatus;
    PageMeta meta;  // Patchworks: page-based; reference: unused
};

struct TransactionBucket {
    TimeMs bucketStart = 0;
    int64_t pulled = 0;
    int64_t pushed = 0;
    int64_t failed = 0;
};

// Whether a sync in `status` has ended. One whose status SyncScope does not know (Unknown) has
// ended when it has a finish time, and is running otherwise.
bool syncFinished(SyncStatus status, TimeMs finishedAt);
inline bool syncFinished(const Sync& s) {
    return syncFinished(s.status, s.finishedAt);
}
// A status as the views show it: "success", … and "unknown (7)" (with the status as sent).
std::string statusText(SyncStatus status, const std::string& sent);
inline std::string statusText(const Sync& s) {
    return statusText(s.status, s.statusSent);
}
// The duration a sync's cell shows, and the summary sorts by (one value for both), in ms; -1
// when unknown. Running: from its start to `serverNow` (as sent when the start is unknown).
// Finished: finish − start when both are known, else the duration as the API said it.
int64_t syncDurationMs(const Sync& s, TimeMs serverNow);

const char* toString(LogLevel l);     // "debug", "info", "warning", "error"
const char* toString(Trigger t);      // "schedule", "manual", "api", "retry", "other"
const char* toString(PayloadKind k);  // "pull", "push", "custom_script"

}  // namespace core
