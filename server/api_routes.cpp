// server/api_routes.cpp — handlers for /api/v1 (see api_routes.h). Each handler checks the
// token first, then validates its query, then answers from the simulation at one "now". Validation
// is strict (a bad page is a 400, not a silent default) so that client bugs show up in the tests;
// only per_page is clamped, as Laravel-style APIs do, and meta.per_page says so.
#include "api_routes.h"

#include "access_log.h"
#include "answer_cache.h"
#include "compression.h"
#include "core/time.h"
#include "patchworks_routes.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <regex>

namespace syncscope::server {

namespace {

using json = nlohmann::ordered_json;  // keys go out in the documented order

constexpr std::int64_t kDefaultPerPage = 50;
constexpr std::int64_t kMaxPerPage = 100;
constexpr std::int64_t kMaxPage = 1000000000;
constexpr std::int64_t kMaxId = 1000000000000000;   // parse_decimal needs max * 10 + 9 to fit
constexpr std::int64_t kMaxTime = 253402300799999;  // 9999-12-31T23:59:59.999Z
constexpr std::int64_t kDefaultLogLimit = 1000;
constexpr std::int64_t kMaxLogLimit = 5000;
constexpr std::int64_t kMaxBulkLogLimit = 100000;  // format=lines (docs/api.md, "Logs in bulk")
constexpr std::size_t kAnswerCacheBytes = 256u * 1024 * 1024;
constexpr std::int64_t kHourMs = 3600 * 1000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::int64_t kMaxTransactionRangeMs = 31 * kDayMs;

const char* const kServicesPath = "/api/v1/services";

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string url_encode(const std::string& text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

json one_error(const std::string& field, const std::string& text) {
    return {{field, json::array({text})}};
}

// A time parameter: Unix milliseconds, or ISO-8601 as a convenience for people with curl.
bool parse_time(const std::string& text, std::int64_t& out) {
    bool too_big = false;
    if (parse_decimal(text, kMaxTime, out, too_big)) return !too_big;
    const auto parsed = core::parseIso8601(text);
    if (!parsed) return false;
    out = *parsed;
    return true;
}

// The service's runs started in the 24 hours before `now`, oldest first, as {id, status,
// started_at}, and how many of them failed or were partial (docs/api.md, "GET /services"): what
// a list of services needs to show each one's last day without a request per service.
void add_runs_24h(const ApiContext& ctx, std::int64_t service_id, std::int64_t now, json& item) {
    json runs = json::array();
    int failed = 0;
    for (const auto& plan : ctx.sim.syncs_of(service_id, now)) {
        if (plan->started_at_ms < now - kDayMs) continue;
        const demo::SyncStatus status = demo::sync_state(*plan, now).status;
        if (status == demo::SyncStatus::Failed || status == demo::SyncStatus::Partial) ++failed;
        runs.push_back({{"id", plan->id},
                        {"status", demo::to_string(status)},
                        {"started_at", demo::format_iso8601_ms(plan->started_at_ms)}});
    }
    item["runs_24h"] = std::move(runs);
    item["failed_24h"] = failed;
}

void list_services(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    json errors = json::object();
    const Paging paging = parse_paging(req, kDefaultPerPage, errors);
    demo::ServiceQuery query;
    query.search = query_param(req, "filter[search]");
    const std::string status_text = query_param(req, "filter[status]");
    if (!status_text.empty()) {
        query.status = demo::parse_service_status(status_text);
        if (!query.status) {
            errors["filter[status]"] =
                json::array({"The selected filter[status] is invalid: use active or inactive."});
        }
    }
    if (send_if_invalid(res, errors)) return;

    const demo::DemoData data = ctx.sim.services_at(ctx.now());
    const std::vector<const demo::Service*> matching = demo::filter_services(data, query);
    const demo::PageWindow window = demo::paginate(matching.size(), paging.page, paging.per_page);
    const std::int64_t now = ctx.now();
    json items = json::array();
    for (std::size_t i = window.begin; i < window.end; ++i) {
        json item = demo::service_to_json(*matching[i]);
        add_runs_24h(ctx, matching[i]->id, now, item);
        items.push_back(std::move(item));
    }
    QueryParams params;
    if (!query.search.empty()) params.emplace_back("filter[search]", query.search);
    if (!status_text.empty()) params.emplace_back("filter[status]", status_text);
    send_json(res, 200, envelope(std::move(items), window, kServicesPath, params));
}

// The service named by the path, or a 400/404 written and nullptr.
std::optional<demo::Service> service_from_path(const ApiContext& ctx, const httplib::Request& req,
                                               httplib::Response& res, std::int64_t now) {
    std::int64_t id = 0;
    if (!path_id(req, res, "service", id)) return std::nullopt;
    const demo::DemoData data = ctx.sim.services_at(now);
    const demo::Service* service = data.find_service(id);
    if (!service) {
        send_error(res, 404, "Service " + req.matches[1].str() + " not found.");
        return std::nullopt;
    }
    return *service;
}

void show_service(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    const auto service = service_from_path(ctx, req, res, now);
    if (!service) return;
    json item = demo::service_to_json(*service);
    add_runs_24h(ctx, service->id, now, item);
    send_json(res, 200, item);
}

void list_syncs(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    json errors = json::object();
    const Paging paging = parse_paging(req, kDefaultPerPage, errors);

    std::int64_t started_after = now - kDayMs;  // the summary view's 24-hour window
    const std::string after_text = query_param(req, "filter[started_after]");
    if (!after_text.empty() && !parse_time(after_text, started_after)) {
        errors["filter[started_after]"] = json::array(
            {"The filter[started_after] must be a time in Unix milliseconds (or ISO-8601)."});
    }
    // filter[status]: one status or a comma-separated list of them.
    std::vector<demo::SyncStatus> statuses;
    const std::string status_text = query_param(req, "filter[status]");
    for (std::size_t begin = 0; !status_text.empty() && begin <= status_text.size();) {
        std::size_t comma = status_text.find(',', begin);
        if (comma == std::string::npos) comma = status_text.size();
        const auto status = demo::parse_sync_status(status_text.substr(begin, comma - begin));
        if (!status) {
            errors["filter[status]"] = json::array(
                {"The selected filter[status] is invalid: use queued, running, success, partial, "
                 "failed or stopped."});
            break;
        }
        statuses.push_back(*status);
        begin = comma + 1;
    }
    const std::string sort = query_param(req, "sort");
    if (!sort.empty() && sort != "-started_at" && sort != "started_at") {
        errors["sort"] = json::array({"The sort must be -started_at or started_at."});
    }
    if (send_if_invalid(res, errors)) return;
    const auto service = service_from_path(ctx, req, res, now);
    if (!service) return;

    struct Row {
        std::shared_ptr<const demo::SyncPlan> plan;
        demo::SyncState state;
    };
    std::vector<Row> rows;
    for (const auto& plan : ctx.sim.syncs_of(service->id, now)) {
        if (plan->started_at_ms < started_after) continue;
        demo::SyncState state = demo::sync_state(*plan, now);
        if (!statuses.empty() &&
            std::find(statuses.begin(), statuses.end(), state.status) == statuses.end()) {
            continue;
        }
        rows.push_back({plan, std::move(state)});
    }
    if (sort != "started_at") std::reverse(rows.begin(), rows.end());  // newest first

    const demo::PageWindow window = demo::paginate(rows.size(), paging.page, paging.per_page);
    json items = json::array();
    for (std::size_t i = window.begin; i < window.end; ++i) {
        items.push_back(demo::sync_to_json(*rows[i].plan, rows[i].state));
    }
    QueryParams params;
    if (!after_text.empty()) params.emplace_back("filter[started_after]", after_text);
    if (!status_text.empty()) params.emplace_back("filter[status]", status_text);
    if (!sort.empty()) params.emplace_back("sort", sort);
    send_json(res, 200,
              envelope(std::move(items), window,
                       std::string(kServicesPath) + "/" + std::to_string(service->id) + "/syncs",
                       params));
}

// Pulled / pushed per hour for the summary chart. `failed` counts records that finished syncs
// pulled but did not push (skipped, or lost to a failure or a stop).
void service_transactions(const ApiContext& ctx, const httplib::Request& req,
                          httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    json errors = json::object();
    std::int64_t to = now;
    std::int64_t from = 0;
    const std::string to_text = query_param(req, "to");
    const std::string from_text = query_param(req, "from");
    if (!to_text.empty() && !parse_time(to_text, to)) {
        errors["to"] = json::array({"The to must be a time in Unix milliseconds (or ISO-8601)."});
    }
    from = to - kDayMs;
    if (!from_text.empty() && !parse_time(from_text, from)) {
        errors["from"] =
            json::array({"The from must be a time in Unix milliseconds (or ISO-8601)."});
    }
    const std::string bucket = query_param(req, "bucket");
    if (!bucket.empty() && bucket != "hour") {
        errors["bucket"] = json::array({"The bucket must be hour."});
    }
    if (errors.empty() && from >= to) {
        errors["from"] = json::array({"The from must be before the to."});
    } else if (errors.empty() && to - from > kMaxTransactionRangeMs) {
        errors["from"] = json::array({"The range must not be longer than 31 days."});
    }
    if (send_if_invalid(res, errors)) return;
    const auto service = service_from_path(ctx, req, res, now);
    if (!service) return;

    const std::int64_t first = from - ((from % kHourMs) + kHourMs) % kHourMs;  // floor to hour
    const auto buckets = static_cast<std::size_t>((to - first + kHourMs - 1) / kHourMs);
    struct Totals {
        std::int64_t pulled = 0, pushed = 0, failed = 0;
    };
    std::vector<Totals> totals(buckets);
    for (const auto& plan : ctx.sim.syncs_of(service->id, now)) {
        if (plan->started_at_ms < first || plan->started_at_ms >= to) continue;
        const demo::SyncState state = demo::sync_state(*plan, now);
        Totals& t = totals[static_cast<std::size_t>((plan->started_at_ms - first) / kHourMs)];
        t.pulled += state.pulled;
        t.pushed += state.pushed;
        if (state.finished_at_ms)
            t.failed += std::max<std::int64_t>(0, state.pulled - state.pushed);
    }
    json out = json::array();
    for (std::size_t i = 0; i < buckets; ++i) {
        out.push_back({{"bucket_start",
                        demo::format_iso8601_ms(first + static_cast<std::int64_t>(i) * kHourMs)},
                       {"pulled", totals[i].pulled},
                       {"pushed", totals[i].pushed},
                       {"failed", totals[i].failed}});
    }
    send_json(res, 200, out);
}

std::shared_ptr<const demo::SyncPlan> sync_from_path(const ApiContext& ctx,
                                                     const httplib::Request& req,
                                                     httplib::Response& res, std::int64_t now) {
    std::int64_t id = 0;
    if (!path_id(req, res, "sync", id)) return nullptr;
    auto plan = ctx.sim.find_sync(id, now);
    if (!plan) send_error(res, 404, "Sync " + req.matches[1].str() + " not found.");
    return plan;
}

void show_sync(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    const auto plan = sync_from_path(ctx, req, res, now);
    if (plan) send_json(res, 200, demo::sync_to_json(*plan, demo::sync_state(*plan, now)));
}

// True when an If-None-Match header lists `etag` (or is "*"); weak tags compare equal.
bool etag_matches(const std::string& header, const std::string& etag) {
    if (header.empty()) return false;
    std::size_t begin = 0;
    while (begin <= header.size()) {
        std::size_t comma = header.find(',', begin);
        if (comma == std::string::npos) comma = header.size();
        std::string item = header.substr(begin, comma - begin);
        const auto first = item.find_first_not_of(" \t");
        const auto last = item.find_last_not_of(" \t");
        item = first == std::string::npos ? std::string() : item.substr(first, last - first + 1);
        if (item.rfind("W/", 0) == 0) item = item.substr(2);
        if (item == "*" || item == etag) return true;
        begin = comma + 1;
    }
    return false;
}

// Gzipped answers of finished syncs' logs (answer_cache.h), shared by every request.
AnswerCache& answer_cache() {
    static AnswerCache cache(kAnswerCacheBytes);
    return cache;
}

bool sync_finished(demo::SyncStatus status) {
    return status != demo::SyncStatus::Queued && status != demo::SyncStatus::Running;
}

// Sends `build()`'s body as `content_type`. When the answer can no longer change (`immutable`)
// and the client takes gzip, the gzipped body comes from the answer cache under `key`, made and
// kept on the first request; otherwise it is built now (and compressed after routing, as every
// API answer is).
template <class Build>
void send_log_answer(const httplib::Request& req, httplib::Response& res, bool immutable,
                     const std::string& key, const char* content_type, Build build) {
    const RequestRecord* record = request_record(req);
    res.status = -1;  // as send_json: 200 left to cpp-httplib
    if (immutable && record && record->accepts_gzip && req.ranges.empty()) {
        std::shared_ptr<const std::string> body = answer_cache().find(key);
        if (!body) {
            std::string plain = build();
            std::string compressed;
            if (plain.size() < kMinGzipBytes || !gzip_compress(plain, 1, compressed)) {
                res.set_content(std::move(plain), content_type);
                return;
            }
            body = answer_cache().put(key, std::move(compressed));
        }
        res.set_content(*body, content_type);
        res.set_header("Content-Encoding", "gzip");
        return;
    }
    res.set_content(build(), content_type);
}

void sync_logs(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    json errors = json::object();
    std::int64_t after_id = 0;
    std::int64_t limit = kDefaultLogLimit;
    std::int64_t tail = 0;  // 0: not asked
    bool too_big = false;
    // format=lines: the bulk form (tab-separated lines, limit up to 100000); json the default.
    const std::string format = query_param(req, "format");
    const bool lines_form = format == "lines" && !ctx.no_bulk_logs;
    if (!format.empty() && format != "json" && !lines_form) {
        errors["format"] = json::array(
            {ctx.no_bulk_logs ? "The format must be json." : "The format must be json or lines."});
    }
    const std::int64_t max_limit = lines_form ? kMaxBulkLogLimit : kMaxLogLimit;
    const std::string after_text = query_param(req, "after_id");
    if (!after_text.empty() && (!parse_decimal(after_text, kMaxId, after_id, too_big) || too_big)) {
        errors["after_id"] = json::array({"The after_id must be an integer of at least 0."});
    }
    const std::string limit_text = query_param(req, "limit");
    if (!limit_text.empty() && (!parse_decimal(limit_text, kMaxId, limit, too_big) || too_big ||
                                limit < 1 || limit > max_limit)) {
        errors["limit"] = json::array(
            {"The limit must be an integer from 1 to " + std::to_string(max_limit) + "."});
    }
    // tail=<n>: the newest n lines in one request (a big log's end, oldest first). It replaces
    // after_id and limit, so asking for either with it is a client bug worth a 400.
    if (req.has_param("tail")) {
        if (!parse_decimal(query_param(req, "tail"), kMaxId, tail, too_big) || too_big ||
            tail < 1 || tail > kMaxLogLimit) {
            errors["tail"] = json::array({"The tail must be an integer from 1 to 5000."});
        } else if (req.has_param("after_id")) {
            errors["tail"] = json::array(
                {"The tail and after_id parameters cannot be used together: tail asks for the "
                 "newest lines, after_id for the lines after one."});
        } else if (req.has_param("limit")) {
            errors["tail"] = json::array(
                {"The tail and limit parameters cannot be used together: tail is the number of "
                 "newest lines to answer."});
        }
    }
    if (send_if_invalid(res, errors)) return;
    const auto plan = sync_from_path(ctx, req, res, now);
    if (!plan) return;

    const demo::SyncState state = demo::sync_state(*plan, now);
    // The answer is fixed by the lines written so far and the status (and what was asked), so
    // those make the tag: a poll that finds nothing new costs a 304 and no body.
    const std::string asked = (tail > 0 ? "tail" + std::to_string(tail)
                                        : std::to_string(after_id) + "-" + std::to_string(limit)) +
                              (lines_form ? "-lines" : "");
    const std::string etag = "\"" + std::to_string(plan->id) + "-" +
                             std::to_string(state.line_count) + "-" +
                             demo::to_string(state.status) + "-" + asked + "\"";
    res.set_header("ETag", etag);
    if (etag_matches(req.get_header_value("If-None-Match"), etag)) {
        res.status = 304;
        return;
    }
    const std::int64_t first = tail > 0 ? std::max<std::int64_t>(0, state.line_count - tail)
                                        : std::min(after_id, state.line_count);
    const std::int64_t end =
        tail > 0 ? state.line_count : std::min(state.line_count, first + limit);
    const bool has_more = end < state.line_count;
    const bool immutable = sync_finished(state.status);
    if (lines_form) {
        // The bulk form: a header line, then one tab-separated line per log line.
        send_log_answer(req, res, immutable, etag, "text/plain; charset=utf-8", [&] {
            std::string body = "syncscope-log-lines 1 " + std::to_string(end - first) + " " +
                               std::to_string(state.line_count) + " " + (has_more ? "1" : "0") +
                               " " + demo::to_string(state.status) + "\n";
            body.reserve(static_cast<std::size_t>(end - first) * 140 + 100);
            for (std::int64_t i = first; i < end; ++i)
                demo::append_log_line_tsv(body, *plan, state, plan->line_at(i), i + 1);
            return body;
        });
        return;
    }
    // Written straight into the body (same bytes as the json tree would dump): this is the
    // answer pollers and the million-line benchmark ask for most.
    send_log_answer(req, res, immutable, etag, "application/json", [&] {
        std::string body = "{\"data\":[";
        body.reserve(static_cast<std::size_t>(end - first) * 200 + 100);
        for (std::int64_t i = first; i < end; ++i) {
            if (i > first) body += ',';
            demo::append_log_line_json(body, *plan, state, plan->line_at(i), i + 1);
        }
        body += "],\"meta\":{\"last_id\":" + std::to_string(state.line_count) +
                ",\"has_more\":" + (has_more ? "true" : "false") + ",\"sync_status\":\"" +
                demo::to_string(state.status) + "\"}}";
        return body;
    });
}

// GET /syncs/{id}/logs.txt: the whole log as plain text, one `<ISO time> <LEVEL> <message>` line
// per log line — what a portal would hand a plain-text log viewer (tests/bench/patternfly.mjs).
// Same token check, ETag / 304 and no-store as the JSON; gzipped, and cached once finished.
void sync_logs_text(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    const auto plan = sync_from_path(ctx, req, res, now);
    if (!plan) return;
    const demo::SyncState state = demo::sync_state(*plan, now);
    const std::string etag = "\"" + std::to_string(plan->id) + "-" +
                             std::to_string(state.line_count) + "-" +
                             demo::to_string(state.status) + "-text\"";
    res.set_header("ETag", etag);
    if (etag_matches(req.get_header_value("If-None-Match"), etag)) {
        res.status = 304;
        return;
    }
    send_log_answer(req, res, sync_finished(state.status), etag, "text/plain; charset=utf-8", [&] {
        std::string body;
        body.reserve(static_cast<std::size_t>(state.line_count) * 140);
        for (std::int64_t i = 0; i < state.line_count; ++i)
            demo::append_log_line_text(body, plan->line_at(i));
        return body;
    });
}

void download_payload(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    const std::int64_t now = ctx.now();
    std::int64_t id = 0;
    if (!path_id(req, res, "payload", id)) return;
    const auto plan = ctx.sim.find_payload_sync(id, now);
    if (!plan) {
        send_error(res, 404, "Payload " + req.matches[1].str() + " not found.");
        return;
    }
    send_payload(res, *plan, id, now);
}

void login(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        send_error(res, 400, "The body must be a JSON object with email and password.");
        return;
    }
    json errors = json::object();
    for (const char* field : {"email", "password"}) {
        const auto it = body.find(field);
        if (it == body.end() || !it->is_string() || it->get<std::string>().empty()) {
            errors[field] = json::array({std::string("The ") + field + " field is required."});
        }
    }
    if (!errors.empty()) {
        send_error(res, 422, errors.begin().value()[0].get<std::string>(), errors);
        return;
    }
    const TokenAuth::LoginAttempt attempt = ctx.auth.login(
        body["email"].get<std::string>(), body["password"].get<std::string>(), req.remote_addr);
    if (attempt.retry_after_seconds > 0) {
        res.set_header("Retry-After", std::to_string(attempt.retry_after_seconds));
        send_error(res, 429,
                   "Too many failed sign-ins for this account from this address: try again in " +
                       std::to_string(attempt.retry_after_seconds) + " s.");
        return;
    }
    const auto& session = attempt.session;
    if (!session) {
        send_error(res, 401, "These credentials do not match our records.");
        return;
    }
    send_json(res, 200, {{"token", session->token}, {"expires_in", session->expires_in_seconds}});
}

}  // namespace

bool authorized(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const AuthResult result = ctx.auth.check(req.get_header_value("Authorization"));
    if (result == AuthResult::Ok) return true;
    if (result == AuthResult::Forbidden) {  // known, but not allowed: no new credentials help
        send_error(res, 403, TokenAuth::message(result));
        return false;
    }
    res.set_header("WWW-Authenticate", "Bearer realm=\"SyncScope demo\"");
    send_error(res, 401, TokenAuth::message(result));
    return false;
}

std::string query_param(const httplib::Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : std::string();
}

bool parse_decimal(const std::string& text, std::int64_t max, std::int64_t& out, bool& too_big) {
    too_big = false;
    if (text.empty()) return false;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        if (!too_big) {
            value = value * 10 + (c - '0');
            too_big = value > max;
        }
    }
    out = value;
    return true;
}

