// tests/bench/decode_bench.cpp — how long decoding takes, natively: the services list, a
// 5,000-line log page (the reference API's largest) through the scanner and through the DOM, and
// a 10 MB JSON payload laid out for the preview by the one-pass printer and by a DOM dump.
//
// Prints a table; asserts nothing (tests assert behaviour, benchmarks print figures). Run with
//   build/native/syncscope-bench-decode [services]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "api/reference_decode.h"
#include "core/json_pretty.h"

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

// A log page like the demo's big sync: ~140 bytes of text per line, a payload now and then.
std::string makeLogPage(int count) {
    nlohmann::json data = nlohmann::json::array();
    const char* levels[] = {"info", "debug", "info", "warning", "info", "error"};
    for (int i = 1; i <= count; ++i) {
        nlohmann::json l = {
            {"id", i},
            {"at", "2026-11-28T06:00:00.037Z"},
            {"level", levels[i % 6]},
            {"message", "Pulled page " + std::to_string(i) +
                            " of orders from Shopify: 50 records (cursor eyJsYXN0X2lkIjo" +
                            std::to_string(i * 7919) +
                            "), 3 skipped as unchanged since the last run"},
            {"payload", nullptr}};
        if (i % 1000 == 0)
            l["payload"] = {{"id", i},
                            {"kind", "pull"},
                            {"file_name", "pull.json"},
                            {"size_bytes", 3161},
                            {"content_type", "application/json"},
                            {"expires_at", "2026-11-29T01:14:44.388Z"}};
        data.push_back(l);
    }
    return nlohmann::json{
        {"data", data},
        {"meta", {{"last_id", count}, {"has_more", false}, {"sync_status", "success"}}}}
        .dump();
}

template <class Fn>
double msPer(int reps, Fn fn) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) fn();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
               .count() /
           reps;
}

void logPages() {
    const std::string body = makeLogPage(5000);
    size_t sink = 0;
    const double scan = msPer(20, [&] { sink += api::decodeLogPage(body).value.lines.size(); });
    const double dom = msPer(5, [&] { sink += api::decodeLogPageDom(body).value.lines.size(); });
    std::printf("\n%-28s %10s %12s %14s %16s\n", "log page (5,000 lines)", "lines", "bytes",
                "ms per page", "s per 1M lines");
    std::printf("%-28s %10d %12zu %14.3f %16.2f\n", "decodeLogPage (scanner)", 5000, body.size(),
                scan, scan * 200 / 1000);
    std::printf("%-28s %10d %12zu %14.3f %16.2f\n", "decodeLogPageDom (nlohmann)", 5000,
                body.size(), dom, dom * 200 / 1000);
    if (sink == 0) std::printf("(nothing decoded)\n");
}

// Like the demo's --hostile-sync payload: 10 MB of orders on one line.
void payloadLayout() {
    std::string text = "[";
    for (int i = 1; text.size() < 10u * 1024 * 1024; ++i) {
        if (i > 1) text += ',';
        text += R"({"id":)" + std::to_string(i) + R"(,"sku":"SKU-)" + std::to_string(100000 + i) +
                R"(","qty":)" + std::to_string(i % 50) +
                R"(,"name":"Widget \u00e9 \"quoted\"","tags":["a","b"],"notes":")" +
                std::string(static_cast<size_t>(i * 7 % 200), 'n') + "\"}";
    }
    text += ']';
    std::string out;
    size_t sink = 0;
    const double scan = msPer(5, [&] {
        core::prettyPrintJson(text, out);
        sink += out.size();
    });
    const double dom = msPer(2, [&] {
        const nlohmann::json j = nlohmann::json::parse(text);
        sink += j.dump(2).size();
    });
    std::printf("\n%-28s %12s %12s %14s\n", "payload preview layout", "bytes in", "bytes out",
                "ms per file");
    std::printf("%-28s %12zu %12zu %14.1f\n", "prettyPrintJson (one pass)", text.size(), out.size(),
                scan);
    std::printf("%-28s %12zu %12s %14.1f\n", "parse + dump(2) (nlohmann)", text.size(), "", dom);
    if (sink == 0) std::printf("(nothing laid out)\n");
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
    logPages();
    payloadLayout();
    return 0;
}
