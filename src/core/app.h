// core/app.h — the one owner of SyncScope's application state.
//
// The views read AppState (const) and return Intents; App::apply turns intents into state changes
// and Backend requests; Backend answers come back through callbacks on the main loop. The App
// itself keeps the config, the route, the view, the sign-in and the session, the services list and
// the scheduler; each kind of data is a feature object (core/feature.h: the services list,
// the summary, the log, the payload) that owns its requests and its slice of AppState. Nothing here
// knows about ImGui or the browser: src/web feeds it the hash route, the clock and the token taken
// from the URL, and reads `state()` to draw, set the title and push history entries.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/backend.h"
#include "core/bell_feed.h"
#include "core/compare_feed.h"
#include "core/config.h"
#include "core/feature.h"
#include "core/filtered_log.h"
#include "core/gap.h"
#include "core/intents.h"
#include "core/log_feed.h"
#include "core/log_store.h"
#include "core/payload_fetch.h"
#include "core/quiet.h"
#include "core/refresh_scheduler.h"
#include "core/routes.h"
#include "core/services_feed.h"
#include "core/services_filter.h"
#include "core/summary_feed.h"
#include "core/sync_sort.h"
#include "core/trace_feed.h"

namespace core {

enum class AuthState { None, Ok, Expired };
const char* toString(AuthState a);  // "none", "ok", "expired"

struct Banner {
    enum class Kind { None, Info, Error } kind = Kind::None;
    std::string text;
};

// How fresh a live resource is: the time of the last good answer and of the next refresh
// (local clock, ms), and the error of the last failed refresh, if any since.
struct Freshness {
    TimeMs lastSuccessAt = 0;  // 0: never
    TimeMs nextRefreshAt = 0;  // 0: none scheduled (paused, stopped, or in flight)
    bool inFlight = false;
    std::string error;  // the last refresh failed: why (what is shown is then stale)
    TimeMs errorAt = 0;
};

// The service summary: the syncs started in the last 24 hours (server clock), newest first, and
// pulled / pushed per hour. Kept while another view is shown, refreshed when shown again.
struct SummaryState {
    int64_t serviceId = 0;
    std::vector<Sync> syncs;
    bool loaded = false;     // a complete list arrived for serviceId
    TimeMs windowStart = 0;  // server clock: syncs started at or after it
    Freshness syncsFreshness;
    // A refresh is scheduled by itself: while the summary is on screen, every refreshSeconds
    // whether or not a sync runs (issue 16: a new run shows without pressing Refresh).
    bool live = false;
    // Server clock: the last complete list of syncs arrived (state().summaryUpdatedAt).
    TimeMs updatedAt = 0;
    std::vector<TransactionBucket> buckets;
    bool bucketsLoaded = false;
    bool bucketsAvailable = true;  // false: the dialect has no transaction counts
    Freshness bucketsFreshness;
    // What the table shows: a search by sync id or by words of the reason (core/sync_filter.h:
    // `search` the digits of an id-like query, `searchText` the query trimmed and lower-cased) and
    // a status filter; `visible` indexes syncs.
    std::string search;
    std::string searchText;
    std::optional<SyncStatus> statusFilter;
    SyncSort sort;
    std::vector<size_t> visible;  // after search and filter, in the sort's order
    // Issue 18: a running sync gone quiet. Each running sync's newest line is asked for once per
    // refresh (scheduler key {SyncTail, id}: one line); the samples (line id, time) taken so far
    // give its rhythm (core::typicalGapFromSamples). `quiet`: the syncs the quiet rule marks, as
    // of the last tick or answer.
    struct Tail {
        std::vector<std::pair<int64_t, TimeMs>> samples;  // oldest first, at most kTailSamples
        Freshness freshness;
    };
    static constexpr size_t kTailSamples = 64;
    std::map<int64_t, Tail> tails;
    std::vector<int64_t> quiet;

