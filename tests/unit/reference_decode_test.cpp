// Decoding the reference API's syncs, sync, log page, transactions and login answers — fixtures
// are trimmed copies of real answers from the demo server — plus malformed and odd inputs.
#include <gtest/gtest.h>

#include "api/reference_decode.h"

namespace {

// GET /api/v1/services/1/syncs?per_page=3 (demo server, seed 1).
const char* kSyncsPage = R"({"data":[
  {"id":1000031,"service_id":1,"status":"success","trigger":"api",
   "started_at":"2026-11-29T00:07:01.018Z","finished_at":"2026-11-29T00:07:16.438Z",
   "duration_ms":15420,"pulled_count":138,"pushed_count":138,"warning_count":0,"error_count":0,
   "summary":"Success: pulled 138, pushed 138","payloads_expire_at":null},
  {"id":1000030,"service_id":1,"status":"stopped","trigger":"retry",
   "started_at":"2026-11-28T23:09:47.740Z","finished_at":"2026-11-28T23:09:57.315Z",
   "duration_ms":9575,"pulled_count":50,"pushed_count":50,"warning_count":1,"error_count":0,
   "summary":"Stopped by user; pulled 50, pushed 50","payloads_expire_at":null},
  {"id":1000029,"service_id":1,"status":"failed","trigger":"schedule",
   "started_at":"2026-11-28T23:07:01.254Z","finished_at":"2026-11-28T23:07:06.962Z",
   "duration_ms":5708,"pulled_count":0,"pushed_count":0,"warning_count":0,"error_count":2,
   "summary":"Failed: authentication failed for NetSuite","payloads_expire_at":null}],
 "meta":{"current_page":1,"per_page":3,"total":30,"last_page":10},
 "links":{"next":"/api/v1/services/1/syncs?page=2&per_page=3","prev":null}})";

// GET /api/v1/syncs/1000031
const char* kSync =
    R"({"id":1000031,"service_id":1,"status":"success","trigger":"api",)"
    R"("started_at":"2026-11-29T00:07:01.018Z","finished_at":"2026-11-29T00:07:16.438Z",)"
    R"("duration_ms":15420,"pulled_count":138,"pushed_count":138,"warning_count":0,)"
    R"("error_count":0,"summary":"Success: pulled 138, pushed 138","payloads_expire_at":null})";

// GET /api/v1/syncs/1000031/logs?after_id=0&limit=5
const char* kLogPage = R"json({"data":[
  {"id":1,"at":"2026-11-29T00:07:01.018Z","level":"info",
   "message":"Sync started (api): NetSuite products → Shopify products","payload":null},
  {"id":2,"at":"2026-11-29T00:07:03.586Z","level":"debug",
   "message":"Settings: page size 50, 3 retries with back-off, request timeout 30 s","payload":null},
  {"id":3,"at":"2026-11-29T00:07:04.114Z","level":"info",
   "message":"Connected to NetSuite; fetching products changed since 2026-11-28T23:07:00.000Z","payload":null},
  {"id":4,"at":"2026-11-29T00:07:04.727Z","level":"info",
   "message":"Pulled page 1 of 3 of products from NetSuite: 50 records","payload":null},
  {"id":5,"at":"2026-11-29T00:07:06.457Z","level":"debug",
   "message":"Mapped 50 products to Shopify products (0 fields defaulted)","payload":null}],
 "meta":{"last_id":13,"has_more":true,"sync_status":"success"}})json";

// Lines with payloads, from GET /api/v1/syncs/1000028/logs (a manual sync) — trimmed.
const char* kLogPageWithPayloads = R"json({"data":[
  {"id":4,"at":"2026-11-28T22:26:08.033Z","level":"info",
   "message":"Pulled page 1 of 2 of products from NetSuite: 50 records",
   "payload":{"id":10000281,"kind":"pull","file_name":"pull-1000028-products.json",
              "size_bytes":3170,"content_type":"application/json",
              "expires_at":"2026-11-29T22:26:18.971Z"}},
  {"id":6,"at":"2026-11-28T22:26:11.242Z","level":"info",
   "message":"Custom script 'normalise-products.js' transformed 50 records",
   "payload":{"id":10000283,"kind":"custom_script",
              "file_name":"custom-script-1000028-products.json","size_bytes":3170,
              "content_type":"application/json","expires_at":"2026-11-29T22:26:18.971Z"}},
  {"id":7,"at":"2026-11-28T22:26:11.731Z","level":"warning",
   "message":"Pushed 50 of 50 products to Shopify (batch 1)",
   "payload":{"id":10000282,"kind":"push","file_name":"push-1000028-products.json",
              "size_bytes":3154,"content_type":"application/json",
              "expires_at":"2026-11-29T22:26:18.971Z"}}],
 "meta":{"last_id":13,"has_more":false,"sync_status":"partial"}})json";

