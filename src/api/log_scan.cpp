// api/log_scan.cpp — see log_scan.h.
#include "api/log_scan.h"
#include "core/json_parse.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "api/json_read.h"
#include "api/reference_decode.h"
#include "core/time.h"

namespace api {
namespace {

constexpr int kMaxDepth = 64;  // as JsonReader::parse

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

class Scanner {
public:
    Scanner(const char* p, const char* end) : p_(p), end_(end) {}

    void ws() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }
    bool peek(char c) {
        ws();
        return p_ < end_ && *p_ == c;
    }
    bool take(char c) {
        if (!peek(c)) return false;
        ++p_;
        return true;
    }
    bool atEnd() {
        ws();
        return p_ == end_;
    }
    const char* pos() const { return p_; }

    bool literal(const char* word) {
        ws();
        const char* q = p_;
        for (; *word; ++word, ++q)
            if (q >= end_ || *q != *word) return false;
        p_ = q;
        return true;
    }
    bool null() { return literal("null"); }

    // A string, its escapes decoded into `out` (nullptr: skipped).
    bool string(std::string* out) {
        ws();
        if (p_ >= end_ || *p_ != '"') return false;
        ++p_;
        if (out) out->clear();
        for (;;) {
            const char* run = p_;
            while (p_ < end_) {
                const auto c = static_cast<unsigned char>(*p_);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++p_;
            }
            if (out) out->append(run, static_cast<size_t>(p_ - run));
            if (p_ >= end_) return false;
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return true;
            }
            if (c < 0x20) return false;  // raw control characters are not JSON
            if (c >= 0x80) {
                // Invalid UTF-8 is read as U+FFFD, byte by byte, exactly as JsonReader::parse
                // reads it (replaceInvalidUtf8), so the DOM decoder gives the same text.
                const size_t n = utf8SequenceLength(p_, end_);
                if (out) {
                    if (n)
                        out->append(p_, n);
                    else
                        out->append("\xEF\xBF\xBD");
                }
                p_ += n ? n : 1;
                continue;
            }
            if (++p_ >= end_) return false;  // a backslash
            const char e = *p_++;
            char plain = 0;
            switch (e) {
                case '"': plain = '"'; break;
                case '\\': plain = '\\'; break;
                case '/': plain = '/'; break;
                case 'b': plain = '\b'; break;
                case 'f': plain = '\f'; break;
                case 'n': plain = '\n'; break;
                case 'r': plain = '\r'; break;
                case 't': plain = '\t'; break;
                case 'u': {
                    uint32_t cp = 0;
                    if (!hex4(cp)) return false;
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        uint32_t lo = 0;
                        if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
                        p_ += 2;
                        if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        return false;
                    }
                    if (out) appendUtf8(*out, cp);
                    continue;
                }
                default: return false;
            }
            if (out) *out += plain;
        }
    }

    // A plain JSON integer that fits in int64 (no fraction, no exponent).
    bool integer(int64_t& v) {
        ws();
        const char* q = p_;
        const bool neg = q < end_ && *q == '-';
        if (neg) ++q;
        if (q >= end_ || *q < '0' || *q > '9') return false;
        if (*q == '0' && q + 1 < end_ && q[1] >= '0' && q[1] <= '9') return false;  // 01
        uint64_t n = 0;
        for (; q < end_ && *q >= '0' && *q <= '9'; ++q) {
            if (n > (std::numeric_limits<uint64_t>::max() - 9) / 10) return false;
            n = n * 10 + static_cast<uint64_t>(*q - '0');
        }
        if (q < end_ && (*q == '.' || *q == 'e' || *q == 'E')) return false;
        const uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
        if (n > limit) return false;
        v = neg ? static_cast<int64_t>(0 - n) : static_cast<int64_t>(n);
        p_ = q;
        return true;
    }

    bool boolean(bool& b) {
        if (literal("true")) return b = true, true;
        if (literal("false")) return b = false, true;
        return false;
    }

    // Any JSON value, not kept. `depth` is the nesting the value sits at.
    bool skip(int depth) {
        ws();
        if (p_ >= end_) return false;
        switch (*p_) {
            case '"': return string(nullptr);
            case '{': {
                if (depth + 1 > kMaxDepth) return false;
                ++p_;
                if (take('}')) return true;
                do {
                    if (!string(nullptr) || !take(':') || !skip(depth + 1)) return false;
                } while (take(','));
                return take('}');
            }
            case '[': {
                if (depth + 1 > kMaxDepth) return false;
                ++p_;
                if (take(']')) return true;
                do {
                    if (!skip(depth + 1)) return false;
                } while (take(','));
                return take(']');
            }
            case 't': return literal("true");
            case 'f': return literal("false");
            case 'n': return literal("null");
            default: return number();
        }
    }

