// core/payload_doc.h — a payload file as a structured document for the preview (issue 19 point 1):
// lines, token kinds to colour them, the fold tree of a JSON file's objects and arrays, a CSV
// file's table, an XML file indented, and a case-insensitive search over what is shown.
//
// Built once per file (buildPayloadDoc, or PayloadDocBuilder a slice a frame), in passes over the
// bytes that cost about a copy of them: JSON is laid out by the one-pass printer
// (core/json_pretty.h), whose layout puts every member or element on its own line, opening brackets
// at the end of a line and closing ones at the start of one, so the fold tree is a scan of the
// lines with a stack. JSON tokens are found per line when the line is drawn (jsonLineTokens: a
// laid-out line holds whole tokens, as JSON strings hold no line break); XML's are noted while it
// is laid out (a comment may span lines). Nothing here knows about ImGui.
//
// What cannot be parsed is shown as text, with why and where (`fallback`: "Not valid JSON at line
// 3, column 14"). A capped file (only its first 16 MB held: core/backend.h) is cut mid-structure:
// it is text (a JSON file laid out up to the cut), searchable, never folded, and says so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/folded_search.h"

namespace core {

enum class DocKind : uint8_t { Text, Json, Csv, Xml };
const char* toString(DocKind k);  // "text", "json", "csv", "xml"

// What a run of bytes is, for its colour.
enum class Tok : uint8_t {
    Plain,
    Key,      // JSON: a member's name
    String,   // JSON string value; XML attribute value
    Number,   // JSON
    Literal,  // JSON true / false / null
    Punct,    // JSON { } [ ] : ,
    Tag,      // XML <name, >, </name>, />
    Attr,     // XML attribute name
    Comment,  // XML comment, processing instruction, doctype
};

struct TokenSpan {
    uint32_t begin = 0, end = 0;  // bytes [begin, end)
    Tok kind = Tok::Plain;
};

// An object or array of a JSON document that spans more than one line. Lines are 0-based rows of
// the unfolded layout (the UI's ids number them from 1).
struct FoldNode {
    uint32_t first = 0;   // the line that opens it ("key": { )
    uint32_t last = 0;    // the line that closes it ( } )
    uint32_t items = 0;   // members (object) or elements (array)
    int32_t parent = -1;  // index in PayloadDoc::folds; -1: top level
    bool object = false;
};

// A CSV file's records (RFC 4180: quoted fields may hold commas, line breaks and "" quotes).
struct CsvTable {
    size_t columns = 0;               // the widest record's field count
    std::vector<std::string> cells;   // every record's fields in order, unquoted, not padded
    std::vector<uint32_t> firstCell;  // each record's first field in `cells`
    std::vector<uint32_t> rowStarts;  // each record's first byte in the file
    size_t rows() const { return columns ? rowStarts.size() : 0; }  // the header included
    size_t fieldsIn(size_t row) const {
        return (row + 1 < firstCell.size() ? firstCell[row + 1] : cells.size()) - firstCell[row];
    }
    // Field `col` of record `row`; "" past a short record's end.
    const std::string& cell(size_t row, size_t col) const {
        static const std::string kEmpty;
        return col < fieldsIn(row) ? cells[firstCell[row] + col] : kEmpty;
    }
};

struct PayloadDoc {
    DocKind kind = DocKind::Text;
    // The text shown: a JSON or XML file laid out; empty with ownText false when it is the file's
    // own bytes (text, CSV, anything that fell back).
    std::string text;
    bool ownText = false;
    std::vector<uint32_t> lineStarts;  // of the text shown (at least one line)
    std::vector<FoldNode> folds;       // JSON: in order of their first line
    std::vector<TokenSpan> spans;      // XML: of the whole text, in order
    CsvTable csv;                      // CSV
    // Why a JSON / CSV / XML file is shown as text, with where ("" when it is not).
    std::string fallback;
    bool capped = false;  // only the file's start is held: shown as text

