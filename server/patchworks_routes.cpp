// server/patchworks_routes.cpp — the Patchworks Core dialect (see patchworks_routes.h). It maps
// the reference model onto Patchworks' shapes: status as an integer (1 running, 2 success,
// 3 failed, 4 stopped, 5 partial), trigger names capitalised, Laravel timestamps with
// microseconds, logs paged by page/per_page instead of after_id, and no pulled/pushed counts
// (Patchworks runs have none).
#include "patchworks_routes.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace syncscope::server {

namespace {

using json = nlohmann::ordered_json;

constexpr std::int64_t kDefaultPerPage = 50;
const char* const kBase = "/core/api/v1";

// "2026-11-28T06:30:00.000000Z": Laravel's form, microseconds (always 000 here).
json laravel_time(std::int64_t unix_ms) {
    std::string text = demo::format_iso8601_ms(unix_ms);
    text.insert(text.size() - 1, "000");
    return text;
}

int patchworks_status(demo::SyncStatus status) {
    switch (status) {
        case demo::SyncStatus::Queued:
        case demo::SyncStatus::Running: return 1;
        case demo::SyncStatus::Success: return 2;
        case demo::SyncStatus::Failed: return 3;
        case demo::SyncStatus::Stopped: return 4;
        case demo::SyncStatus::Partial: return 5;
    }
    return 1;
}

const char* patchworks_trigger(demo::SyncTrigger trigger) {
    switch (trigger) {
        case demo::SyncTrigger::Schedule: return "Schedule";
        case demo::SyncTrigger::Manual: return "Manual";
        case demo::SyncTrigger::Api: return "API";
        case demo::SyncTrigger::Retry: return "Retry";
    }
    return "Schedule";
}

// Flat, or JSON:API-style with the id outside (as a string) and the rest under "attributes".
json item(const ApiContext&, bool jsonapi, const char* type, json flat) {
    if (!jsonapi) return flat;
    json attributes = json::object();
    std::string id;
    for (auto it = flat.begin(); it != flat.end(); ++it) {
        if (it.key() == "id") {
            id = it.value().dump();
        } else {
            attributes[it.key()] = it.value();
        }
    }
    return {{"id", id}, {"type", type}, {"attributes", std::move(attributes)}};
}

json flow_json(const demo::Service& s) {
    const std::string description =
        std::string(demo::to_string(s.type)) + " flow: " + s.source.system + " " + s.source.entity +
        " → " + s.destination.system + " " + s.destination.entity + ", " + s.schedule;
    return {{"id", s.id},
            {"name", s.name},
            {"description", description},
            {"status", s.status == demo::ServiceStatus::Active ? "Deployed" : "Inactive"},
            {"company_group", s.company_group}};
}

// --core-status-7: every fifth run (its id divisible by 5), running or finished, has status 7.
constexpr int kOddStatus = 7;

json flow_run_json(const PatchworksVariants& variants, const demo::SyncPlan& plan,
                   const demo::SyncState& state) {
    const bool odd = variants.status_7 && plan.id % 5 == 0;
    return {{"id", plan.id},
            {"flow_id", plan.service_id},
            {"status", odd ? kOddStatus : patchworks_status(state.status)},
            {"trigger", patchworks_trigger(plan.trigger)},
            {"started_at", laravel_time(plan.started_at_ms)},
            {"finished_at", state.finished_at_ms ? laravel_time(*state.finished_at_ms) : json()},
            // Whole seconds; in milliseconds with --core-duration-ms.
            {"duration", variants.duration_ms ? state.duration_ms : state.duration_ms / 1000},
            {"has_warnings", state.warnings > 0},
            {"summary", state.summary}};
}

// --- Patchworks variants, sort (issue 14: --core-ignore-sort, --core-reject-sort) ---------------

// --core-reject-sort: any request with a `sort` gets a 422, as a query builder that allows no
// sort answers. True when that answer was written.
bool reject_sort(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!ctx.patchworks_reject_sort || !req.has_param("sort")) return false;
    send_error(res, 422, "Requested sort(s) `" + query_param(req, "sort") + "` is not allowed.",
               json{{"sort", json::array({"Sorting is not allowed here."})}});
    return true;
}

