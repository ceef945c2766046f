// server/demo_data.cpp — generates the demo's services from a seed and answers the pure list
// queries over them (search, status filter, pagination, JSON shape). See demo_data.h.
#include "demo_data.h"

#include "core/time.h"
#include "hostile_data.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <limits>
#include <utility>

namespace syncscope::demo {

namespace {

constexpr std::int64_t kSecondMs = 1000;
constexpr std::int64_t kMinuteMs = 60 * kSecondMs;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

// splitmix64: tiny, fast and — unlike std::uniform_int_distribution — gives the same sequence
// on every standard library, so a seed means the same demo everywhere.
class DemoRandom {
public:
    explicit DemoRandom(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n) for n >= 1 (modulo bias is irrelevant at these sizes).
    std::int64_t below(std::int64_t n) {
        return n <= 1 ? 0 : static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
    }
    std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + below(hi - lo + 1); }
    bool percent(int p) { return below(100) < p; }

private:
    std::uint64_t state_;
};

constexpr const char* kRetail = "Acme Retail";
constexpr const char* kWholesale = "Acme Wholesale";

// A kind of flow a merchant typically runs. Retail runs Shopify + NetSuite; wholesale runs
// Magento / BigCommerce with Brightpearl, a Peoplevoice 3PL and a warehouse SFTP drop.
struct FlowTemplate {
    const char* name;
    const char* group;
    ServiceType type;
    const char* source_system;
    const char* source_entity;
    const char* destination_system;
    const char* destination_entity;
    std::int64_t interval_ms;  // how often it runs (for a plausible last-sync time)
    const char* schedule;
};

// clang-format off
const std::array<FlowTemplate, 16> kTemplates = {{
    {"Shopify orders to NetSuite", kRetail, ServiceType::Standard,
     "Shopify", "orders", "NetSuite", "orders", 15 * kMinuteMs, "Every 15 minutes"},
    {"NetSuite stock levels to Shopify", kRetail, ServiceType::Standard,
     "NetSuite", "stock", "Shopify", "stock", 5 * kMinuteMs, "Every 5 minutes"},
    {"NetSuite products to Shopify", kRetail, ServiceType::Standard,
     "NetSuite", "products", "Shopify", "products", kHourMs, "Hourly"},
    {"Shopify customers to NetSuite", kRetail, ServiceType::Standard,
     "Shopify", "customers", "NetSuite", "customers", 30 * kMinuteMs, "Every 30 minutes"},
    {"NetSuite fulfilments to Shopify", kRetail, ServiceType::Standard,
     "NetSuite", "fulfilments", "Shopify", "fulfilments", 15 * kMinuteMs, "Every 15 minutes"},
    {"Shopify missed orders sweeper", kRetail, ServiceType::Sweeper,
     "Shopify", "orders", "NetSuite", "orders", kDayMs, "Daily at 02:00"},
    {"Peoplevoice stock to Shopify", kRetail, ServiceType::Standard,
     "Peoplevoice", "stock", "Shopify", "stock", kHourMs, "Hourly"},
    {"Shopify refunds to NetSuite", kRetail, ServiceType::Standard,
     "Shopify", "refunds", "NetSuite", "credit memos", kHourMs, "Hourly"},
    {"Magento orders to Brightpearl", kWholesale, ServiceType::Standard,
     "Magento", "orders", "Brightpearl", "orders", 15 * kMinuteMs, "Every 15 minutes"},
    {"Brightpearl stock to Magento", kWholesale, ServiceType::Standard,
     "Brightpearl", "stock", "Magento", "stock", 15 * kMinuteMs, "Every 15 minutes"},
    {"Brightpearl fulfilments to Magento", kWholesale, ServiceType::Standard,
     "Brightpearl", "fulfilments", "Magento", "fulfilments", 30 * kMinuteMs, "Every 30 minutes"},
    {"BigCommerce orders to Peoplevoice", kWholesale, ServiceType::Standard,
     "BigCommerce", "orders", "Peoplevoice", "orders", 15 * kMinuteMs, "Every 15 minutes"},
    {"Peoplevoice fulfilments to BigCommerce", kWholesale, ServiceType::Standard,
     "Peoplevoice", "fulfilments", "BigCommerce", "fulfilments", 30 * kMinuteMs,
     "Every 30 minutes"},
    {"Warehouse stock file (SFTP) to BigCommerce", kWholesale, ServiceType::Standard,
     "SFTP", "stock", "BigCommerce", "stock", kHourMs, "Hourly"},
    {"Brightpearl products to BigCommerce", kWholesale, ServiceType::Standard,
     "Brightpearl", "products", "BigCommerce", "products", kDayMs, "Daily at 06:30"},
    {"Magento missed orders sweeper", kWholesale, ServiceType::Sweeper,
     "Magento", "orders", "Brightpearl", "orders", kHourMs, "Hourly"},
}};
// clang-format on

// Beyond the templates (--services larger than the catalogue) the flows repeat per region.
constexpr std::array<const char*, 6> kRegions = {"UK", "EU", "US", "AU", "CA", "NZ"};

std::string lower_ascii(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

std::string trim(const std::string& text) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    auto first = std::find_if(text.begin(), text.end(), not_space);
    auto last = std::find_if(text.rbegin(), text.rend(), not_space).base();
    return first < last ? std::string(first, last) : std::string();
}

SyncStatus settled_status(DemoRandom& rng) {
    const std::int64_t roll = rng.below(100);
    if (roll < 72) return SyncStatus::Success;
    if (roll < 86) return SyncStatus::Partial;
    if (roll < 97) return SyncStatus::Failed;
    return SyncStatus::Stopped;
}

Service make_service(std::int64_t id, const FlowTemplate& flow, int repeat, DemoRandom& rng,
                     std::int64_t now_ms) {
    Service s;
    s.id = id;
    s.name = flow.name;
    if (repeat > 0) {
        s.name += " (";
        s.name += kRegions[static_cast<std::size_t>(repeat - 1) % kRegions.size()];
        if (repeat > static_cast<int>(kRegions.size())) {
            s.name += " " + std::to_string((repeat - 1) / static_cast<int>(kRegions.size()) + 1);
        }
        s.name += ")";
    }
    s.type = flow.type;
    s.company_group = flow.group;
    s.source = {flow.source_system, flow.source_entity};
    s.destination = {flow.destination_system, flow.destination_entity};
    s.schedule = flow.schedule;
    s.status = rng.percent(80) ? ServiceStatus::Active : ServiceStatus::Inactive;
    s.alerts_enabled = rng.percent(flow.type == ServiceType::Sweeper ? 40 : 70);

    // Sync ids are unique across services: a block of 100000 per service.
    const std::int64_t sync_id = 480000 + id * 100000 + rng.below(90000);
    const std::int64_t millis = rng.below(1000);
    if (s.status == ServiceStatus::Active) {
        // Started within the last run interval (at most a day ago).
        const std::int64_t age = rng.between(20 * kSecondMs, flow.interval_ms);
        s.last_sync = LastSync{sync_id, settled_status(rng), now_ms - age + millis};
    } else if (rng.percent(60)) {
        // Switched off some days ago, after a last run.
        const std::int64_t age = rng.between(2 * kDayMs, 40 * kDayMs);
        s.last_sync = LastSync{sync_id, settled_status(rng), now_ms - age + millis};
    }  // else: never ran — last_sync stays null
    return s;
}

}  // namespace

const char* to_string(ServiceStatus status) {
    return status == ServiceStatus::Active ? "active" : "inactive";
}

const char* to_string(ServiceType type) {
    return type == ServiceType::Sweeper ? "sweeper" : "standard";
}

const char* to_string(SyncStatus status) {
    switch (status) {
        case SyncStatus::Queued: return "queued";
        case SyncStatus::Running: return "running";
        case SyncStatus::Success: return "success";
        case SyncStatus::Partial: return "partial";
        case SyncStatus::Failed: return "failed";
        case SyncStatus::Stopped: return "stopped";
    }
    return "unknown";
}

const Service* DemoData::find_service(std::int64_t id) const {
    auto it = std::lower_bound(services.begin(), services.end(), id,
                               [](const Service& s, std::int64_t v) { return s.id < v; });
    return it != services.end() && it->id == id ? &*it : nullptr;
}

