// core/screen_reader.cpp — see screen_reader.h.
#include "core/screen_reader.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/display_text.h"

namespace core {
namespace {

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// A status of the log shown has ended (an Unknown one: when the sync has a finish time).
bool finished(SyncStatus s, const LogState& log) {
    return syncFinished(s, log.sync ? log.sync->finishedAt : 0);
}

// The status as the views show it ("unknown (7)" with the status the server sent).
std::string statusWords(SyncStatus s, const LogState& log) {
    return statusText(s, log.sync ? log.sync->statusSent : std::string());
}

std::string serviceName(const AppState& s, int64_t id) {
    if (const Service* svc = s.findService(id)) return "“" + svc->name + "”";
    return std::to_string(id);
}

const LogState* shownLog(const AppState& s) {
    const LogState* log = s.log.get();
    return log && log->syncId == s.route.syncId ? log : nullptr;
}

std::optional<SyncStatus> logStatus(const LogState& log) {
    if (log.status) return log.status;
    if (log.sync) return log.sync->status;
    return std::nullopt;
}

// "pulled 500, pushed 498" (the counts a dialect has), "" when it has none.
std::string counts(const Sync& y) {
    std::string out;
    if (y.pulledCount >= 0) out += "pulled " + std::to_string(y.pulledCount);
    if (y.pushedCount >= 0)
        out += (out.empty() ? "pushed " : ", pushed ") + std::to_string(y.pushedCount);
    return out;
}

bool summaryLoaded(const AppState& s) {
    return s.summary.serviceId == s.route.serviceId && s.summary.loaded;
}

// The first held line of `level` (0: none), its records walked a block at a time (no text): a
// few milliseconds for a million lines at worst, and only when the state changed.
int64_t firstLineOf(const LogStore& store, LogLevel level) {
    if (store.levelCount(level) == 0) return 0;
    constexpr size_t kBlock = 4096;
    for (size_t begin = 0; begin < store.size(); begin += kBlock) {
        size_t found = SIZE_MAX;
        store.forEachLevel(begin, std::min(store.size(), begin + kBlock),
                           [&](size_t i, LogLevel l) {
                               if (l == level && found == SIZE_MAX) found = i;
                           });
        if (found != SIZE_MAX) return store.firstId() + static_cast<int64_t>(found);
    }
    return 0;
}

// "3 errors, the first at line 6." (the overview ruler draws them red); "" with no line held.
std::string errorWords(const LogState& log) {
    const LogStore& store = log.store;
    if (store.empty()) return std::string();
    const size_t n = store.levelCount(LogLevel::Error);
    if (n == 0) return log.complete() ? "No errors." : "No errors in the lines loaded so far.";
    // The first error: the earliest first line of the error signatures once every held line is
    // grouped (a few hundred signatures at most, not a million records), else the records walked.
    int64_t first = 0;
    if (log.signatures.ready() && log.signatures.generation() == store.generation()) {
        for (const Signature& g : log.signatures.all())
            if (g.level == LogLevel::Error && g.count > 0 && (!first || g.firstLine < first))
                first = g.firstLine;
    }
    if (!first) first = firstLineOf(store, LogLevel::Error);
    return plural(n, "error", "errors") + (log.complete() ? "" : " in the lines loaded so far") +
           ", the first at line " + std::to_string(first) + ".";
}

// The view's key for announcements: a new key is a new view, or its data having arrived.
std::string viewKey(const AppState& s) {
    std::string key = toString(s.view);
    switch (s.view) {
        case View::Login: key += s.signingIn ? ":signing-in" : ""; break;
        case View::Services: key += s.servicesLoaded ? ":loaded" : ""; break;
        case View::Summary:
            key += ":" + std::to_string(s.route.serviceId) + (summaryLoaded(s) ? ":loaded" : "");
            break;
        case View::Log: {
            const LogState* log = shownLog(s);
            key += ":" + std::to_string(s.route.syncId) + (log && log->tailLoaded ? ":loaded" : "");
            break;
        }
        case View::Compare:
            key += ":" + std::to_string(s.route.syncId) + ":" + std::to_string(s.route.compareId);
            break;
    }
    return key;
}

}  // namespace

ViewDescription describeView(const AppState& s) {
    ViewDescription d;
    switch (s.view) {
        case View::Login:
            d.heading = "Sign in to SyncScope";
            if (s.signingIn && s.signInRetry.failures > 0)
                d.lines.push_back("Signing in… The API did not answer (" + s.signInRetry.error +
                                  "); trying again by itself.");
            else if (s.signingIn)
                d.lines.push_back("Signing in…");
            if (!s.loginMessage.empty()) d.lines.push_back(s.loginMessage);
            if (!s.signingIn && s.loginMessage.empty())
                d.lines.push_back("Enter a token or API key to see your services' syncs.");
            break;
        case View::Services:
            d.heading = "Services";
            if (!s.servicesLoaded) {
                d.lines.push_back("Loading services…");
            } else {
                std::string line =
                    plural(s.visibleServices.size(), "service", "services") + " shown";
                if (s.visibleServices.size() != s.services.size())
                    line += " of " + std::to_string(s.services.size());
                d.lines.push_back(line + ".");
                if (!s.servicesFilter.search.empty())
                    d.lines.push_back("Search: “" + s.servicesFilter.search + "”.");
            }
            break;
        case View::Summary: {
            d.heading = "Service " + serviceName(s, s.route.serviceId);
            if (!summaryLoaded(s)) {
                d.lines.push_back("Loading the syncs of the last 24 hours…");
                break;
            }
            const SummaryState& sum = s.summary;
            std::string line = plural(sum.visible.size(), "sync", "syncs") + " shown";
            if (sum.visible.size() != sum.syncs.size())
                line += " of " + std::to_string(sum.syncs.size());
            d.lines.push_back(line + " from the last 24 hours.");
            std::array<size_t, 7> byStatus{};  // every SyncStatus, Unknown included
            for (size_t i : sum.visible) ++byStatus[static_cast<size_t>(sum.syncs[i].status)];
            std::string statuses;
            for (size_t k = 0; k < byStatus.size(); ++k) {
                if (!byStatus[k]) continue;
                if (!statuses.empty()) statuses += ", ";
                statuses +=
                    std::to_string(byStatus[k]) + " " + toString(static_cast<SyncStatus>(k));
            }
            if (!statuses.empty()) d.lines.push_back("By status: " + statuses + ".");
            if (!sum.search.empty()) d.lines.push_back("Search: “" + sum.search + "”.");
            if (sum.statusFilter)
                d.lines.push_back(std::string("Status filter: ") + toString(*sum.statusFilter) +
                                  ".");
            break;
        }
        case View::Log: {
            d.heading = "Sync " + std::to_string(s.route.syncId) + " of service " +
                        serviceName(s, s.route.serviceId);
            const LogState* log = shownLog(s);
            if (!log || !log->tailLoaded) {
                d.lines.push_back("Loading the log…");
                break;
            }
            std::string sel = "Selected sync " + std::to_string(log->syncId);
            if (const auto st = logStatus(*log)) sel += ": " + statusWords(*st, *log);
            if (log->sync) {
                const std::string c = counts(*log->sync);
                if (!c.empty()) sel += ", " + c;
                if (log->sync->errorCount > 0)
                    sel += ", " +
                           plural(static_cast<size_t>(log->sync->errorCount), "error", "errors");
                if (log->sync->warningCount > 0)
                    sel += ", " + plural(static_cast<size_t>(log->sync->warningCount), "warning",
                                         "warnings");
            }
            d.lines.push_back(sel + ".");
            std::string lines = plural(log->store.size(), "log line", "log lines") + " held, " +
                                std::to_string(log->view.shownCount()) + " shown";
            if (!log->view.filter().query.empty())
                lines += ", " + std::to_string(log->view.matchCount()) + " matching “" +
                         log->view.filter().query + "”";
            d.lines.push_back(lines + ".");
            const std::string errors = errorWords(*log);
            if (!errors.empty()) d.lines.push_back(errors);
            d.lines.push_back(log->autoRefresh ? "Auto-refresh is on." : "Auto-refresh is off.");
            break;
        }
        case View::Compare:  // issue 18: run a compared with run b (ui/compare_view.cpp)
            d.heading = "Sync " + std::to_string(s.route.syncId) + " compared with sync " +
                        std::to_string(s.route.compareId);
            d.lines.push_back(s.compare.model.rows().empty()
                                  ? "Reading both logs…"
                                  : std::to_string(s.compare.model.rows().size()) +
                                        " signatures compared.");
            break;
    }
    if (s.view != View::Login && !s.banner.text.empty())
        d.lines.push_back((s.banner.kind == Banner::Kind::Error ? "Error: " : "Note: ") +
                          s.banner.text);
    // Names, searches and messages come from the data: told without what a reader would act on.
    d.heading = copyText(d.heading);
    for (std::string& line : d.lines) line = copyText(line);
    return d;
}

std::string copiedWords(size_t count, bool characters) {
    return "Copied " +
           plural(count, characters ? "character" : "line", characters ? "characters" : "lines");
}

std::string Announcer::toast(uint64_t serial, const std::string& text) {
    if (serial == toastSerial_) return std::string();
    toastSerial_ = serial;
    return text.empty() ? std::string() : copyText(text);
}

std::string Announcer::update(const AppState& s) {
    std::string out;
    auto say = [&out](const std::string& said) {
        const std::string words = copyText(said);  // data told without escapes (describeView)
        if (words.empty()) return;
        if (!out.empty()) out += " ";
        out += words;
    };

    const std::string key = viewKey(s);
    if (key != viewKey_) {
        viewKey_ = key;
        if (started_ || s.view != View::Login) {
            const ViewDescription d = describeView(s);
            std::string words = d.heading + ".";
            if (!d.lines.empty()) words += " " + d.lines.front();
            say(words);
        }
    }

    const std::string banner = s.view == View::Login ? std::string() : s.banner.text;
    if (banner != banner_) {
        banner_ = banner;
        if (!banner.empty()) say((s.banner.kind == Banner::Kind::Error ? "Error: " : "") + banner);
    }

    const LogState* log = s.view == View::Log ? shownLog(s) : nullptr;
    const std::optional<SyncStatus> status = log ? logStatus(*log) : std::nullopt;
    if (log && log->syncId == syncId_ && status && syncStatus_ && !syncWasFinished_ &&
        finished(*status, *log)) {
        std::string words =
            "Sync " + std::to_string(log->syncId) + " finished: " + statusWords(*status, *log);
        if (log->sync && log->sync->status == *status) {
            const std::string c = counts(*log->sync);
            if (!c.empty()) words += ", " + c;
        }
        say(words + ".");
    }
    // Issue 18: a sync gone quiet, told once (again only after lines came and it went quiet again).
    const bool quiet = log && log->quiet;
    if (quiet && !(quietTold_ && log->syncId == syncId_)) say(quietText(*log->quiet) + ".");
    quietTold_ = quiet;
    syncId_ = log ? log->syncId : 0;
    syncStatus_ = status;
    syncWasFinished_ = log && status && finished(*status, *log);
    started_ = true;
    return out;
}

}  // namespace core
