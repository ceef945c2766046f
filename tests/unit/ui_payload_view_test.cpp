// tests/unit/ui_payload_view_test.cpp — the payload preview drawn natively (issue 19 point 1): what
// state().log.preview says and which rects are drawn for a JSON file (fold markers numbered by
// their first line, from 1), a file that fails to parse (the reason and its position shown), a
// capped file (text, says so), a CSV table, and the search's matches found once per query.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "imgui.h"
#include "imgui_frame.h"
#include "imgui_internal.h"
#include "ui/view_parts.h"
#include "ui/views.h"

namespace {

using testing_ui::ImGuiFrame;

// One frame of the preview over `file`, with `setup` applied to the widgets' state first.
template <typename Setup>
void draw(core::AppState& s, ui::UiState& u, ui::ItemRects& rects, Setup setup) {
    ImGuiFrame frame(1200.0f, 800.0f);
    setup(u);
    ui::Fonts fonts;
    ui::FrameContext ctx{fonts, u, rects, 0};
    core::Intents out;
    ui::drawPayloadView(s, ctx, out);
}

core::AppState withFile(std::string bytes, std::string type, int64_t total = -1) {
    core::AppState s;
    s.payload.open = true;
    s.payload.ref.id = 7;
    core::PayloadFile f;
    f.id = 7;
    f.totalBytes = total < 0 ? static_cast<int64_t>(bytes.size()) : total;
    f.bytes = std::move(bytes);
    f.contentType = std::move(type);
    f.fileName = "pull-1.x";
    s.payload.file = std::move(f);
    return s;
}

const char* kJson = R"({"data":[{"sku":"A","n":1},{"sku":"b","n":2}],"count":2})";

TEST(UiPayloadView, JsonFoldMarkersAreNumberedByTheirFirstLine) {
    core::AppState s = withFile(kJson, "application/json");
    ui::UiState u;
    ui::ItemRects rects;
    rects.startRecording();
    draw(s, u, rects, [](ui::UiState&) {});
    const nlohmann::json p = ui::payloadPreviewJson(s, u);
    EXPECT_EQ(p["kind"], "json");
    EXPECT_EQ(p["lines"], 13);
    EXPECT_EQ(p["nodes"], 4);
    EXPECT_EQ(p["folded"], 0);
    EXPECT_EQ(p["fallback"], "");
    EXPECT_NE(rects.find("payload.fold.1"), nullptr);  // {
    EXPECT_NE(rects.find("payload.fold.2"), nullptr);  // "data": [
    EXPECT_NE(rects.find("payload.fold.3"), nullptr);  // {
    EXPECT_EQ(rects.find("payload.fold.4"), nullptr);  // "sku": "A",
    EXPECT_NE(rects.find("payload.search"), nullptr);
    EXPECT_NE(rects.find("payload.text.13"), nullptr);

    // Folded: the array's lines are hidden and it says how many items it holds.
    draw(s, u, rects, [](ui::UiState& w) { w.payload.folds.set(1, true); });
    const nlohmann::json f = ui::payloadPreviewJson(s, u);
    EXPECT_EQ(f["folded"], 1);
    EXPECT_EQ(f["lines"], 4);
    EXPECT_EQ(f["foldedNodes"][0]["line"], 2);
    EXPECT_EQ(f["foldedNodes"][0]["text"], "… 2 items ]");
}

TEST(UiPayloadView, SearchFindsMatchesOncePerQueryAndUnfoldsToThem) {
    core::AppState s = withFile(kJson, "application/json");
    ui::UiState u;
    ui::ItemRects rects;
    draw(s, u, rects, [](ui::UiState&) {});
    draw(s, u, rects, [](ui::UiState& w) {
        w.payload.folds.foldAll();
        w.payload.query = "SKU";
    });
    nlohmann::json p = ui::payloadPreviewJson(s, u);
    EXPECT_EQ(p["query"], "SKU");
    EXPECT_EQ(p["matches"], 2);
    EXPECT_EQ(p["current"], 1);
    EXPECT_EQ(p["currentLine"], 4);
    // The folds that hid the first match opened (the second record stays folded).
    EXPECT_EQ(p["folded"], 1);
    // The matches are not found again while the query stays: a marker left in them stays.
    draw(s, u, rects, [](ui::UiState& w) { w.payload.matches.push_back(0); });
    EXPECT_EQ(ui::payloadPreviewJson(s, u)["matches"], 3);
    draw(s, u, rects, [](ui::UiState& w) { w.payload.query = "sku\""; });
    EXPECT_EQ(ui::payloadPreviewJson(s, u)["matches"], 2);
}

TEST(UiPayloadView, AFileThatFailsToParseIsTextSayingWhyAndWhere) {
    core::AppState s = withFile("{\"a\": [1, 2,, 3]}", "application/json");
    ui::UiState u;
    ui::ItemRects rects;
    rects.startRecording();
    draw(s, u, rects, [](ui::UiState&) {});
    const nlohmann::json p = ui::payloadPreviewJson(s, u);
    EXPECT_EQ(p["kind"], "text");
    EXPECT_EQ(p["fallback"], "Not valid JSON at line 1, column 13 (byte 13): shown as sent.");
    EXPECT_NE(rects.find("payload.fallback"), nullptr);
    EXPECT_EQ(rects.find("payload.fold.1"), nullptr);
}

TEST(UiPayloadView, ACappedFileIsTextAndSaysSo) {
    const std::string whole = kJson;
    core::AppState s = withFile(whole.substr(0, 30), "application/json", 1 << 30);
    ui::UiState u;
    ui::ItemRects rects;
    rects.startRecording();
    draw(s, u, rects, [](ui::UiState&) {});
    const nlohmann::json p = ui::payloadPreviewJson(s, u);
    EXPECT_EQ(p["kind"], "text");
    EXPECT_EQ(p["capped"], true);
    EXPECT_EQ(p["nodes"], 0);
    EXPECT_NE(rects.find("payload.capped"), nullptr);
    EXPECT_NE(rects.find("payload.search"), nullptr);
}

TEST(UiPayloadView, CsvIsATableWithItsRowCount) {
    core::AppState s = withFile("sku,name\nA,\"Cap, navy\"\nB,Mug\n", "text/csv");
    ui::UiState u;
    ui::ItemRects rects;
    rects.startRecording();
    draw(s, u, rects, [](ui::UiState&) {});
    const nlohmann::json p = ui::payloadPreviewJson(s, u);
    EXPECT_EQ(p["kind"], "csv");
    EXPECT_EQ(p["rows"], 2);
    EXPECT_EQ(p["columns"], 2);
    EXPECT_NE(rects.find("payload.table"), nullptr);
    EXPECT_NE(rects.find("payload.rows"), nullptr);
}

// Review fixes. The vertices drawn in this frame, over every window.
int verticesDrawn() {
    int n = 0;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) n += w->DrawList->VtxBuffer.Size;
    return n;
}

