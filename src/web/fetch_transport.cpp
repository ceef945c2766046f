// web/fetch_transport.cpp — see fetch_transport.h.
#include "web/fetch_transport.h"

#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/fetch.h>

#include <cctype>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace web {
namespace {

uint64_t gHandlesInFlight = 0;  // emscripten_fetch handles not yet closed

struct InFlight {
    FetchTransport* owner;
    double startedMs;
    int timeoutMs;
    std::function<void(api::HttpResponse)> done;
    // emscripten_fetch reads these during the call; kept alive with the request all the same.
    std::string method;
    std::vector<std::string> headerStore;
    std::vector<const char*> headerPtrs;
    std::string body;
};

api::Headers parseHeaders(const std::string& raw) {
    api::Headers out;
    size_t start = 0;
    while (start < raw.size()) {
        size_t end = raw.find("\r\n", start);
        if (end == std::string::npos) end = raw.size();
        const std::string line = raw.substr(start, end - start);
        const size_t colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            size_t v = colon + 1;
            while (v < line.size() && line[v] == ' ') ++v;
            out.emplace_back(std::move(name), line.substr(v));
        }
        start = end + 2;
    }
    return out;
}

void finish(emscripten_fetch_t* fetch) {
    std::unique_ptr<InFlight> ctx(static_cast<InFlight*>(fetch->userData));
    // Copy everything out before closing: after close the fetch and its data are gone.
    api::HttpResponse res;
    res.status = fetch->status;
    if (fetch->numBytes > 0 && fetch->data)
        res.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
    const size_t hlen = emscripten_fetch_get_response_headers_length(fetch);
    if (hlen > 0) {
        std::string raw(hlen + 1, '\0');
        emscripten_fetch_get_response_headers(fetch, raw.data(), raw.size());
        raw.resize(std::strlen(raw.c_str()));
        res.headers = parseHeaders(raw);
    }
    // The answer's bytes and the fetch API's own copies of the request headers are wiped before
    // it frees them with plain free() (web/wipe.h): /login's answer and the Authorization header
    // hold a token.
    if (fetch->numBytes > 0 && fetch->data)
        explicit_bzero(const_cast<char*>(fetch->data), static_cast<size_t>(fetch->numBytes));
    // PRIVATE EMSCRIPTEN FIELD — the one place SyncScope reads `emscripten_fetch_t::__attributes`.
    // Why: emscripten_fetch() deep-copies attr.requestHeaders (strdup of every name and value
    // into a new NULL-terminated array, kept in fetch->__attributes.requestHeaders), and
    // emscripten_fetch_close() frees those copies with libc free(), which web/wipe.h does not
    // reach (only operator delete and ImGui's allocator wipe). Our own copies (InFlight's
    // headerStore) are wiped by operator delete; these are not, so they are wiped here, just
    // before the close. No public API exposes them.
    // On an Emscripten upgrade (written against Debian's 3.1.6), check in
    // system/lib/fetch/emscripten_fetch.c and system/include/emscripten/fetch.h that:
    //   * the field is still named `__attributes` and still has `requestHeaders` (else: no build);
    //   * emscripten_fetch() still strdup()s the header strings into it (if it keeps the caller's
    //     pointers instead, this loop wipes InFlight's strings — harmless — and the loop may go);
    //   * the array is still NULL-terminated and freed only in fetch_free() (on close), so that
    //     it is still alive here;
    //   * the JS side (src/Fetch.js, fetchXHR) still reads the headers only while sending.
    // The test that holds it: tests/e2e/security.test.mjs ("Remember me" … no copy left in the
    // wasm heap after Sign out).
    if (const char* const* h = fetch->__attributes.requestHeaders)
        for (; *h; ++h) explicit_bzero(const_cast<char*>(*h), std::strlen(*h));
    // The request has ended, whatever readyState says: one the browser refused before sending
    // (web/fetch_guard.js) ends at OPENED, and emscripten_fetch_close() calls onerror (this
    // function) again for a fetch not DONE — over and over, until the stack runs out.
    fetch->readyState = 4;
    emscripten_fetch_close(fetch);
    --gHandlesInFlight;
    if (res.status == 0) {
        const double took = emscripten_get_now() - ctx->startedMs;
        res.error = took >= ctx->timeoutMs - 50 ? api::TransportError::Timeout
                                                : api::TransportError::Network;
    }
    FetchTransport* owner = ctx->owner;
    ctx->done(std::move(res));
    if (owner->onAnswer_) owner->onAnswer_();
}

// What the browser's XHR would throw on (open: an unparsable URL or method; setRequestHeader: a
// name that is not a token, a value outside Latin-1 or holding CR, LF or NUL) is refused here,
// before emscripten_fetch sees it: the exception would unwind through the wasm mid-frame. Anything
// outside visible ASCII is refused in values too — what survives UTF8ToString as Latin-1 is not
// what was meant. Tokens are cleaned long before (core/token_check.h); this is the last guard.
bool isTokenChar(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool sendable(const api::HttpRequest& req) {
    if (req.url.empty()) return false;
    for (unsigned char c : req.url)
        if (c <= 0x20 || c == 0x7f) return false;
    for (unsigned char c : req.method)
        if (c == 0 || !isTokenChar(c)) return false;
    for (const auto& h : req.headers) {
        if (h.first.empty()) return false;
        for (unsigned char c : h.first)
            if (c == 0 || !isTokenChar(c)) return false;
        for (unsigned char c : h.second)
            if ((c < 0x20 && c != '\t') || c >= 0x7f) return false;
    }
    return true;
}

// A request that was never handed to the browser: answered as a network failure, on a later turn
// of the event loop (never inside send()), like any failed request.
struct Refused {
    FetchTransport* owner;
    std::function<void(api::HttpResponse)> done;
};

void answerRefused(void* p) {
    std::unique_ptr<Refused> r(static_cast<Refused*>(p));
    api::HttpResponse res;
    res.error = api::TransportError::Network;
    FetchTransport* owner = r->owner;
    r->done(std::move(res));
    if (owner->onAnswer_) owner->onAnswer_();
}

}  // namespace

uint64_t FetchTransport::handlesInFlight() {
    return gHandlesInFlight;
}

void FetchTransport::send(api::HttpRequest req, std::function<void(api::HttpResponse)> done) {
    if (!sendable(req)) {
        ++issued_;
        emscripten_set_timeout(answerRefused, 0, new Refused{this, std::move(done)});
        return;
    }
    auto ctx = std::make_unique<InFlight>();
    ctx->owner = this;
    ctx->startedMs = emscripten_get_now();
    ctx->timeoutMs = req.timeoutMs;
    ctx->done = std::move(done);
    ctx->method = req.method;
    ctx->body = std::move(req.body);
    for (auto& h : req.headers) {
        ctx->headerStore.push_back(h.first);
        ctx->headerStore.push_back(h.second);
    }
    for (auto& s : ctx->headerStore) ctx->headerPtrs.push_back(s.c_str());
    ctx->headerPtrs.push_back(nullptr);

    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, ctx->method.c_str(), sizeof(attr.requestMethod) - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
    attr.requestHeaders = ctx->headerPtrs.data();
    attr.timeoutMSecs = static_cast<unsigned long>(req.timeoutMs);
    if (!ctx->body.empty()) {
        attr.requestData = ctx->body.data();
        attr.requestDataSize = ctx->body.size();
    }
    attr.onsuccess = finish;
    attr.onerror = finish;
    attr.userData = ctx.release();
    ++issued_;
    ++gHandlesInFlight;
    emscripten_fetch(&attr, req.url.c_str());
}

}  // namespace web
