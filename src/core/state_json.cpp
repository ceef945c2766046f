// core/state_json.cpp — see state_json.h.
#include "core/state_json.h"

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace core {
namespace {

// state().log.gap (docs/test-contract.md): null, or the gap between pulled and pushed explained.
nlohmann::json gapJson(const std::optional<GapExplanation>& g) {
    using nlohmann::json;
    if (!g) return nullptr;
    json causes = json::array();
    for (const GapCause& c : g->causes)
        causes.push_back({{"text", c.text},
                          {"count", c.count},
                          {"named", c.named},
                          {"lineCount", c.lineCount},
                          {"lines", c.lines}});
    return {{"notPushed", g->notPushed},     {"causes", std::move(causes)},
            {"unexplained", g->unexplained}, {"named", g->named},
            {"capped", g->capped},           {"soFar", g->soFar},
            {"allRead", g->allRead},         {"text", g->text}};
}

// state().trace (docs/test-contract.md, issue 19): null, or the value traced and its path.
nlohmann::json traceJson(const TraceState& t) {
    using nlohmann::json;
    if (!t.open || !t.result) return nullptr;
    json steps = json::array();
    for (const TraceStep& s : t.result->steps)
        steps.push_back({{"kind", toString(s.kind)},
                         {"fileId", s.kind == TraceKind::Log ? json() : json(s.fileId)},
                         {"fileName", s.kind == TraceKind::Log ? json() : json(s.fileName)},
                         {"record", s.kind == TraceKind::Log ? json() : json(s.record)},
                         {"line", s.line}});
    json missing = json::array();
    for (TraceKind k : t.result->missing) missing.push_back(toString(k));
    return {{"value", t.result->value},
            {"steps", std::move(steps)},
            {"missing", std::move(missing)},
            {"unreadable", t.result->unreadable},
            {"loading", t.loading()},
            {"files", t.files.size()},
            {"logMatches", t.result->logMatches},
            {"text", t.result->text}};
}

}  // namespace

std::string stateJson(const AppState& s, uint64_t frames, uint64_t requests, TimeMs localNow) {
    using nlohmann::json;
    const TimeMs serverNow = localNow + s.serverClockOffsetMs;
    json services = json::array();
    // "… ago" as the rows draw it, by id (separate from the rows, which tests compare with the
    // API's): by the server's clock, not the browser's.
    json ago = {{"services", json::object()}, {"syncs", json::object()}};
    for (size_t i : s.visibleServices) {
        const Service& sv = s.services[i];
        json row = {{"id", sv.id}, {"name", sv.name}, {"status", toString(sv.status)}};
        // The last 24 h (issue 16): null where the API sends no run data (Core flows).
        json runs = nullptr;
        if (sv.hasRuns) {
            runs = json::array();
            for (const ServiceRun& r : sv.runs24h)
                runs.push_back({{"id", r.id}, {"status", toString(r.status)}});
        }
        row["runs"] = std::move(runs);
        row["failed24h"] = sv.hasRuns ? json(sv.failed24h) : json();
        services.push_back(std::move(row));
        if (localNow > 0 && sv.lastSync)
            ago["services"][std::to_string(sv.id)] = formatAgo(sv.lastSync->startedAt, serverNow);
    }
    json syncs = json::array();
    if (s.view == View::Summary) {
        for (size_t i : s.summary.visible) {
            const Sync& y = s.summary.syncs[i];
            const int64_t duration = syncDurationMs(y, serverNow);
            syncs.push_back({{"id", y.id},
                             {"status", statusText(y)},
                             {"durationMs", duration < 0 ? json() : json(duration)},
                             {"durationNote", y.durationNote},
                             {"pulled", y.pulledCount < 0 ? json() : json(y.pulledCount)},
                             {"pushed", y.pushedCount < 0 ? json() : json(y.pushedCount)},
                             {"summary", y.summary},
                             {"quiet", s.summary.isQuiet(y.id)}});
            if (localNow > 0 && y.startedAt > 0)  // else drawn as "—"
                ago["syncs"][std::to_string(y.id)] = formatAgo(y.startedAt, serverNow);
        }
    }
    // The summary's chart: its hourly buckets as held (null until they arrived).
    json chart = nullptr;
    if (s.view == View::Summary && s.summary.bucketsLoaded) {
        chart = json::array();
        for (const TransactionBucket& b : s.summary.buckets)
            chart.push_back({{"at", b.bucketStart},
                             {"pulled", b.pulled},
                             {"pushed", b.pushed},
                             {"failed", b.failed}});
    }
    json log = nullptr;
    if (const LogState* L = s.log.get(); L && s.view == View::Log) {
        const std::optional<SyncStatus> status = L->status;
        log = {
            {"syncId", L->syncId},
            {"status",
             status ? json(statusText(*status, L->sync ? L->sync->statusSent : "")) : json()},
            {"lines", L->store.size()},
            {"firstId", L->store.firstId()},
            {"lastId", L->store.lastId()},
            {"serverLastId", L->serverLastId},
            {"complete", L->complete()},
            {"capped", L->capped},
            {"shown", L->view.shownCount()},
            {"matches", L->view.matchCount()},
            {"autoRefresh", L->autoRefresh},
            {"live", L->live},
            {"following", L->following},
            {"requests", L->requests},
            {"pulled", L->sync && L->sync->pulledCount >= 0 ? json(L->sync->pulledCount) : json()},
            {"pushed", L->sync && L->sync->pushedCount >= 0 ? json(L->sync->pushedCount) : json()}};
        // The signatures panel's rows, in the order shown (most frequent first), and the one
        // shown alone (issue 17).
        json signatures = json::array();
        for (const uint32_t id : L->signatures.byCount()) {
            const Signature& g = *L->signatures.byId(id);
            signatures.push_back({{"id", g.id},
                                  {"level", toString(g.level)},
                                  {"text", g.text},
                                  {"count", g.count},
                                  {"firstLine", g.firstLine},
                                  {"lastLine", g.lastLine}});
        }
        log["signatures"] = std::move(signatures);
        log["signaturesReady"] = L->signatures.ready();
        log["signaturesMs"] = L->signatures.costMs();
        const uint32_t alone = L->view.filter().signature;
        log["signature"] = alone ? json(alone) : json();
        // Issue 18: the quiet mark (silence measured to now when the clock is known) and the bell.
        json quiet = nullptr;
        if (L->quiet)
            quiet = {{"silentMs", localNow > 0 ? serverNow - L->lastLineAt : L->quiet->silentMs},
                     {"typicalMs", L->quiet->typicalMs}};
        log["quiet"] = std::move(quiet);
        log["notify"] = L->notify;
        log["gap"] = gapJson(L->gap.explanation());
        // Issue 19: pull against push, once asked for and every file is in.
        const TraceState& t = s.trace;
        if (log["gap"].is_object() && t.compare && t.syncId == L->syncId) {
            json& g = log["gap"];
            g["filesLoading"] = t.loading();
            if (t.diff) {
                g["records"] = t.diff->error.empty() ? json(t.diff->missing) : json();
                g["recordKey"] = t.diff->key;
                g["recordKeys"] = t.diff->candidates;
                g["recordsText"] = t.diff->text;
            }
        }
    }
    // Issue 18 point 1: run a compared with run b (null members: "—", the dialect has no count).
    json compare = nullptr;
    if (s.view == View::Compare && s.compare.a && s.compare.b) {
        const CompareState& C = s.compare;
        const auto pair = [&](auto get) {
            const LogState* logs[2] = {C.a.get(), C.b.get()};
            json p = json::array();
            for (const LogState* L : logs) {
                const int64_t v = L->sync ? get(*L->sync) : -1;
                p.push_back(v < 0 ? json() : json(v));
            }
            return p;
        };
        json rows = {
            {"pulled", pair([](const Sync& y) { return y.pulledCount; })},
            {"pushed", pair([](const Sync& y) { return y.pushedCount; })},
            {"durationMs", pair([&](const Sync& y) { return syncDurationMs(y, serverNow); })},
            {"warnings", pair([](const Sync& y) { return y.warningCount; })},
            {"errors", pair([](const Sync& y) { return y.errorCount; })}};
        json signatures = json::array();
        for (const ComparedSignature& g : C.model.rows())
            signatures.push_back({{"id", g.id},
                                  {"level", toString(g.level)},
                                  {"text", g.text},
                                  {"countA", g.countA},
                                  {"countB", g.countB},
                                  {"change", toString(g.change)}});
        const auto whole = [](const LogState& L) {
            return L.sync && L.complete() && L.signatures.ready();
        };
        compare = {{"a", C.a->syncId},
                   {"b", C.b->syncId},
                   {"rows", std::move(rows)},
                   {"signatures", std::move(signatures)},
                   {"complete", whole(*C.a) && whole(*C.b)},
                   {"capped", C.a->capped || C.b->capped}};
    }
    json payload = nullptr;
    if (s.payload.open) {
        const PayloadState& p = s.payload;
        payload = {{"open", p.open},
                   {"id", p.ref.id},
                   {"loading", p.loading},
                   {"error", p.errorText},
                   {"fileName", p.file ? json(p.file->fileName) : json()},
                   {"bytes", p.file ? json(p.file->totalBytes) : json()},
                   {"shownBytes", p.file ? json(p.file->bytes.size()) : json()},
                   {"capped", p.file ? p.file->capped() : false}};
    }
    // A token kept and tried again after a failure that says nothing about it (5xx, 429, timeout,
    // dropped connection): the "Signing in… retrying in N s" screen.
    json signInRetry = nullptr;
    if (s.signingIn && s.signInRetry.failures > 0)
        signInRetry = {{"failures", s.signInRetry.failures},
                       {"retryAt", s.signInRetry.retryAt},
                       {"error", s.signInRetry.error}};
    json bells = json::array();  // syncs belled whose log is not shown (core/bell_feed.h)
    for (const auto& b : s.bells) bells.push_back(b.first);
    const json j = {
        {"route", formatRoute(s.route)},
        {"view", toString(s.view)},
        {"auth", toString(s.auth)},
        {"signingIn", s.signingIn},
        {"signInRetry", std::move(signInRetry)},
        {"services", std::move(services)},
        {"servicesLoading", s.servicesLoading},
        {"servicesUpdatedAt", s.servicesFetchedAt ? json(s.servicesFetchedAt) : json()},
        {"summaryUpdatedAt", s.summary.updatedAt ? json(s.summary.updatedAt) : json()},
        {"syncs", std::move(syncs)},
        {"ago", std::move(ago)},
        {"chart", std::move(chart)},
        {"log", std::move(log)},
        {"compare", std::move(compare)},
        {"payload", std::move(payload)},
        {"bells", std::move(bells)},
        {"trace", traceJson(s.trace)},
        {"banner", s.view == View::Login ? s.loginMessage : s.banner.text},
        {"apiWarning", s.apiWarning},
        {"tokensRefused", s.tokensRefused},
        {"frames", frames},
        {"requests", requests},
    };
    // Names come from the network: never abort on invalid UTF-8, replace it.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace core
