// The payload preview's document model (core/payload_doc.h, issue 19 point 1): tokens, the fold
// tree and the lines shown when folded, records, CSV (RFC 4180), XML laid out, the fallback to
// text with its reason and position, a capped file, and the search.
#include "core/payload_doc.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using core::DocKind;
using core::Tok;

const char* kOrders =
    R"({"orders":[{"id":1,"sku":"CAP-NVY","lines":[1,2,3]},{"id":2,"sku":"mug-wht","paid":true,"note":null}],"count":2})";

std::vector<std::string> linesOf(const core::PayloadDoc& d, const std::string& bytes) {
    std::vector<std::string> out;
    for (size_t i = 0; i < d.lines(); ++i) out.emplace_back(d.line(d.textOf(bytes), i));
    return out;
}

TEST(PayloadDoc, KindFromTypeOrName) {
    EXPECT_EQ(core::docKindFor("application/json; charset=utf-8", "x"), DocKind::Json);
    EXPECT_EQ(core::docKindFor("", "PULL.JSON"), DocKind::Json);
    EXPECT_EQ(core::docKindFor("text/csv", "x"), DocKind::Csv);
    EXPECT_EQ(core::docKindFor("", "a.csv"), DocKind::Csv);
    EXPECT_EQ(core::docKindFor("application/xml", "x"), DocKind::Xml);
    EXPECT_EQ(core::docKindFor("text/plain", "a.txt"), DocKind::Text);
}

TEST(PayloadDoc, JsonFoldTreeCountsItemsAndNumbersLines) {
    const std::string bytes = kOrders;
    const core::PayloadDoc d = core::buildPayloadDoc(bytes, DocKind::Json, false);
    ASSERT_EQ(d.kind, DocKind::Json);
    EXPECT_EQ(d.fallback, "");
    const std::vector<std::string> l = linesOf(d, bytes);
    ASSERT_EQ(l.size(), 20u);
    EXPECT_EQ(l[0], "{");
    EXPECT_EQ(l[1], "  \"orders\": [");
    EXPECT_EQ(l[19], "}");
    // Nodes: root, orders, order 1, its lines, order 2.
    ASSERT_EQ(d.folds.size(), 5u);
    EXPECT_EQ(d.folds[0].first, 0u);
    EXPECT_EQ(d.folds[0].last, 19u);
    EXPECT_EQ(d.folds[0].items, 2u);  // orders, count
    EXPECT_TRUE(d.folds[0].object);
    EXPECT_EQ(d.folds[1].first, 1u);
    EXPECT_EQ(d.folds[1].items, 2u);  // two orders
    EXPECT_FALSE(d.folds[1].object);
    EXPECT_EQ(d.folds[1].parent, 0);
    EXPECT_EQ(d.folds[2].items, 3u);  // id, sku, lines
    EXPECT_EQ(d.folds[3].items, 3u);  // 1, 2, 3
    EXPECT_EQ(d.folds[3].parent, 2);
    EXPECT_EQ(d.folds[4].items, 4u);
    EXPECT_EQ(d.nodeAt(1), 1);
    EXPECT_EQ(d.nodeAt(3), -1);
    EXPECT_EQ(d.enclosing(7), 3);   // "1," inside lines
    EXPECT_EQ(d.enclosing(18), 0);  // "count": 2
}

TEST(PayloadDoc, JsonTokensByKind) {
    std::vector<core::TokenSpan> t;
    const std::string line = R"(  "sku": "A:1", "n": -1.5e3, "ok": true, "x": null})";
    core::jsonLineTokens(line, t);
    const auto kindOf = [&](const std::string& piece) {
        const size_t at = line.find(piece);
        for (const core::TokenSpan& s : t)
            if (s.begin == at && s.end == at + piece.size()) return s.kind;
        ADD_FAILURE() << "no token " << piece;
        return Tok::Plain;
    };
    EXPECT_EQ(kindOf("\"sku\""), Tok::Key);
    EXPECT_EQ(kindOf("\"A:1\""), Tok::String);
    EXPECT_EQ(kindOf("-1.5e3"), Tok::Number);
    EXPECT_EQ(kindOf("true"), Tok::Literal);
    EXPECT_EQ(kindOf("null"), Tok::Literal);
    EXPECT_EQ(kindOf("}"), Tok::Punct);
    // A string holding an escaped quote and a colon is one string.
    t.clear();
    core::jsonLineTokens(R"("a\"b": "c\":d")", t);
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0].kind, Tok::Key);
    EXPECT_EQ(t[2].kind, Tok::String);
    EXPECT_EQ(t[2].end, 15u);
}

