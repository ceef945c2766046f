// core/payload_doc.cpp — see payload_doc.h.
#include "core/payload_doc.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/json_pretty.h"

namespace core {
namespace {

constexpr size_t kMaxCsvColumns = 512;  // ImGui's table limit: wider is shown as text

bool endsWithNoCase(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    for (size_t i = 0; i < suffix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i])
            return false;
    return true;
}

bool containsNoCase(std::string_view s, std::string_view word) {
    if (word.size() > s.size()) return false;
    for (size_t i = 0; i + word.size() <= s.size(); ++i) {
        size_t k = 0;
        while (k < word.size() && std::tolower(static_cast<unsigned char>(s[i + k])) == word[k])
            ++k;
        if (k == word.size()) return true;
    }
    return false;
}

void noteLines(std::string_view text, std::vector<uint32_t>& starts) {
    starts.clear();
    starts.push_back(0);
    const char* p = text.data();
    const char* end = p + text.size();
    while (true) {
        const char* nl =
            static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        if (!nl || nl + 1 >= end) break;
        starts.push_back(static_cast<uint32_t>(nl + 1 - text.data()));
        p = nl + 1;
    }
}

bool isSpaceByte(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The fold tree of a laid-out JSON text (json_pretty's layout).
void jsonFolds(std::string_view text, const std::vector<uint32_t>& starts,
               std::vector<FoldNode>& folds) {
    std::vector<int32_t> stack;
    for (size_t row = 0; row < starts.size(); ++row) {
        const size_t b = starts[row];
        size_t e = row + 1 < starts.size() ? starts[row + 1] - 1 : text.size();
        if (e > b && text[e - 1] == '\n') --e;
        size_t i = b;
        while (i < e && text[i] == ' ') ++i;
        if (i < e && (text[i] == '}' || text[i] == ']') && !stack.empty()) {
            folds[static_cast<size_t>(stack.back())].last = static_cast<uint32_t>(row);
            stack.pop_back();
            continue;
        }
        if (!stack.empty()) ++folds[static_cast<size_t>(stack.back())].items;
        if (e > i && (text[e - 1] == '{' || text[e - 1] == '[')) {
            FoldNode n;
            n.first = n.last = static_cast<uint32_t>(row);
            n.object = text[e - 1] == '{';
            n.parent = stack.empty() ? -1 : stack.back();
            folds.push_back(n);
            stack.push_back(static_cast<int32_t>(folds.size() - 1));
        }
    }
}

// ---- XML: laid out one tag, text or comment to a line, indented by depth ----------------------

class XmlLayout {
public:
    XmlLayout(std::string_view t, PayloadDoc& doc) : t_(t), doc_(doc), out_(doc.text) {}

    bool run(std::string& error) {
        out_.reserve(t_.size() + t_.size() / 4);
        if (t_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;
        bool root = false;
        while (i_ < t_.size()) {
            if (t_[i_] != '<') {
                const size_t start = i_;
                while (i_ < t_.size() && t_[i_] != '<') ++i_;
                std::string_view s = trimmed(t_.substr(start, i_ - start));
                if (s.empty()) continue;
                if (stack_.empty()) return fail(error, start, "text outside the root element");
                lineBreak();
                emit(s, Tok::Plain);
                continue;
            }
            if (t_.compare(i_, 4, "<!--") == 0) {
                const size_t end = t_.find("-->", i_ + 4);
                if (end == std::string_view::npos) return fail(error, i_, "a comment never closed");
                lineBreak();
                emit(t_.substr(i_, end + 3 - i_), Tok::Comment);
                i_ = end + 3;
                continue;
            }
            if (t_.compare(i_, 9, "<![CDATA[") == 0) {
                const size_t end = t_.find("]]>", i_ + 9);
                if (end == std::string_view::npos)
                    return fail(error, i_, "a CDATA section never closed");
                lineBreak();
                emit(t_.substr(i_, end + 3 - i_), Tok::Plain);
                i_ = end + 3;
                continue;
            }
            if (t_.compare(i_, 2, "<?") == 0 || t_.compare(i_, 2, "<!") == 0) {
                const char* close = t_[i_ + 1] == '?' ? "?>" : ">";
                const size_t end = t_.find(close, i_ + 2);
                if (end == std::string_view::npos)
                    return fail(error, i_, "a declaration never closed");
                lineBreak();
                emit(t_.substr(i_, end + std::strlen(close) - i_), Tok::Comment);
                i_ = end + std::strlen(close);
                continue;
            }
            if (t_.compare(i_, 2, "</") == 0) {
                const size_t at = i_;
                i_ += 2;
                const std::string_view name = nameAt();
                skipSpace();
                if (name.empty() || i_ >= t_.size() || t_[i_] != '>')
                    return fail(error, at, "a malformed closing tag");
                ++i_;
                if (stack_.empty()) return fail(error, at, "a closing tag without an opening one");
                if (stack_.back().name != name)
                    return fail(error, at,
                                "</" + std::string(name) + "> closes <" +
                                    std::string(stack_.back().name) + ">");
                const bool sameLine = stack_.back().textOnly;
                stack_.pop_back();
                if (!sameLine) lineBreak();
                emit(t_.substr(at, i_ - at), Tok::Tag);
                continue;
            }
            // An opening tag.
            const size_t at = i_;
            ++i_;
            const std::string_view name = nameAt();
            if (name.empty()) return fail(error, at, "'<' not followed by a tag name");
            if (stack_.empty() && root) return fail(error, at, "a second root element");
            lineBreak();
            emit(t_.substr(at, i_ - at), Tok::Tag);
            bool selfClosing = false;
            while (true) {
                const size_t ws = i_;
                skipSpace();
                if (i_ >= t_.size()) return fail(error, at, "a tag never closed");
                if (t_[i_] == '>') {
                    emit(">", Tok::Tag);
                    ++i_;
                    break;
                }
                if (t_.compare(i_, 2, "/>") == 0) {
                    emit("/>", Tok::Tag);
                    i_ += 2;
                    selfClosing = true;
                    break;
                }
                if (ws == i_) return fail(error, i_, "no space before an attribute");
                out_ += ' ';
                const size_t an = i_;
                const std::string_view attr = nameAt();
                if (attr.empty()) return fail(error, an, "a malformed attribute");
                emit(attr, Tok::Attr);
                skipSpace();
                if (i_ >= t_.size() || t_[i_] != '=')
                    return fail(error, i_, "an attribute without '='");
                ++i_;
                emit("=", Tok::Tag);
                skipSpace();
                if (i_ >= t_.size() || (t_[i_] != '"' && t_[i_] != '\''))
                    return fail(error, i_, "an attribute value without quotes");
                const size_t end = t_.find(t_[i_], i_ + 1);
                if (end == std::string_view::npos)
                    return fail(error, i_, "an attribute value never closed");
                emit(t_.substr(i_, end + 1 - i_), Tok::String);
                i_ = end + 1;
            }
            if (stack_.empty()) root = true;
            if (selfClosing) continue;
            // <a>text</a> stays on one line.
            size_t j = i_;
            while (j < t_.size() && t_[j] != '<') ++j;
            const std::string_view content = trimmed(t_.substr(i_, j - i_));
            const bool textOnly =
                t_.compare(j, 2, "</") == 0 && content.find('\n') == std::string_view::npos;
            stack_.push_back({name, textOnly});
            if (textOnly) {
                emit(content, Tok::Plain);
                i_ = j;
            }
        }
        if (!stack_.empty())
            return fail(error, t_.size(), "<" + std::string(stack_.back().name) + "> never closed");
        if (!root) return fail(error, 0, "no root element");
        return true;
    }

    size_t errorAt = 0;

private:
    struct Open {
        std::string_view name;
        bool textOnly;
    };

    bool fail(std::string& error, size_t at, std::string why) {
        error = std::move(why);
        errorAt = at;
        return false;
    }
    static std::string_view trimmed(std::string_view s) {
        while (!s.empty() && isSpaceByte(s.front())) s.remove_prefix(1);
        while (!s.empty() && isSpaceByte(s.back())) s.remove_suffix(1);
        return s;
    }
    void skipSpace() {
        while (i_ < t_.size() && isSpaceByte(t_[i_])) ++i_;
    }
    std::string_view nameAt() {
        const size_t b = i_;
        while (i_ < t_.size() && !isSpaceByte(t_[i_]) && t_[i_] != '>' && t_[i_] != '/' &&
               t_[i_] != '=' && t_[i_] != '<' && t_[i_] != '"' && t_[i_] != '\'')
            ++i_;
        return t_.substr(b, i_ - b);
    }
    void lineBreak() {
        if (!out_.empty()) out_ += '\n';
        out_.append(stack_.size() * 2, ' ');
    }
    void emit(std::string_view s, Tok kind) {
        const uint32_t b = static_cast<uint32_t>(out_.size());
        out_.append(s.data(), s.size());
        if (kind != Tok::Plain && !s.empty())
            doc_.spans.push_back({b, static_cast<uint32_t>(out_.size()), kind});
    }

    std::string_view t_;
    PayloadDoc& doc_;
    std::string& out_;
    size_t i_ = 0;
    std::vector<Open> stack_;
};

void asText(std::string_view bytes, PayloadDoc& doc) {
    doc.kind = DocKind::Text;
    std::string().swap(doc.text);
    doc.ownText = false;
    doc.folds.clear();
    doc.spans.clear();
    doc.csv = CsvTable{};
    noteLines(bytes, doc.lineStarts);
}

}  // namespace

const char* toString(DocKind k) {
    switch (k) {
        case DocKind::Json: return "json";
        case DocKind::Csv: return "csv";
        case DocKind::Xml: return "xml";
        case DocKind::Text: break;
    }
    return "text";
}

DocKind docKindFor(std::string_view contentType, std::string_view fileName) {
    if (containsNoCase(contentType, "json") || endsWithNoCase(fileName, ".json"))
        return DocKind::Json;
    if (containsNoCase(contentType, "csv") || endsWithNoCase(fileName, ".csv")) return DocKind::Csv;
    if (containsNoCase(contentType, "xml") || endsWithNoCase(fileName, ".xml")) return DocKind::Xml;
    return DocKind::Text;
}

std::string positionText(std::string_view text, size_t at) {
    at = std::min(at, text.size());
    size_t line = 1, lineStart = 0;
    for (size_t i = 0; i < at; ++i)
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return "line " + std::to_string(line) + ", column " + std::to_string(at - lineStart + 1);
}

bool parseCsv(std::string_view t, CsvTable& out, std::string& error, size_t& errorAt) {
    out = CsvTable{};
    std::vector<std::string> fields;  // of the record being read
    std::vector<std::vector<std::string>> records;
    size_t i = 0;
    if (t.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
    std::vector<uint32_t> starts;
    while (i < t.size()) {
        starts.push_back(static_cast<uint32_t>(i));
        fields.clear();
        while (true) {
            std::string field;
            if (i < t.size() && t[i] == '"') {
                const size_t open = i++;
                while (true) {
                    const size_t q = t.find('"', i);
                    if (q == std::string_view::npos) {
                        error = "a quoted field never closed";
                        errorAt = open;
                        return false;
                    }
                    field.append(t.data() + i, q - i);
                    i = q + 1;
                    if (i < t.size() && t[i] == '"') {
                        field += '"';
                        ++i;
                        continue;
                    }
                    break;
                }
                // Lenient: anything up to the next separator is kept.
                while (i < t.size() && t[i] != ',' && t[i] != '\n' && t[i] != '\r') field += t[i++];
            } else {
                const size_t b = i;
                while (i < t.size() && t[i] != ',' && t[i] != '\n' && t[i] != '\r') ++i;
                field.assign(t.data() + b, i - b);
            }
            fields.push_back(std::move(field));
            if (i < t.size() && t[i] == ',') {
                ++i;
                continue;
            }
            break;
        }
        if (i < t.size() && t[i] == '\r') ++i;
        if (i < t.size() && t[i] == '\n') ++i;
        out.columns = std::max(out.columns, fields.size());
        if (out.columns >= kMaxCsvColumns) {
            error = std::to_string(out.columns) + " columns (a table holds at most " +
                    std::to_string(kMaxCsvColumns - 1) + ")";
            errorAt = starts.back();
            out = CsvTable{};
            return false;
        }
        records.push_back(fields);
    }
    out.rowStarts = std::move(starts);
    out.cells.reserve(records.size() * out.columns);
    for (std::vector<std::string>& r : records) {
        r.resize(out.columns);
        for (std::string& f : r) out.cells.push_back(std::move(f));
    }
    return true;
}

std::string_view PayloadDoc::line(std::string_view shown, size_t row) const {
    if (row >= lineStarts.size()) return {};
    const size_t b = lineStarts[row];
    size_t e = row + 1 < lineStarts.size() ? lineStarts[row + 1] - 1 : shown.size();
    if (e > b && shown[e - 1] == '\n') --e;
    if (e > b && shown[e - 1] == '\r') --e;
    return shown.substr(b, e - b);
}

size_t PayloadDoc::lineOf(size_t at) const {
    const auto it = std::upper_bound(lineStarts.begin(), lineStarts.end(), at);
    return it == lineStarts.begin() ? 0 : static_cast<size_t>(it - lineStarts.begin()) - 1;
}

int PayloadDoc::nodeAt(size_t line) const {
    const auto it = std::lower_bound(folds.begin(), folds.end(), line,
                                     [](const FoldNode& n, size_t l) { return n.first < l; });
    if (it == folds.end() || it->first != line) return -1;
    return static_cast<int>(it - folds.begin());
}

int PayloadDoc::enclosing(size_t line) const {
    const auto it = std::upper_bound(folds.begin(), folds.end(), line,
                                     [](size_t l, const FoldNode& n) { return l < n.first; });
    int k = static_cast<int>(it - folds.begin()) - 1;
    while (k >= 0 && folds[static_cast<size_t>(k)].last < line)
        k = folds[static_cast<size_t>(k)].parent;
    return k;
}

bool PayloadDoc::recordOf(size_t line, uint32_t& first, uint32_t& last) const {
    // The outermost array holding the line.
    int array = -1;
    for (int k = enclosing(line); k >= 0; k = folds[static_cast<size_t>(k)].parent)
        if (!folds[static_cast<size_t>(k)].object) array = k;
    if (array < 0) return false;
    const FoldNode& a = folds[static_cast<size_t>(array)];
    if (line <= a.first || line >= a.last) return false;  // its brackets
    // The item: the node right under the array holding the line, or the line itself (a scalar).
    int k = enclosing(line);
    int item = -1;
    for (; k >= 0 && k != array; k = folds[static_cast<size_t>(k)].parent) item = k;
    if (item >= 0) {
        first = folds[static_cast<size_t>(item)].first;
        last = folds[static_cast<size_t>(item)].last;
    } else {
        first = last = static_cast<uint32_t>(line);
    }
    return true;
}

std::string PayloadDoc::linesText(std::string_view shown, size_t first, size_t last) const {
    std::string out;
    if (first >= lineStarts.size()) return out;
    last = std::min(last, lineStarts.size() - 1);
    const std::string_view head = line(shown, first);
    size_t indent = 0;
    while (indent < head.size() && head[indent] == ' ') ++indent;
    for (size_t row = first; row <= last; ++row) {
        std::string_view l = line(shown, row);
        size_t cut = 0;
        while (cut < indent && cut < l.size() && l[cut] == ' ') ++cut;
        l.remove_prefix(cut);
        if (row == last && !l.empty() && l.back() == ',') l.remove_suffix(1);
        out.append(l.data(), l.size());
        if (row < last) out += '\n';
    }
    return out;
}

void jsonLineTokens(std::string_view line, std::vector<TokenSpan>& out) {
    const auto add = [&](size_t b, size_t e, Tok k) {
        out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e), k});
    };
    size_t i = 0;
    while (i < line.size()) {
        const char c = line[i];
        if (c == ' ') {
            ++i;
            continue;
        }
        if (c == '"') {
            size_t j = i + 1;
            while (j < line.size() && line[j] != '"') j += line[j] == '\\' ? 2 : 1;
            j = std::min(j + 1, line.size());
            size_t k = j;
            while (k < line.size() && line[k] == ' ') ++k;
            add(i, j, k < line.size() && line[k] == ':' ? Tok::Key : Tok::String);
            i = j;
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t j = i + 1;
            while (j < line.size() && (std::isalnum(static_cast<unsigned char>(line[j])) ||
                                       line[j] == '.' || line[j] == '+' || line[j] == '-'))
                ++j;
            add(i, j, Tok::Number);
            i = j;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c))) {
            size_t j = i + 1;
            while (j < line.size() && std::isalpha(static_cast<unsigned char>(line[j]))) ++j;
            add(i, j, Tok::Literal);
            i = j;
            continue;
        }
        add(i, i + 1, std::strchr("{}[]:,", c) && c ? Tok::Punct : Tok::Plain);
        ++i;
    }
}

