// tests/fuzz/reference_syncs_fuzz.cpp — GET /services/{id}/syncs answers (reference API): the
// summary's list of syncs.
#include "api/reference_decode.h"
#include "core/time.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto page = api::decodeSyncsPage(fuzz::input(data, size));
    if (!page.error.empty()) {
        FUZZ_CHECK(fuzz::validUtf8(page.error));
        return 0;
    }
    for (const core::Sync& s : page.value.syncs) {
        FUZZ_CHECK(fuzz::validUtf8(s.summary));
        // What the summary table shows of a sync.
        core::formatDateTime(s.startedAt);
        core::formatAgo(s.startedAt, s.finishedAt);
        core::toString(s.status);
    }
    return 0;
}
