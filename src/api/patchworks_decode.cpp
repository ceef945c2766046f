// api/patchworks_decode.cpp — see patchworks_decode.h.
#include "api/patchworks_decode.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace api {

using nlohmann::json;

namespace {

bool allDigits(const std::string& s) {
    return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    });
}

std::optional<core::SyncStatus> runStatus(const std::string& text) {
    if (allDigits(text)) {
        switch (std::stoi(text)) {
            case 1: return core::SyncStatus::Running;
            case 2: return core::SyncStatus::Success;
            case 3: return core::SyncStatus::Failed;
            case 4: return core::SyncStatus::Stopped;
            case 5: return core::SyncStatus::Partial;
            default: return std::nullopt;
        }
    }
    std::string word = toLower(text);
    std::replace(word.begin(), word.end(), '_', ' ');
    if (word == "partial success" || word == "partially successful")
        return core::SyncStatus::Partial;
    if (word == "successful" || word == "succeeded" || word == "completed")
        return core::SyncStatus::Success;
    if (word == "error") return core::SyncStatus::Failed;
    return core::syncStatusFromString(word);
}

// The paginator meta, also in the JSON:API forms meta.page{currentPage,perPage,lastPage,total}
// and meta.pagination{current_page,per_page,total_pages,total}.
core::PageMeta decodePatchworksMeta(const json& root, size_t itemCount, JsonReader& r) {
    core::PageMeta m = decodePageMeta(root, itemCount, r);
    const json* meta = r.object(root, "meta", false);
    if (meta && r.ok() && !meta->contains("current_page")) {
        JsonReader in = r.nested("meta");
        struct Keys {
            const char* obj;
            const char* current;
            const char* perPage;
            const char* last;
        };
        for (const Keys& k : {Keys{"page", "currentPage", "perPage", "lastPage"},
                              Keys{"pagination", "current_page", "per_page", "total_pages"}}) {
            const json* p = in.object(*meta, k.obj, false);
            if (!p) continue;
            JsonReader pin = in.nested(k.obj);
            m.currentPage = pin.integer(*p, k.current, false).value_or(1);
            if (const auto per = pin.integer(*p, k.perPage, false)) {
                m.perPage = *per;
                m.perPageStated = true;
            }
            if (const auto total = pin.integer(*p, "total", false)) {
                m.total = *total;
                m.totalStated = true;
            }
            m.lastPage = pin.integer(*p, k.last, false).value_or(m.currentPage);
            in.absorb(pin);
            break;
        }
        r.absorb(in);
    }
    if (m.perPage <= 0 && itemCount > 0) m.perPage = static_cast<int64_t>(itemCount);
    if (r.ok() && m.lastPage < m.currentPage && itemCount > 0) m.lastPage = m.currentPage;
    return m;
}

}  // namespace

core::Service decodeFlow(const json& item, JsonReader& r) {
    core::Service s;
    if (!r.expectObject(item)) return s;
    s.id = r.integer(item, "id", true).value_or(0);
    s.name = r.string(item, "name", true).value_or("");
    const std::string status = toLower(r.string(item, "status", false).value_or(""));
    const bool enabled = r.boolean(item, "is_enabled", false).value_or(false);
    s.status = (status == "deployed" || enabled) ? core::ServiceStatus::Active
                                                 : core::ServiceStatus::Inactive;
    s.companyGroup = r.string(item, "company_group", false).value_or("");
    return s;
}

core::Sync decodeFlowRun(const json& item, JsonReader& r) {
    core::Sync s;
    if (!r.expectObject(item)) return s;
    s.id = r.integer(item, "id", true).value_or(0);
    s.serviceId = r.integer(item, "flow_id", false).value_or(0);
    if (auto st = r.string(item, "status", true)) {
        // A status outside 1–5 (or a word SyncScope does not know) is shown as "unknown (7)",
        // finished when the run has a finish time: never a reason to refuse the page.
        auto parsed = runStatus(*st);
        s.status = parsed.value_or(core::SyncStatus::Unknown);
        if (!parsed) s.statusSent = clipForMessage(*st, 24);
    }
    if (auto tr = r.string(item, "trigger", false)) s.trigger = triggerFromName(*tr, s.triggerName);
    s.startedAt = decodeTime(item, "started_at", false, r);
    s.finishedAt = decodeTime(item, "finished_at", false, r);
    // `duration`'s unit is not documented: kept as sent, read as seconds (the demo's unit) until
    // settleRunDurations decides. Both times known decide the duration whatever it says.
    const json* d = JsonReader::field(item, "duration");
    if (d && d->is_number_float()) {
        const double v = d->get<double>();
        if (!std::isfinite(v) || v < 0 || v > 1e12)
            r.fail(r.path("duration"), "not a duration in seconds");
        else
            s.durationSent = v;
    } else if (auto v = r.integer(item, "duration", false)) {
        if (*v < 0 || *v > 1000000000000LL)  // ×1000 must not overflow
            r.fail(r.path("duration"), "not a duration in seconds");
        else
            s.durationSent = static_cast<double>(*v);
    }
    if (s.durationSent >= 0) s.durationMs = std::llround(s.durationSent * 1000.0);
    if (s.startedAt > 0 && s.finishedAt >= s.startedAt) s.durationMs = s.finishedAt - s.startedAt;
    s.hasWarnings = r.boolean(item, "has_warnings", false).value_or(false);
    s.summary = r.string(item, "summary", false).value_or("");
    return s;
}