DemoData generate_demo_data(std::uint64_t seed, int service_count, std::int64_t now_ms) {
    DemoData data;
    data.seed = seed;
    if (service_count <= 0) return data;
    DemoRandom rng(seed);

    // Which flow each id gets: the catalogue shuffled by the seed, repeated per region.
    std::vector<std::size_t> order(kTemplates.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = order.size() - 1; i > 0; --i) {
        std::swap(order[i], order[static_cast<std::size_t>(rng.below(static_cast<int>(i) + 1))]);
    }
    const auto count = static_cast<std::size_t>(service_count);
    // Guarantee a second company group: if the first `count` flows share one group, swap in
    // the first flow of the other group.
    if (count >= 2 && count < order.size()) {
        const char* first_group = kTemplates[order[0]].group;
        bool mixed = false;
        for (std::size_t i = 1; i < count; ++i) {
            mixed = mixed || kTemplates[order[i]].group != first_group;
        }
        if (!mixed) {
            for (std::size_t j = count; j < order.size(); ++j) {
                if (kTemplates[order[j]].group != first_group) {
                    std::swap(order[count - 1], order[j]);
                    break;
                }
            }
        }
    }

    data.services.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const FlowTemplate& flow = kTemplates[order[i % order.size()]];
        const int repeat = static_cast<int>(i / order.size());
        data.services.push_back(
            make_service(static_cast<std::int64_t>(i) + 1, flow, repeat, rng, now_ms));
    }

    // There is always something running: the first active service (by id) is mid-sync.
    for (Service& s : data.services) {
        if (s.status == ServiceStatus::Active && s.last_sync) {
            s.last_sync->status = SyncStatus::Running;
            s.last_sync->started_at_ms = now_ms - rng.between(10 * kSecondMs, 90 * kSecondMs);
            break;
        }
    }
    return data;
}

std::optional<ServiceStatus> parse_service_status(const std::string& text) {
    const std::string lowered = lower_ascii(trim(text));
    if (lowered == "active") return ServiceStatus::Active;
    if (lowered == "inactive") return ServiceStatus::Inactive;
    return std::nullopt;
}

bool matches(const Service& service, const ServiceQuery& query) {
    if (query.status && service.status != *query.status) return false;
    const std::string needle = lower_ascii(trim(query.search));
    if (needle.empty()) return true;
    return std::to_string(service.id).find(needle) != std::string::npos ||
           std::string(to_string(service.type)).find(needle) != std::string::npos ||
           lower_ascii(service.name).find(needle) != std::string::npos;
}

std::vector<const Service*> filter_services(const DemoData& data, const ServiceQuery& query) {
    std::vector<const Service*> out;
    for (const Service& s : data.services) {
        if (matches(s, query)) out.push_back(&s);
    }
    return out;
}

PageWindow paginate(std::size_t total, std::int64_t page, std::int64_t per_page) {
    PageWindow w;
    w.per_page = std::max<std::int64_t>(1, per_page);
    w.current_page = std::max<std::int64_t>(1, page);
    w.total = static_cast<std::int64_t>(total);
    w.last_page = std::max<std::int64_t>(1, (w.total + w.per_page - 1) / w.per_page);
    // Compare pages before multiplying, so a huge page number cannot overflow.
    if (w.current_page > w.last_page) {
        w.begin = w.end = total;
    } else {
        w.begin = static_cast<std::size_t>((w.current_page - 1) * w.per_page);
        w.end = std::min(total, w.begin + static_cast<std::size_t>(w.per_page));
    }
    return w;
}

std::string format_iso8601_ms(std::int64_t unix_ms) {
    return core::formatIso8601(unix_ms);  // the same format the client parses
}

nlohmann::ordered_json service_to_json(const Service& service) {
    nlohmann::ordered_json last_sync = nullptr;
    if (service.last_sync) {
        last_sync = {{"id", service.last_sync->id},
                     {"status", to_string(service.last_sync->status)},
                     {"started_at", format_iso8601_ms(service.last_sync->started_at_ms)}};
    }
    return {{"id", service.id},
            {"name", service.name},
            {"status", to_string(service.status)},
            {"type", to_string(service.type)},
            {"company_group", service.company_group},
            {"source", {{"system", service.source.system}, {"entity", service.source.entity}}},
            {"destination",
             {{"system", service.destination.system}, {"entity", service.destination.entity}}},
            {"schedule", service.schedule},
            {"alerts_enabled", service.alerts_enabled},
            {"last_sync", last_sync}};
}

// ---- The simulation ------------------------------------------------------------------------

namespace {

constexpr std::int64_t kSyncIdBlock = 1000000;   // sync id = service id * block + ordinal
constexpr std::int64_t kHistoryMs = kDayMs;      // back-filled before the start
constexpr std::int64_t kBigSyncLineGapMs = 10;   // a million lines span about 2.8 h
constexpr std::int64_t kQuietSyncRunMs = 30000;  // the --quiet-sync run, its silence aside

// A well-mixed 64-bit value from several: each sync gets its own random stream, so its plan does
// not depend on how lazily the syncs before it were created.
std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    DemoRandom r(a ^ (b * 0xD6E8FEB86659FD93ull) ^ 0x5851F42D4C957F2Dull);
    return r.next();
}

// How often a schedule runs and at what offset within its period ("Daily at 02:00": a day, 2 h).
struct Cadence {
    std::int64_t interval_ms = kHourMs;
    std::int64_t phase_ms = 0;
};

Cadence cadence_of(const std::string& schedule, std::int64_t service_id) {
    Cadence c;
    int n = 0;
    int hh = 0;
    int mm = 0;
    if (std::sscanf(schedule.c_str(), "Every %d minutes", &n) == 1 && n > 0) {
        c.interval_ms = n * kMinuteMs;
    } else if (std::sscanf(schedule.c_str(), "Daily at %d:%d", &hh, &mm) == 2) {
        c.interval_ms = kDayMs;
        c.phase_ms = hh * kHourMs + mm * kMinuteMs;
    } else {
        // Hourly: spread the services over the hour rather than all at :00.
        c.interval_ms = kHourMs;
        c.phase_ms = (service_id * 7 % 60) * kMinuteMs;
    }
    return c;
}

// ---- Realistic content: record fields, payload files, messages.

const std::array<const char*, 14> kSkus = {
    "TSHIRT-BLU-XL", "TSHIRT-WHT-M",  "HOODIE-GRY-L", "HOODIE-BLK-S",   "MUG-WHT-350",
    "SOCK-BLK-3PK",  "CAP-NVY-OS",    "JEANS-IND-32", "BOTTLE-STL-750", "TOTE-NAT-OS",
    "SCARF-RED-OS",  "BEANIE-GRN-OS", "JACKET-OLV-L", "POSTER-A2-CITY"};
const std::array<const char*, 10> kFirstNames = {"Olivia", "Noah",  "Amelia", "Jack",  "Isla",
                                                 "Oliver", "Freya", "Harry",  "Sofia", "Leo"};
const std::array<const char*, 10> kLastNames = {"Smith", "Jones", "Taylor", "Brown",    "Wilson",
                                                "Evans", "Walsh", "Murphy", "Kowalski", "Dubois"};
const std::array<const char*, 4> kCarriers = {"DPD", "Royal Mail", "DHL Express", "Evri"};
const std::array<const char*, 3> kWarehouses = {"MAN-01", "LDN-02", "RTM-01"};

enum class FileFormat { Json, Csv, Xml };

// The format each system speaks: 3PLs and file drops are not JSON shops.
FileFormat format_of(const std::string& system) {
    if (system == "Peoplevoice") return FileFormat::Xml;
    if (system == "SFTP") return FileFormat::Csv;
    return FileFormat::Json;
}

const char* content_type_of(FileFormat f) {
    switch (f) {
        case FileFormat::Json: return "application/json";
        case FileFormat::Csv: return "text/csv; charset=utf-8";
        case FileFormat::Xml: return "application/xml";
    }
    return "application/octet-stream";
}

const char* extension_of(FileFormat f) {
    switch (f) {
        case FileFormat::Json: return "json";
        case FileFormat::Csv: return "csv";
        case FileFormat::Xml: return "xml";
    }
    return "bin";
}

std::string money(std::int64_t pence) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(pence / 100),
                  static_cast<long long>(pence % 100));
    return buf;
}

// One record of an entity as ordered (field, value) pairs; `numeric` marks unquoted JSON values.
struct Field {
    std::string name;
    std::string value;
    bool numeric;
};

// What identifies record `order` of a run (issue 19): its SKU (for products and stock, unique
// within a batch: a batch holds at most 50 products and 100 stock levels of consecutive numbers)
// and, for stock, its warehouse. A pure function of the run and the number, so a log line that
// names a record names what that record's files hold, whether or not the run keeps its files.
struct RecordKey {
    std::string sku;
    std::string warehouse;
};

RecordKey record_key(std::uint64_t seed, std::int64_t sync_id, const std::string& entity,
                     std::int64_t order) {
    DemoRandom r(mix(mix(seed + 19, static_cast<std::uint64_t>(sync_id)),
                     static_cast<std::uint64_t>(order)));
    RecordKey k;
    k.sku = kSkus[static_cast<std::size_t>(r.below(kSkus.size()))];
    if (entity == "products") k.sku += "-" + std::to_string(order % 97);
    if (entity == "stock") k.sku += "-" + std::to_string(order % 1000);
    k.warehouse = kWarehouses[static_cast<std::size_t>(r.below(kWarehouses.size()))];
    return k;
}

