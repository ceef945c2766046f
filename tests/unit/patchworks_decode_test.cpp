// Decoding the Patchworks Core dialect: flows → services, flow runs → syncs, flow-run logs → log
// lines. Fixtures: trimmed answers of the demo server's /core/api/v1 (flat, and JSON:API with
// SYNCSCOPE_CORE_JSONAPI=1), and hand-written ones from the documented shapes.
#include <gtest/gtest.h>

#include "api/patchworks_decode.h"

namespace {

// GET /core/api/v1/flows?per_page=3 (demo server, flat).
const char* kFlowsFlat = R"json({"data":[
  {"id":1,"name":"NetSuite products to Shopify",
   "description":"standard flow: NetSuite products → Shopify products, Hourly",
   "status":"Deployed","company_group":"Acme Retail"},
  {"id":2,"name":"BigCommerce orders to Peoplevoice",
   "description":"standard flow: BigCommerce orders → Peoplevoice orders, Every 15 minutes",
   "status":"Deployed","company_group":"Acme Wholesale"},
  {"id":3,"name":"Brightpearl fulfilments to Magento",
   "description":"standard flow: Brightpearl fulfilments → Magento fulfilments, Every 30 minutes",
   "status":"Draft","company_group":"Acme Wholesale"}],
 "meta":{"current_page":1,"per_page":3,"total":12,"last_page":4},
 "links":{"next":"/core/api/v1/flows?page=2&per_page=3","prev":null}})json";

// GET /core/api/v1/flows?per_page=2 (demo server, SYNCSCOPE_CORE_JSONAPI=1).
const char* kFlowsJsonApi = R"json({"data":[
  {"id":"1","type":"flows","attributes":{"name":"NetSuite products to Shopify",
   "description":"standard flow: NetSuite products → Shopify products, Hourly",
   "status":"Deployed","company_group":"Acme Retail"}},
  {"id":"2","type":"flows","attributes":{"name":"BigCommerce orders to Peoplevoice",
   "description":"standard flow: BigCommerce orders → Peoplevoice orders, Every 15 minutes",
   "status":"Inactive","company_group":"Acme Wholesale"}}],
 "meta":{"current_page":1,"per_page":2,"total":12,"last_page":6},
 "links":{"next":"/core/api/v1/flows?page=2&per_page=2","prev":null}})json";

// GET /core/api/v1/flow-runs?per_page=3 (demo server, flat).
const char* kRunsFlat = R"json({"data":[
  {"id":5000030,"flow_id":5,"status":5,"trigger":"Schedule",
   "started_at":"2026-11-29T00:35:01.550000Z","finished_at":"2026-11-29T00:35:11.863000Z",
   "duration":10,"has_warnings":true,"summary":"Partial: pulled 20, pushed 18, 2 skipped"},
  {"id":2000100,"flow_id":2,"status":1,"trigger":"Schedule",
   "started_at":"2026-11-29T00:30:00.983000Z","finished_at":null,"duration":367,
   "has_warnings":true,"summary":"Running: pulled 2750, pushed 2750 so far"},
  {"id":12000103,"flow_id":12,"status":2,"trigger":"Schedule",
   "started_at":"2026-11-29T00:30:00.781000Z","finished_at":"2026-11-29T00:30:07.355000Z",
   "duration":6,"has_warnings":false,"summary":"Success: pulled 95, pushed 95"}],
 "meta":{"current_page":1,"per_page":3,"total":437,"last_page":146},
 "links":{"next":"/core/api/v1/flow-runs?page=2&per_page=3","prev":null}})json";

// GET /core/api/v1/flow-runs?per_page=2 (demo server, SYNCSCOPE_CORE_JSONAPI=1).
const char* kRunsJsonApi = R"json({"data":[
  {"id":"5000030","type":"flow-runs","attributes":{"flow_id":5,"status":5,"trigger":"Schedule",
   "started_at":"2026-11-29T00:35:01.550000Z","finished_at":"2026-11-29T00:35:11.863000Z",
   "duration":10,"has_warnings":true,"summary":"Partial: pulled 20, pushed 18, 2 skipped"}},
  {"id":"2000100","type":"flow-runs","attributes":{"flow_id":2,"status":1,"trigger":"Schedule",
   "started_at":"2026-11-29T00:30:00.983000Z","finished_at":null,"duration":367,
   "has_warnings":true,"summary":"Running: pulled 2750, pushed 2750 so far"}}],
 "meta":{"current_page":1,"per_page":2,"total":437,"last_page":219},
 "links":{"next":"/core/api/v1/flow-runs?page=2&per_page=2","prev":null}})json";

