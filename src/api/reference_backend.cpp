// api/reference_backend.cpp — see reference_backend.h.
#include "api/reference_backend.h"

#include "api/http_errors.h"
#include "api/reference_decode.h"
#include "core/time.h"

namespace api {

std::string authorizationValue(const core::Credentials& c) {
    return c.scheme == core::AuthScheme::Bearer ? "Bearer " + c.token : c.token;
}

HttpRequest ReferenceBackend::get(const std::string& pathAndQuery,
                                  const core::Credentials& creds) const {
    HttpRequest r;
    r.method = "GET";
    r.url = baseUrl_ + pathAndQuery;
    r.headers = {{"Authorization", authorizationValue(creds)}, {"Accept", "application/json"}};
    return r;
}

void ReferenceBackend::listServices(const core::Credentials& creds, int page, int perPage,
                                    std::function<void(core::Answer<core::ServicesPage>)> done) {
    const std::string q =
        "/services?page=" + std::to_string(page) + "&per_page=" + std::to_string(perPage);
    transport_.send(get(q, creds), [done = std::move(done)](HttpResponse res) {
        core::Answer<core::ServicesPage> a;
        a.serverTime = core::parseHttpDate(res.header("date")).value_or(0);
        a.error = errorFromResponse(res);
        if (!a.error) {
            auto d = decodeServicesPage(res.body);
            if (!d.error.empty()) {
                a.error.kind = core::ErrorKind::BadResponse;
                a.error.status = res.status;
                a.error.message = "the services list could not be read (" + d.error + ")";
            } else {
                a.value = std::move(d.value);
            }
        }
        done(std::move(a));
    });
}

}  // namespace api