// GET /api/v1/services/1/transactions?bucket=hour — trimmed to four buckets.
const char* kTransactions = R"([
  {"bucket_start":"2026-11-28T00:00:00.000Z","pulled":0,"pushed":0,"failed":0},
  {"bucket_start":"2026-11-28T01:00:00.000Z","pulled":259,"pushed":259,"failed":0},
  {"bucket_start":"2026-11-28T02:00:00.000Z","pulled":57,"pushed":57,"failed":0},
  {"bucket_start":"2026-11-28T03:00:00.000Z","pulled":292,"pushed":287,"failed":5}])";

// POST /api/v1/login
const char* kLogin = R"({"token":"ss_40762d1dca96a3b1269d6edfeb72c68d","expires_in":3600})";

TEST(ReferenceDecode, SyncsPageFromTheDemoServer) {
    auto d = api::decodeSyncsPage(kSyncsPage);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.syncs.size(), 3u);
    const core::Sync& s = d.value.syncs[0];
    EXPECT_EQ(s.id, 1000031);
    EXPECT_EQ(s.serviceId, 1);
    EXPECT_EQ(s.status, core::SyncStatus::Success);
    EXPECT_EQ(s.trigger, core::Trigger::Api);
    EXPECT_EQ(s.triggerName, "api");
    EXPECT_EQ(s.startedAt, 1795910821018LL);
    EXPECT_EQ(s.finishedAt, 1795910836438LL);
    EXPECT_EQ(s.durationMs, 15420);
    EXPECT_EQ(s.pulledCount, 138);
    EXPECT_EQ(s.pushedCount, 138);
    EXPECT_EQ(s.warningCount, 0);
    EXPECT_EQ(s.errorCount, 0);
    EXPECT_FALSE(s.hasWarnings);
    EXPECT_EQ(s.summary, "Success: pulled 138, pushed 138");
    EXPECT_EQ(s.payloadsExpireAt, 0);
    EXPECT_EQ(d.value.syncs[1].status, core::SyncStatus::Stopped);
    EXPECT_EQ(d.value.syncs[1].trigger, core::Trigger::Retry);
    EXPECT_TRUE(d.value.syncs[1].hasWarnings);  // warning_count 1
    EXPECT_EQ(d.value.syncs[2].status, core::SyncStatus::Failed);
    EXPECT_EQ(d.value.syncs[2].trigger, core::Trigger::Schedule);
    EXPECT_EQ(d.value.syncs[2].errorCount, 2);
    EXPECT_EQ(d.value.meta.currentPage, 1);
    EXPECT_EQ(d.value.meta.perPage, 3);
    EXPECT_EQ(d.value.meta.total, 30);
    EXPECT_EQ(d.value.meta.lastPage, 10);
}

TEST(ReferenceDecode, OneSync) {
    auto d = api::decodeSync(kSync);
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.id, 1000031);
    EXPECT_EQ(d.value.durationMs, 15420);
    EXPECT_EQ(d.value.pushedCount, 138);
}

TEST(ReferenceDecode, OneSyncWrappedUnderDataWithStringsAndARunningSync) {
    auto d = api::decodeSync(R"({"data":{"id":"77","type":"syncs","attributes":{
        "service_id":"4","status":"RUNNING","trigger":"Webhook",
        "started_at":"2026-11-28T06:30:00.000000Z","finished_at":null,"duration_ms":null,
        "pulled_count":"12","new_field":{"x":1}}}})");
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.id, 77);
    EXPECT_EQ(d.value.serviceId, 4);
    EXPECT_EQ(d.value.status, core::SyncStatus::Running);
    EXPECT_EQ(d.value.trigger, core::Trigger::Other);
    EXPECT_EQ(d.value.triggerName, "webhook");
    EXPECT_EQ(d.value.startedAt, 1795847400000LL);
    EXPECT_EQ(d.value.finishedAt, 0);
    EXPECT_EQ(d.value.durationMs, -1);  // null: unknown
    EXPECT_EQ(d.value.pulledCount, 12);
    EXPECT_EQ(d.value.pushedCount, -1);  // missing → unknown, never 0
    EXPECT_EQ(d.value.errorCount, -1);
}