Paging parse_paging(const httplib::Request& req, std::int64_t default_per_page, json& errors) {
    Paging p;
    p.per_page = default_per_page;
    bool too_big = false;
    const std::string page_text = query_param(req, "page");
    if (!page_text.empty()) {
        if (!parse_decimal(page_text, kMaxPage, p.page, too_big) || (!too_big && p.page < 1)) {
            errors["page"] = json::array({"The page must be an integer of at least 1."});
            p.page = 1;
        } else if (too_big) {
            errors["page"] = json::array(
                {"The page must not be greater than " + std::to_string(kMaxPage) + "."});
            p.page = 1;
        }
    }
    const std::string per_page_text = query_param(req, "per_page");
    if (!per_page_text.empty()) {
        if (!parse_decimal(per_page_text, kMaxPerPage, p.per_page, too_big) ||
            (!too_big && p.per_page < 1)) {
            errors["per_page"] = json::array({"The per page must be an integer of at least 1."});
            p.per_page = default_per_page;
        } else if (too_big) {
            p.per_page = kMaxPerPage;  // clamped, as Laravel-style APIs do; meta says so
        }
    }
    return p;
}

bool send_if_invalid(httplib::Response& res, const json& errors) {
    if (errors.empty()) return false;
    send_error(res, 400, errors.begin().value()[0].get<std::string>(), errors);
    return true;
}