// The `sort` the answer follows: none when the server ignores it (--core-ignore-sort).
std::string sort_followed(const ApiContext& ctx, const httplib::Request& req) {
    return ctx.patchworks_ignore_sort ? std::string() : query_param(req, "sort");
}

// Without a sort followed, the variants answer in their own order, oldest first (rows as
// stored); the plain demo keeps its newest-first default for runs.
bool own_order_oldest_first(const ApiContext& ctx) {
    return ctx.patchworks_ignore_sort || ctx.patchworks_reject_sort;
}

// ------------------------------------------------------------------------------------------------

// The paginator envelope; without `links` with --core-no-links.
json patchworks_envelope(const ApiContext& ctx, json items, const demo::PageWindow& window,
                         const std::string& path, const QueryParams& params) {
    json body = envelope(std::move(items), window, path, params);
    if (ctx.patchworks.no_links) body.erase("links");
    return body;
}

void list_flows(const ApiContext& ctx, bool jsonapi, const httplib::Request& req,
                httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    json errors = json::object();
    const Paging paging = parse_paging(req, kDefaultPerPage, errors);
    if (send_if_invalid(res, errors)) return;
    const demo::DemoData data = ctx.sim.services_at(ctx.now());
    const demo::PageWindow window =
        demo::paginate(data.services.size(), paging.page, paging.per_page);
    json items = json::array();
    for (std::size_t i = window.begin; i < window.end; ++i) {
        items.push_back(item(ctx, jsonapi, "flows", flow_json(data.services[i])));
    }
    send_json(
        res, 200,
        patchworks_envelope(ctx, std::move(items), window, std::string(kBase) + "/flows", {}));
}

