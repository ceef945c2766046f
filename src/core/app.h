// core/app.h — the one owner of SyncScope's application state.
//
// The views read AppState (const) and return Intents; App::apply turns intents into state changes
// and Backend requests; Backend answers come back through callbacks on the main loop. Nothing here
// knows about ImGui or the browser: src/web feeds it the hash route, the clock and the token taken
// from the URL, and reads `state()` to draw, set the title and push history entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/backend.h"
#include "core/config.h"
#include "core/routes.h"

namespace core {

enum class AuthState { None, Ok, Expired };
const char* toString(AuthState a);  // "none", "ok", "expired"

struct Banner {
    enum class Kind { None, Info, Error } kind = Kind::None;
    std::string text;
};

struct AppState {
    AppConfig config;
    Route route;              // where the user is (or wants to be, while signed out)
    View view = View::Login;  // what is drawn: Login until a token is accepted
    AuthState auth = AuthState::None;
    Credentials credentials;
    std::string loginMessage;  // why the login form is showing (e.g. token refused)
    bool signingIn = false;    // a token was submitted; its first request is in flight

    std::vector<Service> services;
    bool servicesLoaded = false;   // at least one complete list arrived
    bool servicesLoading = false;  // a request is in flight
    std::string servicesSearch;
    std::vector<size_t> visibleServices;  // indexes into services after the search
    TimeMs servicesFetchedAt = 0;         // server clock of the last good answer

    Banner banner;
    TimeMs serverClockOffsetMs = 0;  // server Date minus the local clock, from the last answer
    uint64_t revision = 0;           // bumped on every change: the web layer redraws on it

    const Service* findService(int64_t id) const;
};

struct Intents {
    std::optional<Credentials> signIn;
    bool signOut = false;
    std::optional<Route> navigate;
    std::optional<std::string> servicesSearch;
    bool reload = false;
    bool dismissBanner = false;

    bool any() const {
        return signIn || signOut || navigate || servicesSearch || reload || dismissBanner;
    }
};

class App {
public:
    App(Backend& backend, AppConfig config);
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    const AppState& state() const { return state_; }

    // At start: the route from the URL hash, and a token from `#token=` if there was one.
    void start(const Route& initial, const Credentials& fromUrl);
    void apply(const Intents& intents);
    // The browser's back/forward or a shared link changed the hash.
    void onRouteChanged(const Route& route);
    // The server's clock now, given the local one (for "… ago" and the 24-hour window).
    TimeMs serverNow(TimeMs localNow) const { return localNow + state_.serverClockOffsetMs; }
    // Injected by src/web (tests pass a fixed clock): the local wall clock in ms.
    void setClock(TimeMs (*clock)()) { clock_ = clock; }

private:
    void signIn(const Credentials& creds);
    void signOut(const std::string& why, AuthState auth);
    void loadServices();
    void requestServicesPage(int page, uint64_t generation);
    void onServicesPage(Answer<ServicesPage> answer, int page, uint64_t generation);
    void noteServerTime(TimeMs serverTime);
    void enterRoute(const Route& route);
    void changed() { ++state_.revision; }

    Backend& backend_;
    AppState state_;
    std::vector<Service> incoming_;  // pages of a services load being assembled
    uint64_t generation_ = 0;        // answers from an older generation are dropped
    TimeMs (*clock_)() = nullptr;
};

}  // namespace core
