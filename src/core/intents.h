// core/intents.h — what the user asked for in one frame (Intents), and what App hands back for
// src/web to carry out (Effects).
//
// The views (src/ui) and the portal's messages (src/web/embed.cpp) add typed intents to an
// Intents; App::apply (core/app_intents.cpp) applies every kind with one std::visit, whose
// overload set has a handler per alternative: a new kind without a handler does not compile.
// What App cannot do itself (save a file: only the browser can) comes back as an Effect, which
// src/web/main.cpp carries out (again one std::visit). See docs/data-layer.md, "Intents and
// effects".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/backend.h"
#include "core/filtered_log.h"
#include "core/model.h"
#include "core/routes.h"
#include "core/services_filter.h"
#include "core/sync_sort.h"

namespace core {

// The login form's email + password (POST /login), when the dialect has it.
struct PasswordLogin {
    std::string email;
    std::string password;
};

namespace intent {

// Listed in the order App applies them when a frame asks for several (app_intents.cpp).
struct SavePayload {};  // the payload preview's Download: comes back as effect::SavePayload
struct DownloadLog {};  // the whole log as a text file: comes back as effect::DownloadLog
struct DismissBanner {};
struct SignOut {};
struct CancelSignIn {};  // stop retrying a sign-in: back to the form (token kept)
struct SignIn {          // a token or API key
    Credentials credentials;
    bool remember = false;  // "Remember me" (this tab's sessionStorage, unless onDevice)
    bool onDevice = false;  // "Remember on this device" (localStorage; with `remember`)
};
struct PasswordLogin {  // email + password, for a session token
    core::PasswordLogin login;
    bool remember = false;
    bool onDevice = false;
};
struct ServicesFilterSet {  // every filter at once (search included)
    ServicesFilter filter;
};
struct ServicesSearch {  // only the search
    std::string text;
};
struct ServicesSortSet {
    ServicesSort sort;
};
struct Navigate {
    Route route;
};
struct Reload {};
struct SummarySort {
    SyncSort sort;
};
struct SummarySearch {  // by sync id
    std::string text;
};
struct SummaryStatus {
    std::optional<SyncStatus> status;  // nullopt: every status
};
struct AutoRefresh {  // the "Auto-refresh is on / off" button
    bool on = true;
};
struct LogFilterSet {  // levels, search, regex, only matching
    LogFilter filter;
};
struct Following {  // the log view stuck to (or left) the tail
    bool on = true;
};
struct RefreshNow {};  // refresh the current view's data at once
struct OpenPayload {
    PayloadRef ref;
};
struct ClosePayload {};
struct Notify {  // the log's bell: tell me when this sync finishes (issue 18)
    bool on = true;
};
// Issue 19: trace a value through the run shown (Run), close the trace panel (Close), compare
// pull against push (Compare), or match them by another key field (Key: `value`, "" automatic).
struct Trace {
    enum class Op { Run, Close, Compare, Key } op = Op::Run;
    std::string value;
};
// Issue 18 point 1. "Compare with…" (pickDefault: to the default run if any, else the picker),
// the comparison's "Change…" (the picker), or the picker closed (open false).
struct ComparePicker {
    bool open = true;
    int64_t serviceId = 0;
    int64_t syncId = 0;  // run a
    bool pickDefault = false;
};
// A compared signature clicked: run `syncId`'s log, filtered to the signature (level, text).
struct OpenComparedSignature {
    int64_t serviceId = 0;
    int64_t syncId = 0;
    LogLevel level = LogLevel::Warning;
    std::string text;
};

}  // namespace intent

using Intent =
    std::variant<intent::SavePayload, intent::DownloadLog, intent::DismissBanner, intent::SignOut,
                 intent::CancelSignIn, intent::SignIn, intent::PasswordLogin,
                 intent::ServicesFilterSet, intent::ServicesSearch, intent::ServicesSortSet,
                 intent::Navigate, intent::Reload, intent::SummarySort, intent::SummarySearch,
                 intent::SummaryStatus, intent::AutoRefresh, intent::LogFilterSet,
                 intent::Following, intent::RefreshNow, intent::OpenPayload, intent::ClosePayload,
                 intent::Notify, intent::Trace, intent::ComparePicker,
                 intent::OpenComparedSignature>;

namespace detail {
template <class T, class... Ts>
constexpr size_t indexIn(const std::variant<Ts...>*) {
    constexpr bool same[] = {std::is_same_v<T, Ts>...};
    for (size_t i = 0; i < sizeof...(Ts); ++i)
        if (same[i]) return i;
    return sizeof...(Ts);
}
}  // namespace detail

// Where T is among Intent's alternatives (its index()): the order App applies it in.
template <class T>
constexpr size_t kIntentIndex = detail::indexIn<T>(static_cast<const Intent*>(nullptr));

// One frame's intents: at most one of each kind. add() of a kind already there replaces it
// (the last one asked for wins). A pointer or reference from add() or find() stays valid until
// the next add() of a kind not yet there.
struct Intents {
    std::vector<Intent> items;

    template <class T>
    T& add(T intent) {
        if (T* held = find<T>()) {
            *held = std::move(intent);
            return *held;
        }
        items.push_back(Intent(std::move(intent)));  // one push_back for every kind (code size)
        return *std::get_if<T>(&items.back());
    }
    template <class T>
    T* find() {
        for (Intent& i : items)
            if (T* t = std::get_if<T>(&i)) return t;
        return nullptr;
    }
    template <class T>
    const T* find() const {
        for (const Intent& i : items)
            if (const T* t = std::get_if<T>(&i)) return t;
        return nullptr;
    }
    template <class T>
    bool has() const {
        return find<T>() != nullptr;
    }
    bool any() const { return !items.empty(); }
};

namespace effect {

// Save the payload the preview holds (src/web: its bytes, or its whole file fetched again when
// the preview holds only its start, App::payloadDownload).
struct SavePayload {};
// Save the whole log, as held, as a text file (src/web: in the time zone shown).
struct DownloadLog {};
// The bell was turned on: src/web asks for the browser's notification permission (only then,
// inside the click that asked for it).
struct AskNotificationPermission {};

}  // namespace effect

// What App::apply could not carry out itself, in the order asked for.
using Effect =
    std::variant<effect::SavePayload, effect::DownloadLog, effect::AskNotificationPermission>;
using Effects = std::vector<Effect>;

}  // namespace core
