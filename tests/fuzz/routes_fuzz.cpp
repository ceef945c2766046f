// tests/fuzz/routes_fuzz.cpp — the hash routes (core/routes.h): what a link, the address bar or
// back/forward hands to parseRoute, and every route the app can be at.
//
// Checks: whatever the text, parseRoute gives a well-formed route (never Login; Services carries
// no ids, Summary a service id > 0 only, Log a service and a sync id > 0 and a line >= 0, Compare
// a service and two different sync ids > 0); its formatted text is canonical (only
// "/services/<id>/syncs/<id>?line=<n>" or "…/syncs/<id>/compare/<id>" characters, parsed back
// to the same route, formatted again the same); and every well-formed route with ids anywhere in
// 1..INT64_MAX (the decoders hold any int64 id) comes back from parseRoute(formatRoute(r)) as r.
#include <fuzzer/FuzzedDataProvider.h>

#include <limits>

#include "core/routes.h"
#include "fuzz_common.h"

namespace {

void checkWellFormed(const core::Route& r) {
    switch (r.view) {
        case core::View::Login: FUZZ_CHECK(!"parseRoute gave Login"); break;
        case core::View::Services:
            FUZZ_CHECK(r.serviceId == 0 && r.syncId == 0 && r.line == 0 && r.compareId == 0);
            break;
        case core::View::Summary:
            FUZZ_CHECK(r.serviceId > 0 && r.syncId == 0 && r.line == 0 && r.compareId == 0);
            break;
        case core::View::Log:
            FUZZ_CHECK(r.serviceId > 0 && r.syncId > 0 && r.line >= 0 && r.compareId == 0);
            break;
        case core::View::Compare:  // issue 18: run a compared with another run b
            FUZZ_CHECK(r.serviceId > 0 && r.syncId > 0 && r.compareId > 0 &&
                       r.compareId != r.syncId && r.line == 0);
            break;
    }
}

void checkCanonical(const core::Route& r) {
    const std::string text = core::formatRoute(r);
    FUZZ_CHECK(text.rfind("/services", 0) == 0);
    for (char c : text)
        FUZZ_CHECK((c >= '0' && c <= '9') ||
                   std::string("/servicynompar?l=").find(c) != std::string::npos);
    const core::Route back = core::parseRoute(text);
    FUZZ_CHECK(back == r);
    FUZZ_CHECK(core::formatRoute(back) == text);
}

int64_t pickId(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
        case 0: return in.ConsumeIntegralInRange<int64_t>(1, 1000);
        case 1:
            return in.PickValueInArray<int64_t>(
                {1, 9, 10, 999999999999999, 1000000000000000, 9007199254740991, 9007199254740993,
                 std::numeric_limits<int64_t>::max() - 1, std::numeric_limits<int64_t>::max()});
        default: return in.ConsumeIntegralInRange<int64_t>(1, std::numeric_limits<int64_t>::max());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fuzz::input(data, size);

    // The text as a hash (after '#'), and as what a link with a '#' left in would hand over.
    for (const std::string& hash : {text, "#" + text}) {
        const core::Route r = core::parseRoute(hash);
        checkWellFormed(r);
        checkCanonical(r);
    }

    // A well-formed route built from the same bytes (integers come from the end of the input).
    FuzzedDataProvider in(data, size);
    core::Route r;
    r.view = in.PickValueInArray(
        {core::View::Services, core::View::Summary, core::View::Log, core::View::Compare});
    if (r.view != core::View::Services) r.serviceId = pickId(in);
    if (r.view == core::View::Log) {
        r.syncId = pickId(in);
        r.line = in.ConsumeBool() ? 0 : pickId(in);
    }
    if (r.view == core::View::Compare) {
        r.syncId = pickId(in);
        r.compareId = pickId(in);
        if (r.compareId == r.syncId) r.compareId = r.syncId == 1 ? 2 : r.syncId - 1;
    }
    checkWellFormed(r);
    checkCanonical(r);
    // Login is a state, not a place: it is written as the services list.
    core::Route login = r;
    login.view = core::View::Login;
    FUZZ_CHECK(core::formatRoute(login) == "/services");
    return 0;
}
