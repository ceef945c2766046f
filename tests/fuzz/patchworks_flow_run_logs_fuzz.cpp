// tests/fuzz/patchworks_flow_run_logs_fuzz.cpp — GET /flow-runs/{id}/flow-run-logs answers
// (Patchworks Core): log lines with their ids as sent, levels in any case, payload metadata ids.
#include "api/patchworks_decode.h"
#include "core/log_store.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto page = api::decodeFlowRunLogsPage(fuzz::input(data, size));
    if (!page.error.empty()) {
        FUZZ_CHECK(fuzz::validUtf8(page.error));
        return 0;
    }
    for (const core::LogLine& l : page.value.lines) FUZZ_CHECK(fuzz::validUtf8(l.message));
    // Whatever the ids, the store takes them in order or reports a gap.
    core::LogStore store;
    const core::LogMergeResult r = store.appendBatch(page.value.lines);
    FUZZ_CHECK(r.added + r.duplicates <= page.value.lines.size());
    FUZZ_CHECK(store.size() == r.added);
    return 0;
}
