// core/gap.cpp — see gap.h. The recognisers are published in docs/data-layer.md ("The gap
// explained"); keep the two in step.
#include "core/gap.h"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "core/log_store.h"
#include "core/signatures.h"

namespace core {
namespace {

constexpr int64_t kCountCeiling = int64_t{1} << 50;  // a count said in a line is cut to this

// A line's text cut into what the recognisers read: words (ASCII letters, lower-cased), numbers
// (digits, with "," between groups of three; the masked "…" is a number of unknown value), "#",
// quotes, and any other character as itself. White space separates and is noted.
struct Token {
    enum Kind : uint8_t { Word, Number, Hash, Quote, Other } kind = Other;
    bool spaceBefore = false;
    std::string word;   // Word: lower-cased
    int64_t value = 0;  // Number: its value, -1 for "…"
};

std::vector<Token> tokenize(std::string_view text) {
    // The first line only, as a signature reads it.
    const size_t eol = text.find_first_of("\r\n");
    if (eol != std::string_view::npos) text = text.substr(0, eol);
    if (text.size() > kMaxSignatureBytes) text = text.substr(0, kMaxSignatureBytes);
    std::vector<Token> out;
    bool space = false;
    const auto at = [&](size_t i) {
        return i < text.size() ? static_cast<unsigned char>(text[i]) : 0;
    };
    const auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
    const auto letter = [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = at(i);
        if (c == ' ' || c == '\t') {
            space = true;
            ++i;
            continue;
        }
        Token t;
        t.spaceBefore = space;
        space = false;
        if (letter(c)) {
            t.kind = Token::Word;
            while (letter(at(i))) {
                const unsigned char l = at(i++);
                t.word.push_back(static_cast<char>(l >= 'A' && l <= 'Z' ? l - 'A' + 'a' : l));
            }
        } else if (digit(c)) {
            t.kind = Token::Number;
            for (;;) {
                while (digit(at(i))) {
                    if (t.value < kCountCeiling) t.value = t.value * 10 + (at(i) - '0');
                    ++i;
                }
                // "1,024": a comma and exactly three digits go on; "3,4" or "3, 4" do not.
                if (at(i) == ',' && digit(at(i + 1)) && digit(at(i + 2)) && digit(at(i + 3)) &&
                    !digit(at(i + 4)))
                    ++i;
                else
                    break;
            }
            t.value = std::min(t.value, kCountCeiling);
        } else if (c == 0xE2 && at(i + 1) == 0x80 && at(i + 2) == 0xA6) {  // "…"
            t.kind = Token::Number;
            t.value = -1;
            i += 3;
        } else {
            t.kind = c == '#'                            ? Token::Hash
                     : c == '\'' || c == '"' || c == '`' ? Token::Quote
                                                         : Token::Other;
            t.word.push_back(static_cast<char>(c));
            ++i;
        }
        out.push_back(std::move(t));
    }
    return out;
}

bool isOneOf(const std::string& w, std::initializer_list<std::string_view> words) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

// What happened to a record that was not pushed.
bool isOutcome(const Token& t) {
    return t.kind == Token::Word && isOneOf(t.word, {"skipped", "skipping", "rejected", "failed",
                                                     "duplicate", "duplicates", "duplicated"});
}

// The words for a record (singular).
constexpr std::array<std::string_view, 19> kRecordNouns = {
    "record", "order",       "item",      "product",  "customer",    "row",        "entry",
    "sku",    "variant",     "invoice",   "shipment", "fulfillment", "fulfilment", "payment",
    "refund", "transaction", "duplicate", "level",    "update"};

bool isRecordNoun(const std::string& w, bool plural) {
    for (std::string_view n : kRecordNouns) {
        if (!plural && w == n) return true;
        if (plural) {
            if (n == "entry") {
                if (w == "entries") return true;
            } else if (w.size() == n.size() + 1 && w.back() == 's' &&
                       w.compare(0, n.size(), n) == 0) {
                return true;
            }
        }
    }
    return false;
}
bool isRecordNoun(const Token& t) {
    return t.kind == Token::Word && (isRecordNoun(t.word, false) || isRecordNoun(t.word, true));
}
bool isWord(const Token& t, std::string_view w) {
    return t.kind == Token::Word && t.word == w;
}

// The run's closing summary or a tally of what was pulled / pushed (never a cause).
bool isSummary(const std::vector<Token>& t) {
    // "Sync finished …", "Flow run completed with errors …", "Run failed: …", "Totals: …".
    size_t i = 0;
    if (i < t.size() && t[i].kind == Token::Word &&
        isOneOf(t[i].word, {"sync", "run", "job", "flow", "import", "export"})) {
        ++i;
        if (i < t.size() && isWord(t[i], "run")) ++i;
        if (i < t.size() && t[i].kind == Token::Word &&
            isOneOf(t[i].word, {"finished", "failed", "completed", "complete", "stopped", "ended",
                                "done", "succeeded", "aborted", "cancelled", "canceled"}))
            return true;
    }
    if (!t.empty() && t[0].kind == Token::Word &&
        isOneOf(t[0].word, {"summary", "total", "totals"}))
        return true;
    // "Pushed 48 of 50 …", "48 of 50 orders pushed", "pulled 10, pushed 8", "10 pulled, 8 pushed".
    bool pulledCount = false, pushedCount = false;
    for (size_t k = 0; k < t.size(); ++k) {
        const bool numberNext = k + 1 < t.size() && t[k + 1].kind == Token::Number;
        const bool numberBefore = k > 0 && t[k - 1].kind == Token::Number;
        if (isWord(t[k], "pushed")) {
            if (numberNext && k + 3 < t.size() && isWord(t[k + 2], "of") &&
                t[k + 3].kind == Token::Number)
                return true;
            if (numberNext || numberBefore) pushedCount = true;
            // "48 of 50 orders pushed": N of M, then at most three words, then "pushed".
            for (size_t b = k; b > 0 && k - b <= 3; --b) {
                if (b >= 3 && t[b - 1].kind == Token::Number && isWord(t[b - 2], "of") &&
                    t[b - 3].kind == Token::Number)
                    return true;
                if (t[b - 1].kind != Token::Word) break;
            }
        }
        if (isWord(t[k], "pulled") && (numberNext || numberBefore)) pulledCount = true;
    }
    return pulledCount && pushedCount;
}

// "3 records skipped", "2 duplicate orders were skipped", "Skipped 4 orders": the counts said,
// summed. Returns whether any matched.
bool countsSaid(const std::vector<Token>& t, int64_t& sum) {
    bool any = false;
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind == Token::Number) {
            // N, then up to four words (nothing else between them), the last an outcome with a
            // record noun before it.
            bool noun = false;
            for (size_t j = i + 1; j < t.size() && j <= i + 4 && t[j].kind == Token::Word; ++j) {
                if (noun && isOutcome(t[j])) {
                    any = true;
                    sum += std::max<int64_t>(0, t[i].value);
                    i = j;
                    break;
                }
                noun = noun || isRecordNoun(t[j]);
            }
        } else if (isOutcome(t[i]) && i + 2 < t.size() && t[i + 1].kind == Token::Number &&
                   isRecordNoun(t[i + 2])) {
            any = true;
            sum += std::max<int64_t>(0, t[i + 1].value);
            i += 2;
        }
    }
    sum = std::min(sum, kCountCeiling);
    return any;
}