    bool anyRunning() const;
    bool isQuiet(int64_t syncId) const;
};

// The sync log: the header (the sync itself), its lines (tail first, older ones filled in behind)
// and the filtered index of them the UI draws (kept for `store`: its setFilter() and update() are
// given it, so LogState holds no pointer into itself).
struct LogState {
    int64_t serviceId = 0;
    int64_t syncId = 0;
    std::optional<Sync> sync;  // the header, once known
    Freshness syncFreshness;
    LogStore store;
    // The warning and error lines grouped into signatures (core/signatures.h), kept by LogFeed
    // before `view` (whose filter may name a signature).
    SignatureIndex signatures;
    FilteredLog view;
    bool tailLoaded = false;           // the first answer arrived (lines are on screen)
    int64_t serverLastId = 0;          // the sync's newest line id, per the last answer
    std::optional<SyncStatus> status;  // the sync's status, per the newest answer that said
    std::string etag;                  // of the last log answer (reference: 304 when nothing new)
    Freshness freshness;               // of the live refresh of new lines
    bool backfilling = false;          // older lines are being fetched
    // The lines reached config.logMemoryLimitMB: older lines are no longer fetched (the newest
    // lines and the live refresh go on).
    bool capped = false;
    std::string backfillError;  // older lines could not be fetched: why (retried)
    bool autoRefresh = true;    // the "Auto-refresh is on / off" button
    bool live = false;          // a refresh is currently scheduled (running and not paused)
    bool following = true;      // the view sticks to the tail (set by the UI)
    uint64_t requests = 0;      // requests made for this log (for tests and figures)
    // Issue 18: the quiet mark (core/quiet.h) as of the last tick or answer, null while the sync
    // writes as usual; from the newest line held (lastLineAt, server clock) and the median gap
    // between the lines held (typicalGapMs, computed again when the store changes: gapsOf).
    std::optional<QuietMark> quiet;
    TimeMs lastLineAt = 0;
    TimeMs typicalGapMs = 0;
    uint64_t gapsOf = ~uint64_t{0};
    // "Tell me when it finishes" (the bell, issue 18 point 3): on, and the sync was seen running
    // (AppState::finished is told when it then finishes).
    bool notify = false;
    bool seenRunning = false;
    // The gap between pulled and pushed explained from the signatures (core/gap.h; updateGap).
    GapTracker gap;

    // Every line from 1 to the newest line known is held.
    bool complete() const { return tailLoaded && (store.empty() || store.firstId() <= 1); }
};

// Issue 18 point 1: run a compared with run b (View::Compare; core/compare_feed.h). Both logs are
// read fully into their own LogState; kept while a comparison or either run's log is shown,
// dropped when the route leaves them.
struct CompareState {
    int64_t serviceId = 0;
    std::unique_ptr<LogState> a;  // the run looked at (route.syncId)
    std::unique_ptr<LogState> b;  // the run compared with (route.compareId)
    SignatureComparison model;
    // The picker of "Compare with…": the runs of the service's last 24 h (newest first).
    struct Picker {
        bool open = false;
        int64_t serviceId = 0;
        int64_t syncId = 0;        // run a
        bool pickDefault = false;  // go to the default run when the list arrives, if any
        bool loading = false;
        std::vector<Sync> runs;
        std::string error;
    } picker;
    // A compared signature clicked: the log of `syncId` opens filtered to the signature of that
    // level and text once that log has grouped it (its own ids follow its own order).
    struct Wanted {
        int64_t syncId = 0;  // 0: none
        LogLevel level = LogLevel::Warning;
        std::string text;
    } wanted;
};

// The payload preview: one file fetched with an authenticated GET, kept in memory to show and
// to save.
struct PayloadState {
    PayloadRef ref;  // what was clicked (id always set)
    bool open = false;
    bool loading = false;
    std::optional<PayloadFile> file;
    ApiError error;         // Gone (410): expired; NotFound; or any other failure
    std::string errorText;  // what the preview says
};

// A token's first request failed with a 5xx, a 429, a timeout or a dropped connection, which says
// nothing about the token: it is kept and tried again by the refresh scheduler's rules ("Signing
// in… retrying in N s" instead of the form; no syncscope:auth-required to a portal meanwhile).
struct SignInRetryState {
    int failures = 0;    // tries failed in a row (0: none, nothing is being retried)
    TimeMs retryAt = 0;  // local clock: the next try; 0 while a try is in flight
    std::string error;   // the last failure, for people ("the API failed (HTTP 503)")
};

// A sync the user asked to be told about (the log's bell) finished: src/web shows a notification
// and the page title, and tells a portal (syncscope:sync-finished). `serial` grows each time.
struct FinishedNotice {
    uint64_t serial = 0;  // 0: none yet
    int64_t syncId = 0;
    int64_t serviceId = 0;
    SyncStatus status = SyncStatus::Success;
    std::string statusSent;  // Unknown: as the server sent it
};

// A bell ("Tell me when it finishes") on a sync whose log is not shown (core/bell_feed.h): its
// header is asked for every refreshSeconds until it finishes.
struct Bell {
    int64_t serviceId = 0;
    bool seenRunning = false;  // told only of a sync seen running
    Freshness freshness;
};

struct AppState {
    AppConfig config;
    Route route;              // where the user is (or wants to be, while signed out)
    View view = View::Login;  // what is drawn: Login until a token is accepted
    AuthState auth = AuthState::None;
    Credentials credentials;
    std::string loginMessage;  // why the login form is showing (e.g. token refused)
    // A token or password was submitted and is being checked: its answer is in flight, or a try
    // failed in a way that says nothing about the token and another is due (signInRetry).
    bool signingIn = false;
    SignInRetryState signInRetry;
    // The sign-in's answer was a 404, or not the JSON asked for (an HTML page): the API base URL
    // (config.json) is wrong, not the token. Retries stopped; no token is asked of a portal.
    bool apiBaseLooksWrong = false;
    // "Remember me" was ticked for the credentials held: src/web keeps them in this tab's
    // sessionStorage while signed in (tokenStorageFor in remembered_token.h says when).
    bool rememberToken = false;
    // … and "Remember on this device" was ticked: in localStorage instead, kept across tabs and
    // browser restarts until sign-out or a 401 (only read while rememberToken is true).
    bool rememberOnDevice = false;
    // Tokens refused before sending (core/token_check.h): the embed protocol tells a portal
    // `reason: "invalid-token"` when this grows.
    uint64_t tokensRefused = 0;