// Record `order` of a run of `entity` (the numbers the log's lines use: order #N, customer
// N + 600000, product 'SKU-(N mod 97)'), its other fields drawn from `rng`. Each entity's key
// field (order_number, sku, customer_id) is unique within a batch's file.
std::vector<Field> make_record(const std::string& entity, std::int64_t order, const RecordKey& key,
                               DemoRandom& rng, std::int64_t at_ms) {
    const std::string& sku = key.sku;
    const std::string first = kFirstNames[static_cast<std::size_t>(rng.below(kFirstNames.size()))];
    const std::string last = kLastNames[static_cast<std::size_t>(rng.below(kLastNames.size()))];
    const std::string email = lower_ascii(first) + "." + lower_ascii(last) + "@example.com";
    const std::string when = format_iso8601_ms(at_ms - rng.below(15 * kMinuteMs));
    if (entity == "orders") {
        const std::int64_t qty = rng.between(1, 4);
        const std::int64_t price = rng.between(499, 8999);
        return {{"order_number", "#" + std::to_string(order), false},
                {"email", email, false},
                {"created_at", when, false},
                {"currency", "GBP", false},
                {"sku", sku, false},
                {"quantity", std::to_string(qty), true},
                {"unit_price", money(price), true},
                {"total", money(qty * price + 395), true}};
    }
    if (entity == "stock") {
        return {{"sku", sku, false},
                {"warehouse", key.warehouse, false},
                {"quantity", std::to_string(rng.between(0, 480)), true},
                {"updated_at", when, false}};
    }
    if (entity == "products") {
        return {{"sku", sku, false},
                {"title", "Demo product " + std::to_string(order), false},
                {"price", money(rng.between(499, 12999)), true},
                {"status", rng.percent(90) ? "active" : "draft", false}};
    }
    if (entity == "customers") {
        return {{"customer_id", std::to_string(order + 600000), true},
                {"email", email, false},
                {"first_name", first, false},
                {"last_name", last, false},
                {"accepts_marketing", rng.percent(40) ? "true" : "false", true}};
    }
    if (entity == "fulfilments") {
        return {{"order_number", "#" + std::to_string(order), false},
                {"carrier", kCarriers[static_cast<std::size_t>(rng.below(4))], false},
                {"tracking_number", "TRK" + std::to_string(rng.between(10000000, 99999999)), false},
                {"shipped_at", when, false}};
    }
    // refunds, credit memos and anything else: money going back.
    return {{"order_number", "#" + std::to_string(order), false},
            {"amount", money(rng.between(299, 5999)), true},
            {"reason", rng.percent(60) ? "damaged" : "not as described", false},
            {"created_at", when, false}};
}

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string render_file(FileFormat format, const std::string& entity,
                        const std::vector<std::vector<Field>>& records) {
    if (format == FileFormat::Csv) {
        std::string out;
        if (records.empty()) return out;
        for (std::size_t i = 0; i < records[0].size(); ++i) {
            out += (i ? "," : "") + records[0][i].name;
        }
        out += "\n";
        for (const auto& r : records) {
            for (std::size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + r[i].value;
            out += "\n";
        }
        return out;
    }
    if (format == FileFormat::Xml) {
        std::string tag = entity;
        for (char& c : tag) c = c == ' ' ? '_' : c;
        std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + tag + ">\n";
        for (const auto& r : records) {
            out += "  <record>\n";
            for (const Field& f : r) {
                out += "    <" + f.name + ">" + xml_escape(f.value) + "</" + f.name + ">\n";
            }
            out += "  </record>\n";
        }
        return out + "</" + tag + ">\n";
    }
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const auto& r : records) {
        nlohmann::ordered_json item = nlohmann::ordered_json::object();
        for (const Field& f : r) {
            if (f.numeric && f.value == "true") {
                item[f.name] = true;
            } else if (f.numeric && f.value == "false") {
                item[f.name] = false;
            } else if (f.numeric) {
                item[f.name] = f.value.find('.') != std::string::npos
                                   ? nlohmann::ordered_json(std::stod(f.value))
                                   : nlohmann::ordered_json(std::stoll(f.value));
            } else {
                item[f.name] = f.value;
            }
        }
        items.push_back(std::move(item));
    }
    nlohmann::ordered_json doc = {{"data", std::move(items)},
                                  {"count", static_cast<std::int64_t>(records.size())}};
    return doc.dump(2) + "\n";
}

std::string duration_text(std::int64_t ms) {
    const std::int64_t s = ms / 1000;
    if (s < 60) return std::to_string(s) + " s";
    return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
}

// ---- Planning one sync.

struct PlanInput {
    const Service* service;
    std::int64_t id;
    std::int64_t start_ms;
    SyncTrigger trigger;
    bool payloads;           // a manual run that keeps its pull/push/custom-script files
    std::int64_t target_ms;  // > 0: the "always running" service — write until this long
    std::int64_t since_ms;   // the previous run, for "changed since" messages
};

enum class FailureKind { None, Authentication, Timeout };

class PlanWriter {
public:
    PlanWriter(SyncPlan& plan, DemoRandom& rng, bool steady)
        : plan_(plan), rng_(rng), steady_(steady), t_(plan.started_at_ms) {}

    // Appends a line a short while after the previous one (the first at the start itself).
    LogLine& emit(LogLevel level, std::int32_t step, std::string message) {
        return emit_with(rng_, level, step, std::move(message));
    }
    // The same, drawing the pause before the line from `gap` (the issue 17 lines draw from their
    // own stream, so that adding them did not change the rest of the log).
    LogLine& emit_with(DemoRandom& gap, LogLevel level, std::int32_t step, std::string message) {
        if (!plan_.lines.empty()) {
            t_ += steady_ ? gap.between(1000, 2000) : gap.between(120, 2600);
        }
        LogLine line;
        line.at_ms = t_;
        line.level = level;
        line.step = step;
        line.pulled = pulled;
        line.pushed = pushed;
        line.warnings = warnings + (level == LogLevel::Warning ? 1 : 0);
        line.errors = errors + (level == LogLevel::Error ? 1 : 0);
        warnings = line.warnings;
        errors = line.errors;
        line.message = std::move(message);
        plan_.lines.push_back(std::move(line));
        return plan_.lines.back();
    }
    // Updates the running totals of the newest line (a "pulled"/"pushed" line counts itself).
    void count(std::int32_t pulled_delta, std::int32_t pushed_delta) {
        pulled += pulled_delta;
        pushed += pushed_delta;
        plan_.lines.back().pulled = pulled;
        plan_.lines.back().pushed = pushed;
    }
    std::int64_t time() const { return t_; }
    void wait(std::int64_t ms) { t_ += ms; }  // nothing is written meanwhile

    std::int32_t pulled = 0;
    std::int32_t pushed = 0;
    std::int32_t warnings = 0;
    std::int32_t errors = 0;

private:
    SyncPlan& plan_;
    DemoRandom& rng_;
    bool steady_;
    std::int64_t t_;
};

std::int64_t records_for(const std::string& entity, DemoRandom& rng) {
    if (entity == "orders") return rng.between(0, 400);
    if (entity == "stock") return rng.between(20, 1500);
    if (entity == "products") return rng.between(5, 300);
    if (entity == "customers") return rng.between(0, 120);
    if (entity == "fulfilments") return rng.between(0, 200);
    return rng.between(0, 25);
}

// Stores batch `batch`'s file of `kind` holding `rows`, on `line`. Batch 1's ids are
// sync id × 10 + 1 (pull), 2 (push) or 3 (custom script); batch P ≥ 2's are
// sync id × 10000 + P × 10 + the same digit (Simulation::find_payload_sync reads both).
void add_payload(SyncPlan& plan, LogLine& line, PayloadKind kind, const std::string& system,
                 const std::string& entity, const std::vector<std::vector<Field>>& rows,
                 std::int64_t batch) {
    const FileFormat format =
        kind == PayloadKind::CustomScript ? FileFormat::Json : format_of(system);
    Payload p;
    const int k = kind == PayloadKind::Pull ? 1 : kind == PayloadKind::Push ? 2 : 3;
    p.id = batch <= 1 ? plan.id * 10 + k : plan.id * 10000 + batch * 10 + k;
    p.kind = kind;
    std::string slug = entity;
    for (char& c : slug) c = c == ' ' ? '-' : c;
    p.file_name = std::string(kind == PayloadKind::Pull   ? "pull"
                              : kind == PayloadKind::Push ? "push"
                                                          : "custom-script") +
                  "-" + std::to_string(plan.id) + "-" + slug +
                  (batch <= 1 ? std::string() : "-batch-" + std::to_string(batch)) + "." +
                  extension_of(format);
    p.content_type = content_type_of(format);
    p.bytes = render_file(format, entity, rows);
    p.stored_at_ms = line.at_ms;
    line.payload = static_cast<std::int32_t>(plan.payloads.size());
    plan.payloads.push_back(std::move(p));
}

