// api/answers.cpp — see answers.h.
#include "api/answers.h"

#include <cctype>
#include <cstdint>

#include "api/json_read.h"
#include "core/api_url.h"
#include "core/time.h"

namespace api {

std::string authorizationValue(const core::Credentials& c) {
    return c.scheme == core::AuthScheme::Bearer ? "Bearer " + c.token : c.token;
}

HttpRequest authorizedGet(const std::string& baseUrl, const std::string& pathAndQuery,
                          const core::Credentials& creds, const char* accept) {
    HttpRequest r;
    r.method = "GET";
    r.url = core::joinApiUrl(baseUrl, pathAndQuery);  // never "//services" (core/api_url.h)
    r.headers = {{"Authorization", authorizationValue(creds)}, {"Accept", accept}};
    return r;
}

core::TimeMs serverTimeOf(const HttpResponse& res) {
    return core::parseHttpDate(res.header("date")).value_or(0);
}

namespace {

// A web page where JSON was expected: the address is a site's, not the API's (a wrong apiBaseUrl,
// a host that answers every path with its index.html).
bool looksLikeHtml(const HttpResponse& res) {
    if (toLower(res.header("content-type")).find("html") != std::string::npos) return true;
    size_t i = res.body.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // a BOM
    while (i < res.body.size() && std::isspace(static_cast<unsigned char>(res.body[i]))) ++i;
    return i < res.body.size() && res.body[i] == '<';
}

}  // namespace

core::ApiError badResponse(const HttpResponse& res, const char* what, const std::string& detail) {
    core::ApiError e;
    e.kind = core::ErrorKind::BadResponse;
    e.status = res.status;
    e.message =
        std::string(what) + " could not be read (" +
        (looksLikeHtml(res) ? std::string("an HTML page where JSON was expected") : detail) + ")";
    return e;
}

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The value of parameter `name` (case-insensitive) in a header's `; name=value` list, quotes
// and backslash escapes removed; found=false when absent.
std::string parameter(const std::string& h, const std::string& name, bool& found) {
    found = false;
    size_t i = 0;
    while (i < h.size()) {
        size_t semi = h.find(';', i);
        if (semi == std::string::npos) break;
        i = semi + 1;
        while (i < h.size() && (h[i] == ' ' || h[i] == '\t')) ++i;
        const size_t eq = h.find('=', i);
        if (eq == std::string::npos) break;
        std::string key = toLower(h.substr(i, eq - i));
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
        size_t v = eq + 1;
        while (v < h.size() && (h[v] == ' ' || h[v] == '\t')) ++v;
        std::string value;
        if (v < h.size() && h[v] == '"') {
            ++v;
            while (v < h.size() && h[v] != '"') {
                if (h[v] == '\\' && v + 1 < h.size()) ++v;
                value += h[v++];
            }
            i = v + 1;
        } else {
            const size_t end = h.find(';', v);
            value = h.substr(v, end == std::string::npos ? std::string::npos : end - v);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                value.pop_back();
            i = end == std::string::npos ? h.size() : end;
        }
        if (key == name) {
            found = true;
            return value;
        }
    }
    return {};
}

std::string percentDecode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hexValue(s[i + 1]), lo = hexValue(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

// A control character of UTF-8 `s` at i: C0, DEL, C1 (U+0080–009F) and the bidi controls
// (U+061C, U+200E, U+200F, U+202A–202E, U+2066–2069), which reorder how a name is shown
// ("invoice<U+202E>fdp.exe" reads as "invoiceexe.pdf"). Its length in bytes, else 0.
size_t controlAt(const std::string& s, size_t i) {
    const auto b = [&](size_t k) {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
    };
    if (b(0) < 0x20 || b(0) == 0x7f) return 1;
    if (b(0) == 0xC2 && b(1) >= 0x80 && b(1) <= 0x9F) return 2;
    if (b(0) == 0xD8 && b(1) == 0x9C) return 2;
    if (b(0) == 0xE2 && b(1) == 0x80 &&
        (b(2) == 0x8E || b(2) == 0x8F || (b(2) >= 0xAA && b(2) <= 0xAE)))
        return 3;
    if (b(0) == 0xE2 && b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9) return 3;
    return 0;
}

std::string safeBaseName(std::string name) {
    const size_t slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name = name.substr(slash + 1);
    // Valid UTF-8 (a bad byte, percent-encoded or sent raw as Latin-1, reads as U+FFFD), without
    // control characters.
    std::string utf8;
    if (replaceInvalidUtf8(name, utf8)) name.swap(utf8);
    std::string out;
    for (size_t i = 0; i < name.size();) {
        if (const size_t n = controlAt(name, i)) {
            i += n;
            continue;
        }
        out += name[i++];
    }
    while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.size() > 200) {
        size_t n = 200;
        while (n > 0 && (static_cast<unsigned char>(out[n]) & 0xC0) == 0x80) --n;
        out.resize(n);
        while (!out.empty() && out.back() == ' ') out.pop_back();
    }
    return out;
}

}  // namespace

