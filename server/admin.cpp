// server/admin.cpp — see admin.h.
#include "admin.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <random>

namespace syncscope::server {

namespace {

std::string random_secret() {
    static const char kHex[] = "0123456789abcdef";
    std::random_device device;
    std::string out;
    for (int i = 0; i < 32; ++i) out += kHex[device() & 15];
    return out;
}

// Compares without an early exit, so response time does not reveal a matching prefix.
bool same_secret(const std::string& a, const std::string& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

void refuse(httplib::Response& res, const std::string& message) {
    res.status = 403;
    res.set_content(nlohmann::json{{"message", message}}.dump(), "application/json");
}

// The secret, and an Origin that is absent or this server's own (the Host header, already
// checked to name this server, with the scheme it is served on). False after writing the 403.
bool admitted(const std::string& secret, const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("Origin") &&
        lower(req.get_header_value("Origin")) != "http://" + lower(req.get_header_value("Host"))) {
        refuse(res, "Forbidden: /admin answers only to requests from its own origin.");
        return false;
    }
    if (!same_secret(req.get_header_value(kAdminSecretHeader), secret)) {
        refuse(res, std::string("Forbidden: send the admin secret (printed on the server's stderr "
                                "at start) in the ") +
                        kAdminSecretHeader + " header.");
        return false;
    }
    return true;
}

std::string faults_json(const RuntimeFaults& f) {
    return nlohmann::json{
        {"latency_ms", f.latency_ms}, {"fail_rate", f.fail_rate}, {"drop_rate", f.drop_rate}}
        .dump();
}

}  // namespace

std::string install_admin(httplib::Server& server, FaultInjector& faults) {
    const std::string secret = random_secret();
    server.Get("/admin/faults",
               [&faults, secret](const httplib::Request& req, httplib::Response& res) {
                   if (!admitted(secret, req, res)) return;
                   res.set_content(faults_json(faults.faults()), "application/json");
               });
    server.Post("/admin/faults", [&faults, secret](const httplib::Request& req,
                                                   httplib::Response& res) {
        if (!admitted(secret, req, res)) return;
        const auto body = nlohmann::json::parse(req.body, nullptr, false);
        RuntimeFaults f = faults.faults();
        std::string error;
        if (body.is_discarded() || !body.is_object()) {
            error = "expected a JSON object such as {\"fail_rate\": 0.5}";
        } else {
            for (const auto& [key, value] : body.items()) {
                if (key == "latency_ms" && value.is_number_integer() &&
                    value.get<long long>() >= 0 && value.get<long long>() <= 600000) {
                    f.latency_ms = value.get<int>();
                } else if ((key == "fail_rate" || key == "drop_rate") && value.is_number() &&
                           value.get<double>() >= 0 && value.get<double>() <= 1) {
                    (key == "fail_rate" ? f.fail_rate : f.drop_rate) = value.get<double>();
                } else {
                    error = "bad " + key + ": latency_ms is 0-600000, fail_rate and drop_rate 0-1";
                }
            }
        }
        if (!error.empty()) {
            res.status = 400;
            res.set_content(nlohmann::json{{"message", error}}.dump(), "application/json");
            return;
        }
        faults.set_faults(f);
        res.set_content(faults_json(f), "application/json");
    });
    return secret;
}

}  // namespace syncscope::server
