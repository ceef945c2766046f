// core/log_text.h — a sync log as plain text: the file "Download" saves (sync-<id>.log) and the
// lines a copy puts on the clipboard.
//
// One log line is one text line: `<ISO time> <LEVEL> <message>` — the time in the zone the user
// chose (UTC ends in "Z", local time carries its offset), the level in the API's word upper-cased
// (DEBUG, INFO, WARNING, ERROR), then the message — or, when copying without times and levels, the
// message alone. Every line ends with '\n'. The download keeps the message exactly as the API sent
// it (a multi-line message keeps its line breaks; escape sequences, control characters and bidi
// controls too: the file is the record); a copy gives it minus those (core/display_text.h,
// copyText), so that pasting a log into a terminal or an editor replays nothing.
// Platform-free: src/web hands the result to the browser.
#pragma once

#include <cstdint>
#include <string>

#include "core/filtered_log.h"
#include "core/log_store.h"
#include "core/time_zone.h"

namespace core {

struct LogState;

struct LogTextOptions {
    TimeZone zone;
    bool withMeta = true;  // time and level before each message
};

const char* levelWord(LogLevel l);  // "DEBUG", "INFO", "WARNING", "ERROR"

// Appends one line (and its '\n'): as sent (the download), or cleaned for a copy.
void appendLogLine(std::string& out, const LogLineView& line, const LogTextOptions& options);
void appendCopiedLine(std::string& out, const LogLineView& line, const LogTextOptions& options);

// Every line held, oldest first.
std::string formatLogText(const LogStore& store, const TimeZone& zone);

// The lines a view shows (after its filters) whose ids lie in [firstId, lastId]: a selection, as
// copied (cleaned).
std::string formatShownLines(const LogStore& store, const FilteredLog& view, int64_t firstId,
                             int64_t lastId, const LogTextOptions& options);
// How many shown lines have ids in [firstId, lastId].
size_t shownLinesBetween(const FilteredLog& view, int64_t firstId, int64_t lastId);

// The downloaded file: the lines held, after a "# " header that says what is missing when this is
// not the sync's whole, final log (older lines still loading, or the sync still running). A whole
// finished log has no header: the file is exactly its lines.
std::string logFileText(const LogState& log, const TimeZone& zone);
std::string logFileName(int64_t syncId);  // "sync-345.log"

}  // namespace core
