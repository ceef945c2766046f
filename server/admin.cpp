// server/admin.cpp — see admin.h.
#include "admin.h"

#include <nlohmann/json.hpp>

namespace syncscope::server {

namespace {

std::string faults_json(const RuntimeFaults& f) {
    return nlohmann::json{
        {"latency_ms", f.latency_ms}, {"fail_rate", f.fail_rate}, {"drop_rate", f.drop_rate}}
        .dump();
}

}  // namespace

void install_admin(httplib::Server& server, FaultInjector& faults) {
    server.Get("/admin/faults", [&faults](const httplib::Request&, httplib::Response& res) {
        res.set_content(faults_json(faults.faults()), "application/json");
    });
    server.Post("/admin/faults", [&faults](const httplib::Request& req, httplib::Response& res) {
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
}

}  // namespace syncscope::server