TEST(PayloadDoc, FoldingHidesLinesAndRevealsAMatch) {
    const std::string bytes = kOrders;
    const core::PayloadDoc d = core::buildPayloadDoc(bytes, DocKind::Json, false);
    core::FoldState f;
    f.reset(&d);
    EXPECT_EQ(f.visible().size(), 20u);
    f.set(1, true);  // orders
    EXPECT_EQ(f.foldedCount(), 1u);
    EXPECT_EQ(f.visible().size(), 20u - 16u);  // lines 2..17 hidden (the closing line too)
    EXPECT_EQ(f.visible()[1], 1u);
    EXPECT_EQ(f.visible()[2], 18u);
    EXPECT_EQ(f.rowOf(9), 1u);  // hidden: the row of the folded node
    f.foldAll();
    EXPECT_EQ(f.foldedCount(), 5u);
    EXPECT_EQ(f.visible().size(), 1u);
    f.reveal(7);  // inside order 1's lines: root, orders, order 1, lines unfolded
    EXPECT_FALSE(f.folded(0));
    EXPECT_FALSE(f.folded(1));
    EXPECT_FALSE(f.folded(2));
    EXPECT_FALSE(f.folded(3));
    EXPECT_TRUE(f.folded(4));
    EXPECT_EQ(f.foldedCount(), 1u);
    EXPECT_EQ(f.visible()[f.rowOf(7)], 7u);
    f.unfoldAll();
    EXPECT_EQ(f.foldedCount(), 0u);
    EXPECT_EQ(f.visible().size(), 20u);
}

TEST(PayloadDoc, RecordIsTheOutermostArraysItem) {
    const std::string bytes = kOrders;
    const core::PayloadDoc d = core::buildPayloadDoc(bytes, DocKind::Json, false);
    uint32_t first = 0, last = 0;
    ASSERT_TRUE(d.recordOf(7, first, last));  // inside order 1
    EXPECT_EQ(first, 2u);
    EXPECT_EQ(last, 10u);
    EXPECT_EQ(d.linesText(d.text, first, last),
              "{\n  \"id\": 1,\n  \"sku\": \"CAP-NVY\",\n  \"lines\": [\n    1,\n    2,\n    "
              "3\n  ]\n}");
    EXPECT_FALSE(d.recordOf(18, first, last));  // "count" is in no array
    // A subtree copied: the node's lines, unindented, without the trailing comma.
    EXPECT_EQ(d.linesText(d.text, d.folds[3].first, d.folds[3].last),
              "\"lines\": [\n  1,\n  2,\n  3\n]");
}

TEST(PayloadDoc, InvalidJsonFallsBackWithReasonAndPosition) {
    const std::string bytes = "{\n  \"a\": 1,\n  \"b\": tru\n}";
    const core::PayloadDoc d = core::buildPayloadDoc(bytes, DocKind::Json, false);
    EXPECT_EQ(d.kind, DocKind::Text);
    EXPECT_FALSE(d.ownText);
    EXPECT_EQ(d.fallback, "Not valid JSON at line 3, column 8 (byte 20): shown as sent.");
    EXPECT_EQ(d.lines(), 4u);
    EXPECT_TRUE(d.folds.empty());
}

TEST(PayloadDoc, TooDeepJsonSaysWhere) {
    const std::string bytes = std::string(5, '[') + std::string(5, ']');
    const core::PayloadDoc d = core::buildPayloadDoc(bytes, DocKind::Json, false, 3);
    EXPECT_EQ(d.kind, DocKind::Text);
    EXPECT_EQ(d.fallback,
              "Nested more than 3 deep at line 1, column 4: shown as sent, not laid out.");
}

