// api/core_backend.cpp — see core_backend.h.
#include "api/core_backend.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <utility>

#include "api/answers.h"
#include "api/core_decode.h"

namespace api {

struct CoreBackend::State {
    Transport& transport;
    std::string baseUrl;
    Defer defer;
    int logPerPage = 0;         // the flow-run-logs page size the server really uses (0: not seen)
    bool perPageFixed = false;  // the server answered a smaller per_page with bigger pages
    bool caughtUp = true;       // the last newer-lines answer left none waiting
};

namespace {

using State = CoreBackend::State;

std::string str(int64_t v) {
    return std::to_string(v);
}

core::ApiError errorOf(core::ErrorKind kind, std::string message) {
    core::ApiError e;
    e.kind = kind;
    e.message = std::move(message);
    return e;
}

// The runs of a flow (all flows when flowId is 0), newest first.
std::string flowRunsQuery(int64_t flowId, const std::string& more, int64_t page, int perPage) {
    std::string q = "/flow-runs?";
    if (flowId != 0) q += "filter%5Bflow_id%5D=" + str(flowId) + "&";
    q += more;
    q += "sort=-started_at&page=" + str(page) + "&per_page=" + str(perPage);
    return q;
}

// One page of runs, looking for `syncId`; the next page is asked from this one's callback.
void findRun(std::shared_ptr<State> s, core::Credentials creds, int64_t flowId, int64_t syncId,
             int page, std::function<void(core::Answer<core::Sync>)> done) {
    HttpRequest req = authorizedGet(
        s->baseUrl, flowRunsQuery(flowId, "", page, CoreBackend::kFindRunPerPage), creds);
    Transport& transport = s->transport;
    transport.send(std::move(req), [s = std::move(s), creds = std::move(creds), flowId, syncId,
                                    page, done = std::move(done)](HttpResponse res) mutable {
        auto list = decodeAnswer<core::SyncsPage>(res, "the flow runs list", decodeFlowRunsPage);
        core::Answer<core::Sync> a;
        a.serverTime = list.serverTime;
        a.error = list.error;
        a.followUps = page - 1;
        if (a.error) return done(std::move(a));
        for (core::Sync& run : list.value.syncs) {
            if (run.id != syncId) continue;
            if (run.serviceId == 0) run.serviceId = flowId;
            a.value = std::move(run);
            return done(std::move(a));
        }
        const core::PageMeta& m = list.value.meta;
        if (list.value.syncs.empty() || page >= m.lastPage ||
            page >= CoreBackend::kFindRunMaxPages) {
            a.error = errorOf(core::ErrorKind::NotFound, "flow run " + str(syncId) + " not found");
            return done(std::move(a));
        }
        findRun(std::move(s), std::move(creds), flowId, syncId, page + 1, std::move(done));
    });
}

// How a log request was asked: the page, its size and the order.
struct LogAsk {
    core::LogRequest request;
    int limit = 1;
    int64_t page = 1;
    int perPage = 1;
    bool newestFirst = false;  // sort=-id
};

// The page size for reading on after line `afterId` with pages of at most `maxPerPage`: one
// that puts a page boundary just before afterId + 1, so that a log with nothing new costs a page
// holding almost nothing already held. With q = ⌈a / max⌉ pages of P = ⌊a / q⌋ lines, page
// ⌊a / P⌋ + 1 starts at most min(q, P) − 1 lines before a + 1 (a = 1,000,037 and max 5,000: 4,975
// a page, 62 lines read again instead of 37; a = 120: pages of 120, none read again), and P is
// at least about max / 2 once a ≥ max (below that it is a itself: the page after the lines
// held). Below 100 lines held (or below max when smaller), page 1 of max is cheaper than tiny
// pages. Used for live refreshes only: while lines wait, the largest pages are asked.
int alignedPerPage(int64_t afterId, int maxPerPage) {
    const int64_t a = std::max<int64_t>(0, afterId);
    const int64_t small = std::min<int64_t>(maxPerPage, 100);
    if (a < small) return maxPerPage;
    const int64_t q = (a + maxPerPage - 1) / maxPerPage;
    return static_cast<int>(std::max<int64_t>(1, a / q));
}

LogAsk planLogRequest(const core::LogRequest& r, const State& s) {
    const int knownPerPage = s.logPerPage;
    LogAsk ask;
    ask.request = r;
    ask.limit = std::max(1, r.limit);
    switch (r.kind) {
        case core::LogRequest::Kind::Tail:
            ask.newestFirst = true;
            ask.page = 1;
            ask.perPage = knownPerPage > 0 ? std::min(ask.limit, knownPerPage) : ask.limit;
            break;
        case core::LogRequest::Kind::After:
            // The page holding line afterId + 1. Once caught up (a live refresh), of a size that
            // starts it close before that line, unless the server was seen to ignore the size
            // asked; while lines wait, the largest pages.
            ask.perPage = knownPerPage > 0 ? knownPerPage : ask.limit;
            if (!s.perPageFixed && s.caughtUp) ask.perPage = alignedPerPage(r.afterId, ask.perPage);
            ask.page = std::max<int64_t>(0, r.afterId) / ask.perPage + 1;
            break;
        case core::LogRequest::Kind::Before:
            // The page holding line beforeId - 1 (page 1 when there is none: it gives the total).
            ask.perPage = knownPerPage > 0 ? knownPerPage : ask.limit;
            ask.page = (std::max<int64_t>(2, r.beforeId) - 2) / ask.perPage + 1;
            break;
    }
    return ask;
}

// The decoded page with its lines renumbered by position, oldest first, cut to what was asked.
core::LogPage placeLines(core::LogPage page, const LogAsk& ask) {
    const core::PageMeta& m = page.meta;
    std::vector<core::LogLine>& lines = page.lines;
    const int64_t per = m.perPage > 0 ? m.perPage : static_cast<int64_t>(lines.size());
    // int64 metadata: a product past int64 gives ids past any log's, which the store drops.
    int64_t first = 0;
    if (__builtin_mul_overflow(std::max<int64_t>(1, m.currentPage) - 1, per, &first))
        first = std::numeric_limits<int64_t>::max() / 2;
    const int64_t total = m.total;
    int64_t lastId = total;
    for (size_t i = 0; i < lines.size(); ++i) {
        const int64_t position = first + static_cast<int64_t>(i);
        lines[i].id = ask.newestFirst ? total - position : position + 1;
        lastId = std::max(lastId, lines[i].id);
    }
    if (ask.newestFirst) std::reverse(lines.begin(), lines.end());
    // Numbers below 1 only come from a meta that contradicts its own page.
    lines.erase(
        std::remove_if(lines.begin(), lines.end(), [](const core::LogLine& l) { return l.id < 1; }),
        lines.end());

    const core::LogRequest& r = ask.request;
    const size_t limit = static_cast<size_t>(ask.limit);
    int64_t newestHeld = 0;  // the newest line the caller will hold after this answer
    switch (r.kind) {
        case core::LogRequest::Kind::Tail:
            if (lines.size() > limit) lines.erase(lines.begin(), lines.end() - limit);
            newestHeld = lines.empty() ? 0 : lines.back().id;
            break;
        case core::LogRequest::Kind::After: {
            const int64_t after = r.afterId;
            lines.erase(lines.begin(),
                        std::find_if(lines.begin(), lines.end(),
                                     [after](const core::LogLine& l) { return l.id > after; }));
            if (!lines.empty() && lines.front().id != after + 1) lines.clear();  // a hole
            if (lines.size() > limit) lines.resize(limit);
            newestHeld = lines.empty() ? after : lines.back().id;
            break;
        }
        case core::LogRequest::Kind::Before: {
            const int64_t before = r.beforeId;
            lines.erase(std::find_if(lines.begin(), lines.end(),
                                     [before](const core::LogLine& l) { return l.id >= before; }),
                        lines.end());
            if (!lines.empty() && lines.back().id != before - 1) lines.clear();  // a hole
            if (lines.size() > limit) lines.erase(lines.begin(), lines.end() - limit);
            newestHeld = lastId;  // the caller holds the lines from beforeId on
            break;
        }
    }
    page.lastId = lastId;
    page.hasMore = newestHeld < lastId;
    page.syncStatus.reset();
    return page;
}

template <class T>
void answerLater(const CoreBackend::Defer& defer, std::function<void(core::Answer<T>)> done,
                 const char* message) {
    defer([done = std::move(done), message]() {
        core::Answer<T> a;
        a.error = errorOf(core::ErrorKind::BadRequest, message);
        done(std::move(a));
    });
}

}  // namespace

CoreBackend::CoreBackend(Transport& transport, std::string baseUrl, Defer defer)
    : state_(std::make_shared<State>(State{transport, std::move(baseUrl), std::move(defer)})) {
    assert(state_->defer && "CoreBackend needs a way to run callbacks later");
}

core::BackendCapabilities CoreBackend::capabilities() const {
    core::BackendCapabilities c;
    c.passwordLogin = false;
    c.syncCounts = false;
    c.transactions = false;
    return c;
}

int CoreBackend::knownLogPageSize() const {
    return state_->logPerPage;
}

void CoreBackend::listServices(const core::Credentials& creds, int page, int perPage,
                               std::function<void(core::Answer<core::ServicesPage>)> done) {
    const std::string q = "/flows?page=" + str(page) + "&per_page=" + str(perPage);
    state_->transport.send(
        authorizedGet(state_->baseUrl, q, creds), [done = std::move(done)](HttpResponse res) {
            done(decodeAnswer<core::ServicesPage>(res, "the flows list", decodeFlowsPage));
        });
}

void CoreBackend::listSyncs(const core::Credentials& creds, int64_t serviceId,
                            core::TimeMs startedAfter, int page, int perPage,
                            std::function<void(core::Answer<core::SyncsPage>)> done) {
    const std::string q = flowRunsQuery(
        serviceId, "filter%5Bstarted_after%5D=" + str(startedAfter) + "&", page, perPage);
    state_->transport.send(authorizedGet(state_->baseUrl, q, creds),
                           [serviceId, done = std::move(done)](HttpResponse res) {
                               auto a = decodeAnswer<core::SyncsPage>(res, "the flow runs list",
                                                                      decodeFlowRunsPage);
                               for (core::Sync& s : a.value.syncs)
                                   if (s.serviceId == 0) s.serviceId = serviceId;
                               done(std::move(a));
                           });
}

void CoreBackend::getSync(const core::Credentials& creds, int64_t serviceId, int64_t syncId,
                          std::function<void(core::Answer<core::Sync>)> done) {
    findRun(state_, creds, serviceId, syncId, 1, std::move(done));
}

void CoreBackend::transactions(
    const core::Credentials&, int64_t, core::TimeMs, core::TimeMs,
    std::function<void(core::Answer<std::vector<core::TransactionBucket>>)> done) {
    answerLater(state_->defer, std::move(done),
                "the Patchworks Core API has no transaction counts");
}

void CoreBackend::login(const std::string&, const std::string&,
                        std::function<void(core::Answer<core::Session>)> done) {
    answerLater(state_->defer, std::move(done),
                "the Patchworks Core API signs in with an API key: paste it in the token field");
}

void CoreBackend::readLog(const core::Credentials& creds, const core::LogRequest& request,
                          std::function<void(core::Answer<core::LogAnswer>)> done) {
    LogAsk ask = planLogRequest(request, *state_);
    const std::string q = "/flow-runs/" + str(request.syncId) +
                          "/flow-run-logs?sort=" + (ask.newestFirst ? "-id" : "id") +
                          "&page=" + str(ask.page) + "&per_page=" + str(ask.perPage) +
                          "&load_payload_ids=true";
    state_->transport.send(
        authorizedGet(state_->baseUrl, q, creds),
        [s = state_, ask = std::move(ask), done = std::move(done)](HttpResponse res) {
            auto page =
                decodeAnswer<core::LogPage>(res, "the flow run's log", decodeFlowRunLogsPage);
            core::Answer<core::LogAnswer> a;
            a.serverTime = page.serverTime;
            a.error = page.error;
            if (!a.error) {
                core::PageMeta& meta = page.value.meta;
                if (!meta.perPageStated) {
                    meta.perPage = ask.perPage;  // numbered by the size asked; nothing learnt
                } else {
                    // Smaller than asked: the server's clamp. Bigger: it ignores the size
                    // asked, so later requests use its size as it is.
                    const int served = static_cast<int>(
                        std::min<int64_t>(meta.perPage, std::numeric_limits<int>::max()));
                    if (served > 0 && served != ask.perPage) s->logPerPage = served;
                    if (served > ask.perPage) s->perPageFixed = true;
                }
                a.value.page = placeLines(std::move(page.value), ask);
                if (ask.request.kind == core::LogRequest::Kind::After)
                    s->caughtUp = !a.value.page.hasMore;
                else if (ask.request.kind == core::LogRequest::Kind::Tail)
                    s->caughtUp = true;
            }
            done(std::move(a));
        });
}

void CoreBackend::downloadPayload(const core::Credentials& creds, int64_t payloadId,
                                  std::function<void(core::Answer<core::PayloadFile>)> done) {
    const std::string q = "/payload-metadata/" + str(payloadId) + "/download";
    state_->transport.send(payloadPreviewGet(state_->baseUrl, q, creds),
                           [payloadId, done = std::move(done)](HttpResponse res) {
                               done(payloadAnswer(std::move(res), payloadId));
                           });
}

core::HttpGet CoreBackend::payloadDownload(const core::Credentials& creds,
                                           int64_t payloadId) const {
    return payloadWholeGet(state_->baseUrl, "/payload-metadata/" + str(payloadId) + "/download",
                           creds);
}

}  // namespace api
