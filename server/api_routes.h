// server/api_routes.h — the reference API's HTTP side: routes under /api/v1, token checks,
// query validation and the JSON answers (paginator envelope, {"message","errors"} errors). The
// data itself comes from demo_data; this file only translates between HTTP and it.
#pragma once

#include "auth.h"
#include "demo_data.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>

namespace syncscope::server {

// What the handlers read. Both referents must outlive the server.
struct ApiContext {
    const demo::DemoData& data;
    const TokenAuth& auth;
};

// "/api" and everything below it: answered as JSON, never by the static site.
bool is_api_path(const std::string& path);

// A JSON answer: body, status and Content-Type: application/json.
void send_json(httplib::Response& res, int status, const nlohmann::ordered_json& body);

// {"message": ..., "errors"?: {field: [...]}} — `errors` is left out when null.
void send_error(httplib::Response& res, int status, const std::string& message,
                const nlohmann::ordered_json& errors = nullptr);

// Registers every /api route, including the JSON 404 / 405 for unknown API paths. Call before
// the static site's catch-all route: cpp-httplib tries routes in registration order.
void register_api_routes(httplib::Server& server, const ApiContext& context);

}  // namespace syncscope::server
