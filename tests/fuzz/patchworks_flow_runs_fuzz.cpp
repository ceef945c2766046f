// tests/fuzz/patchworks_flow_runs_fuzz.cpp — GET /flow-runs answers (Patchworks Core): runs as
// syncs, integer or word statuses, durations in seconds.
#include "api/patchworks_decode.h"
#include "core/time.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto page = api::decodeFlowRunsPage(fuzz::input(data, size));
    if (!page.error.empty()) {
        FUZZ_CHECK(fuzz::validUtf8(page.error));
        return 0;
    }
    for (const core::Sync& s : page.value.syncs) {
        FUZZ_CHECK(fuzz::validUtf8(s.summary));
        core::formatDateTime(s.startedAt);
        core::formatAgo(s.startedAt, s.startedAt + s.durationMs / 2);
    }
    return 0;
}
