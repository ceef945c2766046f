// Decoding the reference API's services list: good, empty, malformed, missing and extra fields.
#include <gtest/gtest.h>

#include <cstdio>

#include "api/reference_decode.h"
#include "core/time.h"

namespace {

const char* kGoodPage = R"({
  "data": [
    {"id": 12, "name": "Shopify orders → NetSuite", "status": "active", "type": "standard",
     "company_group": "Acme Retail",
     "source": {"system": "Shopify", "entity": "orders"},
     "destination": {"system": "NetSuite", "entity": "sales orders"},
     "schedule": "Every 15 minutes", "alerts_enabled": true,
     "last_sync": {"id": 345, "status": "failed", "started_at": "2026-11-28T06:30:00.000Z"}},
    {"id": 13, "name": "Stock sweeper", "status": "inactive", "type": "sweeper",
     "company_group": "Acme Wholesale", "source": {"system": "SFTP", "entity": "stock"},
     "destination": {"system": "Magento", "entity": "stock"}, "schedule": "Hourly",
     "alerts_enabled": false, "last_sync": null}
  ],
  "meta": {"current_page": 1, "per_page": 100, "total": 2, "last_page": 1},
  "links": {"next": null, "prev": null}
})";

TEST(ServicesDecode, DecodesEveryFieldOfAGoodPage) {
    auto d = api::decodeServicesPage(kGoodPage);
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.services.size(), 2u);
    const auto& s = d.value.services[0];
    EXPECT_EQ(s.id, 12);
    EXPECT_EQ(s.name, "Shopify orders → NetSuite");
    EXPECT_EQ(s.status, core::ServiceStatus::Active);
    EXPECT_EQ(s.type, "standard");
    EXPECT_EQ(s.companyGroup, "Acme Retail");
    EXPECT_EQ(s.source.system, "Shopify");
    EXPECT_EQ(s.source.entity, "orders");
    EXPECT_EQ(s.destination.system, "NetSuite");
    EXPECT_EQ(s.destination.entity, "sales orders");
    EXPECT_EQ(s.schedule, "Every 15 minutes");
    EXPECT_TRUE(s.alertsEnabled);
    ASSERT_TRUE(s.lastSync.has_value());
    EXPECT_EQ(s.lastSync->id, 345);
    EXPECT_EQ(s.lastSync->status, core::SyncStatus::Failed);
    EXPECT_EQ(s.lastSync->startedAt, 1795847400000LL);  // 2026-11-28T06:30:00Z
    EXPECT_EQ(d.value.services[1].status, core::ServiceStatus::Inactive);
    EXPECT_FALSE(d.value.services[1].lastSync.has_value());
    EXPECT_EQ(d.value.meta.total, 2);
    EXPECT_EQ(d.value.meta.lastPage, 1);
    EXPECT_EQ(d.value.meta.perPage, 100);
}

TEST(ServicesDecode, EmptyListIsNotAnError) {
    auto d = api::decodeServicesPage(
        R"({"data": [], "meta": {"current_page": 1, "per_page": 100, "total": 0, "last_page": 1}})");
    EXPECT_EQ(d.error, "");
    EXPECT_TRUE(d.value.services.empty());
    EXPECT_EQ(d.value.meta.total, 0);
}

TEST(ServicesDecode, MalformedJsonIsRejectedWithAMessage) {
    EXPECT_EQ(api::decodeServicesPage(R"({"data": [)").error, "the answer is not valid JSON");
    EXPECT_EQ(api::decodeServicesPage("").error, "the answer was empty, not JSON");
    EXPECT_EQ(api::decodeServicesPage("<html>502 Bad Gateway</html>").error,
              "the answer is not valid JSON");
    EXPECT_EQ(api::decodeServicesPage("[1,2]").error, "expected an object with \"data\"");
}

TEST(ServicesDecode, DeepNestingIsRejectedNotFollowed) {
    std::string deep(100000, '[');
    EXPECT_NE(api::decodeServicesPage("{\"data\":" + deep).error.find("nests deeper"),
              std::string::npos);
}

TEST(ServicesDecode, MissingRequiredFieldNamesTheField) {
    auto noData = api::decodeServicesPage(R"({"meta": {}})");
    EXPECT_EQ(noData.error, "data: missing");
    auto noName = api::decodeServicesPage(
        R"({"data": [{"id": 1, "name": "a", "status": "active"}, {"id": 2, "status": "active"}]})");
    EXPECT_EQ(noName.error, "data[1].name: missing");
    auto badStatus =
        api::decodeServicesPage(R"({"data": [{"id": 1, "name": "a", "status": "paused"}]})");
    EXPECT_EQ(badStatus.error, "data[0].status: unknown status \"paused\"");
    auto badNested = api::decodeServicesPage(
        R"({"data": [{"id": 1, "name": "a", "status": "active", "source": {"system": []}}]})");
    EXPECT_EQ(badNested.error, "data[0].source.system: expected a string");
    auto badTime = api::decodeServicesPage(
        R"({"data": [{"id": 1, "name": "a", "status": "active",
                      "last_sync": {"id": 3, "status": "running", "started_at": "yesterday"}}]})");
    EXPECT_EQ(badTime.error, "data[0].last_sync.started_at: not an ISO-8601 time: \"yesterday\"");
    auto notObject = api::decodeServicesPage(R"({"data": [42]})");
    EXPECT_EQ(notObject.error, "data[0]: expected an object");
}