    std::vector<Service> services;
    bool servicesLoaded = false;          // at least one complete list arrived
    bool servicesLoading = false;         // a request is in flight
    ServicesFilter servicesFilter;        // search, status, source system / entity, group tab
    ServicesSort servicesSort;            // the column the list is sorted by
    ServicesFacets servicesFacets;        // what the filters offer (values present, counted)
    std::vector<size_t> visibleServices;  // indexes into services: filtered and sorted, as shown
    TimeMs servicesFetchedAt = 0;         // server clock of the last good answer

    SummaryState summary;
    std::unique_ptr<LogState> log;  // null until a log is opened (LogState is not movable)
    // The gaps explained of the last logs read, by sync id: the summary's tooltips (core/gap.h).
    GapNotes gapNotes;
    PayloadState payload;
    TraceState trace;      // issue 19: a record traced, pull against push (core/trace_feed.h)
    CompareState compare;  // issue 18: two runs compared
    FinishedNotice finished;
    // Bells handed over by logs no longer shown (core/bell_feed.h), by sync id.
    std::map<int64_t, Bell> bells;
    BackendCapabilities capabilities;

    Banner banner;
    // Shown above every view while it is set: the API is reached over plain http to another
    // machine (core::insecureApiWarning); set by src/web at start.
    std::string apiWarning;
    TimeMs serverClockOffsetMs = 0;  // server Date minus the local clock, from the last answer
    uint64_t revision = 0;           // bumped on every change: the web layer redraws on it

    const Service* findService(int64_t id) const;
};

class App final : private FeatureOwner {
public:
    App(Backend& backend, AppConfig config);
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    const AppState& state() const { return state_; }

    // At start: the route from the URL hash, and a token if there was one: from `#token=`, or
    // the one remembered in this tab (`remembered`: it stays remembered while it works), or on
    // this device (`onDevice`, with `remembered`: it stays in localStorage while it works).
    void start(const Route& initial, const Credentials& token, bool remembered = false,
               bool onDevice = false);
    // Applies one frame's intents (core/app_intents.cpp); what only src/web can do comes back.
    Effects apply(const Intents& intents);
    // The browser's back/forward or a shared link changed the hash.
    void onRouteChanged(const Route& route);
    // The server's clock now, given the local one (for "… ago" and the 24-hour window).
    TimeMs serverNow(TimeMs localNow) const { return localNow + state_.serverClockOffsetMs; }
    // The warning shown above every view (see AppState::apiWarning).
    void setApiWarning(std::string text) {
        state_.apiWarning = std::move(text);
        changed();
    }
    // Seeds the retry jitter (src/web: from the browser's crypto, so that clients that failed
    // together do not retry in lockstep). Unit tests keep RefreshScheduler's fixed seed.
    void seedRetryJitter(uint64_t seed) { scheduler_.reseed(seed); }
    // Injected by src/web (tests pass a fixed clock): the local wall clock in ms.
    void setClock(TimeMs (*clock)()) { host_.clock = clock; }

