// core/log_text.cpp — see log_text.h.
#include "core/log_text.h"

#include <algorithm>
#include <limits>

#include "core/app.h"
#include "core/display_text.h"

namespace core {
namespace {

std::string withCommas(int64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

const char* levelWord(LogLevel l) {
    switch (l) {
        case LogLevel::Debug: return "DEBUG";
        case LogLevel::Info: return "INFO";
        case LogLevel::Warning: return "WARNING";
        case LogLevel::Error: return "ERROR";
    }
    return "INFO";
}

namespace {

// "2026-11-28T06:30:00.037Z WARNING " before a line, when the options ask for times and levels.
void appendLineMeta(std::string& out, const LogLineView& line, const LogTextOptions& options) {
    if (options.withMeta) {
        char when[40];
        out.append(when, formatIsoIn(when, sizeof when, line.at, options.zone));
        out += ' ';
        out += levelWord(line.level);
        out += ' ';
    }
}

}  // namespace

void appendLogLine(std::string& out, const LogLineView& line, const LogTextOptions& options) {
    appendLineMeta(out, line, options);
    out.append(line.text.data(), line.text.size());
    out += '\n';
}

void appendCopiedLine(std::string& out, const LogLineView& line, const LogTextOptions& options) {
    appendLineMeta(out, line, options);
    appendCopyText(out, line.text);
    out += '\n';
}

namespace {

// Appends every line held, growing `out` once (a million lines are some 140 MB: a doubling
// string would peak near three times that in wasm memory, which never shrinks).
void appendAllLines(std::string& out, const LogStore& store, const TimeZone& zone) {
    // Time (29 bytes at most), level, two spaces and the newline: 40 a line is enough.
    out.reserve(out.size() + store.textBytes() + store.size() * 40);
    const LogTextOptions options{zone, true};
    for (size_t i = 0; i < store.size(); ++i) appendLogLine(out, store.line(i), options);
}

}  // namespace

std::string formatLogText(const LogStore& store, const TimeZone& zone) {
    std::string out;
    appendAllLines(out, store, zone);
    return out;
}

// The row after the last shown line with id <= lastId (no overflow at the end of int64).
static size_t rowAfter(const FilteredLog& view, int64_t lastId) {
    return lastId == std::numeric_limits<int64_t>::max() ? view.shownCount()
                                                         : view.rowOfId(lastId + 1);
}

size_t shownLinesBetween(const FilteredLog& view, int64_t firstId, int64_t lastId) {
    if (lastId < firstId) return 0;
    const size_t begin = view.rowOfId(firstId), end = rowAfter(view, lastId);
    return end > begin ? end - begin : 0;
}

std::string formatShownLines(const LogStore& store, const FilteredLog& view, int64_t firstId,
                             int64_t lastId, const LogTextOptions& options) {
    std::string out;
    if (lastId < firstId) return out;
    const size_t begin = view.rowOfId(firstId), end = rowAfter(view, lastId);
    for (size_t row = begin; row < end && row < view.shownCount(); ++row) {
        const int64_t id = view.shownId(row);
        if (store.holds(id)) appendCopiedLine(out, store.lineById(id), options);
    }
    return out;
}

std::string logFileText(const LogState& log, const TimeZone& zone) {
    std::string header;
    const LogStore& store = log.store;
    const int64_t newest = std::max(log.serverLastId, store.lastId());
    const std::optional<SyncStatus> status = log.status ? log.status
                                             : log.sync
                                                 ? std::optional<SyncStatus>(log.sync->status)
                                                 : std::nullopt;
    const bool running =
        !status || !syncFinished(*status, log.sync ? log.sync->finishedAt : TimeMs{0});
    const std::string sync = "Sync " + std::to_string(log.syncId);
    if (!log.complete() && !store.empty()) {
        header += log.capped ? "# " + sync +
                                   ": only the newest lines are held (SyncScope's memory limit, "
                                   "logMemoryLimitMB); older lines are not in this file.\n"
                             : "# " + sync +
                                   ": older lines were still loading when this file was saved.\n";
        header += "# It holds lines " + withCommas(store.firstId()) + " to " +
                  withCommas(store.lastId()) + " of " + withCommas(newest) + ".\n";
    }
    if (running)
        header += "# " + sync + " was still running when this file was saved: lines written " +
                  "after line " + withCommas(store.lastId()) + " are not in it.\n";
    appendAllLines(header, store, zone);
    return header;
}

std::string logFileName(int64_t syncId) {
    return "sync-" + std::to_string(syncId) + ".log";
}

}  // namespace core
