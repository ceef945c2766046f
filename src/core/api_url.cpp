// core/api_url.cpp — see api_url.h. A small part of the WHATWG URL rules: enough for http(s)
// bases, which is all apiBaseUrl may be.
#include "core/api_url.h"

#include <vector>

namespace core {
namespace {

std::string lowered(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool startsWithNoCase(const std::string& s, const char* prefix) {
    return lowered(s.substr(0, std::string(prefix).size())) == prefix;
}

bool isSingleDot(const std::string& seg) {
    return seg == "." || lowered(seg) == "%2e";
}
bool isDoubleDot(const std::string& seg) {
    const std::string l = lowered(seg);
    return l == ".." || l == ".%2e" || l == "%2e." || l == "%2e%2e";
}

// RFC 3986 5.2.4 / WHATWG path parsing: "/a/./b/../c" → "/a/c"; never above the root.
std::string removeDotSegments(const std::string& path) {
    std::vector<std::string> out;
    size_t i = 1;  // path starts with '/'
    bool endsInDir = false;
    while (i <= path.size()) {
        size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        const std::string seg = path.substr(i, j - i);
        const bool last = j == path.size();
        if (isDoubleDot(seg)) {
            if (!out.empty()) out.pop_back();
            endsInDir = true;
        } else if (isSingleDot(seg)) {
            endsInDir = true;
        } else {
            out.push_back(seg);
            endsInDir = false;
        }
        if (last) break;
        i = j + 1;
    }
    std::string r;
    for (const std::string& s : out) r += "/" + s;
    if (endsInDir || r.empty()) r += "/";
    return r;
}

// Percent-encodes what a browser would in a path (non-ASCII bytes, '"', '<', '>', '`', '{', '}').
std::string encodedPath(const std::string& p) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : p) {
        if (c >= 0x80 || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}') {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

struct Authority {
    std::string host;  // lower-case; IPv6 in brackets
    std::string port;  // "" for the scheme's default
    std::string error;
};

Authority parseAuthority(const std::string& a, bool https) {
    Authority r;
    if (a.find('@') != std::string::npos) {
        r.error = "must not hold a user name or password (user@host)";
        return r;
    }
    size_t hostEnd;
    if (!a.empty() && a[0] == '[') {
        hostEnd = a.find(']');
        if (hostEnd == std::string::npos || hostEnd < 2) {
            r.error = "has an IPv6 address without its closing ']'";
            return r;
        }
        for (size_t i = 1; i < hostEnd; ++i) {
            const char c = static_cast<char>(lowered(std::string(1, a[i]))[0]);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
                r.error = "has an IPv6 address that is not one";
                return r;
            }
        }
        ++hostEnd;
    } else {
        hostEnd = a.find(':');
        if (hostEnd == std::string::npos) hostEnd = a.size();
        for (size_t i = 0; i < hostEnd; ++i) {
            const unsigned char c = static_cast<unsigned char>(a[i]);
            if (c >= 0x80) {
                r.error =
                    "has a host name that is not ASCII: write it as the browser does "
                    "(punycode, xn--…)";
                return r;
            }
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
            if (!ok) {
                r.error = "has a host name with a character a host name cannot hold";
                return r;
            }
        }
    }
    r.host = lowered(a.substr(0, hostEnd));
    if (r.host.empty() || r.host == "[]") {
        r.error = "has no host";
        return r;
    }
    if (hostEnd == a.size()) return r;
    if (a[hostEnd] != ':') {
        r.error = "has something after its host that is not a port";
        return r;
    }
    std::string port = a.substr(hostEnd + 1);
    if (port.empty()) return r;  // "host:" is the default port, as browsers read it
    long value = 0;
    for (char c : port) {
        if (c < '0' || c > '9' || value > 65535) {
            r.error = "has a port that is not a number from 1 to 65535";
            return r;
        }
        value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) {
        r.error = "has a port that is not a number from 1 to 65535";
        return r;
    }
    if (value != (https ? 443 : 80)) r.port = std::to_string(value);
    return r;
}

struct Parsed {
    bool https = false;
    std::string authority;
    std::string path;  // starts with '/'
    bool ok = false;
};

// An absolute http(s) URL; query and fragment dropped.
Parsed parseAbsolute(const std::string& url) {
    Parsed p;
    size_t start;
    if (startsWithNoCase(url, "https://")) {
        p.https = true;
        start = 8;
    } else if (startsWithNoCase(url, "http://")) {
        start = 7;
    } else {
        return p;
    }
    size_t end = url.find_first_of("?#", start);
    if (end == std::string::npos) end = url.size();
    const std::string rest = url.substr(start, end - start);
    const size_t slash = rest.find('/');
    p.authority = rest.substr(0, slash);
    p.path = slash == std::string::npos ? "/" : rest.substr(slash);
    p.ok = true;
    return p;
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s.substr(0, 120))
        out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
    return out + (s.size() > 120 ? "...\"" : "\"");
}

}  // namespace

