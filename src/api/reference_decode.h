// api/reference_decode.h — the reference API's JSON → model types.
//
// Accepts what a robust client must: unknown fields, numbers as strings, items flat or under
// "attributes", null or missing optional fields, Laravel timestamps with microseconds. Rejects
// what it cannot understand with a message naming the field; never aborts, never throws.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/json_read.h"
#include "core/model.h"

namespace api {

template <class T>
struct Decoded {
    T value{};
    std::string error;  // empty when decoding succeeded
};

Decoded<core::ServicesPage> decodeServicesPage(const std::string& body);
// One service object; errors are recorded in `reader` (whose path names the item).
core::Service decodeService(const nlohmann::json& item, JsonReader& reader);
// The paginator envelope's "meta"; missing meta means one complete page.
core::PageMeta decodePageMeta(const nlohmann::json& root, size_t itemCount, JsonReader& reader);

}  // namespace api
