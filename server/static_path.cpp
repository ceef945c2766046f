// server/static_path.cpp — see static_path.h. Built into the server and, with the core's flags
// (no exceptions), into the unit tests and the fuzz target: only the error_code overloads of
// std::filesystem are used.
#include "static_path.h"

#include <filesystem>
#include <system_error>

namespace syncscope::server {

namespace {

namespace fs = std::filesystem;

// Characters never allowed anywhere in a decoded path. '%' cannot survive one decoding in a name
// we serve (make_site.py writes none), so it can only be a second layer of encoding ("%252e").
bool forbidden_char(unsigned char c) {
    return c < 0x20 || c == 0x7f || c == '\\' || c == '%';
}

// Every '/'-separated segment of `rest` is non-empty and does not start with '.'.
bool ordinary_below_root(const std::string& rest) {
    if (rest.empty()) return false;
    std::size_t start = 0;
    while (start <= rest.size()) {
        std::size_t slash = rest.find('/', start);
        if (slash == std::string::npos) slash = rest.size();
        if (slash == start || rest[start] == '.') return false;
        start = slash + 1;
    }
    return true;
}

}  // namespace

StaticPathStatus static_relative_path(const std::string& url_path, std::string& relative) {
    relative.clear();
    if (url_path.empty() || url_path[0] != '/') return StaticPathStatus::BadRequest;
    for (unsigned char c : url_path) {
        if (forbidden_char(c)) return StaticPathStatus::BadRequest;
    }
    bool dotfile = false;
    std::size_t start = 1;
    while (start < url_path.size()) {
        std::size_t slash = url_path.find('/', start);
        const bool last = slash == std::string::npos;
        if (last) slash = url_path.size();
        const std::size_t length = slash - start;
        if (length == 0) return StaticPathStatus::BadRequest;  // "//": an empty segment
        if (url_path.compare(start, length, ".") == 0 ||
            url_path.compare(start, length, "..") == 0) {
            return StaticPathStatus::BadRequest;
        }
        if (url_path[start] == '.') dotfile = true;  // still checked to the end for a 400
        start = slash + 1;
    }
    if (dotfile) return StaticPathStatus::NotFound;
    relative = url_path.substr(1);
    if (relative.empty() || relative.back() == '/') relative += "index.html";
    return StaticPathStatus::Ok;
}

std::string resolve_static_file(const std::string& root, const std::string& relative) {
    if (!ordinary_below_root(relative)) return {};
    for (unsigned char c : relative) {
        if (forbidden_char(c)) return {};
    }
    std::error_code ec;
    const fs::path root_canonical = fs::canonical(fs::path(root), ec);
    if (ec) return {};
    const fs::path file = fs::canonical(root_canonical / fs::path(relative), ec);
    if (ec) return {};
    // Inside the root once every symlink is followed, with no dot segment below it.
    const std::string& root_text = root_canonical.native();
    const std::string prefix = root_text == "/" ? root_text : root_text + "/";
    const std::string& file_text = file.native();
    if (file_text.size() <= prefix.size() || file_text.compare(0, prefix.size(), prefix) != 0) {
        return {};
    }
    if (!ordinary_below_root(file_text.substr(prefix.size()))) return {};
    if (!fs::is_regular_file(fs::status(file, ec)) || ec) return {};
    return file_text;
}

ResolvedStaticPath resolve_static_path(const std::string& root, const std::string& url_path) {
    ResolvedStaticPath result;
    result.status = static_relative_path(url_path, result.relative);
    if (result.status != StaticPathStatus::Ok) return result;
    result.file = resolve_static_file(root, result.relative);
    if (result.file.empty()) result.status = StaticPathStatus::NotFound;
    return result;
}

}  // namespace syncscope::server