bool path_id(const httplib::Request& req, httplib::Response& res, const char* what,
             std::int64_t& id) {
    const std::string text = req.matches.size() > 1 ? req.matches[1].str() : std::string();
    bool too_big = false;
    if (!parse_decimal(text, kMaxId, id, too_big)) {
        const std::string message = std::string("The ") + what + " id must be an integer.";
        send_error(res, 400, message, one_error("id", message));
        return false;
    }
    if (too_big) id = 0;
    return true;
}

json envelope(json data, const demo::PageWindow& window, const std::string& path,
              const QueryParams& params) {
    const auto link = [&](std::int64_t page) {
        std::string url = path + "?";
        for (const auto& [key, value] : params)
            url += url_encode(key) + "=" + url_encode(value) + "&";
        return url + "page=" + std::to_string(page) +
               "&per_page=" + std::to_string(window.per_page);
    };
    return {{"data", std::move(data)},
            {"meta",
             {{"current_page", window.current_page},
              {"per_page", window.per_page},
              {"total", window.total},
              {"last_page", window.last_page}}},
            {"links",
             {{"next", window.current_page < window.last_page ? json(link(window.current_page + 1))
                                                              : json(nullptr)},
              {"prev", window.current_page > 1
                           ? json(link(std::min(window.current_page - 1, window.last_page)))
                           : json(nullptr)}}}};
}