PayloadDoc buildPayloadDoc(std::string_view bytes, DocKind kind, bool capped, int maxDepth) {
    PayloadDoc doc;
    doc.capped = capped;
    if (kind == DocKind::Json) {
        const JsonPrettyResult r = prettyPrintJson(bytes, doc.text, 2, maxDepth);
        // The start of a longer file stops mid-value: laid out up to the cut, it reads as the file
        // does, as text. Anything refused before the cut is shown as sent.
        const bool cut = capped && !r.ok && !r.tooDeep && !r.tooLarge && r.errorAt >= bytes.size();
        if (r.ok && !capped) {
            doc.kind = DocKind::Json;
            doc.ownText = true;
            noteLines(doc.text, doc.lineStarts);
            jsonFolds(doc.text, doc.lineStarts, doc.folds);
            return doc;
        }
        if (cut || (r.ok && capped)) {
            doc.kind = DocKind::Text;
            doc.ownText = true;
            noteLines(doc.text, doc.lineStarts);
            return doc;
        }
        if (r.tooDeep)
            doc.fallback = "Nested more than " + std::to_string(maxDepth) + " deep at " +
                           positionText(bytes, r.errorAt) + ": shown as sent, not laid out.";
        else if (r.tooLarge)
            doc.fallback =
                "Laid out it would be many times its size (deep nesting): shown as sent.";
        else
            doc.fallback = "Not valid JSON at " + positionText(bytes, r.errorAt) + " (byte " +
                           std::to_string(r.errorAt + 1) + "): shown as sent.";
        asText(bytes, doc);
        return doc;
    }
    if (capped && kind != DocKind::Text) {
        asText(bytes, doc);
        return doc;
    }
    if (kind == DocKind::Csv) {
        std::string error;
        size_t at = 0;
        if (parseCsv(bytes, doc.csv, error, at) && doc.csv.rows() > 0) {
            doc.kind = DocKind::Csv;
            noteLines(bytes, doc.lineStarts);
            return doc;
        }
        if (!error.empty())
            doc.fallback =
                "Not a table: " + error + " at " + positionText(bytes, at) + ": shown as sent.";
        asText(bytes, doc);
        return doc;
    }
    if (kind == DocKind::Xml) {
        XmlLayout layout(bytes, doc);
        std::string error;
        if (layout.run(error)) {
            doc.kind = DocKind::Xml;
            doc.ownText = true;
            noteLines(doc.text, doc.lineStarts);
            return doc;
        }
        doc.fallback = "Not well-formed XML: " + error + " at " +
                       positionText(bytes, layout.errorAt) + ": shown as sent.";
        asText(bytes, doc);
        return doc;
    }
    asText(bytes, doc);
    return doc;
}