// Names one record: the word "record", "#" with an id right after it, or a record's noun
// followed by its id, "#" or a quote ("order 1001", "customer #55", "SKU 'A-1'").
bool namesOneRecord(const std::vector<Token>& t) {
    for (size_t i = 0; i < t.size(); ++i) {
        if (isWord(t[i], "record")) return true;
        if (t[i].kind == Token::Hash && i + 1 < t.size() && !t[i + 1].spaceBefore &&
            (t[i + 1].kind == Token::Number || t[i + 1].kind == Token::Word))
            return true;
        if (t[i].kind == Token::Word && isRecordNoun(t[i].word, false) && i + 1 < t.size() &&
            (t[i + 1].kind == Token::Number || t[i + 1].kind == Token::Hash ||
             t[i + 1].kind == Token::Quote))
            return true;
    }
    return false;
}

bool saysOutcome(const std::vector<Token>& t) {
    for (size_t i = 0; i < t.size(); ++i) {
        if (isOutcome(t[i])) return true;
        if (isWord(t[i], "already") && i + 1 < t.size() &&
            (isWord(t[i + 1], "exists") || isWord(t[i + 1], "exist")))
            return true;
    }
    return false;
}

}  // namespace

const char* toString(RecordClaim c) {
    switch (c) {
        case RecordClaim::None: return "none";
        case RecordClaim::Summary: return "summary";
        case RecordClaim::One: return "one";
        case RecordClaim::Counted: return "counted";
    }
    return "none";
}

