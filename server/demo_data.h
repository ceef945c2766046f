// server/demo_data.h — the demo server's simulated world: the services an integration platform
// runs (source system·entity → destination system·entity on a schedule), generated
// deterministically from a seed and the clock, plus the pure queries the API runs over them
// (search, status filter, pagination) and their reference-API JSON shape.
//
// The second half is the simulation: every service's syncs, started on its schedule (plus
// manual, API and retry runs), each planned in full — log lines with their times, running
// counts, payload files — when its start time is reached. What the API shows at a moment is the
// plan cut at that moment, so a running sync "writes" lines as the clock passes them. Plans
// never change once made, which keeps readers simple: they hold a shared_ptr and need no lock.
//
// Free of httplib and of exceptions (it is linked into the native unit tests, which may be
// built with -fno-exceptions): nothing here throws on bad input.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
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

// ---- The simulation ------------------------------------------------------------------------

enum class LogLevel : std::uint8_t { Debug, Info, Warning, Error };
enum class SyncTrigger : std::uint8_t { Schedule, Manual, Api, Retry };
enum class PayloadKind : std::uint8_t { Pull, Push, CustomScript };

const char* to_string(LogLevel level);
const char* to_string(SyncTrigger trigger);
const char* to_string(PayloadKind kind);

// "success", "RUNNING", ... (case-insensitive); nullopt for anything else.
std::optional<SyncStatus> parse_sync_status(const std::string& text);

constexpr std::int64_t kPayloadLifetimeMs = 24LL * 3600 * 1000;  // kept 24 h after the sync ends

struct Payload {
    std::int64_t id = 0;  // sync id * 10 + 1 (pull), 2 (push) or 3 (custom script)
    PayloadKind kind = PayloadKind::Pull;
    std::string file_name;
    std::string content_type;
    std::string bytes;
    std::int64_t stored_at_ms = 0;  // the time of the log line that stored it
};

struct LogLine {
    std::int64_t at_ms = 0;
    LogLevel level = LogLevel::Info;
    std::int32_t payload = -1;  // index into SyncPlan::payloads, or -1
    std::int32_t step = 0;      // the Patchworks dialect's flow_step_id; 0: none
    // Running totals of the sync including this line: what the sync header shows once the clock
    // has passed this line.
    std::int32_t pulled = 0;
    std::int32_t pushed = 0;
    std::int32_t warnings = 0;
    std::int32_t errors = 0;
    std::string message;
};

// One sync, planned in full when it starts. Immutable afterwards.
struct SyncPlan {
    std::int64_t id = 0;  // service id * 1000000 + the sync's ordinal within its service
    std::int64_t service_id = 0;
    SyncTrigger trigger = SyncTrigger::Schedule;
    std::int64_t started_at_ms = 0;
    std::int64_t finished_at_ms = 0;  // the time of the last line
    SyncStatus outcome = SyncStatus::Success;
    std::string summary;
    std::vector<LogLine> lines;
    std::vector<Payload> payloads;
    // The benchmark sync keeps no lines: generated_lines > 0 makes line_at() compute them from
    // the index, so a million-line sync costs no memory.
    std::int64_t generated_lines = 0;

    std::int64_t line_count() const;
    LogLine line_at(std::int64_t index) const;              // 0-based; index < line_count()
    std::int64_t visible_lines(std::int64_t now_ms) const;  // lines written by now_ms
    const Payload* find_payload(std::int64_t payload_id) const;
};

// A sync as seen at one moment.
struct SyncState {
    SyncStatus status = SyncStatus::Running;
    std::optional<std::int64_t> finished_at_ms;
    std::int64_t duration_ms = 0;
    std::int64_t pulled = 0;
    std::int64_t pushed = 0;
    std::int64_t warnings = 0;
    std::int64_t errors = 0;
    std::int64_t line_count = 0;                        // the id of the newest line written
    std::optional<std::int64_t> payloads_expire_at_ms;  // once finished, if it stored payloads
    std::string summary;
};

SyncState sync_state(const SyncPlan& plan, std::int64_t now_ms);

// The reference API's sync and log-line objects, keys in the documented order.
nlohmann::ordered_json sync_to_json(const SyncPlan& plan, const SyncState& state);
nlohmann::ordered_json log_line_to_json(const SyncPlan& plan, const SyncState& state,
                                        const LogLine& line, std::int64_t id);
