// server/options.h — the demo server's command line: one options struct with its defaults, and
// the parser that fills it (or says why it cannot). No I/O here; main.cpp prints and exits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace syncscope::server {

// How the Patchworks dialect (/core/api/v1) differs from its documented shapes, to test SyncScope
// against servers that behave differently where the documentation is silent (issue 14).
struct PatchworksVariants {
    bool duration_ms = false;  // --core-duration-ms: a run's `duration` in milliseconds
    bool no_links = false;     // --core-no-links: list answers without the envelope's `links`
    bool status_7 = false;     // --core-status-7: every fifth run (id % 5 == 0) has status 7
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0 = let the OS pick a free port
    std::string web_root = "build/web";
    std::string token = "syncscope-demo-token";  // accepted as "Bearer <token>" and raw
    int services = 12;
    std::uint64_t seed = 1;
    std::vector<std::string> allowed_origins;  // exact matches, e.g. "http://localhost:5173"
    // Names the Host header may give besides 127.0.0.1, localhost, [::1] and --host
    // (host_check.h), e.g. "syncscope.internal"; lower case.
    std::vector<std::string> host_names;

    // Simulation.
    double speed = 1.0;                  // simulated time runs this many times faster
    std::int64_t big_sync_lines = 0;     // adds a finished "benchmark" sync with this many lines
    std::int64_t token_ttl_seconds = 0;  // 0: the demo token never expires
    std::string forbidden_token;         // answered 403 on every API path ("" none)
    bool hostile_sync = false;           // adds a finished sync full of hostile data
    std::int64_t big_payload_mb = 0;     // > 0: the hostile sync also has a payload this big
    bool big_sync_live = false;          // the benchmark sync starts now and runs (live)
    std::int64_t quiet_sync_s = 0;       // > 0: one running sync goes silent this long (issue 18)
    bool admin = false;                  // serve /admin/faults (change faults while running)
    PatchworksVariants patchworks;       // the Patchworks dialect's variants (--core-…)

    // Fault injection: API paths only, never the static site.
    int latency_ms = 0;               // added before every API answer
    double fail_rate = 0.0;           // share of API requests answered 5xx (0..1)
    double drop_rate = 0.0;           // share of API requests whose connection is closed mid-answer
    int rate_limit_per_minute = 240;  // token bucket per token; 0 turns it off

    // Patchworks Core variants, sort (issue 14): how a real Patchworks server may treat `sort`.
    // ignore: /core answers in its own order (oldest first) whatever `sort` says;
    // reject: /core answers 422 to any request that has a `sort`.
    bool patchworks_ignore_sort = false;
    bool patchworks_reject_sort = false;
    // --no-bulk-logs: the reference API as it was before its bulk form: format=lines is a 400
    // (a server SyncScope must still back-fill, in JSON pages; issue 20).
    bool no_bulk_logs = false;
};

struct ParseResult {
    enum class Action { Run, Help, Error };
    Action action = Action::Run;
    ServerOptions options;
    std::string error;  // for Action::Error: what was wrong, one line
};

// `port_env` is $PORT (nullptr when unset); it is the default when --port is not given.
ParseResult parse_options(int argc, const char* const* argv, const char* port_env);

std::string usage_text(const char* program);

}  // namespace syncscope::server