RecordsNamed recordsNamed(std::string_view text) {
    const std::vector<Token> t = tokenize(text);
    if (isSummary(t)) return {RecordClaim::Summary, 0};
    int64_t sum = 0;
    if (countsSaid(t, sum)) return {RecordClaim::Counted, sum};
    if (saysOutcome(t) && namesOneRecord(t)) return {RecordClaim::One, 1};
    return {};
}

const GapCauseCache::Entry& GapCauseCache::update(const LogStore& store, const Signature& s) {
    if (generation_ != store.generation()) {
        entries_.clear();
        generation_ = store.generation();
    }
    if (entries_.size() < s.id) entries_.resize(s.id);
    Entry& e = entries_[s.id - 1];
    if (!e.kindKnown) {
        e.kind = recordsNamed(s.text);
        e.kindKnown = true;
    }
    if (e.kind.claim != RecordClaim::Counted || s.lines.empty()) return e;
    // The count is each line's own: read it from the line's text, not the masked one.
    const auto read = [&](int64_t id, std::vector<int64_t>& firstLines) {
        if (!store.holds(id)) return;
        const RecordsNamed said = recordsNamed(store.lineById(id).text);
        if (said.claim != RecordClaim::Counted || said.count <= 0) return;
        e.named = std::min(kCountCeiling, e.named + said.count);
        ++e.lineCount;
        if (firstLines.size() < kGapLinesKept) firstLines.push_back(id);
    };
    if (e.first > e.last) {  // nothing read yet: every line goes at the back
        e.first = s.lines[0];
        e.last = s.lines[0] - 1;
    }
    if (s.lines[0] < e.first) {  // older lines of it grouped since: in front
        std::vector<int64_t> front;
        const size_t end = s.lines.lowerBound(e.first);
        for (size_t i = 0; i < end; ++i) read(s.lines[i], front);
        front.insert(front.end(), e.lines.begin(), e.lines.end());
        if (front.size() > kGapLinesKept) front.resize(kGapLinesKept);
        e.lines = std::move(front);
        e.first = s.lines[0];
    }
    const int64_t newest = s.lines[s.lines.size() - 1];
    if (newest > e.last) {  // newer lines of it: at the back
        for (size_t i = s.lines.upperBound(e.last); i < s.lines.size(); ++i)
            read(s.lines[i], e.lines);
        e.last = newest;
    }
    return e;
}