void list_flow_runs(const ApiContext& ctx, bool jsonapi, const httplib::Request& req,
                    httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    if (reject_sort(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    json errors = json::object();
    const Paging paging = parse_paging(req, kDefaultPerPage, errors);
    bool too_big = false;
    std::int64_t flow_id = 0;
    const std::string flow_text = query_param(req, "filter[flow_id]");
    if (!flow_text.empty() && !parse_decimal(flow_text, 1000000000, flow_id, too_big)) {
        errors["filter[flow_id]"] = json::array({"The filter[flow_id] must be an integer."});
    }
    std::int64_t started_after = 0;
    const std::string after_text = query_param(req, "filter[started_after]");
    if (!after_text.empty() &&
        (!parse_decimal(after_text, 253402300799999, started_after, too_big) || too_big)) {
        errors["filter[started_after]"] =
            json::array({"The filter[started_after] must be a time in Unix milliseconds."});
    }
    const std::string sort = sort_followed(ctx, req);
    if (!sort.empty() && sort != "-started_at" && sort != "started_at") {
        errors["sort"] = json::array({"The sort must be -started_at or started_at."});
    }
    if (send_if_invalid(res, errors)) return;

    auto plans = flow_text.empty() ? ctx.sim.all_syncs(now) : ctx.sim.syncs_of(flow_id, now);
    plans.erase(std::remove_if(plans.begin(), plans.end(),
                               [&](const auto& p) { return p->started_at_ms < started_after; }),
                plans.end());
    // By start time, ties broken by id, so pages never overlap or skip.
    const auto earlier = [](const auto& a, const auto& b) {
        return a->started_at_ms != b->started_at_ms ? a->started_at_ms < b->started_at_ms
                                                    : a->id < b->id;
    };
    const bool oldest_first = sort == "started_at" || (sort.empty() && own_order_oldest_first(ctx));
    std::sort(plans.begin(), plans.end(), [&](const auto& a, const auto& b) {
        return oldest_first ? earlier(a, b) : earlier(b, a);
    });
    const demo::PageWindow window = demo::paginate(plans.size(), paging.page, paging.per_page);
    json items = json::array();
    for (std::size_t i = window.begin; i < window.end; ++i) {
        items.push_back(
            item(ctx, jsonapi, "flow-runs",
                 flow_run_json(ctx.patchworks, *plans[i], demo::sync_state(*plans[i], now))));
    }
    QueryParams params;
    if (!flow_text.empty()) params.emplace_back("filter[flow_id]", flow_text);
    if (!after_text.empty()) params.emplace_back("filter[started_after]", after_text);
    const std::string sort_asked = query_param(req, "sort");  // links keep the query as sent
    if (!sort_asked.empty()) params.emplace_back("sort", sort_asked);
    send_json(res, 200,
              patchworks_envelope(ctx, std::move(items), window, std::string(kBase) + "/flow-runs",
                                  params));
}

void flow_run_logs(const ApiContext& ctx, bool jsonapi, const httplib::Request& req,
                   httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    if (reject_sort(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    json errors = json::object();
    const Paging paging = parse_paging(req, kDefaultPerPage, errors);
    const std::string sort = sort_followed(ctx, req);  // logs: oldest first unless -id
    if (!sort.empty() && sort != "id" && sort != "-id") {
        errors["sort"] = json::array({"The sort must be id or -id."});
    }
    const std::string load_text = query_param(req, "load_payload_ids");
    if (send_if_invalid(res, errors)) return;
    std::int64_t id = 0;
    if (!path_id(req, res, "flow run", id)) return;
    const auto plan = ctx.sim.find_sync(id, now);
    if (!plan) {
        send_error(res, 404, "Flow run " + req.matches[1].str() + " not found.");
        return;
    }
    const bool with_payloads = load_text == "true" || load_text == "1";
    const demo::SyncState state = demo::sync_state(*plan, now);
    const auto total = static_cast<std::size_t>(state.line_count);
    const demo::PageWindow window = demo::paginate(total, paging.page, paging.per_page);
    json items = json::array();
    for (std::size_t k = window.begin; k < window.end; ++k) {
        const std::int64_t index =
            sort == "-id" ? static_cast<std::int64_t>(total - 1 - k) : static_cast<std::int64_t>(k);
        const demo::LogLine line = plan->line_at(index);
        json payload_id;
        if (with_payloads && line.payload >= 0) {
            payload_id = plan->payloads[static_cast<std::size_t>(line.payload)].id;
        }
        items.push_back(item(ctx, jsonapi, "flow-run-logs",
                             {{"id", index + 1},
                              {"log_level", demo::to_string(line.level)},
                              {"log_message", line.message},
                              {"created_at", laravel_time(line.at_ms)},
                              {"flow_step_id", line.step > 0 ? json(line.step) : json()},
                              {"payload_metadata_id", payload_id}}));
    }
    QueryParams params;
    const std::string sort_asked = query_param(req, "sort");  // links keep the query as sent
    if (!sort_asked.empty()) params.emplace_back("sort", sort_asked);
    if (!load_text.empty()) params.emplace_back("load_payload_ids", load_text);
    send_json(res, 200,
              patchworks_envelope(
                  ctx, std::move(items), window,
                  std::string(kBase) + "/flow-runs/" + std::to_string(plan->id) + "/flow-run-logs",
                  params));
}

void payload_download(const ApiContext& ctx, bool, const httplib::Request& req,
                      httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    std::int64_t id = 0;
    if (!path_id(req, res, "payload metadata", id)) return;
    const auto plan = ctx.sim.find_payload_sync(id, now);
    if (!plan) {
        send_error(res, 404, "Payload metadata " + req.matches[1].str() + " not found.");
        return;
    }
    send_payload(res, *plan, id, now);
}

}  // namespace

void register_patchworks_routes(httplib::Server& server, const ApiContext& context) {
    const char* env = std::getenv("SYNCSCOPE_CORE_JSONAPI");
    const bool jsonapi = env && std::string(env) == "1";
    const ApiContext ctx = context;
    using Handler = void (*)(const ApiContext&, bool, const httplib::Request&, httplib::Response&);
    const auto get = [&server, ctx, jsonapi](const std::string& pattern, Handler handler) {
        server.Get(pattern,
                   [ctx, jsonapi, handler](const httplib::Request& req, httplib::Response& res) {
                       handler(ctx, jsonapi, req, res);
                   });
    };
    const std::string base = kBase;
    get(base + "/flows", list_flows);
    get(base + "/flow-runs", list_flow_runs);
    get(base + R"(/flow-runs/([^/]+)/flow-run-logs)", flow_run_logs);
    get(base + R"(/payload-metadata/([^/]+)/download)", payload_download);
}

}  // namespace syncscope::server