TEST(PayloadDoc, ACappedFileIsTextLaidOutUpToTheCut) {
    const std::string whole = kOrders;
    const std::string start = whole.substr(0, 40);
    const core::PayloadDoc d = core::buildPayloadDoc(start, DocKind::Json, true);
    EXPECT_EQ(d.kind, DocKind::Text);
    EXPECT_TRUE(d.capped);
    EXPECT_TRUE(d.ownText);  // laid out, as far as it goes
    EXPECT_TRUE(d.folds.empty());
    EXPECT_GT(d.lines(), 3u);
    EXPECT_EQ(d.fallback, "");
    // CSV and XML cut are their bytes as sent.
    const core::PayloadDoc c = core::buildPayloadDoc("a,b\n1,2\n3,", DocKind::Csv, true);
    EXPECT_EQ(c.kind, DocKind::Text);
    EXPECT_EQ(c.csv.rows(), 0u);
}

TEST(PayloadDoc, CsvQuotedFieldsPerRfc4180) {
    const std::string bytes =
        "sku,name,qty\r\nCAP-1,\"Cap, navy\",2\r\nMUG-2,\"A \"\"big\"\" mug\nwith a break\",1\r\n"
        "X,,\n";
    std::string error;
    size_t at = 0;
    core::CsvTable t;
    ASSERT_TRUE(core::parseCsv(bytes, t, error, at)) << error;
    EXPECT_EQ(t.columns, 3u);
    ASSERT_EQ(t.rows(), 4u);  // the header and three records
    EXPECT_EQ(t.cell(0, 1), "name");
    EXPECT_EQ(t.cell(1, 1), "Cap, navy");
    EXPECT_EQ(t.cell(2, 1), "A \"big\" mug\nwith a break");
    EXPECT_EQ(t.cell(2, 2), "1");
    EXPECT_EQ(t.cell(3, 1), "");
    EXPECT_EQ(t.rowStarts[1], 14u);
    const core::PayloadDoc d = core::buildPayloadDoc(bytes, DocKind::Csv, false);
    EXPECT_EQ(d.kind, DocKind::Csv);
    EXPECT_FALSE(d.ownText);
}

TEST(PayloadDoc, CsvFallsBackForAnOpenQuoteOrTooManyColumns) {
    const core::PayloadDoc d = core::buildPayloadDoc("a,b\n1,\"open\n", DocKind::Csv, false);
    EXPECT_EQ(d.kind, DocKind::Text);
    EXPECT_EQ(d.fallback,
              "Not a table: a quoted field never closed at line 2, column 3: shown as sent.");
    std::string wide;
    for (int i = 0; i < 512; ++i) wide += (i ? "," : "") + std::to_string(i);
    const core::PayloadDoc w = core::buildPayloadDoc(wide + "\n", DocKind::Csv, false);
    EXPECT_EQ(w.kind, DocKind::Text);
    EXPECT_NE(w.fallback.find("512 columns"), std::string::npos) << w.fallback;
    std::string narrower;
    for (int i = 0; i < 511; ++i) narrower += (i ? "," : "") + std::to_string(i);
    EXPECT_EQ(core::buildPayloadDoc(narrower + "\n", DocKind::Csv, false).kind, DocKind::Csv);
}

TEST(PayloadDoc, XmlIndentedAndColoured) {
    const std::string bytes =
        "<?xml version=\"1.0\"?><orders><!-- two --><order id=\"7\" x='y'><sku>CAP</sku>"
        "<empty/></order></orders>";
    const core::PayloadDoc d = core::buildPayloadDoc(bytes, DocKind::Xml, false);
    ASSERT_EQ(d.kind, DocKind::Xml) << d.fallback;
    EXPECT_EQ(d.text,
              "<?xml version=\"1.0\"?>\n<orders>\n  <!-- two -->\n  <order id=\"7\" x='y'>\n"
              "    <sku>CAP</sku>\n    <empty/>\n  </order>\n</orders>");
    EXPECT_EQ(d.lines(), 8u);
    const auto kindAt = [&](const std::string& piece) {
        const size_t at = d.text.find(piece);
        for (const core::TokenSpan& s : d.spans)
            if (s.begin <= at && at < s.end) return s.kind;
        return Tok::Plain;
    };
    EXPECT_EQ(kindAt("<order "), Tok::Tag);
    EXPECT_EQ(kindAt("id="), Tok::Attr);
    EXPECT_EQ(kindAt("\"7\""), Tok::String);
    EXPECT_EQ(kindAt("<!-- two"), Tok::Comment);
    EXPECT_EQ(kindAt("CAP"), Tok::Plain);
    EXPECT_EQ(kindAt("</sku>"), Tok::Tag);
}

