// server/options.cpp — parses the demo server's command line into ServerOptions. Accepts
// "--name value" and "--name=value"; every value is checked, so a typo fails loudly (exit 2 in
// main) instead of starting a server that behaves unexpectedly.
#include "options.h"

#include <cctype>
#include <cstdlib>
#include <limits>

namespace syncscope::server {

namespace {

// Strict unsigned decimal: digits only, no sign, no spaces, no overflow.
bool parse_u64(const std::string& text, std::uint64_t& out) {
    if (text.empty() || text.size() > 20) return false;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
        value = value * 10 + digit;
    }
    out = value;
    return true;
}

bool parse_int_in(const std::string& text, int lo, int hi, int& out) {
    std::uint64_t value = 0;
    if (!parse_u64(text, value) || value < static_cast<std::uint64_t>(lo) ||
        value > static_cast<std::uint64_t>(hi)) {
        return false;
    }
    out = static_cast<int>(value);
    return true;
}

// Strict decimal number ("0.25", "3", "1e-3" refused): digits with at most one point.
bool parse_double_in(const std::string& text, double lo, double hi, double& out) {
    if (text.empty() || text.size() > 32) return false;
    bool point = false, digit = false;
    for (char c : text) {
        if (c == '.' && !point) {
            point = true;
        } else if (c >= '0' && c <= '9') {
            digit = true;
        } else {
            return false;
        }
    }
    if (!digit) return false;
    const double value = std::strtod(text.c_str(), nullptr);
    if (value < lo || value > hi) return false;
    out = value;
    return true;
}

// The token goes into the printed link's fragment (#token=...) and into HTTP headers, so it is
// limited to characters that need no escaping in either place.
bool valid_token(const std::string& token) {
    if (token.empty() || token.size() > 512) return false;
    for (unsigned char c : token) {
        if (!std::isalnum(c) && c != '-' && c != '_' && c != '.' && c != '~' && c != '+' &&
            c != '/' && c != '=') {
            return false;
        }
    }
    return true;
}

// An origin as browsers send it: scheme://host[:port], no path, no trailing slash.
bool valid_origin(const std::string& origin) {
    std::string rest;
    if (origin.rfind("http://", 0) == 0) {
        rest = origin.substr(7);
    } else if (origin.rfind("https://", 0) == 0) {
        rest = origin.substr(8);
    } else {
        return false;
    }
    if (rest.empty()) return false;
    for (unsigned char c : rest) {
        if (c <= ' ' || c >= 0x7f || c == '/' || c == '?' || c == '#' || c == '@') return false;
    }
    return true;
}

// A --host-name: a DNS name or an address, as a Host header would give it (no port).
bool valid_host_name(const std::string& name) {
    if (name.empty() || name.size() > 253) return false;
    for (unsigned char c : name) {
        if (!std::isalnum(c) && c != '-' && c != '.' && c != '_' && c != ':' && c != '[' &&
            c != ']') {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string usage_text(const char* program) {
    std::string name = program && *program ? program : "syncscope-server";
    return "Usage: " + name +
           " [options]\n"
           "SyncScope demo server: serves the built site and a simulated reference API.\n"
           "\n"
           "  --host H            address to listen on (default 127.0.0.1)\n"
           "  --port N            port (default $PORT, else 8080; 0 = pick a free port)\n"
           "  --web-root DIR      the built site to serve (default build/web)\n"
           "  --token T           the demo token, accepted as 'Bearer T' or raw\n"
           "                      (default syncscope-demo-token)\n"
           "  --services N        number of simulated services (default 12)\n"
           "  --seed N            seed for the simulated data (default 1)\n"
           "  --speed N           simulated time runs N times faster (default 1)\n"
           "  --big-sync-lines N  add a finished 'benchmark' sync with N log lines (default 0)\n"
           "  --big-sync-live     the benchmark sync starts now and runs, writing 100 lines a\n"
           "                      simulated second (--speed 10: 1,000 a second) until it has\n"
           "                      --big-sync-lines\n"
           "  --hostile-sync      add a finished sync whose log and payload hold hostile data\n"
           "                      (1 MB line, bad UTF-8, control characters, 10 MB payload…)\n"
           "  --big-payload-mb N  give the hostile sync (implied) an N MB payload too (1-2048)\n"
           "  --quiet-sync [S]    one service's sync starts now, writes its first lines, then\n"
           "                      writes nothing for S simulated seconds (default 180), then\n"
           "                      writes again and finishes as usual\n"
           "  --token-ttl S       the demo token expires after S seconds (default: never)\n"
           "  --forbidden-token T a token the API knows but answers with 403 (not allowed)\n"
           "  --latency-ms N      delay every API answer by N ms (default 0)\n"
           "  --fail-rate R       answer this share (0-1) of API requests with a 5xx (default 0)\n"
           "  --drop-rate R       close the connection mid-answer for this share (default 0)\n"
           "  --rate-limit N      API requests a minute per caller, token bucket; 0 = off (240)\n"
           "  --admin             serve GET/POST /admin/faults to change the faults while\n"
           "                      running (for tests; never on a shared network); requests\n"
           "                      need the secret printed on stderr, as X-Admin-Secret\n"
           "  --core-ignore-sort  Core dialect: ignore `sort` on flow-runs and flow-run-logs and\n"
           "                      answer oldest first, as a server that does not sort would\n"
           "  --no-bulk-logs      no bulk form of logs: format=lines is a 400, as on a reference\n"
           "                      server that predates it\n"
           "  --core-reject-sort  Core dialect: answer 422 to any request with a `sort`\n"
           "  --core-duration-ms  Core dialect: a run's duration in milliseconds (not seconds)\n"
           "  --core-no-links     Core dialect: list answers without the envelope's links\n"
           "  --core-status-7     Core dialect: every fifth run (id divisible by 5) has status 7\n"
           "  --allow-origin O    allow cross-origin requests from O, and let O frame the\n"
           "                      site, e.g. http://localhost:5173 (repeatable)\n"
           "  --host-name NAME    also answer requests whose Host header names NAME (besides\n"
           "                      127.0.0.1, localhost, [::1] and --host); repeatable\n"
           "  --help              show this help\n"
           "\n"
           "Prints 'SyncScope demo: http://HOST:PORT/#token=TOKEN' once listening.\n";
}

ParseResult parse_options(int argc, const char* const* argv, const char* port_env) {
    ParseResult result;
    ServerOptions& o = result.options;
    const auto fail = [&result](std::string message) {
        result.action = ParseResult::Action::Error;
        result.error = std::move(message);
        return result;
    };

    bool port_given = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i] ? argv[i] : "";
        if (arg == "--help" || arg == "-h") {
            result.action = ParseResult::Action::Help;
            return result;
        }
        if (arg == "--hostile-sync") {  // flags without a value
            o.hostile_sync = true;
            continue;
        }
        if (arg == "--big-sync-live") {
            o.big_sync_live = true;
            continue;
        }
        // --quiet-sync [S]: S is optional (alone: 180 s), so it is taken only when it is a number.
        if (arg == "--quiet-sync" || arg.rfind("--quiet-sync=", 0) == 0) {
            std::string value = "180";
            if (arg != "--quiet-sync") {
                value = arg.substr(13);
            } else if (i + 1 < argc && argv[i + 1] && argv[i + 1][0] >= '0' &&
                       argv[i + 1][0] <= '9') {
                value = argv[++i];
            }
            int seconds = 0;
            if (!parse_int_in(value, 1, 86400, seconds)) {
                return fail("--quiet-sync must be a number of seconds from 1 to 86400, got '" +
                            value + "'");
            }
            o.quiet_sync_s = seconds;
            continue;
        }
        if (arg == "--admin") {
            o.admin = true;
            continue;
        }
        // Patchworks Core variants, sort (issue 14).
        if (arg == "--core-ignore-sort") {
            o.patchworks_ignore_sort = true;
            continue;
        }
        if (arg == "--no-bulk-logs") {
            o.no_bulk_logs = true;
            continue;
        }
        if (arg == "--core-reject-sort") {
            o.patchworks_reject_sort = true;
            continue;
        }
        if (arg == "--core-duration-ms" || arg == "--core-no-links" || arg == "--core-status-7") {
            bool& flag = arg == "--core-duration-ms" ? o.patchworks.duration_ms
                         : arg == "--core-no-links"  ? o.patchworks.no_links
                                                     : o.patchworks.status_7;
            flag = true;
            continue;
        }
        std::string name = arg;
        std::string value;
        bool has_value = false;
        const auto eq = arg.find('=');
        if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
            has_value = true;
        }
        const bool known = name == "--host" || name == "--port" || name == "--web-root" ||
                           name == "--token" || name == "--services" || name == "--seed" ||
                           name == "--allow-origin" || name == "--speed" ||
                           name == "--big-sync-lines" || name == "--token-ttl" ||
                           name == "--latency-ms" || name == "--fail-rate" ||
                           name == "--drop-rate" || name == "--rate-limit" || name == "--host-name";
        const bool big_payload = name == "--big-payload-mb";  // hostile_data.h
        if (!known && !big_payload && name != "--forbidden-token")
            return fail("unknown option '" + name + "'");
        if (!has_value) {
            if (i + 1 >= argc || !argv[i + 1]) return fail("option " + name + " needs a value");
            value = argv[++i];
        }

        if (name == "--host") {
            if (value.empty()) return fail("--host needs a non-empty address");
            o.host = value;
        } else if (name == "--port") {
            if (!parse_int_in(value, 0, 65535, o.port)) {
                return fail("--port must be a number from 0 to 65535, got '" + value + "'");
            }
            port_given = true;
        } else if (name == "--web-root") {
            if (value.empty()) return fail("--web-root needs a directory");
            o.web_root = value;
        } else if (name == "--token") {
            if (!valid_token(value)) {
                return fail("--token must be 1-512 characters of A-Z a-z 0-9 - _ . ~ + / =");
            }
            o.token = value;
        } else if (name == "--forbidden-token") {
            if (!valid_token(value)) {
                return fail(
                    "--forbidden-token must be 1-512 characters of A-Z a-z 0-9 - _ . ~ + / =");
            }
            o.forbidden_token = value;
        } else if (name == "--services") {
            if (!parse_int_in(value, 1, 10000, o.services)) {
                return fail("--services must be a number from 1 to 10000, got '" + value + "'");
            }
        } else if (name == "--seed") {
            if (!parse_u64(value, o.seed)) {
                return fail("--seed must be a non-negative integer, got '" + value + "'");
            }
        } else if (name == "--speed") {
            if (!parse_double_in(value, 0.01, 10000.0, o.speed)) {
                return fail("--speed must be a number from 0.01 to 10000, got '" + value + "'");
            }
        } else if (name == "--big-sync-lines") {
            int lines = 0;
            if (!parse_int_in(value, 0, 10000000, lines)) {
                return fail("--big-sync-lines must be a number from 0 to 10000000, got '" + value +
                            "'");
            }
            o.big_sync_lines = lines;
        } else if (name == "--big-payload-mb") {
            int mb = 0;
            if (!parse_int_in(value, 1, 2048, mb)) {
                return fail("--big-payload-mb must be a number from 1 to 2048, got '" + value +
                            "'");
            }
            o.big_payload_mb = mb;
            o.hostile_sync = true;
        } else if (name == "--token-ttl") {
            int ttl = 0;
            if (!parse_int_in(value, 1, 100000000, ttl)) {
                return fail("--token-ttl must be a number of seconds from 1, got '" + value + "'");
            }
            o.token_ttl_seconds = ttl;
        } else if (name == "--latency-ms") {
            if (!parse_int_in(value, 0, 600000, o.latency_ms)) {
                return fail("--latency-ms must be a number from 0 to 600000, got '" + value + "'");
            }
        } else if (name == "--fail-rate") {
            if (!parse_double_in(value, 0.0, 1.0, o.fail_rate)) {
                return fail("--fail-rate must be a number from 0 to 1, got '" + value + "'");
            }
        } else if (name == "--drop-rate") {
            if (!parse_double_in(value, 0.0, 1.0, o.drop_rate)) {
                return fail("--drop-rate must be a number from 0 to 1, got '" + value + "'");
            }
        } else if (name == "--rate-limit") {
            if (!parse_int_in(value, 0, 1000000, o.rate_limit_per_minute)) {
                return fail("--rate-limit must be a number from 0 to 1000000, got '" + value + "'");
            }
        } else if (name == "--allow-origin") {
            if (!valid_origin(value)) {
                return fail("--allow-origin must look like https://host[:port], got '" + value +
                            "'");
            }
            o.allowed_origins.push_back(value);
        } else if (name == "--host-name") {
            if (!valid_host_name(value)) {
                return fail("--host-name must be a host name or address without a port, got '" +
                            value + "'");
            }
            std::string lower;
            for (unsigned char c : value) lower += static_cast<char>(std::tolower(c));
            o.host_names.push_back(lower);
        }
    }

    if (o.patchworks_ignore_sort && o.patchworks_reject_sort) {
        return fail("--core-ignore-sort and --core-reject-sort cannot both be given");
    }
    if (!port_given && port_env && *port_env) {
        if (!parse_int_in(port_env, 0, 65535, o.port)) {
            return fail(std::string("$PORT must be a number from 0 to 65535, got '") + port_env +
                        "'");
        }
    }
    return result;
}

}  // namespace syncscope::server
