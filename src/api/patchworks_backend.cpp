// api/patchworks_backend.cpp — see patchworks_backend.h.
#include "api/patchworks_backend.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <map>
#include <utility>

#include "api/answers.h"
#include "api/patchworks_decode.h"

namespace api {

struct PatchworksBackend::State {
    State(Transport& t, std::string base, Defer d)
        : transport(t), baseUrl(std::move(base)), defer(std::move(d)) {}
    Transport& transport;
    std::string baseUrl;
    Defer defer;
    int logPerPage = 0;         // the flow-run-logs page size the server really uses (0: not seen)
    bool perPageFixed = false;  // the server answered a smaller per_page with bigger pages
    bool caughtUp = true;       // the last newer-lines answer left none waiting

    // Order (issue 14): what the server was seen to do with `sort`. The order of every answer
    // is read from its data; these only decide what to ask.
    bool logSortOff = false;      // flow-run-logs: `sort` ignored or refused, none is sent
    bool logNewestFirst = false;  // with logSortOff: the server's own order
    int64_t logTotalRun = 0;      // the run whose log length was seen last, and that length
    int64_t logTotal = 0;
    bool runsSortOff = false;      // flow-runs: `sort` ignored or refused, none is sent
    bool runsOldestFirst = false;  // the server answers runs oldest first
    std::map<std::string, int64_t> runsLastPage;  // oldest-first servers: a query's last page
    DurationUnitEvidence durations{};             // the unit of `duration`, from this server's runs
};

namespace {

using State = PatchworksBackend::State;

std::string str(int64_t v) {
    return std::to_string(v);
}

core::ApiError errorOf(core::ErrorKind kind, std::string message) {
    core::ApiError e;
    e.kind = kind;
    e.message = std::move(message);
    return e;
}

// The runs of a flow (all flows when flowId is 0), newest first when the server honours `sort`.
std::string flowRunsQuery(int64_t flowId, const std::string& more, bool sort, int64_t page,
                          int perPage) {
    std::string q = "/flow-runs?";
    if (flowId != 0) q += "filter%5Bflow_id%5D=" + str(flowId) + "&";
    q += more;
    if (sort) q += "sort=-started_at&";
    q += "page=" + str(page) + "&per_page=" + str(perPage);
    return q;
}

// A page of runs: what its runs with both times say of the unit of `duration`, added to what
// the server's earlier pages said, settles the durations of the runs missing a time.
void settleDurations(State& s, std::vector<core::Sync>& runs, core::TimeMs serverTime) {
    learnDurationUnit(runs, s.durations);
    settleRunDurations(runs, s.durations, serverTime);
}

enum class Order { Unknown, OldestFirst, NewestFirst };

// The order of a page of runs, from the data: the first and last runs' start times.
Order runsOrder(const std::vector<core::Sync>& runs) {
    if (runs.size() < 2 || runs.front().startedAt == runs.back().startedAt) return Order::Unknown;
    return runs.front().startedAt < runs.back().startedAt ? Order::OldestFirst : Order::NewestFirst;
}

// One page of a flow's runs, newest first, whatever order the server answers in (issue 14).
// `page` counts from the newest runs. A server that ignores `sort=-started_at` (seen at the
// first page: its runs come oldest first) or refuses it (400 / 422: asked again without it) is
// asked without `sort` from then on; from an oldest-first server, page 1 is its last page
// (meta.last_page of its page 1, one more request), page p its page last − p + 1, the runs
// turned newest first. Oldest-first pages below the last never change as runs are added, so the
// pages read one after another neither overlap nor skip.
struct RunsAsk {
    int64_t flowId = 0;
    std::string more;  // more filters, each ending with '&'
    int page = 1;      // counted from the newest runs
    int perPage = 100;
    int64_t serverPage = 1;
    bool sort = true;
    bool retriedWithoutSort = false;
    std::string key() const { return str(flowId) + "|" + more + "|" + str(perPage); }
};

constexpr int kMaxFollowUps = 3;  // more requests to answer one call, at most

void runsPage(std::shared_ptr<State> s, core::Credentials creds, RunsAsk ask, int followUps,
              std::function<void(core::Answer<core::SyncsPage>)> done) {
    HttpRequest req = authorizedGet(
        s->baseUrl, flowRunsQuery(ask.flowId, ask.more, ask.sort, ask.serverPage, ask.perPage),
        creds);
    Transport& transport = s->transport;
    transport.send(std::move(req), [s = std::move(s), creds = std::move(creds), ask, followUps,
                                    done = std::move(done)](HttpResponse res) mutable {
        auto a = decodeAnswer<core::SyncsPage>(res, "the flow runs list", decodeFlowRunsPage);
        a.followUps = followUps;
        if (a.error) {
            const int status = a.error.status;
            if (ask.sort && (status == 400 || status == 422) && followUps < kMaxFollowUps) {
                ask.sort = false;  // refused: asked again without it, and from then on
                ask.retriedWithoutSort = true;
                return runsPage(std::move(s), std::move(creds), std::move(ask), followUps + 1,
                                std::move(done));
            }
            return done(std::move(a));
        }
        settleDurations(*s, a.value.syncs, a.serverTime);
        if (ask.retriedWithoutSort) s->runsSortOff = true;
        const Order order = runsOrder(a.value.syncs);
        if (order != Order::Unknown) {
            s->runsOldestFirst = order == Order::OldestFirst;
            if (ask.sort && order == Order::OldestFirst) s->runsSortOff = true;  // ignored
        }
        core::PageMeta& m = a.value.meta;
        const bool oldestFirst =
            order == Order::OldestFirst || (order == Order::Unknown && s->runsOldestFirst);
        if (oldestFirst) {
            const int64_t last = std::max<int64_t>(1, m.lastPage);
            if (ask.serverPage == 1 && ask.page == 1) {
                if (s->runsLastPage.size() >= 64) s->runsLastPage.clear();  // old windows
                s->runsLastPage[ask.key()] = last;
                if (last > 1 && followUps < kMaxFollowUps) {  // the newest runs: its last page
                    ask.serverPage = last;
                    ask.sort = !s->runsSortOff;
                    return runsPage(std::move(s), std::move(creds), std::move(ask), followUps + 1,
                                    std::move(done));
                }
            }
            std::reverse(a.value.syncs.begin(), a.value.syncs.end());
            const auto known = s->runsLastPage.find(ask.key());
            m.lastPage = known != s->runsLastPage.end() ? known->second : last;
            m.currentPage = ask.page;
        }
        done(std::move(a));
    });
}

// Page `page` (from the newest runs) of the runs of `flowId` matching `more`.
void askRuns(const std::shared_ptr<State>& s, const core::Credentials& creds, int64_t flowId,
             std::string more, int page, int perPage,
             std::function<void(core::Answer<core::SyncsPage>)> done) {
    RunsAsk ask;
    ask.flowId = flowId;
    ask.more = std::move(more);
    ask.page = page;
    ask.perPage = perPage;
    ask.sort = !s->runsSortOff;
    ask.serverPage = page;
    if (s->runsOldestFirst && page > 1) {
        const auto known = s->runsLastPage.find(ask.key());
        if (known != s->runsLastPage.end())
            ask.serverPage = std::max<int64_t>(1, known->second - page + 1);
    }
    runsPage(s, creds, std::move(ask), 0, std::move(done));
}

// One page of runs, looking for `syncId`; the next page is asked from this one's callback.
void findRun(std::shared_ptr<State> s, core::Credentials creds, int64_t flowId, int64_t syncId,
             int page, int followUps, std::function<void(core::Answer<core::Sync>)> done) {
    auto again = s;
    askRuns(again, creds, flowId, "", page, PatchworksBackend::kFindRunPerPage,
            [s = std::move(s), creds, flowId, syncId, page, followUps,
             done = std::move(done)](core::Answer<core::SyncsPage> list) mutable {
                core::Answer<core::Sync> a;
                a.serverTime = list.serverTime;
                a.error = list.error;
                a.followUps = followUps + list.followUps;
                if (a.error) return done(std::move(a));
                for (core::Sync& run : list.value.syncs) {
                    if (run.id != syncId) continue;
                    if (run.serviceId == 0) run.serviceId = flowId;
                    a.value = std::move(run);
                    return done(std::move(a));
                }
                const core::PageMeta& m = list.value.meta;
                if (list.value.syncs.empty() || page >= m.lastPage ||
                    page >= PatchworksBackend::kFindRunMaxPages) {
                    a.error = errorOf(core::ErrorKind::NotFound,
                                      "flow run " + str(syncId) + " not found");
                    return done(std::move(a));
                }
                findRun(std::move(s), std::move(creds), flowId, syncId, page + 1, a.followUps + 1,
                        std::move(done));
            });
}

// A tail asked in pages smaller than this teaches nothing when answered bigger (see sendLog).
constexpr int kSmallestLearntPerPage = 100;

// How a log request was asked: the page, its size and the order.
struct LogAsk {
    core::LogRequest request;
    int limit = 1;
    int64_t page = 1;
    int perPage = 1;
    bool newestFirst = false;  // the order the page is expected in (sort=-id, or the server's)
    std::string sort;          // "id", "-id", or "" (none sent: the server ignores or refuses it)
    bool retriedWithoutSort = false;
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
    if (s.logSortOff && s.logNewestFirst) {
        // A server that answers newest first whatever is asked: page 1 holds the newest lines;
        // older ones are found from the length last seen (a follow-up corrects a stale one).
        ask.newestFirst = true;
        ask.perPage = knownPerPage > 0 ? knownPerPage : ask.limit;
        if (r.kind == core::LogRequest::Kind::Tail) ask.perPage = std::min(ask.limit, ask.perPage);
        if (r.kind == core::LogRequest::Kind::Before && s.logTotalRun == r.syncId)
            ask.page = std::max<int64_t>(0, s.logTotal - (r.beforeId - 1)) / ask.perPage + 1;
        return ask;
    }
    switch (r.kind) {
        case core::LogRequest::Kind::Tail:
            // Newest first when the server honours sort=-id; else page 1 of its own order (one
            // follow-up reaches the last page from its meta: readLog).
            ask.newestFirst = !s.logSortOff;
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
    if (!s.logSortOff) ask.sort = ask.newestFirst ? "-id" : "id";
    return ask;
}

// The order of a page of log lines, from the data: the server's ids of its first and last
// lines, then their created_at (issue 14: never from the order asked).
Order linesOrder(const std::vector<core::LogLine>& lines) {
    if (lines.size() < 2) return Order::Unknown;
    const core::LogLine& a = lines.front();
    const core::LogLine& b = lines.back();
    if (a.id != b.id) return a.id < b.id ? Order::OldestFirst : Order::NewestFirst;
    if (a.at != b.at) return a.at < b.at ? Order::OldestFirst : Order::NewestFirst;
    return Order::Unknown;
}

// The decoded page with its lines renumbered by position, oldest first, cut to what was asked.
core::LogPage placeLines(core::LogPage page, const LogAsk& ask, bool newestFirst) {
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
        lines[i].id = newestFirst ? total - position : position + 1;
        lastId = std::max(lastId, lines[i].id);
    }
    if (newestFirst) std::reverse(lines.begin(), lines.end());
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

// The line a log request is for: the newest (Tail), the one after the last held (After), the
// one before the first held (Before).
int64_t neededLine(const core::LogRequest& r, int64_t total) {
    switch (r.kind) {
        case core::LogRequest::Kind::Tail: return total;
        case core::LogRequest::Kind::After: return r.afterId + 1;
        case core::LogRequest::Kind::Before: return r.beforeId - 1;
    }
    return total;
}

// Sends a planned log request; its answer is numbered by the order of its data. A `sort`
// refused with 400 / 422 is asked again without it (and never sent again); a page whose data
// shows the server ignored the order asked (or whose own order put the line needed on another
// page) is followed by the page that holds it, computed from meta.total and meta.per_page.
void sendLog(std::shared_ptr<State> s, core::Credentials creds, LogAsk ask, int followUps,
             std::function<void(core::Answer<core::LogAnswer>)> done) {
    const core::LogRequest& r = ask.request;
    std::string q = "/flow-runs/" + str(r.syncId) + "/flow-run-logs?";
    if (!ask.sort.empty()) q += "sort=" + ask.sort + "&";
    q += "page=" + str(ask.page) + "&per_page=" + str(ask.perPage) + "&load_payload_ids=true";
    HttpRequest req = authorizedGet(s->baseUrl, q, creds);  // before s and creds are moved
    Transport& transport = s->transport;
    transport.send(std::move(req), [s = std::move(s), creds = std::move(creds),
                                    ask = std::move(ask), followUps,
                                    done = std::move(done)](HttpResponse res) mutable {
        auto page = decodeAnswer<core::LogPage>(res, "the flow run's log", decodeFlowRunLogsPage);
        core::Answer<core::LogAnswer> a;
        a.serverTime = page.serverTime;
        a.error = page.error;
        a.followUps = followUps;
        if (a.error) {
            const int status = a.error.status;
            if (!ask.sort.empty() && (status == 400 || status == 422) &&
                followUps < kMaxFollowUps) {
                ask.sort.clear();  // perhaps the sort: asked again without it
                ask.retriedWithoutSort = true;
                return sendLog(std::move(s), std::move(creds), std::move(ask), followUps + 1,
                               std::move(done));
            }
            return done(std::move(a));
        }
        if (ask.retriedWithoutSort) s->logSortOff = true;  // it was the sort: never sent again
        core::PageMeta& meta = page.value.meta;
        if (!meta.perPageStated) {
            meta.perPage = ask.perPage;  // numbered by the size asked; nothing learnt
        } else {
            // Smaller than asked: the server's clamp. Bigger: it ignores the size
            // asked, so later requests use its size as it is.
            const int served =
                static_cast<int>(std::min<int64_t>(meta.perPage, std::numeric_limits<int>::max()));
            // A tiny page asked (the summary's newest line, issue 18) answered bigger says only
            // that the server has a floor: learnt from it, the log's pages would shrink to it.
            const bool tinyAsked = ask.request.kind == core::LogRequest::Kind::Tail &&
                                   ask.perPage < kSmallestLearntPerPage && served > ask.perPage;
            if (served > 0 && served != ask.perPage && !tinyAsked) s->logPerPage = served;
            if (served > ask.perPage && !tinyAsked) s->perPageFixed = true;
        }
        // The order comes from the data; a page that cannot tell is in the order expected.
        const Order order = linesOrder(page.value.lines);
        const bool newestFirst =
            order == Order::Unknown ? ask.newestFirst : order == Order::NewestFirst;
        if (order != Order::Unknown) {
            if (!ask.sort.empty() && newestFirst != (ask.sort == "-id"))
                s->logSortOff = true;  // ignored: its own order from now on
            if (s->logSortOff) s->logNewestFirst = newestFirst;
        }
        s->logTotalRun = ask.request.syncId;
        s->logTotal = meta.total;

        const int64_t total = meta.total;
        const int64_t per = meta.perPage > 0 ? meta.perPage : ask.perPage;
        const int64_t current = std::max<int64_t>(1, meta.currentPage);
        a.value.page = placeLines(std::move(page.value), ask, newestFirst);
        const std::vector<core::LogLine>& lines = a.value.page.lines;
        const int64_t need = neededLine(ask.request, total);
        const bool held = need < 1 || need > total ||
                          (!lines.empty() && lines.front().id <= need && need <= lines.back().id);
        // Not what was planned (or a Tail in the server's own oldest-first order, or a page
        // of a newest-first server): the page that holds the line needed, once more.
        const bool unexpected = newestFirst != ask.newestFirst ||
                                ask.request.kind == core::LogRequest::Kind::Tail || newestFirst;
        if (!held && unexpected && per > 0 && followUps < kMaxFollowUps) {
            LogAsk next = ask;
            next.newestFirst = newestFirst;
            next.sort = s->logSortOff ? std::string() : ask.sort;
            next.retriedWithoutSort = false;
            next.perPage = static_cast<int>(per);
            next.page = newestFirst ? (total - need) / per + 1 : (need - 1) / per + 1;
            if (next.page != current || next.sort != ask.sort || next.perPage != ask.perPage)
                return sendLog(std::move(s), std::move(creds), std::move(next), followUps + 1,
                               std::move(done));
        }
        if (ask.request.kind == core::LogRequest::Kind::After)
            s->caughtUp = !a.value.page.hasMore;
        else if (ask.request.kind == core::LogRequest::Kind::Tail)
            s->caughtUp = true;
        done(std::move(a));
    });
}

template <class T>
void answerLater(const PatchworksBackend::Defer& defer, std::function<void(core::Answer<T>)> done,
                 const char* message) {
    defer([done = std::move(done), message]() {
        core::Answer<T> a;
        a.error = errorOf(core::ErrorKind::BadRequest, message);
        done(std::move(a));
    });
}

}  // namespace

PatchworksBackend::PatchworksBackend(Transport& transport, std::string baseUrl, Defer defer)
    : state_(std::make_shared<State>(transport, std::move(baseUrl), std::move(defer))) {
    assert(state_->defer && "PatchworksBackend needs a way to run callbacks later");
}

core::BackendCapabilities PatchworksBackend::capabilities() const {
    core::BackendCapabilities c;
    c.passwordLogin = false;
    c.syncCounts = false;
    c.transactions = false;
    return c;
}

int PatchworksBackend::knownLogPageSize() const {
    return state_->logPerPage;
}

void PatchworksBackend::listServices(const core::Credentials& creds, int page, int perPage,
                                     std::function<void(core::Answer<core::ServicesPage>)> done) {
    const std::string q = "/flows?page=" + str(page) + "&per_page=" + str(perPage);
    state_->transport.send(
        authorizedGet(state_->baseUrl, q, creds), [done = std::move(done)](HttpResponse res) {
            done(decodeAnswer<core::ServicesPage>(res, "the flows list", decodeFlowsPage));
        });
}

void PatchworksBackend::listSyncs(const core::Credentials& creds, int64_t serviceId,
                                  core::TimeMs startedAfter, int page, int perPage,
                                  std::function<void(core::Answer<core::SyncsPage>)> done) {
    askRuns(state_, creds, serviceId, "filter%5Bstarted_after%5D=" + str(startedAfter) + "&", page,
            perPage, [serviceId, done = std::move(done)](core::Answer<core::SyncsPage> a) {
                for (core::Sync& s : a.value.syncs)
                    if (s.serviceId == 0) s.serviceId = serviceId;
                done(std::move(a));
            });
}

void PatchworksBackend::getSync(const core::Credentials& creds, int64_t serviceId, int64_t syncId,
                                std::function<void(core::Answer<core::Sync>)> done) {
    findRun(state_, creds, serviceId, syncId, 1, 0, std::move(done));
}

void PatchworksBackend::transactions(
    const core::Credentials&, int64_t, core::TimeMs, core::TimeMs,
    std::function<void(core::Answer<std::vector<core::TransactionBucket>>)> done) {
    answerLater(state_->defer, std::move(done),
                "the Patchworks Core API has no transaction counts");
}

void PatchworksBackend::login(const std::string&, const std::string&,
                              std::function<void(core::Answer<core::Session>)> done) {
    answerLater(state_->defer, std::move(done),
                "the Patchworks Core API signs in with an API key: paste it in the token field");
}

void PatchworksBackend::readLog(const core::Credentials& creds, const core::LogRequest& request,
                                std::function<void(core::Answer<core::LogAnswer>)> done) {
    sendLog(state_, creds, planLogRequest(request, *state_), 0, std::move(done));
}

void PatchworksBackend::downloadPayload(const core::Credentials& creds, int64_t payloadId,
                                        std::function<void(core::Answer<core::PayloadFile>)> done) {
    const std::string q = "/payload-metadata/" + str(payloadId) + "/download";
    state_->transport.send(payloadPreviewGet(state_->baseUrl, q, creds),
                           [payloadId, done = std::move(done)](HttpResponse res) {
                               done(payloadAnswer(std::move(res), payloadId));
                           });
}

core::HttpGet PatchworksBackend::payloadDownload(const core::Credentials& creds,
                                                 int64_t payloadId) const {
    return payloadWholeGet(state_->baseUrl, "/payload-metadata/" + str(payloadId) + "/download",
                           creds);
}

}  // namespace api
