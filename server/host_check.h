// server/host_check.h — which Host headers the demo server answers (issue 13). A page on any
// domain whose DNS name is re-pointed at 127.0.0.1 ("DNS rebinding") reaches a server on loopback
// as its own origin, so the browser would let it read every answer; the Host header is the one
// thing that still names the attacker's domain. So every route answers only when the Host header's
// host part names the server itself: 127.0.0.1, localhost, [::1], the address it was bound to (or,
// when bound to a wildcard, the address the connection arrived on), or a name given with
// --host-name. Pure of HTTP, so the unit tests call it directly.
#pragma once

#include <string>
#include <vector>

namespace syncscope::server {

// The host part of a Host header, lower-cased: "localhost:8080" → "localhost", "[::1]:80" →
// "[::1]". "" when the header is malformed (an empty host, a port that is not digits, an IPv6
// address without brackets, spaces or other characters no host name has).
std::string host_header_host(const std::string& host_header);

// How an address is written in a Host header: IPv6 in brackets, lower-cased; IPv4-mapped IPv6
// addresses ("::ffff:127.0.0.1") as their IPv4 address.
std::string host_form_of_address(const std::string& address);

class HostCheck {
public:
    // `bound_host` is --host (a wildcard such as 0.0.0.0 adds nothing); `names` are --host-name.
    HostCheck(const std::string& bound_host, const std::vector<std::string>& names);

    // Whether a request with this Host header (arrived on `local_addr`) may be answered.
    bool allows(const std::string& host_header, const std::string& local_addr) const;

    const std::vector<std::string>& names() const { return names_; }

private:
    std::vector<std::string> names_;  // host forms, lower case
};

}  // namespace syncscope::server
