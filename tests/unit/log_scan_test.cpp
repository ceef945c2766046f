// api::scanLogPage — the DOM-free reader of log pages — against the DOM decoder: on every page it
// accepts it must give exactly the DOM's result, it must accept the usual shape (or it would be
// no faster), and it must give up (so that the DOM decides) on everything else.
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "api/log_scan.h"
#include "api/reference_decode.h"

namespace {

using nlohmann::json;

void expectSame(const core::LogPage& a, const core::LogPage& b) {
    ASSERT_EQ(a.lines.size(), b.lines.size());
    for (size_t i = 0; i < a.lines.size(); ++i) {
        const core::LogLine &x = a.lines[i], &y = b.lines[i];
        EXPECT_EQ(x.id, y.id) << i;
        EXPECT_EQ(x.at, y.at) << i;
        EXPECT_EQ(x.level, y.level) << i;
        EXPECT_EQ(x.message, y.message) << i;
        ASSERT_EQ(x.payload.has_value(), y.payload.has_value()) << i;
        if (x.payload) {
            EXPECT_EQ(x.payload->id, y.payload->id);
            EXPECT_EQ(x.payload->kind, y.payload->kind);
            EXPECT_EQ(x.payload->fileName, y.payload->fileName);
            EXPECT_EQ(x.payload->sizeBytes, y.payload->sizeBytes);
            EXPECT_EQ(x.payload->contentType, y.payload->contentType);
            EXPECT_EQ(x.payload->expiresAt, y.payload->expiresAt);
        }
    }
    EXPECT_EQ(a.lastId, b.lastId);
    EXPECT_EQ(a.hasMore, b.hasMore);
    EXPECT_EQ(a.syncStatus, b.syncStatus);
    EXPECT_EQ(a.meta.perPage, b.meta.perPage);
    EXPECT_EQ(a.meta.total, b.meta.total);
    EXPECT_EQ(a.meta.currentPage, b.meta.currentPage);
    EXPECT_EQ(a.meta.lastPage, b.meta.lastPage);
}

// Scanned, it gives the DOM's page; and decodeLogPage gives it too.
void expectFast(const std::string& body) {
    SCOPED_TRACE(body.substr(0, 300));
    const auto dom = api::decodeLogPageDom(body);
    ASSERT_EQ(dom.error, "");
    core::LogPage scanned;
    ASSERT_TRUE(api::scanLogPage(body, scanned)) << "the scanner should take this page";
    expectSame(scanned, dom.value);
    const auto both = api::decodeLogPage(body);
    EXPECT_EQ(both.error, "");
    expectSame(both.value, dom.value);
}

// Not the usual shape: the scanner gives up, and decodeLogPage answers exactly as the DOM does.
void expectFallback(const std::string& body) {
    SCOPED_TRACE(body.substr(0, 300));
    core::LogPage scanned;
    EXPECT_FALSE(api::scanLogPage(body, scanned)) << "the scanner should leave this to the DOM";
    const auto dom = api::decodeLogPageDom(body);
    const auto both = api::decodeLogPage(body);
    EXPECT_EQ(both.error, dom.error);
    if (dom.error.empty()) expectSame(both.value, dom.value);
}

json line(int64_t id, const std::string& message, const char* level = "info") {
    return {{"id", id},
            {"at", "2026-11-28T06:00:00.123Z"},
            {"level", level},
            {"message", message},
            {"payload", nullptr}};
}

std::string page(const json& data,
                 const json& meta = {
                     {"last_id", 9}, {"has_more", false}, {"sync_status", "running"}}) {
    json root = {{"data", data}};
    if (!meta.is_null()) root["meta"] = meta;
    return root.dump();
}

TEST(LogScan, TheServersShapeIsScannedAndEqualsTheDom) {
    json data = json::array();
    for (int i = 1; i <= 50; ++i) data.push_back(line(i, "Pulled page " + std::to_string(i)));
    data[3]["payload"] = {{"id", 10000031},
                          {"kind", "custom_script"},
                          {"file_name", "x.json"},
                          {"size_bytes", 3161},
                          {"content_type", "application/json"},
                          {"expires_at", "2026-11-29T01:14:44.388Z"}};
    data[7]["level"] = "error";
    data[8]["level"] = "WARN";
    data[9]["level"] = nullptr;
    expectFast(page(data, {{"last_id", 77}, {"has_more", true}, {"sync_status", "success"}}));
    expectFast(page(data, nullptr));  // no meta: last_id is the newest line
    expectFast(page(json::array()));
    expectFast(R"({"data":[],"meta":null})");
}

TEST(LogScan, WhitespaceKeyOrderUnknownKeysAndDuplicatesAreRead) {
    expectFast(R"(  { "meta" : { "sync_status":"queued" , "extra":[1,{"a":[true,null,-1.5e3]}],
        "last_id": 3 } , "links":{"next":null},
        "data" : [ { "message" : "a" , "level" : "debug" , "unknown": {"x": ["y"]},
                     "at":"2026-11-28T06:00:00Z", "id" : 3, "flow_step_id": 2 } ] }  )");
    expectFast(
        R"({"data":[{"id":1,"at":"2026-11-28T06:00:00.000000Z","message":"first","message":"second"}]})");
    expectFast(R"({"data":[{"id":1,"at":"2026-11-28T06:00:00Z","message":"x"}],"data":[]})");
}

