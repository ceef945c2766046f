// tests/fuzz/embed_protocol_fuzz.cpp — the iframe protocol (core/embed_protocol.h): what a parent
// page (or anything else on the portal's origin) can post, and the origins the frame trusts.
//
// The input is read three ways: as event.data's JSON; as the token and the route of an otherwise
// well-formed "syncscope:auth" / "syncscope:navigate" message (so the fuzzer reaches the checks
// behind the JSON parse); and as a URL / origin. Checks:
// - a message that is not SyncScope's is ignored, without an error;
// - an auth message that is taken carries a token the message held (at most
//   kMaxEmbedTokenBytes) and a scheme; once cleaned as App::signIn cleans every token
//   (core/token_check.h) it is visible ASCII only, or refused with a message;
// - a navigate message that is taken carries a well-formed route that formats back to itself;
// - a refused one says why, in valid UTF-8 (it goes to the console), and never quotes the token;
// - originOfUrl gives "" or a serialised origin that is its own origin; allowedParentOrigin
//   gives "" or one of the allowed origins;
// - what the frame posts (EmbedOutbox) is JSON a parent can read, and a route it announces,
//   sent back as "syncscope:navigate", is that same route.
#include <fuzzer/FuzzedDataProvider.h>

#include <nlohmann/json.hpp>

#include "core/embed_protocol.h"
#include "core/json_parse.h"
#include "core/token_check.h"
#include "fuzz_common.h"

