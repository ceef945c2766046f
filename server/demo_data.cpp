// server/demo_data.cpp — generates the demo's services from a seed and answers the pure list
// queries over them (search, status filter, pagination, JSON shape). See demo_data.h.
#include "demo_data.h"

#include "core/time.h"

#include <algorithm>
#include <array>
#include <cctype>

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

}  // namespace syncscope::demo
