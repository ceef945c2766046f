// api/patchworks_backend.h — core::Backend for the Patchworks Core API (docs/api.md, "Patchworks
// Core dialect" and "Patchworks Core compatibility"; docs/data-layer.md, "Dialects"), over a
// Transport.
//
// Flows are services, flow runs are syncs, flow-run logs are log lines, payload metadata are
// payload files. The Authorization header carries the credential ("Bearer <token>" or the raw
// API key), never the URL. What Patchworks lacks is said, not faked:
// - capabilities(): no password login, no pulled/pushed counts, no transactions. transactions()
//   and login() send nothing and answer (later, through `defer`) with a BadRequest error.
// - getSync(): no single-run endpoint. The run is looked for in its flow's runs, newest
//   first, 100 a page, one request per page, until it is found: a recent run costs one request,
//   an old one up to 50 (5,000 runs back); not found by then (or after the last page) → NotFound.
//   The answer's followUps says how many requests came after the first (for the budget).
// - Order (issue 14) comes from the data, never from what was asked. Runs are asked
//   sort=-started_at; a page whose start times run oldest first shows the server ignored it:
//   from then on no sort is sent, page 1 is the server's last page (meta.last_page, one more
//   request) and page p its page last − p + 1, turned newest first. Log lines are numbered in
//   the order of their data (server ids, then created_at): a sort=-id page that comes oldest
//   first shows the server ignored it (no sort is sent again, and the page holding the newest
//   line, found from meta.total / meta.per_page, is asked at once); a server that answers newest
//   first whatever is asked is read from its page 1 down. A 400 or 422 to a request with a sort
//   is asked again without it; if that answers, no sort is sent again (per backend). At most
//   three follow-ups per call, all counted in the answer's followUps.
// - readLog(): no cursor, and log ids need not be positions, so lines are renumbered
//   by position (line n is the n-th line of the run's log) from the paginator's meta: a page p
//   of per_page P whose data runs oldest first holds lines (p-1)·P+1 …; one whose data runs
//   newest first holds total − (p-1)·P, … (turned oldest first). page.lastId is meta.total.
//   There is no ETag (etag stays empty, notModified false) and no sync status in the answer
//   (syncStatus stays unknown).
//   Lines after afterId are read in pages sized so that one starts just before afterId + 1
//   (alignedPerPage in the .cpp): a log with nothing new costs a page of a few lines, not up to
//   a page of lines already held. A page whose meta lacks `total` is refused (meta.total).
//   A server may clamp per_page (the demo clamps to 100): the page size it really used is
//   remembered per backend and used for the page arithmetic of later requests; one that answers
//   bigger pages than asked is asked in its own size from then on. An answer whose
//   page turns out not to start right after `afterId` (or not to end right before `beforeId`)
//   because of such a clamp yields no lines (hasMore true): asked again, the arithmetic is right.
// - Run durations: the unit of `duration` is learnt per backend (per server) from every page of
//   runs seen, from the runs that have both times (patchworks_decode.h, DurationUnitEvidence);
//   runs missing a time get their duration in that unit, or in the plausible one, said so.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/transport.h"
#include "core/backend.h"

namespace api {

class PatchworksBackend : public core::Backend {
public:
    // Runs a callback later, never inside the call (the web layer: on the next main-loop turn;
    // tests: pushes it into a list they drain). Used for the answers that need no request.
    using Defer = std::function<void(std::function<void()>)>;

    // `baseUrl` is the API's base, e.g. "/core/api/v1" (no trailing slash). The transport
    // must outlive every request sent; the backend itself may go away with requests in flight.
    PatchworksBackend(Transport& transport, std::string baseUrl, Defer defer);

    core::BackendCapabilities capabilities() const override;

    void listServices(const core::Credentials& creds, int page, int perPage,
                      std::function<void(core::Answer<core::ServicesPage>)> done) override;
    void listSyncs(const core::Credentials& creds, int64_t serviceId, core::TimeMs startedAfter,
                   int page, int perPage,
                   std::function<void(core::Answer<core::SyncsPage>)> done) override;
    // Pages through the flow's runs (see above); serviceId 0 looks through all flows' runs.
    void getSync(const core::Credentials& creds, int64_t serviceId, int64_t syncId,
                 std::function<void(core::Answer<core::Sync>)> done) override;
    void transactions(
        const core::Credentials& creds, int64_t serviceId, core::TimeMs from, core::TimeMs to,
        std::function<void(core::Answer<std::vector<core::TransactionBucket>>)> done) override;
    void readLog(const core::Credentials& creds, const core::LogRequest& request,
                 std::function<void(core::Answer<core::LogAnswer>)> done) override;
    void downloadPayload(const core::Credentials& creds, int64_t payloadId,
                         std::function<void(core::Answer<core::PayloadFile>)> done) override;
    core::HttpGet payloadDownload(const core::Credentials& creds, int64_t payloadId) const override;
    void login(const std::string& email, const std::string& password,
               std::function<void(core::Answer<core::Session>)> done) override;

    // The log page size the server was seen to use instead of the one asked (0: none seen yet).
    int knownLogPageSize() const;

    // getSync gives up after this many pages of runs.
    static constexpr int kFindRunPerPage = 100;
    static constexpr int kFindRunMaxPages = 50;

    struct State;  // shared with the requests in flight

private:
    std::shared_ptr<State> state_;
};

}  // namespace api