private:
    bool hex4(uint32_t& v) {
        if (end_ - p_ < 4) return false;
        v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *p_++;
            v <<= 4;
            if (c >= '0' && c <= '9') {
                v |= static_cast<uint32_t>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                v |= static_cast<uint32_t>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                v |= static_cast<uint32_t>(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return true;
    }
    // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? — and, as nlohmann's parser requires, a value
    // a double can hold: 1e400 (or 400 digits) is refused there as a "number overflow", so here
    // too (found by the reference-log-page fuzz target: the scanner took a page the DOM refused).
    bool number() {
        const char* q = p_;
        bool exponent = false;
        const auto digits = [&] {
            const char* s = q;
            while (q < end_ && *q >= '0' && *q <= '9') ++q;
            return q > s;
        };
        if (q < end_ && *q == '-') ++q;
        if (q < end_ && *q == '0') {
            ++q;
        } else if (!digits()) {
            return false;
        }
        if (q < end_ && *q == '.') {
            ++q;
            if (!digits()) return false;
        }
        if (q < end_ && (*q == 'e' || *q == 'E')) {
            exponent = true;
            ++q;
            if (q < end_ && (*q == '+' || *q == '-')) ++q;
            if (!digits()) return false;
        }
        // Without an exponent, fewer than 309 characters cannot pass DBL_MAX (about 1.8e308).
        if (exponent || q - p_ >= 309) {
            const std::string text(p_, q);
            if (!std::isfinite(std::strtod(text.c_str(), nullptr))) return false;
        }
        p_ = q;
        return true;
    }

    const char* p_;
    const char* end_;
};

// One line object of "data" (depth 3).
bool scanLine(Scanner& s, core::LogLine& l, std::string& key, std::string& text) {
    if (!s.take('{')) return false;
    bool hasId = false, hasAt = false, hasMessage = false;
    l.level = core::LogLevel::Info;
    if (s.take('}')) return false;  // id, at and message are required
    do {
        if (!s.string(&key) || !s.take(':')) return false;
        if (key == "id") {
            if (!s.integer(l.id)) return false;
            hasId = true;
        } else if (key == "at") {
            if (!s.string(&text)) return false;
            const auto t = core::parseIso8601(text);
            if (!t) return false;
            l.at = *t;
            hasAt = true;
        } else if (key == "level") {
            if (s.null()) {
                l.level = core::LogLevel::Info;
            } else {
                if (!s.string(&text)) return false;
                l.level = logLevelFromName(text);
            }
        } else if (key == "message") {
            if (!s.string(&l.message)) return false;
            hasMessage = true;
        } else if (key == "payload") {
            if (s.null()) {
                l.payload.reset();
                continue;
            }
            if (!s.peek('{')) return false;
            // Few lines store a payload: those few go through the DOM decoder for it.
            const char* begin = s.pos();
            if (!s.skip(3)) return false;
            const nlohmann::json p = core::parseJson(begin, s.pos());
            if (p.is_discarded()) return false;
            JsonReader in("payload");
            core::PayloadRef ref = decodePayloadRef(p, in);
            if (!in.ok()) return false;
            l.payload = std::move(ref);
        } else if (key == "attributes") {
            return false;  // JSON:API items: the DOM decoder's job
        } else if (!s.skip(3)) {
            return false;
        }
    } while (s.take(','));
    return s.take('}') && hasId && hasAt && hasMessage;
}

// `lastId` < 0: not said.
bool scanMeta(Scanner& s, int64_t& lastId, bool& hasMore, std::optional<core::SyncStatus>& status,
              std::string& key, std::string& text) {
    if (s.null()) return true;
    if (!s.take('{')) return false;
    if (s.take('}')) return true;
    do {
        if (!s.string(&key) || !s.take(':')) return false;
        if (key == "last_id") {
            if (s.null()) {
                lastId = -1;
                continue;
            }
            int64_t v = 0;
            if (!s.integer(v) || v < 0) return false;
            lastId = v;
        } else if (key == "has_more") {
            if (s.null()) {
                hasMore = false;
            } else if (!s.boolean(hasMore)) {
                return false;
            }
        } else if (key == "sync_status") {
            if (s.null()) {
                status.reset();
                continue;
            }
            if (!s.string(&text)) return false;
            status = core::syncStatusFromString(toLower(text));
            if (!status) return false;
        } else if (!s.skip(2)) {
            return false;
        }
    } while (s.take(','));
    return s.take('}');
}

}  // namespace

bool scanLogPage(const std::string& body, core::LogPage& page) {
    Scanner s(body.data(), body.data() + body.size());
    std::string key, text;
    bool sawData = false;
    int64_t lastId = -1;
    bool hasMore = false;
    std::optional<core::SyncStatus> status;
    page.lines.clear();
    if (!s.take('{')) return false;
    if (s.take('}')) return false;  // no "data"
    do {
        if (!s.string(&key) || !s.take(':')) return false;
        if (key == "data") {
            page.lines.clear();
            if (!s.take('[')) return false;
            page.lines.reserve(body.size() / 160);
            if (!s.take(']')) {
                do {
                    page.lines.emplace_back();
                    if (!scanLine(s, page.lines.back(), key, text)) return false;
                } while (s.take(','));
                if (!s.take(']')) return false;
            }
            sawData = true;
        } else if (key == "meta") {
            lastId = -1;
            hasMore = false;
            status.reset();
            if (!scanMeta(s, lastId, hasMore, status, key, text)) return false;
        } else if (!s.skip(1)) {
            return false;
        }
    } while (s.take(','));
    if (!s.take('}') || !s.atEnd() || !sawData) return false;

    int64_t newest = 0;
    for (const core::LogLine& l : page.lines) newest = std::max(newest, l.id);
    page.lastId = lastId >= 0 ? lastId : newest;
    page.hasMore = hasMore;
    page.syncStatus = status;
    page.meta = {};
    page.meta.perPage = static_cast<int64_t>(page.lines.size());
    page.meta.total = static_cast<int64_t>(page.lines.size());
    return true;
}

}  // namespace api
