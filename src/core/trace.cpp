// core/trace.cpp — see trace.h.
#include "core/trace.h"

#include <algorithm>

#include "core/json_parse.h"
#include "core/log_store.h"

namespace core {

namespace {

char fold(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() &&
           (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

void flatten(const nlohmann::json& v, const std::string& name, PayloadRecord& out, int depth = 0) {
    if (v.is_object()) {
        if (depth >= kRecordDepth) return;  // deeper values are not matched (hostile nesting)
        for (auto it = v.begin(); it != v.end(); ++it)
            flatten(*it, name.empty() ? it.key() : name + "." + it.key(), out, depth + 1);
    } else if (v.is_array()) {
        if (depth >= kRecordDepth) return;
        for (size_t i = 0; i < v.size(); ++i)
            flatten(v[i], name + "[" + std::to_string(i) + "]", out, depth + 1);
    } else if (v.is_string()) {
        out.emplace_back(name, v.get<std::string>());
    } else {
        out.emplace_back(name, v.dump());
    }
}

bool arrayOfObjects(const nlohmann::json& v) {
    return v.is_array() && !v.empty() && v.front().is_object();
}

PayloadRecords jsonRecords(std::string_view bytes) {
    PayloadRecords r;
    r.format = "json";
    const nlohmann::json doc = parseJson(bytes.data(), bytes.data() + bytes.size());
    if (doc.is_discarded()) {
        r.error = "not valid JSON";
        return r;
    }
    const nlohmann::json* list = nullptr;
    if (doc.is_array()) {
        list = &doc;
    } else if (doc.is_object()) {
        // `data` (the demo's and Patchworks' envelope; an empty one is no records), else the
        // largest array of objects.
        const auto data = doc.find("data");
        if (data != doc.end() && data->is_array()) list = &*data;
        for (auto it = doc.begin(); it != doc.end() && data == doc.end(); ++it)
            if (arrayOfObjects(*it) && (!list || it->size() > list->size())) list = &*it;
        if (!list) {  // one record
            PayloadRecord one;
            flatten(doc, "", one);
            r.records.push_back(std::move(one));
            return r;
        }
    }
    if (!list) {
        r.error = "no records (neither an array nor an object)";
        return r;
    }
    for (const nlohmann::json& item : *list) {
        if (!item.is_object()) continue;
        PayloadRecord rec;
        flatten(item, "", rec);
        r.records.push_back(std::move(rec));
    }
    return r;
}

// RFC 4180: fields in double quotes may hold commas, line breaks and "" for a quote.
PayloadRecords csvRecords(std::string_view bytes) {
    PayloadRecords r;
    r.format = "csv";
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false, any = false;
    for (size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (quoted) {
            if (c == '"' && i + 1 < bytes.size() && bytes[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
            continue;
        }
        any = true;
        if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(cell));
            cell.clear();
        } else if (c == '\n') {
            if (!cell.empty() && cell.back() == '\r') cell.pop_back();
            row.push_back(std::move(cell));
            cell.clear();
            rows.push_back(std::move(row));
            row.clear();
            any = false;
        } else {
            cell += c;
        }
    }
    if (any || !cell.empty() || !row.empty()) {
        row.push_back(std::move(cell));
        rows.push_back(std::move(row));
    }
    if (rows.empty()) {
        r.error = "an empty CSV file";
        return r;
    }
    const std::vector<std::string>& header = rows[0];
    for (size_t i = 1; i < rows.size(); ++i) {
        if (rows[i].size() == 1 && rows[i][0].empty()) continue;  // a blank line
        PayloadRecord rec;
        for (size_t j = 0; j < rows[i].size(); ++j)
            rec.emplace_back(j < header.size() ? header[j] : "column " + std::to_string(j + 1),
                             rows[i][j]);
        r.records.push_back(std::move(rec));
    }
    return r;
}

std::string xmlUnescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        const size_t semi = s.find(';', i);
        const std::string_view ent =
            semi == std::string_view::npos ? std::string_view() : s.substr(i + 1, semi - i - 1);
        const char* rep = ent == "amp"    ? "&"
                          : ent == "lt"   ? "<"
                          : ent == "gt"   ? ">"
                          : ent == "quot" ? "\""
                          : ent == "apos" ? "'"
                                          : nullptr;
        if (!rep) {
            out += '&';
            continue;
        }
        out += rep;
        i = semi;
    }
    return out;
}

// The elements under the root are the records; the elements inside them their fields (nested
// ones with dotted names), each with its text.
PayloadRecords xmlRecords(std::string_view s) {
    PayloadRecords r;
    r.format = "xml";
    // Open elements: `depth` of them; the names of the first kRecordDepth + 2 (root, record and
    // the fields read) in `path` — deeper ones are not read (a hostile file's nesting).
    std::vector<std::string> path;
    size_t depth = 0;
    std::string text;
    PayloadRecord rec;
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '<') {
            const size_t next = s.find('<', i);
            text.append(s.substr(i, next == std::string_view::npos ? s.size() - i : next - i));
            i = next == std::string_view::npos ? s.size() : next;
            continue;
        }
        if (s.compare(i, 4, "<!--") == 0) {
            const size_t end = s.find("-->", i + 4);
            i = end == std::string_view::npos ? s.size() : end + 3;
            continue;
        }
        if (s.compare(i, 9, "<![CDATA[") == 0) {
            const size_t end = s.find("]]>", i + 9);
            text.append(s.substr(i + 9, (end == std::string_view::npos ? s.size() : end) - i - 9));
            i = end == std::string_view::npos ? s.size() : end + 3;
            continue;
        }
        const size_t close = s.find('>', i);
        if (close == std::string_view::npos) {
            r.error = "a tag is not closed (at byte " + std::to_string(i) + ")";
            return r;
        }
        std::string_view tag = s.substr(i + 1, close - i - 1);
        i = close + 1;
        if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
        if (tag[0] == '/') {
            if (depth == 0) {
                r.error = "a closing tag without its opening one";
                return r;
            }
            if (depth > path.size()) {  // deeper than a record's fields are read
                --depth;
                text.clear();
                continue;
            }
            if (path.size() >= 3) {  // a field (or a nested one) of a record
                const std::string_view t = trimmed(text);
                if (!t.empty()) {
                    std::string name = path[2];
                    for (size_t k = 3; k < path.size(); ++k) name += "." + path[k];
                    rec.emplace_back(std::move(name), xmlUnescape(t));
                }
            } else if (path.size() == 2) {
                r.records.push_back(std::move(rec));
                rec.clear();
            }
            path.pop_back();
            --depth;
            text.clear();
            continue;
        }
        const bool selfClosing = tag.back() == '/';
        if (selfClosing) tag.remove_suffix(1);
        const size_t nameEnd = tag.find_first_of(" \t\r\n");
        std::string name(tag.substr(0, nameEnd));
        text.clear();
        if (selfClosing) {
            if (depth == 1) r.records.emplace_back();
            continue;
        }
        ++depth;
        if (depth <= static_cast<size_t>(kRecordDepth) + 2) path.push_back(std::move(name));
    }
    if (!path.empty() && r.records.empty()) r.error = "the document ends inside <" + path[0] + ">";
    return r;
}

}  // namespace