// GET /core/api/v1/flow-runs/5000030/flow-run-logs?per_page=5 (demo server, flat).
const char* kLogsFlat = R"json({"data":[
  {"id":1,"log_level":"info",
   "log_message":"Sync started (schedule): Shopify refunds → NetSuite credit memos",
   "created_at":"2026-11-29T00:35:01.550000Z","flow_step_id":null,"payload_metadata_id":null},
  {"id":2,"log_level":"debug",
   "log_message":"Settings: page size 50, 3 retries with back-off, request timeout 30 s",
   "created_at":"2026-11-29T00:35:03.007000Z","flow_step_id":null,"payload_metadata_id":null},
  {"id":3,"log_level":"info",
   "log_message":"Connected to Shopify; fetching refunds changed since 2026-11-28T23:35:00.000Z",
   "created_at":"2026-11-29T00:35:05.241000Z","flow_step_id":1,"payload_metadata_id":null},
  {"id":4,"log_level":"info","log_message":"Pulled page 1 of 1 of refunds from Shopify: 20 records",
   "created_at":"2026-11-29T00:35:06.643000Z","flow_step_id":1,"payload_metadata_id":null},
  {"id":5,"log_level":"debug",
   "log_message":"Mapped 20 refunds to NetSuite credit memos (2 fields defaulted)",
   "created_at":"2026-11-29T00:35:08.188000Z","flow_step_id":2,"payload_metadata_id":null}],
 "meta":{"current_page":1,"per_page":5,"total":9,"last_page":2},
 "links":{"next":"/core/api/v1/flow-runs/5000030/flow-run-logs?page=2&per_page=5","prev":null}})json";

// GET /core/api/v1/flow-runs/1000028/flow-run-logs?per_page=5&page=2&load_payload_ids=true
// (demo server, SYNCSCOPE_CORE_JSONAPI=1) — trimmed to three items.
const char* kLogsJsonApi = R"json({"data":[
  {"id":"6","type":"flow-run-logs","attributes":{"log_level":"info",
   "log_message":"Custom script 'normalise-products.js' transformed 50 records",
   "created_at":"2026-11-28T22:26:11.248000Z","flow_step_id":3,"payload_metadata_id":10000283}},
  {"id":"7","type":"flow-run-logs","attributes":{"log_level":"info",
   "log_message":"Pushed 50 of 50 products to Shopify (batch 1)",
   "created_at":"2026-11-28T22:26:11.737000Z","flow_step_id":4,"payload_metadata_id":10000282}},
  {"id":"10","type":"flow-run-logs","attributes":{"log_level":"warning",
   "log_message":"SKU 'SOCK-BLK-3PK' not found in Shopify; record 39 of batch 2 skipped",
   "created_at":"2026-11-28T22:26:16.045000Z","flow_step_id":4,"payload_metadata_id":null}}],
 "meta":{"current_page":2,"per_page":5,"total":13,"last_page":3},
 "links":{"next":"/core/api/v1/flow-runs/1000028/flow-run-logs?load_payload_ids=true&page=3&per_page=5",
          "prev":"/core/api/v1/flow-runs/1000028/flow-run-logs?load_payload_ids=true&page=1&per_page=5"}})json";

// Hand-written from the documented shapes: numbers as strings, is_enabled instead of status,
// nulls, unknown fields, a missing optional status.
const char* kFlowsOdd = R"json({"data":[
  {"id":"41","name":"Orders to ERP","description":null,"is_enabled":true,
   "created_at":"2026-01-02T03:04:05.000000Z","tags":["x"],"team":{"id":9}},
  {"id":"42","type":"flows","attributes":{"name":"Old flow","status":"deployed",
   "is_enabled":"0","version":3}},
  {"id":43,"name":"Paused","is_enabled":false},
  {"id":44,"name":"Nothing said"}],
 "meta":{"current_page":"1","per_page":"100","total":"4","last_page":"1","path":"/flows"}})json";