TEST(PayloadDoc, MalformedXmlFallsBackWithReasonAndPosition) {
    const core::PayloadDoc d = core::buildPayloadDoc("<a>\n  <b></c>\n</a>", DocKind::Xml, false);
    EXPECT_EQ(d.kind, DocKind::Text);
    EXPECT_EQ(d.fallback,
              "Not well-formed XML: </c> closes <b> at line 2, column 6: shown as sent.");
    const core::PayloadDoc open = core::buildPayloadDoc("<a><b>", DocKind::Xml, false);
    EXPECT_EQ(open.fallback,
              "Not well-formed XML: <b> never closed at line 1, column 7: shown as sent.");
}

TEST(PayloadDoc, SearchIsCaseInsensitiveAndCountsEveryMatch) {
    const std::string text = "Sku sku SKU skU-1 s k u";
    const std::vector<uint32_t> m = core::findAllMatches(text, "SKU");
    EXPECT_EQ(m, (std::vector<uint32_t>{0, 4, 8, 12}));
    EXPECT_TRUE(core::findAllMatches(text, "").empty());
    EXPECT_EQ(core::findAllMatches("aaaa", "aa").size(), 2u);  // not overlapping
    // The laid-out JSON holds every token as sent: a term counts the same as in the file.
    const std::string bytes = kOrders;
    const core::PayloadDoc d = core::buildPayloadDoc(bytes, DocKind::Json, false);
    EXPECT_EQ(core::findAllMatches(d.text, "sku").size(),
              core::findAllMatches(bytes, "sku").size());
    EXPECT_EQ(core::findAllMatches(d.text, "mug-WHT").size(), 1u);
    EXPECT_EQ(d.lineOf(core::findAllMatches(d.text, "mug")[0]), 13u);
}

// ---- built a slice at a time (issue 19 follow-up: no freeze on the largest preview) ----------

void expectSameDoc(const core::PayloadDoc& a, const core::PayloadDoc& b, const std::string& what) {
    SCOPED_TRACE(what);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.ownText, b.ownText);
    EXPECT_EQ(a.lineStarts, b.lineStarts);
    ASSERT_EQ(a.folds.size(), b.folds.size());
    for (size_t k = 0; k < a.folds.size(); ++k) {
        EXPECT_EQ(a.folds[k].first, b.folds[k].first) << k;
        EXPECT_EQ(a.folds[k].last, b.folds[k].last) << k;
        EXPECT_EQ(a.folds[k].items, b.folds[k].items) << k;
        EXPECT_EQ(a.folds[k].parent, b.folds[k].parent) << k;
        EXPECT_EQ(a.folds[k].object, b.folds[k].object) << k;
    }
    ASSERT_EQ(a.spans.size(), b.spans.size());
    for (size_t k = 0; k < a.spans.size(); ++k) {
        EXPECT_EQ(a.spans[k].begin, b.spans[k].begin) << k;
        EXPECT_EQ(a.spans[k].end, b.spans[k].end) << k;
        EXPECT_EQ(a.spans[k].kind, b.spans[k].kind) << k;
    }
    EXPECT_EQ(a.csv.columns, b.csv.columns);
    EXPECT_EQ(a.csv.cells, b.csv.cells);
    EXPECT_EQ(a.csv.rowStarts, b.csv.rowStarts);
    EXPECT_EQ(a.fallback, b.fallback);
    EXPECT_EQ(a.capped, b.capped);
    // The records, as Copy record finds them, line by line.
    for (size_t line = 0; line < a.lines(); ++line) {
        uint32_t f1 = 0, l1 = 0, f2 = 0, l2 = 0;
        ASSERT_EQ(a.recordOf(line, f1, l1), b.recordOf(line, f2, l2)) << line;
        EXPECT_EQ(f1, f2) << line;
        EXPECT_EQ(l1, l2) << line;
    }
}

