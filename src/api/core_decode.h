// api/core_decode.h — the Patchworks Core API's JSON → model types.
//
// Flows become services, flow runs become syncs, flow-run logs become log lines (see
// DESIGN.md, "The Patchworks Core API dialect"). Items may be flat or JSON:API-style under
// "attributes" (id outside, often a string); numbers may be strings; timestamps carry
// microseconds; log levels come in any case; unknown fields and nulls are ignored. What cannot
// be understood is rejected with a message naming the field ("data[3].status: …").
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/json_read.h"
#include "api/reference_decode.h"
#include "core/model.h"

namespace api {

// GET /flows: "Deployed" (any case) or is_enabled:true → Active, anything else → Inactive.
// Flows have no source, destination, type or schedule: those stay empty.
Decoded<core::ServicesPage> decodeFlowsPage(const std::string& body);
// GET /flow-runs: status 1 running, 2 success, 3 failed, 4 stopped, 5 partial (also as "2" or
// as a word); duration in seconds; no pulled/pushed/warning/error counts (they stay -1).
Decoded<core::SyncsPage> decodeFlowRunsPage(const std::string& body);
// GET /flow-runs/{id}/flow-run-logs: lines with their ids as sent, payload_metadata_id as a
// PayloadRef with only the id set; meta is the paginator's (per_page as the server clamped it),
// lastId the page's newest id, hasMore whether later pages exist; syncStatus is not known.
Decoded<core::LogPage> decodeFlowRunLogsPage(const std::string& body);

// Single items; errors are recorded in `reader` (whose path names the item).
core::Service decodeFlow(const nlohmann::json& item, JsonReader& reader);
core::Sync decodeFlowRun(const nlohmann::json& item, JsonReader& reader);
core::LogLine decodeFlowRunLog(const nlohmann::json& item, JsonReader& reader);

}  // namespace api