// Hand-written runs: statuses as strings, every trigger name, float and string durations,
// nulls, missing optional fields, unknown fields, JSON:API and flat mixed.
const char* kRunsOdd = R"json({"data":[
  {"id":"900","type":"flow-runs","attributes":{"flow_id":"7","status":"2","trigger":"API",
   "started_at":"2026-11-28T06:30:00.000000Z","finished_at":"2026-11-28T06:30:12.500000Z",
   "duration":"12","has_warnings":"1","summary":null,"queue":"default"}},
  {"id":901,"status":"3","trigger":"Manual","started_at":"2026-11-28T06:30:00.000000Z",
   "duration":2.5,"has_warnings":0},
  {"id":902,"status":4,"trigger":"Webhook","started_at":"2026-11-28T06:30:00.000000Z",
   "finished_at":"2026-11-28T06:30:03.000000Z"},
  {"id":903,"status":1,"trigger":"Router","started_at":null,"duration":null},
  {"id":904,"status":5,"trigger":"Retry"},
  {"id":905,"status":2,"trigger":"Event"},
  {"id":906,"status":2,"trigger":"Callback"},
  {"id":907,"status":2,"trigger":"Shape"},
  {"id":908,"status":2,"trigger":"Schedule"},
  {"id":909,"status":2,"trigger":"Telepathy"},
  {"id":910,"status":2}],
 "meta":{"current_page":1,"per_page":11,"total":11,"last_page":1}})json";

// Hand-written logs: uppercase and odd levels, ids and payload ids as strings, a clamped
// per_page (asked for 500, the server answers 100), nulls, unknown fields.
const char* kLogsOdd = R"json({"data":[
  {"id":"101","type":"flow-run-logs","attributes":{"log_level":"ERROR",
   "log_message":"Shopify answered 422","created_at":"2026-11-28T06:30:00.123456Z",
   "flow_step_id":"3","payload_metadata_id":"777","context":{"k":"v"}}},
  {"id":102,"log_level":"Warning","log_message":"slow","created_at":"2026-11-28T06:30:01.000000Z"},
  {"id":103,"log_level":"notice","log_message":"fyi","created_at":"2026-11-28T06:30:02.000000Z",
   "payload_metadata_id":null},
  {"id":104,"log_level":"DEBUG","log_message":null,"created_at":null},
  {"id":105,"log_level":null,"log_message":"no level"},
  {"id":106,"log_level":"chatter","log_message":"unknown level"}],
 "meta":{"current_page":3,"per_page":100,"total":206,"last_page":3},
 "links":{"next":null}})json";

TEST(PatchworksDecode, FlowsFlatFromTheDemoServer) {
    auto d = api::decodeFlowsPage(kFlowsFlat);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.services.size(), 3u);
    const core::Service& s = d.value.services[0];
    EXPECT_EQ(s.id, 1);
    EXPECT_EQ(s.name, "NetSuite products to Shopify");
    EXPECT_EQ(s.status, core::ServiceStatus::Active);
    EXPECT_EQ(s.companyGroup, "Acme Retail");
    EXPECT_EQ(s.source.system, "");  // flows have no source/destination
    EXPECT_EQ(s.destination.entity, "");
    EXPECT_FALSE(s.lastSync.has_value());
    EXPECT_EQ(d.value.services[2].status, core::ServiceStatus::Inactive);  // Draft
    EXPECT_EQ(d.value.meta.perPage, 3);
    EXPECT_EQ(d.value.meta.total, 12);
    EXPECT_EQ(d.value.meta.lastPage, 4);
}

TEST(PatchworksDecode, FlowsJsonApiFromTheDemoServer) {
    auto d = api::decodeFlowsPage(kFlowsJsonApi);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.services.size(), 2u);
    EXPECT_EQ(d.value.services[0].id, 1);
    EXPECT_EQ(d.value.services[0].name, "NetSuite products to Shopify");
    EXPECT_EQ(d.value.services[0].status, core::ServiceStatus::Active);
    EXPECT_EQ(d.value.services[1].id, 2);
    EXPECT_EQ(d.value.services[1].status, core::ServiceStatus::Inactive);
    EXPECT_EQ(d.value.services[1].companyGroup, "Acme Wholesale");
    EXPECT_EQ(d.value.meta.lastPage, 6);
}