void send_payload(httplib::Response& res, const demo::SyncPlan& plan, std::int64_t payload_id,
                  std::int64_t now_ms) {
    const demo::Payload* payload = plan.find_payload(payload_id);
    if (!payload) {
        send_error(res, 404, "Payload " + std::to_string(payload_id) + " not found.");
        return;
    }
    const demo::SyncState state = demo::sync_state(plan, now_ms);
    if (state.payloads_expire_at_ms && now_ms >= *state.payloads_expire_at_ms) {
        send_error(res, 410,
                   "The payload file " + payload->file_name + " expired at " +
                       demo::format_iso8601_ms(*state.payloads_expire_at_ms) +
                       " (files are kept for 24 hours after the sync finished).");
        return;
    }
    res.status = -1;  // as send_json: leave 200 to cpp-httplib so Range requests get a 206
    res.set_header("Content-Disposition", "attachment; filename=\"" + payload->file_name + "\"");
    res.set_content(payload->bytes, payload->content_type.c_str());
}

bool is_api_path(const std::string& path) {
    return path == "/api" || path.rfind("/api/", 0) == 0 || path == "/core/api" ||
           path.rfind("/core/api/", 0) == 0;
}

void send_json(httplib::Response& res, int status, const nlohmann::ordered_json& body) {
    // A 200 is left to cpp-httplib, which then answers 206 to a Range request (it slices the
    // body either way, and would call the slice a 200 if we had set it).
    res.status = status == 200 ? -1 : status;
    // replace: never abort on invalid UTF-8 in a string that came from a request.
    res.set_content(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                    "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message,
                const nlohmann::ordered_json& errors) {
    json body = {{"message", message}};
    if (!errors.is_null()) body["errors"] = errors;
    send_json(res, status, body);
}

void register_api_routes(httplib::Server& server, const ApiContext& context) {
    const ApiContext ctx = context;  // the lambdas keep the references, not the caller's struct
    using Handler = void (*)(const ApiContext&, const httplib::Request&, httplib::Response&);
    const auto get = [&server, ctx](const char* pattern, Handler handler) {
        server.Get(pattern, [ctx, handler](const httplib::Request& req, httplib::Response& res) {
            handler(ctx, req, res);
        });
    };
    get(kServicesPath, list_services);
    get(R"(/api/v1/services/([^/]+))", show_service);
    get(R"(/api/v1/services/([^/]+)/syncs)", list_syncs);
    get(R"(/api/v1/services/([^/]+)/transactions)", service_transactions);
    get(R"(/api/v1/syncs/([^/]+))", show_sync);
    get(R"(/api/v1/syncs/([^/]+)/logs)", sync_logs);
    get(R"(/api/v1/syncs/([^/]+)/logs\.txt)", sync_logs_text);
    get(R"(/api/v1/payloads/([^/]+))", download_payload);
    server.Post("/api/v1/login", [ctx](const httplib::Request& req, httplib::Response& res) {
        login(ctx, req, res);
    });
    register_patchworks_routes(server, ctx);

    // Anything else under /api: JSON 404, or 405 for a known path with the wrong method.
    const auto unknown = [](const httplib::Request& req, httplib::Response& res) {
        static const std::regex known_get(
            R"(/api/v1/(services(/[^/]+(/syncs|/transactions)?)?|syncs/[^/]+(/logs(\.txt)?)?|payloads/[^/]+)|/core/api/v1/.+)");
        if (req.method != "GET" && req.method != "HEAD" && std::regex_match(req.path, known_get)) {
            res.set_header("Allow", "GET, HEAD, OPTIONS");
            send_error(res, 405, "The " + req.method + " method is not supported here.");
            return;
        }
        if (req.path == "/api/v1/login" && req.method != "POST") {
            res.set_header("Allow", "POST, OPTIONS");
            send_error(res, 405, "The " + req.method + " method is not supported here.");
            return;
        }
        send_error(res, 404, "Not found.");
    };
    for (const char* any_api : {R"(/api(/.*)?)", R"(/core/api(/.*)?)"}) {
        server.Get(any_api, unknown);
        server.Post(any_api, unknown);
        server.Put(any_api, unknown);
        server.Patch(any_api, unknown);
        server.Delete(any_api, unknown);
    }
}

}  // namespace syncscope::server