namespace {

bool bothTimes(const core::Sync& s) {
    return s.startedAt > 0 && s.finishedAt >= s.startedAt;
}

std::string sentText(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

}  // namespace

void learnDurationUnit(const std::vector<core::Sync>& runs, DurationUnitEvidence& evidence) {
    for (const core::Sync& s : runs) {
        if (!bothTimes(s) || s.durationSent < 0) continue;
        const double span = static_cast<double>(s.finishedAt - s.startedAt);
        if (span < 1000) continue;  // under a second, 0 or 1 s and n ms cannot be told apart
        const double asSeconds = std::fabs(s.durationSent * 1000.0 - span);
        const double asMillis = std::fabs(s.durationSent - span);
        const double slack = span / 2 + 1000;
        if (asSeconds < asMillis && asSeconds <= slack)
            ++evidence.seconds;
        else if (asMillis < asSeconds && asMillis <= slack)
            ++evidence.milliseconds;
    }
}

bool plausibleAsSeconds(double sent, core::TimeMs startedAt, core::TimeMs serverNow) {
    if (sent != std::floor(sent)) return true;       // milliseconds come whole
    if (sent > kMostPlausibleSeconds) return false;  // over 6 h as seconds
    if (startedAt > 0 && serverNow > 0 &&            // would end in the future
        static_cast<double>(startedAt) + sent * 1000.0 > static_cast<double>(serverNow) + 60000.0)
        return false;
    return true;
}

void settleRunDurations(std::vector<core::Sync>& runs, const DurationUnitEvidence& evidence,
                        core::TimeMs serverNow) {
    const bool learnt = evidence.seconds + evidence.milliseconds > 0;
    for (core::Sync& s : runs) {
        s.durationNote.clear();
        if (s.durationSent < 0 || bothTimes(s)) continue;
        bool seconds;
        if (learnt) {
            seconds = evidence.seconds >= evidence.milliseconds;
        } else {
            seconds = plausibleAsSeconds(s.durationSent, s.startedAt, serverNow);
            // Said where the duration shown comes from `duration` (a running run with a start
            // is timed to now instead).
            if (!core::syncFinished(s) && s.startedAt > 0) {
                s.durationMs = std::llround(seconds ? s.durationSent * 1000.0 : s.durationSent);
                continue;
            }
            s.durationNote = "Guessed: the server does not say the unit of this run's duration (" +
                             sentText(s.durationSent) +
                             ") and sent no run with both a start and a finish time to learn it "
                             "from; read as " +
                             (seconds ? "seconds" : "milliseconds") + ", the more plausible.";
        }
        s.durationMs = std::llround(seconds ? s.durationSent * 1000.0 : s.durationSent);
    }
}

core::LogLine decodeFlowRunLog(const json& item, JsonReader& r) {
    core::LogLine l;
    if (!r.expectObject(item)) return l;
    l.id = r.integer(item, "id", true).value_or(0);
    l.level = logLevelFromName(r.string(item, "log_level", false).value_or("info"));
    l.message = r.string(item, "log_message", false).value_or("");
    l.at = decodeTime(item, "created_at", false, r);
    if (auto pid = r.integer(item, "payload_metadata_id", false)) {
        core::PayloadRef ref;
        ref.id = *pid;
        l.payload = ref;
    }
    return l;
}

Decoded<core::ServicesPage> decodeFlowsPage(const std::string& body) {
    Decoded<core::ServicesPage> out;
    json root;
    const json* data = parseDataList(body, root, out.error);
    if (!data) return out;
    JsonReader r;
    out.value.services = decodeItems<core::Service>(*data, r, decodeFlow);
    out.value.meta = decodePatchworksMeta(root, data->size(), r);
    out.error = r.error();
    return out;
}

Decoded<core::SyncsPage> decodeFlowRunsPage(const std::string& body) {
    Decoded<core::SyncsPage> out;
    json root;
    const json* data = parseDataList(body, root, out.error);
    if (!data) return out;
    JsonReader r;
    out.value.syncs = decodeItems<core::Sync>(*data, r, decodeFlowRun);
    out.value.meta = decodePatchworksMeta(root, data->size(), r);
    DurationUnitEvidence evidence;  // this page's: the backend settles again with its server's
    learnDurationUnit(out.value.syncs, evidence);
    settleRunDurations(out.value.syncs, evidence, 0);
    out.error = r.error();
    return out;
}

Decoded<core::LogPage> decodeFlowRunLogsPage(const std::string& body) {
    Decoded<core::LogPage> out;
    json root;
    const json* data = parseDataList(body, root, out.error);
    if (!data) return out;
    JsonReader r;
    core::LogPage& page = out.value;
    page.lines = decodeItems<core::LogLine>(*data, r, decodeFlowRunLog);
    page.meta = decodePatchworksMeta(root, data->size(), r);
    // Lines are numbered from the log's length (patchworks_backend.h): without it the newest page
    // would pass for the whole log, so a page that does not say it is refused, not guessed.
    if (r.ok() && !page.meta.totalStated)
        r.fail("meta.total", "missing: the log's length is needed to number its lines");
    for (const core::LogLine& l : page.lines) page.lastId = std::max(page.lastId, l.id);
    page.hasMore = page.meta.currentPage < page.meta.lastPage;
    out.error = r.error();
    return out;
}

}  // namespace api