bool isLoopbackHost(const std::string& h) {
    const std::string host = lowered(h);
    if (host == "localhost" || host == "[::1]") return true;
    if (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0) return true;
    // 127.0.0.0/8 in dotted decimal.
    if (host.rfind("127.", 0) != 0) return false;
    int dots = 0;
    for (size_t i = 0; i < host.size(); ++i) {
        if (host[i] == '.') {
            if (i + 1 == host.size() || host[i + 1] == '.') return false;
            ++dots;
        } else if (host[i] < '0' || host[i] > '9') {
            return false;
        }
    }
    return dots == 3;
}

bool ApiBase::insecure() const {
    return ok() && !https && !isLoopbackHost(host);
}

std::string insecureApiWarning(const ApiBase& base) {
    if (!base.insecure()) return "";
    return "Not secure: the API at " + base.origin +
           " is reached over plain http, so the token can be read on the network. Serve it "
           "over https.";
}

ApiBase resolveApiBase(const std::string& base, const std::string& pageUrl) {
    ApiBase r;
    const std::string what = "apiBaseUrl " + quoted(base);
    for (unsigned char c : base)
        if (c <= 0x20 || c == 0x7f || c == '\\') {
            r.error = what + " holds whitespace, a control character or a backslash";
            return r;
        }
    if (base.empty()) {
        r.error = "apiBaseUrl is empty";
        return r;
    }
    Parsed target;
    if (startsWithNoCase(base, "http://") || startsWithNoCase(base, "https://")) {
        target = parseAbsolute(base);
    } else if (base.rfind("//", 0) == 0) {
        r.error = what + " names a host without a scheme: write https://host/path";
        return r;
    } else {
        const size_t colon = base.find(':');
        if (colon != std::string::npos && base.find('/') > colon) {
            r.error = what + " is not an http(s) URL";
            return r;
        }
        const Parsed page = parseAbsolute(pageUrl);
        if (!page.ok) {
            r.error = what + " is relative, and this page's address (" +
                      quoted(pageUrl.substr(0, pageUrl.find_first_of("?#"))) +
                      ") is not an http(s) URL to resolve it against";
            return r;
        }
        target = page;
        if (base[0] == '/') {
            target.path = base;
        } else {
            // Relative to the page's folder: "./api" on /app/index.html is /app/api.
            target.path = page.path.substr(0, page.path.rfind('/') + 1) + base;
        }
        const size_t q = target.path.find_first_of("?#");
        if (q != std::string::npos) target.path.resize(q);
    }
    if (!target.ok) {
        r.error = what + " is not an http(s) URL";
        return r;
    }
    const Authority a = parseAuthority(target.authority, target.https);
    if (!a.error.empty()) {
        r.error = what + " " + a.error;
        return r;
    }
    r.https = target.https;
    r.host = a.host;
    r.origin = std::string(target.https ? "https://" : "http://") + a.host +
               (a.port.empty() ? "" : ":" + a.port);
    r.path = encodedPath(removeDotSegments(target.path));
    while (!r.path.empty() && r.path.back() == '/') r.path.pop_back();
    return r;
}

std::string joinApiUrl(const ApiBase& base, const std::string& pathAndQuery) {
    return base.origin + base.path + pathAndQuery;
}

std::string joinApiUrl(const std::string& resolvedBase, const std::string& pathAndQuery) {
    // Only the base's path part may lose its trailing slashes: never the "//" after a scheme.
    size_t keep = resolvedBase.size();
    const size_t scheme = resolvedBase.find("://");
    const size_t floor = scheme == std::string::npos ? 0 : scheme + 3;
    while (keep > floor && resolvedBase[keep - 1] == '/') --keep;
    std::string path = pathAndQuery;
    if (path.empty() || path[0] != '/') path.insert(0, "/");
    return resolvedBase.substr(0, keep) + path;
}

}  // namespace core
