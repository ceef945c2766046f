// core/services_filter.cpp — see services_filter.h.
#include "core/services_filter.h"

#include <algorithm>
#include <map>

#include "core/text_fold.h"

namespace core {

bool serviceMatches(const Service& s, const std::string& query) {
    if (query.empty()) return true;
    const std::string q = foldCase(query);
    return std::to_string(s.id).find(q) != std::string::npos ||
           foldCase(s.type).find(q) != std::string::npos ||
           foldCase(s.name).find(q) != std::string::npos;
}

bool serviceMatches(const Service& s, const ServicesFilter& f) {
    return (!f.status || s.status == *f.status) &&
           (!f.sourceSystem || s.source.system == *f.sourceSystem) &&
           (!f.sourceEntity || s.source.entity == *f.sourceEntity) &&
           (!f.companyGroup || s.companyGroup == *f.companyGroup) &&
           (!f.failing || (s.hasRuns && s.failed24h > 0)) && serviceMatches(s, f.search);
}

std::vector<size_t> filterServices(const std::vector<Service>& services, const std::string& query) {
    ServicesFilter f;
    f.search = query;
    return filterServices(services, f);
}

std::vector<size_t> filterServices(const std::vector<Service>& services,
                                   const ServicesFilter& filter) {
    std::vector<size_t> rows;
    rows.reserve(services.size());
    for (size_t i = 0; i < services.size(); ++i)
        if (serviceMatches(services[i], filter)) rows.push_back(i);
    return rows;
}

namespace {

// -1, 0, 1 like strcmp, ignoring case.
int compareFolded(const std::string& a, const std::string& b) {
    const std::string fa = foldCase(a), fb = foldCase(b);
    return fa < fb ? -1 : (fb < fa ? 1 : 0);
}

int compareBy(ServicesSortKey key, const Service& a, const Service& b) {
    const auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (key) {
        case ServicesSortKey::None: return 0;
        case ServicesSortKey::Id: return cmp(a.id, b.id);
        case ServicesSortKey::Name: return compareFolded(a.name, b.name);
        case ServicesSortKey::Status: return compareFolded(toString(a.status), toString(b.status));
        case ServicesSortKey::Type: return compareFolded(a.type, b.type);
        case ServicesSortKey::Flow: {
            for (const auto& [x, y] :
                 {std::make_pair(&a.source.system, &b.source.system),
                  std::make_pair(&a.source.entity, &b.source.entity),
                  std::make_pair(&a.destination.system, &b.destination.system),
                  std::make_pair(&a.destination.entity, &b.destination.entity)})
                if (const int c = compareFolded(*x, *y)) return c;
            return 0;
        }
        case ServicesSortKey::Schedule: return compareFolded(a.schedule, b.schedule);
        case ServicesSortKey::Alerts: return cmp(a.alertsEnabled, b.alertsEnabled);
        case ServicesSortKey::LastSync:
            return cmp(a.lastSync ? a.lastSync->startedAt : 0,
                       b.lastSync ? b.lastSync->startedAt : 0);
        case ServicesSortKey::Failures: return cmp(a.failed24h, b.failed24h);
    }
    return 0;
}

// A facet list from value → count, sorted case-insensitively, with `chosen` listed even at 0.
std::vector<Facet> facetList(const std::map<std::string, size_t>& counts,
                             const std::optional<std::string>& chosen) {
    std::vector<Facet> out;
    out.reserve(counts.size() + 1);
    for (const auto& [value, n] : counts) out.push_back({value, n});
    if (chosen && !counts.count(*chosen)) out.push_back({*chosen, 0});
    std::stable_sort(out.begin(), out.end(), [](const Facet& a, const Facet& b) {
        return compareFolded(a.value, b.value) < 0;
    });
    return out;
}

}  // namespace

void sortServices(std::vector<size_t>& rows, const std::vector<Service>& services,
                  const ServicesSort& sort) {
    if (sort.key == ServicesSortKey::None) return;
    std::stable_sort(rows.begin(), rows.end(), [&](size_t ia, size_t ib) {
        const Service& a = services[ia];
        const Service& b = services[ib];
        if (sort.key == ServicesSortKey::LastSync && !a.lastSync != !b.lastSync)
            return b.lastSync == std::nullopt;  // never synced: last
        if (sort.key == ServicesSortKey::Failures && a.hasRuns != b.hasRuns)
            return a.hasRuns;  // no run data: last
        const int c = compareBy(sort.key, a, b);
        return sort.descending ? c > 0 : c < 0;
    });
}

ServicesFacets servicesFacets(const std::vector<Service>& services, const ServicesFilter& f) {
    std::map<std::string, size_t> groups, statuses, systems, entities;
    for (const Service& s : services) {
        ++groups[s.companyGroup];
        if (f.companyGroup && s.companyGroup != *f.companyGroup) continue;
        ++statuses[toString(s.status)];
        ++systems[s.source.system];
        if (f.sourceSystem && s.source.system != *f.sourceSystem) continue;
        ++entities[s.source.entity];
    }
    ServicesFacets out;
    out.groups = facetList(groups, f.companyGroup);
    out.statuses = facetList(
        statuses, f.status ? std::optional<std::string>(toString(*f.status)) : std::nullopt);
    out.systems = facetList(systems, f.sourceSystem);
    out.entities = facetList(entities, f.sourceEntity);
    return out;
}

int outcomeSeverity(SyncStatus s) {
    switch (s) {
        case SyncStatus::Failed: return 5;
        case SyncStatus::Partial: return 4;
        case SyncStatus::Running:
        case SyncStatus::Queued: return 3;
        case SyncStatus::Stopped:
        case SyncStatus::Unknown: return 2;
        case SyncStatus::Success: return 1;
    }
    return 0;
}

std::vector<HourCell> runStrip(const Service& service, TimeMs serverNow) {
    constexpr TimeMs kHourMs = 3600 * 1000LL;
    std::vector<HourCell> cells(kStripHours);
    const TimeMs from = serverNow - kStripHours * kHourMs;
    for (int i = 0; i < kStripHours; ++i) cells[static_cast<size_t>(i)].start = from + i * kHourMs;
    for (size_t r = 0; r < service.runs24h.size(); ++r) {
        const ServiceRun& run = service.runs24h[r];
        if (run.startedAt < from) continue;
        const TimeMs hour = (run.startedAt - from) / kHourMs;
        HourCell& c = cells[static_cast<size_t>(std::min<TimeMs>(hour, kStripHours - 1))];
        c.runs.push_back(r);
        if (!c.worst || outcomeSeverity(run.status) > outcomeSeverity(*c.worst))
            c.worst = run.status;
    }
    return cells;
}

}  // namespace core