std::string manyRecords(int n) {
    std::string out = "{\"data\":[";
    for (int i = 1; i <= n; ++i) {
        if (i > 1) out += ",\n ";
        out += "{\"id\":" + std::to_string(i) + ",\"sku\":\"CAP-" + std::to_string(i) +
               "\",\"tags\":[\"a\",{\"b\":[]}],\"stock\":{\"MAN\":" + std::to_string(i % 7) +
               ",\"LDN\":null},\"note\":\"a \\\"quoted\\\" word\"}";
    }
    return out + "],\"count\":" + std::to_string(n) + "}";
}

TEST(PayloadDocBuilder, SlicedGivesExactlyTheOneShotDocument) {
    struct File {
        const char* what;
        std::string bytes;
        DocKind kind;
        bool capped;
    };
    std::string deep;
    for (int i = 0; i < 30; ++i) deep += "[";
    deep += "1";
    for (int i = 0; i < 30; ++i) deep += "]";
    const std::string records = manyRecords(200);
    std::string csv = "id,sku,\"note, quoted\"\r\n";
    for (int i = 0; i < 150; ++i)
        csv += std::to_string(i) + ",CAP-" + std::to_string(i) + ",\"two\nlines, \"\"q\"\"\"\r\n";
    csv += "1,2,3,4,5\n";
    std::string xml = "<?xml version=\"1.0\"?>\n<orders>";
    for (int i = 0; i < 100; ++i)
        xml +=
            "<order id=\"" + std::to_string(i) + "\"><!-- c\nd --><sku>CAP</sku><empty/></order>";
    xml += "</orders>";
    const std::vector<File> files = {
        {"json", records, DocKind::Json, false},
        {"json, small", kOrders, DocKind::Json, false},
        {"json, invalid near its end", records.substr(0, records.size() - 1) + "x", DocKind::Json,
         false},
        {"json, too deep", deep, DocKind::Json, false},
        {"json, capped", records.substr(0, records.size() / 2), DocKind::Json, true},
        {"csv", csv, DocKind::Csv, false},
        {"csv, a quote never closed", csv + "\"open,1\n2,3\n", DocKind::Csv, false},
        {"csv, empty", "", DocKind::Csv, false},
        {"xml", xml, DocKind::Xml, false},
        {"xml, malformed near its end", xml + "<extra/>", DocKind::Xml, false},
        {"text", records + "\n\nmore\n", DocKind::Text, false},
    };
    for (const File& f : files) {
        const core::PayloadDoc whole = core::buildPayloadDoc(f.bytes, f.kind, f.capped, 20);
        for (const size_t budget : {size_t{1}, size_t{7}, size_t{100}, size_t{4096}}) {
            core::PayloadDocBuilder b(f.bytes, f.kind, f.capped, 20);
            size_t steps = 0;
            double progress = 0;
            while (!b.step(budget)) {
                ++steps;
                ASSERT_FALSE(b.done());
                ASSERT_GE(b.progress(), progress) << f.what;
                ASSERT_LE(b.progress(), 1.0) << f.what;
                progress = b.progress();
                ASSERT_LT(steps, f.bytes.size() * 4 + 10) << f.what;  // it gets on
            }
            EXPECT_TRUE(b.done());
            EXPECT_EQ(b.progress(), 1.0);
            // A big file at a small budget takes many steps (it is sliced, not done at once).
            if (f.bytes.size() > 32 * budget && f.bytes.size() > 1000) {
                EXPECT_GT(steps, 2u) << f.what;
            }
            expectSameDoc(b.take(), whole,
                          std::string(f.what) + ", budget " + std::to_string(budget));
        }
    }
}

}  // namespace