TEST(PatchworksDecode, FlowsWithIsEnabledStringsAndUnknownFields) {
    auto d = api::decodeFlowsPage(kFlowsOdd);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.services.size(), 4u);
    EXPECT_EQ(d.value.services[0].id, 41);
    EXPECT_EQ(d.value.services[0].status, core::ServiceStatus::Active);    // is_enabled
    EXPECT_EQ(d.value.services[1].status, core::ServiceStatus::Active);    // "deployed"
    EXPECT_EQ(d.value.services[2].status, core::ServiceStatus::Inactive);  // is_enabled false
    EXPECT_EQ(d.value.services[3].status, core::ServiceStatus::Inactive);  // nothing said
    EXPECT_EQ(d.value.meta.perPage, 100);
    EXPECT_EQ(d.value.meta.total, 4);
}

TEST(PatchworksDecode, FlowRunsFlatFromTheDemoServer) {
    auto d = api::decodeFlowRunsPage(kRunsFlat);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.syncs.size(), 3u);
    const core::Sync& s = d.value.syncs[0];
    EXPECT_EQ(s.id, 5000030);
    EXPECT_EQ(s.serviceId, 5);
    EXPECT_EQ(s.status, core::SyncStatus::Partial);
    EXPECT_EQ(s.trigger, core::Trigger::Schedule);
    EXPECT_EQ(s.triggerName, "schedule");
    EXPECT_EQ(s.startedAt, 1795912501550LL);
    EXPECT_EQ(s.finishedAt, 1795912511863LL);
    EXPECT_EQ(s.durationMs, 10313);  // finish − start, not the whole seconds sent (issue 14)
    EXPECT_TRUE(s.hasWarnings);
    EXPECT_EQ(s.summary, "Partial: pulled 20, pushed 18, 2 skipped");
    EXPECT_EQ(s.pulledCount, -1);  // Patchworks has no counts: "—", never 0
    EXPECT_EQ(s.pushedCount, -1);
    EXPECT_EQ(s.warningCount, -1);
    EXPECT_EQ(s.errorCount, -1);
    EXPECT_EQ(d.value.syncs[1].status, core::SyncStatus::Running);
    EXPECT_EQ(d.value.syncs[1].finishedAt, 0);
    EXPECT_EQ(d.value.syncs[1].durationMs, 367000);
    EXPECT_EQ(d.value.syncs[2].status, core::SyncStatus::Success);
    EXPECT_FALSE(d.value.syncs[2].hasWarnings);
    EXPECT_EQ(d.value.meta.total, 437);
    EXPECT_EQ(d.value.meta.lastPage, 146);
}

TEST(PatchworksDecode, FlowRunsJsonApiFromTheDemoServer) {
    auto d = api::decodeFlowRunsPage(kRunsJsonApi);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.syncs.size(), 2u);
    EXPECT_EQ(d.value.syncs[0].id, 5000030);
    EXPECT_EQ(d.value.syncs[0].serviceId, 5);
    EXPECT_EQ(d.value.syncs[0].status, core::SyncStatus::Partial);
    EXPECT_EQ(d.value.syncs[0].durationMs, 10313);  // finish − start
    EXPECT_EQ(d.value.syncs[1].id, 2000100);
    EXPECT_EQ(d.value.syncs[1].status, core::SyncStatus::Running);
    EXPECT_EQ(d.value.meta.perPage, 2);
}

