// core/payload_fetch.h — the payload preview: one file fetched with an authenticated GET, kept in
// memory to show and to save (state.payload; docs/architecture.md).
#pragma once

#include <optional>
#include <vector>

#include "core/feature.h"

namespace core {

class PayloadFetch final : public Feature {
public:
    using Feature::Feature;

    // Not refreshed: no keys of the scheduler (the request counts against its budget).
    void watchKeys(const Route&, std::vector<Watch>&) override {}
    bool dispatch(const ResourceKey&, TimeMs) override { return false; }
    // Signed out (on purpose or not): the preview closes, and an answer still in flight is
    // dropped (the sign-out wipe covers the payload's bytes too: docs/reliability.md).
    void reset() override;
    void expired() override { reset(); }

    void open(const PayloadRef& ref);
    void close();  // the answer in flight, if any, is dropped
    // See App::payloadDownload().
    std::optional<HttpGet> download() const;

private:
    uint64_t generation_ = 0;  // answers for a payload closed (or another opened) are dropped
};

}  // namespace core
