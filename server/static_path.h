// server/static_path.h — which file of the web root a URL path names, if any. Pure of HTTP (no
// cpp-httplib), so that the unit tests and the libFuzzer target (tests/fuzz/static_path_fuzz.cpp)
// run it as the server does.
//
// Two steps, both required:
//   1. Lexical, on the path as cpp-httplib decoded it ("%2F" is already "/", "%2e" "."): only
//      ordinary segments pass. A NUL, a control character, a backslash or a leftover '%' (a
//      second layer of encoding) is a 400; so is an empty segment (a double slash: "//etc/passwd"
//      would otherwise join onto the root as an absolute path), "." and "..". A segment starting
//      with '.' (".git", ".env") is a 404: dotfiles are never served. "/" and "dir/" mean
//      index.html.
//   2. The file system: the root and the file are resolved with every symlink followed
//      (canonical), and the file must then lie inside the root, have no dot segment below it, and
//      be a regular file. A symlink leading out of the root, or to a dotfile, is a 404.
// The precompressed siblings (.br, .gz) go through the same two steps.
#pragma once

#include <string>

namespace syncscope::server {

enum class StaticPathStatus { Ok, BadRequest, NotFound };

// Step 1. On Ok, `relative` is the path below the root: ordinary segments joined by '/', never
// empty, never starting with '/'.
StaticPathStatus static_relative_path(const std::string& url_path, std::string& relative);

struct ResolvedStaticPath {
    StaticPathStatus status = StaticPathStatus::NotFound;
    std::string relative;  // as step 1 gave it (also when step 2 refused it)
    std::string file;      // Ok only: the canonical path of a regular file inside the root
};

// Steps 1 and 2: `root` is the web root as given (relative or absolute, may be a symlink).
ResolvedStaticPath resolve_static_path(const std::string& root, const std::string& url_path);

// Step 2 alone for a relative path that passed step 1 (plus a suffix such as ".br"): the
// canonical file, or "" when it does not exist or is refused.
std::string resolve_static_file(const std::string& root, const std::string& relative);

}  // namespace syncscope::server
