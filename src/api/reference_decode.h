// api/reference_decode.h — the reference API's JSON → model types.
//
// Accepts what a robust client must: unknown fields, numbers as strings, items flat or under
// "attributes", null or missing optional fields, Laravel timestamps with microseconds. Rejects
// what it cannot understand with a message naming the field; never aborts, never throws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/json_read.h"
#include "core/model.h"

namespace api {

template <class T>
struct Decoded {
    T value{};
    std::string error;  // empty when decoding succeeded
};

Decoded<core::ServicesPage> decodeServicesPage(const std::string& body);
// One service object; errors are recorded in `reader` (whose path names the item).
core::Service decodeService(const nlohmann::json& item, JsonReader& reader);
// The paginator envelope's "meta"; missing meta means one complete page.
core::PageMeta decodePageMeta(const nlohmann::json& root, size_t itemCount, JsonReader& reader);

// The answer to POST /login.
struct LoginAnswer {
    std::string token;
    int64_t expiresInSeconds = 0;  // 0: not said
};

Decoded<core::SyncsPage> decodeSyncsPage(const std::string& body);
Decoded<core::Sync> decodeSync(const std::string& body);
// {"data":[line…], "meta":{"last_id","has_more","sync_status"}}; without meta, last_id is the
// newest line of the page and has_more is false.
Decoded<core::LogPage> decodeLogPage(const std::string& body);
// The same through nlohmann's DOM: what decodeLogPage falls back to when the page is not in the
// usual shape that scanLogPage (log_scan.h) reads directly. Kept separate for the tests that
// check both give the same result.
Decoded<core::LogPage> decodeLogPageDom(const std::string& body);
// The bulk "lines" form of a log page (docs/api.md, "Logs in bulk"): a header line
// `syncscope-log-lines 1 <count> <last_id> <has_more 0|1> <sync_status>`, then `count` lines
// `<id>\t<at, Unix ms>\t<level>\t<message, \\ \t \n \r escaped>\t<payload JSON or nothing>`,
// each ending in a newline. Strict: a number that is not digits, a field missing, fewer or more
// lines than the header says (a truncated body), an unknown escape or status is an error naming
// the line; bytes that are not valid UTF-8 in a message are read as U+FFFD, as in JSON.
// decodeLogPage reads this form when the body starts with "syncscope-log-lines ".
Decoded<core::LogPage> decodeLogLines(const std::string& body);
// Whether `body` is in the lines form (starts with its header's magic word).
bool isLogLines(const std::string& body);
// The same, decoded straight into a LogStore of its own (`page.packed`; `page.lines` stays empty),
// keeping only the lines with id < keepBelowId (all when 0): a bulk page of 50,000 lines then costs
// its text and 16 bytes a line, not a LogLine and a string each, and its text chunks are adopted
// by the log's store (LogStore::prependStore) instead of copied (issue 20, memory).
Decoded<core::LogPage> decodeLogLinesPacked(const std::string& body, int64_t keepBelowId = 0);
// A bare array [{bucket_start, pulled, pushed, failed}] (also accepted under "data").
Decoded<std::vector<core::TransactionBucket>> decodeTransactions(const std::string& body);
Decoded<LoginAnswer> decodeLoginAnswer(const std::string& body);

// One sync / log line object; errors are recorded in `reader` (whose path names the item).
core::Sync decodeSyncItem(const nlohmann::json& item, JsonReader& reader);
core::LogLine decodeLogLine(const nlohmann::json& item, JsonReader& reader);
core::PayloadRef decodePayloadRef(const nlohmann::json& payload, JsonReader& reader);

// Helpers shared by both dialects.
// Parses `body` and finds its "data" array; on failure `error` names the problem.
const nlohmann::json* parseDataList(const std::string& body, nlohmann::json& root,
                                    std::string& error);
// An ISO-8601 time field (Laravel's microseconds accepted); 0 when absent and optional.
core::TimeMs decodeTime(const nlohmann::json& obj, const char* key, bool required,
                        JsonReader& reader);
// A log level in any case, with common aliases ("WARN", "notice", "CRITICAL"); unknown → Info.
core::LogLevel logLevelFromName(const std::string& name);
// A trigger name lower-cased, and the Trigger it maps to (Other for names the model lacks).
core::Trigger triggerFromName(const std::string& name, std::string& lowerName);
std::string toLower(std::string s);
// At most `max` bytes of `s` for an error message, cut at a UTF-8 character boundary.
std::string clipForMessage(const std::string& s, size_t max = 40);

}  // namespace api