// ---- Why records are not pushed (issue 17; docs/demo-server.md, "Why records are not pushed").
// A partial run names each record it could not push on a line of its own — SKU not found,
// rejected by the destination, a required field missing, a duplicate — or counts several on one
// "N records skipped in batch …" line; some runs also leave a few records unexplained. Any run
// may time out on a batch and retry it. How often each happens differs from run to run.

enum class Cause : std::uint8_t { SkuNotFound, Rejected, FieldRequired, Duplicate };

struct RunTrouble {
    std::array<std::int64_t, 4> weights{};  // by Cause: how likely each record's cause is
    int aggregate_pct = 0;                  // a batch that skips also has "N records skipped …"
    bool unexplained = false;               // some records are not pushed without a line why
    int timeout_pct = 0;                    // a batch first times out (and the retry succeeds)
    std::int64_t first_order = 100000;      // the order number of the run's first record
};

RunTrouble plan_trouble(DemoRandom& more, const std::string& entity) {
    RunTrouble t;
    t.weights = {more.between(1, 6), more.between(0, 5), more.between(0, 4),
                 entity == "stock" ? 0 : more.between(0, 4)};
    t.aggregate_pct = more.percent(50) ? static_cast<int>(more.between(20, 60)) : 0;
    t.unexplained = more.percent(45);
    t.timeout_pct = more.percent(35) ? static_cast<int>(more.between(4, 20)) : 0;
    t.first_order = 100000 + more.below(80000);
    return t;
}

Cause pick_cause(const RunTrouble& t, DemoRandom& more) {
    std::int64_t total = 0;
    for (std::int64_t w : t.weights) total += w;
    std::int64_t roll = more.below(total);
    for (std::size_t i = 0; i < t.weights.size(); ++i) {
        if (roll < t.weights[i]) return static_cast<Cause>(i);
        roll -= t.weights[i];
    }
    return Cause::SkuNotFound;
}

// The host a system's API answers on, for timeouts.
std::string host_of(const std::string& system) {
    if (system == "NetSuite") return "api.netsuite.com";
    if (system == "Shopify") return "acme-retail.myshopify.com";
    if (system == "Magento") return "magento.acme-wholesale.example";
    if (system == "BigCommerce") return "api.bigcommerce.com";
    if (system == "Brightpearl") return "euw1.brightpearlconnect.com";
    if (system == "Peoplevoice") return "api.peoplevoice.com";
    return "sftp.acme-wholesale.example";
}

// One record of `entity` in words, lower case: "order #123456", "customer 700123", …
std::string record_name(const std::string& entity, std::int64_t order, const RecordKey& key,
                        DemoRandom& more) {
    const std::string number = std::to_string(order);
    if (entity == "orders") return "order #" + number;
    if (entity == "fulfilments") return "fulfilment for order #" + number;
    if (entity == "customers") return "customer " + std::to_string(order + 600000);
    if (entity == "products") return "product '" + key.sku + "'";
    if (entity == "stock") {
        more.below(kWarehouses.size());  // (drawn before issue 19: the stream stays as it was)
        return "stock level for SKU '" + key.sku + "' at " + key.warehouse;
    }
    return "refund for order #" + number;
}

