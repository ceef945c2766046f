// api/reference_backend.cpp — see reference_backend.h.
#include "api/reference_backend.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "api/answers.h"
#include "api/reference_decode.h"
#include "core/api_url.h"

namespace api {

namespace {

constexpr int kMaxLogLimit = 5000;        // the API's largest `limit` / `tail`
constexpr int kMaxBulkLogLimit = 100000;  // the bulk form's largest `limit` (format=lines)

// Sends `request` and answers `done` with decodeAnswer(response, what, decode).
template <class T, class DecodeFn>
void sendDecoded(Transport& transport, HttpRequest request, const char* what, DecodeFn decode,
                 std::function<void(core::Answer<T>)> done) {
    transport.send(std::move(request), [what, decode, done = std::move(done)](HttpResponse res) {
        done(decodeAnswer<T>(res, what, decode));
    });
}

std::string paging(int page, int perPage) {
    return "page=" + std::to_string(std::max(1, page)) +
           "&per_page=" + std::to_string(std::max(1, perPage));
}

std::string ms(core::TimeMs t) {
    return std::to_string(std::max<core::TimeMs>(0, t));
}

// A 304 (nothing new since the ETag sent), or a log page, as a LogAnswer.
core::Answer<core::LogAnswer> logAnswer(const HttpResponse& res, const core::LogRequest& request) {
    core::Answer<core::LogAnswer> a = answerHead<core::LogAnswer>(res);
    if (a.error) return a;
    const std::string& etag = res.header("etag");
    if (res.status == 304) {
        a.value.notModified = true;
        a.value.etag = etag.empty() ? request.etag : etag;
        return a;
    }
    // Older lines in the bulk form go straight into a store of their own (only those older than
    // beforeId); everything else as LogLines.
    const bool before = request.kind == core::LogRequest::Kind::Before;
    Decoded<core::LogPage> d = before && isLogLines(res.body)
                                   ? decodeLogLinesPacked(res.body,  // 0 would keep all
                                                          std::max<int64_t>(1, request.beforeId))
                                   : decodeLogPage(res.body);
    if (!d.error.empty()) {
        a.error = badResponse(res, "the sync's log", d.error);
        return a;
    }
    a.value.page = std::move(d.value);
    a.value.etag = etag;
    if (before) {
        // Only lines older than beforeId (none at all when there is nothing older than line 1).
        std::vector<core::LogLine>& lines = a.value.page.lines;
        lines.erase(
            std::remove_if(lines.begin(), lines.end(),
                           [&](const core::LogLine& l) { return l.id >= request.beforeId; }),
            lines.end());
    }
    return a;
}

}  // namespace

core::BackendCapabilities ReferenceBackend::capabilities() const {
    core::BackendCapabilities c;
    c.passwordLogin = true;
    c.syncCounts = true;
    c.transactions = true;
    c.exactLogRanges = true;
    c.bulkLogLines = bulkLogLines_;
    return c;
}

void ReferenceBackend::listServices(const core::Credentials& creds, int page, int perPage,
                                    std::function<void(core::Answer<core::ServicesPage>)> done) {
    sendDecoded(transport_, authorizedGet(baseUrl_, "/services?" + paging(page, perPage), creds),
                "the services list", decodeServicesPage, std::move(done));
}

void ReferenceBackend::listSyncs(const core::Credentials& creds, int64_t serviceId,
                                 core::TimeMs startedAfter, int page, int perPage,
                                 std::function<void(core::Answer<core::SyncsPage>)> done) {
    const std::string q = "/services/" + std::to_string(serviceId) +
                          "/syncs?filter%5Bstarted_after%5D=" + ms(startedAfter) +
                          "&sort=-started_at&" + paging(page, perPage);
    sendDecoded(transport_, authorizedGet(baseUrl_, q, creds), "the syncs list", decodeSyncsPage,
                std::move(done));
}

void ReferenceBackend::getSync(const core::Credentials& creds, int64_t /*serviceId*/,
                               int64_t syncId, std::function<void(core::Answer<core::Sync>)> done) {
    sendDecoded(transport_, authorizedGet(baseUrl_, "/syncs/" + std::to_string(syncId), creds),
                "the sync", decodeSync, std::move(done));
}

void ReferenceBackend::transactions(
    const core::Credentials& creds, int64_t serviceId, core::TimeMs from, core::TimeMs to,
    std::function<void(core::Answer<std::vector<core::TransactionBucket>>)> done) {
    const std::string q = "/services/" + std::to_string(serviceId) +
                          "/transactions?from=" + ms(from) + "&to=" + ms(to) + "&bucket=hour";
    sendDecoded(transport_, authorizedGet(baseUrl_, q, creds), "the transactions",
                decodeTransactions, std::move(done));
}

void ReferenceBackend::readLog(const core::Credentials& creds, const core::LogRequest& request,
                               std::function<void(core::Answer<core::LogAnswer>)> done) {
    using Kind = core::LogRequest::Kind;
    // Older lines asked in pages bigger than the JSON's largest come in the bulk form.
    const bool bulk = request.kind == Kind::Before && request.limit > kMaxLogLimit;
    const int64_t limit = std::clamp(request.limit, 1, bulk ? kMaxBulkLogLimit : kMaxLogLimit);
    std::string q = "/syncs/" + std::to_string(request.syncId) + "/logs?";
    switch (request.kind) {
        case Kind::Tail: q += "tail=" + std::to_string(limit); break;
        case Kind::After:
            q += "after_id=" + std::to_string(std::max<int64_t>(0, request.afterId)) +
                 "&limit=" + std::to_string(limit);
            break;
        case Kind::Before:
            if (request.beforeId <= 1) {
                q += "after_id=0&limit=1";  // nothing is older than line 1: the meta only
            } else {
                const int64_t older = request.beforeId - 1;  // lines 1..older exist before it
                q += "after_id=" + std::to_string(std::max<int64_t>(0, older - limit)) +
                     "&limit=" + std::to_string(std::min(limit, older));
                if (bulk) q += "&format=lines";
            }
            break;
    }
    HttpRequest r = authorizedGet(baseUrl_, q, creds);
    if (request.kind == Kind::After && !request.etag.empty())
        r.headers.emplace_back("If-None-Match", request.etag);
    transport_.send(std::move(r), [request, done = std::move(done)](HttpResponse res) {
        done(logAnswer(res, request));
    });
}

void ReferenceBackend::downloadPayload(const core::Credentials& creds, int64_t payloadId,
                                       std::function<void(core::Answer<core::PayloadFile>)> done) {
    HttpRequest r = payloadPreviewGet(baseUrl_, "/payloads/" + std::to_string(payloadId), creds);
    transport_.send(std::move(r), [payloadId, done = std::move(done)](HttpResponse res) {
        done(payloadAnswer(std::move(res), payloadId));
    });
}

core::HttpGet ReferenceBackend::payloadDownload(const core::Credentials& creds,
                                                int64_t payloadId) const {
    return payloadWholeGet(baseUrl_, "/payloads/" + std::to_string(payloadId), creds);
}

void ReferenceBackend::login(const std::string& email, const std::string& password,
                             std::function<void(core::Answer<core::Session>)> done) {
    HttpRequest r;
    r.method = "POST";
    r.url = core::joinApiUrl(baseUrl_, "/login");
    r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    // No exceptions in this build: invalid UTF-8 in what was typed is replaced, not fatal.
    r.body = nlohmann::json{{"email", email}, {"password", password}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    transport_.send(std::move(r), [done = std::move(done)](HttpResponse res) {
        core::Answer<LoginAnswer> a =
            decodeAnswer<LoginAnswer>(res, "the login answer", decodeLoginAnswer);
        core::Answer<core::Session> s;
        s.error = std::move(a.error);
        s.serverTime = a.serverTime;
        s.value.token = std::move(a.value.token);
        s.value.expiresInSeconds = a.value.expiresInSeconds;
        done(std::move(s));
    });
}

}  // namespace api
