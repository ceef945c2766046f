// server/main.cpp — syncscope-server's entry point: reads the options, builds the demo data,
// wires the API, the static site and the headers every answer needs into one cpp-httplib
// server, prints the demo link once the socket is bound, and stops cleanly on SIGINT/SIGTERM.
//
// Why the thread pool is set here: Debian's cpp-httplib 0.11 is a compiled library, and the
// Server constructor that picks the default pool (CPPHTTPLIB_THREAD_POOL_COUNT, 8 threads on
// small machines) is inside it — a -D on our side changes nothing there. Each idle keep-alive
// connection from a browser holds one pool thread, so a browser plus pollers starves 8 threads;
// we install our own pool of CPPHTTPLIB_THREAD_POOL_COUNT (64 from the build) and shorten the
// keep-alive so idle connections give their thread back quickly.
#ifndef CPPHTTPLIB_THREAD_POOL_COUNT
#define CPPHTTPLIB_THREAD_POOL_COUNT 64  // hand builds; CMake passes it
#endif

#include "access_log.h"
#include "admin.h"
#include "api_routes.h"
#include "auth.h"
#include "compression.h"
#include "cors.h"
#include "demo_data.h"
#include "faults.h"
#include "host_check.h"
#include "options.h"
#include "response_headers.h"
#include "static_site.h"

#include <httplib.h>

#include <pthread.h>
#include <sys/socket.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

namespace {

using namespace syncscope::server;

constexpr time_t kKeepAliveSeconds = 2;
constexpr std::size_t kKeepAliveMaxRequests = 100;
// How long a client may leave an answer unread before the server gives it up. cpp-httplib's
// default, 5 s, cut a 200 MB payload download whose reader paused on a loaded machine (the body
// stops at whatever the socket's buffers held); a file server waits longer (nginx: 60 s).
constexpr time_t kWriteTimeoutSeconds = 60;
constexpr std::size_t kMaxRequestBody = 1 << 20;
constexpr int kListenBacklog = 1024;  // the kernel caps it at net.core.somaxconn

// Text for answers that no handler wrote a body for.
const char* status_text(int status) {
    switch (status) {
        case 404: return "Not found";
        case 405: return "Method not allowed";
        case 413: return "Payload too large";
        case 414: return "URI too long";
        case 416: return "Range not satisfiable";
        case 431: return "Request header fields too large";
        default: return status >= 500 ? "Internal server error" : "Bad request";
    }
}

// The host to put in the printed link: a wildcard address is reached through loopback.
std::string link_host(const std::string& host) {
    if (host == "0.0.0.0") return "127.0.0.1";
    if (host == "::" || host == "[::]") return "[::1]";
    if (host.find(':') != std::string::npos && host.front() != '[') return "[" + host + "]";
    return host;
}

void install_handlers(httplib::Server& server, const ApiContext& api, const CorsPolicy& cors,
                      const StaticSite& site) {
    register_api_routes(server, api);  // first: routes are tried in registration order
    server.Get(".*", [&site](const httplib::Request& req, httplib::Response& res) {
        site.handle(req, res);
    });
    server.Options(".*", [&cors](const httplib::Request& req, httplib::Response& res) {
        cors.answer_preflight(req, res);
    });

    // Called for every status >= 400, also when a handler already wrote a body: fill in only
    // the empty ones (unmatched routes, httplib's own 400/413/414 for malformed requests).
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty() || res.content_provider_) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            const std::string text = status_text(res.status);
            if (is_api_path(req.path)) {
                send_error(res, res.status, text + ".");
            } else {
                res.set_content(text + "\n", "text/plain; charset=utf-8");
            }
            return httplib::Server::HandlerResponse::Handled;
        }));

    server.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
            std::string what = "unknown exception";
            try {
                if (error) std::rethrow_exception(error);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            std::fprintf(stderr, "syncscope-server: error in %s handler: %s\n", req.method.c_str(),
                         what.c_str());
            // Drop whatever the handler had started to answer.
            res.headers.clear();
            res.body.clear();
            res.content_length_ = 0;
            res.content_provider_ = nullptr;
            if (is_api_path(req.path)) {
                send_error(res, 500, "Internal server error.");
            } else {
                res.status = 500;
                res.set_content("Internal server error\n", "text/plain; charset=utf-8");
            }
        });
}

