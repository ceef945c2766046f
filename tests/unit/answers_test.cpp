// api/answers: the Authorization header, the authorized GET, the server clock, an HTTP answer as a
// core::Answer (error kinds kept, decoding errors as BadResponse naming the field), and payload
// files — Content-Disposition read the way a browser would, reduced to a safe base name.
#include <gtest/gtest.h>

#include <string>

#include "api/answers.h"

namespace {

using api::fileNameFromContentDisposition;
using core::ErrorKind;

api::HttpResponse response(int status, std::string body, api::Headers headers = {}) {
    api::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

TEST(Answers, AuthorizationIsBearerOrTheRawKey) {
    EXPECT_EQ(api::authorizationValue({"t0k", core::AuthScheme::Bearer}), "Bearer t0k");
    EXPECT_EQ(api::authorizationValue({"key", core::AuthScheme::ApiKey}), "key");
}

TEST(Answers, AuthorizedGetPutsTheTokenInTheHeaderOnly) {
    const api::HttpRequest r =
        api::authorizedGet("/api/v1", "/syncs/7?x=1", {"secret", core::AuthScheme::Bearer});
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.url, "/api/v1/syncs/7?x=1");
    EXPECT_TRUE(r.body.empty());
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0],
              (std::pair<std::string, std::string>{"Authorization", "Bearer secret"}));
    EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>{"Accept", "application/json"}));
    const api::HttpRequest any =
        api::authorizedGet("/api/v1", "/payloads/1", {"k", core::AuthScheme::ApiKey}, "*/*");
    EXPECT_EQ(any.headers[0].second, "k");
    EXPECT_EQ(any.headers[1].second, "*/*");
}

TEST(Answers, ServerTimeComesFromTheDateHeader) {
    EXPECT_EQ(api::serverTimeOf(response(200, "", {{"date", "Sun, 29 Nov 2026 00:10:00 GMT"}})),
              1795911000000);
    EXPECT_EQ(api::serverTimeOf(response(200, "")), 0);
    EXPECT_EQ(api::serverTimeOf(response(200, "", {{"date", "yesterday"}})), 0);
}

TEST(Answers, BadResponseNamesWhatAndWhy) {
    const core::ApiError e = api::badResponse(response(200, "{}"), "the sync", "status: missing");
    EXPECT_EQ(e.kind, ErrorKind::BadResponse);
    EXPECT_EQ(e.status, 200);
    EXPECT_EQ(e.message, "the sync could not be read (status: missing)");
}

TEST(Answers, AnswerHeadKeepsTheErrorKindAndTheClock) {
    auto ok = api::answerHead<int>(response(304, "", {{"date", "Sun, 29 Nov 2026 00:10:00 GMT"}}));
    EXPECT_FALSE(ok.error);
    EXPECT_EQ(ok.serverTime, 1795911000000);
    auto limited = api::answerHead<int>(response(429, "", {{"retry-after", "12"}}));
    EXPECT_EQ(limited.error.kind, ErrorKind::RateLimited);
    EXPECT_EQ(limited.error.retryAfterSeconds, 12);
    EXPECT_EQ(api::answerHead<int>(response(401, "")).error.kind, ErrorKind::Unauthorized);
    EXPECT_EQ(api::answerHead<int>(response(502, "")).error.kind, ErrorKind::Server);
}

// Retry-After may be an HTTP date (RFC 9110 §10.2.3): the wait is that date less the answer's own
// Date (the server's clock, so a client whose clock is off still waits right).
TEST(Answers, RetryAfterAsAnHttpDateCountsFromTheAnswersDate) {
    const auto limited = [](const char* retryAfter, const char* date) {
        api::Headers h{{"retry-after", retryAfter}};
        if (*date) h.push_back({"date", date});
        return api::answerHead<int>(response(429, "", h)).error.retryAfterSeconds;
    };
    EXPECT_EQ(limited("Sun, 29 Nov 2026 00:10:45 GMT", "Sun, 29 Nov 2026 00:10:00 GMT"), 45);
    EXPECT_EQ(limited("Sun, 29 Nov 2026 02:10:00 GMT", "Sun, 29 Nov 2026 00:10:00 GMT"), 7200);
    // Already past: no wait of its own (the scheduler's backoff still applies).
    EXPECT_EQ(limited("Sun, 29 Nov 2026 00:09:00 GMT", "Sun, 29 Nov 2026 00:10:00 GMT"), 0);
    // Capped at a day, as delta-seconds are.
    EXPECT_EQ(limited("Sun, 06 Dec 2026 00:10:00 GMT", "Sun, 29 Nov 2026 00:10:00 GMT"), 86400);
    // No Date to count from, or not a date at all: a minute.
    EXPECT_EQ(limited("Sun, 29 Nov 2026 00:10:45 GMT", ""), 60);
    EXPECT_EQ(limited("soon", "Sun, 29 Nov 2026 00:10:00 GMT"), 60);
    EXPECT_EQ(limited("12", "Sun, 29 Nov 2026 00:10:00 GMT"), 12);
}

