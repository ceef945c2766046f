// tests/unit/server_static_path_test.cpp — the demo server's static-file path resolution
// (server/static_path.h) and its Host check (server/host_check.h), issue 13 item 1: only regular
// files under the web root however the path is spelled, never a dotfile, never through a symlink
// leading out; and only the server's own names in the Host header.
#include <gtest/gtest.h>

#include "host_check.h"
#include "static_path.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using syncscope::server::host_form_of_address;
using syncscope::server::host_header_host;
using syncscope::server::HostCheck;
using syncscope::server::resolve_static_file;
using syncscope::server::resolve_static_path;
using syncscope::server::static_relative_path;
using syncscope::server::StaticPathStatus;

StaticPathStatus lexical(const std::string& url_path, std::string* relative_out = nullptr) {
    std::string relative;
    const StaticPathStatus status = static_relative_path(url_path, relative);
    if (relative_out) *relative_out = relative;
    return status;
}

TEST(StaticPathLexical, OrdinaryPathsAndIndex) {
    std::string relative;
    EXPECT_EQ(lexical("/", &relative), StaticPathStatus::Ok);
    EXPECT_EQ(relative, "index.html");
    EXPECT_EQ(lexical("/index.html", &relative), StaticPathStatus::Ok);
    EXPECT_EQ(relative, "index.html");
    EXPECT_EQ(lexical("/fonts/Inter.1234abcd.ttf", &relative), StaticPathStatus::Ok);
    EXPECT_EQ(relative, "fonts/Inter.1234abcd.ttf");
    EXPECT_EQ(lexical("/fonts/", &relative), StaticPathStatus::Ok);
    EXPECT_EQ(relative, "fonts/index.html");
    EXPECT_EQ(lexical("/a..b/c.d", &relative), StaticPathStatus::Ok);  // dots inside names are fine
    EXPECT_EQ(relative, "a..b/c.d");
}

TEST(StaticPathLexical, EveryWayOutIsABadRequest) {
    // As cpp-httplib hands them over, already percent-decoded once: "%2F" is "/", "%2e" ".".
    for (const char* path : {"",
                             "etc/passwd",
                             "//etc/passwd",
                             "///etc/passwd",
                             "/a//b",
                             "/..",
                             "/../etc/passwd",
                             "/fonts/../../etc/passwd",
                             "/.",
                             "/./index.html",
                             "/fonts/./x",
                             "/fonts/..",
                             "/..\\etc\\passwd",
                             "/a\\b",
                             "/%2e%2e/etc/passwd",
                             "/%252e",
                             "/%00",
                             "/a\tb",
                             "/a\rb",
                             "/a\x7f"}) {
        EXPECT_EQ(lexical(path), StaticPathStatus::BadRequest) << path;
    }
    EXPECT_EQ(lexical(std::string("/index.html\0.png", 16)), StaticPathStatus::BadRequest);
    EXPECT_EQ(lexical(std::string("/\0", 2)), StaticPathStatus::BadRequest);
}

TEST(StaticPathLexical, DotfilesAreNotFound) {
    for (const char* path :
         {"/.env", "/.git/config", "/fonts/.hidden", "/.well-known/x", "/...", "/..a", "/a/.b/c"}) {
        std::string relative = "unchanged";
        EXPECT_EQ(lexical(path, &relative), StaticPathStatus::NotFound) << path;
        EXPECT_EQ(relative, "") << path;
    }
    // A "." or ".." anywhere still makes it a 400, even after a dotfile segment.
    EXPECT_EQ(lexical("/.git/../x"), StaticPathStatus::BadRequest);
}

// A web root with traps: a symlink out of it, a symlink to a dotfile, a directory symlink out,
// precompressed siblings that lead out, and a symlink that stays inside (allowed).
class StaticPathFiles : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/syncscope-static-path-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        base_ = pattern;
        root_ = base_ / "root";
        fs::create_directories(root_ / "fonts");
        fs::create_directories(root_ / ".git");
        fs::create_directories(base_ / "outside");
        write(root_ / "index.html", "index");
        write(root_ / "fonts" / "a.ttf", "font");
        write(root_ / "fonts" / "index.html", "fonts index");
        write(root_ / ".env", "secret");
        write(root_ / ".git" / "config", "secret");
        write(root_ / "plain.txt", "plain");
        write(root_ / "inside.txt.gz", "gz inside");
        write(root_ / "inside.txt", "inside");
        write(base_ / "secret.txt", "secret");
        write(base_ / "outside" / "index.html", "secret");
        fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
        fs::create_symlink("../outside", root_ / "leakdir");
        fs::create_symlink(".env", root_ / "env.txt");
        fs::create_symlink("fonts/a.ttf", root_ / "alias.ttf");
        fs::create_symlink(base_ / "secret.txt", root_ / "plain.txt.br");
        fs::create_symlink(base_ / "secret.txt", root_ / "plain.txt.gz");
        fs::create_symlink("loop", root_ / "loop");
        // The root itself reached through a symlink (build/web may be one).
        fs::create_symlink(root_, base_ / "root-link");
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(base_, ec);
    }
    static void write(const fs::path& path, const std::string& text) {
        std::ofstream(path, std::ios::binary) << text;
    }
    std::string canonical(const fs::path& path) const { return fs::canonical(path).string(); }

    fs::path base_;
    fs::path root_;
};

