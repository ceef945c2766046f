// tests/fuzz/patchworks_flows_fuzz.cpp — GET /flows answers (Patchworks Core): flows as services,
// flat or JSON:API, with the paginator meta in its three forms.
#include "api/patchworks_decode.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto page = api::decodeFlowsPage(fuzz::input(data, size));
    if (!page.error.empty()) {
        FUZZ_CHECK(fuzz::validUtf8(page.error));
        return 0;
    }
    for (const core::Service& s : page.value.services) FUZZ_CHECK(fuzz::validUtf8(s.name));
    return 0;
}
