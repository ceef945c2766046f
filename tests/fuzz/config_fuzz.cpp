// tests/fuzz/config_fuzz.cpp — config.json as a deployer (or a broken server) might write it:
// never a crash, and what is accepted is what the checks allow.
#include "core/config.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fuzz::input(data, size);
    const core::ConfigResult r = core::parseConfig(text);
    FUZZ_CHECK(core::isValidApiBaseUrl(r.config.apiBaseUrl));
    for (const std::string& o : r.config.allowedParentOrigins)
        FUZZ_CHECK(core::isSerialisedOrigin(o));
    FUZZ_CHECK(r.config.refreshSeconds >= 1 && r.config.refreshSeconds <= 3600);
    core::describeConfigErrors(r.errors);
    // The checks alone, on the raw text.
    core::isValidApiBaseUrl(text);
    core::isSerialisedOrigin(text);
    return 0;
}
