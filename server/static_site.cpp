// server/static_site.cpp — see static_site.h. Files are small, so each request reads its file
// whole; nothing is cached in memory.
#include "static_site.h"

#include "response_headers.h"
#include "static_path.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <utility>

namespace syncscope::server {

namespace {

namespace fs = std::filesystem;

std::string lower_ascii(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Whether Accept-Encoding admits `coding` (present and not "q=0").
bool accepts_encoding(const std::string& accept_encoding, const std::string& coding) {
    std::stringstream list(accept_encoding);
    std::string item;
    while (std::getline(list, item, ',')) {
        const std::size_t semi = item.find(';');
        std::string name = lower_ascii(item.substr(0, semi));
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (name != coding) continue;
        if (semi == std::string::npos) return true;
        std::string params = lower_ascii(item.substr(semi + 1));
        params.erase(std::remove_if(params.begin(), params.end(),
                                    [](unsigned char c) { return std::isspace(c); }),
                     params.end());
        const std::size_t q = params.find("q=");
        if (q == std::string::npos) return true;
        return std::strtod(params.c_str() + q + 2, nullptr) > 0.0;
    }
    return false;
}

bool read_file(const fs::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

// cpp-httplib 0.11 slices every answer to a Range request itself, but for a content provider
// it neither rejects a start past the end nor clamps an end past it (it would ask for bytes that
// do not exist). Such ranges get a 416 here; RFC 9110 would clamp the end, which 0.11 cannot.
bool ranges_servable(const httplib::Ranges& ranges, std::size_t size) {
    for (const httplib::Range& range : ranges) {
        if (range.first < 0) {  // suffix: the last N bytes
            if (range.second <= 0) return false;
        } else if (static_cast<std::size_t>(range.first) >= size ||
                   (range.second >= 0 && static_cast<std::size_t>(range.second) >= size)) {
            return false;
        }
    }
    return true;
}

void send_text(httplib::Response& res, int status, const char* text) {
    res.status = status;
    res.set_content(text, "text/plain; charset=utf-8");
}

}  // namespace

StaticSite::StaticSite(std::string web_root) : root_(std::move(web_root)) {}

std::string StaticSite::content_type_for(const std::string& file_name) {
    const std::string name = lower_ascii(file_name);
    const std::size_t dot = name.rfind('.');
    const std::string ext = dot == std::string::npos ? std::string() : name.substr(dot + 1);
    if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript";
    if (ext == "wasm") return "application/wasm";
    if (ext == "json" || ext == "map") return "application/json";
    if (ext == "css") return "text/css";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "ttf") return "font/ttf";
    if (ext == "woff2") return "font/woff2";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

// "syncscope.3fa9c2d1.wasm": a '.', eight or more hex digits, another '.'.
bool StaticSite::is_content_hashed(const std::string& file_name) {
    const std::size_t slash = file_name.rfind('/');
    const std::string base = slash == std::string::npos ? file_name : file_name.substr(slash + 1);
    std::size_t pos = base.find('.');
    while (pos != std::string::npos) {
        std::size_t end = pos + 1;
        while (end < base.size() && std::isxdigit(static_cast<unsigned char>(base[end]))) ++end;
        if (end - pos - 1 >= 8 && end < base.size() && base[end] == '.') return true;
        pos = base.find('.', pos + 1);
    }
    return false;
}

std::string StaticSite::cache_control_for(const std::string& file_name) {
    const std::size_t slash = file_name.rfind('/');
    const std::string base = slash == std::string::npos ? file_name : file_name.substr(slash + 1);
    if (base == "index.html" || base == "config.json") return "no-cache";
    if (is_content_hashed(base)) return "public, max-age=31536000, immutable";
    return "no-cache";
}

void StaticSite::handle(const httplib::Request& req, httplib::Response& res) const {
    // static_path.h: only a regular file inside the root (symlinks followed), never a dotfile.
    const ResolvedStaticPath resolved = resolve_static_path(root_, req.path);
    if (resolved.status == StaticPathStatus::BadRequest) {
        send_text(res, 400, "Bad request\n");
        return;
    }
    if (resolved.status != StaticPathStatus::Ok) {
        send_text(res, 404, "Not found\n");
        return;
    }
    const fs::path file = resolved.file;

    // Precompressed siblings (written by the build) win over the original when accepted, under
    // the same containment rules as the original. The body then goes out through a content
    // provider: given a plain body, cpp-httplib 0.11 would compress it again on the fly despite
    // the Content-Encoding already set.
    const std::string accept = req.get_header_value("Accept-Encoding");
    fs::path chosen = file;
    std::string encoding;
    for (const char* coding : {"br", "gzip"}) {
        if (!accepts_encoding(accept, coding)) continue;
        const std::string sibling = resolve_static_file(
            root_, resolved.relative + (std::string(coding) == "br" ? ".br" : ".gz"));
        if (!sibling.empty()) {
            chosen = sibling;
            encoding = coding;
            break;
        }
    }

    auto body = std::make_shared<std::string>();
    if (!read_file(chosen, *body)) {
        send_text(res, 404, "Not found\n");
        return;
    }
    // The name asked for, not the file a symlink led to: its type and cache policy are the URL's.
    const std::string name = fs::path(resolved.relative).filename().string();
    // Success status left unset: cpp-httplib then answers 206 to a Range request (it slices the
    // body either way, and would call the slice a 200 if we had said so).
    res.set_header("Cache-Control", cache_control_for(name));
    add_vary(res, "Accept-Encoding");
    if (!encoding.empty()) res.set_header("Content-Encoding", encoding);
    const std::string type = content_type_for(name);
    if (!ranges_servable(req.ranges, body->size())) {
        res.headers.erase("Vary");
        res.headers.erase("Content-Encoding");
        // No Content-Range of ours: cpp-httplib adds one to every answer to a Range request.
        send_text(res, 416, "Range not satisfiable\n");
        return;
    }
    if (body->empty()) {
        res.set_content("", type.c_str());
        return;
    }
    res.set_content_provider(
        body->size(), type.c_str(),
        [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            // Returning true without writing would make cpp-httplib call again forever.
            if (offset >= body->size() || length == 0) return false;
            length = std::min(length, body->size() - offset);
            return sink.write(body->data() + offset, length);
        });
}

}  // namespace syncscope::server
