// api/json_read.cpp — see json_read.h.
#include "api/json_read.h"
#include "core/json_parse.h"

#include <cctype>
#include <cmath>
#include <limits>

namespace api {

using nlohmann::json;

namespace {

// The deepest nesting of arrays and objects in `text` (strings skipped). One pass over the bytes:
// much cheaper than nlohmann's callback parser, whose per-value bookkeeping made a 5,000-line log
// page cost 4x more to parse in wasm.
int nestingDepth(const std::string& text, int stopAbove) {
    int depth = 0, deepest = 0;
    bool inString = false;
    for (size_t i = 0, n = text.size(); i < n; ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        switch (c) {
            case '"': inString = true; break;
            case '[':
            case '{':
                if (++depth > deepest) {
                    deepest = depth;
                    if (deepest > stopAbove) return deepest;
                }
                break;
            case ']':
            case '}': --depth; break;
            default: break;
        }
    }
    return deepest;
}

}  // namespace

size_t utf8SequenceLength(const char* p, const char* end) {
    const auto b = [&](size_t i) { return static_cast<unsigned char>(p[i]); };
    const auto cont = [&](size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
        return p + i < end && b(i) >= lo && b(i) <= hi;
    };
    const unsigned c = b(0);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

bool replaceInvalidUtf8(const std::string& text, std::string& out) {
    const char* p = text.data();
    const char* const end = p + text.size();
    bool replaced = false;
    out.clear();
    out.reserve(text.size() + 16);
    while (p < end) {
        const char* run = p;
        while (p < end && static_cast<unsigned char>(*p) < 0x80) ++p;
        out.append(run, static_cast<size_t>(p - run));
        if (p == end) break;
        const size_t n = utf8SequenceLength(p, end);
        if (n) {
            out.append(p, n);
            p += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++p;
            replaced = true;
        }
    }
    return replaced;
}

json JsonReader::parse(const std::string& text, std::string& error, int maxDepth) {
    if (nestingDepth(text, maxDepth) > maxDepth) {
        error = "the answer nests deeper than " + std::to_string(maxDepth) + " levels";
        return json(json::value_t::discarded);
    }
    json j = core::parseJson(text);
    if (j.is_discarded()) {
        // nlohmann rejects invalid UTF-8: read such an answer with U+FFFD in its place.
        std::string repaired;
        if (!text.empty() && replaceInvalidUtf8(text, repaired)) {
            j = core::parseJson(repaired);
            if (!j.is_discarded()) return j;
        }
        error = text.empty() ? "the answer was empty, not JSON" : "the answer is not valid JSON";
    }
    return j;
}

const json* JsonReader::field(const json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it != obj.end()) return &*it;
    // JSON:API style: {"id": "12", "attributes": {...}}
    auto attrs = obj.find("attributes");
    if (attrs != obj.end() && attrs->is_object()) {
        auto in = attrs->find(key);
        if (in != attrs->end()) return &*in;
    }
    return nullptr;
}

void JsonReader::fail(const std::string& field, const std::string& what) {
    if (error_.empty()) error_ = field + ": " + what;
}

std::optional<int64_t> JsonReader::integer(const json& obj, const char* key, bool required) {
    const json* v = find(obj, key);
    if (!v || v->is_null()) {
        if (required) fail(path(key), "missing");
        return std::nullopt;
    }
    // nlohmann reads 2^63 and up as unsigned, which get<int64_t> would wrap (2^64 − 1 → −1).
    if (v->is_number_unsigned() &&
        v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        fail(path(key), "a whole number too large (2^63 or more)");
        return std::nullopt;
    }
    if (v->is_number_integer()) return v->get<int64_t>();
    if (v->is_number_float()) {
        const double d = v->get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
            return static_cast<int64_t>(d);
    }
    if (v->is_string()) {  // numbers sent as strings: "45002"
        const std::string& s = v->get_ref<const std::string&>();
        size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
        if (s.size() > i && s.size() - i <= 18) {
            int64_t n = 0;
            bool digits = true;
            for (size_t k = i; k < s.size() && digits; ++k) {
                digits = std::isdigit(static_cast<unsigned char>(s[k])) != 0;
                n = n * 10 + (s[k] - '0');
            }
            if (digits) return i ? -n : n;
        }
    }
    fail(path(key), "expected a whole number");
    return std::nullopt;
}

std::optional<std::string> JsonReader::string(const json& obj, const char* key, bool required) {
    const json* v = find(obj, key);
    if (!v || v->is_null()) {
        if (required) fail(path(key), "missing");
        return std::nullopt;
    }
    if (v->is_string()) return v->get<std::string>();
    if (v->is_number_integer()) return std::to_string(v->get<int64_t>());
    fail(path(key), "expected a string");
    return std::nullopt;
}

std::optional<bool> JsonReader::boolean(const json& obj, const char* key, bool required) {
    const json* v = find(obj, key);
    if (!v || v->is_null()) {
        if (required) fail(path(key), "missing");
        return std::nullopt;
    }
    if (v->is_boolean()) return v->get<bool>();
    if (v->is_number_integer()) return v->get<int64_t>() != 0;
    if (v->is_string()) {
        const std::string& s = v->get_ref<const std::string&>();
        if (s == "true" || s == "1") return true;
        if (s == "false" || s == "0") return false;
    }
    fail(path(key), "expected true or false");
    return std::nullopt;
}

const json* JsonReader::object(const json& obj, const char* key, bool required) {
    const json* v = find(obj, key);
    if (!v || v->is_null()) {
        if (required) fail(path(key), "missing");
        return nullptr;
    }
    if (!v->is_object()) {
        fail(path(key), "expected an object");
        return nullptr;
    }
    return v;
}

const json* JsonReader::array(const json& obj, const char* key, bool required) {
    const json* v = find(obj, key);
    if (!v || v->is_null()) {
        if (required) fail(path(key), "missing");
        return nullptr;
    }
    if (!v->is_array()) {
        fail(path(key), "expected an array");
        return nullptr;
    }
    return v;
}

}  // namespace api
