// server/patchworks_routes.h — the same simulated platform in the Patchworks Core API's dialect,
// under /core/api/v1: flows (services), flow-runs (syncs), flow-run-logs (log lines) and
// payload-metadata downloads. Lets SyncScope's second dialect be demoed and tested against the
// same data as the reference API.
//
// SYNCSCOPE_CORE_JSONAPI=1 in the environment (read once, at start) makes list items come
// JSON:API-style — {"id": "<string>", "type": ..., "attributes": {...}} — as some Patchworks
// deployments answer, so the app's decoder can be tested against both shapes.
//
// ApiContext::patchworks (the --core-… options) plays other servers' ways where the documentation
// is silent: `duration` in milliseconds, no `links` in the envelope, some runs with status 7.
#pragma once

#include "api_routes.h"

#include <httplib.h>

namespace syncscope::server {

void register_patchworks_routes(httplib::Server& server, const ApiContext& context);

}  // namespace syncscope::server