TEST(ReferenceDecode, LogPageFromTheDemoServer) {
    auto d = api::decodeLogPage(kLogPage);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.lines.size(), 5u);
    EXPECT_EQ(d.value.lines[0].id, 1);
    EXPECT_EQ(d.value.lines[0].at, 1795910821018LL);
    EXPECT_EQ(d.value.lines[0].level, core::LogLevel::Info);
    EXPECT_EQ(d.value.lines[0].message, "Sync started (api): NetSuite products → Shopify products");
    EXPECT_FALSE(d.value.lines[0].payload.has_value());
    EXPECT_EQ(d.value.lines[1].level, core::LogLevel::Debug);
    EXPECT_EQ(d.value.lines[4].id, 5);
    EXPECT_EQ(d.value.lastId, 13);
    EXPECT_TRUE(d.value.hasMore);
    ASSERT_TRUE(d.value.syncStatus.has_value());
    EXPECT_EQ(*d.value.syncStatus, core::SyncStatus::Success);
}

TEST(ReferenceDecode, LogLinesWithPayloads) {
    auto d = api::decodeLogPage(kLogPageWithPayloads);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.lines.size(), 3u);
    ASSERT_TRUE(d.value.lines[0].payload.has_value());
    const core::PayloadRef& p = *d.value.lines[0].payload;
    EXPECT_EQ(p.id, 10000281);
    EXPECT_EQ(p.kind, core::PayloadKind::Pull);
    EXPECT_EQ(p.fileName, "pull-1000028-products.json");
    EXPECT_EQ(p.sizeBytes, 3170);
    EXPECT_EQ(p.contentType, "application/json");
    EXPECT_EQ(p.expiresAt, 1795991178971LL);
    EXPECT_EQ(d.value.lines[0].at, 1795904768033LL);
    EXPECT_EQ(d.value.lines[1].payload->kind, core::PayloadKind::CustomScript);
    EXPECT_EQ(d.value.lines[2].payload->kind, core::PayloadKind::Push);
    EXPECT_EQ(d.value.lines[2].level, core::LogLevel::Warning);
    EXPECT_FALSE(d.value.hasMore);
    EXPECT_EQ(*d.value.syncStatus, core::SyncStatus::Partial);
}

TEST(ReferenceDecode, EmptyLogPageAndMissingMeta) {
    auto d = api::decodeLogPage(R"({"data":[],"meta":{"last_id":"13","has_more":false,
                                    "sync_status":"running"}})");
    ASSERT_EQ(d.error, "");
    EXPECT_TRUE(d.value.lines.empty());
    EXPECT_EQ(d.value.lastId, 13);
    EXPECT_EQ(*d.value.syncStatus, core::SyncStatus::Running);

    d = api::decodeLogPage(R"({"data":[{"id":8,"at":"2026-11-28T06:30:00.000Z","level":"ERROR",
                               "message":"boom"}]})");
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.lastId, 8);
    EXPECT_FALSE(d.value.hasMore);
    EXPECT_FALSE(d.value.syncStatus.has_value());
    EXPECT_EQ(d.value.lines[0].level, core::LogLevel::Error);
    EXPECT_FALSE(d.value.lines[0].payload.has_value());
}

TEST(ReferenceDecode, UnknownLevelsReadAsInfo) {
    EXPECT_EQ(api::logLevelFromName("notice"), core::LogLevel::Info);
    EXPECT_EQ(api::logLevelFromName("Whatever"), core::LogLevel::Info);
    EXPECT_EQ(api::logLevelFromName("WARN"), core::LogLevel::Warning);
    EXPECT_EQ(api::logLevelFromName("Warning"), core::LogLevel::Warning);
    EXPECT_EQ(api::logLevelFromName("CRITICAL"), core::LogLevel::Error);
    EXPECT_EQ(api::logLevelFromName("DEBUG"), core::LogLevel::Debug);
}

TEST(ReferenceDecode, TransactionsFromTheDemoServer) {
    auto d = api::decodeTransactions(kTransactions);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.size(), 4u);
    EXPECT_EQ(d.value[3].bucketStart, 1795834800000LL);
    EXPECT_EQ(d.value[3].pulled, 292);
    EXPECT_EQ(d.value[3].pushed, 287);
    EXPECT_EQ(d.value[3].failed, 5);
    EXPECT_EQ(d.value[0].pulled, 0);

    auto empty = api::decodeTransactions("[]");
    EXPECT_EQ(empty.error, "");
    EXPECT_TRUE(empty.value.empty());

    auto wrapped = api::decodeTransactions(
        R"({"data":[{"bucket_start":"2026-11-28T03:00:00.000000Z","pulled":"7"}]})");
    ASSERT_EQ(wrapped.error, "");
    EXPECT_EQ(wrapped.value[0].pulled, 7);
    EXPECT_EQ(wrapped.value[0].failed, 0);
}

