// api/patchworks_decode.h — the Patchworks Core API's JSON → model types.
//
// Flows become services, flow runs become syncs, flow-run logs become log lines (see
// docs/api.md, "Patchworks Core dialect"). Items may be flat or JSON:API-style under
// "attributes" (id outside, often a string); numbers may be strings; timestamps carry
// microseconds; log levels come in any case; unknown fields and nulls are ignored. What cannot
// be understood is rejected with a message naming the field ("data[3].status: …").
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/json_read.h"
#include "api/reference_decode.h"
#include "core/model.h"

namespace api {

// GET /flows: "Deployed" (any case) or is_enabled:true → Active, anything else → Inactive.
// Flows have no source, destination, type or schedule: those stay empty.
Decoded<core::ServicesPage> decodeFlowsPage(const std::string& body);
// GET /flow-runs: status 1 running, 2 success, 3 failed, 4 stopped, 5 partial (also as "2" or
// as a word); any other status is Unknown with statusSent as sent ("unknown (7)"), never an
// error. No pulled/pushed/warning/error counts (they stay -1). Durations: finish − start when
// both are known; else `duration` (kept as durationSent) in the unit learnt from this page's
// runs that have both times, or the plausible one (settleRunDurations).
Decoded<core::SyncsPage> decodeFlowRunsPage(const std::string& body);

// The unit of Patchworks' `duration` is not documented (the demo sends seconds, other servers
// milliseconds). Each run with both times votes for the unit its `duration` agrees with; a
// backend keeps the votes of every page of its server.
struct DurationUnitEvidence {
    int seconds = 0;
    int milliseconds = 0;
};
void learnDurationUnit(const std::vector<core::Sync>& runs, DurationUnitEvidence& evidence);
// Sets durationMs of the runs missing a time from their durationSent: in the unit the evidence
// says (seconds on a tie); without any, in the plausible unit (plausibleAsSeconds), with a
// durationNote saying it was guessed. `serverNow` 0: unknown.
void settleRunDurations(std::vector<core::Sync>& runs, const DurationUnitEvidence& evidence,
                        core::TimeMs serverNow);
// Whether `sent` reads better as seconds than as milliseconds: a fraction is seconds; as seconds
// over kMostPlausibleSeconds, or ending after `serverNow` (plus a minute), it is milliseconds.
constexpr double kMostPlausibleSeconds = 6 * 3600;
bool plausibleAsSeconds(double sent, core::TimeMs startedAt, core::TimeMs serverNow);
// GET /flow-runs/{id}/flow-run-logs: lines with their ids as sent, payload_metadata_id as a
// PayloadRef with only the id set; meta is the paginator's (per_page as the server clamped it),
// lastId the page's newest id, hasMore whether later pages exist; syncStatus is not known.
Decoded<core::LogPage> decodeFlowRunLogsPage(const std::string& body);

// Single items; errors are recorded in `reader` (whose path names the item).
core::Service decodeFlow(const nlohmann::json& item, JsonReader& reader);
core::Sync decodeFlowRun(const nlohmann::json& item, JsonReader& reader);
core::LogLine decodeFlowRunLog(const nlohmann::json& item, JsonReader& reader);

}  // namespace api