TEST(PatchworksDecode, FlowRunsWithStringsTriggersAndNulls) {
    auto d = api::decodeFlowRunsPage(kRunsOdd);
    ASSERT_EQ(d.error, "");
    const auto& r = d.value.syncs;
    ASSERT_EQ(r.size(), 11u);
    EXPECT_EQ(r[0].id, 900);
    EXPECT_EQ(r[0].serviceId, 7);
    EXPECT_EQ(r[0].status, core::SyncStatus::Success);  // "2"
    EXPECT_EQ(r[0].trigger, core::Trigger::Api);
    EXPECT_EQ(r[0].triggerName, "api");
    EXPECT_EQ(r[0].startedAt, 1795847400000LL);
    EXPECT_EQ(r[0].finishedAt, 1795847412500LL);
    EXPECT_EQ(r[0].durationMs, 12500);  // finish − start, not the "12" sent (issue 14)
    EXPECT_TRUE(r[0].hasWarnings);
    EXPECT_EQ(r[0].summary, "");
    EXPECT_EQ(r[1].status, core::SyncStatus::Failed);
    EXPECT_EQ(r[1].trigger, core::Trigger::Manual);
    EXPECT_EQ(r[1].durationMs, 2500);  // 2.5 s
    EXPECT_EQ(r[1].serviceId, 0);      // no flow_id
    EXPECT_FALSE(r[1].hasWarnings);
    EXPECT_EQ(r[2].status, core::SyncStatus::Stopped);
    EXPECT_EQ(r[2].trigger, core::Trigger::Other);
    EXPECT_EQ(r[2].triggerName, "webhook");
    EXPECT_EQ(r[2].durationMs, 3000);  // no duration: finished − started
    EXPECT_EQ(r[3].status, core::SyncStatus::Running);
    EXPECT_EQ(r[3].triggerName, "router");
    EXPECT_EQ(r[3].startedAt, 0);
    EXPECT_EQ(r[3].durationMs, -1);  // unknown
    EXPECT_EQ(r[4].status, core::SyncStatus::Partial);
    EXPECT_EQ(r[4].trigger, core::Trigger::Retry);
    EXPECT_EQ(r[5].triggerName, "event");
    EXPECT_EQ(r[6].triggerName, "callback");
    EXPECT_EQ(r[7].triggerName, "shape");
    for (int i : {5, 6, 7, 9}) EXPECT_EQ(r[i].trigger, core::Trigger::Other) << i;
    EXPECT_EQ(r[8].trigger, core::Trigger::Schedule);
    EXPECT_EQ(r[9].triggerName, "telepathy");
    EXPECT_EQ(r[10].triggerName, "");
    EXPECT_EQ(r[10].trigger, core::Trigger::Other);
}

TEST(PatchworksDecode, FlowRunLogsFlatFromTheDemoServer) {
    auto d = api::decodeFlowRunLogsPage(kLogsFlat);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.lines.size(), 5u);
    const core::LogLine& l = d.value.lines[0];
    EXPECT_EQ(l.id, 1);
    EXPECT_EQ(l.level, core::LogLevel::Info);
    EXPECT_EQ(l.message, "Sync started (schedule): Shopify refunds → NetSuite credit memos");
    EXPECT_EQ(l.at, 1795912501550LL);
    EXPECT_FALSE(l.payload.has_value());
    EXPECT_EQ(d.value.lines[1].level, core::LogLevel::Debug);
    EXPECT_EQ(d.value.lastId, 5);
    EXPECT_TRUE(d.value.hasMore);  // page 1 of 2
    EXPECT_FALSE(d.value.syncStatus.has_value());
    EXPECT_EQ(d.value.meta.currentPage, 1);
    EXPECT_EQ(d.value.meta.perPage, 5);
    EXPECT_EQ(d.value.meta.total, 9);
    EXPECT_EQ(d.value.meta.lastPage, 2);
}

TEST(PatchworksDecode, FlowRunLogsJsonApiWithPayloadIds) {
    auto d = api::decodeFlowRunLogsPage(kLogsJsonApi);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.lines.size(), 3u);
    EXPECT_EQ(d.value.lines[0].id, 6);
    ASSERT_TRUE(d.value.lines[0].payload.has_value());
    EXPECT_EQ(d.value.lines[0].payload->id, 10000283);
    EXPECT_EQ(d.value.lines[0].payload->fileName, "");   // only the id is known
    EXPECT_EQ(d.value.lines[0].payload->sizeBytes, -1);  // unknown
    EXPECT_EQ(d.value.lines[0].at, 1795904771248LL);
    EXPECT_EQ(d.value.lines[1].payload->id, 10000282);
    EXPECT_EQ(d.value.lines[2].id, 10);
    EXPECT_EQ(d.value.lines[2].level, core::LogLevel::Warning);
    EXPECT_FALSE(d.value.lines[2].payload.has_value());
    EXPECT_EQ(d.value.lastId, 10);
    EXPECT_TRUE(d.value.hasMore);  // page 2 of 3
    EXPECT_EQ(d.value.meta.currentPage, 2);
}

