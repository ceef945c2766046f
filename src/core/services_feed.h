// core/services_feed.h — the services list: every page of it, filtered and sorted as the list
// shows it (state.services, visibleServices, servicesFacets; docs/architecture.md). Loaded when a
// token is checked (the services list is its first request) and on a reload; the scheduler does
// not refresh it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/feature.h"

namespace core {

class ServicesFeed final : public Feature {
public:
    using Feature::Feature;

    void watchKeys(const Route&, std::vector<Watch>&) override {}
    bool dispatch(const ResourceKey&, TimeMs) override { return false; }
    void reset() override;    // the list, its filters and its error
    void expired() override;  // the list stays for signing in again; a load in flight ends
    std::string staleText(View view) const override;

    // Loads every page from the first into state.services. `signInKey`: the sign-in whose token
    // this load checks (its answers pass the guard under that key; none for a reload); `noted`:
    // the first request was counted already (the scheduler's started()); `wanted` says, as each
    // answer arrives, whether the load is still wanted (else it is dropped); `done(error)` when
    // the whole list is in (no error) or a page failed.
    void load(const std::optional<ResourceKey>& signInKey, bool noted, std::function<bool()> wanted,
              std::function<void(const ApiError&)> done);
    void stop();  // a load in flight is no longer awaited (its answer will not be wanted)
    // visibleServices and facets, after the services or the filters changed.
    void refilter();
    // Why the list shown could not be refreshed (the banner over the list): a failed load…
    void failed(const ApiError& e);
    // …or another token that could not sign in while this one works.
    void setError(std::string text) { error_ = std::move(text); }

private:
    struct Load {
        std::optional<ResourceKey> signInKey;
        std::function<bool()> wanted;
        std::function<void(const ApiError&)> done;
    };
    void requestPage(int page, std::shared_ptr<const Load> load, bool noted);

    std::vector<Service> incoming_;  // pages of a load being assembled
    std::string error_;              // the list could not be refreshed: why
};

}  // namespace core