TEST(Answers, DecodeAnswerDecodesOnlySuccesses) {
    int calls = 0;
    auto decode = [&calls](const std::string& body) {
        ++calls;
        api::Decoded<int> d;
        if (body == "42") {
            d.value = 42;
        } else {
            d.error = "answer: expected 42";
        }
        return d;
    };
    auto good = api::decodeAnswer<int>(response(200, "42"), "the answer", decode);
    EXPECT_FALSE(good.error);
    EXPECT_EQ(good.value, 42);
    EXPECT_EQ(calls, 1);

    auto bad = api::decodeAnswer<int>(response(200, "41"), "the answer", decode);
    EXPECT_EQ(bad.error.kind, ErrorKind::BadResponse);
    EXPECT_EQ(bad.error.message, "the answer could not be read (answer: expected 42)");
    EXPECT_EQ(bad.value, 0);
    EXPECT_EQ(calls, 2);

    auto gone = api::decodeAnswer<int>(response(410, R"({"message":"expired"})"), "x", decode);
    EXPECT_EQ(gone.error.kind, ErrorKind::Gone);
    EXPECT_EQ(gone.error.message, "expired");
    EXPECT_EQ(calls, 2) << "an error answer's body is not decoded";
}

TEST(Answers, DecodeAnswerWithARealDecoderNamesTheField) {
    auto a = api::decodeAnswer<api::LoginAnswer>(response(200, R"({"token":["x"]})"),
                                                 "the login answer", api::decodeLoginAnswer);
    EXPECT_EQ(a.error.kind, ErrorKind::BadResponse);
    EXPECT_NE(a.error.message.find("the login answer could not be read ("), std::string::npos);
    EXPECT_NE(a.error.message.find("token"), std::string::npos) << a.error.message;
    auto m = api::decodeAnswer<api::LoginAnswer>(response(200, "{not json"), "the login answer",
                                                 api::decodeLoginAnswer);
    EXPECT_EQ(m.error.kind, ErrorKind::BadResponse);
}

// --- Content-Disposition ----------------------------------------------------------------------

TEST(ContentDisposition, QuotedAndUnquotedFileNames) {
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"pull-1000003-products.json\""),
              "pull-1000003-products.json");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=push-1.xml"), "push-1.xml");
    EXPECT_EQ(fileNameFromContentDisposition("attachment;filename=a.csv ; size=3"), "a.csv");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; FileName=\"Upper.json\""), "Upper.json");
    EXPECT_EQ(fileNameFromContentDisposition("inline; filename = \"spaced.json\""), "spaced.json");
}

TEST(ContentDisposition, QuotedValuesKeepSemicolonsAndEscapes) {
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"a;b.json\""), "a;b.json");
    EXPECT_EQ(fileNameFromContentDisposition(R"(attachment; filename="say \"hi\".txt")"),
              "say \"hi\".txt");
    // A parameter whose quoted value looks like a filename is not one.
    EXPECT_EQ(fileNameFromContentDisposition(
                  "attachment; note=\"x; filename=evil.exe\"; filename=\"good.json\""),
              "good.json");
}

TEST(ContentDisposition, ExtendedFileNameIsPreferred) {
    EXPECT_EQ(fileNameFromContentDisposition(
                  "attachment; filename=\"euro.json\"; filename*=UTF-8''%E2%82%AC.json"),
              "\xE2\x82\xAC.json");
    EXPECT_EQ(fileNameFromContentDisposition(
                  "attachment; filename*=UTF-8''%E2%82%AC.json; filename=\"euro.json\""),
              "\xE2\x82\xAC.json");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename*=utf-8'en'r%C3%A9sum%C3%A9.csv"),
              "r\xC3\xA9sum\xC3\xA9.csv");
    // Without the charset'language' part it cannot be read: the plain name is used.
    EXPECT_EQ(
        fileNameFromContentDisposition("attachment; filename*=%E2%82%AC.json; filename=b.json"),
        "b.json");
    // A filename* that reduces to nothing falls back too.
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename*=UTF-8''..; filename=c.json"),
              "c.json");
}

TEST(ContentDisposition, PathsAreStrippedToTheBaseName) {
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"../../etc/passwd\""),
              "passwd");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=/etc/shadow"), "shadow");
    EXPECT_EQ(fileNameFromContentDisposition(R"(attachment; filename="..\\..\\win.ini")"),
              "win.ini");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd"),
              "passwd");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\".hidden\""), "hidden");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"dir/\""), "");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"..\""), "");
}