// The Host check (host_check.h), for every route: true when it answered the request itself.
bool refuse_foreign_host(const HostCheck& hosts, const httplib::Request& req,
                         httplib::Response& res) {
    std::string text;
    if (!req.has_header("Host")) {
        res.status = 400;
        text = "Bad request: the request has no Host header.";
    } else if (!hosts.allows(req.get_header_value("Host"), req.local_addr)) {
        // 421 Misdirected Request: this server is not the one the Host header names.
        res.status = 421;
        text =
            "Misdirected request: the Host header does not name this server. It answers to "
            "127.0.0.1, localhost, [::1], the address it listens on, and the names given with "
            "--host-name.";
    } else {
        return false;
    }
    if (is_api_path(req.path)) {
        send_error(res, res.status, text);
    } else {
        res.set_content(text + "\n", "text/plain; charset=utf-8");
    }
    return true;
}

// The hooks around every request: timing, the Host check, Accept-Encoding and fault injection
// before routing; headers, compression, drops and byte counting after; the access log once the
// answer is written. cpp-httplib 0.11 runs the post-routing hook inside write_response for every
// answer — routed, answered by the pre-routing hook (429, injected 5xx), error or exception — so
// CORS and compression reach all of them. It runs after the library's own compression and Range
// slicing (which is why API requests lose their Accept-Encoding before routing: see compression.h).
void install_request_hooks(httplib::Server& server, FaultInjector& faults, const CorsPolicy& cors,
                           const HostCheck& hosts, const std::string& csp,
                           const syncscope::demo::SimClock& clock) {
    server.set_pre_routing_handler(
        [&faults, &hosts](const httplib::Request& req, httplib::Response& res) {
            begin_request_record(req);
            if (refuse_foreign_host(hosts, req, res))
                return httplib::Server::HandlerResponse::Handled;
            take_accept_encoding(req);  // API answers are compressed by us, at level 1, not httplib
            return faults.before_routing(req, res) ? httplib::Server::HandlerResponse::Handled
                                                   : httplib::Server::HandlerResponse::Unhandled;
        });

    // After every answer and before it is written.
    server.set_post_routing_handler([&faults, &cors, &clock, csp](const httplib::Request& req,
                                                                  httplib::Response& res) {
        apply_common_headers(res, is_api_path(req.path) || is_fault_path(req.path), clock.now());
        apply_security_headers(res, csp);  // the deploy templates' CSP and Referrer-Policy
        cors.apply(req, res);
        compress_api_answer(req, res);   // before the drop: a cut answer is cut compressed
        faults.after_routing(req, res);  // last but one: it may turn the body into a provider
        count_body_bytes(req, res);      // last: counts what the provider really writes
    });

    server.set_logger(write_access_log);
}

}  // namespace