std::string capitalised(std::string text) {
    if (!text.empty())
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

template <std::size_t N>
std::string one_of(const std::array<const char*, N>& options, DemoRandom& more) {
    return options[static_cast<std::size_t>(more.below(static_cast<std::int64_t>(N)))];
}

// A field the destination requires of a record of `entity`.
std::string required_field(const std::string& entity, DemoRandom& more) {
    if (entity == "customers") {
        return one_of(std::array<const char*, 3>{"email", "last_name", "subsidiary"}, more);
    }
    if (entity == "products") {
        return one_of(std::array<const char*, 3>{"title", "price", "tax_class"}, more);
    }
    if (entity == "stock") return one_of(std::array<const char*, 2>{"location_id", "sku"}, more);
    if (entity == "fulfilments") {
        return one_of(std::array<const char*, 3>{"tracking_number", "carrier", "line_items"}, more);
    }
    return one_of(std::array<const char*, 5>{"email", "shipping_address.zip", "customer_id",
                                             "ship_method", "currency"},
                  more);
}

// Why the destination refused a record of `entity`, in its own words.
std::string rejection(const std::string& entity, const std::string& dst, DemoRandom& more) {
    const std::string warehouse = kWarehouses[static_cast<std::size_t>(more.below(3))];
    const std::string sku = kSkus[static_cast<std::size_t>(more.below(kSkus.size()))];
    const std::int64_t roll = more.below(4);
    if (dst == "NetSuite" && roll == 3) {
        return "record is locked by another process (RCRD_LOCKED_BY_WF)";
    }
    if (entity == "customers") {
        if (roll == 0) {
            return "e-mail address is already used by customer " +
                   std::to_string(more.between(700000, 799999));
        }
        if (roll == 1) return "subsidiary 'Acme UK' does not allow currency 'USD'";
        return "phone number '+44 " + std::to_string(more.between(100, 999)) + "' is not valid";
    }
    if (entity == "products") {
        if (roll == 0) return "price must be greater than 0.00";
        if (roll == 1)
            return "category 'Outerwear/" + sku.substr(0, sku.find('-')) + "' does not exist";
        return "title is longer than 255 characters";
    }
    if (entity == "stock") {
        if (roll == 0) return "location '" + warehouse + "' is not enabled for this store";
        if (roll == 1) return "inventory is not tracked for this SKU";
        return "quantity -" + std::to_string(more.between(1, 12)) + " is below zero";
    }
    // Orders, fulfilments, refunds.
    if (roll == 0) {
        return "customer '" +
               lower_ascii(kFirstNames[static_cast<std::size_t>(more.below(kFirstNames.size()))]) +
               "." +
               lower_ascii(kLastNames[static_cast<std::size_t>(more.below(kLastNames.size()))]) +
               "@example.com' is inactive";
    }
    if (roll == 1 && dst == "NetSuite") {
        return "INVALID_FLD_VALUE: invalid value '" +
               one_of(std::array<const char*, 3>{"GB-ZERO", "GB-EXEMPT", "EU-RC"}, more) +
               "' for field 'taxcode'";
    }
    if (roll == 1) return "location '" + warehouse + "' is not enabled for this store";
    const std::int64_t total = more.between(999, 29999);
    return "total " + money(total) + " does not match the sum of its lines (" +
           money(total - more.between(1, 900)) + ")";
}

// The line for one record that was not pushed: its level and message.
// "Record R of batch P" is record R of that batch's files; the line names the record's key: its
// SKU for products and stock, else the record itself after the SKU line ("(order #123456)").
std::pair<LogLevel, std::string> cause_line(Cause cause, const std::string& entity,
                                            const std::string& dst, const RecordKey& key,
                                            std::int64_t record, std::int64_t page,
                                            std::int64_t order, DemoRandom& more) {
    if (cause == Cause::SkuNotFound) {
        const bool sku_is_key = entity == "products" || entity == "stock";
        return {
            LogLevel::Warning,
            "SKU '" + key.sku + "' not found in " + dst + "; record " + std::to_string(record) +
                " of batch " + std::to_string(page) + " skipped" +
                (sku_is_key ? std::string() : " (" + record_name(entity, order, key, more) + ")")};
    }
    const std::string name = record_name(entity, order, key, more);
    if (cause == Cause::Duplicate) {
        return {LogLevel::Warning,
                capitalised(name) + " already exists in " + dst + "; skipped as duplicate"};
    }
    if (cause == Cause::FieldRequired) {
        return {LogLevel::Error, "Field '" + required_field(entity, more) + "' is required: " +
                                     name + " failed validation and was not pushed"};
    }
    return {LogLevel::Error,
            capitalised(name) + " rejected by " + dst + ": " + rejection(entity, dst, more)};
}

SyncPlan plan_sync(const PlanInput& in, std::uint64_t seed) {
    SyncPlan plan;
    plan.id = in.id;
    plan.service_id = in.service->id;
    plan.trigger = in.trigger;
    plan.started_at_ms = in.start_ms;
    DemoRandom rng(mix(seed, static_cast<std::uint64_t>(in.id)));
    const Service& svc = *in.service;
    const std::string& src = svc.source.system;
    const std::string& dst = svc.destination.system;
    const std::string& entity = svc.source.entity;
    const std::string& dst_entity = svc.destination.entity;
    const bool steady = in.target_ms > 0;

    // The outcome is decided first; the log is then written to reach it.
    SyncStatus outcome = settled_status(rng);
    if (steady) outcome = rng.percent(80) ? SyncStatus::Success : SyncStatus::Partial;
    const std::int64_t page_size = entity == "stock" ? 100 : 50;
    std::int64_t records = records_for(entity, rng);
    if (in.payloads && records == 0) records = rng.between(3, 60);  // a manual run has work
    const std::int64_t pages = (records + page_size - 1) / page_size;
    if (pages == 0 && outcome != SyncStatus::Failed) outcome = SyncStatus::Success;
    FailureKind failure = FailureKind::None;
    if (outcome == SyncStatus::Failed) {
        failure =
            pages == 0 || rng.percent(40) ? FailureKind::Authentication : FailureKind::Timeout;
    }
    const std::int64_t stop_page =
        outcome == SyncStatus::Stopped ? rng.between(1, std::max<std::int64_t>(1, pages)) : 0;
    const std::int64_t fail_page =
        failure == FailureKind::Timeout ? rng.between(1, std::max<std::int64_t>(1, pages)) : 0;

    // Issue 17's warnings and errors draw from a stream of their own: the draws above and below
    // (and so everything else in the log) are what they were before them.
    DemoRandom more(mix(seed + 17, static_cast<std::uint64_t>(in.id)));
    const RunTrouble trouble = plan_trouble(more, entity);
    std::int64_t unexplained_total = 0;
    // Issue 19's files: each batch's records draw from a stream of their own too.
    DemoRandom recs(mix(seed + 19, static_cast<std::uint64_t>(in.id) + 0x19));
    const auto key_of = [&](std::int64_t order) { return record_key(seed, in.id, entity, order); };

    PlanWriter w(plan, rng, steady);
    w.emit(LogLevel::Info, 0,
           std::string("Sync started (") + to_string(in.trigger) + "): " + src + " " + entity +
               " → " + dst + " " + dst_entity);
    w.emit(LogLevel::Debug, 0,
           "Settings: page size " + std::to_string(page_size) +
               ", 3 retries with back-off, request timeout 30 s");
    if (failure == FailureKind::Authentication) {
        const bool at_source = rng.percent(50);
        const std::string who = at_source ? src : dst;
        w.emit(LogLevel::Error, at_source ? 1 : 4,
               "Authentication failed for " + who +
                   ": 401 Unauthorized (the API credentials were revoked or have expired)");
        w.emit(LogLevel::Error, 0, "Sync failed: could not authenticate with " + who);
        plan.summary = "Failed: authentication failed for " + who;
        plan.outcome = SyncStatus::Failed;
        plan.finished_at_ms = w.time();
        return plan;
    }
    w.emit(LogLevel::Info, 1,
           "Connected to " + src + "; fetching " + entity + " changed since " +
               format_iso8601_ms(in.since_ms));
    if (pages == 0 && !steady) {
        w.emit(LogLevel::Info, 1, "No " + entity + " changed in " + src + "; nothing to push");
    }

    std::int64_t remaining = records;
    std::int64_t skipped_total = 0;
    std::int64_t page = 0;
    std::string end_reason;
    const std::int64_t deadline = in.start_ms + in.target_ms;
    while (steady ? w.time() < deadline : page < pages) {
        ++page;
        const std::int64_t n = steady ? rng.between(20, page_size) : std::min(page_size, remaining);
        remaining -= n;
        const auto n32 = static_cast<std::int32_t>(n);
        LogLine& pulled_line =
            w.emit(LogLevel::Info, 1,
                   "Pulled page " + std::to_string(page) +
                       (steady ? std::string() : " of " + std::to_string(pages)) + " of " + entity +
                       " from " + src + ": " + std::to_string(n) + " records");
        w.count(n32, 0);
        // Record i (from 1) of this batch is the run's record first_order + (page-1)·size + i-1.
        const std::int64_t batch_first = trouble.first_order + (page - 1) * page_size;
        std::vector<std::vector<Field>> batch;
        if (in.payloads) {
            for (std::int64_t i = 0; i < n; ++i)
                batch.push_back(make_record(entity, batch_first + i, key_of(batch_first + i), recs,
                                            pulled_line.at_ms));
            add_payload(plan, pulled_line, PayloadKind::Pull, src, entity, batch, page);
        }
        w.emit(LogLevel::Debug, 2,
               "Mapped " + std::to_string(n) + " " + entity + " to " + dst + " " + dst_entity +
                   " (" + std::to_string(rng.below(4)) + " fields defaulted)");
        if (in.payloads) {
            std::string script = "normalise-" + dst_entity + ".js";
            for (char& c : script) c = c == ' ' ? '-' : c;
            LogLine& line = w.emit(
                LogLevel::Info, 3,
                "Custom script '" + script + "' transformed " + std::to_string(n) + " records");
            add_payload(plan, line, PayloadKind::CustomScript, dst, dst_entity, batch, page);
        }
        if (rng.percent(8)) {
            w.emit(LogLevel::Warning, 4,
                   dst + " rate limit reached (429 Too Many Requests); retrying batch " +
                       std::to_string(page) + " in " + std::to_string(rng.between(2, 8)) + " s");
        }
        // (Not in the always-running sync: it writes a line every 1–2 s.)
        if (!steady && trouble.timeout_pct > 0 && more.percent(trouble.timeout_pct)) {
            const std::int64_t retry_s = more.between(2, 10);
            w.wait(30 * kSecondMs);
            w.emit_with(more, LogLevel::Warning, 4,
                        "Timeout after 30 s waiting for " + host_of(dst) + " (batch " +
                            std::to_string(page) + ", attempt 1 of 3); retrying in " +
                            std::to_string(retry_s) + " s");
            w.wait(retry_s * kSecondMs);
        }
        if (page == fail_page) {
            w.emit(LogLevel::Error, 4,
                   "Timed out after 30 s waiting for " + dst + " to confirm batch " +
                       std::to_string(page) + " (3 attempts); giving up");
            end_reason = "timed out waiting for " + dst;
            break;
        }
        std::int64_t skipped = 0;  // records of this batch not pushed
        std::vector<bool> gone(static_cast<std::size_t>(n) + 1, false);  // by record, from 1
        // Marks `count` more records of the batch not pushed (any not named by a line).
        const auto drop_more = [&](std::int64_t count) {
            if (!in.payloads) return;
            for (std::int64_t c = 0; c < count; ++c) {
                std::int64_t r = recs.between(1, n);
                while (gone[static_cast<std::size_t>(r)]) r = r % n + 1;
                gone[static_cast<std::size_t>(r)] = true;
            }
        };
        const bool last = steady ? w.time() >= deadline - 2000 : page == pages;
        if (outcome == SyncStatus::Partial && (rng.percent(35) || (last && skipped_total == 0))) {
            const std::int64_t named = rng.between(1, std::min<std::int64_t>(3, n));
            std::vector<std::int64_t> records;  // each named once
            for (std::int64_t i = 0; i < named; ++i) {
                std::int64_t record = rng.between(1, n);
                rng.below(kSkus.size());  // (drawn before issue 19: the stream stays as it was)
                while (std::find(records.begin(), records.end(), record) != records.end()) {
                    record = record % n + 1;
                }
                records.push_back(record);
                gone[static_cast<std::size_t>(record)] = true;
                const std::int64_t order = batch_first + record - 1;
                auto line = cause_line(pick_cause(trouble, more), entity, dst, key_of(order),
                                       record, page, order, more);
                w.emit(line.first, 4, std::move(line.second));
            }
            skipped = named;
            // Several more on one line: "N records skipped in batch P: …".
            const std::int64_t most = std::min<std::int64_t>(12, (n - skipped) / 2);
            if (most >= 2 && more.percent(trouble.aggregate_pct)) {
                static const std::array<const char*, 4> kWhy = {"tagged 'test' in ", "archived in ",
                                                                "older than the 30-day sync window",
                                                                "quantity is zero"};
                const std::size_t why = static_cast<std::size_t>(more.below(kWhy.size()));
                const std::int64_t several = more.between(2, most);
                w.emit_with(more, LogLevel::Warning, 2,
                            std::to_string(several) + " records skipped in batch " +
                                std::to_string(page) + ": " + kWhy[why] + (why < 2 ? src : ""));
                skipped += several;
                drop_more(several);
            }
            skipped_total += skipped;
            // And a few that no line accounts for.
            if (trouble.unexplained && (unexplained_total == 0 || more.percent(40)) &&
                skipped < n) {
                const std::int64_t silent = std::min(n - skipped, more.between(1, 4));
                skipped += silent;
                unexplained_total += silent;
                drop_more(silent);
            }
        }
        LogLine& pushed_line =
            w.emit(LogLevel::Info, 4,
                   "Pushed " + std::to_string(n - skipped) + " of " + std::to_string(n) + " " +
                       dst_entity + " to " + dst + " (batch " + std::to_string(page) + ")");
        w.count(0, static_cast<std::int32_t>(n - skipped));
        if (in.payloads) {
            std::vector<std::vector<Field>> pushed;
            for (std::int64_t i = 1; i <= n; ++i)
                if (!gone[static_cast<std::size_t>(i)])
                    pushed.push_back(batch[static_cast<std::size_t>(i - 1)]);
            add_payload(plan, pushed_line, PayloadKind::Push, dst, dst_entity, pushed, page);
        }
        if (page == stop_page && !last) {
            w.emit(LogLevel::Warning, 0,
                   "Stop requested by demo@syncscope.example; stopping after batch " +
                       std::to_string(page));
            break;
        }
        if (page == stop_page) outcome = SyncStatus::Success;  // nothing left to stop
    }

    if (outcome == SyncStatus::Partial && skipped_total == 0) outcome = SyncStatus::Success;
    const std::string totals =
        "pulled " + std::to_string(w.pulled) + ", pushed " + std::to_string(w.pushed);
    const std::int64_t took = w.time() - in.start_ms;
    switch (outcome) {
        case SyncStatus::Failed:
            w.emit(LogLevel::Error, 0, "Sync failed: " + end_reason + " (" + totals + ")");
            plan.summary = "Failed: " + end_reason + "; " + totals;
            break;
        case SyncStatus::Stopped:
            w.emit(LogLevel::Info, 0, "Sync stopped by user: " + totals);
            plan.summary = "Stopped by user; " + totals;
            break;
        case SyncStatus::Partial:
            w.emit(LogLevel::Warning, 0,
                   "Sync finished with " + std::to_string(skipped_total + unexplained_total) +
                       " records skipped: " + totals + " in " + duration_text(took));
            plan.summary = "Partial: " + totals + ", " +
                           std::to_string(skipped_total + unexplained_total) + " skipped";
            break;
        default:
            w.emit(LogLevel::Info, 0, "Sync finished: " + totals + " in " + duration_text(took));
            plan.summary = records == 0 && !steady ? "Nothing to sync" : "Success: " + totals;
            outcome = SyncStatus::Success;
    }
    plan.outcome = outcome;
    plan.finished_at_ms = w.time();
    return plan;
}

// The --quiet-sync run: a steady run (lines every 1–2 s) whose lines after the first
// kQuietSyncFirstLines come `silence_ms` later than planned, its end too.
SyncPlan plan_quiet_sync(SyncPlan plan, std::int64_t silence_ms) {
    // The last line says how long the run took ("… in 30 s", as of the line before it): it took
    // the silence longer.
    if (plan.lines.size() > static_cast<std::size_t>(kQuietSyncFirstLines) + 1) {
        const std::int64_t before = plan.lines[plan.lines.size() - 2].at_ms - plan.started_at_ms;
        const std::string took = " in " + duration_text(before);
        std::string& last = plan.lines.back().message;
        if (last.size() > took.size() &&
            last.compare(last.size() - took.size(), took.size(), took) == 0)
            last.replace(last.size() - took.size(), took.size(),
                         " in " + duration_text(before + silence_ms));
    }
    for (std::size_t i = kQuietSyncFirstLines; i < plan.lines.size(); ++i)
        plan.lines[i].at_ms += silence_ms;
    for (Payload& p : plan.payloads)
        if (p.stored_at_ms > plan.started_at_ms) p.stored_at_ms += silence_ms;
    if (plan.lines.size() > static_cast<std::size_t>(kQuietSyncFirstLines))
        plan.finished_at_ms += silence_ms;
    return plan;
}

// The benchmark sync's line `i`, computed from the index alone: pages of three lines
// (pulled, mapped, pushed), every 333rd "mapped" line replaced by a rate-limit warning.
LogLine big_sync_line(const SyncPlan& plan, std::int64_t i) {
    LogLine line;
    line.at_ms = plan.started_at_ms + i * kBigSyncLineGapMs;
    const std::int64_t page = i / 3 + 1;
    const std::int64_t mapped_lines = (i + 2) / 3;  // lines j <= i with j % 3 == 1
    line.pulled = static_cast<std::int32_t>(50 * page);
    line.pushed = static_cast<std::int32_t>(50 * ((i + 1) / 3));
    line.warnings = static_cast<std::int32_t>(mapped_lines / 333);
    line.errors = 0;
    const std::int64_t first = 100000 + (page - 1) * 50;
    char buf[200];
    switch (i % 3) {
        case 0:
            line.step = 1;
            std::snprintf(
                buf, sizeof buf,
                "Pulled page %lld of orders from Shopify: 50 records (orders #%lld-#%lld, "
                "cursor page_info=%08llx, 250 ms)",
                static_cast<long long>(page), static_cast<long long>(first),
                static_cast<long long>(first + 49),
                static_cast<unsigned long long>(mix(page, 7) & 0xffffffffull));
            break;
        case 1:
            if ((i / 3) % 333 == 332) {
                line.level = LogLevel::Warning;
                line.step = 4;
                std::snprintf(buf, sizeof buf,
                              "NetSuite rate limit reached (429 Too Many Requests); retrying "
                              "batch %lld in 2 s, attempt 2 of 3",
                              static_cast<long long>(page));
            } else {
                line.level = LogLevel::Debug;
                line.step = 2;
                std::snprintf(buf, sizeof buf,
                              "Mapped 50 orders to NetSuite sales orders: 50 ok, %lld fields "
                              "defaulted, tax code GB-STD and 2 SKUs mapped",
                              static_cast<long long>(page % 4));
            }
            break;
        default:
            line.step = 4;
            std::snprintf(
                buf, sizeof buf,
                "Pushed 50 of 50 orders to NetSuite as sales orders (batch %lld, HTTP 200 "
                "in %lld ms, 0 rejected, request id %012llx)",
                static_cast<long long>(page), static_cast<long long>(200 + page % 700),
                static_cast<unsigned long long>(mix(page, 11) & 0xffffffffffffull));
    }
    line.message = buf;
    return line;
}

SyncPlan plan_big_sync(std::int64_t id, std::int64_t service_id, std::int64_t start_ms,
                       std::int64_t lines) {
    SyncPlan plan;
    plan.id = id;
    plan.service_id = service_id;
    plan.trigger = SyncTrigger::Api;
    plan.started_at_ms = start_ms;
    plan.generated_lines = lines;
    plan.finished_at_ms = start_ms + (lines - 1) * kBigSyncLineGapMs;
    plan.outcome = SyncStatus::Success;
    const LogLine last = big_sync_line(plan, lines - 1);
    // docs/demo-server.md (--big-sync-lines): the summary contains "benchmark" — lower case, for a
    // plain substring search.
    plan.summary = "Big log for the benchmark: " + std::to_string(lines) + " log lines; pulled " +
                   std::to_string(last.pulled) + ", pushed " + std::to_string(last.pushed);
    return plan;
}

}  // namespace