std::optional<GapExplanation> explainGap(const LogStore& store, const SignatureIndex& signatures,
                                         int64_t pulled, int64_t pushed, bool running, bool allRead,
                                         GapCauseCache* cache) {
    if (pulled < 0 || pushed < 0 || pushed >= pulled) return std::nullopt;
    GapCauseCache local;
    GapCauseCache& causes = cache ? *cache : local;
    GapExplanation g;
    g.pulled = pulled;
    g.pushed = pushed;
    g.notPushed = pulled - pushed;
    g.soFar = running;
    g.allRead = allRead;
    for (const Signature& s : signatures.all()) {
        const GapCauseCache::Entry& e = causes.update(store, s);
        GapCause c;
        if (e.kind.claim == RecordClaim::One) {
            c.named = static_cast<int64_t>(s.count);
            c.lineCount = s.count;
            for (size_t i = 0; i < s.lines.size() && i < kGapLinesKept; ++i)
                c.lines.push_back(s.lines[i]);
        } else if (e.kind.claim == RecordClaim::Counted) {
            c.named = e.named;
            c.lineCount = e.lineCount;
            c.lines = e.lines;
        }
        if (c.named <= 0) continue;
        c.signature = s.id;
        c.text = s.text;
        g.named = std::min(kCountCeiling, g.named + c.named);
        g.causes.push_back(std::move(c));
    }
    std::sort(g.causes.begin(), g.causes.end(), [](const GapCause& a, const GapCause& b) {
        if (a.named != b.named) return a.named > b.named;
        return a.lines.front() < b.lines.front();
    });
    // At most the gap: the causes with the most records first, the rest cut (capped).
    int64_t left = g.notPushed;
    for (GapCause& c : g.causes) {
        c.count = std::min(c.named, left);
        left -= c.count;
    }
    g.capped = g.named > g.notPushed;
    g.causes.erase(std::remove_if(g.causes.begin(), g.causes.end(),
                                  [](const GapCause& c) { return c.count == 0; }),
                   g.causes.end());
    g.unexplained = left;
    g.text = gapText(g);
    return g;
}

std::string gapText(const GapExplanation& g) {
    std::string s = std::to_string(g.notPushed) + " not pushed";
    if (g.soFar) s += " so far";
    size_t shown = 0;
    int64_t restRecords = 0;
    for (const GapCause& c : g.causes) {
        if (shown == kGapCausesInText) {
            restRecords += c.count;
            continue;
        }
        ++shown;
        s += " · " + c.text;
        if (c.count > 1 || c.count < c.named) s += " ×" + std::to_string(c.count);
        if (c.count < c.named) s += " of " + std::to_string(c.named);  // cut to the gap
        s += c.lineCount == 1 ? " (line " : " (lines ";
        const size_t listed = std::min<size_t>(3, c.lines.size());
        for (size_t i = 0; i < listed; ++i) s += (i ? ", " : "") + std::to_string(c.lines[i]);
        if (c.lineCount > listed) s += " and " + std::to_string(c.lineCount - listed) + " more";
        s += ")";
    }
    if (g.causes.size() > shown) {
        const size_t more = g.causes.size() - shown;
        s += " · " + std::to_string(more) + (more == 1 ? " more cause: " : " more causes: ") +
             std::to_string(restRecords);
    }
    if (g.unexplained > 0)
        s += " · " + std::to_string(g.unexplained) +
             (g.allRead ? " not accounted for in the log"
                        : " not accounted for in the lines read so far");
    if (g.capped)
        s += " · the log names " + std::to_string(g.named) + " records, " +
             std::to_string(g.named - g.notPushed) +
             " more than not pushed: counted up to the gap, most named first";
    return s;
}

bool GapTracker::update(const LogStore& store, const SignatureIndex& signatures, int64_t pulled,
                        int64_t pushed, bool running, bool allRead) {
    const Key key{signatures.version(), store.generation(), pulled, pushed, running, allRead};
    if (key_ && *key_ == key) return false;
    key_ = key;
    explanation_ = explainGap(store, signatures, pulled, pushed, running, allRead, &cache_);
    ++computations_;
    return true;
}

void GapNotes::put(int64_t syncId, const GapExplanation& g) {
    erase(syncId);
    if (notes_.size() == kCapacity) notes_.pop_front();
    notes_.emplace_back(syncId, g);
}

void GapNotes::erase(int64_t syncId) {
    notes_.erase(std::remove_if(notes_.begin(), notes_.end(),
                                [&](const auto& n) { return n.first == syncId; }),
                 notes_.end());
}

const GapExplanation* GapNotes::find(int64_t syncId) const {
    for (const auto& n : notes_)
        if (n.first == syncId) return &n.second;
    return nullptr;
}

}  // namespace core
