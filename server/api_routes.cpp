// server/api_routes.cpp — handlers for /api/v1 (see api_routes.h). Each handler checks the
// token first, then validates its query, then answers from the demo data. Validation is
// strict (a bad page is a 400, not a silent default) so that client bugs show up in the tests.
#include "api_routes.h"

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
constexpr std::int64_t kMaxId = 1000000000000000;  // parse_positive needs max * 10 + 9 to fit

const char* const kServicesPath = "/api/v1/services";

// The first value of a query parameter, or "" when absent.
std::string param(const httplib::Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : std::string();
}

// Strict positive decimal. Returns false for anything but digits; `too_big` reports values
// beyond `max` (including ones that would overflow).
bool parse_positive(const std::string& text, std::int64_t max, std::int64_t& out, bool& too_big) {
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

bool authorized(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    const AuthResult result = ctx.auth.check(req.get_header_value("Authorization"));
    if (result == AuthResult::Ok) return true;
    res.set_header("WWW-Authenticate", "Bearer realm=\"SyncScope demo\"");
    send_error(res, 401, TokenAuth::message(result));
    return false;
}

// A link to another page of the same list, relative to the API's origin, keeping the filters.
json page_link(const std::string& search, const std::string& status, std::int64_t page,
               std::int64_t per_page) {
    std::string url = kServicesPath;
    url += "?";
    if (!search.empty()) url += "filter%5Bsearch%5D=" + url_encode(search) + "&";
    if (!status.empty()) url += "filter%5Bstatus%5D=" + url_encode(status) + "&";
    url += "page=" + std::to_string(page) + "&per_page=" + std::to_string(per_page);
    return url;
}

void list_services(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;

    json errors = json::object();
    std::int64_t page = 1;
    std::int64_t per_page = kDefaultPerPage;
    bool too_big = false;

    const std::string page_text = param(req, "page");
    if (!page_text.empty()) {
        if (!parse_positive(page_text, kMaxPage, page, too_big) || (!too_big && page < 1)) {
            errors["page"] = json::array({"The page must be an integer of at least 1."});
        } else if (too_big) {
            errors["page"] = json::array(
                {"The page must not be greater than " + std::to_string(kMaxPage) + "."});
        }
    }
    const std::string per_page_text = param(req, "per_page");
    if (!per_page_text.empty()) {
        if (!parse_positive(per_page_text, kMaxPerPage, per_page, too_big) ||
            (!too_big && per_page < 1)) {
            errors["per_page"] = json::array({"The per page must be an integer of at least 1."});
        } else if (too_big) {
            per_page = kMaxPerPage;  // clamped, as Laravel-style APIs do; meta says so
        }
    }

    demo::ServiceQuery query;
    query.search = param(req, "filter[search]");
    const std::string status_text = param(req, "filter[status]");
    if (!status_text.empty()) {
        query.status = demo::parse_service_status(status_text);
        if (!query.status) {
            errors["filter[status]"] =
                json::array({"The selected filter[status] is invalid: use active or inactive."});
        }
    }

    if (!errors.empty()) {
        send_error(res, 400, errors.begin().value()[0].get<std::string>(), errors);
        return;
    }

    const std::vector<const demo::Service*> matching = demo::filter_services(ctx.data, query);
    const demo::PageWindow window = demo::paginate(matching.size(), page, per_page);

    json data = json::array();
    for (std::size_t i = window.begin; i < window.end; ++i) {
        data.push_back(demo::service_to_json(*matching[i]));
    }
    json body = {{"data", std::move(data)},
                 {"meta",
                  {{"current_page", window.current_page},
                   {"per_page", window.per_page},
                   {"total", window.total},
                   {"last_page", window.last_page}}},
                 {"links",
                  {{"next", window.current_page < window.last_page
                                ? page_link(query.search, status_text, window.current_page + 1,
                                            window.per_page)
                                : json(nullptr)},
                   {"prev", window.current_page > 1
                                ? page_link(query.search, status_text,
                                            std::min(window.current_page - 1, window.last_page),
                                            window.per_page)
                                : json(nullptr)}}}};
    send_json(res, 200, body);
}

void show_service(const ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(ctx, req, res)) return;
    const std::string id_text = req.matches.size() > 1 ? req.matches[1].str() : std::string();
    std::int64_t id = 0;
    bool too_big = false;
    if (!parse_positive(id_text, kMaxId, id, too_big)) {
        send_error(res, 400, "The service id must be an integer.",
                   {{"id", json::array({"The service id must be an integer."})}});
        return;
    }
    const demo::Service* service = too_big ? nullptr : ctx.data.find_service(id);
    if (!service) {
        send_error(res, 404, "Service " + id_text + " not found.");
        return;
    }
    send_json(res, 200, demo::service_to_json(*service));
}

}  // namespace

bool is_api_path(const std::string& path) {
    return path == "/api" || path.rfind("/api/", 0) == 0;
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
    server.Get(kServicesPath, [ctx](const httplib::Request& req, httplib::Response& res) {
        list_services(ctx, req, res);
    });
    server.Get(R"(/api/v1/services/([^/]+))",
               [ctx](const httplib::Request& req, httplib::Response& res) {
                   show_service(ctx, req, res);
               });

    // Anything else under /api: JSON 404, or 405 for a known path with the wrong method.
    const auto unknown = [](const httplib::Request& req, httplib::Response& res) {
        static const std::regex known(R"(/api/v1/services(/[^/]+)?)");
        if (req.method != "GET" && req.method != "HEAD" && std::regex_match(req.path, known)) {
            res.set_header("Allow", "GET, HEAD, OPTIONS");
            send_error(res, 405, "The " + req.method + " method is not supported here.");
            return;
        }
        send_error(res, 404, "Not found.");
    };
    const char* const any_api = R"(/api(/.*)?)";
    server.Get(any_api, unknown);
    server.Post(any_api, unknown);
    server.Put(any_api, unknown);
    server.Patch(any_api, unknown);
    server.Delete(any_api, unknown);
}

}  // namespace syncscope::server