const char* to_string(LogLevel level) {
    switch (level) {
        case LogLevel::Debug: return "debug";
        case LogLevel::Info: return "info";
        case LogLevel::Warning: return "warning";
        case LogLevel::Error: return "error";
    }
    return "info";
}

const char* to_string(SyncTrigger trigger) {
    switch (trigger) {
        case SyncTrigger::Schedule: return "schedule";
        case SyncTrigger::Manual: return "manual";
        case SyncTrigger::Api: return "api";
        case SyncTrigger::Retry: return "retry";
    }
    return "schedule";
}

const char* to_string(PayloadKind kind) {
    switch (kind) {
        case PayloadKind::Pull: return "pull";
        case PayloadKind::Push: return "push";
        case PayloadKind::CustomScript: return "custom_script";
    }
    return "pull";
}

std::optional<SyncStatus> parse_sync_status(const std::string& text) {
    const std::string lowered = lower_ascii(trim(text));
    for (SyncStatus s : {SyncStatus::Queued, SyncStatus::Running, SyncStatus::Success,
                         SyncStatus::Partial, SyncStatus::Failed, SyncStatus::Stopped}) {
        if (lowered == to_string(s)) return s;
    }
    return std::nullopt;
}

std::int64_t SyncPlan::line_count() const {
    return generated_lines > 0 ? generated_lines : static_cast<std::int64_t>(lines.size());
}

LogLine SyncPlan::line_at(std::int64_t index) const {
    if (generated_lines > 0) return big_sync_line(*this, index);
    return lines[static_cast<std::size_t>(index)];
}

std::int64_t SyncPlan::visible_lines(std::int64_t now_ms) const {
    if (now_ms < started_at_ms) return 0;
    if (generated_lines > 0) {
        return std::min(generated_lines, (now_ms - started_at_ms) / kBigSyncLineGapMs + 1);
    }
    const auto it = std::upper_bound(lines.begin(), lines.end(), now_ms,
                                     [](std::int64_t t, const LogLine& l) { return t < l.at_ms; });
    return static_cast<std::int64_t>(it - lines.begin());
}

const Payload* SyncPlan::find_payload(std::int64_t payload_id) const {
    for (const Payload& p : payloads) {
        if (p.id == payload_id) return &p;
    }
    return nullptr;
}

SyncState sync_state(const SyncPlan& plan, std::int64_t now_ms) {
    SyncState s;
    s.line_count = plan.visible_lines(now_ms);
    if (s.line_count > 0) {
        const LogLine last = plan.line_at(s.line_count - 1);
        s.pulled = last.pulled;
        s.pushed = last.pushed;
        s.warnings = last.warnings;
        s.errors = last.errors;
    }
    if (now_ms >= plan.finished_at_ms) {
        s.status = plan.outcome;
        s.finished_at_ms = plan.finished_at_ms;
        s.duration_ms = plan.finished_at_ms - plan.started_at_ms;
        s.summary = plan.summary;
        if (!plan.payloads.empty()) {
            s.payloads_expire_at_ms = plan.finished_at_ms + kPayloadLifetimeMs;
        }
    } else {
        s.status = SyncStatus::Running;
        s.duration_ms = std::max<std::int64_t>(0, now_ms - plan.started_at_ms);
        s.summary = "Running: pulled " + std::to_string(s.pulled) + ", pushed " +
                    std::to_string(s.pushed) + " so far";
    }
    return s;
}

