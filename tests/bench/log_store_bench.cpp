// tests/bench/log_store_bench.cpp — the log store and its filtered view at a million lines.
//
// Prints a table; asserts nothing (tests assert behaviour, benchmarks print figures). The same
// source is the native benchmark and, built with em++ (target syncscope-bench-log-store-web in
// the wasm preset), the browser one that tests/bench/log_store_browser.mjs runs in Chromium.
//   build/native/syncscope-bench-log_store [lines]
//
// Lines are made like the demo server's big sync (server/demo_data.cpp big_sync_line): pages of
// three lines (pulled, mapped, pushed; a rate-limit warning every 333rd page), plus a timed-out
// error every 10,000 lines and, every 1,000 lines, a customer with a Polish/German name and a
// Russian order word, so non-ASCII searches have something to find. The raw text a line stands
// for is "<ISO time> <LEVEL> <message>\n". Every search is timed with the vector engine (median
// of 5) and once with the scalar one, and the two must find the same lines. Grouping the log into
// signatures (issue 17) is timed beside the searches: the demo's mix, and every line a warning.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include <sys/resource.h>
#endif

#include "core/filtered_log.h"
#include "core/log_store.h"
#include "core/overview_bins.h"
#include "core/signatures.h"

namespace {

using Clock = std::chrono::steady_clock;
using core::FoldedSearch;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

uint64_t mix(uint64_t x, uint64_t salt) {
    x += salt * 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Line `id` (1-based) of the benchmark log.
core::LogLine makeLine(int64_t id) {
    core::LogLine l;
    l.id = id;
    l.at = 1'795'845'600'000 + id * 37;
    l.level = core::LogLevel::Info;
    const int64_t i = id - 1;
    const long long page = i / 3 + 1;
    char buf[256];
    if (id % 10'000 == 0) {
        l.level = core::LogLevel::Error;
        std::snprintf(buf, sizeof buf,
                      "Request to NetSuite timed out after 30000 ms; retrying batch %lld "
                      "(attempt 2 of 5, backoff 4 s)",
                      page);
    } else if (id % 1'000 == 500) {
        std::snprintf(buf, sizeof buf,
                      "Customer «Zoë Müller-Łukasik» (Заказ №%lld) mapped with a default "
                      "address: postcode missing",
                      page);
    } else if (i % 3 == 0) {
        std::snprintf(buf, sizeof buf,
                      "Pulled page %lld of orders from Shopify: 50 records (orders #%lld-#%lld, "
                      "cursor page_info=%08llx, 250 ms)",
                      page, 100000 + (page - 1) * 50, 100000 + (page - 1) * 50 + 49,
                      static_cast<unsigned long long>(mix(page, 7) & 0xffffffffull));
    } else if (i % 3 == 1 && (i / 3) % 333 == 332) {
        l.level = core::LogLevel::Warning;
        std::snprintf(buf, sizeof buf,
                      "NetSuite rate limit reached (429 Too Many Requests); retrying batch %lld "
                      "in 2 s, attempt 2 of 3",
                      page);
    } else if (i % 3 == 1) {
        l.level = core::LogLevel::Debug;
        std::snprintf(buf, sizeof buf,
                      "Mapped 50 orders to NetSuite sales orders: 50 ok, %lld fields defaulted, "
                      "tax code GB-STD and 2 SKUs mapped",
                      page % 4);
    } else {
        std::snprintf(buf, sizeof buf,
                      "Pushed 50 of 50 orders to NetSuite as sales orders (batch %lld, HTTP 200 "
                      "in %lld ms, 0 rejected, request id %012llx)",
                      page, 200 + page % 700,
                      static_cast<unsigned long long>(mix(page, 11) & 0xffffffffffffull));
    }
    l.message = buf;
    return l;
}

size_t rawBytes(const core::LogLine& l) {  // "2026-11-28T12:00:00.000Z INFO <message>\n"
    return 24 + 1 + std::string(core::toString(l.level)).size() + 1 + l.message.size() + 1;
}

void row(const char* label, double value, int decimals = 1) {
    std::printf("%-52s %12.*f\n", label, decimals, value);
}

double median(std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    return xs[xs.size() / 2];
}

// A fingerprint of the view's matches and shown lines, to compare engines.
uint64_t fingerprint(const core::FilteredLog& v) {
    uint64_t h = v.matchCount() * 31 + v.shownCount();
    for (size_t k = 0; k < v.matchCount(); ++k) h = mix(h, static_cast<uint64_t>(v.matchId(k)));
    return h;
}

bool enginesAgree = true;

// Times setting the query (from none) on a 1M-line view: vector engine, median of 5; then once
// with the scalar engine, which must find the same lines.
void timeSearch(const core::LogStore& store, core::FilteredLog& view, core::LogFilter filter,
                const char* kind) {
    core::LogFilter none = filter;
    none.query.clear();
    std::vector<double> ms;
    for (int run = 0; run < 5; ++run) {
        view.setFilter(store, none);
        const auto start = Clock::now();
        view.setFilter(store, filter);
        ms.push_back(msSince(start));
    }
    const size_t matches = view.matchCount();
    const uint64_t print = fingerprint(view);
    FoldedSearch::setEngine(FoldedSearch::Engine::Scalar);
    view.setFilter(store, none);
    auto start = Clock::now();
    view.setFilter(store, filter);
    const double scalarMs = msSince(start);
    FoldedSearch::setEngine(FoldedSearch::Engine::Vector);
    if (fingerprint(view) != print) enginesAgree = false;
    view.setFilter(store, none);

    char label[120];
    std::snprintf(label, sizeof label, "%s %s%s%s (%zu), ms", kind, filter.regex ? "/" : "\"",
                  filter.query.c_str(), filter.regex ? "/" : "\"", matches);
    row(label, median(ms));
    std::snprintf(label, sizeof label, "  scalar engine: %s %s%s%s, ms", kind,
                  filter.regex ? "/" : "\"", filter.query.c_str(), filter.regex ? "/" : "\"");
    row(label, scalarMs);
}

// Times grouping a whole store into signatures from nothing (median of 3), then a live page of
// 1,000 more lines (a copy of the store's last lines' shapes) taken in: only those are masked.
void timeSignatures(const core::LogStore& store, const char* kind) {
    std::vector<double> ms;
    size_t signatures = 0;
    uint64_t masked = 0;
    for (int run = 0; run < 3; ++run) {
        core::SignatureIndex sigs;
        const auto start = Clock::now();
        sigs.update(store);
        ms.push_back(msSince(start));
        signatures = sigs.size();
        masked = sigs.linesMasked();
    }
    char label[120];
    std::snprintf(label, sizeof label, "signatures, whole log (%s), ms", kind);
    row(label, median(ms));
    std::snprintf(label, sizeof label, "  lines masked (%zu signatures)", signatures);
    row(label, static_cast<double>(masked), 0);
}

// A live page: 1,000 lines appended to a grouped store; the index masks only them.
void timeSignaturePage(core::LogStore& store, int64_t& next) {
    core::SignatureIndex sigs;
    sigs.update(store);
    const uint64_t before = sigs.linesMasked();
    std::vector<double> ms;
    for (int run = 0; run < 5; ++run) {
        std::vector<core::LogLine> more;
        for (int k = 0; k < 1000; ++k) more.push_back(makeLine(next++));
        store.appendBatch(more);
        const auto start = Clock::now();
        sigs.update(store);
        ms.push_back(msSince(start));
    }
    row("signatures, a page of 1,000 more lines, ms", median(ms), 3);
    row("  lines masked per page", static_cast<double>(sigs.linesMasked() - before) / 5.0, 0);
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t count = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
    const size_t page = 5000;
#ifdef __EMSCRIPTEN__
    const char* where = "wasm";
#else
    const char* where = "native";
#endif

    core::LogStore store;
    size_t raw = 0;
    double appendMs = 0;
    std::vector<core::LogLine> lines;
    lines.reserve(page);
    for (int64_t id = 1; id <= count; ++id) {
        lines.push_back(makeLine(id));
        raw += rawBytes(lines.back());
        if (lines.size() == page || id == count) {
            const auto start = Clock::now();
            store.appendBatch(lines);
            appendMs += msSince(start);
            lines.clear();
        }
    }
    lines.shrink_to_fit();

    std::printf("%-52s %12s\n", "log store / view", where);
    std::printf("%-52s %12s\n", "search vectors", FoldedSearch::vectorKind());
    row("lines", static_cast<double>(store.size()), 0);
    row("append, ms (pages of 5000)", appendMs);
    row("raw text, bytes per line", static_cast<double>(raw) / static_cast<double>(count));
    row("held, bytes per line",
        static_cast<double>(store.bytesUsed()) / static_cast<double>(count));
    row("held / raw text", static_cast<double>(store.bytesUsed()) / static_cast<double>(raw), 3);

    core::FilteredLog view;
    auto start = Clock::now();
    view.update(store);
    row("view, first build (no query), ms", msSince(start));

    // The very first search runs on code the engine has not optimised yet (in the browser, V8's
    // baseline tier until the optimised code is ready); after it every search is warmed up once.
    core::LogFilter filter;
    const char* const queries[] = {"Shopify", "orders", "timed out", "заказ", "MÜLLER", "zzz"};
    const char* const patterns[] = {"timed out after \\d+ ms", "HTTP 200 in \\d+ ms",
                                    "\\d+ fields defaulted", "^Pushed \\d+"};
    filter.query = "Shopify";
    start = Clock::now();
    view.setFilter(store, filter);
    row("first search (cold code), \"Shopify\", ms", msSince(start));
    for (const char* q : queries) {
        filter.query = q;
        view.setFilter(store, filter);
    }
    filter.regex = true;
    for (const char* q : patterns) {
        filter.query = q;
        view.setFilter(store, filter);
    }
    filter.regex = false;
    filter.query.clear();
    view.setFilter(store, filter);

    for (const char* q : queries) {
        filter.query = q;
        timeSearch(store, view, filter, "search");
    }
    filter.onlyMatching = true;
    filter.query = "Shopify";
    timeSearch(store, view, filter, "search, only matching lines,");
    filter.onlyMatching = false;
    filter.regex = true;
    for (const char* q : patterns) {
        filter.query = q;
        timeSearch(store, view, filter, "regex");
    }
    filter.regex = false;

    // Signatures (issue 17), next to the search figures: grouping every warning and error line
    // of the million (masking each one's first line) should cost no more than a search of them.
    timeSignatures(store, "demo's mix");
    {
        core::LogStore warnings;  // the same lines, every one of them a warning
        std::vector<core::LogLine> batch;
        batch.reserve(page);
        for (int64_t id = 1; id <= count; ++id) {
            batch.push_back(makeLine(id));
            batch.back().level = core::LogLevel::Warning;
            if (batch.size() == page || id == count) {
                warnings.appendBatch(batch);
                batch.clear();
            }
        }
        timeSignatures(warnings, "every line a warning");
    }

    // Level toggles with a query set: rebuilt from the records and the cached matches.
    filter.query = "Shopify";
    view.setFilter(store, filter);
    std::vector<double> offMs, onMs;
    size_t shownOff = 0;
    for (int run = 0; run < 5; ++run) {
        filter.levels[static_cast<size_t>(core::LogLevel::Info)] = false;
        start = Clock::now();
        view.setFilter(store, filter);
        offMs.push_back(msSince(start));
        shownOff = view.shownCount();
        filter.levels[static_cast<size_t>(core::LogLevel::Info)] = true;
        start = Clock::now();
        view.setFilter(store, filter);
        onMs.push_back(msSince(start));
    }
    row("toggle info off (query set), ms", median(offMs));
    row("toggle info on (query set), ms", median(onMs));
    row("  shown with info off", static_cast<double>(shownOff), 0);
    filter.query.clear();
    filter.levels[static_cast<size_t>(core::LogLevel::Debug)] = false;
    start = Clock::now();
    view.setFilter(store, filter);
    row("toggle debug off (no query), ms", msSince(start));
    filter.levels[static_cast<size_t>(core::LogLevel::Debug)] = true;

    // Live refresh: 1,000 more lines appended, the view (query set) takes in only them.
    filter.query = "Shopify";
    view.setFilter(store, filter);
    std::vector<double> updateMs;
    const uint64_t scannedBefore = view.linesScanned();
    int64_t next = count + 1;
    for (int run = 0; run < 5; ++run) {
        std::vector<core::LogLine> more;
        for (int k = 0; k < 1000; ++k) more.push_back(makeLine(next++));
        start = Clock::now();
        store.appendBatch(more);
        view.update(store);
        updateMs.push_back(msSince(start));
    }
    row("append 1,000 + view update (query set), ms", median(updateMs), 3);
    row("  lines scanned per update",
        static_cast<double>(view.linesScanned() - scannedBefore) / 5.0, 0);
    timeSignaturePage(store, next);

    // The overview ruler's bins (core/overview_bins.h), 800 of them (a ruler 800 px tall), built
    // over the whole log as shown: every line; debug hidden (a list of shown lines); "only
    // matching" a common word; and a query set (its matches merged in). Median of 5 each.
    const auto timeOverview = [&](const char* label) {
        view.setFilter(store, filter);
        std::vector<double> ms;
        core::OverviewBins bins;
        for (int run = 0; run < 5; ++run) {
            const auto t0 = Clock::now();
            bins.build(store, view, 800);
            ms.push_back(msSince(t0));
        }
        char text[120];
        std::snprintf(text, sizeof text, "overview bins, %s (%zu rows), ms", label, bins.rows());
        row(text, median(ms), 2);
    };
    filter = core::LogFilter{};
    timeOverview("every line");
    filter.levels[static_cast<size_t>(core::LogLevel::Debug)] = false;
    timeOverview("debug hidden");
    filter = core::LogFilter{};
    filter.query = "orders";
    timeOverview("query \"orders\"");
    filter.onlyMatching = true;
    filter.query = "timed out";
    timeOverview("only matching \"timed out\"");
    filter = core::LogFilter{};
    view.setFilter(store, filter);

    std::printf("%-52s %12s\n", "vector and scalar engines agree", enginesAgree ? "yes" : "NO");
#ifdef __EMSCRIPTEN__
    row("wasm memory at the end, MB",
        static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0 / 1048576.0);
#else
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    row("peak resident memory, MB", static_cast<double>(usage.ru_maxrss) / 1024.0);
#endif
    std::printf("done\n");
    return enginesAgree ? 0 : 1;
}
