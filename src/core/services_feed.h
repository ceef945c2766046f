// core/services_feed.h — the services list: every page of it, filtered and sorted as the list
// shows it (state.services, visibleServices, servicesFacets; docs/architecture.md). Loaded when a
// token is checked (the services list is its first request) and on a reload, and refreshed by
// the scheduler every kServicesRefreshMs while the list is on screen (key {Services, 0}, within
// the budget; a failed refresh keeps the rows and says so in the banner).
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

    // The list's own refresh (issue 16): slower than the live views', it changes slowly.
    static constexpr TimeMs kServicesRefreshMs = 30000;
    static constexpr ResourceKey kKey{ResourceKey::Kind::Services, 0};

    void watchKeys(const Route& route, std::vector<Watch>& keys) override;
    bool dispatch(const ResourceKey& key, TimeMs now) override;
    void reset() override;    // the list, its filters and its error
    void expired() override;  // the list stays for signing in again; a load in flight ends
    std::string staleText(View view) const override;

    // Loads every page from the first into state.services. `signInKey`: the scheduler key whose
    // answers these are (the sign-in whose token this load checks, or kKey; none for a reload):
    // they pass the guard under it. A load replaces one in flight (whose answers are dropped).
    // `noted`:
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

    std::shared_ptr<const Load> current_;  // the load whose pages are awaited
    std::vector<Service> incoming_;        // pages of a load being assembled
    TimeMs lastLoadedAt_ = 0;              // local clock: the last complete list arrived
    std::string error_;                    // the list could not be refreshed: why
};

}  // namespace core