namespace {

TEST(PayloadDoc, CsvRecordTextIsTheHeaderLineAndTheRecordAsSent) {
    const std::string bytes =
        "\xEF\xBB\xBFid,sku,note\r\n1,CAP,\"two\nlines, \"\"q\"\"\"\r\n2,MUG,plain\r\n3,HAT,last";
    const core::PayloadDoc d = core::buildPayloadDoc(bytes, DocKind::Csv, false);
    ASSERT_EQ(d.kind, DocKind::Csv);
    EXPECT_EQ(core::csvRecordText(d.csv, bytes, 1), "id,sku,note\n1,CAP,\"two\nlines, \"\"q\"\"\"");
    EXPECT_EQ(core::csvRecordText(d.csv, bytes, 2), "id,sku,note\n2,MUG,plain");
    EXPECT_EQ(core::csvRecordText(d.csv, bytes, 3), "id,sku,note\n3,HAT,last");
    EXPECT_EQ(core::csvRecordText(d.csv, bytes, 0), "");  // the header is no record
    EXPECT_EQ(core::csvRecordText(d.csv, bytes, 4), "");
}

}  // namespace

// Review fixes: hostile shapes are refused with a reason instead of exhausting memory.
TEST(PayloadDoc, XmlNestedTooDeepOrLaidOutTooLargeFallsBackToText) {
    std::string deep;
    for (int i = 0; i < 300; ++i) deep += "<a>";
    for (int i = 0; i < 300; ++i) deep += "</a>";
    const core::PayloadDoc d = core::buildPayloadDoc(deep, DocKind::Xml, false);
    EXPECT_EQ(d.kind, DocKind::Text);
    EXPECT_EQ(d.fallback,
              "Nested more than 200 deep at line 1, column 601: shown as sent, not laid out.");
    // 199 levels around 10,000 short tags: each would be indented by ~400 spaces.
    std::string wide;
    for (int i = 0; i < 199; ++i) wide += "<a>";
    for (int i = 0; i < 10000; ++i) wide += "<b/>";
    for (int i = 0; i < 199; ++i) wide += "</a>";
    const core::PayloadDoc w = core::buildPayloadDoc(wide, DocKind::Xml, false);
    EXPECT_EQ(w.kind, DocKind::Text);
    EXPECT_EQ(w.fallback,
              "Laid out it would be many times its size (deep nesting): shown as sent.");
    EXPECT_FALSE(w.ownText);
}

TEST(PayloadDoc, CsvRowsAreNotPaddedAndTooManyCellsFallBack) {
    std::string error;
    size_t at = 0;
    core::CsvTable t;
    ASSERT_TRUE(core::parseCsv("a,b,c\nx\n1,2,3\n", t, error, at)) << error;
    EXPECT_EQ(t.columns, 3u);
    ASSERT_EQ(t.rows(), 3u);
    EXPECT_EQ(t.cells.size(), 7u);  // not padded to the widest record
    EXPECT_EQ(t.cell(1, 0), "x");
    EXPECT_EQ(t.cell(1, 2), "");
    EXPECT_EQ(t.cell(2, 2), "3");
    std::string big;
    for (int i = 0; i < 400; ++i) big += (i ? "," : "") + std::to_string(i);
    big += "\n";
    for (int i = 0; i < 10001; ++i) big += "x\n";
    const core::PayloadDoc d = core::buildPayloadDoc(big, DocKind::Csv, false);
    EXPECT_EQ(d.kind, DocKind::Text);
    EXPECT_EQ(d.fallback,
              "Not a table: more than 4000000 cells (400 columns) at line 10001, column 1: "
              "shown as sent.");
}