TEST(PatchworksDecode, FlowRunLogsOddLevelsStringsAndClampedPerPage) {
    auto d = api::decodeFlowRunLogsPage(kLogsOdd);
    ASSERT_EQ(d.error, "");
    const auto& l = d.value.lines;
    ASSERT_EQ(l.size(), 6u);
    EXPECT_EQ(l[0].id, 101);
    EXPECT_EQ(l[0].level, core::LogLevel::Error);
    EXPECT_EQ(l[0].at, 1795847400123LL);  // microseconds cut to ms
    ASSERT_TRUE(l[0].payload.has_value());
    EXPECT_EQ(l[0].payload->id, 777);
    EXPECT_EQ(l[1].level, core::LogLevel::Warning);
    EXPECT_EQ(l[2].level, core::LogLevel::Info);  // notice
    EXPECT_FALSE(l[2].payload.has_value());
    EXPECT_EQ(l[3].level, core::LogLevel::Debug);
    EXPECT_EQ(l[3].message, "");
    EXPECT_EQ(l[3].at, 0);
    EXPECT_EQ(l[4].level, core::LogLevel::Info);  // null level
    EXPECT_EQ(l[5].level, core::LogLevel::Info);  // unknown level
    EXPECT_EQ(d.value.meta.perPage, 100);         // what the server used, not what was asked
    EXPECT_EQ(d.value.meta.currentPage, 3);
    EXPECT_EQ(d.value.meta.total, 206);
    EXPECT_FALSE(d.value.hasMore);  // last page
    EXPECT_EQ(d.value.lastId, 106);
}

TEST(PatchworksDecode, JsonApiPaginationMetaForms) {
    auto d = api::decodeFlowRunLogsPage(R"json({"data":[{"id":"1","log_message":"a"}],
        "meta":{"page":{"currentPage":2,"perPage":50,"lastPage":4,"total":151}}})json");
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.meta.currentPage, 2);
    EXPECT_EQ(d.value.meta.perPage, 50);
    EXPECT_EQ(d.value.meta.lastPage, 4);
    EXPECT_EQ(d.value.meta.total, 151);
    EXPECT_TRUE(d.value.hasMore);

    auto f = api::decodeFlowsPage(R"json({"data":[{"id":1,"name":"a"}],
        "meta":{"pagination":{"current_page":1,"per_page":"25","total_pages":1,"total":1}}})json");
    ASSERT_EQ(f.error, "");
    EXPECT_EQ(f.value.meta.perPage, 25);
    EXPECT_EQ(f.value.meta.lastPage, 1);

    // A log page must say the log's length: its lines are numbered from it.
    for (const char* body :
         {R"json({"data":[{"id":1},{"id":2}]})json",
          R"json({"data":[{"id":1}],"meta":{"current_page":1,"per_page":2}})json",
          R"json({"data":[],"meta":{"page":{"currentPage":1}}})json",
          R"json({"data":[{"id":1}],"meta":{"current_page":1,"total":null}})json",
          R"json({"data":[{"id":1}],"meta":{"current_page":1,"pagination":{"total":437}}})json"}) {
        auto none = api::decodeFlowRunLogsPage(body);
        EXPECT_EQ(none.error, "meta.total: missing: the log's length is needed to number its lines")
            << body;
    }
    // Other lists may leave it out.
    EXPECT_EQ(api::decodeFlowsPage(R"json({"data":[{"id":1,"name":"a"}]})json").error, "");
}

TEST(PatchworksDecode, EmptyPages) {
    auto d = api::decodeFlowRunLogsPage(
        R"json({"data":[],"meta":{"current_page":4,"per_page":100,"total":300,"last_page":3}})json");
    ASSERT_EQ(d.error, "");
    EXPECT_TRUE(d.value.lines.empty());
    EXPECT_EQ(d.value.lastId, 0);
    EXPECT_FALSE(d.value.hasMore);
    EXPECT_EQ(api::decodeFlowRunsPage(R"({"data":[]})").error, "");
}

// --- errors: each names the field ----------------------------------------------------------

TEST(PatchworksDecode, MalformedJsonIsRejected) {
    EXPECT_EQ(api::decodeFlowsPage("{\"data\":[").error, "the answer is not valid JSON");
    EXPECT_EQ(api::decodeFlowRunsPage("").error, "the answer was empty, not JSON");
    EXPECT_EQ(api::decodeFlowRunLogsPage("null").error, "expected an object with \"data\"");
    EXPECT_EQ(api::decodeFlowRunLogsPage(R"({"message":"Unauthenticated."})").error,
              "data: missing");
    EXPECT_EQ(api::decodeFlowRunsPage(R"({"data":"none"})").error, "data: expected an array");
}

