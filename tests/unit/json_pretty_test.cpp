// JSON laid out for the payload preview without a DOM (core/json_pretty.h): the layout of
// nlohmann's dump(2), the file's own order and tokens, and what is refused.
#include "core/json_pretty.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace {

std::string pretty(std::string_view text) {
    std::string out;
    const core::JsonPrettyResult r = core::prettyPrintJson(text, out);
    EXPECT_TRUE(r.ok) << "refused at byte " << r.errorAt << ": " << text;
    return out;
}

bool refused(std::string_view text, int maxDepth = 200) {
    std::string out;
    return !core::prettyPrintJson(text, out, 2, maxDepth).ok;
}

TEST(JsonPretty, LaysOutLikeADump) {
    EXPECT_EQ(
        pretty(
            R"({"order":{"id":1042,"lines":[{"sku":"A-1","qty":2},{"sku":"B","qty":1}],"paid":true,"note":null}})"),
        "{\n"
        "  \"order\": {\n"
        "    \"id\": 1042,\n"
        "    \"lines\": [\n"
        "      {\n"
        "        \"sku\": \"A-1\",\n"
        "        \"qty\": 2\n"
        "      },\n"
        "      {\n"
        "        \"sku\": \"B\",\n"
        "        \"qty\": 1\n"
        "      }\n"
        "    ],\n"
        "    \"paid\": true,\n"
        "    \"note\": null\n"
        "  }\n"
        "}");
    EXPECT_EQ(pretty(" [ ] "), "[]");
    EXPECT_EQ(pretty("{ }"), "{}");
    EXPECT_EQ(pretty(R"({"a":[],"b":{}})"), "{\n  \"a\": [],\n  \"b\": {}\n}");
    EXPECT_EQ(pretty("42"), "42");
    EXPECT_EQ(pretty("\xEF\xBB\xBF{\"bom\":1}"),
              "{\n  \"bom\": 1\n}");  // a byte-order mark is dropped
    EXPECT_EQ(pretty("\"just a string\""), "\"just a string\"");
}

TEST(JsonPretty, KeepsOrderNumbersAndEscapesAsSent) {
    // A dump would sort the keys, write 1.0E+2 as 100.0 and decode \u00e9 and \/.
    EXPECT_EQ(pretty(R"({"z":1.0E+2,"a":"caf\u00e9 \/ \"q\"","m":-0.5e-3})"),
              "{\n  \"z\": 1.0E+2,\n  \"a\": \"caf\\u00e9 \\/ \\\"q\\\"\",\n  \"m\": -0.5e-3\n}");
}

TEST(JsonPretty, MatchesNlohmannOnRandomDocuments) {
    std::mt19937 rng(11);
    const auto build = [&](auto& self, int depth) -> nlohmann::ordered_json {
        const int kind = depth > 4 ? static_cast<int>(rng() % 4) : static_cast<int>(rng() % 6);
        switch (kind) {
            case 0: return static_cast<int64_t>(rng() % 100000) - 50000;
            case 1: return "s" + std::to_string(rng() % 1000) + " ü";
            case 2: return rng() % 2 == 0;
            case 3: return nullptr;
            case 4: {
                nlohmann::ordered_json a = nlohmann::ordered_json::array();
                for (int n = static_cast<int>(rng() % 4); n > 0; --n)
                    a.push_back(self(self, depth + 1));
                return a;
            }
            default: {
                nlohmann::ordered_json o = nlohmann::ordered_json::object();
                for (int n = static_cast<int>(rng() % 4); n > 0; --n)
                    o["k" + std::to_string(rng() % 50)] = self(self, depth + 1);
                return o;
            }
        }
    };
    for (int round = 0; round < 500; ++round) {
        const nlohmann::ordered_json doc = build(build, 0);
        EXPECT_EQ(pretty(doc.dump()), doc.dump(2)) << doc.dump();
        EXPECT_EQ(pretty(doc.dump(3)), doc.dump(2));  // already laid out: laid out again
    }
}

TEST(JsonPretty, RefusesWhatIsNotJson) {
    for (const char* bad : {"",
                            " ",
                            "{",
                            "[1,]",
                            "[,1]",
                            "{\"a\"}",
                            "{\"a\":}",
                            "{\"a\":1,}",
                            "{a:1}",
                            "[1 2]",
                            "01",
                            "1.",
                            ".5",
                            "-",
                            "1e",
                            "+1",
                            "tru",
                            "nul",
                            "\"open",
                            "\"bad \\x escape\"",
                            "\"\\u12G4\"",
                            "[1]]",
                            "[1] x",
                            "{\"a\":1]",
                            "[1}",
                            "\"raw\ttab\"",
                            "NaN",
                            "'single'"})
        EXPECT_TRUE(refused(bad)) << bad;
    // Nesting deeper than allowed: each level's indentation would multiply the size.
    const std::string deep = std::string(300, '[') + std::string(300, ']');
    EXPECT_TRUE(refused(deep));
    EXPECT_FALSE(refused(deep, 400));
    EXPECT_FALSE(refused(std::string(200, '[') + std::string(200, ']')));
}

TEST(JsonPretty, SaysWhereTheTextStoppedBeingJson) {
    std::string out;
    const core::JsonPrettyResult r = core::prettyPrintJson("{\"a\": [1, 2, x]}", out);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.errorAt, 13u);
    EXPECT_FALSE(r.tooDeep);
    const core::JsonPrettyResult deep =
        core::prettyPrintJson("{\"a\": [[ [1]]]}", out, 2, /*maxDepth=*/3);
    EXPECT_FALSE(deep.ok);
    EXPECT_TRUE(deep.tooDeep);
    EXPECT_EQ(deep.errorAt, 9u);  // the fourth opening bracket
}

TEST(JsonPretty, RefusesALayoutManyTimesTheTextsSize) {
    // 199 levels deep, then short values: each 2-byte "0," would get ~400 bytes of indentation.
    std::string text = std::string(199, '[');
    for (int i = 0; i < 20000; ++i) text += i ? ",0" : "0";
    text += std::string(199, ']');
    std::string out;
    const core::JsonPrettyResult r = core::prettyPrintJson(text, out);
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.tooLarge);
    EXPECT_FALSE(r.tooDeep);
    EXPECT_LE(out.size(), text.size() * 8 + (1u << 20) + 1000);
}

TEST(JsonPretty, ABigMinifiedFileGrowsByItsLayoutOnly) {
    std::string text = "[";
    for (int i = 0; i < 20000; ++i) {
        if (i) text += ',';
        text += R"({"id":)" + std::to_string(i) + R"(,"sku":"SKU-)" + std::to_string(i) + R"("})";
    }
    text += ']';
    const std::string out = pretty(text);
    EXPECT_EQ(out, nlohmann::ordered_json::parse(text).dump(2));
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 20000 * 4 + 1);
}

}  // namespace