TEST(UiPayloadView, ALongLineFullOfMatchesDrawsOnlyTheHighlightsInView) {
    // 16 KB on one line, every byte a match: the highlights are walked in order with the pen
    // (not measured from the line's start each) and only those in view are drawn.
    core::AppState s = withFile(std::string(16384, 'a'), "text/plain");
    ui::UiState u;
    ui::ItemRects rects;
    draw(s, u, rects, [](ui::UiState&) {});
    ImGuiFrame frame(1200.0f, 800.0f);
    u.payload.query = "a";
    ui::Fonts fonts;
    ui::FrameContext ctx{fonts, u, rects, 0};
    core::Intents out;
    ui::drawPayloadView(s, ctx, out);
    EXPECT_EQ(ui::payloadPreviewJson(s, u)["matches"], 16384);
    EXPECT_EQ(ui::payloadPreviewJson(s, u)["matchesCapped"], false);
    EXPECT_LT(verticesDrawn(), 20000);  // 16,384 rects would be 65,536
}

TEST(UiPayloadView, ACsvMatchInTheHeaderRowKeepsTheTableAtTheTop) {
    std::string csv = "sku,name\n";
    for (int i = 1; i <= 300; ++i) csv += "S" + std::to_string(i) + ",item\n";
    core::AppState s = withFile(csv, "text/csv");
    ui::UiState u;
    ui::ItemRects rects;
    draw(s, u, rects, [](ui::UiState&) {});
    ImGuiFrame frame(1200.0f, 800.0f);
    ui::Fonts fonts;
    ui::FrameContext ctx{fonts, u, rects, 0};
    core::Intents out;
    u.payload.query = "NAME";
    ui::drawPayloadView(s, ctx, out);
    EXPECT_EQ(ui::payloadPreviewJson(s, u)["current"], 1);
    EXPECT_EQ(ui::payloadPreviewJson(s, u)["currentRow"], 0);
    for (int k = 0; k < 3; ++k) {  // the scroll asked for lands in the frames after
        ImGui::Render();
        ImGui::NewFrame();
        rects.startRecording();
        ui::drawPayloadView(s, ctx, out);
        // Was scrolled to row 2^64 - 1 (read as -2^31 in the frame after).
        for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
            EXPECT_EQ(w->Scroll.y, 0.0f) << w->Name;
    }
    EXPECT_NE(rects.find("payload.row.1"), nullptr);
    EXPECT_EQ(rects.find("payload.row.300"), nullptr);
}