TEST_F(StaticPathFiles, ServesRegularFilesInsideTheRoot) {
    for (const std::string& root : {root_.string(), (base_ / "root-link").string()}) {
        auto r = resolve_static_path(root, "/");
        EXPECT_EQ(r.status, StaticPathStatus::Ok);
        EXPECT_EQ(r.file, canonical(root_ / "index.html"));
        r = resolve_static_path(root, "/fonts/a.ttf");
        EXPECT_EQ(r.status, StaticPathStatus::Ok);
        EXPECT_EQ(r.file, canonical(root_ / "fonts" / "a.ttf"));
        r = resolve_static_path(root, "/fonts/");
        EXPECT_EQ(r.file, canonical(root_ / "fonts" / "index.html"));
        // A symlink that stays inside the root is followed.
        r = resolve_static_path(root, "/alias.ttf");
        EXPECT_EQ(r.status, StaticPathStatus::Ok);
        EXPECT_EQ(r.file, canonical(root_ / "fonts" / "a.ttf"));
        EXPECT_EQ(r.relative, "alias.ttf");
        EXPECT_EQ(resolve_static_file(root, "inside.txt.gz"), canonical(root_ / "inside.txt.gz"));
    }
}

TEST_F(StaticPathFiles, RefusesEverythingElse) {
    const std::string root = root_.string();
    for (const char* path : {"/leak.txt", "/leakdir/", "/leakdir/index.html", "/env.txt", "/loop",
                             "/fonts", "/missing", "/fonts/missing.ttf"}) {
        EXPECT_EQ(resolve_static_path(root, path).status, StaticPathStatus::NotFound) << path;
        EXPECT_EQ(resolve_static_path(root, path).file, "") << path;
    }
    EXPECT_EQ(resolve_static_path(root, "//etc/passwd").status, StaticPathStatus::BadRequest);
    EXPECT_EQ(resolve_static_path(root, "/../secret.txt").status, StaticPathStatus::BadRequest);
    EXPECT_EQ(resolve_static_path(root, "/.env").status, StaticPathStatus::NotFound);
    // The precompressed siblings: the same containment.
    EXPECT_EQ(resolve_static_path(root, "/plain.txt").status, StaticPathStatus::Ok);
    EXPECT_EQ(resolve_static_file(root, "plain.txt.br"), "");
    EXPECT_EQ(resolve_static_file(root, "plain.txt.gz"), "");
    // Step 2 alone refuses what step 1 would have.
    for (const char* relative : {"", "/etc/passwd", "../secret.txt", "fonts//a.ttf", ".env",
                                 "fonts/../index.html", "a\\b"}) {
        EXPECT_EQ(resolve_static_file(root, relative), "") << relative;
    }
    // A root that does not exist serves nothing.
    EXPECT_EQ(resolve_static_path((base_ / "nowhere").string(), "/").status,
              StaticPathStatus::NotFound);
}

TEST(HostCheck, HostPartOfTheHeader) {
    EXPECT_EQ(host_header_host("127.0.0.1:8080"), "127.0.0.1");
    EXPECT_EQ(host_header_host("LocalHost"), "localhost");
    EXPECT_EQ(host_header_host("[::1]:80"), "[::1]");
    EXPECT_EQ(host_header_host("[::1]"), "[::1]");
    EXPECT_EQ(host_header_host("example.com:443"), "example.com");
    for (const char* bad : {"", ":8080", "::1", "[::1", "[]:80", "localhost:http", "local host",
                            "localhost:8080:1", "a/b", "localhost:", "[::1]x", "l@calhost"}) {
        EXPECT_EQ(host_header_host(bad), "") << bad;
    }
}

TEST(HostCheck, AddressesInHostForm) {
    EXPECT_EQ(host_form_of_address("127.0.0.1"), "127.0.0.1");
    EXPECT_EQ(host_form_of_address("::1"), "[::1]");
    EXPECT_EQ(host_form_of_address("[::1]"), "[::1]");
    EXPECT_EQ(host_form_of_address("::ffff:192.168.1.5"), "192.168.1.5");
    EXPECT_EQ(host_form_of_address("FE80::1"), "[fe80::1]");
}

TEST(HostCheck, OnlyTheServersOwnNames) {
    const HostCheck loopback("127.0.0.1", {});
    for (const char* ok : {"127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080"}) {
        EXPECT_TRUE(loopback.allows(ok, "127.0.0.1")) << ok;
    }
    for (const char* bad : {"evil.example", "evil.example:8080", "127.0.0.1.evil.example",
                            "localhost.evil.example", "0.0.0.0:8080", "[::2]", "", "127.0.0.2"}) {
        EXPECT_FALSE(loopback.allows(bad, "127.0.0.1")) << bad;
    }
    // --host and --host-name.
    const HostCheck named("192.168.1.5", {"syncscope.internal"});
    EXPECT_TRUE(named.allows("192.168.1.5:8080", "192.168.1.5"));
    EXPECT_TRUE(named.allows("SyncScope.Internal:8080", "192.168.1.5"));
    EXPECT_FALSE(named.allows("evil.syncscope.internal", "192.168.1.5"));
    // Bound to a wildcard: the address the connection arrived on, as a literal, and not the
    // wildcard itself.
    const HostCheck any("0.0.0.0", {});
    EXPECT_TRUE(any.allows("10.0.0.7:8080", "10.0.0.7"));
    EXPECT_TRUE(any.allows("10.0.0.7", "::ffff:10.0.0.7"));
    EXPECT_FALSE(any.allows("10.0.0.8:8080", "10.0.0.7"));
    EXPECT_FALSE(any.allows("0.0.0.0:8080", "0.0.0.0"));
    EXPECT_FALSE(any.allows("evil.example", "10.0.0.7"));
    const HostCheck v6("::1", {});
    EXPECT_TRUE(v6.allows("[::1]:9000", "::1"));
}

}  // namespace
