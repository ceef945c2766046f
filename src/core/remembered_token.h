// core/remembered_token.h — "Remember me": what the browser keeps of a session, and when.
//
// When the user ticks "Remember me" on the login form, src/web keeps the credentials in this
// tab's sessionStorage (gone when the tab closes, never shared with other tabs) — never in
// localStorage, a cookie or the URL. They are written once the token has been accepted, read
// back at start before the login form shows, and removed on "Sign out" or when the API refuses
// them (a 401: expired or revoked). The rules live here, platform-free, so they are tested
// natively; src/web only reads and writes one sessionStorage key.
#pragma once

#include <optional>
#include <string>

#include "core/app.h"

namespace core {

// The sessionStorage key.
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

}  // namespace core
