// server/hostile_data.h — the --hostile-sync option's sync: a finished sync whose log and payload
// hold the input a log viewer must survive (docs/demo-server.md, docs/reliability.md):
//   * a 1 MB line, and a 100,000-character message (Cyrillic, Greek, Latin; 2-byte characters);
//   * raw bytes that are not UTF-8 (sent as they are: the API does not repair them);
//   * control characters and ANSI escape sequences (sent as JSON escapes, \u001b…);
//   * a 10 MB JSON payload (one line, minified), attached to a line;
//   * 5,000 lines of nonsense: random printable and non-printable bytes, odd levels, lengths 0 to
//     2,000, every 50th holding the word "ZEBRA-42" for searches (100 lines in all);
//   * a message of seven lines (an API's error answer), right before the last line.
// The first line says what follows; the summary contains "hostile". Deterministic: no seed.
#pragma once

#include <cstdint>

#include "demo_data.h"

namespace syncscope::demo {

inline constexpr std::int64_t kHostileNonsenseLines = 5000;
inline constexpr std::int64_t kHostileNeedleEvery = 50;  // nonsense lines with "ZEBRA-42"
inline constexpr std::int64_t kHostileLongLineBytes = 1024 * 1024;
inline constexpr std::int64_t kHostileLongMessageChars = 100000;
inline constexpr std::int64_t kHostilePayloadBytes = 10 * 1024 * 1024;  // at least
// Appended to the name of the service that holds the hostile sync: "##" cut labels built from
// data short; the escape and the bidi override must not reach a copy, the title or a reader.
inline constexpr const char* kHostileServiceNameSuffix =
    " ##EU \x1b[31mred\x1b[0m RTL \xe2\x80\xae"
    "desrever";

// big_payload_mb > 0 (--big-payload-mb): line 8 stores one more payload, of that many MB
// (JSON, id×10+2, "hostile-<id>-<N>mb.json"); the lines after it move down one.
SyncPlan plan_hostile_sync(std::int64_t id, std::int64_t service_id, std::int64_t start_ms,
                           std::int64_t big_payload_mb = 0);

}  // namespace syncscope::demo