nlohmann::ordered_json payload_to_json(const Payload& payload, const SyncState& state);
// Appends exactly log_line_to_json(...).dump() to `out`, without building a JSON tree: a
// 5,000-line page is the API's hottest answer, and this is several times faster.
void append_log_line_json(std::string& out, const SyncPlan& plan, const SyncState& state,
                          const LogLine& line, std::int64_t id);
// The bulk "lines" form of a log line (docs/api.md, "Logs in bulk"), newline included:
// `<id>\t<at, Unix ms>\t<level>\t<message>\t<payload object as JSON, or nothing>\n`, the message
// with `\\`, tab, newline and carriage return escaped as `\\`, `\t`, `\n`, `\r`.
void append_log_line_tsv(std::string& out, const SyncPlan& plan, const SyncState& state,
                         const LogLine& line, std::int64_t id);
// The plain-text form of a log line (GET /syncs/{id}/logs.txt), newline included:
// `<ISO time> <LEVEL> <message>\n` (SyncScope's own "copy" and download form).
void append_log_line_text(std::string& out, const LogLine& line);

struct SimulationConfig {
    std::uint64_t seed = 1;
    int services = 12;
    std::int64_t start_ms = 0;        // simulated time at start; history is back-filled before it
    std::int64_t big_sync_lines = 0;  // > 0: add the finished "benchmark" sync
    bool big_sync_live = false;  // …starting now instead: running, 100 lines a simulated second
    bool hostile_sync = false;   // add the --hostile-sync sync (hostile_data.h)
    std::int64_t big_payload_mb = 0;  // > 0: the hostile sync gets a payload this big too
    // > 0 (--quiet-sync): one service's sync starts at start_ms, writes its first
    // kQuietSyncFirstLines lines, then nothing for this long, then the rest of a steady 30 s
    // run (issue 18: a quiet sync noticed).
    std::int64_t quiet_sync_ms = 0;
};

constexpr int kQuietSyncFirstLines = 4;

// Maps the wall clock to simulated time: start + elapsed × speed.
class SimClock {
public:
    SimClock(std::int64_t real_start_ms, std::int64_t sim_start_ms, double speed);
    std::int64_t at(std::int64_t real_ms) const;
    static std::int64_t real_now_ms();
    std::int64_t now() const { return at(real_now_ms()); }

private:
    std::int64_t real_start_ms_;
    std::int64_t sim_start_ms_;
    double speed_;
};

// The simulated platform. Thread-safe: every method may be called from any thread. Syncs are
// created lazily by advance_to(); the queries never advance, and only show what started by
// the `now` they are given.
class Simulation {
public:
    explicit Simulation(const SimulationConfig& config);

    // Creates every sync that starts by now_ms. Time never goes back: returns
    // max(now_ms, the latest time advanced to), which callers should use as "now".
    std::int64_t advance_to(std::int64_t now_ms);

    const DemoData& base() const { return base_; }  // services as generated (static fields)
    std::int64_t start_ms() const { return config_.start_ms; }

    // The services with last_sync taken from the simulation.
    DemoData services_at(std::int64_t now_ms) const;
    // The service's syncs started by now_ms, oldest first (by start time).
    std::vector<std::shared_ptr<const SyncPlan>> syncs_of(std::int64_t service_id,
                                                          std::int64_t now_ms) const;
    // Every service's syncs started by now_ms, in no particular order.
    std::vector<std::shared_ptr<const SyncPlan>> all_syncs(std::int64_t now_ms) const;
    std::shared_ptr<const SyncPlan> find_sync(std::int64_t sync_id, std::int64_t now_ms) const;
    // The sync holding payload `payload_id`, if that payload was stored by now_ms.
    std::shared_ptr<const SyncPlan> find_payload_sync(std::int64_t payload_id,
                                                      std::int64_t now_ms) const;

    struct Track;  // one service's schedule and syncs (defined in demo_data.cpp)

private:
    SimulationConfig config_;
    DemoData base_;
    mutable std::mutex mutex_;
    std::int64_t latest_ms_ = 0;
    std::vector<std::shared_ptr<Track>> tracks_;  // by service index
};

}  // namespace syncscope::demo