nlohmann::ordered_json sync_to_json(const SyncPlan& plan, const SyncState& state) {
    using json = nlohmann::ordered_json;
    return {{"id", plan.id},
            {"service_id", plan.service_id},
            {"status", to_string(state.status)},
            {"trigger", to_string(plan.trigger)},
            {"started_at", format_iso8601_ms(plan.started_at_ms)},
            {"finished_at",
             state.finished_at_ms ? json(format_iso8601_ms(*state.finished_at_ms)) : json()},
            {"duration_ms", state.duration_ms},
            {"pulled_count", state.pulled},
            {"pushed_count", state.pushed},
            {"warning_count", state.warnings},
            {"error_count", state.errors},
            {"summary", state.summary},
            {"payloads_expire_at", state.payloads_expire_at_ms
                                       ? json(format_iso8601_ms(*state.payloads_expire_at_ms))
                                       : json()}};
}

nlohmann::ordered_json payload_to_json(const Payload& payload, const SyncState& state) {
    using json = nlohmann::ordered_json;
    return {{"id", payload.id},
            {"kind", to_string(payload.kind)},
            {"file_name", payload.file_name},
            {"size_bytes", static_cast<std::int64_t>(payload.bytes.size())},
            {"content_type", payload.content_type},
            {"expires_at", state.payloads_expire_at_ms
                               ? json(format_iso8601_ms(*state.payloads_expire_at_ms))
                               : json()}};
}

nlohmann::ordered_json log_line_to_json(const SyncPlan& plan, const SyncState& state,
                                        const LogLine& line, std::int64_t id) {
    using json = nlohmann::ordered_json;
    json payload;
    if (line.payload >= 0 && static_cast<std::size_t>(line.payload) < plan.payloads.size()) {
        payload = payload_to_json(plan.payloads[static_cast<std::size_t>(line.payload)], state);
    }
    return {{"id", id},
            {"at", format_iso8601_ms(line.at_ms)},
            {"level", to_string(line.level)},
            {"message", line.message},
            {"payload", std::move(payload)}};
}

namespace {

// JSON string escaping as nlohmann's dump() does it (the messages are valid UTF-8, written here).
void append_json_string(std::string& out, const std::string& text) {
    static const char kHex[] = "0123456789abcdef";
    out += '"';
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

}  // namespace

void append_log_line_json(std::string& out, const SyncPlan& plan, const SyncState& state,
                          const LogLine& line, std::int64_t id) {
    out += "{\"id\":";
    out += std::to_string(id);
    out += ",\"at\":\"";
    out += format_iso8601_ms(line.at_ms);
    out += "\",\"level\":\"";
    out += to_string(line.level);
    out += "\",\"message\":";
    append_json_string(out, line.message);
    out += ",\"payload\":";
    if (line.payload >= 0 && static_cast<std::size_t>(line.payload) < plan.payloads.size()) {
        out += payload_to_json(plan.payloads[static_cast<std::size_t>(line.payload)], state).dump();
    } else {
        out += "null";
    }
    out += '}';
}

void append_log_line_tsv(std::string& out, const SyncPlan& plan, const SyncState& state,
                         const LogLine& line, std::int64_t id) {
    out += std::to_string(id);
    out += '\t';
    out += std::to_string(line.at_ms);
    out += '\t';
    out += to_string(line.level);
    out += '\t';
    for (char ch : line.message) {
        switch (ch) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += ch;
        }
    }
    out += '\t';
    if (line.payload >= 0 && static_cast<std::size_t>(line.payload) < plan.payloads.size()) {
        // A compact dump: no whitespace, control characters escaped, so never a tab or newline.
        out += payload_to_json(plan.payloads[static_cast<std::size_t>(line.payload)], state).dump();
    }
    out += '\n';
}

void append_log_line_text(std::string& out, const LogLine& line) {
    out += format_iso8601_ms(line.at_ms);
    out += ' ';
    for (const char* p = to_string(line.level); *p; ++p)
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    out += ' ';
    out += line.message;
    out += '\n';
}

SimClock::SimClock(std::int64_t real_start_ms, std::int64_t sim_start_ms, double speed)
    : real_start_ms_(real_start_ms), sim_start_ms_(sim_start_ms), speed_(speed) {}

std::int64_t SimClock::at(std::int64_t real_ms) const {
    return sim_start_ms_ +
           static_cast<std::int64_t>(static_cast<double>(real_ms - real_start_ms_) * speed_);
}

std::int64_t SimClock::real_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// One service's schedule and the syncs made so far. Scheduled slots are merged with "extra"
// runs (manual, retry, the benchmark) in start order, so sync ordinals — and ids — follow
// start times whatever the pace of advance_to() calls.
struct Simulation::Track {
    struct Extra {
        std::int64_t start_ms;
        SyncTrigger trigger;
        bool payloads;
        bool big;
        bool hostile = false;  // the --hostile-sync sync (hostile_data.h)
        bool quiet = false;    // the --quiet-sync sync
    };

    const Service* service = nullptr;
    bool active = false;
    std::int64_t steady_ms = 0;  // > 0: runs back to back, this much longer than the interval
    Cadence cadence;
    std::int64_t next_slot_ms = 0;
    std::vector<Extra> extras;  // sorted by start, latest first (pop_back takes the earliest)
    std::int64_t last_start_ms = 0;
    std::vector<std::shared_ptr<const SyncPlan>> syncs;

    void add_extra(const Extra& e) {
        auto it = std::upper_bound(extras.begin(), extras.end(), e.start_ms,
                                   [](std::int64_t t, const Extra& x) { return t > x.start_ms; });
        extras.insert(it, e);
    }
};

Simulation::Simulation(const SimulationConfig& config) : config_(config) {
    base_ = generate_demo_data(config.seed, config.services, config.start_ms);
    if (config.hostile_sync) {
        // The service that gets the hostile sync (the first active one) has a hostile name too:
        // "##" (ImGui's label/id separator), an ANSI colour and a bidi override.
        for (Service& s : base_.services) {
            if (s.status != ServiceStatus::Active) continue;
            s.name += kHostileServiceNameSuffix;
            break;
        }
    }
    const std::int64_t history_start = config.start_ms - kHistoryMs;
    // The benchmark sync: finished an hour ago, or (live) starting now and writing its lines as
    // time passes — 100 a simulated second, so --speed 10 makes 1,000 a real second.
    const std::int64_t big_start =
        config.big_sync_live
            ? config.start_ms
            : config.start_ms - kHourMs - config.big_sync_lines * kBigSyncLineGapMs;

    // The service that always has a sync running: the first active one that runs often.
    const Service* steady = nullptr;
    for (const Service& s : base_.services) {
        if (s.status != ServiceStatus::Active) continue;
        if (!steady || (cadence_of(steady->schedule, steady->id).interval_ms > 30 * kMinuteMs &&
                        cadence_of(s.schedule, s.id).interval_ms <= 30 * kMinuteMs)) {
            steady = &s;
        }
    }
    bool big_placed = false;
    for (const Service& s : base_.services) {
        auto track = std::make_shared<Track>();
        track->service = &s;
        track->active = s.status == ServiceStatus::Active;
        track->cadence = cadence_of(s.schedule, s.id);
        DemoRandom rng(mix(config.seed, static_cast<std::uint64_t>(s.id) + 0x1000));
        if (&s == steady) {
            track->cadence.interval_ms = std::min(track->cadence.interval_ms, 15 * kMinuteMs);
            track->cadence.phase_ms = 0;
            track->steady_ms = track->cadence.interval_ms + rng.between(8, 25) * kSecondMs;
        }
        // The first slot at or after the start of the history.
        const Cadence& c = track->cadence;
        const std::int64_t k = (history_start - c.phase_ms + c.interval_ms - 1) / c.interval_ms;
        track->next_slot_ms = k * c.interval_ms + c.phase_ms;
        if (track->active) {
            // Manual runs that keep payloads: one finished over a day ago (its files already
            // expired), one recent (files live), and one or two more through the day.
            track->add_extra({config.start_ms - kDayMs - rng.between(30, 150) * kMinuteMs,
                              SyncTrigger::Manual, true, false});
            track->add_extra({config.start_ms - rng.between(20, 150) * kMinuteMs,
                              SyncTrigger::Manual, true, false});
            for (std::int64_t i = rng.between(1, 2); i > 0; --i) {
                track->add_extra({config.start_ms - rng.between(3 * 60, 23 * 60) * kMinuteMs,
                                  SyncTrigger::Manual, true, false});
            }
            if (config.big_sync_lines > 0 && !big_placed) {
                big_placed = true;
                track->add_extra({big_start, SyncTrigger::Api, false, true});
            }
        } else if (s.last_sync) {
            // Switched off: its one last run, long ago.
            track->add_extra({s.last_sync->started_at_ms, SyncTrigger::Schedule, false, false});
        }
        tracks_.push_back(std::move(track));
    }
    if (config.hostile_sync && !tracks_.empty()) {
        // On the first active service: finished 40 minutes ago, its payload still kept.
        for (const auto& t : tracks_) {
            if (!t->active) continue;
            t->add_extra(
                {config.start_ms - 40 * kMinuteMs, SyncTrigger::Manual, false, false, true});
            break;
        }
    }
    if (config.quiet_sync_ms > 0) {
        // On the first active service other than the one always running (that one, if alone):
        // starting now, so that its first lines, its silence and its end are all to come.
        std::shared_ptr<Track> quiet;
        for (const auto& t : tracks_) {
            if (!t->active) continue;
            if (!quiet || (quiet->steady_ms > 0 && t->steady_ms == 0)) quiet = t;
            if (quiet->steady_ms == 0) break;
        }
        if (quiet)
            quiet->add_extra(
                {config.start_ms, SyncTrigger::Manual, false, false, false, /*quiet=*/true});
    }
    if (config.big_sync_lines > 0 && !big_placed && !tracks_.empty()) {
        tracks_[0]->add_extra({big_start, SyncTrigger::Api, false, true});
    }
    latest_ms_ = std::numeric_limits<std::int64_t>::min();
    advance_to(config.start_ms);
}

