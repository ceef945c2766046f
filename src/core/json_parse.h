// core/json_parse.h — the app's one JSON parse into nlohmann's DOM.
//
// nlohmann::json::parse is a template over its input: parsing a std::string and a pair of char
// pointers built two whole parsers (lexer, DOM builder, and the callback parser that parse()
// compiles even when no callback is given). Every call site goes through this one instead
// (−2.2 KB of wasm, brotli). No exceptions: what is not JSON comes back `discarded`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace core {

nlohmann::json parseJson(const char* begin, const char* end);

inline nlohmann::json parseJson(const std::string& text) {
    return parseJson(text.data(), text.data() + text.size());
}

}  // namespace core