TEST(LogScan, EscapesAndUtf8AreDecodedLikeTheDom) {
    json data = json::array();
    const std::vector<std::string> messages = {
        "quote \" backslash \\ slash / tab \t newline \n cr \r",
        std::string("nul \0 inside", 12),
        "Zażółć gęślą jaźń — Ελληνικά — Кириллица — 日本語 — 🚀",
        "\x01\x1f control bytes escaped by dump",
        "",
    };
    for (size_t i = 0; i < messages.size(); ++i)
        data.push_back(line(static_cast<int64_t>(i) + 1, messages[i]));
    expectFast(page(data));
    expectFast(
        R"({"data":[{"id":1,"at":"2026-11-28T06:00:00Z","message":"\u00e9\u20ac\ud83d\ude80\/\b\f"}]})");
}

TEST(LogScan, RandomPagesAgreeWithTheDom) {
    std::mt19937 rng(42);
    const char* levels[] = {"debug", "info", "warning", "error", "INFO", "notice", "CRITICAL"};
    const std::string alphabet =
        "abcXYZ 0123456789.,:;-_\"\\/\t\n{}[]"
        "\xc3\xa9"
        "\xce\xb1"
        "\xd0\x96"
        "\xe2\x82\xac";
    for (int round = 0; round < 200; ++round) {
        json data = json::array();
        const int n = static_cast<int>(rng() % 40);
        for (int i = 0; i < n; ++i) {
            std::string msg;
            const int len = static_cast<int>(rng() % 120);
            for (int k = 0; k < len; ++k) {
                // Whole UTF-8 sequences only: pick an ASCII byte or one of the 2-/3-byte letters.
                const size_t at = rng() % alphabet.size();
                const auto c = static_cast<unsigned char>(alphabet[at]);
                if (c < 0x80) {
                    msg += static_cast<char>(c);
                } else {
                    msg += rng() % 2 ? "\xc3\xa9" : "\xe2\x82\xac";
                }
            }
            data.push_back(line(1000 + i, msg, levels[rng() % 7]));
        }
        expectFast(page(
            data,
            {{"last_id", 1000 + n}, {"has_more", rng() % 2 == 0}, {"sync_status", "partial"}}));
    }
}