std::int64_t Simulation::advance_to(std::int64_t now_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (now_ms <= latest_ms_) return latest_ms_;
    latest_ms_ = now_ms;
    for (const auto& track_ptr : tracks_) {
        Track& t = *track_ptr;
        const std::uint64_t service_key = static_cast<std::uint64_t>(t.service->id);
        for (;;) {
            // A scheduled run starts a moment after its slot (schedulers are never exact).
            std::int64_t slot_start = std::numeric_limits<std::int64_t>::max();
            if (t.active) {
                slot_start = t.next_slot_ms + static_cast<std::int64_t>(
                                                  mix(config_.seed ^ service_key,
                                                      static_cast<std::uint64_t>(t.next_slot_ms)) %
                                                  2500);
            }
            const std::int64_t extra_start = t.extras.empty()
                                                 ? std::numeric_limits<std::int64_t>::max()
                                                 : t.extras.back().start_ms;
            const std::int64_t start = std::min(slot_start, extra_start);
            if (start > now_ms) break;

            const std::int64_t id =
                t.service->id * kSyncIdBlock + static_cast<std::int64_t>(t.syncs.size()) + 1;
            std::shared_ptr<SyncPlan> plan;
            if (extra_start <= slot_start) {
                const Track::Extra e = t.extras.back();
                t.extras.pop_back();
                if (e.big) {
                    plan = std::make_shared<SyncPlan>(
                        plan_big_sync(id, t.service->id, e.start_ms, config_.big_sync_lines));
                } else if (e.hostile) {
                    plan = std::make_shared<SyncPlan>(
                        plan_hostile_sync(id, t.service->id, e.start_ms, config_.big_payload_mb));
                } else if (e.quiet) {
                    PlanInput in{t.service,
                                 id,
                                 e.start_ms,
                                 e.trigger,
                                 false,
                                 kQuietSyncRunMs,
                                 e.start_ms - t.cadence.interval_ms};
                    plan = std::make_shared<SyncPlan>(
                        plan_quiet_sync(plan_sync(in, config_.seed), config_.quiet_sync_ms));
                } else {
                    PlanInput in{t.service,
                                 id,
                                 e.start_ms,
                                 e.trigger,
                                 e.payloads,
                                 0,
                                 e.start_ms - t.cadence.interval_ms};
                    plan = std::make_shared<SyncPlan>(plan_sync(in, config_.seed));
                }
            } else {
                // One scheduled run in twenty is kicked off by the merchant's own API call.
                const bool by_api =
                    !t.steady_ms && mix(config_.seed + 3, static_cast<std::uint64_t>(id)) % 20 == 0;
                PlanInput in{t.service,
                             id,
                             slot_start,
                             by_api ? SyncTrigger::Api : SyncTrigger::Schedule,
                             false,
                             t.steady_ms,
                             t.next_slot_ms - t.cadence.interval_ms};
                plan = std::make_shared<SyncPlan>(plan_sync(in, config_.seed));
                t.next_slot_ms += t.cadence.interval_ms;
            }
            // Most failed runs are retried a few minutes after they end.
            if (plan->outcome == SyncStatus::Failed && plan->trigger != SyncTrigger::Retry &&
                plan->started_at_ms >= config_.start_ms - kHistoryMs &&
                mix(config_.seed + 5, static_cast<std::uint64_t>(id)) % 10 < 6) {
                const std::int64_t delay =
                    kMinuteMs +
                    static_cast<std::int64_t>(
                        mix(config_.seed + 7, static_cast<std::uint64_t>(id)) % (2 * kMinuteMs));
                t.add_extra({plan->finished_at_ms + delay, SyncTrigger::Retry, false, false});
            }
            t.last_start_ms = plan->started_at_ms;
            t.syncs.push_back(std::move(plan));
        }
    }
    return latest_ms_;
}

namespace {

// Syncs are in start order, so "started by now" is a prefix.
std::size_t started_by(const std::vector<std::shared_ptr<const SyncPlan>>& syncs,
                       std::int64_t now_ms) {
    const auto it = std::upper_bound(syncs.begin(), syncs.end(), now_ms,
                                     [](std::int64_t t, const std::shared_ptr<const SyncPlan>& p) {
                                         return t < p->started_at_ms;
                                     });
    return static_cast<std::size_t>(it - syncs.begin());
}

}  // namespace

DemoData Simulation::services_at(std::int64_t now_ms) const {
    DemoData out = base_;
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::size_t i = 0; i < out.services.size() && i < tracks_.size(); ++i) {
        const auto& syncs = tracks_[i]->syncs;
        const std::size_t n = started_by(syncs, now_ms);
        if (n == 0) {
            out.services[i].last_sync.reset();
            continue;
        }
        const SyncPlan& newest = *syncs[n - 1];
        out.services[i].last_sync =
            LastSync{newest.id, sync_state(newest, now_ms).status, newest.started_at_ms};
    }
    return out;
}

std::vector<std::shared_ptr<const SyncPlan>> Simulation::syncs_of(std::int64_t service_id,
                                                                  std::int64_t now_ms) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (service_id < 1 || service_id > static_cast<std::int64_t>(tracks_.size())) return {};
    const auto& syncs = tracks_[static_cast<std::size_t>(service_id - 1)]->syncs;
    return {syncs.begin(), syncs.begin() + static_cast<std::ptrdiff_t>(started_by(syncs, now_ms))};
}

std::vector<std::shared_ptr<const SyncPlan>> Simulation::all_syncs(std::int64_t now_ms) const {
    std::vector<std::shared_ptr<const SyncPlan>> out;
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& t : tracks_) {
        out.insert(out.end(), t->syncs.begin(),
                   t->syncs.begin() + static_cast<std::ptrdiff_t>(started_by(t->syncs, now_ms)));
    }
    return out;
}

std::shared_ptr<const SyncPlan> Simulation::find_sync(std::int64_t sync_id,
                                                      std::int64_t now_ms) const {
    if (sync_id <= 0) return nullptr;
    const std::int64_t service_id = sync_id / kSyncIdBlock;
    const std::int64_t ordinal = sync_id % kSyncIdBlock;
    std::lock_guard<std::mutex> lock(mutex_);
    if (service_id < 1 || service_id > static_cast<std::int64_t>(tracks_.size()) || ordinal < 1) {
        return nullptr;
    }
    const auto& syncs = tracks_[static_cast<std::size_t>(service_id - 1)]->syncs;
    if (ordinal > static_cast<std::int64_t>(syncs.size())) return nullptr;
    const auto& plan = syncs[static_cast<std::size_t>(ordinal - 1)];
    return plan->started_at_ms <= now_ms ? plan : nullptr;
}

std::shared_ptr<const SyncPlan> Simulation::find_payload_sync(std::int64_t payload_id,
                                                              std::int64_t now_ms) const {
    if (payload_id <= 0) return nullptr;
    // Batch 1's files: sync id × 10 + k; a later batch's: sync id × 10000 + batch × 10 + k.
    auto plan = find_sync(payload_id / 10, now_ms);
    if (!plan || !plan->find_payload(payload_id)) plan = find_sync(payload_id / 10000, now_ms);
    if (!plan) return nullptr;
    const Payload* p = plan->find_payload(payload_id);
    return p && p->stored_at_ms <= now_ms ? plan : nullptr;
}

}  // namespace syncscope::demo