// ---- folding ----------------------------------------------------------------------------------

void FoldState::reset(const PayloadDoc* doc) {
    doc_ = doc;
    folded_.assign(doc ? doc->folds.size() : 0, 0);
    count_ = 0;
    dirty_ = true;
}

void FoldState::set(size_t node, bool fold) {
    if (node >= folded_.size() || (folded_[node] != 0) == fold) return;
    folded_[node] = fold ? 1 : 0;
    count_ += fold ? 1 : static_cast<size_t>(-1);
    dirty_ = true;
}

void FoldState::foldAll() {
    std::fill(folded_.begin(), folded_.end(), 1);
    count_ = folded_.size();
    dirty_ = true;
}

void FoldState::unfoldAll() {
    std::fill(folded_.begin(), folded_.end(), 0);
    count_ = 0;
    dirty_ = true;
}

void FoldState::reveal(size_t line) {
    if (!doc_) return;
    for (int k = doc_->enclosing(line); k >= 0; k = doc_->folds[static_cast<size_t>(k)].parent)
        if (doc_->folds[static_cast<size_t>(k)].first < line) set(static_cast<size_t>(k), false);
}

const std::vector<uint32_t>& FoldState::visible() const {
    if (!dirty_) return visible_;
    dirty_ = false;
    visible_.clear();
    if (!doc_) return visible_;
    const size_t n = doc_->lines();
    visible_.reserve(count_ ? n / 2 : n);
    size_t next = 0;  // the next node to look at, by first line
    for (size_t line = 0; line < n;) {
        visible_.push_back(static_cast<uint32_t>(line));
        while (next < doc_->folds.size() && doc_->folds[next].first < line) ++next;
        if (next < doc_->folds.size() && doc_->folds[next].first == line && folded_[next]) {
            line = doc_->folds[next].last + 1;
            continue;
        }
        ++line;
    }
    return visible_;
}

size_t FoldState::rowOf(size_t line) const {
    const std::vector<uint32_t>& v = visible();
    const auto it = std::upper_bound(v.begin(), v.end(), line);
    return it == v.begin() ? 0 : static_cast<size_t>(it - v.begin()) - 1;
}

std::vector<uint32_t> findAllMatches(std::string_view text, std::string_view query) {
    std::vector<uint32_t> out;
    const FoldedSearch search(query);
    if (search.empty()) return out;
    const size_t n = std::max<size_t>(search.length(), 1);
    for (size_t at = search.find(text, 0); at != std::string_view::npos;
         at = search.find(text, at + n))
        out.push_back(static_cast<uint32_t>(at));
    return out;
}

}  // namespace core
