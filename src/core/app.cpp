// core/app.cpp — see app.h.
#include "core/app.h"

#include <cctype>

#include "core/app_internal.h"
#include "core/services_filter.h"

namespace core {
namespace {

constexpr int kServicesPerPage = 100;  // the API's maximum: fewest requests
constexpr int kMaxServicePages = 200;  // a runaway last_page can't loop forever

std::string trimmed(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

}  // namespace

std::string describe(const ApiError& e) {
    std::string s = e.message.empty() ? std::string(toString(e.kind)) : e.message;
    if (e.status) s += " (HTTP " + std::to_string(e.status) + ")";
    return s;
}

const char* toString(AuthState a) {
    switch (a) {
        case AuthState::None: return "none";
        case AuthState::Ok: return "ok";
        case AuthState::Expired: return "expired";
    }
    return "none";
}

const Service* AppState::findService(int64_t id) const {
    for (const auto& s : services)
        if (s.id == id) return &s;
    return nullptr;
}

App::App(Backend& backend, AppConfig config)
    : backend_(backend),
      scheduler_(RefreshScheduler::Options::fromRefreshSeconds(config.refreshSeconds)) {
    state_.config = std::move(config);
    state_.capabilities = backend_.capabilities();
}

void App::start(const Route& initial, const Credentials& token, bool remembered) {
    state_.route = initial;
    if (!token.empty()) {
        state_.rememberToken = remembered;
        signIn(token);
    } else {
        state_.view = View::Login;
        changed();
    }
}

void App::apply(const Intents& in) {
    if (in.dismissBanner) {
        dismissedBanner_ = state_.banner.text;
        state_.banner = {};
        changed();
    }
    if (in.signOut) signOut("", AuthState::None);
    if (in.signIn) {
        state_.rememberToken = in.remember;
        signIn(*in.signIn);
    } else if (in.passwordLogin && !state_.signingIn) {
        state_.rememberToken = in.remember;
        passwordLogin(*in.passwordLogin);
    }
    ServicesFilter filter = in.servicesFilter ? *in.servicesFilter : state_.servicesFilter;
    if (in.servicesSearch) filter.search = *in.servicesSearch;
    const bool resort = in.servicesSort && *in.servicesSort != state_.servicesSort;
    if (resort) state_.servicesSort = *in.servicesSort;
    if (filter != state_.servicesFilter || resort) {
        state_.servicesFilter = std::move(filter);
        refilterServices();
        changed();
    }
    if (in.navigate) enterRoute(*in.navigate);
    if (in.reload && state_.auth == AuthState::Ok) loadServices();
    applyLiveIntents(in);
}

void App::onRouteChanged(const Route& route) {
    if (route != state_.route) enterRoute(route);
}

void App::enterRoute(const Route& route) {
    state_.route = route;
    if (state_.auth == AuthState::Ok) {
        state_.view = route.view;
        watchRoute();
    }
    composeBanner();
    changed();
}

void App::signIn(const Credentials& creds) {
    if (creds.empty()) {
        state_.loginMessage = "Enter a token or API key to sign in.";
        changed();
        return;
    }
    state_.credentials = creds;
    ++session_;
    state_.signingIn = true;
    state_.loginMessage.clear();
    changed();
    loadServices();
}

void App::passwordLogin(const PasswordLogin& login) {
    if (!state_.capabilities.passwordLogin) {
        state_.loginMessage = "This API has no password sign-in: use an API key.";
        changed();
        return;
    }
    const std::string email = trimmed(login.email);  // the password is taken exactly as typed
    if (email.empty() || login.password.empty()) {
        state_.loginMessage =
            email.empty() ? "Enter your email address and password." : "Enter your password.";
        changed();
        return;
    }
    state_.signingIn = true;
    state_.loginMessage.clear();
    changed();
    const uint64_t generation = ++generation_;
    scheduler_.noteRequest(now());
    backend_.login(email, login.password, [this, generation](Answer<Session> a) {
        if (generation != generation_) return;  // signed out (or in another way) since
        noteServerTime(a.serverTime);
        if (!a.error && a.value.token.empty()) {
            a.error.kind = ErrorKind::BadResponse;
            a.error.message = "the login answer has no token";
        }
        if (a.error) {
            state_.signingIn = false;
            // 401 and 422 carry the API's own words ("These credentials do not match our
            // records."); anything else says what kept the form from reaching the API.
            if (a.error.kind == ErrorKind::Unauthorized || a.error.kind == ErrorKind::BadRequest)
                state_.loginMessage =
                    a.error.message.empty() ? "Wrong email or password." : a.error.message;
            else
                state_.loginMessage = "Could not sign in: " + describe(a.error);
            changed();
            return;
        }
        state_.signingIn = false;  // signIn() starts the token's first request
        signIn(Credentials{std::move(a.value.token), AuthScheme::Bearer});
    });
}

void App::signOut(const std::string& why, AuthState auth) {
    ++generation_;  // answers to the old token are no longer wanted
    ++session_;
    unwatchAll();
    state_.credentials = {};
    state_.rememberToken = false;  // src/web removes the remembered token with it
    state_.auth = auth;
    state_.view = View::Login;
    state_.signingIn = false;
    state_.loginMessage = why;
    state_.servicesLoading = false;
    state_.payload = {};
    if (auth != AuthState::Expired) {
        // Signed out on purpose: nothing of the old session stays in memory. An expired token
        // keeps everything (route, lines, filters), so signing in again carries on where it was.
        state_.services.clear();
        state_.visibleServices.clear();
        state_.servicesFilter = {};
        state_.servicesSort = {};
        state_.servicesFacets = {};
        state_.servicesLoaded = false;
        state_.summary = {};
        state_.log.reset();
        ++summaryGeneration_;
        ++logGeneration_;
    }
    servicesError_.clear();
    state_.banner = {};
    changed();
}

void App::onUnauthorized(const ApiError& e) {
    const bool wasIn = state_.auth == AuthState::Ok;
    std::string why =
        wasIn ? "Your session has expired or the token was revoked" : "The token was refused";
    std::string detail = e.message;
    while (!detail.empty() && (detail.back() == '.' || detail.back() == ' ')) detail.pop_back();
    if (!detail.empty()) why += " (" + detail + ")";
    // After an expiry the view stays kept while the user tries again, even with a wrong token.
    const bool keep = wasIn || state_.auth == AuthState::Expired;
    signOut(why + ". Sign in again.", keep ? AuthState::Expired : AuthState::None);
}

void App::unauthorizedIn(uint64_t session, const ApiError& e) {
    if (session == session_ && state_.auth == AuthState::Ok) onUnauthorized(e);
}

void App::loadServices() {
    if (state_.servicesLoading) return;  // never two loads of one resource at once
    state_.servicesLoading = true;
    incoming_.clear();
    changed();
    requestServicesPage(1, ++generation_);
}

void App::requestServicesPage(int page, uint64_t generation) {
    scheduler_.noteRequest(now());
    backend_.listServices(state_.credentials, page, kServicesPerPage,
                          [this, page, generation](Answer<ServicesPage> a) {
                              onServicesPage(std::move(a), page, generation);
                          });
}

void App::onServicesPage(Answer<ServicesPage> a, int page, uint64_t generation) {
    if (generation != generation_) return;  // stale: signed out or reloaded since
    noteServerTime(a.serverTime);
    if (a.error) {
        state_.servicesLoading = false;
        incoming_.clear();
        if (a.error.kind == ErrorKind::Unauthorized) {
            onUnauthorized(a.error);
            return;
        }
        if (a.error.kind == ErrorKind::RateLimited)
            scheduler_.rateLimited(now(), a.error.retryAfterSeconds);
        state_.signingIn = false;
        if (state_.auth != AuthState::Ok) {
            // Not signed in yet: the login form says why, nothing else is on screen.
            state_.loginMessage = "Could not reach the API: " + describe(a.error);
        } else {
            // Keep what is on screen and say so.
            servicesError_ = "Could not refresh the services: " + describe(a.error) +
                             (state_.servicesLoaded ? ". Showing the last list received." : ".");
            composeBanner();
        }
        changed();
        return;
    }
    for (auto& s : a.value.services) incoming_.push_back(std::move(s));
    const int64_t last = a.value.meta.lastPage;
    if (page < last && page < kMaxServicePages && !a.value.services.empty()) {
        requestServicesPage(page + 1, generation);
        return;
    }
    state_.services = std::move(incoming_);
    incoming_.clear();
    refilterServices();
    state_.servicesLoaded = true;
    state_.servicesLoading = false;
    state_.servicesFetchedAt = a.serverTime;
    servicesError_.clear();
    if (state_.auth != AuthState::Ok) {
        state_.auth = AuthState::Ok;
        state_.signingIn = false;
        state_.view = state_.route.view;
        watchRoute();
    }
    composeBanner();
    changed();
}

void App::refilterServices() {
    ServicesFilter& f = state_.servicesFilter;
    ServicesFacets facets = servicesFacets(state_.services, f);
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
            facets = servicesFacets(state_.services, f);
        }
    }
    state_.servicesFacets = std::move(facets);
    state_.visibleServices = filterServices(state_.services, f);
    sortServices(state_.visibleServices, state_.services, state_.servicesSort);
}

void App::noteServerTime(TimeMs serverTime) {
    if (serverTime > 0 && clock_) state_.serverClockOffsetMs = serverTime - clock_();
}

}  // namespace core
