// server/api_routes.h — the reference API's HTTP side: routes under /api/v1, token checks,
// query validation and the JSON answers (paginator envelope, {"message","errors"} errors). The
// data itself comes from the simulation (demo_data.h); this file only translates between HTTP
// and it. The helpers declared here are shared with the Patchworks dialect (patchworks_routes.cpp).
#pragma once

#include "auth.h"
#include "demo_data.h"
#include "options.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace syncscope::server {

// What the handlers read. The referents must outlive the server.
struct ApiContext {
    demo::Simulation& sim;
    const demo::SimClock& clock;
    TokenAuth& auth;
    PatchworksVariants patchworks{};  // how the dialect differs from its documented shapes

    // Patchworks Core variants, sort (issue 14; --core-ignore-sort, --core-reject-sort).
    bool patchworks_ignore_sort = false;
    bool patchworks_reject_sort = false;
    // --no-bulk-logs: format=lines is refused (400) as by a server without the bulk form.
    bool no_bulk_logs = false;

    // Simulated "now": advances the simulation to the clock and returns the time to answer at.
    std::int64_t now() const { return sim.advance_to(clock.now()); }
};

// "/api" and "/core/api" and everything below them: answered as JSON, never by the static site.
bool is_api_path(const std::string& path);

// A JSON answer: body, status and Content-Type: application/json.
void send_json(httplib::Response& res, int status, const nlohmann::ordered_json& body);

// {"message": ..., "errors"?: {field: [...]}} — `errors` is left out when null.
void send_error(httplib::Response& res, int status, const std::string& message,
                const nlohmann::ordered_json& errors = nullptr);

// Registers every /api and /core/api route, including the JSON 404 / 405 for unknown API
// paths. Call before the static site's catch-all route: cpp-httplib tries routes in
// registration order.
void register_api_routes(httplib::Server& server, const ApiContext& context);

// ---- Shared by both dialects.

// Checks the Authorization header; on refusal writes the 401 and returns false.
bool authorized(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res);

// The first value of a query parameter, or "" when absent.
std::string query_param(const httplib::Request& req, const char* name);

// Strict non-negative decimal. False for anything but digits; `too_big` reports values beyond
// `max` (including ones that would overflow).
bool parse_decimal(const std::string& text, std::int64_t max, std::int64_t& out, bool& too_big);

// page (>= 1) and per_page (1.., clamped to 100 and reported so in meta). Problems go to
// `errors` as {"page": [...]} entries.
struct Paging {
    std::int64_t page = 1;
    std::int64_t per_page = 50;
};
Paging parse_paging(const httplib::Request& req, std::int64_t default_per_page,
                    nlohmann::ordered_json& errors);

// A 400 with the first error's text as the message; false when there were no errors.
bool send_if_invalid(httplib::Response& res, const nlohmann::ordered_json& errors);

// The path parameter `index` (regex group) as an id; writes a 400 (not a number) and returns
// false. Ids too large to exist come back as 0, which no record has.
bool path_id(const httplib::Request& req, httplib::Response& res, const char* what,
             std::int64_t& id);

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The paginator envelope around `data`, links relative to the origin and keeping `params`.
nlohmann::ordered_json envelope(nlohmann::ordered_json data, const demo::PageWindow& window,
                                const std::string& path, const QueryParams& params);

// Sends a stored payload file: its bytes, or 410 once expired.
void send_payload(httplib::Response& res, const demo::SyncPlan& plan, std::int64_t payload_id,
                  std::int64_t now_ms);

}  // namespace syncscope::server