const std::string* PayloadRecords::field(size_t i, std::string_view name) const {
    if (i >= records.size()) return nullptr;
    for (const auto& f : records[i])
        if (f.first == name) return &f.second;
    return nullptr;
}

bool equalsFolded(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (fold(a[i]) != fold(b[i])) return false;
    return true;
}

bool containsFolded(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return false;
    if (needle.size() > haystack.size()) return false;
    const char first = fold(needle[0]);
    for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (fold(haystack[i]) != first) continue;
        if (equalsFolded(haystack.substr(i, needle.size()), needle)) return true;
    }
    return false;
}

bool holdsWholeValue(std::string_view line, std::string_view value) {
    value = trimmed(value);
    if (value.empty() || value.size() > line.size()) return false;
    const auto delimiter = [](char c) {
        switch (c) {
            case '"':
            case '\'':
            case ' ':
            case '\t':
            case '\r':
            case ':':
            case ',':
            case ';':
            case '=':
            case '<':
            case '>':
            case '[':
            case ']':
            case '{':
            case '}': return true;
            default: return false;
        }
    };
    for (size_t i = 0; i + value.size() <= line.size(); ++i) {
        if (!equalsFolded(line.substr(i, value.size()), value)) continue;
        const size_t end = i + value.size();
        if ((i == 0 || delimiter(line[i - 1])) && (end == line.size() || delimiter(line[end])))
            return true;
    }
    return false;
}

