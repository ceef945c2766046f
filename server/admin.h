// server/admin.h — --admin: change the fault injection while the server runs, so an end-to-end
// test can start a fault and stop it again and watch the app recover by itself.
//
//   GET  /admin/faults   → {"latency_ms":0,"fail_rate":0,"drop_rate":0}
//   POST /admin/faults   {"fail_rate":1}  (any of the three keys; the others stay) → the same
//
// Not an API path: never delayed, failed, dropped or rate limited itself; no token. Off unless
// --admin is given: anyone who can reach the server could break it for everyone. Even then, a
// request must carry the admin secret (a random value printed on stderr at start) in the
// X-Admin-Secret header, and its Origin, if any, must be the server's own: a page on another
// site cannot send that header without a preflight the server never grants, nor know the secret,
// and a plain cross-site form post (no custom header) is refused.
#pragma once

#include <httplib.h>

#include "faults.h"

#include <string>

namespace syncscope::server {

inline constexpr const char* kAdminSecretHeader = "X-Admin-Secret";

// Installs the two routes; returns the secret they require (32 hex digits from the OS's entropy
// source), for main.cpp to print on stderr.
std::string install_admin(httplib::Server& server, FaultInjector& faults);

}  // namespace syncscope::server
