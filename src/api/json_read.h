// api/json_read.h — reading untrusted JSON without exceptions and without aborting.
//
// nlohmann/json built without exceptions aborts on `at()` of a missing key or `get<int>()` of a
// string, so decoders go through this reader: it checks every type, accepts numbers sent as
// strings ("45002") and items wrapped JSON:API-style under "attributes", and records the first
// problem with the path of the field ("data[3].source.system: expected a string"), which
// becomes the message the user sees.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace api {

// Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no surrogates, no code point
// past U+10FFFF; 1 for ASCII), 0 when the bytes there are not one.
size_t utf8SequenceLength(const char* p, const char* end);

// `text` with every byte that does not belong to a valid UTF-8 sequence replaced by U+FFFD (the
// replacement character, EF BF BD). True when something was replaced.
bool replaceInvalidUtf8(const std::string& text, std::string& out);

class JsonReader {
public:
    // Parse with a bounded nesting depth; a parse failure is recorded as the error. Text that is
    // not valid UTF-8 (a server writing Latin-1 or cutting a character in half) is parsed with
    // each invalid byte taken as U+FFFD, so one bad byte cannot make a whole answer unreadable.
    static nlohmann::json parse(const std::string& text, std::string& error, int maxDepth = 64);

    explicit JsonReader(std::string path = "") : path_(std::move(path)) {}

    // Fields of `obj` (or of obj["attributes"], when the field is not at the top level).
    std::optional<int64_t> integer(const nlohmann::json& obj, const char* key, bool required);
    std::optional<std::string> string(const nlohmann::json& obj, const char* key, bool required);
    std::optional<bool> boolean(const nlohmann::json& obj, const char* key, bool required);
    // The object at key (null/missing → nullptr when optional).
    const nlohmann::json* object(const nlohmann::json& obj, const char* key, bool required);
    const nlohmann::json* array(const nlohmann::json& obj, const char* key, bool required);

    // A reader for a nested object: its errors carry the longer path; absorb() takes them back.
    JsonReader nested(const std::string& segment) const {
        return JsonReader(path(segment.c_str()));
    }
    void absorb(const JsonReader& inner) {
        if (error_.empty()) error_ = inner.error_;
    }

    // The raw value of `key` in obj, flat or under "attributes"; nullptr when absent.
    static const nlohmann::json* field(const nlohmann::json& obj, const char* key);

    // False (and the error "<path>: expected an object") when an item is not an object.
    bool expectObject(const nlohmann::json& item) {
        if (item.is_object()) return true;
        fail(path_.empty() ? "item" : path_, "expected an object");
        return false;
    }

    void fail(const std::string& field, const std::string& what);
    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    const std::string& where() const { return path_; }
    std::string path(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

private:
    const nlohmann::json* find(const nlohmann::json& obj, const char* key) const {
        return field(obj, key);
    }
    std::string path_;
    std::string error_;
};

// Decodes each item of a "data" array with its own reader (paths "data[3].…"), stopping at the
// first error, which lands in `r`. Shared by every list decoder of both dialects.
template <class Item, class Fn>
std::vector<Item> decodeItems(const nlohmann::json& data, JsonReader& r, Fn decodeOne) {
    std::vector<Item> items;
    items.reserve(data.size());
    for (size_t i = 0; i < data.size() && r.ok(); ++i) {
        JsonReader item = r.nested("data[" + std::to_string(i) + "]");
        items.push_back(decodeOne(data[i], item));
        r.absorb(item);
    }
    return items;
}

}  // namespace api