int main(int argc, char** argv) {
    const ParseResult parsed = parse_options(argc, argv, std::getenv("PORT"));
    if (parsed.action == ParseResult::Action::Help) {
        std::cout << usage_text("syncscope-server");
        return 0;
    }
    if (parsed.action == ParseResult::Action::Error) {
        std::cerr << "syncscope-server: " << parsed.error << "\nTry 'syncscope-server --help'.\n";
        return 2;
    }
    const ServerOptions& options = parsed.options;

    // SIGINT/SIGTERM are blocked in every thread (the pool inherits the mask) and taken by
    // sigwait in one thread, which may then call Server::stop() — unsafe in a signal handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the server

    // The simulation starts at the real time; --speed makes its clock run faster from there.
    const std::int64_t start_ms = syncscope::demo::SimClock::real_now_ms();
    const syncscope::demo::SimClock clock(start_ms, start_ms, options.speed);
    syncscope::demo::Simulation sim(syncscope::demo::SimulationConfig{
        options.seed, options.services, start_ms, options.big_sync_lines, options.big_sync_live,
        options.hostile_sync, options.big_payload_mb, options.quiet_sync_s * 1000});
    const syncscope::demo::DemoData& data = sim.base();
    TokenAuth auth(options.token, options.token_ttl_seconds, options.forbidden_token);
    const CorsPolicy cors(options.allowed_origins);
    const StaticSite site(options.web_root);
    FaultInjector faults(FaultOptions{options.latency_ms, options.fail_rate, options.drop_rate,
                                      options.rate_limit_per_minute, options.seed});
    faults.set_credential_check(
        [&auth](const std::string& authorization) { return auth.valid_credential(authorization); });

    std::error_code ec;
    if (!std::filesystem::is_directory(options.web_root, ec)) {
        std::cerr << "syncscope-server: warning: web root '" << options.web_root
                  << "' is not a directory; only the API will answer\n";
    }

    httplib::Server server;
    server.new_task_queue = [] { return new httplib::ThreadPool(CPPHTTPLIB_THREAD_POOL_COUNT); };
    server.set_keep_alive_timeout(kKeepAliveSeconds);
    server.set_keep_alive_max_count(kKeepAliveMaxRequests);
    server.set_write_timeout(kWriteTimeoutSeconds, 0);
    server.set_payload_max_length(kMaxRequestBody);
    // cpp-httplib's default sets SO_REUSEPORT, which lets a second server bind a port that is
    // already listening and quietly share it; SO_REUSEADDR alone only skips TIME_WAIT, so a busy
    // port fails to bind, as it should.
    // The callback also hands us the listening socket, for the backlog fix after the bind.
    socket_t listen_socket = INVALID_SOCKET;
    server.set_socket_options([&listen_socket](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listen_socket = sock;  // the last one made is the one that bound
    });
    std::string admin_secret;
    if (options.admin) admin_secret = install_admin(server, faults);  // before the catch-all GET
    ApiContext api{sim, clock, auth, options.patchworks};
    // Patchworks variants, sort (issue 14)
    api.patchworks_ignore_sort = options.patchworks_ignore_sort;
    api.patchworks_reject_sort = options.patchworks_reject_sort;
    api.no_bulk_logs = options.no_bulk_logs;
    install_handlers(server, api, cors, site);
    const HostCheck hosts(options.host, options.host_names);
    install_request_hooks(server, faults, cors, hosts,
                          content_security_policy(options.allowed_origins), clock);

    int port = options.port;
    if (port == 0) {
        port = server.bind_to_any_port(options.host);
    } else if (!server.bind_to_port(options.host, port)) {
        port = -1;
    }
    if (port <= 0) {
        std::cerr << "syncscope-server: cannot listen on " << options.host << ":" << options.port
                  << "\n";
        return 1;
    }
    // The library listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled in): a burst
    // of new connections — pollers waking together, a browser opening its six — overflows it,
    // and each dropped SYN costs the client a 1 s, then 3 s retransmit. Measured: 64 requests
    // at once took up to 8 s. Linux lets listen() on a listening socket raise its backlog.
    if (listen_socket != INVALID_SOCKET && ::listen(listen_socket, kListenBacklog) != 0) {
        std::cerr << "syncscope-server: warning: cannot raise the listen backlog\n";
    }

    std::cerr << "syncscope-server: " << data.services.size() << " services (seed " << options.seed
              << "), site from '" << options.web_root << "'\n";
    if (options.admin) {
        // On stderr, before the link: whoever started the server can read it, a web page cannot.
        std::cerr << "syncscope-server: admin secret (send it as " << kAdminSecretHeader
                  << " to /admin/faults): " << admin_secret << std::endl;
    }
    // The one line on stdout; tests read the port from it, so it comes only after the bind.
    std::cout << "SyncScope demo: http://" << link_host(options.host) << ":" << port
              << "/#token=" << options.token << std::endl;

    std::atomic<bool> finished{false};
    std::atomic<bool> stop_requested{false};
    std::thread stopper([&] {
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
        if (finished) return;  // woken by main after the server ended on its own
        stop_requested = true;
        faults.stop();  // requests sleeping out --latency-ms answer now instead of holding stop()
        // stop() only acts on a running server, so wait for listen_after_bind to start.
        while (!finished) {
            if (server.is_running()) {
                server.stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });

    const bool ok = stop_requested ? true : server.listen_after_bind();
    finished = true;
    if (!stop_requested) pthread_kill(stopper.native_handle(), SIGTERM);  // wake sigwait
    stopper.join();
    if (stop_requested) {
        std::cerr << "syncscope-server: stopped\n";
        return 0;
    }
    return ok ? 0 : 1;
}