TEST(ReferenceDecode, LoginAnswer) {
    auto d = api::decodeLoginAnswer(kLogin);
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.token, "ss_40762d1dca96a3b1269d6edfeb72c68d");
    EXPECT_EQ(d.value.expiresInSeconds, 3600);

    d = api::decodeLoginAnswer(R"({"token":"abc"})");
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.expiresInSeconds, 0);
}

// --- errors: each names the field ----------------------------------------------------------

TEST(ReferenceDecode, MalformedJsonIsRejected) {
    EXPECT_EQ(api::decodeSyncsPage(R"({"data":[{"id":1,)").error, "the answer is not valid JSON");
    EXPECT_EQ(api::decodeLogPage("").error, "the answer was empty, not JSON");
    EXPECT_EQ(api::decodeTransactions("[{").error, "the answer is not valid JSON");
    EXPECT_EQ(api::decodeLoginAnswer("<html>").error, "the answer is not valid JSON");
    EXPECT_EQ(api::decodeSync("[1,2]").error, "expected an object");
    EXPECT_EQ(api::decodeSyncsPage("[]").error, "expected an object with \"data\"");
    EXPECT_EQ(api::decodeLogPage(R"({"data":{}})").error, "data: expected an array");
    EXPECT_EQ(api::decodeTransactions(R"({"buckets":[]})").error, "expected an array of buckets");
}

TEST(ReferenceDecode, MissingRequiredFieldsAreNamed) {
    auto d = api::decodeSyncsPage(
        R"({"data":[{"id":1,"status":"success","started_at":"2026-11-28T06:30:00Z"},
                    {"id":2,"started_at":"2026-11-28T06:30:00Z"}]})");
    EXPECT_EQ(d.error, "data[1].status: missing");
    EXPECT_EQ(api::decodeSync(R"({"id":2,"status":"queued"})").error, "started_at: missing");
    EXPECT_EQ(api::decodeLogPage(R"({"data":[{"at":"2026-11-28T06:30:00Z","message":"x"}]})").error,
              "data[0].id: missing");
    EXPECT_EQ(api::decodeLogPage(R"({"data":[{"id":1,"at":"2026-11-28T06:30:00Z","message":"x",
                                  "payload":{"kind":"pull"}}]})")
                  .error,
              "data[0].payload.id: missing");
    EXPECT_EQ(api::decodeTransactions(R"([{"pulled":1},{"bucket_start":null}])").error,
              "[0].bucket_start: missing");
    EXPECT_EQ(api::decodeLoginAnswer(R"({"expires_in":60})").error, "token: missing");
    EXPECT_EQ(api::decodeLoginAnswer(R"({"token":""})").error, "token: empty");
}

TEST(ReferenceDecode, WrongTypesAreNamed) {
    EXPECT_EQ(api::decodeSyncsPage(R"({"data":[{"id":"twelve","status":"success"}]})").error,
              "data[0].id: expected a whole number");
    EXPECT_EQ(api::decodeSyncsPage(R"({"data":[{"id":1,"status":"success",
              "started_at":"2026-11-28T06:30:00Z","pulled_count":[1]}]})")
                  .error,
              "data[0].pulled_count: expected a whole number");
    EXPECT_EQ(api::decodeSyncsPage(R"({"data":[{"id":1,"status":"exploded",
              "started_at":"2026-11-28T06:30:00Z"}]})")
                  .error,
              "data[0].status: unknown status \"exploded\"");
    EXPECT_EQ(api::decodeSyncsPage(R"({"data":[{"id":1,"status":"success",
              "started_at":"yesterday"}]})")
                  .error,
              "data[0].started_at: not an ISO-8601 time: \"yesterday\"");
    EXPECT_EQ(api::decodeSyncsPage(R"({"data":[7]})").error, "data[0]: expected an object");
    EXPECT_EQ(api::decodeLogPage(R"({"data":[],"meta":{"has_more":"maybe"}})").error,
              "meta.has_more: expected true or false");
    EXPECT_EQ(api::decodeLogPage(R"({"data":[],"meta":{"sync_status":"lost"}})").error,
              "meta.sync_status: unknown status \"lost\"");
    EXPECT_EQ(api::decodeLogPage(R"({"data":[{"id":1,"at":"2026-11-28T06:30:00Z",
                                  "message":{"text":"x"}}]})")
                  .error,
              "data[0].message: expected a string");
    EXPECT_EQ(
        api::decodeTransactions(R"([{"bucket_start":"2026-11-28T03:00:00Z","failed":true}])").error,
        "[0].failed: expected a whole number");
    EXPECT_EQ(api::decodeLoginAnswer(R"({"token":"t","expires_in":"soon"})").error,
              "expires_in: expected a whole number");
}

