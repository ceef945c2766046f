// core/app.cpp — see app.h.
#include "core/app.h"

#include <algorithm>
#include <cctype>

#include "core/app_internal.h"
#include "core/services_filter.h"
#include "core/token_check.h"

namespace core {
namespace {

// While nothing is on screen yet (signing in, a view's first load) the user waits: retries back
// off 1, 2, 4 s and then stay at about 4 s instead of growing to 30 s (refresh_scheduler.h).
constexpr TimeMs kBackoffMaxBeforeDataMs = 4000;

RefreshScheduler::Options schedulerOptions(int refreshSeconds) {
    RefreshScheduler::Options o = RefreshScheduler::Options::fromRefreshSeconds(refreshSeconds);
    o.backoffMaxBeforeDataMs = kBackoffMaxBeforeDataMs;
    return o;
}

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
    : backend_(backend), scheduler_(schedulerOptions(config.refreshSeconds)) {
    state_.config = std::move(config);
    state_.capabilities = backend_.capabilities();
}

void App::start(const Route& initial, const Credentials& token, bool remembered, bool onDevice) {
    state_.route = initial;
    if (!token.empty()) {
        state_.rememberToken = remembered;
        state_.rememberOnDevice = remembered && onDevice;
        signIn(token);
    } else {
        state_.view = View::Login;
        changed();
    }
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

void App::signIn(const Credentials& given) {
    // Every token passes here (link, form, remembered, portal, POST /login's answer): trimmed,
    // and refused before anything is sent if it holds a character a header cannot carry.
    CleanedToken cleaned = cleanToken(given.token);
    if (!cleaned.ok()) {
        refuseToken(cleaned.error);
        return;
    }
    const Credentials creds{std::move(cleaned.token), given.scheme};
    if (creds.empty()) {
        state_.loginMessage = "Enter a token or API key to sign in.";
        changed();
        return;
    }
    state_.credentials = creds;
    ++host_.session;
    ++generation_;  // an answer still in flight for other credentials is not this token's
    state_.signingIn = true;
    state_.loginMessage.clear();
    stopSignInRetries();  // a sign-in still under way (another token) is dropped
    state_.apiBaseLooksWrong = false;
    signInKey_ = ResourceKey{ResourceKey::Kind::SignIn, static_cast<int64_t>(host_.session)};
    scheduler_.watch(*signInKey_, RefreshScheduler::Mode::Once);
    changed();
    tick(now());  // sent at once, unless a 429's wait or the request budget says later
}

void App::requestSignIn() {
    state_.signInRetry.retryAt = 0;  // in flight
    requestServices(signInKey_, true);
}

void App::signInFailed(const ApiError& e) {
    const Failure failure = failureFrom(e);
    scheduler_.failed(*signInKey_, now(), failure);
    if (failure.kind != FailureKind::Other) {
        // A 5xx, a 429, a timeout or a dropped connection says nothing about the token: keep it
        // and try again when the scheduler says (backoff, Retry-After, a 429's hold).
        SignInRetryState& r = state_.signInRetry;
        ++r.failures;
        r.error = describe(e);
        const std::optional<TimeMs> due = scheduler_.nextDueMs(*signInKey_);
        r.retryAt = std::max(due && *due != RefreshScheduler::kImmediately ? *due : now(),
                             scheduler_.heldUntilMs());
        changed();
        return;
    }
    stopSignInRetries();
    switch (e.kind) {
        case ErrorKind::Unauthorized: onUnauthorized(e); return;
        case ErrorKind::Forbidden: {
            // The API knows the token and will not let it in: another token is needed.
            std::string why = "This token is not allowed to use the API";
            std::string detail = e.message;
            while (!detail.empty() && (detail.back() == '.' || detail.back() == ' '))
                detail.pop_back();
            why += " (" + (detail.empty() ? std::string("forbidden") : detail) + ", HTTP 403)";
            const bool keep = state_.auth == AuthState::Ok || state_.auth == AuthState::Expired;
            signOut(why + ". Sign in with another token.",
                    keep ? AuthState::Expired : AuthState::None);
            return;
        }
        case ErrorKind::NotFound:
        case ErrorKind::BadResponse:
            // Not the token's fault, nor a passing fault: the address is not the API's.
            state_.apiBaseLooksWrong = true;
            state_.loginMessage = "The API base URL looks wrong: " + state_.config.apiBaseUrl +
                                  " answered: " + describe(e) +
                                  ". Check apiBaseUrl and dialect in config.json.";
            break;
        default: state_.loginMessage = "Could not sign in: " + describe(e) + "."; break;
    }
    state_.signingIn = false;
    if (state_.auth == AuthState::Ok) {
        // A new token was being checked while the old one worked: say so over the view.
        services_.setError(state_.loginMessage);
        composeBanner();
    }
    changed();
}

void App::stopSignInRetries() {
    if (signInKey_) scheduler_.unwatch(*signInKey_);  // an answer in flight is dropped
    signInKey_.reset();
    state_.signInRetry = {};
}

void App::cancelSignIn() {
    if (!state_.signingIn || !signInKey_) return;  // (a password's POST: not retried)
    ++generation_;                                 // the answer in flight, if any, is not wanted
    const SignInRetryState tried = state_.signInRetry;
    stopSignInRetries();
    state_.signingIn = false;
    services_.stop();
    state_.loginMessage = tried.failures == 0
                              ? "Signing in was stopped."
                              : "Signing in was stopped after " + std::to_string(tried.failures) +
                                    (tried.failures == 1 ? " failed try" : " failed tries") +
                                    " (the last: " + tried.error +
                                    "). The token was not refused: try again, or use another.";
    changed();
}

void App::refuseToken(const std::string& why) {
    ++state_.tokensRefused;
    // Signed in (a portal sent a bad token): the session in use goes on; the portal is told.
    if (state_.auth != AuthState::Ok) {
        state_.view = View::Login;
        state_.signingIn = false;
        state_.loginMessage = why;
        if (state_.credentials.empty()) state_.rememberToken = state_.rememberOnDevice = false;
    }
    changed();
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
        host_.noteServerTime(a.serverTime);
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
    ++host_.session;
    unwatchAll();
    state_.credentials = {};
    state_.rememberToken = false;  // src/web removes the remembered token with it (both places)
    state_.rememberOnDevice = false;
    state_.auth = auth;
    state_.view = View::Login;
    state_.signingIn = false;
    stopSignInRetries();
    state_.apiBaseLooksWrong = false;
    state_.loginMessage = why;
    // Signed out on purpose: nothing of the old session stays in memory. An expired token keeps
    // everything (route, lines, filters), so signing in again carries on where it was.
    for (Feature* f : features_) {
        if (auth == AuthState::Expired) {
            f->expired();
        } else {
            f->reset();
        }
    }
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
    if (session == host_.session && state_.auth == AuthState::Ok) onUnauthorized(e);
}

void App::loadServices() {
    if (state_.servicesLoading) return;  // never two loads of one resource at once
    changed();
    requestServices(std::nullopt, false);
}

void App::requestServices(const std::optional<ResourceKey>& signInKey, bool noted) {
    // An answer is stale once signed out, cancelled, another token or reloaded since.
    const uint64_t generation = ++generation_;
    services_.load(
        signInKey, noted,
        [this, generation, signInKey] {
            return generation == generation_ && (!signInKey || signInKey == signInKey_);
        },
        [this, signInKey](const ApiError& e) { onServices(signInKey, e); });
}

void App::onServices(const std::optional<ResourceKey>& signInKey, const ApiError& e) {
    if (e) {
        if (signInKey) return signInFailed(e);
        if (e.kind == ErrorKind::Unauthorized) return onUnauthorized(e);
        if (e.kind == ErrorKind::RateLimited) scheduler_.rateLimited(now(), e.retryAfterSeconds);
        state_.signingIn = false;
        if (state_.auth != AuthState::Ok) {
            // Not signed in yet: the login form says why, nothing else is on screen.
            state_.loginMessage = "Could not reach the API: " + describe(e);
        } else {
            services_.failed(e);  // keep what is on screen and say so
            composeBanner();
        }
        changed();
        return;
    }
    if (signInKey) {
        scheduler_.succeeded(*signInKey, now(), false);
        stopSignInRetries();
        state_.signingIn = false;
    }
    if (state_.auth != AuthState::Ok) {
        state_.auth = AuthState::Ok;
        state_.signingIn = false;
        state_.view = state_.route.view;
        watchRoute();
    }
    composeBanner();
    changed();
}

}  // namespace core