namespace {

using core::ParentMessage;
using nlohmann::json;

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void checkRoute(const core::Route& r) {
    FUZZ_CHECK(r.view != core::View::Login);
    FUZZ_CHECK(core::parseRoute(core::formatRoute(r)) == r);
}

// Checks what any message gives; `token` is the token the message held, if it held one.
void checkMessage(const ParentMessage& m, const std::string* token) {
    switch (m.kind) {
        case ParentMessage::Kind::Ignore: FUZZ_CHECK(m.error.empty()); break;
        case ParentMessage::Kind::Auth: {
            const std::string& t = m.credentials.token;
            FUZZ_CHECK(m.error.empty());
            FUZZ_CHECK(!t.empty() && t.size() <= core::kMaxEmbedTokenBytes);
            // The parser hands the token on as sent; App::signIn cleans it (core/token_check.h)
            // before it can reach a header: what is left is visible ASCII, or it is refused.
            {
                const core::CleanedToken cleaned = core::cleanToken(t);
                if (!cleaned.ok()) FUZZ_CHECK(cleaned.token.empty());
                for (unsigned char c : cleaned.token) FUZZ_CHECK(c > 0x20 && c < 0x7f);
                if (!cleaned.error.empty()) FUZZ_CHECK(fuzz::validUtf8(cleaned.error));
            }
            FUZZ_CHECK(m.credentials.scheme == core::AuthScheme::Bearer ||
                       m.credentials.scheme == core::AuthScheme::ApiKey);
            if (token) FUZZ_CHECK(token->find(t) != std::string::npos);
            break;
        }
        case ParentMessage::Kind::Navigate:
            FUZZ_CHECK(m.error.empty());
            checkRoute(m.route);
            break;
        case ParentMessage::Kind::Invalid:
            FUZZ_CHECK(!m.error.empty());
            FUZZ_CHECK(fuzz::validUtf8(m.error));
            // "Never quotes the token": checked for tokens that cannot be part of the fixed
            // wording (8 bytes or more, holding a character no message is written with).
            if (token && token->size() >= 8 &&
                token->find_first_of("#$%&|~^`") != std::string::npos)
                FUZZ_CHECK(m.error.find(*token) == std::string::npos);
            break;
    }
}

void checkOrigins(const std::string& text) {
    const std::string origin = core::originOfUrl(text);
    if (!origin.empty()) {
        FUZZ_CHECK(core::isSerialisedOrigin(origin));
        FUZZ_CHECK(core::originOfUrl(origin) == origin);
        FUZZ_CHECK(core::isAllowedOrigin(origin, {origin}));
    }
    const std::vector<std::string> allowed = {"https://portal.example", "http://127.0.0.1:8081"};
    for (const std::optional<std::string>& ancestor :
         {std::optional<std::string>(), std::optional<std::string>(text),
          std::optional<std::string>(origin)}) {
        const std::string parent = core::allowedParentOrigin(ancestor, text, allowed);
        FUZZ_CHECK(parent.empty() || core::isAllowedOrigin(parent, allowed));
    }
    FUZZ_CHECK(!core::isAllowedOrigin(text, {}));
}

void checkOutbox(FuzzedDataProvider& in) {
    core::EmbedOutbox box;
    core::AppState s;
    bool first = true;
    for (int step = in.ConsumeIntegralInRange<int>(1, 6); step > 0; --step) {
        s.view = in.PickValueInArray(
            {core::View::Login, core::View::Services, core::View::Summary, core::View::Log});
        s.signingIn = in.ConsumeBool();
        s.auth = in.PickValueInArray(
            {core::AuthState::None, core::AuthState::Ok, core::AuthState::Expired});
        s.route = core::parseRoute(in.ConsumeRandomLengthString(40));
        const std::vector<std::string> out = box.update(s);
        if (first) FUZZ_CHECK(!out.empty());
        for (size_t i = 0; i < out.size(); ++i) {
            const json j = core::parseJson(out[i]);
            FUZZ_CHECK(j.is_object() && j.contains("type") && j["type"].is_string());
            const std::string type = j["type"].get<std::string>();
            // "syncscope:ready" first, once.
            FUZZ_CHECK((type == "syncscope:ready") == (first && i == 0));
            if (type == "syncscope:route") {
                FUZZ_CHECK(j.contains("route") && j["route"].is_string());
                const std::string route = j["route"].get<std::string>();
                FUZZ_CHECK(route == core::formatRoute(s.route));
                const ParentMessage back = core::parseParentMessage(
                    dump({{"type", "syncscope:navigate"}, {"route", route}}),
                    core::AuthScheme::Bearer);
                FUZZ_CHECK(back.kind == ParentMessage::Kind::Navigate);
                FUZZ_CHECK(back.route == s.route);
            } else if (type == "syncscope:auth-required") {
                FUZZ_CHECK(s.view == core::View::Login && !s.signingIn);
                FUZZ_CHECK(j.contains("reason") && j["reason"].is_string());
            } else {
                FUZZ_CHECK(type == "syncscope:ready");
            }
        }
        first = false;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fuzz::input(data, size);

    // event.data as JSON, for both default schemes.
    for (core::AuthScheme scheme : {core::AuthScheme::Bearer, core::AuthScheme::ApiKey}) {
        const ParentMessage m = core::parseParentMessage(text, scheme);
        const json j = core::parseJson(text);
        const std::string* token = nullptr;
        std::string held;
        if (!j.is_discarded() && j.is_object() && j.contains("token") && j["token"].is_string()) {
            held = j["token"].get<std::string>();
            token = &held;
        }
        checkMessage(m, token);
        if (m.kind == ParentMessage::Kind::Auth &&
            !(j.contains("scheme") && !j["scheme"].is_null()))
            FUZZ_CHECK(m.credentials.scheme == scheme);
    }

    // The bytes as the token and as the route of well-formed messages (JSON.stringify would write
    // invalid UTF-8 as U+FFFD, as dump's replace does).
    const json asString = json(text);
    for (const char* scheme : {"Bearer", "ApiKey"}) {
        const std::string msg =
            dump({{"type", "syncscope:auth"}, {"token", asString}, {"scheme", scheme}});
        const json sent = core::parseJson(msg);
        FUZZ_CHECK(!sent.is_discarded());
        const std::string token = sent["token"].get<std::string>();
        const ParentMessage m = core::parseParentMessage(msg, core::AuthScheme::Bearer);
        FUZZ_CHECK(m.kind == ParentMessage::Kind::Auth || m.kind == ParentMessage::Kind::Invalid);
        checkMessage(m, &token);
        if (m.kind == ParentMessage::Kind::Auth)
            FUZZ_CHECK(m.credentials.scheme ==
                       (scheme[0] == 'B' ? core::AuthScheme::Bearer : core::AuthScheme::ApiKey));
    }
    {
        const std::string msg = dump({{"type", "syncscope:navigate"}, {"route", asString}});
        const ParentMessage m = core::parseParentMessage(msg, core::AuthScheme::Bearer);
        FUZZ_CHECK(m.kind == ParentMessage::Kind::Navigate ||
                   m.kind == ParentMessage::Kind::Invalid);
        checkMessage(m, nullptr);
        // A route the app itself writes is always taken, as that route.
        const core::Route r = core::parseRoute(text);
        const ParentMessage again = core::parseParentMessage(
            dump({{"type", "syncscope:navigate"}, {"route", "#" + core::formatRoute(r)}}),
            core::AuthScheme::Bearer);
        FUZZ_CHECK(again.kind == ParentMessage::Kind::Navigate && again.route == r);
    }
    {
        // An unknown "syncscope:" type is named (cut short) in the error.
        const ParentMessage m = core::parseParentMessage(
            dump({{"type", json("syncscope:" + text)}}), core::AuthScheme::Bearer);
        if (m.kind == ParentMessage::Kind::Invalid) checkMessage(m, nullptr);
    }

    checkOrigins(text);

    FuzzedDataProvider in(data, size);
    checkOutbox(in);
    return 0;
}
