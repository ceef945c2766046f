// core/feature.h — the App's features and what they share (docs/architecture.md).
//
// A feature is one kind of data the views show (the services list, the summary, a sync's log, a
// payload): it owns its requests, the answers' handling and its slice of AppState. The App holds
// a list of them and, for each, does the same few things: the route changed (watchKeys), a key of
// the scheduler is due (dispatch), time passed (pump, nextWakeMs), the data's freshness and the
// banner need recomputing, the user signed out (reset, expired). A new feature is one object
// added to that list.
//
// Every answer passes the one guard below (FeatureHost::guardAnswer, or arrived() for answers
// that handle their own failures): the server's clock is noted, an answer to a view left since is
// dropped, a 401 signs out, any other failure is recorded on the resource's Freshness.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/backend.h"
#include "core/refresh_scheduler.h"
#include "core/resource_key.h"
#include "core/routes.h"

namespace core {

struct AppState;   // core/app.h
struct Freshness;  // core/app.h
struct LogState;   // core/app.h

// What the App itself does for its features.
class FeatureOwner {
public:
    // An answer changed what the views read: the freshness, the banner, the revision.
    virtual void refreshViews() = 0;
    virtual void composeBanner() = 0;
    // The keys a feature wants changed without the route changing (the summary's running syncs).
    virtual void rewatch() = 0;
    // Go to `route` as if the user had (the comparison's default run, found once listed).
    virtual void navigate(const Route& /*route*/) {}
    // A 401 to a request sent in `session`: signs out (keeping the view) only if that session is
    // still the one in use and signed in.
    virtual void unauthorizedIn(uint64_t session, const ApiError& e) = 0;

protected:
    ~FeatureOwner() = default;
};

// What the App lends its features: the backend, the state, the scheduler, the session and the
// clock, and the guard every answer passes.
class FeatureHost {
public:
    FeatureHost(Backend& backend, AppState& state, RefreshScheduler& scheduler, FeatureOwner& owner)
        : backend(backend), state(state), scheduler(scheduler), owner_(owner) {}
    FeatureHost(const FeatureHost&) = delete;
    FeatureHost& operator=(const FeatureHost&) = delete;

    Backend& backend;
    AppState& state;
    RefreshScheduler& scheduler;
    uint64_t session = 0;         // bumped whenever the credentials change (sign in, sign out)
    TimeMs (*clock)() = nullptr;  // the local wall clock (src/web; tests pass a fixed one)
    TimeMs lastTickMs = 0;        // without a clock: the time of the last tick

    TimeMs now() const { return clock ? clock() : lastTickMs; }
    TimeMs serverNow(TimeMs localNow) const;
    void changed();
    void noteServerTime(TimeMs serverTime);
    void refreshViews() { owner_.refreshViews(); }
    void composeBanner() { owner_.composeBanner(); }
    void rewatch() { owner_.rewatch(); }
    void navigate(const Route& route) { owner_.navigate(route); }
    void unauthorizedIn(uint64_t sentIn, const ApiError& e) { owner_.unauthorizedIn(sentIn, e); }

    // The first half of the guard, for every answer: notes the server's clock and counts the
    // dialect's follow-up requests against the budget; then, when the answer is not `wanted` any
    // more (its view was left, or it was asked for an older generation), drops it — the key's
    // flight ends (none: not a scheduled request) and a 429 still holds every request (the limit
    // is the token's, whichever view asked) — and returns false.
    template <class T>
    bool arrived(const Answer<T>& a, const std::optional<ResourceKey>& key, bool wanted) {
        return arrived(a.serverTime, a.followUps, a.error, key, wanted);
    }
    // The whole guard, for an answer to a scheduled key whose failures show on `freshness` (null:
    // the answer is not wanted any more). After arrived(): a failure tells the scheduler (which
    // backs off), and then a 401 signs out (see FeatureOwner::unauthorizedIn) while any other is
    // recorded on the freshness for the banner. A good answer goes to onOk(value), which takes the
    // data and ends with answered() (or tells the scheduler itself).
    template <class T, class OnOk>
    void guardAnswer(Answer<T>& a, const ResourceKey& key, uint64_t sentIn, Freshness* freshness,
                     OnOk&& onOk) {
        if (!arrived(a, key, freshness != nullptr)) return;
        if (a.error) return failed(key, a.error, *freshness, sentIn);
        std::forward<OnOk>(onOk)(a.value);
    }
    // A good answer for a scheduled key: tells the scheduler, refreshes what the views read.
    void answered(const ResourceKey& key, bool stillLive);

private:
    bool arrived(TimeMs serverTime, int followUps, const ApiError& e,
                 const std::optional<ResourceKey>& key, bool wanted);
    void failed(const ResourceKey& key, const ApiError& e, Freshness& freshness, uint64_t sentIn);

    FeatureOwner& owner_;
};

// One feature of the App (see the top of this file). Features live as long as the App.
class Feature {
public:
    // A scheduler key a feature wants for the route shown; paused: its refresh starts paused.
    struct Watch {
        ResourceKey key;
        bool paused = false;
        // The key's own cadence (RefreshScheduler::setCadence; 0: refreshSeconds), and when its
        // data was last fetched outside the schedule (0: never; it is then due at once).
        TimeMs intervalMs = 0;
        TimeMs lastFetchMs = 0;
        // Fetched once (RefreshScheduler::Mode::Once: retried on 5xx, network errors and
        // timeouts, held by a 429, then stopped) instead of refreshed.
        bool once = false;
    };

    virtual ~Feature() = default;
    // The route shown (signed in): get ready for it (a new resource starts empty) and add the
    // scheduler keys it needs to `keys`.
    virtual void watchKeys(const Route& route, std::vector<Watch>& keys) = 0;
    // A scheduler key is due: if it is this feature's (and still the route's), request it and
    // return true.
    virtual bool dispatch(const ResourceKey& key, TimeMs now) = 0;
    // Signed out on purpose: nothing of the session stays (answers in flight are dropped).
    virtual void reset() = 0;
    // Signed out because the token expired: what is on screen stays for signing in again.
    virtual void expired() {}
    // Copies the scheduler's view of the feature's keys into its Freshness for the views.
    virtual void updateFreshness(TimeMs /*now*/) {}
    // Why `view`'s data is stale, for the banner ("" when it is not, or not this feature's view).
    virtual std::string staleText(View /*view*/) const { return {}; }
    // Requests outside the schedule that are due (older log pages), and when next (nullopt:
    // none; answers in flight wake the loop themselves).
    virtual void pump(TimeMs /*now*/) {}
    virtual std::optional<TimeMs> nextWakeMs(TimeMs /*now*/) const { return std::nullopt; }
    // The user asked to refresh now: anything waiting after a failure goes at once.
    virtual void refreshNow() {}

    // (public, so that a feature can inherit it: `using Feature::Feature;`)
    explicit Feature(FeatureHost& host) : host_(host) {}

protected:
    Feature(const Feature&) = delete;
    Feature& operator=(const Feature&) = delete;

    FeatureHost& host_;
};

// The scheduler's view of `key` (last success, next refresh, in flight) for the views.
void fillFreshness(const RefreshScheduler& scheduler, const ResourceKey& key, TimeMs now,
                   Freshness& f);

// The banner's words for data that could not be refreshed: "Could not refresh the log: … .
// Showing the lines as of 12:03:05 UTC." ("" when `f` has no error).
std::string staleText(const char* what, const Freshness& f, const char* showing,
                      TimeMs serverClockOffsetMs);

}  // namespace core
