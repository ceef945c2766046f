// core/trace.h — trace one record through a run (issue 19 point 2).
//
// A run's payload files (pull, custom script, push) are read into records — a JSON array of
// objects or an object with such an array member, CSV rows under a header, or the elements under
// an XML document's root — and a value (an order number, a SKU, an e-mail) is looked for in them
// as a whole field value, case-insensitively, and in the log's lines as a substring. The answer is
// a path: "pulled (record 9 of pull-1000028-products.json) → transformed (record 9 of the custom
// script's output) → not pushed; log line 6: SKU '…' not found in NetSuite; record 9 of batch 1
// skipped".
//
// Pure logic (no ImGui, no browser); core/trace_feed.h fetches the files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model.h"

namespace core {

class LogStore;

// One record: its fields in file order as (name, value as text). Nested JSON objects and XML
// elements are flattened with dotted names ("shipping_address.zip"); numbers and literals are
// their JSON text.
using PayloadRecord = std::vector<std::pair<std::string, std::string>>;
// Values nested deeper than this inside a record are not read (a hostile file's nesting).
constexpr int kRecordDepth = 32;
// A file bigger than this is not read for a trace (named "too large to read"): its records would
// take many times its size in memory. The demo's largest batch file is about 15 KB.
constexpr size_t kTraceFileMaxBytes = 8 * 1024 * 1024;

struct PayloadRecords {
    std::vector<PayloadRecord> records;
    std::string format;  // "json", "csv", "xml"
    std::string error;   // why the file gave no records ("" when it did)
    bool ok() const { return error.empty(); }
    // The value of `field` in record i, or null.
    const std::string* field(size_t i, std::string_view name) const;
};

// Reads a payload file's records; the format from its content type, else its file name's
// extension, else its first character.
PayloadRecords parseRecords(std::string_view bytes, std::string_view contentType,
                            std::string_view fileName);

// ASCII case-insensitive comparisons (the log search's rule).
bool equalsFolded(std::string_view a, std::string_view b);
bool containsFolded(std::string_view haystack, std::string_view needle);

// Whether a line of a laid-out payload (a JSON member or item, a CSV row, an XML element) holds
// `value` as a whole value, case-insensitively: an occurrence with a delimiter on both sides
// (the line's ends, quotes, a space, `:`, `,`, `;`, `=`, `<`, `>`, brackets), so that "A-1" is
// not found in "A-10" or "A-1-B". The preview uses it to go to a traced record's line.
bool holdsWholeValue(std::string_view line, std::string_view value);

// The records (0-based) holding `value` as a whole field value, case-insensitively.
std::vector<size_t> recordsWith(const PayloadRecords& file, std::string_view value);

enum class TraceKind : uint8_t { Pull, Script, Push, Log };
const char* toString(TraceKind k);  // "pull", "script", "push", "log"
TraceKind traceKindOf(PayloadKind k);

// A run's payload file as the trace reads it. `records` is null while not fetched (or when it
// could not be: `problem` then says why, e.g. "expired").
struct TraceFile {
    int64_t id = 0;
    PayloadKind kind = PayloadKind::Pull;
    std::string fileName;
    int64_t line = 0;  // the log line that stored it
    const PayloadRecords* records = nullptr;
    std::string problem;  // "expired", "not found", "could not be read: …"
};

struct TraceStep {
    TraceKind kind = TraceKind::Pull;
    int64_t fileId = 0;  // pull / script / push
    std::string fileName;
    int64_t record = 0;  // from 1, in its file
    int64_t line = 0;    // log: the line's id; a file: the line that stored it
    std::string text;    // log: the line's first line
};

constexpr size_t kTraceLogStepsKept = 200;

struct TraceResult {
    std::string value;
    std::vector<TraceStep> steps;  // files in log order, then log lines in order
    // The payload kinds the run has files of (all read) that hold the value in none of them.
    std::vector<TraceKind> missing;
    std::vector<std::string> unreadable;  // "pull-….json expired"
    size_t logMatches = 0;                // log lines holding the value (steps keep the first 200)
    std::string text;                     // the path in words (traceText)
};

// The log lines holding a value: scanned once, then only for the lines added since at either end
// (older lines back-filled, new ones), so that a file arriving for the trace does not make a
// 1M-line log be searched again (core/trace_feed.h). A new value or a cleared store scans anew.
struct TraceLogScan {
    std::string value;        // trimmed
    uint64_t generation = 0;  // the store's generation() when scanned
    int64_t firstId = 0;      // the ids scanned, [firstId, lastId] (0, 0: none)
    int64_t lastId = 0;
    size_t matches = 0;            // every line holding the value
    std::vector<TraceStep> steps;  // the first kTraceLogStepsKept of them, in line order
};
void scanLog(std::string_view value, const LogStore& store, TraceLogScan& scan);

// Looks for `value` (trimmed; empty finds nothing) in `files` (in log order) and takes the log's
// lines holding it from `log` (scanLog with the same value).
TraceResult traceValue(std::string_view value, const std::vector<TraceFile>& files,
                       const TraceLogScan& log);
// The same, scanning `store`'s lines at once (for a single trace).
TraceResult traceValue(std::string_view value, const std::vector<TraceFile>& files,
                       const LogStore& store);
std::string traceText(const TraceResult& r);

}  // namespace core