TEST(ContentDisposition, ControlCharactersAreDropped) {
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"a\x01"
                                             "b\tc\x7f.json\""),
              "abc.json");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename*=UTF-8''x%0D%0Ay%00.json"),
              "xy.json");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"  spaced.json  \""),
              "spaced.json");
}

TEST(ContentDisposition, MissingOrEmpty) {
    EXPECT_EQ(fileNameFromContentDisposition(""), "");
    EXPECT_EQ(fileNameFromContentDisposition("attachment"), "");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; name=\"x.json\""), "");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename="), "");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"\""), "");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"unterminated.json"),
              "unterminated.json");
}

TEST(ContentDisposition, LongNamesAreCut) {
    const std::string name(500, 'a');
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=" + name).size(), 200u);
}

// Found by fuzz target content-disposition: percent-decoding (or a server writing Latin-1) gave
// names that are not UTF-8, and the cut at 200 bytes could split a character.
TEST(ContentDisposition, NamesAreValidUtf8) {
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename*=UTF-8''%FF%FEbad.json"),
              "\xEF\xBF\xBD\xEF\xBF\xBD"
              "bad.json");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"caf\xE9.txt\""),
              "caf\xEF\xBF\xBD.txt");
    std::string euros;
    for (int i = 0; i < 100; ++i) euros += "%E2%82%AC";
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename*=UTF-8''a" + euros), [] {
        std::string s = "a";
        for (int i = 0; i < 66; ++i) s += "\xE2\x82\xAC";  // 199 bytes, not 200
        return s;
    }());
}

// Bidi controls reorder how a name is shown ("invoice<U+202E>fdp.exe" reads as "invoiceexe.pdf")
// and C1 controls are control characters too: both are dropped like C0.
TEST(ContentDisposition, BidiAndC1ControlsAreDropped) {
    EXPECT_EQ(
        fileNameFromContentDisposition("attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe"),
        "invoicefdp.exe");
    for (const char* c :
         {"%E2%80%AA", "%E2%80%AB", "%E2%80%AC", "%E2%80%AD", "%E2%80%AE", "%E2%81%A6", "%E2%81%A7",
          "%E2%81%A8", "%E2%81%A9", "%E2%80%8E", "%E2%80%8F", "%D8%9C", "%C2%80", "%C2%9F"})
        EXPECT_EQ(fileNameFromContentDisposition(std::string("attachment; filename*=UTF-8''a") + c +
                                                 "b.txt"),
                  "ab.txt")
            << c;
    // Neighbours that are not controls stay: U+2010 (hyphen), U+2065 (unassigned), U+00A0.
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename*=UTF-8''a%E2%80%90%C2%A0b"),
              "a\xE2\x80\x90\xC2\xA0"
              "b");
}

// --- payloads ---------------------------------------------------------------------------------

TEST(Answers, PayloadAnswerKeepsTheBytesAsSent) {
    const std::string bytes("<a>\0\xfe</a>", 9);
    auto a =
        api::payloadAnswer(response(200, bytes,
                                    {{"content-type", "application/xml"},
                                     {"content-disposition", "attachment; filename=\"push-1.xml\""},
                                     {"date", "Sun, 29 Nov 2026 00:10:00 GMT"}}),
                           77);
    EXPECT_FALSE(a.error);
    EXPECT_EQ(a.serverTime, 1795911000000);
    EXPECT_EQ(a.value.id, 77);
    EXPECT_EQ(a.value.bytes, bytes);
    EXPECT_EQ(a.value.contentType, "application/xml");
    EXPECT_EQ(a.value.fileName, "push-1.xml");
}

TEST(Answers, PayloadAnswerFallsBackToTheIdForAName) {
    auto unnamed = api::payloadAnswer(response(200, "x", {{"content-type", "text/plain"}}), 5);
    EXPECT_EQ(unnamed.value.fileName, "payload-5");
    auto unsafe = api::payloadAnswer(
        response(200, "x", {{"content-disposition", "attachment; filename=\"../\""}}), 6);
    EXPECT_EQ(unsafe.value.fileName, "payload-6");
}

TEST(Answers, PayloadAnswerErrorsHaveNoBytes) {
    auto gone = api::payloadAnswer(response(410, R"({"message":"The payload file expired."})"), 5);
    EXPECT_EQ(gone.error.kind, ErrorKind::Gone);
    EXPECT_EQ(gone.error.message, "The payload file expired.");
    EXPECT_TRUE(gone.value.bytes.empty());
    auto missing = api::payloadAnswer(response(404, ""), 5);
    EXPECT_EQ(missing.error.kind, ErrorKind::NotFound);
    api::HttpResponse dropped;
    dropped.error = api::TransportError::Network;
    EXPECT_EQ(api::payloadAnswer(dropped, 5).error.kind, ErrorKind::Network);
}

}  // namespace