// Issue 13 item 7: an unsigned number from 2^63 up is refused with its path (it wrapped into
// int64: 2^64 − 1 read as −1); 2^63 − 1 is still read. Page metadata is kept as int64, not cut to
// int. The log page's fast scanner and its DOM fallback agree.
TEST(ReferenceDecode, NumbersFrom2To63AreRefusedWithTheirPath) {
    EXPECT_EQ(api::decodeSyncsPage(R"({"data":[{"id":18446744073709551615,"status":"success",
              "started_at":"2026-11-28T06:30:00Z"}]})")
                  .error,
              "data[0].id: a whole number too large (2^63 or more)");
    EXPECT_EQ(api::decodeSyncsPage(R"({"data":[{"id":9223372036854775808,"status":"success",
              "started_at":"2026-11-28T06:30:00Z"}]})")
                  .error,
              "data[0].id: a whole number too large (2^63 or more)");
    const auto max = api::decodeSyncsPage(R"({"data":[{"id":9223372036854775807,"status":"success",
              "started_at":"2026-11-28T06:30:00Z"}]})");
    ASSERT_EQ(max.error, "");
    EXPECT_EQ(max.value.syncs[0].id, INT64_MAX);
    for (const char* body :
         {R"({"data":[{"id":18446744073709551615,"at":"2026-11-28T06:30:00Z","message":"x"}]})",
          R"({"data":[],"meta":{"last_id":18446744073709551615}})"}) {
        const auto fast = api::decodeLogPage(body);
        const auto dom = api::decodeLogPageDom(body);
        EXPECT_NE(fast.error.find("a whole number too large (2^63 or more)"), std::string::npos)
            << body << ": " << fast.error;
        EXPECT_EQ(fast.error, dom.error);
    }
    EXPECT_EQ(api::decodeLogPage(R"({"data":[],"meta":{"last_id":18446744073709551615}})").error,
              "meta.last_id: a whole number too large (2^63 or more)");
    EXPECT_EQ(api::decodeServicesPage(R"({"data":[],"meta":{"total":18446744073709551615}})").error,
              "meta.total: a whole number too large (2^63 or more)");
    // Past int: kept whole.
    const auto big = api::decodeServicesPage(
        R"({"data":[],"meta":{"current_page":3000000000,"per_page":100,"total":300000000000,
            "last_page":3000000000}})");
    ASSERT_EQ(big.error, "");
    EXPECT_EQ(big.value.meta.currentPage, 3000000000LL);
    EXPECT_EQ(big.value.meta.total, 300000000000LL);
    EXPECT_EQ(big.value.meta.lastPage, 3000000000LL);
}

TEST(ReferenceDecode, LongValuesInMessagesAreCutOnACharacterBoundary) {
    EXPECT_EQ(api::clipForMessage("short"), "short");
    const std::string s = std::string(39, 'x') + "é and more";  // é is 2 bytes at 39..40
    EXPECT_EQ(api::clipForMessage(s), std::string(39, 'x') + "…");
    auto d =
        api::decodeSync(R"({"id":1,"status":")" + s + R"(","started_at":"2026-11-28T06:30:00Z"})");
    EXPECT_EQ(d.error, "status: unknown status \"" + std::string(39, 'x') + "…\"");
}

TEST(ReferenceDecode, InvalidUtf8AndDeepNestingDoNotAbort) {
    const std::string bad =
        std::string(R"({"data":[{"id":1,"at":"2026-11-28T06:30:00Z","message":")") + "\xff\xfe" +
        R"("}]})";
    auto d = api::decodeLogPage(bad);
    ASSERT_EQ(d.error, "");  // read as U+FFFD, not refused (nor an abort)
    EXPECT_EQ(d.value.lines.at(0).message, "\xEF\xBF\xBD\xEF\xBF\xBD");
    // Outside strings invalid bytes are still not JSON.
    EXPECT_NE(api::decodeLogPage("{\"data\":[]\xff}").error, "");
    std::string deep(200, '[');
    EXPECT_NE(api::decodeTransactions(deep + std::string(200, ']')).error, "");
}

}  // namespace