PayloadRecords parseRecords(std::string_view bytes, std::string_view contentType,
                            std::string_view fileName) {
    const auto has = [](std::string_view s, std::string_view part) {
        return containsFolded(s, part);
    };
    const auto endsWith = [](std::string_view s, std::string_view tail) {
        return s.size() >= tail.size() && equalsFolded(s.substr(s.size() - tail.size()), tail);
    };
    if (has(contentType, "json")) return jsonRecords(bytes);
    if (has(contentType, "csv")) return csvRecords(bytes);
    if (has(contentType, "xml")) return xmlRecords(bytes);
    if (endsWith(fileName, ".json")) return jsonRecords(bytes);
    if (endsWith(fileName, ".csv")) return csvRecords(bytes);
    if (endsWith(fileName, ".xml")) return xmlRecords(bytes);
    const std::string_view t = trimmed(bytes);
    if (!t.empty() && (t[0] == '{' || t[0] == '[')) return jsonRecords(bytes);
    if (!t.empty() && t[0] == '<') return xmlRecords(bytes);
    return csvRecords(bytes);
}

std::vector<size_t> recordsWith(const PayloadRecords& file, std::string_view value) {
    std::vector<size_t> out;
    value = trimmed(value);
    if (value.empty()) return out;
    for (size_t i = 0; i < file.records.size(); ++i) {
        for (const auto& f : file.records[i]) {
            if (equalsFolded(f.second, value)) {
                out.push_back(i);
                break;
            }
        }
    }
    return out;
}

const char* toString(TraceKind k) {
    switch (k) {
        case TraceKind::Pull: return "pull";
        case TraceKind::Script: return "script";
        case TraceKind::Push: return "push";
        case TraceKind::Log: return "log";
    }
    return "log";
}

TraceKind traceKindOf(PayloadKind k) {
    return k == PayloadKind::Pull   ? TraceKind::Pull
           : k == PayloadKind::Push ? TraceKind::Push
                                    : TraceKind::Script;
}

namespace {

// Lines [begin, end) of `store` holding `value` (first line, or anywhere in a multi-line text):
// each counted in `matches`, the first `room` kept as steps in `out`.
void scanLines(std::string_view value, const LogStore& store, size_t begin, size_t end,
               size_t& matches, size_t room, std::vector<TraceStep>& out) {
    store.forEachText(begin, end, [&](size_t i, LogLevel, std::string_view text) {
        const size_t nl = text.find('\n');
        if (!containsFolded(nl == std::string_view::npos ? text : text.substr(0, nl), value) &&
            !(nl != std::string_view::npos && containsFolded(text, value)))
            return;
        ++matches;
        if (out.size() >= room) return;
        TraceStep s;
        s.kind = TraceKind::Log;
        s.line = store.firstId() + static_cast<int64_t>(i);
        s.text = std::string(nl == std::string_view::npos ? text : text.substr(0, nl));
        out.push_back(std::move(s));
    });
}

}  // namespace

void scanLog(std::string_view value, const LogStore& store, TraceLogScan& scan) {
    value = trimmed(value);
    if (scan.value != value || scan.generation != store.generation() || scan.lastId == 0 ||
        store.empty() || store.firstId() > scan.firstId) {
        scan = {};
        scan.value = std::string(value);
        scan.generation = store.generation();
    }
    if (value.empty() || store.empty()) return;
    const auto index = [&](int64_t id) { return static_cast<size_t>(id - store.firstId()); };
    if (scan.lastId == 0) {
        scanLines(value, store, 0, store.size(), scan.matches, kTraceLogStepsKept, scan.steps);
    } else {
        if (store.firstId() < scan.firstId) {  // older lines back-filled: their steps go first
            std::vector<TraceStep> older;
            scanLines(value, store, 0, index(scan.firstId), scan.matches, kTraceLogStepsKept,
                      older);
            older.insert(older.end(), scan.steps.begin(), scan.steps.end());
            if (older.size() > kTraceLogStepsKept) older.resize(kTraceLogStepsKept);
            scan.steps = std::move(older);
        }
        if (store.lastId() > scan.lastId)
            scanLines(value, store, index(scan.lastId) + 1, store.size(), scan.matches,
                      kTraceLogStepsKept, scan.steps);
    }
    scan.firstId = store.firstId();
    scan.lastId = store.lastId();
}

