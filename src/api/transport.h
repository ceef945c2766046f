// api/transport.h — the HTTP boundary. The app's only way to the network.
//
// src/web implements it with emscripten_fetch; unit tests use a fake that answers from a script.
// Callbacks run later on the main loop (never inside send), exactly once per request, unless
// the request was cancelled, in which case they never run.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace api {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    std::string url;  // absolute or relative to the page; never carries a token
    Headers headers;
    std::string body;
    int timeoutMs = 30000;
};

enum class TransportError { None, Network, Timeout };

struct HttpResponse {
    int status = 0;  // 0 when no HTTP answer arrived (see error)
    TransportError error = TransportError::None;
    Headers headers;  // names lower-cased
    std::string body;

    // The first header of that (lower-case) name, or "".
    const std::string& header(const std::string& lowerName) const;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual void send(HttpRequest request, std::function<void(HttpResponse)> done) = 0;
};

}  // namespace api