TEST(LogScan, LooserOrWrongPagesAreLeftToTheDom) {
    const std::string ok = R"("at":"2026-11-28T06:00:00Z","message":"m")";
    expectFallback(R"({"data":[{"id":"7",)" + ok + "}]}");  // id as a string
    expectFallback(R"({"data":[{"id":7.0,)" + ok + "}]}");  // id as a float
    expectFallback(
        R"({"data":[{"id":"1","attributes":{"at":"2026-11-28T06:00:00Z","message":"m"}}]})");
    expectFallback(R"({"data":[{"id":1,"at":"2026-11-28T06:00:00Z"}]})");  // no message
    expectFallback(R"({"data":[{"id":1,"at":null,"message":"m"}]})");
    expectFallback(R"({"data":[{"id":1,"at":"yesterday","message":"m"}]})");
    expectFallback(R"({"data":[{"id":1,"at":"2026-11-28T06:00:00Z","message":"m","level":3}]})");
    expectFallback(R"({"data":[{"id":1,)" + ok + R"(}],"meta":{"sync_status":"exploded"}})");
    expectFallback(R"({"data":[{"id":1,)" + ok + R"(}],"meta":{"last_id":-4}})");
    expectFallback(R"({"data":[{"id":1,)" + ok + R"(}],"meta":5})");
    expectFallback(R"({"data":{"id":1}})");
    expectFallback(R"({"meta":{}})");
    expectFallback(R"([])");
    expectFallback("");
    expectFallback(R"({"data":[{"id":1,)" + ok + "}]");  // truncated
    expectFallback(R"({"data":[{"id":1,)" + ok + "}]} trailing");
    expectFallback(R"({"data":[{"id":01,)" + ok + "}]}");
    expectFallback(R"({"data":[{"id":99999999999999999999,)" + ok + "}]}");
    expectFallback(
        "{\"data\":[{\"id\":1,\"at\":\"2026-11-28T06:00:00Z\",\"message\":\"raw\ttab\"}]}");
    expectFallback(R"({"data":[{"id":1,"at":"2026-11-28T06:00:00Z","message":"lone \udc00"}]})");
    expectFallback(R"({"data":[{"id":1,"at":"2026-11-28T06:00:00Z","message":"bad \x"}]})");
    expectFallback(R"({"data":[{"id":1,)" + ok + R"(,"payload":{"kind":"pull"}}]})");  // payload id
    expectFallback(R"({"data":[{"id":1,)" + ok + R"(,"payload":"p.json"}]})");
    std::string deep = R"({"data":[{"id":1,)" + ok + R"(,"x":)";
    for (int i = 0; i < 80; ++i) deep += "[";
    for (int i = 0; i < 80; ++i) deep += "]";
    expectFallback(deep + "}]}");
    // Found by the reference-log-page fuzz target: numbers no double holds, which nlohmann
    // refuses ("number overflow"), in fields the scanner skips.
    expectFallback(R"({"data":[{"id":1,)" + ok + R"(}],"meta":{"x":92233720368547e5807}})");
    expectFallback(R"({"data":[{"id":1,)" + ok + R"(,"x":-1E+400}]})");
    expectFallback(R"({"data":[{"id":1,)" + ok + R"(,"x":)" + std::string(400, '9') + "}]}");
}

TEST(LogScan, NumbersADoubleHoldsAreSkippedOnTheFastPath) {
    const std::string ok = R"("at":"2026-11-28T06:00:00Z","message":"m")";
    expectFast(R"({"data":[{"id":1,)" + ok + R"(,"x":1e300,"y":-2.5E-400,"z":0.5}]})");
    expectFast(R"({"data":[{"id":1,)" + ok + R"(,"x":)" + std::string(300, '9') + "}]}");
}

// Bytes that are not UTF-8 (a server writing Latin-1, a character cut in half) are read as
// U+FFFD one byte at a time, by the scanner and the DOM alike: one bad byte never makes a page
// unreadable.
TEST(LogScan, InvalidUtf8IsReadAsReplacementCharacters) {
    const std::string head = R"({"data":[{"id":1,"at":"2026-11-28T06:00:00Z","message":")";
    const std::string tail =
        R"("}],"meta":{"last_id":1,"has_more":false,"sync_status":"running"}})";
    const std::string fffd = "\xEF\xBF\xBD";
    for (const auto& [raw, shown] : std::vector<std::pair<std::string, std::string>>{
             {"bad \xff utf8", "bad " + fffd + " utf8"},
             {"overlong \xc0\xaf", "overlong " + fffd + fffd},
             {"surrogate \xed\xa0\x80!", "surrogate " + fffd + fffd + fffd + "!"},
             {"cut \xc3", "cut " + fffd},
             {"\xf4\x90\x80\x80", fffd + fffd + fffd + fffd},
             {"caf\xc3\xa9 ok \xe2\x82", "caf\xc3\xa9 ok " + fffd + fffd}}) {
        expectFast(head + raw + tail);
        const auto page = api::decodeLogPage(head + raw + tail);
        ASSERT_EQ(page.error, "");
        EXPECT_EQ(page.value.lines.at(0).message, shown);
    }
    // In a payload object (which the scanner hands to the DOM) and in the looser forms too.
    const auto loose = api::decodeLogPage(
        "{\"data\":[{\"id\":\"1\",\"at\":\"2026-11-28T06:00:00Z\",\"message\":\"\xff\","
        "\"payload\":{\"id\":5,\"file_name\":\"\xfe.json\"}}]}");
    ASSERT_EQ(loose.error, "");
    EXPECT_EQ(loose.value.lines.at(0).message, fffd);
    EXPECT_EQ(loose.value.lines.at(0).payload->fileName, fffd + ".json");
}

}  // namespace
