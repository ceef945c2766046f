// api/reference_decode.cpp — see reference_decode.h.
#include "api/reference_decode.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "api/log_scan.h"
#include "core/log_store.h"
#include "core/time.h"

namespace api {

using nlohmann::json;

namespace {

core::Endpoint decodeEndpoint(const json& item, const char* key, JsonReader& r) {
    core::Endpoint e;
    const json* o = r.object(item, key, false);
    if (!o) return e;
    JsonReader in = r.nested(key);
    e.system = in.string(*o, "system", false).value_or("");
    e.entity = in.string(*o, "entity", false).value_or("");
    r.absorb(in);
    return e;
}

core::PayloadKind payloadKindFromName(const std::string& name) {
    const std::string k = toLower(name);
    if (k == "push") return core::PayloadKind::Push;
    if (k == "custom_script" || k == "custom-script" || k == "script")
        return core::PayloadKind::CustomScript;
    return core::PayloadKind::Pull;  // the model has no "other" kind
}

// A single item, bare or wrapped as {"data": {...}} (Laravel resources); nullptr on error.
const json* parseSingle(const std::string& body, json& root, JsonReader& r, std::string& error) {
    root = JsonReader::parse(body, error);
    if (!error.empty()) return nullptr;
    if (!root.is_object()) {
        error = "expected an object";
        return nullptr;
    }
    auto data = root.find("data");
    if (data != root.end() && data->is_object()) {
        r = JsonReader("data");
        return &*data;
    }
    return &root;
}

}  // namespace

std::string toLower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string clipForMessage(const std::string& s, size_t max) {
    if (s.size() <= max) return s;
    size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // not mid-character
    return s.substr(0, n) + "…";
}

core::LogLevel logLevelFromName(const std::string& name) {
    const std::string l = toLower(name);
    if (l == "debug" || l == "trace" || l == "verbose") return core::LogLevel::Debug;
    if (l == "warning" || l == "warn") return core::LogLevel::Warning;
    if (l == "error" || l == "err" || l == "critical" || l == "alert" || l == "emergency" ||
        l == "fatal")
        return core::LogLevel::Error;
    return core::LogLevel::Info;  // info, notice and anything new
}

core::Trigger triggerFromName(const std::string& name, std::string& lowerName) {
    lowerName = toLower(name);
    if (lowerName == "schedule" || lowerName == "scheduled") return core::Trigger::Schedule;
    if (lowerName == "manual") return core::Trigger::Manual;
    if (lowerName == "api") return core::Trigger::Api;
    if (lowerName == "retry") return core::Trigger::Retry;
    return core::Trigger::Other;
}

core::TimeMs decodeTime(const json& obj, const char* key, bool required, JsonReader& r) {
    auto text = r.string(obj, key, required);
    if (!text) return 0;
    auto t = core::parseIso8601(*text);
    if (!t) {
        r.fail(r.path(key), "not an ISO-8601 time: \"" + clipForMessage(*text) + "\"");
        return 0;
    }
    return *t;
}

const json* parseDataList(const std::string& body, json& root, std::string& error) {
    root = JsonReader::parse(body, error);
    if (!error.empty()) return nullptr;
    if (!root.is_object()) {
        error = "expected an object with \"data\"";
        return nullptr;
    }
    JsonReader r;
    const json* data = r.array(root, "data", true);
    if (!data) error = r.error();
    return data;
}

namespace {

// `runs_24h` and `failed_24h` (docs/api.md). More tolerant than the fields a row cannot do
// without: a strip is an extra, so a field of the wrong type or a run that cannot be read is left
// out without failing the list. A count missing is counted from the runs; a list missing with the
// count sent keeps the count.
void decodeRuns24h(const json& item, core::Service& s, const JsonReader& r) {
    JsonReader in = r.nested("runs_24h");  // its errors are not absorbed (see above)
    const json* runs = in.array(item, "runs_24h", false);
    const std::optional<int64_t> failed = in.integer(item, "failed_24h", false);
    if (!runs && !failed) return;
    s.hasRuns = true;
    int64_t counted = 0;
    if (runs) {
        for (const json& run : *runs) {
            if (!run.is_object()) continue;
            core::ServiceRun one;
            one.id = in.integer(run, "id", false).value_or(0);
            const auto st = in.string(run, "status", false);
            const auto parsed = st ? core::syncStatusFromString(*st) : std::nullopt;
            if (!parsed) continue;  // a status SyncScope does not know says nothing of the hour
            one.status = *parsed;
            if (const auto at = in.string(run, "started_at", false))
                one.startedAt = core::parseIso8601(*at).value_or(0);
            if (one.startedAt == 0) continue;  // no hour to put it in
            counted +=
                one.status == core::SyncStatus::Failed || one.status == core::SyncStatus::Partial;
            s.runs24h.push_back(one);
        }
        std::stable_sort(s.runs24h.begin(), s.runs24h.end(),
                         [](const core::ServiceRun& a, const core::ServiceRun& b) {
                             return a.startedAt < b.startedAt;
                         });
    }
    s.failed24h = failed && *failed >= 0 ? *failed : counted;
}

}  // namespace

core::Service decodeService(const json& item, JsonReader& r) {
    core::Service s;
    if (!r.expectObject(item)) return s;
    s.id = r.integer(item, "id", true).value_or(0);
    s.name = r.string(item, "name", true).value_or("");
    if (auto st = r.string(item, "status", true)) {
        auto parsed = core::serviceStatusFromString(*st);
        if (!parsed) r.fail(r.path("status"), "unknown status \"" + clipForMessage(*st) + "\"");
        s.status = parsed.value_or(core::ServiceStatus::Inactive);
    }
    s.type = r.string(item, "type", false).value_or("");
    s.companyGroup = r.string(item, "company_group", false).value_or("");
    s.source = decodeEndpoint(item, "source", r);
    s.destination = decodeEndpoint(item, "destination", r);
    s.schedule = r.string(item, "schedule", false).value_or("");
    s.alertsEnabled = r.boolean(item, "alerts_enabled", false).value_or(false);
    if (const json* ls = r.object(item, "last_sync", false)) {
        JsonReader in = r.nested("last_sync");
        core::LastSync last;
        last.id = in.integer(*ls, "id", true).value_or(0);
        if (auto st = in.string(*ls, "status", true)) {
            auto parsed = core::syncStatusFromString(*st);
            if (!parsed)
                in.fail(in.path("status"), "unknown status \"" + clipForMessage(*st) + "\"");
            last.status = parsed.value_or(core::SyncStatus::Queued);
        }
        if (auto at = in.string(*ls, "started_at", false)) {
            auto t = core::parseIso8601(*at);
            if (!t)
                in.fail(in.path("started_at"),
                        "not an ISO-8601 time: \"" + clipForMessage(*at) + "\"");
            last.startedAt = t.value_or(0);
        }
        r.absorb(in);
        s.lastSync = last;
    }
    decodeRuns24h(item, s, r);
    return s;
}

core::PageMeta decodePageMeta(const json& root, size_t itemCount, JsonReader& r) {
    core::PageMeta m;
    m.perPage = static_cast<int64_t>(itemCount);
    m.total = static_cast<int64_t>(itemCount);
    const json* meta = r.object(root, "meta", false);
    if (!meta) return m;
    JsonReader in = r.nested("meta");
    m.currentPage = in.integer(*meta, "current_page", false).value_or(1);
    if (const auto per = in.integer(*meta, "per_page", false)) {
        m.perPage = *per;
        m.perPageStated = true;
    }
    if (const auto total = in.integer(*meta, "total", false)) {
        m.total = *total;
        m.totalStated = true;
    }
    m.lastPage = in.integer(*meta, "last_page", false).value_or(m.currentPage);
    if (m.currentPage < 1)
        in.fail(in.path("current_page"), "a page number must be 1 or more");
    else if (m.lastPage < 0 || m.perPage < 0 || m.total < 0)
        in.fail(in.path(m.lastPage < 0  ? "last_page"
                        : m.perPage < 0 ? "per_page"
                                        : "total"),
                "must not be negative");
    r.absorb(in);
    return m;
}

Decoded<core::ServicesPage> decodeServicesPage(const std::string& body) {
    Decoded<core::ServicesPage> out;
    json root;
    const json* data = parseDataList(body, root, out.error);
    if (!data) return out;
    JsonReader r;
    out.value.services = decodeItems<core::Service>(*data, r, decodeService);
    out.value.meta = decodePageMeta(root, data->size(), r);
    out.error = r.error();
    return out;
}

core::Sync decodeSyncItem(const json& item, JsonReader& r) {
    core::Sync s;
    if (!r.expectObject(item)) return s;
    s.id = r.integer(item, "id", true).value_or(0);
    s.serviceId = r.integer(item, "service_id", false).value_or(0);
    if (auto st = r.string(item, "status", true)) {
        auto parsed = core::syncStatusFromString(toLower(*st));
        if (!parsed) r.fail(r.path("status"), "unknown status \"" + clipForMessage(*st) + "\"");
        s.status = parsed.value_or(core::SyncStatus::Queued);
    }
    if (auto tr = r.string(item, "trigger", false)) s.trigger = triggerFromName(*tr, s.triggerName);
    s.startedAt = decodeTime(item, "started_at", true, r);
    s.finishedAt = decodeTime(item, "finished_at", false, r);
    // Both times known decide the duration (as in the Patchworks dialect); duration_ms is for the
    // rest (a running sync's time so far, a finish time missing).
    s.durationMs = r.integer(item, "duration_ms", false).value_or(-1);
    if (s.startedAt > 0 && s.finishedAt >= s.startedAt) s.durationMs = s.finishedAt - s.startedAt;
    s.pulledCount = r.integer(item, "pulled_count", false).value_or(-1);
    s.pushedCount = r.integer(item, "pushed_count", false).value_or(-1);
    s.warningCount = r.integer(item, "warning_count", false).value_or(-1);
    s.errorCount = r.integer(item, "error_count", false).value_or(-1);
    s.hasWarnings = r.boolean(item, "has_warnings", false).value_or(s.warningCount > 0);
    s.summary = r.string(item, "summary", false).value_or("");
    s.payloadsExpireAt = decodeTime(item, "payloads_expire_at", false, r);
    return s;
}

core::LogLine decodeLogLine(const json& item, JsonReader& r) {
    core::LogLine l;
    if (!r.expectObject(item)) return l;
    l.id = r.integer(item, "id", true).value_or(0);
    l.at = decodeTime(item, "at", true, r);
    l.level = logLevelFromName(r.string(item, "level", false).value_or("info"));
    l.message = r.string(item, "message", true).value_or("");
    if (const json* p = r.object(item, "payload", false)) {
        JsonReader in = r.nested("payload");
        l.payload = decodePayloadRef(*p, in);
        r.absorb(in);
    }
    return l;
}

core::PayloadRef decodePayloadRef(const json& p, JsonReader& in) {
    core::PayloadRef ref;
    ref.id = in.integer(p, "id", true).value_or(0);
    ref.kind = payloadKindFromName(in.string(p, "kind", false).value_or("pull"));
    ref.fileName = in.string(p, "file_name", false).value_or("");
    ref.sizeBytes = in.integer(p, "size_bytes", false).value_or(-1);
    ref.contentType = in.string(p, "content_type", false).value_or("");
    ref.expiresAt = decodeTime(p, "expires_at", false, in);
    return ref;
}

Decoded<core::SyncsPage> decodeSyncsPage(const std::string& body) {
    Decoded<core::SyncsPage> out;
    json root;
    const json* data = parseDataList(body, root, out.error);
    if (!data) return out;
    JsonReader r;
    out.value.syncs = decodeItems<core::Sync>(*data, r, decodeSyncItem);
    out.value.meta = decodePageMeta(root, data->size(), r);
    out.error = r.error();
    return out;
}

Decoded<core::Sync> decodeSync(const std::string& body) {
    Decoded<core::Sync> out;
    json root;
    JsonReader r;
    const json* item = parseSingle(body, root, r, out.error);
    if (!item) return out;
    out.value = decodeSyncItem(*item, r);
    out.error = r.error();
    return out;
}

namespace {

constexpr char kLinesMagic[] = "syncscope-log-lines ";
constexpr int64_t kMaxLineNumber = 1000000000000000;  // ids and times: at most 16 digits

// A field of one line of the lines form: [p, tab or newline), `p` moved past the separator.
// False when the line ends before a separator `want` (a field missing).
bool nextField(const char*& p, const char* end, char want, const char*& from, const char*& to) {
    from = p;
    while (p < end && *p != '\t' && *p != '\n') ++p;
    if (p >= end || *p != want) return false;
    to = p++;
    return true;
}

// Digits only (no sign, no spaces, no "1e3"), at most kMaxLineNumber.
bool digits(const char* from, const char* to, int64_t& out) {
    if (from == to || to - from > 16) return false;
    out = 0;
    for (const char* p = from; p < to; ++p) {
        if (*p < '0' || *p > '9') return false;
        out = out * 10 + (*p - '0');
    }
    return out <= kMaxLineNumber;
}

core::LogLevel levelOf(const char* from, const char* to) {
    const std::string name(from, to);
    if (name == "info") return core::LogLevel::Info;
    if (name == "debug") return core::LogLevel::Debug;
    return logLevelFromName(name);
}

// The message field unescaped into `out`, invalid UTF-8 read as U+FFFD; false on an unknown escape.
// Runs of plain ASCII (most of a log) are appended whole.
bool unescapeMessage(const char* from, const char* to, std::string& out) {
    out.reserve(static_cast<size_t>(to - from));
    for (const char* p = from; p < to;) {
        const char* run = p;
        while (p < to && *p != '\\' && static_cast<unsigned char>(*p) < 0x80) ++p;
        out.append(run, static_cast<size_t>(p - run));
        if (p >= to) break;
        if (*p == '\\') {
            if (p + 1 >= to) return false;
            switch (p[1]) {
                case '\\': out += '\\'; break;
                case 't': out += '\t'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                default: return false;
            }
            p += 2;
        } else {
            const size_t n = utf8SequenceLength(p, to);
            if (n == 0) {
                out += "\xEF\xBF\xBD";
                ++p;
            } else {
                out.append(p, n);
                p += static_cast<ptrdiff_t>(n);
            }
        }
    }
    return true;
}

// The lines form read line by line into `store`: each line with id below `keepBelowId` (every
// line when 0), in order. The page's meta go into the answer's page. On an error the store may
// have taken some lines: the caller drops it.
Decoded<core::LogPage> readLogLines(const std::string& body, int64_t keepBelowId,
                                    core::LogStore& store) {
    Decoded<core::LogPage> out;
    core::LogPage& page = out.value;
    const char* p = body.data();
    const char* const end = p + body.size();
    const size_t magic = sizeof(kLinesMagic) - 1;
    const size_t headerEnd = body.find('\n');
    if (body.compare(0, magic, kLinesMagic) != 0 || headerEnd == std::string::npos) {
        out.error = "not a log in the lines form (no header line)";
        return out;
    }
    // "1 <count> <last_id> <0|1> <status>"
    const std::string header = body.substr(magic, headerEnd - magic);
    std::vector<std::string> words;
    for (size_t at = 0; at <= header.size();) {
        size_t space = header.find(' ', at);
        if (space == std::string::npos) space = header.size();
        words.push_back(header.substr(at, space - at));
        at = space + 1;
    }
    int64_t version = 0;
    int64_t count = 0;
    if (words.size() != 5 || !digits(words[0].data(), words[0].data() + words[0].size(), version) ||
        version != 1) {
        out.error =
            "header: expected \"syncscope-log-lines 1 <count> <last_id> <has_more> "
            "<status>\", got \"" +
            clipForMessage(header) + "\"";
        return out;
    }
    if (!digits(words[1].data(), words[1].data() + words[1].size(), count)) {
        out.error = "header: count: expected a number, got \"" + clipForMessage(words[1]) + "\"";
        return out;
    }
    if (!digits(words[2].data(), words[2].data() + words[2].size(), page.lastId)) {
        out.error = "header: last_id: expected a number, got \"" + clipForMessage(words[2]) + "\"";
        return out;
    }
    if (words[3] != "0" && words[3] != "1") {
        out.error = "header: has_more: expected 0 or 1, got \"" + clipForMessage(words[3]) + "\"";
        return out;
    }
    page.hasMore = words[3] == "1";
    page.syncStatus = core::syncStatusFromString(toLower(words[4]));
    if (!page.syncStatus) {
        out.error = "header: unknown status \"" + clipForMessage(words[4]) + "\"";
        return out;
    }
    p = body.data() + headerEnd + 1;
    int64_t read = 0;
    int64_t previousId = 0;
    const auto fail = [&](const std::string& what) {
        out.error = "line " + std::to_string(read + 1) + ": " + what;
        return out;
    };
    std::string message;  // one buffer for every line's unescaped message
    std::optional<core::PayloadRef> payload;
    while (p < end) {
        if (read == count) return fail("more lines than the header's " + std::to_string(count));
        core::LogLineView l;
        const char *from, *to;
        if (!nextField(p, end, '\t', from, to)) return fail("id: field missing");
        if (!digits(from, to, l.id) || l.id < 1)
            return fail("id: expected a number, got \"" + clipForMessage(std::string(from, to)) +
                        "\"");
        if (!nextField(p, end, '\t', from, to)) return fail("at: field missing");
        if (!digits(from, to, l.at))
            return fail("at: expected Unix milliseconds, got \"" +
                        clipForMessage(std::string(from, to)) + "\"");
        if (!nextField(p, end, '\t', from, to)) return fail("level: field missing");
        l.level = levelOf(from, to);
        if (!nextField(p, end, '\t', from, to)) return fail("message: field missing");
        message.clear();
        if (!unescapeMessage(from, to, message)) return fail("message: unknown escape");
        if (!nextField(p, end, '\n', from, to)) return fail("payload: field missing or line cut");
        payload.reset();
        if (from != to) {
            std::string error;
            const json parsed = JsonReader::parse(std::string(from, to), error);
            if (!error.empty()) return fail("payload: " + error);
            if (!parsed.is_object()) return fail("payload: expected an object");
            JsonReader in("payload");
            payload = decodePayloadRef(parsed, in);
            if (!in.ok()) return fail(in.error());
        }
        if (read > 0 && l.id != previousId + 1)
            return fail("id " + std::to_string(l.id) + " does not follow " +
                        std::to_string(previousId));
        l.text = message;
        l.payload = payload ? &*payload : nullptr;
        if (keepBelowId <= 0 || l.id < keepBelowId) store.append(l);
        previousId = l.id;
        ++read;
    }
    if (read != count) {
        return fail("the body ends after " + std::to_string(read) + " of " + std::to_string(count) +
                    " lines (cut short)");
    }
    if (read > 0) page.lastId = std::max(page.lastId, previousId);
    page.meta.perPage = read;
    page.meta.total = read;
    return out;
}

}  // namespace

Decoded<core::LogPage> decodeLogLinesPacked(const std::string& body, int64_t keepBelowId) {
    auto store = std::make_shared<core::LogStore>();
    Decoded<core::LogPage> out = readLogLines(body, keepBelowId, *store);
    if (!out.error.empty()) return out;
    store->shrinkToFit();  // the log's store adopts its chunks as they are
    out.value.packed = std::move(store);
    return out;
}

// Through the store too (one reader of the form in the wasm), then copied out as LogLines: the
// app reads bulk pages packed; this is for answers in the form it did not ask for, and tests.
Decoded<core::LogPage> decodeLogLines(const std::string& body) {
    Decoded<core::LogPage> out = decodeLogLinesPacked(body);
    if (!out.value.packed) return out;
    const core::LogStore& store = *out.value.packed;
    out.value.lines.reserve(store.size());
    for (size_t i = 0; i < store.size(); ++i) {
        const core::LogLineView v = store.line(i);
        core::LogLine& l = out.value.lines.emplace_back();
        l.id = v.id;
        l.at = v.at;
        l.level = v.level;
        l.message.assign(v.text.data(), v.text.size());
        if (v.payload) l.payload = *v.payload;
    }
    out.value.packed.reset();
    return out;
}

bool isLogLines(const std::string& body) {
    return body.compare(0, sizeof(kLinesMagic) - 1, kLinesMagic) == 0;
}

Decoded<core::LogPage> decodeLogPage(const std::string& body) {
    Decoded<core::LogPage> out;
    if (isLogLines(body)) return decodeLogLines(body);
    if (scanLogPage(body, out.value)) return out;  // the usual shape, without a DOM
    out.value = {};
    return decodeLogPageDom(body);
}

Decoded<core::LogPage> decodeLogPageDom(const std::string& body) {
    Decoded<core::LogPage> out;
    json root;
    const json* data = parseDataList(body, root, out.error);
    if (!data) return out;
    JsonReader r;
    core::LogPage& page = out.value;
    page.lines = decodeItems<core::LogLine>(*data, r, decodeLogLine);
    for (const core::LogLine& l : page.lines) page.lastId = std::max(page.lastId, l.id);
    page.meta.perPage = static_cast<int64_t>(page.lines.size());
    page.meta.total = static_cast<int64_t>(page.lines.size());
    if (const json* meta = r.object(root, "meta", false)) {
        JsonReader in = r.nested("meta");
        page.lastId = in.integer(*meta, "last_id", false).value_or(page.lastId);
        page.hasMore = in.boolean(*meta, "has_more", false).value_or(false);
        if (auto st = in.string(*meta, "sync_status", false)) {
            page.syncStatus = core::syncStatusFromString(toLower(*st));
            if (!page.syncStatus)
                in.fail(in.path("sync_status"), "unknown status \"" + clipForMessage(*st) + "\"");
        }
        if (page.lastId < 0) in.fail(in.path("last_id"), "negative line id");
        r.absorb(in);
    }
    out.error = r.error();
    return out;
}

Decoded<std::vector<core::TransactionBucket>> decodeTransactions(const std::string& body) {
    Decoded<std::vector<core::TransactionBucket>> out;
    const json root = JsonReader::parse(body, out.error);
    if (!out.error.empty()) return out;
    const json* list = &root;
    std::string prefix;
    if (root.is_object()) {
        auto data = root.find("data");
        if (data != root.end() && data->is_array()) list = &*data, prefix = "data";
    }
    if (!list->is_array()) {
        out.error = "expected an array of buckets";
        return out;
    }
    JsonReader r;
    out.value.reserve(list->size());
    for (size_t i = 0; i < list->size() && r.ok(); ++i) {
        const json& item = (*list)[i];
        JsonReader in(prefix + "[" + std::to_string(i) + "]");
        core::TransactionBucket b;
        if (in.expectObject(item)) {
            b.bucketStart = decodeTime(item, "bucket_start", true, in);
            b.pulled = in.integer(item, "pulled", false).value_or(0);
            b.pushed = in.integer(item, "pushed", false).value_or(0);
            b.failed = in.integer(item, "failed", false).value_or(0);
        }
        r.absorb(in);
        out.value.push_back(b);
    }
    out.error = r.error();
    return out;
}

Decoded<LoginAnswer> decodeLoginAnswer(const std::string& body) {
    Decoded<LoginAnswer> out;
    json root;
    JsonReader r;
    const json* item = parseSingle(body, root, r, out.error);
    if (!item) return out;
    out.value.token = r.string(*item, "token", true).value_or("");
    if (r.ok() && out.value.token.empty()) r.fail(r.path("token"), "empty");
    out.value.expiresInSeconds = r.integer(*item, "expires_in", false).value_or(0);
    out.error = r.error();
    return out;
}

}  // namespace api
