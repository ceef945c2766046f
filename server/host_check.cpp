// server/host_check.cpp — see host_check.h.
#include "host_check.h"

#include <algorithm>

namespace syncscope::server {

namespace {

std::string lower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

bool all_digits(const std::string& text) {
    return !text.empty() && text.size() <= 5 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool wildcard(const std::string& host) {
    return host.empty() || host == "0.0.0.0" || host == "::" || host == "[::]";
}

}  // namespace

std::string host_header_host(const std::string& host_header) {
    const std::string header = lower(host_header);
    std::string host;
    std::string rest;
    if (!header.empty() && header[0] == '[') {
        const std::size_t close = header.find(']');
        if (close == std::string::npos) return {};
        host = header.substr(0, close + 1);
        rest = header.substr(close + 1);
        for (std::size_t i = 1; i < close; ++i) {
            const char c = header[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
                return {};
            }
        }
        if (close < 3) return {};  // "[]", "[:]"
    } else {
        const std::size_t colon = header.find(':');
        host = header.substr(0, colon);
        rest = colon == std::string::npos ? std::string() : header.substr(colon);
        if (host.empty() || !std::all_of(host.begin(), host.end(), name_char)) return {};
    }
    if (!rest.empty() && (rest[0] != ':' || !all_digits(rest.substr(1)))) return {};
    return host;
}

std::string host_form_of_address(const std::string& address) {
    std::string a = lower(address);
    if (a.size() > 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
    if (a.rfind("::ffff:", 0) == 0 && a.find('.') != std::string::npos) return a.substr(7);
    if (a.find(':') != std::string::npos) return "[" + a + "]";
    return a;
}

HostCheck::HostCheck(const std::string& bound_host, const std::vector<std::string>& names)
    : names_{"127.0.0.1", "localhost", "[::1]"} {
    if (!wildcard(bound_host)) names_.push_back(host_form_of_address(bound_host));
    for (const std::string& name : names) names_.push_back(host_form_of_address(name));
}

bool HostCheck::allows(const std::string& host_header, const std::string& local_addr) const {
    const std::string host = host_header_host(host_header);
    if (host.empty()) return false;
    if (std::find(names_.begin(), names_.end(), host) != names_.end()) return true;
    // An address literal of the connection's own end: the server bound to a wildcard, reached
    // by one of the machine's addresses. A literal cannot be rebound (the page's origin would
    // be that address too), so this lets no other site in.
    return !local_addr.empty() && !wildcard(local_addr) && host == host_form_of_address(local_addr);
}

}  // namespace syncscope::server
