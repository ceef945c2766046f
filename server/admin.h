// server/admin.h — --admin: change the fault injection while the server runs, so an end-to-end
// test can start a fault and stop it again and watch the app recover by itself.
//
//   GET  /admin/faults   → {"latency_ms":0,"fail_rate":0,"drop_rate":0}
//   POST /admin/faults   {"fail_rate":1}  (any of the three keys; the others stay) → the same
//
// Not an API path: never delayed, failed, dropped or rate limited itself; no token. Off unless
// --admin is given: anyone who can reach the server could break it for everyone.
#pragma once

#include <httplib.h>

#include "faults.h"

namespace syncscope::server {

void install_admin(httplib::Server& server, FaultInjector& faults);

}  // namespace syncscope::server