TEST(PayloadDoc, ACappedJsonCutInsideALiteralOrEscapeIsLaidOutUpToTheCut) {
    for (const std::string start :
         {R"({"a": [1, 2], "b": tru)", R"({"a": [1, 2], "b": "x\u00)", R"({"a": [1, 2], "b": "x\)",
          R"({"a": [1, 2], "b": nul)", R"({"a": [1, 2], "b": 1.)", R"({"a": [1, 2], "b": "x)"}) {
        const core::PayloadDoc d = core::buildPayloadDoc(start, DocKind::Json, true);
        EXPECT_EQ(d.kind, DocKind::Text) << start;
        EXPECT_TRUE(d.ownText) << start;  // laid out up to the cut
        EXPECT_EQ(d.fallback, "") << start;
        EXPECT_GT(d.lines(), 3u) << start;
    }
    // The whole file cut so says it hit the end of the input.
    const core::PayloadDoc w =
        core::buildPayloadDoc(R"({"a": [1, 2], "b": tru)", DocKind::Json, false);
    EXPECT_EQ(w.fallback,
              "Not valid JSON: it hit the end of the input at line 1, column 20: shown as sent.");
    // Not JSON before the cut is still shown as sent.
    const core::PayloadDoc bad =
        core::buildPayloadDoc(R"({"a": [1,, 2], "b": tru)", DocKind::Json, true);
    EXPECT_FALSE(bad.ownText);
    EXPECT_NE(bad.fallback.find("Not valid JSON at line 1, column 10"), std::string::npos)
        << bad.fallback;
}

TEST(PayloadDoc, TheMatchListStopsAtAMillion) {
    const std::string text(core::kMaxPayloadMatches + 5, 'a');
    EXPECT_EQ(core::findAllMatches(text, "a").size(), core::kMaxPayloadMatches);
    EXPECT_EQ(core::kMaxPayloadMatches, 1000000u);
    EXPECT_EQ(core::findAllMatches(text, "A", 3), (std::vector<uint32_t>{0, 1, 2}));
}

TEST(PayloadDoc, AnEmptyFileOrNdjsonIsTextWithoutAWarning) {
    const core::PayloadDoc e = core::buildPayloadDoc("", DocKind::Json, false);
    EXPECT_EQ(e.kind, DocKind::Text);
    EXPECT_EQ(e.fallback, "");  // the preview says "The file is empty"
    // Newline-delimited JSON is a value a line, not one value: shown as sent, not "Not valid
    // JSON at line 2".
    EXPECT_EQ(core::docKindFor("application/x-ndjson", "x"), DocKind::Text);
    EXPECT_EQ(core::docKindFor("", "events.NDJSON"), DocKind::Text);
    EXPECT_EQ(core::docKindFor("", "events.jsonl"), DocKind::Text);
    EXPECT_EQ(core::docKindFor("application/jsonl", "x"), DocKind::Text);
    const std::string nd = "{\"a\":1}\n{\"a\":2}\n";
    const core::PayloadDoc d =
        core::buildPayloadDoc(nd, core::docKindFor("application/x-ndjson", "x"), false);
    EXPECT_EQ(d.fallback, "");
    EXPECT_EQ(d.lines(), 2u);
}

TEST(PayloadDoc, TheReviewsHostileXmlAndCsvAreRefusedQuickly) {
    // <a> × 50,000 (150 KB): ~5 GB of indentation before.
    std::string deep;
    for (int i = 0; i < 50000; ++i) deep += "<a>";
    const core::PayloadDoc x = core::buildPayloadDoc(deep, DocKind::Xml, false);
    EXPECT_EQ(x.kind, DocKind::Text);
    EXPECT_NE(x.fallback.find("Nested more than 200 deep"), std::string::npos) << x.fallback;
    // A 511-field header over 8 M one-field rows (16 MB): ~49 GB padded before.
    std::string csv;
    for (int i = 0; i < 511; ++i) csv += i ? ",c" : "c";
    csv += '\n';
    std::string rows(16 * 1024 * 1024, 'x');
    for (size_t i = 1; i < rows.size(); i += 2) rows[i] = '\n';
    csv += rows;
    const core::PayloadDoc c = core::buildPayloadDoc(csv, DocKind::Csv, false);
    EXPECT_EQ(c.kind, DocKind::Text);
    EXPECT_NE(c.fallback.find("more than 4000000 cells (511 columns)"), std::string::npos)
        << c.fallback;
}
