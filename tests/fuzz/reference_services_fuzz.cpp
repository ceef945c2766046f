// tests/fuzz/reference_services_fuzz.cpp — GET /services answers (reference API) into the
// decoder, then through what the services list does with them: facets, filters and sorting.
#include "api/reference_decode.h"
#include "core/services_filter.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string body = fuzz::input(data, size);
    const auto page = api::decodeServicesPage(body);
    if (!page.error.empty()) return 0;
    const auto& services = page.value.services;
    for (const core::Service& s : services) {
        FUZZ_CHECK(fuzz::validUtf8(s.name));
        FUZZ_CHECK(fuzz::validUtf8(s.type));
        FUZZ_CHECK(fuzz::validUtf8(s.source.system));
    }
    core::ServicesFilter filter;
    filter.search = services.empty() ? "a" : services.front().name.substr(0, 3);
    if (!services.empty()) filter.sourceSystem = services.back().source.system;
    std::vector<size_t> rows = core::filterServices(services, filter);
    for (size_t r : rows) FUZZ_CHECK(r < services.size());
    core::servicesFacets(services, filter);
    for (int key = 0; key <= static_cast<int>(core::ServicesSortKey::LastSync); ++key) {
        core::ServicesSort sort;
        sort.key = static_cast<core::ServicesSortKey>(key);
        sort.descending = key % 2 == 1;
        std::vector<size_t> all = core::filterServices(services, core::ServicesFilter{});
        core::sortServices(all, services, sort);
        FUZZ_CHECK(all.size() == services.size());
    }
    return 0;
}
