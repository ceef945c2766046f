// api/transport.cpp — helpers shared by every Transport.
#include "api/transport.h"

namespace api {

const std::string& HttpResponse::header(const std::string& lowerName) const {
    static const std::string none;
    for (const auto& h : headers)
        if (h.first == lowerName) return h.second;
    return none;
}

}  // namespace api
