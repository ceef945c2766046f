// tests/fuzz/static_path_fuzz.cpp — the demo server's static-file path resolution
// (server/static_path.h) on any decoded URL path, against a web root full of traps: symlinks
// leading out (files, a folder, precompressed siblings), symlinks to dotfiles, a loop. The
// invariant: a path that resolves names a regular file inside the root, with no dot segment below
// it — checked independently of the code under test by the file's content: every file a request
// may get says "ok", everything else (outside the root, dotfiles, /etc/passwd) does not.
#include "fuzz_common.h"
#include "static_path.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string g_base;  // removed at exit
std::string g_root;

void remove_tree() {
    std::error_code ec;
    if (!g_base.empty()) fs::remove_all(g_base, ec);
}

void write(const fs::path& path, const char* text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void check_resolved(const std::string& file) {
    if (file.empty()) return;
    FUZZ_CHECK(read(file) == "ok");
    const fs::path below = fs::path(file).lexically_relative(fs::path(g_root));
    FUZZ_CHECK(!below.empty());
    for (const fs::path& part : below) FUZZ_CHECK(!part.empty() && part.native()[0] != '.');
}

void check(const std::string& url_path) {
    std::string relative;
    const auto status = syncscope::server::static_relative_path(url_path, relative);
    if (status == syncscope::server::StaticPathStatus::Ok) {
        FUZZ_CHECK(!relative.empty() && relative[0] != '/');
        FUZZ_CHECK(relative.find("//") == std::string::npos);
        for (unsigned char c : relative)
            FUZZ_CHECK(c >= 0x20 && c != 0x7f && c != '\\' && c != '%');
    } else {
        FUZZ_CHECK(relative.empty());
    }
    const auto resolved = syncscope::server::resolve_static_path(g_root, url_path);
    FUZZ_CHECK((resolved.status == syncscope::server::StaticPathStatus::Ok) ==
               !resolved.file.empty());
    check_resolved(resolved.file);
    if (resolved.status == syncscope::server::StaticPathStatus::Ok) {
        for (const char* suffix : {".br", ".gz"}) {
            check_resolved(
                syncscope::server::resolve_static_file(g_root, resolved.relative + suffix));
        }
    }
    // Step 2 alone, on the raw input as a relative path.
    check_resolved(syncscope::server::resolve_static_file(g_root, url_path));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    char pattern[] = "/tmp/syncscope-fuzz-static-path-XXXXXX";
    if (!mkdtemp(pattern)) std::abort();
    const fs::path base = fs::canonical(pattern);
    g_base = base.string();
    std::atexit(remove_tree);
    const fs::path root = base / "root";
    fs::create_directories(root / "fonts");
    fs::create_directories(root / ".git");
    fs::create_directories(root / "sub" / "deeper");
    fs::create_directories(base / "outside");
    for (const char* name : {"index.html", "a.txt", "a.txt.br", "fonts/f.ttf", "fonts/index.html",
                             "sub/deeper/index.html", "sub/x.js", "sub/x.js.gz"}) {
        write(root / name, "ok");
    }
    for (const char* name :
         {".env", ".git/config", ".git/index.html", "sub/.hidden", ".htaccess"}) {
        write(root / name, "SECRET");
    }
    write(base / "secret", "SECRET");
    write(base / "outside" / "index.html", "SECRET");
    write(base / "outside" / "a.txt", "SECRET");
    fs::create_symlink("../outside/a.txt", root / "a.txt.gz");
    fs::create_symlink(base / "secret", root / "sub" / "x.js.br");
    fs::create_symlink("../outside", root / "out");
    fs::create_symlink("../secret", root / "secret");
    fs::create_symlink(".env", root / "env");
    fs::create_symlink(".git", root / "git");
    fs::create_symlink("fonts", root / "in");
    fs::create_symlink("loop", root / "loop");
    fs::create_symlink("/etc", root / "etc");
    fs::create_symlink("../../secret", root / "sub" / "up");
    g_root = root.string();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fuzz::input(data, size);
    check(text);
    check("/" + text);
    return 0;
}
