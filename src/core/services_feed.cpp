// core/services_feed.cpp — see services_feed.h.
#include "core/services_feed.h"

#include "core/app.h"
#include "core/app_internal.h"
#include "core/services_filter.h"

namespace core {
namespace {

constexpr int kServicesPerPage = 100;  // the API's maximum: fewest requests
constexpr int kMaxServicePages = 200;  // a runaway last_page can't loop forever

}  // namespace

void ServicesFeed::reset() {
    AppState& state = host_.state;
    state.services.clear();
    state.visibleServices.clear();
    state.servicesFilter = {};
    state.servicesSort = {};
    state.servicesFacets = {};
    state.servicesLoaded = false;
    lastLoadedAt_ = 0;
    expired();
}

void ServicesFeed::watchKeys(const Route& route, std::vector<Watch>& keys) {
    if (route.view != View::Services) return;
    Watch w{kKey};
    w.intervalMs = kServicesRefreshMs;
    w.lastFetchMs = host_.state.servicesLoaded ? lastLoadedAt_ : 0;
    keys.push_back(w);
}

bool ServicesFeed::dispatch(const ResourceKey& key, TimeMs) {
    if (key != kKey) return false;
    if (host_.state.servicesLoading) return false;  // a sign-in or a reload is on its way
    const uint64_t session = host_.session;
    load(
        kKey, true, [this, session] { return session == host_.session; },
        [this, session](const ApiError& e) {
            if (!e) return host_.answered(kKey, true);
            host_.scheduler.failed(kKey, host_.now(), failureFrom(e));
            if (e.kind == ErrorKind::Unauthorized) return host_.unauthorizedIn(session, e);
            failed(e);  // the rows stay; the banner says why they are not fresh
            host_.refreshViews();
        });
    return true;
}

void ServicesFeed::expired() {
    stop();
    error_.clear();
}

std::string ServicesFeed::staleText(View view) const {
    return view == View::Services ? error_ : std::string();
}

void ServicesFeed::stop() {
    host_.state.servicesLoading = false;
    incoming_.clear();
    current_.reset();
}

void ServicesFeed::failed(const ApiError& e) {
    error_ = "Could not refresh the services: " + describe(e) +
             (host_.state.servicesLoaded ? ". Showing the last list received." : ".");
}

void ServicesFeed::load(const std::optional<ResourceKey>& signInKey, bool noted,
                        std::function<bool()> wanted, std::function<void(const ApiError&)> done) {
    host_.state.servicesLoading = true;
    incoming_.clear();
    current_ = std::make_shared<const Load>(Load{signInKey, std::move(wanted), std::move(done)});
    requestPage(1, current_, noted);
}

void ServicesFeed::requestPage(int page, std::shared_ptr<const Load> load, bool noted) {
    if (!noted) host_.scheduler.noteRequest(host_.now());
    host_.backend.listServices(
        host_.state.credentials, page, kServicesPerPage,
        [this, page, load](Answer<ServicesPage> a) {
            if (!host_.arrived(a, load->signInKey, load == current_ && load->wanted())) return;
            if (a.error) {
                stop();
                return load->done(a.error);
            }
            for (auto& s : a.value.services) incoming_.push_back(std::move(s));
            const int64_t last = a.value.meta.lastPage;
            if (page < last && page < kMaxServicePages && !a.value.services.empty())
                return requestPage(page + 1, load, false);
            AppState& state = host_.state;
            state.services = std::move(incoming_);
            incoming_.clear();
            current_.reset();
            refilter();
            state.servicesLoaded = true;
            state.servicesLoading = false;
            lastLoadedAt_ = host_.now();
            state.servicesFetchedAt = a.serverTime ? a.serverTime : host_.serverNow(lastLoadedAt_);
            error_.clear();
            load->done(ApiError{});
        });
}

void ServicesFeed::refilter() {
    AppState& state = host_.state;
    ServicesFilter& f = state.servicesFilter;
    ServicesFacets facets = servicesFacets(state.services, f);
    // The group tabs show only when there is more than one group: a group chosen before the list
    // changed must not go on hiding rows without a tab that says so.
    if (f.companyGroup) {
        size_t present = 0;
        bool chosenPresent = false;
        for (const Facet& g : facets.groups) {
            present += g.count > 0;
            chosenPresent |= g.count > 0 && g.value == *f.companyGroup;
        }
        if (present <= 1 || !chosenPresent) {
            f.companyGroup.reset();
            facets = servicesFacets(state.services, f);
        }
    }
    state.servicesFacets = std::move(facets);
    state.visibleServices = filterServices(state.services, f);
    sortServices(state.visibleServices, state.services, state.servicesSort);
}

}  // namespace core