    // The first screen first (issue 20): older lines of a log are asked for only once a frame
    // drew its first lines (linesDrawn, told by src/web) or half a second after they arrived
    // (core::LogReader::setFirstScreenHold). Off unless turned on: tests without frames.
    void setFirstScreenHold(bool on) { log_.setFirstScreenHold(on); }
    void linesDrawn(int64_t syncId) {
        if (state_.log && state_.log->syncId == syncId) log_.linesDrawn(now());
    }

    // The main loop's heartbeat: issues the refreshes that are due and the next older page of a
    // big log. Cheap when nothing is due. `now` is the local clock.
    void tick(TimeMs now);
    // When tick() next has something to do (local clock); nullopt: nothing scheduled (answers
    // in flight arrive by callback and wake the loop themselves).
    std::optional<TimeMs> nextWakeMs(TimeMs now) const;
    // The page became visible again: refresh what is live at once.
    void onVisible(TimeMs now);
    const RefreshScheduler& scheduler() const { return scheduler_; }
    // Download of a payload the preview holds only the start of (PayloadFile::capped): the GET
    // for its whole file, which src/web makes itself and saves without the bytes entering wasm
    // memory. nullopt when no capped payload is open (then Download saves the bytes held).
    std::optional<HttpGet> payloadDownload() const;

private:
    friend class IntentHandlers;  // App::apply's handlers, one per intent (app_intents.cpp)

    void signIn(const Credentials& creds);
    void refuseToken(const std::string& why);  // a token that must not be sent
    void passwordLogin(const PasswordLogin& login);
    void signOut(const std::string& why, AuthState auth);
    void loadServices();
    // Sign-in: the token's first request (the services list) is a scheduler key of its own, so
    // that its retries follow the refresh rules (backoff, Retry-After, 429 hold, budget).
    void requestSignIn();
    void signInFailed(const ApiError& e);
    void stopSignInRetries();
    void cancelSignIn();
    // Loads the services list (ServicesFeed) for the sign-in `signInKey` (none: a reload);
    // `noted`: the first request was already counted (the scheduler's started()).
    void requestServices(const std::optional<ResourceKey>& signInKey, bool noted);
    // The list arrived whole (no error), or a page failed.
    void onServices(const std::optional<ResourceKey>& signInKey, const ApiError& e);
    void enterRoute(const Route& route);
    void changed() { ++state_.revision; }
    TimeMs now() const { return host_.now(); }
    void onUnauthorized(const ApiError& e);

    // Live data (app_live.cpp): the features' keys, ticks and freshness.
    void watchRoute();  // watch the keys of the route shown, unwatch the others
    void unwatchAll();
    void dispatch(const ResourceKey& key, TimeMs now);
    void updateFreshness();

    // FeatureOwner: what the App does for its features.
    void refreshViews() override;
    void composeBanner() override;
    void rewatch() override { watchRoute(); }
    void navigate(const Route& route) override { enterRoute(route); }
    // A 401 to a request sent in `session`: signs out (keeping the view) only if that session is
    // still the one in use — a late 401 for a token already found expired, or one sent before
    // signing in again, changes nothing.
    void unauthorizedIn(uint64_t session, const ApiError& e) override;

    Backend& backend_;
    AppState state_;
    RefreshScheduler scheduler_;
    FeatureHost host_{backend_, state_, scheduler_, *this};  // what the features share
    ServicesFeed services_{host_};
    SummaryFeed summary_{host_};
    BellFeed bells_{host_};  // before log_: it hands over the bell of a log left (bell_feed.h)
    LogFeed log_{host_};
    PayloadFetch payload_{host_};
    TraceFeed trace_{host_};
    CompareFeed compare_{host_};
    // Every feature, in the order their keys are watched and dispatched: a new feature is a new
    // member above and an entry here.
    const std::vector<Feature*> features_{&services_, &summary_, &bells_,  &log_,
                                          &payload_,  &trace_,   &compare_};
    uint64_t generation_ = 0;               // answers from an older generation are dropped
    std::optional<ResourceKey> signInKey_;  // the scheduler key of the sign-in under way
    std::string dismissedBanner_;           // the banner text the user closed (not shown again)
    std::vector<ResourceKey> watched_;      // the scheduler keys of the route shown
};

}  // namespace core