TraceResult traceValue(std::string_view value, const std::vector<TraceFile>& files,
                       const LogStore& store) {
    TraceLogScan scan;
    scanLog(value, store, scan);
    return traceValue(value, files, scan);
}

TraceResult traceValue(std::string_view value, const std::vector<TraceFile>& files,
                       const TraceLogScan& log) {
    TraceResult r;
    value = trimmed(value);
    r.value = std::string(value);
    if (value.empty()) {
        r.text = traceText(r);
        return r;
    }
    bool has[3] = {false, false, false};     // the run has files of the kind, all read
    bool found[3] = {false, false, false};   // …and the value is in one of them
    bool unread[3] = {false, false, false};  // a file of the kind could not be read
    for (const TraceFile& f : files) {
        const auto k = static_cast<size_t>(traceKindOf(f.kind));
        if (!f.records) {
            unread[k] = true;
            r.unreadable.push_back(f.fileName + " " + (f.problem.empty() ? "not read" : f.problem));
            continue;
        }
        has[k] = true;
        for (size_t i : recordsWith(*f.records, value)) {
            found[k] = true;
            TraceStep s;
            s.kind = traceKindOf(f.kind);
            s.fileId = f.id;
            s.fileName = f.fileName;
            s.record = static_cast<int64_t>(i) + 1;
            s.line = f.line;
            r.steps.push_back(std::move(s));
        }
    }
    for (size_t k = 0; k < 3; ++k)
        if (has[k] && !unread[k] && !found[k]) r.missing.push_back(static_cast<TraceKind>(k));
    if (log.value == value) {
        r.logMatches = log.matches;
        r.steps.insert(r.steps.end(), log.steps.begin(), log.steps.end());
    }
    r.text = traceText(r);
    return r;
}

std::string traceText(const TraceResult& r) {
    if (r.value.empty()) return "Type a value to trace.";
    static const char* kDone[3] = {"pulled", "transformed", "pushed"};
    static const char* kNot[3] = {"not pulled", "not transformed", "not pushed"};
    std::vector<std::string> parts;
    for (size_t k = 0; k < 3; ++k) {
        std::vector<const TraceStep*> of;
        for (const TraceStep& s : r.steps)
            if (static_cast<size_t>(s.kind) == k) of.push_back(&s);
        if (!of.empty()) {
            std::string p = std::string(kDone[k]) + " (";
            for (size_t i = 0; i < of.size() && i < 3; ++i) {
                p += (i ? ", record " : "record ") + std::to_string(of[i]->record) + " of " +
                     (k == 1 ? "the custom script's output " + of[i]->fileName : of[i]->fileName);
            }
            if (of.size() > 3) p += " and " + std::to_string(of.size() - 3) + " more";
            parts.push_back(p + ")");
        } else if (std::find(r.missing.begin(), r.missing.end(), static_cast<TraceKind>(k)) !=
                   r.missing.end()) {
            parts.push_back(kNot[k]);
        }
    }
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? " → " : "") + parts[i];
    size_t shown = 0;
    for (const TraceStep& s : r.steps) {
        if (s.kind != TraceKind::Log) continue;
        if (++shown > 3) break;
        std::string text = s.text.size() > 160 ? s.text.substr(0, 157) + "…" : s.text;
        out += (out.empty() ? "log line " : "; log line ") + std::to_string(s.line) + ": " + text;
    }
    if (r.logMatches > 3)
        out += "; and " + std::to_string(r.logMatches - 3) + " more log line" +
               (r.logMatches - 3 == 1 ? "" : "s");
    for (size_t i = 0; i < r.unreadable.size() && i < 2; ++i)
        out += (out.empty() ? "" : "; ") + r.unreadable[i];
    if (r.unreadable.size() > 2)
        out += " and " + std::to_string(r.unreadable.size() - 2) + " more files not read";
    if (out.empty()) return "'" + r.value + "' is in no payload file and no log line of this run";
    return out;
}

}  // namespace core
