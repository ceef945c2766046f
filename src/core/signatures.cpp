// core/signatures.cpp — see signatures.h. The masking rules are published, in the order they are
// tried, in docs/test-contract.md ("Signatures"); keep the two in step.
#include "core/signatures.h"

#include <algorithm>
#include <cstring>

namespace core {

namespace {

constexpr std::string_view kMask = "\xE2\x80\xA6";  // "…"

bool isDigit(unsigned char c) {
    return c >= '0' && c <= '9';
}
bool isAlpha(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isAlnum(unsigned char c) {
    return isDigit(c) || isAlpha(c);
}
bool isHex(unsigned char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// Part of a word: a variable part never starts or ends inside one ("v2", "utf8", "Order2Cash").
bool isWord(unsigned char c) {
    return isAlnum(c) || c == '_';
}

// The line being masked, with the readers the rules share.
struct Scan {
    std::string_view s;
    unsigned char at(size_t i) const { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; }
    bool wordBefore(size_t i) const { return i > 0 && isWord(at(i - 1)); }
    bool wordAt(size_t i) const { return i < s.size() && isWord(at(i)); }
    size_t digits(size_t i) const {
        size_t n = 0;
        while (isDigit(at(i + n))) ++n;
        return n;
    }
};

// 1. A URL: scheme "://" then everything up to white space, a quote or a bracket; trailing
// punctuation (. , ; : ! ?) is left out.
size_t matchUrl(const Scan& t, size_t i) {
    if (!isAlpha(t.at(i)) || t.wordBefore(i)) return 0;
    // Not inside a scheme either ("a.b+c://"): that one was tried from its start (so a line of
    // "a.a.a.…" is read once, not once per letter).
    if (i > 0 && (t.at(i - 1) == '+' || t.at(i - 1) == '.' || t.at(i - 1) == '-')) return 0;
    size_t j = i + 1;
    while (isAlnum(t.at(j)) || t.at(j) == '+' || t.at(j) == '.' || t.at(j) == '-') ++j;
    if (t.s.compare(j, 3, "://") != 0) return 0;
    j += 3;
    const size_t rest = j;
    while (j < t.s.size()) {
        const unsigned char c = t.at(j);
        if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '(' || c == ')' ||
            c == '[' || c == ']' || c == '{' || c == '}' || c == '`')
            break;
        ++j;
    }
    while (j > rest && std::string_view(".,;:!?").find(t.s[j - 1]) != std::string_view::npos) --j;
    return j > rest ? j - i : 0;
}

bool isLocalChar(unsigned char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// 2. An e-mail address: local@domain.tld (a dot in the domain, a final label of 2+ letters).
size_t matchEmail(const Scan& t, size_t i) {
    if (!isAlnum(t.at(i)) || (i > 0 && isLocalChar(t.at(i - 1)))) return 0;
    size_t j = i;
    while (isLocalChar(t.at(j))) ++j;
    if (t.at(j) != '@') return 0;
    const size_t domain = ++j;
    while (isAlnum(t.at(j)) || t.at(j) == '-' || t.at(j) == '.') ++j;
    while (j > domain && t.at(j - 1) == '.') --j;  // a sentence's full stop is not the address's
    const size_t lastDot = t.s.substr(domain, j - domain).rfind('.');
    if (lastDot == std::string_view::npos || lastDot == 0 || j - (domain + lastDot) - 1 < 2)
        return 0;
    for (size_t k = domain + lastDot + 1; k < j; ++k)
        if (!isAlpha(t.at(k))) return 0;
    return j - i;
}

// 3. A UUID: 8-4-4-4-12 hex digits.
size_t matchUuid(const Scan& t, size_t i) {
    if (t.wordBefore(i)) return 0;
    static constexpr size_t kGroups[] = {8, 4, 4, 4, 12};
    size_t j = i;
    for (size_t g = 0; g < 5; ++g) {
        if (g > 0) {
            if (t.at(j) != '-') return 0;
            ++j;
        }
        for (size_t k = 0; k < kGroups[g]; ++k, ++j)
            if (!isHex(t.at(j))) return 0;
    }
    return t.wordAt(j) ? 0 : j - i;
}

// A zone after a time: Z, or +hh, +hhmm, +hh:mm (or -).
size_t zoneAt(const Scan& t, size_t j) {
    if (t.at(j) == 'Z' && !t.wordAt(j + 1)) return 1;
    if ((t.at(j) == '+' || t.at(j) == '-') && t.digits(j + 1) >= 2) {
        const size_t d = t.digits(j + 1);
        if (d == 2 && t.at(j + 3) == ':' && t.digits(j + 4) == 2) return 6;
        if (d == 2 || d == 4) return 1 + d;
    }
    return 0;
}

// A clock time at j: h:mm or hh:mm, then :ss and .fraction; 0 if none.
size_t clockAt(const Scan& t, size_t j) {
    const size_t h = t.digits(j);
    if (h < 1 || h > 2 || t.at(j + h) != ':' || t.digits(j + h + 1) != 2) return 0;
    size_t k = j + h + 3;
    if (t.at(k) == ':' && t.digits(k + 1) == 2) {
        k += 3;
        if (t.at(k) == '.' && t.digits(k + 1) > 0) k += 1 + t.digits(k + 1);
    }
    return k - j;
}

// 4. A date or a time: yyyy-mm-dd, optionally with T or a space and a clock time and a zone; or
// a clock time alone (h:mm, hh:mm:ss, hh:mm:ss.fff), optionally with a zone.
size_t matchTime(const Scan& t, size_t i) {
    if (!isDigit(t.at(i)) || t.wordBefore(i)) return 0;
    size_t j = i;
    if (t.digits(i) == 4 && t.at(i + 4) == '-' && t.digits(i + 5) == 2 && t.at(i + 7) == '-' &&
        t.digits(i + 8) == 2) {
        j = i + 10;
        if ((t.at(j) == 'T' || t.at(j) == ' ') && isDigit(t.at(j + 1))) {
            const size_t c = clockAt(t, j + 1);
            if (c) {
                j += 1 + c;
                j += zoneAt(t, j);
            }
        }
        return t.wordAt(j) ? 0 : j - i;
    }
    const size_t c = clockAt(t, i);
    if (!c) return 0;
    j = i + c;
    j += zoneAt(t, j);
    return t.wordAt(j) ? 0 : j - i;
}

// 5. A quoted string: '…', "…", `…`, “…”, ‘…’. An opening ' or ’ after a letter is an apostrophe
// (don't, O'Brien), not a quote. Returns the length of the whole quoted string, quotes included;
// `open` / `close` get the quotes' lengths.
// Per kind of quote (' " ` “ ‘), the first place from which no closing quote follows on the line:
// a later search would find none either, so a line of "'x 'x 'x …" is searched to its end once,
// not once per quote.
struct QuoteMemo {
    size_t noCloseFrom[5] = {std::string_view::npos, std::string_view::npos, std::string_view::npos,
                             std::string_view::npos, std::string_view::npos};
};

size_t matchQuoted(const Scan& t, size_t i, size_t* open, size_t* close, QuoteMemo& memo) {
    std::string_view closing;
    size_t o = 1, kind = 0;
    const unsigned char c = t.at(i);
    if (c == '\'' || c == '"' || c == '`') {
        if (c == '\'' && t.wordBefore(i)) return 0;
        closing = t.s.substr(i, 1);
        kind = c == '\'' ? 0 : c == '"' ? 1 : 2;
    } else if (t.s.compare(i, 3, "\xE2\x80\x9C") == 0) {  // “ … ”
        closing = "\xE2\x80\x9D";
        o = 3;
        kind = 3;
    } else if (t.s.compare(i, 3, "\xE2\x80\x98") == 0) {  // ‘ … ’
        if (t.wordBefore(i)) return 0;
        closing = "\xE2\x80\x99";
        o = 3;
        kind = 4;
    } else {
        return 0;
    }
    const size_t start = i + o;
    if (start >= memo.noCloseFrom[kind]) return 0;
    size_t from = start;
    while (true) {
        const size_t end = t.s.find(closing, from);
        if (end == std::string_view::npos) {
            memo.noCloseFrom[kind] = start;
            return 0;
        }
        // A ' followed by a letter is an apostrophe inside the string ('O'Brien's'): look on.
        if (closing == "'" && t.wordAt(end + 1)) {
            from = end + 1;
            continue;
        }
        *open = o;
        *close = closing.size();
        return end + closing.size() - i;
    }
}

// 6. A hex run: 0x followed by hex digits, or 8 or more hex digits holding at least one digit.
size_t matchHex(const Scan& t, size_t i) {
    if (t.wordBefore(i)) return 0;
    size_t j = i;
    if (t.at(i) == '0' && (t.at(i + 1) == 'x' || t.at(i + 1) == 'X') && isHex(t.at(i + 2))) {
        j = i + 2;
        while (isHex(t.at(j))) ++j;
        return t.wordAt(j) ? 0 : j - i;
    }
    bool digit = false;
    while (isHex(t.at(j))) digit |= isDigit(t.at(j++));
    if (j - i < 8 || !digit || t.wordAt(j)) return 0;
    return j - i;
}

// 7. A number: digits not preceded by a letter, digit or _, with any . or , groups
// (1,234.56); what follows may be a unit (30s, 5ms).
size_t matchNumber(const Scan& t, size_t i) {
    if (!isDigit(t.at(i)) || t.wordBefore(i)) return 0;
    size_t j = i + t.digits(i);
    while ((t.at(j) == '.' || t.at(j) == ',') && isDigit(t.at(j + 1))) j += 1 + t.digits(j + 1);
    return j - i;
}

// The first line of `message`, at most kMaxSignatureBytes, not cut inside a character.
std::string_view firstLine(std::string_view message) {
    const size_t n = std::min(message.size(), kMaxSignatureBytes + 1);
    const void* nl = std::memchr(message.data(), '\n', n);
    size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - message.data()) : n;
    if (const void* cr = std::memchr(message.data(), '\r', end))
        end = static_cast<size_t>(static_cast<const char*>(cr) - message.data());
    if (end > kMaxSignatureBytes) {
        end = kMaxSignatureBytes;
        while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) --end;
    }
    return message.substr(0, end);
}

}  // namespace

void maskMessage(std::string_view message, MaskedText& out) {
    out.text.clear();
    out.variable.clear();
    const Scan t{firstLine(message)};
    const auto mask = [&out] {
        const auto at = static_cast<uint32_t>(out.text.size());
        out.text += kMask;
        out.variable.emplace_back(at, at + static_cast<uint32_t>(kMask.size()));
    };
    size_t i = 0;
    const size_t n = t.s.size();
    // Rules 1 and 2 need "://" and "@": most lines have neither, and skip them.
    const bool urls =
        n >= 4 && std::memchr(t.s.data(), ':', n) && t.s.find("://") != std::string_view::npos;
    const bool emails = std::memchr(t.s.data(), '@', n) != nullptr;
    QuoteMemo quotes;
    while (i < n) {
        const unsigned char c = t.at(i);
        size_t len = 0, open = 0, close = 0;
        if (isAlnum(c)) {
            if ((urls && (len = matchUrl(t, i))) || (emails && (len = matchEmail(t, i))) ||
                (len = matchUuid(t, i)) || (len = matchTime(t, i)) || (len = matchHex(t, i)) ||
                (len = matchNumber(t, i))) {
                mask();
                i += len;
                continue;
            }
            // Nothing variable starts here: the rest of the word is copied as it is.
            const size_t start = i;
            while (i < n && isWord(t.at(i))) ++i;
            out.text.append(t.s.data() + start, i - start);
            continue;
        }
        if ((c == '\'' || c == '"' || c == '`' || c == 0xE2) &&
            (len = matchQuoted(t, i, &open, &close, quotes))) {
            out.text.append(t.s.data() + i, open);
            mask();
            out.text.append(t.s.data() + i + len - close, close);
            i += len;
            continue;
        }
        // Anything else up to the next letter, digit or quote goes as it is.
        const size_t start = i++;
        while (i < n) {
            const unsigned char d = t.at(i);
            if (isAlnum(d) || d == '\'' || d == '"' || d == '`' || d == 0xE2) break;
            ++i;
        }
        out.text.append(t.s.data() + start, i - start);
    }
}

MaskedText maskMessage(std::string_view message) {
    MaskedText out;
    maskMessage(message, out);
    return out;
}

// --- the lines of a signature -------------------------------------------------------------------

size_t SignatureLines::lowerBound(int64_t id) const {
    size_t lo = 0, hi = size();
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if ((*this)[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t SignatureLines::upperBound(int64_t id) const {
    size_t lo = 0, hi = size();
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if ((*this)[mid] <= id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

// --- the index
// ------------------------------------------------------------------------------------

void SignatureIndex::reset(uint64_t generation) {
    signatures_.clear();
    byKey_.clear();
    frontIds_.clear();
    touched_.clear();
    overflow_[0] = overflow_[1] = 0;
    knownFirst_ = 0;
    knownLast_ = -1;
    generation_ = generation;
    ready_ = true;
    ++version_;
}

bool SignatureIndex::update(const LogStore& store, size_t frontBudget) {
    const CostMeter::Scope cost(cost_);
    bool changed = false;
    if (generation_ != store.generation()) {
        reset(store.generation());
        changed = true;
    }
    if (store.empty()) {
        ready_ = true;
        return changed;
    }
    const int64_t first = store.firstId();
    const int64_t last = store.lastId();
    const uint64_t before = version_;
    if (knownFirst_ > knownLast_) {  // nothing grouped yet: all of it lies "in front"
        knownFirst_ = last + 1;
        knownLast_ = last;
    }
    if (last > knownLast_) {  // newer lines: always all of them
        group(store, static_cast<size_t>(knownLast_ + 1 - first),
              static_cast<size_t>(last - first + 1), false);
        knownLast_ = last;
    }
    if (first < knownFirst_) {  // older lines: the newest of them first, a slice at a time
        size_t masked = 0;
        while (knownFirst_ > first && (frontBudget == 0 || masked < frontBudget)) {
            const int64_t from =
                frontBudget == 0 ? first : std::max(first, knownFirst_ - kSliceLines);
            masked += group(store, static_cast<size_t>(from - first),
                            static_cast<size_t>(knownFirst_ - first), true);
            knownFirst_ = from;
        }
    }
    ready_ = knownFirst_ <= first;
    return changed || version_ != before;
}

size_t SignatureIndex::group(const LogStore& store, size_t begin, size_t end, bool front) {
    if (begin >= end) return 0;
    const int64_t first = store.firstId();
    bool added = false;
    const uint64_t masked = linesMasked_;
    store.forEachText(begin, end, [&](size_t index, LogLevel level, std::string_view text) {
        if (level != LogLevel::Warning && level != LogLevel::Error) return;
        ++linesMasked_;
        maskMessage(text, scratch_);
        key_.clear();
        key_.push_back(level == LogLevel::Error ? 'E' : 'W');
        key_ += scratch_.text;
        uint32_t id;
        const auto it = byKey_.find(key_);
        if (it != byKey_.end()) {
            id = it->second;
        } else if (signatures_.size() < kMaxSignatures) {
            id = static_cast<uint32_t>(signatures_.size() + 1);
            Signature sig;
            sig.id = id;
            sig.level = level;
            sig.text = scratch_.text;
            sig.variable = scratch_.variable;
            signatures_.push_back(std::move(sig));
            frontIds_.emplace_back();
            byKey_.emplace(key_, id);
        } else {  // too many different messages: one catch-all per level
            uint32_t& other = overflow_[level == LogLevel::Error ? 1 : 0];
            if (!other) {
                other = static_cast<uint32_t>(signatures_.size() + 1);
                Signature sig;
                sig.id = other;
                sig.level = level;
                sig.text = "(more than 5,000 different messages)";
                signatures_.push_back(std::move(sig));
                frontIds_.emplace_back();
            }
            id = other;
        }
        const int64_t lineId = first + static_cast<int64_t>(index);
        if (front) {
            std::vector<int64_t>& ids = frontIds_[id - 1];
            if (ids.empty()) touched_.push_back(id);
            ids.push_back(lineId);
        } else {
            Signature& sig = signatures_[id - 1];
            if (sig.count == 0) sig.firstLine = lineId;
            sig.lastLine = lineId;
            ++sig.count;
            sig.lines.push_back(lineId);
        }
        added = true;
    });
    for (const uint32_t id : touched_) {
        std::vector<int64_t>& ids = frontIds_[id - 1];
        Signature& sig = signatures_[id - 1];
        if (sig.count == 0) sig.lastLine = ids.back();
        sig.firstLine = ids.front();
        sig.count += ids.size();
        sig.lines.prepend(ids);
        ids.clear();
    }
    touched_.clear();
    if (added) ++version_;
    return static_cast<size_t>(linesMasked_ - masked);
}

const std::vector<uint32_t>& SignatureIndex::byCount() const {
    if (orderVersion_ == version_ && order_.size() == signatures_.size()) return order_;
    order_.resize(signatures_.size());
    for (size_t k = 0; k < order_.size(); ++k) order_[k] = static_cast<uint32_t>(k + 1);
    std::sort(order_.begin(), order_.end(), [this](uint32_t a, uint32_t b) {
        const Signature& x = signatures_[a - 1];
        const Signature& y = signatures_[b - 1];
        if (x.count != y.count) return x.count > y.count;
        if (x.level != y.level) return x.level == LogLevel::Error;
        return a < b;
    });
    orderVersion_ = version_;
    return order_;
}

}  // namespace core
