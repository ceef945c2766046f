// api/log_scan.h — a direct reader for the reference API's log pages, without a JSON DOM.
//
// A log page is the one answer that comes by the hundred: a million-line log is 200 pages of
// 5,000 lines (about 1 MB of JSON each). nlohmann's DOM parse builds a map per line and costs
// about 6 s per million lines in wasm; this scanner reads the page's usual shape straight into
// LogLines in one pass (measured figures: tests/bench/decode_bench.cpp).
//
// It is a fast path, not a second decoder: it accepts exactly the usual shape —
//   {"data":[{"id":<int>,"at":"<ISO>","level":"<name>","message":"<text>","payload":null|{…}}…],
//    "meta":{"last_id":<int>,"has_more":<bool>,"sync_status":"<status>"}}
// with keys in any order, whitespace anywhere, unknown keys skipped, escapes in strings, and bytes
// that are not valid UTF-8 read as U+FFFD (as JsonReader::parse reads them) — and says "not mine"
// (false) for anything else: numbers sent as strings, items under "attributes", nulls where a
// value is required, an unknown status, a bad time, nesting deeper than 64. decodeLogPage then
// decodes the page through the DOM, which accepts the looser forms or names the field that is
// wrong. For every page it accepts, the result is the one the DOM decoder gives
// (tests/unit/log_scan_test.cpp checks this on many pages).
#pragma once

#include <string>

#include "core/model.h"

namespace api {

// True when `body` had the usual shape and `page` now holds it; false otherwise (`page` is then
// in an unspecified state: reset it).
bool scanLogPage(const std::string& body, core::LogPage& page);

}  // namespace api