TEST(UiPayloadView, FoldAllMovesTheCurrentLineToTheFoldHoldingIt) {
    core::AppState s = withFile(kJson, "application/json");
    ui::UiState u;
    ui::ItemRects rects;
    draw(s, u, rects, [](ui::UiState&) {});
    draw(s, u, rects, [](ui::UiState& w) { w.payload.currentLine = 4; });  // "sku": "A" (5)
    EXPECT_EQ(ui::payloadPreviewJson(s, u)["currentLine"], 5);
    // As "Fold all" does (Shift+Left already moved it): the line it was on is hidden.
    draw(s, u, rects, [](ui::UiState& w) { w.payload.folds.foldAll(); });
    EXPECT_EQ(ui::payloadPreviewJson(s, u)["currentLine"], 1);
}

}  // namespace

namespace {

// Issue 19: a trace step opens its file at the record. The preview went to the n-th line holding
// the value as a substring: "A-1" landed on a record holding "A-10", and a record holding the value
// twice counted twice. A CSV file did not move at all.
TEST(UiPayloadView, ATraceStepGoesToItsRecordsLineNotALongerValuesOrAnEarlierRecordsSecondField) {
    core::AppState s = withFile(
        R"({"data":[{"sku":"A-10","n":1},{"sku":"A-1","parent":"A-1"},{"sku":"B","ref":"a-1"}]})",
        "application/json");
    ui::UiState u;
    ui::ItemRects rects;
    draw(s, u, rects, [](ui::UiState& w) {
        w.trace.atPayload = 7;
        w.trace.atValue = "A-1";
        w.trace.atOccurrence = 1;  // the second record holding it: record 3
        w.trace.atRecord = 3;
        w.trace.atPending = true;
    });
    ASSERT_GT(u.trace.previewLine, 0u);
    const std::string& text = u.payload.doc.textOf(s.payload.file->bytes);
    EXPECT_EQ(u.payload.doc.line(text, u.trace.previewLine - 1), R"(      "ref": "a-1")");
    EXPECT_EQ(u.payload.currentLine, u.trace.previewLine - 1);
}

TEST(UiPayloadView, ATraceStepOpensACsvFileAtItsRecordsRow) {
    std::string csv = "sku,name\n";
    for (int i = 1; i <= 200; ++i)
        csv += "S-" + std::to_string(i) + ",thing " + std::to_string(i) + "\n";
    core::AppState s = withFile(csv, "text/csv");
    ui::UiState u;
    ui::ItemRects rects;
    draw(s, u, rects, [](ui::UiState& w) {
        w.trace.atPayload = 7;
        w.trace.atValue = "S-150";
        w.trace.atRecord = 150;
        w.trace.atPending = true;
    });
    EXPECT_EQ(u.trace.previewLine, 151u);  // line 151 of the file: the header, then 150 rows
    const nlohmann::json p = ui::payloadPreviewJson(s, u);
    EXPECT_EQ(p["kind"], "csv");
    EXPECT_EQ(p["currentLine"], 151);  // the row Copy record copies
}

}  // namespace