TEST(ServicesDecode, OptionalFieldsMayBeMissingOrNull) {
    auto d = api::decodeServicesPage(
        R"({"data": [{"id": 7, "name": "Bare", "status": "active", "type": null,
                      "source": null}]})");
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.services.size(), 1u);
    EXPECT_EQ(d.value.services[0].type, "");
    EXPECT_EQ(d.value.services[0].source.system, "");
    EXPECT_FALSE(d.value.services[0].alertsEnabled);
    EXPECT_FALSE(d.value.services[0].lastSync.has_value());
    EXPECT_EQ(d.value.meta.lastPage, 1);  // no meta: one complete page
}

TEST(ServicesDecode, ExtraFieldsStringNumbersAndAttributesAreAccepted) {
    auto d = api::decodeServicesPage(
        R"({"data": [{"id": "45002", "type": "services", "unknown": {"x": [1, 2]},
                      "attributes": {"name": "Wrapped", "status": "active",
                                     "alerts_enabled": "true",
                                     "last_sync": {"id": "9", "status": "success",
                                                   "started_at": "2026-11-28T06:30:00.123456Z"}}}],
            "meta": {"current_page": "1", "per_page": "25", "total": "1", "last_page": "1",
                     "from": 1}, "included": []})");
    ASSERT_EQ(d.error, "");
    const auto& s = d.value.services.at(0);
    EXPECT_EQ(s.id, 45002);
    EXPECT_EQ(s.name, "Wrapped");
    EXPECT_TRUE(s.alertsEnabled);
    ASSERT_TRUE(s.lastSync.has_value());
    EXPECT_EQ(s.lastSync->id, 9);
    EXPECT_EQ(s.lastSync->startedAt, 1795847400123LL);
    EXPECT_EQ(d.value.meta.perPage, 25);
}

TEST(ServicesDecode, InvalidUtf8InANameDoesNotAbort) {
    std::string body = R"({"data": [{"id": 1, "name": "bad )";
    body += "\xff\xfe";
    body += R"(", "status": "active"}]})";
    auto d = api::decodeServicesPage(body);
    // Read with U+FFFD for each bad byte (JsonReader::parse), not refused and never an abort.
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.services.at(0).name, "bad \xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace

TEST(ServicesDecode, ImpossiblePageNumbersNameTheirField) {
    const char* kPage =
        R"({"data":[],"meta":{"current_page":%s,"per_page":%s,"total":%s,"last_page":1}})";
    auto with = [&](const char* current, const char* per, const char* total) {
        char body[200];
        std::snprintf(body, sizeof body, kPage, current, per, total);
        return api::decodeServicesPage(body).error;
    };
    EXPECT_EQ(with("1", "100", "0"), "");
    EXPECT_EQ(with("0", "100", "0"), "meta.current_page: a page number must be 1 or more");
    EXPECT_EQ(with("1", "-5", "0"), "meta.per_page: must not be negative");
    EXPECT_EQ(with("1", "100", "-1"), "meta.total: must not be negative");
}

// Issue 16 point 1: the reference API's `runs_24h` and `failed_24h` (docs/api.md).
TEST(ServicesDecode, DecodesTheLastDaysRunsOldestFirst) {
    auto d = api::decodeServicesPage(R"({"data": [
        {"id": 1, "name": "a", "status": "active", "failed_24h": 2, "runs_24h": [
            {"id": 10, "status": "success", "started_at": "2026-01-01T10:00:00Z"},
            {"id": 12, "status": "partial", "started_at": "2026-01-01T12:00:00.500Z"},
            {"id": 11, "status": "failed", "started_at": "2026-01-01T11:00:00Z"}]},
        {"id": 2, "name": "b", "status": "active"},
        {"id": 3, "name": "c", "status": "active", "runs_24h": [
            {"id": 30, "status": "failed", "started_at": "2026-01-01T10:00:00Z"},
            {"id": 31, "status": "exploded", "started_at": "2026-01-01T10:00:00Z"},
            {"id": 32, "status": "failed", "started_at": "yesterday"},
            "not a run",
            {"id": 33, "status": "partial", "started_at": "2026-01-01T10:30:00Z"}]},
        {"id": 4, "name": "d", "status": "active", "runs_24h": "oops", "failed_24h": "many"}
    ]})");
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.services.size(), 4u);
    const core::Service& a = d.value.services[0];
    EXPECT_TRUE(a.hasRuns);
    EXPECT_EQ(a.failed24h, 2);
    ASSERT_EQ(a.runs24h.size(), 3u);
    EXPECT_EQ(a.runs24h[0].id, 10);
    EXPECT_EQ(a.runs24h[1].id, 11);
    EXPECT_EQ(a.runs24h[1].status, core::SyncStatus::Failed);
    EXPECT_EQ(a.runs24h[2].id, 12);
    EXPECT_EQ(a.runs24h[2].startedAt, *core::parseIso8601("2026-01-01T12:00:00.500Z"));
    // Neither field: no run data (a strip is not drawn, the count is "—").
    EXPECT_FALSE(d.value.services[1].hasRuns);
    EXPECT_TRUE(d.value.services[1].runs24h.empty());
    // Runs that cannot be placed are left out; the count, not sent, is counted from the rest.
    const core::Service& c = d.value.services[2];
    EXPECT_TRUE(c.hasRuns);
    ASSERT_EQ(c.runs24h.size(), 2u);
    EXPECT_EQ(c.runs24h[0].id, 30);
    EXPECT_EQ(c.runs24h[1].id, 33);
    EXPECT_EQ(c.failed24h, 2);
    // Fields of the wrong type do not fail the list.
    EXPECT_EQ(d.value.services[3].name, "d");
}
