// tests/bench/decode_bench.cpp — how long decoding the services list takes, natively.
//
// Prints a table; asserts nothing (tests assert behaviour, benchmarks print figures). Run with
//   build/native/syncscope-bench-decode [services]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "api/reference_decode.h"

namespace {

std::string makePage(int count) {
    nlohmann::json data = nlohmann::json::array();
    for (int i = 1; i <= count; ++i)
        data.push_back({{"id", i},
                        {"name", "Shopify orders → NetSuite #" + std::to_string(i)},
                        {"status", i % 4 ? "active" : "inactive"},
                        {"type", i % 5 ? "standard" : "sweeper"},
                        {"company_group", "Acme Retail"},
                        {"source", {{"system", "Shopify"}, {"entity", "orders"}}},
                        {"destination", {{"system", "NetSuite"}, {"entity", "sales orders"}}},
                        {"schedule", "Every 15 minutes"},
                        {"alerts_enabled", true},
                        {"last_sync",
                         {{"id", 1000 + i},
                          {"status", "success"},
                          {"started_at", "2026-11-28T06:30:00.000Z"}}}});
    return nlohmann::json{
        {"data", data},
        {"meta", {{"current_page", 1}, {"per_page", count}, {"total", count}, {"last_page", 1}}}}
        .dump();
}

}  // namespace

int main(int argc, char** argv) {
    std::printf("%-28s %10s %12s %14s\n", "benchmark", "services", "bytes", "ms per decode");
    const int sizes[] = {100, 1000, 10000};
    for (int n : sizes) {
        if (argc > 1 && std::atoi(argv[1]) > 0) n = std::atoi(argv[1]);
        const std::string body = makePage(n);
        const int reps = n >= 10000 ? 5 : 50;
        size_t sink = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (int r = 0; r < reps; ++r) sink += api::decodeServicesPage(body).value.services.size();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count() /
            reps;
        std::printf("%-28s %10d %12zu %14.3f\n", "decodeServicesPage", n, body.size(), ms);
        if (sink == 0) return 1;
        if (argc > 1) break;
    }
    return 0;
}