    const std::string& textOf(const std::string& bytes) const { return ownText ? text : bytes; }
    size_t lines() const { return lineStarts.size(); }
    // Line `row` of `shown` (textOf), without its line break.
    std::string_view line(std::string_view shown, size_t row) const;
    // The line holding byte `at` of the text shown.
    size_t lineOf(size_t at) const;
    // The node that opens on `line`, or -1; the innermost node holding `line`, or -1.
    int nodeAt(size_t line) const;
    int enclosing(size_t line) const;
    // The record `line` belongs to: the item of the outermost array that holds it (a JSON file),
    // as lines [first, last]; false when there is none.
    bool recordOf(size_t line, uint32_t& first, uint32_t& last) const;
    // Lines [first, last] of the layout as one text, the first line's indentation taken off every
    // line and a trailing comma off the last (a subtree or record as it can be pasted).
    std::string linesText(std::string_view shown, size_t first, size_t last) const;
};

// What a file is taken for, by its content type or name: "json", "csv", "xml", else text.
DocKind docKindFor(std::string_view contentType, std::string_view fileName);

// Builds the document for `bytes` read as `kind`. `capped`: only the file's first bytes are held.
PayloadDoc buildPayloadDoc(std::string_view bytes, DocKind kind, bool capped, int maxDepth = 200);

// The same document built a slice at a time, so that a big file never holds a frame for long
// (the preview steps it once a frame, showing "Laying out… N %"): laid out (JSON, XML) or parsed
// (CSV) on by `budget` bytes of the file a step, then its line starts found and its fold tree
// noted (cheaper a byte: kLinesPerByte and kFoldsPerByte times the budget's bytes a step). Each
// phase that ends within a step hands on to the next with a budget of its own. The document is
// exactly buildPayloadDoc's (which is one step without a limit). `bytes` must outlive it.
class PayloadDocBuilder {
public:
    static constexpr size_t kLinesPerByte = 16;
    static constexpr size_t kFoldsPerByte = 4;

    PayloadDocBuilder(std::string_view bytes, DocKind kind, bool capped, int maxDepth = 200);
    ~PayloadDocBuilder();
    PayloadDocBuilder(PayloadDocBuilder&&) noexcept;
    PayloadDocBuilder& operator=(PayloadDocBuilder&&) noexcept;

    bool step(size_t budget);  // true once the document is whole
    bool done() const;
    double progress() const;  // 0 … 1
    PayloadDoc take();        // once done

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The tokens of one laid-out JSON line, bytes relative to the line (appended to `out`).
void jsonLineTokens(std::string_view line, std::vector<TokenSpan>& out);

// "line 3, column 14" of byte `at` in `text` (1-based; columns count bytes).
std::string positionText(std::string_view text, size_t at);

// Record `row` of a CSV file (1: the first under the header) as sent, after the header line, the
// two joined by "\n" and without their line breaks (what Copy record copies); "" for no record.
std::string csvRecordText(const CsvTable& t, std::string_view bytes, size_t row);

// RFC 4180. False, with `error` and `errorAt`, for a quoted field never closed.
bool parseCsv(std::string_view text, CsvTable& out, std::string& error, size_t& errorAt);

// Which nodes are folded, and the lines shown as a result (rows of the unfolded layout).
class FoldState {
public:
    void reset(const PayloadDoc* doc);  // everything unfolded
    bool folded(size_t node) const { return node < folded_.size() && folded_[node]; }
    void set(size_t node, bool fold);
    void foldAll();
    void unfoldAll();
    size_t foldedCount() const { return count_; }
    // Unfolds every node that hides `line`.
    void reveal(size_t line);
    // The lines shown, in order (0-based lines of the unfolded layout).
    const std::vector<uint32_t>& visible() const;
    // The row of `visible()` that shows `line`, or the row of the folded node hiding it.
    size_t rowOf(size_t line) const;

private:
    const PayloadDoc* doc_ = nullptr;
    std::vector<uint8_t> folded_;
    size_t count_ = 0;
    mutable std::vector<uint32_t> visible_;
    mutable bool dirty_ = true;
};

// The most matches a search keeps: a one-letter query over a big layout would otherwise hold
// ~100 M offsets (~400 MB); the count then reads "1,000,000+".
constexpr size_t kMaxPayloadMatches = 1000000;

// Every match of `query` in `text` (the first `limit`), case-insensitive as the log's search
// (core/folded_search.h): byte offsets, in order, not overlapping.
std::vector<uint32_t> findAllMatches(std::string_view text, std::string_view query,
                                     size_t limit = kMaxPayloadMatches);

}  // namespace core
