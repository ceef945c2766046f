// api/reference_backend.h — core::Backend for the reference API (DESIGN.md), over a Transport.
//
// Builds each request (base URL from config.json, Authorization header — never the URL's query),
// and turns each answer into model types or an ApiError, with the server's Date for the clock.
#pragma once

#include <string>

#include "api/transport.h"
#include "core/backend.h"

namespace api {

// "Bearer <token>" or the raw API key.
std::string authorizationValue(const core::Credentials& creds);

class ReferenceBackend : public core::Backend {
public:
    ReferenceBackend(Transport& transport, std::string baseUrl)
        : transport_(transport), baseUrl_(std::move(baseUrl)) {}

    void listServices(const core::Credentials& creds, int page, int perPage,
                      std::function<void(core::Answer<core::ServicesPage>)> done) override;

private:
    HttpRequest get(const std::string& pathAndQuery, const core::Credentials& creds) const;
    Transport& transport_;
    std::string baseUrl_;
};

}  // namespace api
