// tests/bench/payload_doc_bench.cpp — the payload preview's document model (core/payload_doc.h)
// on a JSON payload of the preview's largest size (16 MB, core::kPayloadPreviewBytes), natively:
// the time to build the document (laid out, lines, fold tree) at once and a slice a frame (the
// longest slice: what a frame may spend on it), to search it (a word in every
// record, a rare one, one in no record), and to fold and unfold all (the lines shown computed
// again each time), and to reveal a match deep in a folded file.
//
// Prints a table; asserts nothing (tests assert behaviour, benchmarks print figures). Run with
//   build/native/syncscope-bench-payload_doc
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "core/backend.h"
#include "core/payload_doc.h"

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Records like the demo's, minified, up to `bytes`.
std::string makePayload(size_t bytes) {
    std::string out = "{\"data\":[";
    for (int i = 1;; ++i) {
        std::string r =
            "{\"id\":" + std::to_string(i) + ",\"sku\":\"CAP-NVY-OS-" + std::to_string(i) +
            "\",\"title\":\"Baseball cap, navy\",\"price\":" + std::to_string(1000 + i % 5000) +
            ".5,\"active\":true,\"tags\":[\"a\",\"b\"]" +
            ",\"stock\":{\"MAN-01\":" + std::to_string(i % 97) +
            ",\"LDN-02\":null},\"email\":\"buyer" + std::to_string(i) + "@example.com\"}";
        if (out.size() + r.size() + 40 > bytes) break;
        if (i > 1) out += ',';
        out += r;
    }
    out += "],\"count\":0}";
    return out;
}

}  // namespace

int main() {
    const std::string json = makePayload(core::kPayloadPreviewBytes);
    std::printf("JSON payload: %.1f MB\n\n", static_cast<double>(json.size()) / (1 << 20));
    std::printf("%-44s %10s\n", "step", "ms");

    auto t = Clock::now();
    const core::PayloadDoc doc = core::buildPayloadDoc(json, core::DocKind::Json, false);
    std::printf("%-44s %10.1f   (%zu lines, %zu nodes)\n", "build (lay out, lines, fold tree)",
                msSince(t), doc.lines(), doc.folds.size());

    // As the preview builds it: steps of 64 KB (ui/payload_view.cpp), as many a frame as fit in
    // 30 ms; the longest step is what a frame may spend on it past those 30 ms.
    {
        core::PayloadDocBuilder b(json, core::DocKind::Json, false);
        double longest = 0, total = 0;
        size_t slices = 0;
        for (bool over = false; !over; ++slices) {
            t = Clock::now();
            over = b.step(64 * 1024);
            const double ms = msSince(t);
            longest = std::max(longest, ms);
            total += ms;
        }
        std::printf("%-44s %10.1f   (%zu steps of 64 KB, %.1f ms in all)\n",
                    "build in steps: the longest step", longest, slices, total);
    }

    for (const char* q : {"SKU", "buyer77777@", "no-such-value", "s"}) {
        t = Clock::now();
        const std::vector<uint32_t> m = core::findAllMatches(doc.text, q);
        const double ms = msSince(t);
        std::printf("search \"%s\"%*s %10.1f   (%zu matches)\n", q,
                    static_cast<int>(35 - std::string(q).size()), "", ms, m.size());
    }

    core::FoldState folds;
    folds.reset(&doc);
    t = Clock::now();
    size_t shown = folds.visible().size();
    std::printf("%-44s %10.1f   (%zu lines shown)\n", "lines shown, nothing folded", msSince(t),
                shown);
    t = Clock::now();
    folds.foldAll();
    shown = folds.visible().size();
    std::printf("%-44s %10.1f   (%zu lines shown)\n", "fold all", msSince(t), shown);
    t = Clock::now();
    folds.reveal(doc.lines() - 10);
    shown = folds.visible().size();
    std::printf("%-44s %10.1f   (%zu lines shown)\n", "reveal a line near the end", msSince(t),
                shown);
    t = Clock::now();
    folds.unfoldAll();
    shown = folds.visible().size();
    std::printf("%-44s %10.1f   (%zu lines shown)\n", "unfold all", msSince(t), shown);
    t = Clock::now();
    folds.set(1, true);
    shown = folds.visible().size();
    std::printf("%-44s %10.1f   (%zu lines shown)\n", "fold the records' array", msSince(t), shown);
    return 0;
}