std::string fileNameFromContentDisposition(const std::string& header) {
    bool found = false;
    std::string ext = parameter(header, "filename*", found);
    if (found) {
        // RFC 5987: charset'language'percent-encoded
        const size_t q1 = ext.find('\'');
        const size_t q2 = q1 == std::string::npos ? q1 : ext.find('\'', q1 + 1);
        if (q2 != std::string::npos) {
            std::string name = safeBaseName(percentDecode(ext.substr(q2 + 1)));
            if (!name.empty()) return name;
        }
    }
    return safeBaseName(parameter(header, "filename", found));
}

HttpRequest payloadPreviewGet(const std::string& baseUrl, const std::string& pathAndQuery,
                              const core::Credentials& creds) {
    HttpRequest r = authorizedGet(baseUrl, pathAndQuery, creds, "*/*");
    r.headers.emplace_back("Range", "bytes=0-" + std::to_string(core::kPayloadPreviewBytes - 1));
    return r;
}

core::HttpGet payloadWholeGet(const std::string& baseUrl, const std::string& pathAndQuery,
                              const core::Credentials& creds) {
    HttpRequest r = authorizedGet(baseUrl, pathAndQuery, creds, "*/*");
    return core::HttpGet{std::move(r.url), std::move(r.headers)};
}

namespace {

// The complete length of a Content-Range ("bytes 0-99/1234" or "bytes */1234"), or -1.
int64_t completeLength(const std::string& contentRange) {
    const size_t slash = contentRange.rfind('/');
    if (contentRange.rfind("bytes ", 0) != 0 || slash == std::string::npos) return -1;
    int64_t n = 0;
    size_t i = slash + 1;
    if (i >= contentRange.size()) return -1;
    for (; i < contentRange.size(); ++i) {
        const char c = contentRange[i];
        if (c < '0' || c > '9' || n > (INT64_MAX - 9) / 10) return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

}  // namespace

core::Answer<core::PayloadFile> payloadAnswer(HttpResponse res, int64_t payloadId) {
    const int64_t total = completeLength(res.header("content-range"));
    const bool empty = res.status == 416 && total == 0;  // Range asked of an empty file
    core::Answer<core::PayloadFile> a = answerHead<core::PayloadFile>(res);
    if (empty) a.error = {};
    if (a.error) return a;
    core::PayloadFile& f = a.value;
    f.id = payloadId;
    f.contentType = res.header("content-type");
    f.fileName = fileNameFromContentDisposition(res.header("content-disposition"));
    if (f.fileName.empty()) f.fileName = "payload-" + std::to_string(payloadId);
    if (empty) return a;
    f.totalBytes = res.status == 206 && total >= 0 ? total : static_cast<int64_t>(res.body.size());
    f.bytes = std::move(res.body);
    if (f.bytes.size() > static_cast<size_t>(core::kPayloadPreviewBytes)) {
        f.bytes.resize(static_cast<size_t>(core::kPayloadPreviewBytes));  // Range ignored
        f.bytes.shrink_to_fit();
    }
    if (f.totalBytes < static_cast<int64_t>(f.bytes.size()))
        f.totalBytes = static_cast<int64_t>(f.bytes.size());
    return a;
}

}  // namespace api
