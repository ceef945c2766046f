// core/json_parse.cpp — see json_parse.h.
#include "core/json_parse.h"

namespace core {

nlohmann::json parseJson(const char* begin, const char* end) {
    using nlohmann::json;
    json result;
    // What json::parse(begin, end, nullptr, false) does, without its callback parser.
    nlohmann::detail::json_sax_dom_parser<json> dom(result, /*allow_exceptions=*/false);
    nlohmann::detail::parser<json, nlohmann::detail::iterator_input_adapter<const char*>> parser(
        nlohmann::detail::input_adapter(begin, end), nullptr, /*allow_exceptions=*/false,
        /*skip_comments=*/false);
    if (!parser.sax_parse(&dom, /*strict=*/true) || dom.is_errored())
        return json(json::value_t::discarded);
    return result;
}

}  // namespace core
