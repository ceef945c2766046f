// core/payload_doc.cpp — see payload_doc.h.
#include "core/payload_doc.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "core/json_pretty.h"

namespace core {
namespace {

constexpr size_t kMaxCsvColumns = 512;    // ImGui's table limit: wider is shown as text
constexpr size_t kMaxCsvCells = 4000000;  // rows × columns: more is shown as text

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

bool isSpaceByte(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// ---- XML: laid out one tag, text or comment to a line, indented by depth ----------------------

class XmlLayout {
public:
    XmlLayout(std::string_view t, PayloadDoc& doc, int maxDepth)
        : t_(t),
          doc_(doc),
          out_(doc.text),
          maxDepth_(static_cast<size_t>(std::max(maxDepth, 0))),
          budget_(t.size() * 8 + (1u << 20)) {}

    // Lays out on to about byte `until` of the file (a tag at a time): 0 not finished, 1 done,
    // -1 failed (`error`, errorAt).
    int step(size_t until, std::string& error) {
        if (!started_) {
            started_ = true;
            out_.reserve(t_.size() + t_.size() / 4);
            if (t_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;
        }
        bool& root = root_;
        while (i_ < t_.size()) {
            if (i_ >= until) return 0;
            // Deep nesting of short tags (199 levels around `<b/><b/>…`) would indent each by
            // ~400 spaces: refused past 8× the text plus 1 MB, as JSON's layout is.
            if (out_.size() > budget_) {
                tooLarge = true;
                return fail(error, i_, "laid out too large");
            }
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
            if (stack_.size() >= maxDepth_) {
                tooDeep = true;
                return fail(error, at, "nested too deep");
            }
            stack_.push_back({name, textOnly});
            if (textOnly) {
                emit(content, Tok::Plain);
                i_ = j;
            }
        }
        if (!stack_.empty())
            return fail(error, t_.size(), "<" + std::string(stack_.back().name) + "> never closed");
        if (!root) return fail(error, 0, "no root element");
        return 1;
    }

    size_t errorAt = 0;
    bool tooDeep = false;   // nested deeper than maxDepth (at errorAt)
    bool tooLarge = false;  // laid out it would pass its budget
    size_t at() const { return i_; }

private:
    struct Open {
        std::string_view name;
        bool textOnly;
    };

    int fail(std::string& error, size_t at, std::string why) {
        error = std::move(why);
        errorAt = at;
        return -1;
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
    bool started_ = false;
    bool root_ = false;
    size_t maxDepth_;
    size_t budget_;
};

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
    // Newline-delimited JSON is a value a line, not one value: shown as sent.
    if (containsNoCase(contentType, "ndjson") || containsNoCase(contentType, "jsonl") ||
        endsWithNoCase(fileName, ".ndjson") || endsWithNoCase(fileName, ".jsonl"))
        return DocKind::Text;
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

namespace {

// RFC 4180, a record at a time (parseCsv, PayloadDocBuilder).
class CsvParser {
public:
    CsvParser(std::string_view t, CsvTable& out) : t_(t), out_(out) {}

    // Reads records on to about byte `until`: 0 not finished, 1 done (then pad()), -1 failed.
    int step(size_t until, std::string& error, size_t& errorAt) {
        const std::string_view t = t_;
        size_t& i = i_;
        if (!started_) {
            started_ = true;
            out_ = CsvTable{};
            if (t.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
        }
        while (i < t.size()) {
            if (i >= until) return 0;
            starts_.push_back(static_cast<uint32_t>(i));
            const size_t first = out_.cells.size();
            out_.firstCell.push_back(static_cast<uint32_t>(first));
            while (true) {
                std::string field;
                if (i < t.size() && t[i] == '"') {
                    const size_t open = i++;
                    while (true) {
                        const size_t q = t.find('"', i);
                        if (q == std::string_view::npos) {
                            error = "a quoted field never closed";
                            errorAt = open;
                            return -1;
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
                    while (i < t.size() && t[i] != ',' && t[i] != '\n' && t[i] != '\r')
                        field += t[i++];
                } else {
                    const size_t b = i;
                    while (i < t.size() && t[i] != ',' && t[i] != '\n' && t[i] != '\r') ++i;
                    field.assign(t.data() + b, i - b);
                }
                out_.cells.push_back(std::move(field));
                if (i < t.size() && t[i] == ',') {
                    ++i;
                    continue;
                }
                break;
            }
            if (i < t.size() && t[i] == '\r') ++i;
            if (i < t.size() && t[i] == '\n') ++i;
            out_.columns = std::max(out_.columns, out_.cells.size() - first);
            if (out_.columns >= kMaxCsvColumns) {
                error = std::to_string(out_.columns) + " columns (a table holds at most " +
                        std::to_string(kMaxCsvColumns - 1) + ")";
                errorAt = starts_.back();
                out_ = CsvTable{};
                return -1;
            }
            // The table is drawn rows × columns (a short row's missing cells empty): a wide
            // header over millions of one-field rows would be billions of cells.
            if (starts_.size() * out_.columns > kMaxCsvCells) {
                error = "more than " + std::to_string(kMaxCsvCells) + " cells (" +
                        std::to_string(out_.columns) + " columns)";
                errorAt = starts_.back();
                out_ = CsvTable{};
                return -1;
            }
        }
        out_.rowStarts = std::move(starts_);
        return 1;
    }

    size_t at() const { return i_; }

private:
    std::string_view t_;
    CsvTable& out_;
    size_t i_ = 0;
    bool started_ = false;
    std::vector<uint32_t> starts_;
};

}  // namespace

bool parseCsv(std::string_view t, CsvTable& out, std::string& error, size_t& errorAt) {
    CsvParser parser(t, out);
    return parser.step(static_cast<size_t>(-1), error, errorAt) >= 0;
}

std::string csvRecordText(const CsvTable& t, std::string_view bytes, size_t row) {
    const auto record = [&](size_t r) {
        const size_t b = std::min<size_t>(t.rowStarts[r], bytes.size());
        size_t e = r + 1 < t.rowStarts.size() ? std::min<size_t>(t.rowStarts[r + 1], bytes.size())
                                              : bytes.size();
        while (e > b && (bytes[e - 1] == '\n' || bytes[e - 1] == '\r')) --e;
        return bytes.substr(b, e - b);
    };
    if (row == 0 || row >= t.rowStarts.size()) return {};
    std::string out(record(0));
    out += '\n';
    out += record(row);
    return out;
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

// ---- building, a slice at a time --------------------------------------------------------------

struct PayloadDocBuilder::Impl {
    enum class Phase { Layout, Pad, Lines, Folds, Done };

    Impl(std::string_view b, DocKind k, bool c, int d) : bytes(b), kind(k), maxDepth(d) {
        doc.capped = c;
    }

    std::string_view bytes;
    DocKind kind;
    int maxDepth;
    PayloadDoc doc;
    Phase phase = Phase::Layout;
    std::unique_ptr<JsonPrettyStepper> json;
    std::unique_ptr<XmlLayout> xml;
    std::unique_ptr<CsvParser> csv;
    size_t padAt = 0;    // Pad: the bytes whose records are in the table
    size_t linesAt = 0;  // Lines: the bytes of the text shown looked at
    size_t foldRow = 0;  // Folds: the next row
    std::vector<int32_t> foldStack;

    void asText() {
        doc.kind = DocKind::Text;
        std::string().swap(doc.text);
        doc.ownText = false;
        doc.folds.clear();
        doc.spans.clear();
        doc.csv = CsvTable{};
        phase = Phase::Lines;
    }

    // One phase, on by `budget` bytes (its own); true once it is over.
    bool layout(size_t budget) {
        if (bytes.empty()) {  // "The file is empty", whatever it was meant to be
            asText();
            return true;
        }
        if (kind == DocKind::Json) {
            if (!json) json = std::make_unique<JsonPrettyStepper>(bytes, doc.text, 2, maxDepth);
            if (!json->step(json->at() + budget)) return false;
            const JsonPrettyResult r = json->result();
            json.reset();
            // The start of a longer file stops mid-value: laid out up to the cut, it reads as the
            // file does, as text. Anything refused before the cut is shown as sent.
            const bool cut = doc.capped && !r.ok && !r.tooDeep && !r.tooLarge && r.atEnd;
            if (r.ok && !doc.capped) {
                doc.kind = DocKind::Json;
                doc.ownText = true;
                phase = Phase::Lines;
                return true;
            }
            if (cut || (r.ok && doc.capped)) {
                doc.kind = DocKind::Text;
                doc.ownText = true;
                phase = Phase::Lines;
                return true;
            }
            if (r.tooDeep)
                doc.fallback = "Nested more than " + std::to_string(maxDepth) + " deep at " +
                               positionText(bytes, r.errorAt) + ": shown as sent, not laid out.";
            else if (r.tooLarge)
                doc.fallback =
                    "Laid out it would be many times its size (deep nesting): shown as sent.";
            else if (r.atEnd)
                doc.fallback = "Not valid JSON: it hit the end of the input at " +
                               positionText(bytes, r.errorAt) + ": shown as sent.";
            else
                doc.fallback = "Not valid JSON at " + positionText(bytes, r.errorAt) + " (byte " +
                               std::to_string(r.errorAt + 1) + "): shown as sent.";
            asText();
            return true;
        }
        if (doc.capped && kind != DocKind::Text) {
            asText();
            return true;
        }
        if (kind == DocKind::Csv) {
            if (!csv) csv = std::make_unique<CsvParser>(bytes, doc.csv);
            std::string error;
            size_t at = 0;
            const int r = csv->step(csv->at() + budget, error, at);
            if (r == 0) return false;
            if (r > 0) {
                phase = Phase::Pad;
                return true;
            }
            csv.reset();
            doc.fallback =
                "Not a table: " + error + " at " + positionText(bytes, at) + ": shown as sent.";
            asText();
            return true;
        }
        if (kind == DocKind::Xml) {
            if (!xml) xml = std::make_unique<XmlLayout>(bytes, doc, maxDepth);
            std::string error;
            const int r = xml->step(xml->at() + budget, error);
            if (r == 0) return false;
            if (r > 0) {
                xml.reset();
                doc.kind = DocKind::Xml;
                doc.ownText = true;
                phase = Phase::Lines;
                return true;
            }
            if (xml->tooDeep)
                doc.fallback = "Nested more than " + std::to_string(maxDepth) + " deep at " +
                               positionText(bytes, xml->errorAt) + ": shown as sent, not laid out.";
            else if (xml->tooLarge)
                doc.fallback =
                    "Laid out it would be many times its size (deep nesting): shown as sent.";
            else
                doc.fallback = "Not well-formed XML: " + error + " at " +
                               positionText(bytes, xml->errorAt) + ": shown as sent.";
            xml.reset();
            asText();
            return true;
        }
        asText();
        return true;
    }

    bool pad(size_t budget) {
        // Records are no longer padded to the widest (a short row's missing cells are drawn
        // empty): nothing to do but hand on.
        padAt += std::min(budget, bytes.size() + 1 - std::min(padAt, bytes.size()));
        csv.reset();
        if (doc.csv.rows() > 0) {
            doc.kind = DocKind::Csv;
            phase = Phase::Lines;
        } else {
            asText();
        }
        return true;
    }

    // The start of every line (a line break at the very end starts none).
    bool lines(size_t budget) {
        const std::string_view text = doc.ownText ? std::string_view(doc.text) : bytes;
        if (doc.lineStarts.empty()) doc.lineStarts.push_back(0);
        const size_t lim = text.size() - linesAt < budget ? text.size() : linesAt + budget;
        const char* p = text.data() + linesAt;
        const char* end = text.data() + lim;
        while (p < end) {
            const char* nl =
                static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
            if (!nl) break;
            if (nl + 1 < text.data() + text.size())
                doc.lineStarts.push_back(static_cast<uint32_t>(nl + 1 - text.data()));
            p = nl + 1;
        }
        linesAt = lim;
        if (linesAt < text.size()) return false;
        phase = doc.kind == DocKind::Json ? Phase::Folds : Phase::Done;
        return true;
    }

    // The fold tree of a laid-out JSON text (json_pretty's layout): a stack over the lines.
    bool folds(size_t budget) {
        const std::string_view text = doc.text;
        const std::vector<uint32_t>& starts = doc.lineStarts;
        const size_t until =
            foldRow < starts.size() ? starts[foldRow] + std::max<size_t>(budget, 1) : 0;
        for (; foldRow < starts.size(); ++foldRow) {
            const size_t row = foldRow;
            const size_t b = starts[row];
            if (b >= until) return false;
            size_t e = row + 1 < starts.size() ? starts[row + 1] - 1 : text.size();
            if (e > b && text[e - 1] == '\n') --e;
            size_t i = b;
            while (i < e && text[i] == ' ') ++i;
            if (i < e && (text[i] == '}' || text[i] == ']') && !foldStack.empty()) {
                doc.folds[static_cast<size_t>(foldStack.back())].last = static_cast<uint32_t>(row);
                foldStack.pop_back();
                continue;
            }
            if (!foldStack.empty()) ++doc.folds[static_cast<size_t>(foldStack.back())].items;
            if (e > i && (text[e - 1] == '{' || text[e - 1] == '[')) {
                FoldNode n;
                n.first = n.last = static_cast<uint32_t>(row);
                n.object = text[e - 1] == '{';
                n.parent = foldStack.empty() ? -1 : foldStack.back();
                doc.folds.push_back(n);
                foldStack.push_back(static_cast<int32_t>(doc.folds.size() - 1));
            }
        }
        std::vector<int32_t>().swap(foldStack);
        phase = Phase::Done;
        return true;
    }
};

PayloadDocBuilder::PayloadDocBuilder(std::string_view bytes, DocKind kind, bool capped,
                                     int maxDepth)
    : impl_(std::make_unique<Impl>(bytes, kind, capped, maxDepth)) {}
PayloadDocBuilder::~PayloadDocBuilder() = default;
PayloadDocBuilder::PayloadDocBuilder(PayloadDocBuilder&&) noexcept = default;
PayloadDocBuilder& PayloadDocBuilder::operator=(PayloadDocBuilder&&) noexcept = default;

bool PayloadDocBuilder::step(size_t budget) {
    using Phase = Impl::Phase;
    Impl& b = *impl_;
    budget = std::max<size_t>(budget, 1);
    // A phase that ends within the slice hands on to the next, which gets a budget of its own:
    // a slice is a few budgets at most. Finding line breaks (memchr) and the fold tree (a look at
    // each line's ends) cost far less a byte than laying out: they take more bytes a slice.
    const auto times = [budget](size_t k) {
        return budget > static_cast<size_t>(-1) / k ? static_cast<size_t>(-1) : budget * k;
    };
    while (b.phase != Phase::Done) {
        bool over = false;
        switch (b.phase) {
            case Phase::Layout: over = b.layout(budget); break;
            case Phase::Pad: over = b.pad(budget); break;
            case Phase::Lines: over = b.lines(times(kLinesPerByte)); break;
            case Phase::Folds: over = b.folds(times(kFoldsPerByte)); break;
            case Phase::Done: break;
        }
        if (!over) return false;
    }
    return true;
}

bool PayloadDocBuilder::done() const {
    return impl_->phase == Impl::Phase::Done;
}

double PayloadDocBuilder::progress() const {
    using Phase = Impl::Phase;
    const Impl& b = *impl_;
    const double n = static_cast<double>(std::max<size_t>(b.bytes.size(), 1));
    const auto part = [](double done, double all) {
        return all > 0 ? std::min(1.0, done / all) : 1.0;
    };
    switch (b.phase) {
        case Phase::Layout: {
            const size_t at = b.json ? b.json->at() : b.xml ? b.xml->at() : b.csv ? b.csv->at() : 0;
            return 0.6 * part(static_cast<double>(at), n);
        }
        case Phase::Pad: return 0.6 + 0.1 * part(static_cast<double>(b.padAt), n);
        case Phase::Lines: {
            const double size =
                static_cast<double>(b.doc.ownText ? b.doc.text.size() : b.bytes.size());
            return 0.7 + 0.15 * part(static_cast<double>(b.linesAt), size);
        }
        case Phase::Folds:
            return 0.85 + 0.15 * part(static_cast<double>(b.foldRow),
                                      static_cast<double>(b.doc.lineStarts.size()));
        case Phase::Done: break;
    }
    return 1.0;
}

PayloadDoc PayloadDocBuilder::take() {
    return std::move(impl_->doc);
}

PayloadDoc buildPayloadDoc(std::string_view bytes, DocKind kind, bool capped, int maxDepth) {
    PayloadDocBuilder b(bytes, kind, capped, maxDepth);
    b.step(static_cast<size_t>(-1));
    return b.take();
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

std::vector<uint32_t> findAllMatches(std::string_view text, std::string_view query, size_t limit) {
    std::vector<uint32_t> out;
    const FoldedSearch search(query);
    if (search.empty()) return out;
    const size_t n = std::max<size_t>(search.length(), 1);
    for (size_t at = search.find(text, 0); at != std::string_view::npos && out.size() < limit;
         at = search.find(text, at + n))
        out.push_back(static_cast<uint32_t>(at));
    return out;
}

}  // namespace core
