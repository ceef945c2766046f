// core/backend.h — "what the app wants" from the platform, independent of the API dialect.
//
// src/api implements this for each dialect over a Transport (ReferenceBackend, PatchworksBackend);
// core's App only sees model types and ApiErrors. Callbacks run later, on the main loop, never
// inside the call, exactly once per call.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/api_error.h"
#include "core/model.h"

namespace core {

enum class AuthScheme { Bearer, ApiKey };  // ApiKey: the Authorization header carries it raw

struct Credentials {
    std::string token;
    AuthScheme scheme = AuthScheme::Bearer;
    bool empty() const { return token.empty(); }
};

// Every answer carries the server's clock (its Date header) when it sent one.
template <class T>
struct Answer {
    T value{};
    ApiError error;
    TimeMs serverTime = 0;  // 0 when the answer had no usable Date header
    // Requests sent after the first to make this answer (Patchworks' search through a flow's runs,
    // and its follow-ups when a server ignores or refuses `sort`); the App counts them against
    // the request budget when the answer arrives.
    int followUps = 0;
};

// What a dialect can do; the views grey out or explain what it cannot.
struct BackendCapabilities {
    bool passwordLogin = false;  // POST /login with email + password
    bool syncCounts = false;     // syncs carry pulled / pushed / warning / error counts
    bool transactions = false;   // pulled vs pushed per hour for the summary chart
    // LogRequest::Before answers exactly [beforeId - limit, beforeId - 1] (from line 1), so the
    // App can ask for several older pages at once; page-based dialects answer whole pages.
    bool exactLogRanges = false;
    // Lines a LogRequest::Before (back-fill) may ask for at once: the reference API's bulk form
    // (docs/api.md, "Logs in bulk"); 0: the App's usual 5,000-line pages.
    int bulkLogLines = 0;
};

// Which lines of a sync's log to read. Line ids are 1-based positions in the log in every dialect.
struct LogRequest {
    enum class Kind {
        Tail,    // the newest `limit` lines (the first request of a log view)
        After,   // lines with id > afterId, oldest first, at most `limit` (live refresh)
        Before,  // lines with id < beforeId, the newest `limit` of them (back-filling older lines)
    };
    Kind kind = Kind::Tail;
    int64_t syncId = 0;
    int64_t serviceId = 0;  // the sync's service (a dialect may need it to find the sync)
    int64_t afterId = 0;
    int64_t beforeId = 0;
    int limit = 5000;
    std::string etag;  // After: the previous answer's ETag, for a 304 when nothing changed
};

// An answer to a LogRequest. `page.lines` are oldest first and contiguous; for Before they may
// be fewer than asked (a page-based dialect answers whole pages) but never overlap wrongly: the
// log store drops what it already holds.
struct LogAnswer {
    LogPage page;              // page.lastId: the sync's newest line id at the time of the answer
    bool notModified = false;  // 304: nothing new since `etag`
    std::string etag;          // to send next time (empty: the dialect has none)
};

// The payload preview holds at most a payload file's first 16 MB: a file of hundreds of MB copied
// whole into wasm memory (and laid out again, at a few times its size) would exhaust it. The
// preview asks for them with `Range: bytes=0-16777215`; a server that ignores Range is cut to
// them. Download saves the whole file without it passing through wasm memory (HttpGet below).
constexpr int64_t kPayloadPreviewBytes = 16 * 1024 * 1024;

// A downloaded payload file (its first kPayloadPreviewBytes at most): the bytes as sent, and how
// to save them.
struct PayloadFile {
    int64_t id = 0;
    std::string bytes;        // the file's first bytes, all of them unless capped()
    int64_t totalBytes = 0;   // the whole file's size (Content-Range's, else bytes.size())
    std::string contentType;  // as sent, e.g. "application/json"
    std::string fileName;     // from Content-Disposition, else "payload-<id>"

    bool capped() const { return totalBytes > static_cast<int64_t>(bytes.size()); }
};

// A GET that src/web makes itself (a payload's whole file, saved as a download): the address and
// the headers, the Authorization header included. Used at once and dropped (it holds the token).
struct HttpGet {
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
};

// POST /login's answer.
struct Session {
    std::string token;
    int64_t expiresInSeconds = 0;  // 0: not said
};

class Backend {
public:
    virtual ~Backend() = default;

    virtual BackendCapabilities capabilities() const = 0;

    // One page of the services list (1-based), at most perPage items.
    virtual void listServices(const Credentials& creds, int page, int perPage,
                              std::function<void(Answer<ServicesPage>)> done) = 0;
    // One page of a service's syncs started at or after startedAfter, newest first.
    virtual void listSyncs(const Credentials& creds, int64_t serviceId, TimeMs startedAfter,
                           int page, int perPage, std::function<void(Answer<SyncsPage>)> done) = 0;
    // One sync (the log view's header). serviceId helps dialects without a single-run endpoint.
    virtual void getSync(const Credentials& creds, int64_t serviceId, int64_t syncId,
                         std::function<void(Answer<Sync>)> done) = 0;
    // Pulled / pushed / failed per hour in [from, to). Without capabilities().transactions the
    // answer is an error of kind BadRequest saying the dialect has none.
    virtual void transactions(const Credentials& creds, int64_t serviceId, TimeMs from, TimeMs to,
                              std::function<void(Answer<std::vector<TransactionBucket>>)> done) = 0;
    virtual void readLog(const Credentials& creds, const LogRequest& request,
                         std::function<void(Answer<LogAnswer>)> done) = 0;
    // The payload file's first kPayloadPreviewBytes (410 → Gone once expired, 404 → NotFound).
    virtual void downloadPayload(const Credentials& creds, int64_t payloadId,
                                 std::function<void(Answer<PayloadFile>)> done) = 0;
    // The request for the payload's whole file, which src/web makes and saves (Download).
    virtual HttpGet payloadDownload(const Credentials& creds, int64_t payloadId) const = 0;
    // Email + password → a session token (only with capabilities().passwordLogin).
    virtual void login(const std::string& email, const std::string& password,
                       std::function<void(Answer<Session>)> done) = 0;
};

}  // namespace core