// Issue 14: a status outside 1–5 (or an unknown word) is no longer refused: the run is kept,
// its status Unknown with the value as sent (patchworks_variants_test.cpp has the rest).
TEST(PatchworksDecode, UnknownRunStatusIsKeptAsSent) {
    auto d = api::decodeFlowRunsPage(
        R"({"data":[{"id":1,"status":2},{"id":2,"status":"1"},{"id":3,"status":1},
                    {"id":4,"status":9}]})");
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.syncs.at(3).status, core::SyncStatus::Unknown);
    EXPECT_EQ(d.value.syncs.at(3).statusSent, "9");
    d = api::decodeFlowRunsPage(
        R"({"data":[{"id":"5","type":"flow-runs","attributes":{"status":"vanished"}}]})");
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.syncs.at(0).statusSent, "vanished");
}

TEST(PatchworksDecode, MissingRequiredFieldsAreNamed) {
    EXPECT_EQ(api::decodeFlowRunsPage(R"({"data":[{"id":1,"status":2},{"id":2}]})").error,
              "data[1].status: missing");
    EXPECT_EQ(
        api::decodeFlowRunsPage(R"({"data":[{"type":"flow-runs","attributes":{"status":2}}]})")
            .error,
        "data[0].id: missing");
    EXPECT_EQ(
        api::decodeFlowsPage(R"({"data":[{"id":"1","attributes":{"status":"Deployed"}}]})").error,
        "data[0].name: missing");
    EXPECT_EQ(api::decodeFlowRunLogsPage(R"({"data":[{"id":1},{"log_level":"info"}]})").error,
              "data[1].id: missing");
}

TEST(PatchworksDecode, WrongTypesAreNamed) {
    EXPECT_EQ(api::decodeFlowRunsPage(R"({"data":[{"id":1,"status":2,"started_at":"28/11/2026"}]})")
                  .error,
              "data[0].started_at: not an ISO-8601 time: \"28/11/2026\"");
    EXPECT_EQ(api::decodeFlowRunsPage(R"({"data":[{"id":1,"status":2,"duration":"long"}]})").error,
              "data[0].duration: expected a whole number");
    EXPECT_EQ(
        api::decodeFlowRunsPage(R"({"data":[{"id":1,"status":2,"has_warnings":"lots"}]})").error,
        "data[0].has_warnings: expected true or false");
    EXPECT_EQ(api::decodeFlowRunsPage(R"({"data":[{"id":1,"status":[2]}]})").error,
              "data[0].status: expected a string");
    EXPECT_EQ(api::decodeFlowRunLogsPage(
                  R"({"data":[{"id":"1","attributes":{"payload_metadata_id":"abc"}}]})")
                  .error,
              "data[0].payload_metadata_id: expected a whole number");
    EXPECT_EQ(api::decodeFlowRunLogsPage(R"({"data":[{"id":1,"log_message":{"a":1}}]})").error,
              "data[0].log_message: expected a string");
    EXPECT_EQ(api::decodeFlowsPage(R"({"data":[{"id":1.5,"name":"x"}]})").error,
              "data[0].id: expected a whole number");
    EXPECT_EQ(api::decodeFlowsPage(R"({"data":[{"id":1,"name":"x","is_enabled":"maybe"}]})").error,
              "data[0].is_enabled: expected true or false");
    EXPECT_EQ(api::decodeFlowsPage(R"({"data":["flow"]})").error, "data[0]: expected an object");
    EXPECT_EQ(api::decodeFlowRunLogsPage(R"({"data":[],"meta":{"per_page":"lots"}})").error,
              "meta.per_page: expected a whole number");
}

// Found by tests/fuzz/patchworks_flow_runs_fuzz.cpp: a duration in seconds too large to count in
// milliseconds was multiplied anyway (signed overflow). It is refused with a message instead.
TEST(PatchworksDecode, AHugeIntegerDurationIsRefusedNotOverflowed) {
    const auto page =
        api::decodeFlowRunsPage(R"({"data":[{"id":1,"status":2,"duration":9223372036854775807}]})");
    EXPECT_EQ(page.error, "data[0].duration: not a duration in seconds");
    const auto negative =
        api::decodeFlowRunsPage(R"({"data":[{"id":1,"status":2,"duration":-5}]})");
    EXPECT_EQ(negative.error, "data[0].duration: not a duration in seconds");
    const auto fine = api::decodeFlowRunsPage(R"({"data":[{"id":1,"status":2,"duration":"90"}]})");
    ASSERT_EQ(fine.error, "");
    EXPECT_EQ(fine.value.syncs.at(0).durationMs, 90000);
}

}  // namespace
