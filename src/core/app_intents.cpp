// core/app_intents.cpp — App::apply: one frame's intents (core/intents.h), each applied by its
// handler below with one std::visit. A kind without a handler does not compile: std::visit needs
// an operator() for every alternative of Intent.
//
// The order. A frame may ask for several things at once (the summary's "Clear filters" sends a
// search and a status; "Try again" a sign-in while the form's route waits). Whatever order the
// views added them in, they are applied in the order of Intent's alternatives:
//   1. SavePayload, DownloadLog: effects for src/web, decided on the state the frame drew;
//   2. DismissBanner, SignOut, CancelSignIn, then SignIn — or else PasswordLogin, which is not
//      started while another sign-in is being checked: the credentials settle first;
//   3. ServicesFilterSet, ServicesSearch (over that filter), ServicesSortSet: folded into one
//      refilter of the services list;
//   4. Navigate (after the sign-in: signed out, the route waits for the token), Reload;
//   5. SummarySort, SummarySearch, SummaryStatus: folded into one filter of the syncs;
//   6. AutoRefresh, LogFilterSet, Following, RefreshNow, OpenPayload, ClosePayload, Notify, Trace,
//      ComparePicker, OpenComparedSignature (issue 18: after Navigate, so a run picked closes the
//      picker it was picked in);
//   7. then, if AutoRefresh or RefreshNow was asked for, one tick (what they started goes out at
//      once), and always the freshness the views read.
#include <array>
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "core/app.h"
#include "core/sync_filter.h"

namespace core {
namespace {

// Where T is among Intent's alternatives, i.e. in the order above.
template <class T>
constexpr size_t kOrder = kIntentIndex<T>;

static_assert(std::variant_size_v<Intent> == 25,
              "a new intent kind: give it a handler in IntentHandlers, a place in the order at "
              "the top of this file, and a case in tests/unit/app_intents_test.cpp");
static_assert(kOrder<intent::ServicesFilterSet> < kOrder<intent::ServicesSearch> &&
                  kOrder<intent::ServicesSearch> < kOrder<intent::ServicesSortSet> &&
                  kOrder<intent::ServicesSortSet> < kOrder<intent::Navigate>,
              "the services' filters are folded into one refilter, before Navigate");
static_assert(kOrder<intent::SummarySort> + 2 == kOrder<intent::SummaryStatus> &&
                  kOrder<intent::Reload> < kOrder<intent::SummarySort>,
              "the summary's sort, search and status are folded into one filter");

}  // namespace

// The handlers, one per intent; their bodies are what App::apply did for each field before the
// intents became a list. The folded groups (3 and 5 above) are finished before the first intent
// after them, or at the end.
class IntentHandlers {
public:
    explicit IntentHandlers(App& app) : app_(app), s_(app.state_) {}

    void before(const Intent& next) {
        if (next.index() > kOrder<intent::ServicesSortSet>) refilterServices();
        if (next.index() > kOrder<intent::SummaryStatus>) filterSyncs();
    }
    Effects finish() {
        refilterServices();
        filterSyncs();
        if (tick_) app_.tick(app_.now());
        app_.updateFreshness();
        return std::move(effects_);
    }

    // 1. Effects.
    void operator()(const intent::SavePayload&) {
        if (s_.payload.file) effects_.push_back(effect::SavePayload{});
    }
    void operator()(const intent::DownloadLog&) {
        if (s_.log) effects_.push_back(effect::DownloadLog{});
    }

    // 2. Banner and credentials.
    void operator()(const intent::DismissBanner&) {
        app_.dismissedBanner_ = s_.banner.text;
        s_.banner = {};
        app_.changed();
    }
    void operator()(const intent::SignOut&) { app_.signOut("", AuthState::None); }
    void operator()(const intent::CancelSignIn&) { app_.cancelSignIn(); }
    void operator()(const intent::SignIn& in) {
        signedIn_ = true;
        s_.rememberToken = in.remember || in.onDevice;
        s_.rememberOnDevice = in.onDevice;
        app_.signIn(in.credentials);
    }
    void operator()(const intent::PasswordLogin& in) {
        if (signedIn_ || s_.signingIn) return;
        s_.rememberToken = in.remember || in.onDevice;
        s_.rememberOnDevice = in.onDevice;
        app_.passwordLogin(in.login);
    }

    // 3. The services list's filters and sort (folded).
    void operator()(const intent::ServicesFilterSet& in) { servicesFilter_ = in.filter; }
    void operator()(const intent::ServicesSearch& in) {
        if (!servicesFilter_) servicesFilter_ = s_.servicesFilter;
        servicesFilter_->search = in.text;
    }
    void operator()(const intent::ServicesSortSet& in) { servicesSort_ = in.sort; }

    // 4. Where the user is.
    void operator()(const intent::Navigate& in) { app_.enterRoute(in.route); }
    void operator()(const intent::Reload&) {
        if (s_.auth == AuthState::Ok) app_.loadServices();
    }

