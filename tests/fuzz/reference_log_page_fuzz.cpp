// tests/fuzz/reference_log_page_fuzz.cpp — GET /syncs/{id}/logs answers (reference API), the
// answer that comes by the hundred. Besides "never crash": whenever the one-pass scanner
// (scanLogPage) accepts a page, the DOM decoder must decode it to exactly the same page — the
// scanner is a fast path, never a second opinion.
#include "api/log_scan.h"
#include "api/reference_decode.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string body = fuzz::input(data, size);
    core::LogPage scanned;
    const bool accepted = api::scanLogPage(body, scanned);
    const auto dom = api::decodeLogPageDom(body);
    const auto decoded = api::decodeLogPage(body);  // what the app calls
    if (accepted) {
        FUZZ_CHECK(dom.error.empty());
        const core::LogPage& d = dom.value;
        FUZZ_CHECK(scanned.lines.size() == d.lines.size());
        for (size_t i = 0; i < d.lines.size(); ++i)
            FUZZ_CHECK(fuzz::sameLine(scanned.lines[i], d.lines[i]));
        FUZZ_CHECK(scanned.lastId == d.lastId);
        FUZZ_CHECK(scanned.hasMore == d.hasMore);
        FUZZ_CHECK(scanned.syncStatus == d.syncStatus);
        FUZZ_CHECK(fuzz::sameMeta(scanned.meta, d.meta));
        FUZZ_CHECK(decoded.error.empty());
    } else {
        FUZZ_CHECK(decoded.error == dom.error);
    }
    if (decoded.error.empty())
        for (const core::LogLine& l : decoded.value.lines) FUZZ_CHECK(fuzz::validUtf8(l.message));
    else
        FUZZ_CHECK(fuzz::validUtf8(decoded.error));
    return 0;
}
