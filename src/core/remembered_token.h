// core/remembered_token.h — "Remember me": what the browser keeps of a session, and when.
//
// When the user ticks "Remember me in this tab" on the login form, src/web keeps the credentials
// in this tab's sessionStorage (gone when the tab closes, never shared with other tabs); when
// "Remember on this device" is ticked, in localStorage instead (every tab of this browser profile,
// across restarts) — never in a cookie or the URL. They are written once the token has been
// accepted, read back at start before the login form shows (this tab's first, then the device's),
// and removed from both places on "Sign out" or when the API refuses them (a 401: expired or
// revoked). The rules live here, platform-free, so they are tested natively; src/web only reads
// and writes one key in each storage.
#pragma once

#include <optional>
#include <string>

#include "core/app.h"

namespace core {

// The key, in sessionStorage ("in this tab") and in localStorage ("on this device").
constexpr const char* kRememberedTokenKey = "syncscope.session";

// {"token":"…","scheme":"bearer"|"apikey"} — JSON, so any character of a token survives.
std::string encodeRememberedToken(const Credentials& c);
// nullopt for anything that is not what encodeRememberedToken wrote (or has an empty token).
std::optional<Credentials> decodeRememberedToken(const std::string& stored);

enum class TokenStorage {
    Keep,    // leave what is stored (a remembered token is being checked, or the API is down)
    Store,   // store the credentials held: accepted, and "Remember me" was ticked
    Remove,  // remove it: signed out, refused, or signed in without "Remember me"
};
TokenStorage tokenStorageFor(const AppState& state);

// Where TokenStorage::Store keeps them (the other place is cleared at the same time).
enum class TokenPlace {
    Tab,     // sessionStorage: "Remember me in this tab"
    Device,  // localStorage: "Remember on this device"
};
TokenPlace tokenPlaceFor(const AppState& state);

}  // namespace core