    // 5. The summary's table (folded).
    void operator()(const intent::SummarySort& in) {
        s_.summary.sort = in.sort;
        refilterSyncs_ = true;
    }
    void operator()(const intent::SummarySearch& in) {
        // Sync ids are digits: "#1000003 " searches as "1000003"; words search the reasons.
        const SyncSearch q = parseSyncSearch(in.text);
        s_.summary.search = q.id;
        s_.summary.searchText = q.text;
        refilterSyncs_ = true;
    }
    void operator()(const intent::SummaryStatus& in) {
        s_.summary.statusFilter = in.status;
        refilterSyncs_ = true;
    }

    // 6. The log and the payload preview.
    void operator()(const intent::AutoRefresh& in) {
        tick_ = true;
        LogState* L = s_.log.get();
        const bool onLog = L && s_.view == View::Log && L->syncId == s_.route.syncId;
        if (!onLog || in.on == L->autoRefresh) return;
        app_.log_.setAutoRefresh(in.on);
        app_.changed();
    }
    void operator()(const intent::LogFilterSet& in) {
        if (LogState* L = s_.log.get()) {
            L->view.setFilter(L->store, in.filter, &L->signatures);
            app_.changed();
        }
    }
    void operator()(const intent::Following& in) {
        LogState* L = s_.log.get();
        if (L && in.on != L->following) {
            L->following = in.on;
            app_.changed();
        }
    }
    void operator()(const intent::RefreshNow&) {
        tick_ = true;
        if (s_.auth != AuthState::Ok) return;
        for (const ResourceKey& k : app_.watched_) app_.scheduler_.refreshNow(k);
        if (s_.view == View::Services) app_.loadServices();
        for (Feature* f : app_.features_) f->refreshNow();
        app_.changed();
    }
    void operator()(const intent::OpenPayload& in) {
        if (s_.auth == AuthState::Ok) app_.payload_.open(in.ref);
    }
    void operator()(const intent::ClosePayload&) {
        app_.payload_.close();
        app_.changed();
    }
    // The bell, on the log shown while its sync runs (a finished one has nothing to tell).
    void operator()(const intent::Notify& in) {
        LogState* L = s_.log.get();
        const bool onLog = L && s_.view == View::Log && L->syncId == s_.route.syncId;
        if (!onLog || in.on == L->notify) return;
        if (in.on && L->status && syncFinished(*L->status, L->sync ? L->sync->finishedAt : 0))
            return;
        L->notify = in.on;
        if (in.on) effects_.push_back(effect::AskNotificationPermission{});
        app_.changed();
    }
    // Issue 19: on the log shown (core/trace_feed.h).
    void operator()(const intent::Trace& in) {
        LogState* L = s_.log.get();
        const bool onLog = L && s_.view == View::Log && L->syncId == s_.route.syncId;
        if (in.op == intent::Trace::Op::Close) return app_.trace_.close();
        if (!onLog || s_.auth != AuthState::Ok) return;
        if (in.op == intent::Trace::Op::Run) app_.trace_.trace(in.value);
        if (in.op == intent::Trace::Op::Compare) app_.trace_.compare();
        if (in.op == intent::Trace::Op::Key) app_.trace_.setKey(in.value);
    }

    // Issue 18 point 1: the comparison's picker, and a compared signature opened in its run's log.
    void operator()(const intent::ComparePicker& in) {
        if (s_.auth != AuthState::Ok) return;
        if (in.open)
            app_.compare_.openPicker(in.serviceId, in.syncId, in.pickDefault);
        else
            app_.compare_.closePicker();
    }
    void operator()(const intent::OpenComparedSignature& in) {
        if (in.syncId <= 0) return;
        s_.compare.wanted = {in.syncId, in.level, in.text};
        Route r;
        r.view = View::Log;
        r.serviceId = in.serviceId;
        r.syncId = in.syncId;
        app_.enterRoute(r);
    }

private:
    void refilterServices() {
        if (!servicesFilter_ && !servicesSort_) return;
        ServicesFilter filter = servicesFilter_ ? std::move(*servicesFilter_) : s_.servicesFilter;
        const bool resort = servicesSort_ && *servicesSort_ != s_.servicesSort;
        if (resort) s_.servicesSort = *servicesSort_;
        servicesFilter_.reset();
        servicesSort_.reset();
        if (filter != s_.servicesFilter || resort) {
            s_.servicesFilter = std::move(filter);
            app_.services_.refilter();
            app_.changed();
        }
    }
    void filterSyncs() {
        if (!refilterSyncs_) return;
        refilterSyncs_ = false;
        app_.summary_.filter();
        app_.changed();
    }

    App& app_;
    AppState& s_;
    Effects effects_;
    bool signedIn_ = false;  // a SignIn was applied: a PasswordLogin of the same frame is not
    std::optional<ServicesFilter> servicesFilter_;
    std::optional<ServicesSort> servicesSort_;
    bool refilterSyncs_ = false;
    bool tick_ = false;  // AutoRefresh or RefreshNow was asked for
};

Effects App::apply(const Intents& intents) {
    // One of each kind (Intents::add keeps the last), taken in the order of the alternatives.
    std::array<const Intent*, std::variant_size_v<Intent>> byKind{};
    for (const Intent& i : intents.items) byKind[i.index()] = &i;
    IntentHandlers handlers(*this);
    for (const Intent* i : byKind) {
        if (!i) continue;
        handlers.before(*i);
        std::visit(handlers, *i);
    }
    return handlers.finish();
}

}  // namespace core
