// api/answers.h — the parts every dialect's backend shares: building an authorized request, and
// turning an HTTP answer into a core::Answer (server clock, HTTP error, or the decoded value, or
// a BadResponse naming what could not be read).
#pragma once

#include <string>
#include <utility>

#include "api/http_errors.h"
#include "api/reference_decode.h"
#include "api/transport.h"
#include "core/backend.h"

namespace api {

// "Bearer <token>" or the raw API key.
std::string authorizationValue(const core::Credentials& creds);

// GET pathAndQuery under baseUrl (core::joinApiUrl: main.cpp hands the backends the base resolved
// against the page, core/api_url.h) with the Authorization header (never the token in the URL).
HttpRequest authorizedGet(const std::string& baseUrl, const std::string& pathAndQuery,
                          const core::Credentials& creds, const char* accept = "application/json");

// The server's Date header (0 when absent or unreadable); a BadResponse error for a body that
// could not be read.
core::TimeMs serverTimeOf(const HttpResponse& res);
core::ApiError badResponse(const HttpResponse& res, const char* what, const std::string& detail);

// The server's Date header and the HTTP error (kind None for 2xx and 304).
template <class T>
core::Answer<T> answerHead(const HttpResponse& res) {
    core::Answer<T> a;
    a.serverTime = serverTimeOf(res);
    a.error = errorFromResponse(res);
    return a;
}

// answerHead, then on success decode(body) → Decoded<T>; a decoding error becomes BadResponse:
// "<what> could not be read (<field>: <problem>)".
template <class T, class DecodeFn>
core::Answer<T> decodeAnswer(const HttpResponse& res, const char* what, DecodeFn decode) {
    core::Answer<T> a = answerHead<T>(res);
    if (a.error) return a;
    Decoded<T> d = decode(res.body);
    if (!d.error.empty()) {
        a.error = badResponse(res, what, d.error);
    } else {
        a.value = std::move(d.value);
    }
    return a;
}

// The file name of a Content-Disposition header (filename*=UTF-8''… preferred over filename=),
// reduced to a safe base name (no path; no C0, C1 or bidi control characters; valid UTF-8, bad
// bytes read as U+FFFD; at most 200 bytes); "" when there is none.
std::string fileNameFromContentDisposition(const std::string& header);

// The payload preview's GET: authorizedGet(…, "*/*") asking for the first
// core::kPayloadPreviewBytes (`Range: bytes=0-16777215`).
HttpRequest payloadPreviewGet(const std::string& baseUrl, const std::string& pathAndQuery,
                              const core::Credentials& creds);
// The whole file's GET (Download): authorizedGet(…, "*/*"), as src/web makes it.
core::HttpGet payloadWholeGet(const std::string& baseUrl, const std::string& pathAndQuery,
                              const core::Credentials& creds);

// A payload answer as a PayloadFile (bytes, content type, file name or "payload-<id>"). A 206's
// Content-Range gives the whole file's size; a 200 longer than the cap is cut to it (its size
// kept); a 416 whose Content-Range says "bytes */0" is an empty file.
core::Answer<core::PayloadFile> payloadAnswer(HttpResponse res, int64_t payloadId);

}  // namespace api
