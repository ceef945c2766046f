// api/reference_decode.cpp — see reference_decode.h.
#include "api/reference_decode.h"

#include "core/time.h"

namespace api {

using nlohmann::json;

namespace {

core::Endpoint decodeEndpoint(const json& item, const char* key, JsonReader& r) {
    core::Endpoint e;
    const json* o = r.object(item, key, false);
    if (!o) return e;
    JsonReader in = r.nested(key);
    e.system = in.string(*o, "system", false).value_or("");
    e.entity = in.string(*o, "entity", false).value_or("");
    r.absorb(in);
    return e;
}

}  // namespace

core::Service decodeService(const json& item, JsonReader& r) {
    core::Service s;
    if (!item.is_object()) {
        r.fail(r.where().empty() ? "item" : r.where(), "expected an object");
        return s;
    }
    s.id = r.integer(item, "id", true).value_or(0);
    s.name = r.string(item, "name", true).value_or("");
    if (auto st = r.string(item, "status", true)) {
        auto parsed = core::serviceStatusFromString(*st);
        if (!parsed) r.fail(r.path("status"), "unknown status \"" + *st + "\"");
        s.status = parsed.value_or(core::ServiceStatus::Inactive);
    }
    s.type = r.string(item, "type", false).value_or("");
    s.companyGroup = r.string(item, "company_group", false).value_or("");
    s.source = decodeEndpoint(item, "source", r);
    s.destination = decodeEndpoint(item, "destination", r);
    s.schedule = r.string(item, "schedule", false).value_or("");
    s.alertsEnabled = r.boolean(item, "alerts_enabled", false).value_or(false);
    if (const json* ls = r.object(item, "last_sync", false)) {
        JsonReader in = r.nested("last_sync");
        core::LastSync last;
        last.id = in.integer(*ls, "id", true).value_or(0);
        if (auto st = in.string(*ls, "status", true)) {
            auto parsed = core::syncStatusFromString(*st);
            if (!parsed) in.fail(in.path("status"), "unknown status \"" + *st + "\"");
            last.status = parsed.value_or(core::SyncStatus::Queued);
        }
        if (auto at = in.string(*ls, "started_at", false)) {
            auto t = core::parseIso8601(*at);
            if (!t) in.fail(in.path("started_at"), "not an ISO-8601 time: \"" + *at + "\"");
            last.startedAt = t.value_or(0);
        }
        r.absorb(in);
        s.lastSync = last;
    }
    return s;
}

core::PageMeta decodePageMeta(const json& root, size_t itemCount, JsonReader& r) {
    core::PageMeta m;
    m.perPage = static_cast<int>(itemCount);
    m.total = static_cast<int>(itemCount);
    const json* meta = r.object(root, "meta", false);
    if (!meta) return m;
    JsonReader in = r.nested("meta");
    m.currentPage = static_cast<int>(in.integer(*meta, "current_page", false).value_or(1));
    m.perPage = static_cast<int>(in.integer(*meta, "per_page", false).value_or(m.perPage));
    m.total = static_cast<int>(in.integer(*meta, "total", false).value_or(m.total));
    m.lastPage = static_cast<int>(in.integer(*meta, "last_page", false).value_or(m.currentPage));
    if (m.currentPage < 1 || m.lastPage < 0 || m.perPage < 0 || m.total < 0)
        in.fail("meta", "negative or zero page numbers");
    r.absorb(in);
    return m;
}

Decoded<core::ServicesPage> decodeServicesPage(const std::string& body) {
    Decoded<core::ServicesPage> out;
    std::string parseError;
    const json root = JsonReader::parse(body, parseError);
    if (!parseError.empty()) {
        out.error = parseError;
        return out;
    }
    JsonReader r;
    if (!root.is_object()) {
        out.error = "expected an object with \"data\"";
        return out;
    }
    const json* data = r.array(root, "data", true);
    if (!data) {
        out.error = r.error();
        return out;
    }
    out.value.services.reserve(data->size());
    for (size_t i = 0; i < data->size() && r.ok(); ++i) {
        JsonReader item = r.nested("data[" + std::to_string(i) + "]");
        out.value.services.push_back(decodeService((*data)[i], item));
        r.absorb(item);
    }
    out.value.meta = decodePageMeta(root, data->size(), r);
    out.error = r.error();
    return out;
}

}  // namespace api
