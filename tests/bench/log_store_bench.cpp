// tests/bench/log_store_bench.cpp — the log store and its filtered view at a million lines.
//
// Prints a table; asserts nothing (tests assert behaviour, benchmarks print figures). Run with
//   build/native/syncscope-bench-log_store [lines]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/log_store.h"
#include "core/log_view.h"

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

const char* const kSystems[] = {"Shopify", "NetSuite", "Magento", "BigCommerce", "Peoplevox"};
const char* const kEntities[] = {"orders", "products", "stock", "customers", "fulfilments"};

// One line like the demo server's big sync: "<time> <LEVEL> <message>" of about 140 bytes.
core::LogLine makeLine(int64_t id) {
    core::LogLine l;
    l.id = id;
    l.at = 1'795'845'600'000 + id * 37;
    const int64_t r = (id * 2654435761) % 1000;
    l.level = r < 5     ? core::LogLevel::Error
              : r < 40  ? core::LogLevel::Warning
              : r < 300 ? core::LogLevel::Debug
                        : core::LogLevel::Info;
    const char* system = kSystems[id % 5];
    const char* entity = kEntities[(id / 5) % 5];
    if (id % 10'000 == 0) {
        l.message = "Request to " + std::string(system) +
                    " timed out after 30000 ms; retrying page " + std::to_string(id / 50) + " of " +
                    entity + " (attempt 2 of 5, backoff 4 s)";
    } else {
        l.message = "Pulled page " + std::to_string(id / 50) + " of " + entity + " from " + system +
                    ": 50 records, 48 changed, 2 skipped (cursor " + std::to_string(id * 7919) +
                    ", 312 ms)";
    }
    return l;
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t count = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
    const size_t page = 5000;

    core::LogStore store;
    size_t raw = 0;  // the log as downloaded text: "<24-char time> <LEVEL> <message>\n"
    double appendMs = 0;
    std::vector<core::LogLine> lines;
    lines.reserve(page);
    for (int64_t id = 1; id <= count; ++id) {
        lines.push_back(makeLine(id));
        raw += 24 + 1 + std::string(core::toString(lines.back().level)).size() + 1 +
               lines.back().message.size() + 1;
        if (lines.size() == page || id == count) {
            const auto start = Clock::now();
            store.appendBatch(lines);
            appendMs += msSince(start);
            lines.clear();
        }
    }

    std::printf("%-44s %12s\n", "log store / view, native", "value");
    std::printf("%-44s %12lld\n", "lines", static_cast<long long>(store.size()));
    std::printf("%-44s %12.1f\n", "append, ms (pages of 5000)", appendMs);
    std::printf("%-44s %12.1f\n", "raw text, bytes per line",
                static_cast<double>(raw) / static_cast<double>(count));
    std::printf("%-44s %12.1f\n", "held, bytes per line",
                static_cast<double>(store.bytesUsed()) / static_cast<double>(count));
    std::printf("%-44s %12.3f\n", "held / raw text",
                static_cast<double>(store.bytesUsed()) / static_cast<double>(raw));

    core::LogView view(store);
    auto start = Clock::now();
    view.update();
    std::printf("%-44s %12.1f\n", "view, first build (no query), ms", msSince(start));

    core::LogFilter filter;
    const char* const queries[] = {"TIMED OUT", "orders", "cursor 7", "заказ"};
    for (const char* q : queries) {
        filter.query = q;
        start = Clock::now();
        view.setFilter(filter);
        const double ms = msSince(start);
        char label[80];
        std::snprintf(label, sizeof label, "search \"%s\" (%zu matches), ms", q, view.matchCount());
        std::printf("%-44s %12.1f\n", label, ms);
    }

    filter.regex = true;
    for (const char* q : {"timed out after \\d+ ms", "cursor 7\\d*9,"}) {
        filter.query = q;
        start = Clock::now();
        view.setFilter(filter);
        const double ms = msSince(start);
        char label[80];
        std::snprintf(label, sizeof label, "regex /%s/ (%zu), ms", q, view.matchCount());
        std::printf("%-44s %12.1f\n", label, ms);
    }
    filter.regex = false;

    filter.query = "orders";
    view.setFilter(filter);
    filter.levels[static_cast<size_t>(core::LogLevel::Info)] = false;
    start = Clock::now();
    view.setFilter(filter);
    const double offMs = msSince(start);
    const size_t shownOff = view.shownCount();
    filter.levels[static_cast<size_t>(core::LogLevel::Info)] = true;
    start = Clock::now();
    view.setFilter(filter);
    const double onMs = msSince(start);
    std::printf("%-44s %12.1f\n", "toggle info off (query set), ms", offMs);
    std::printf("%-44s %12.1f\n", "toggle info on (query set), ms", onMs);
    std::printf("%-44s %12zu\n", "  shown with info off", shownOff);

    filter.query.clear();
    filter.levels[static_cast<size_t>(core::LogLevel::Debug)] = false;
    start = Clock::now();
    view.setFilter(filter);
    std::printf("%-44s %12.1f\n", "toggle debug off (no query), ms", msSince(start));

    // Live refresh: one more page appended, the view takes in only it.
    std::vector<core::LogLine> more;
    for (int64_t id = count + 1; id <= count + 50; ++id) more.push_back(makeLine(id));
    const uint64_t scanned = view.linesScanned();
    start = Clock::now();
    store.appendBatch(more);
    view.update();
    std::printf("%-44s %12.3f\n", "append 50 + view update, ms", msSince(start));
    std::printf("%-44s %12llu\n", "  lines scanned by that update",
                static_cast<unsigned long long>(view.linesScanned() - scanned));
    return 0;
}
