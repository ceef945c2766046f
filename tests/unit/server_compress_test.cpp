// tests/unit/server_compress_test.cpp — the demo server's own gzip for API answers
// (server/compression.*), seen from a client: gzip exactly when Accept-Encoding admits it, a body
// that decodes to the very bytes of the plain answer (compressed once, not twice), and the things
// around it that must keep working — Vary, Content-Length, HEAD, ETag/304, Range, the access log's
// byte count and --drop-rate.
//
// The server's HTTP layer is cpp-httplib, which this test binary does not link, so the test runs
// the real syncscope-server (next to this binary, else build/native's: the native-asan preset
// builds only the unit tests; SYNCSCOPE_SERVER overrides) on a free loopback port and talks
// HTTP/1.1 to it over a socket. Bodies are decoded with gzip(1), independently of the server.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool executable(const std::string& path) {
    return ::access(path.c_str(), X_OK) == 0;
}

std::string server_binary() {
    if (const char* env = std::getenv("SYNCSCOPE_SERVER")) return env;
    char self[4096];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return "syncscope-server";
    std::string dir(self, static_cast<std::size_t>(n));
    dir = dir.substr(0, dir.rfind('/'));
    if (executable(dir + "/syncscope-server")) return dir + "/syncscope-server";
    return dir + "/../native/syncscope-server";
}

// One answer, read until the server closed the connection (every request says Connection: close).
struct Answer {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;

    bool has(const std::string& name) const { return headers.count(name) > 0; }
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
    bool varies_on_accept_encoding() const {
        return lower(header("vary")).find("accept-encoding") != std::string::npos;
    }
};

// A syncscope-server child process on a free loopback port; stopped (SIGTERM) when destroyed.
// Its stderr — the access log — goes to a temporary file.
class ServerProcess {
public:
    explicit ServerProcess(const std::vector<std::string>& options) {
        const std::string binary = server_binary();
        if (!executable(binary)) {
            error_ = binary + " is missing: build it first (cmake --build build/native)";
            return;
        }
        char log_template[] = "/tmp/syncscope-compress-test-XXXXXX";
        const int log_fd = ::mkstemp(log_template);
        int out[2];
        if (log_fd < 0 || ::pipe(out) != 0) {
            error_ = "cannot create the log file or pipe";
            return;
        }
        log_path_ = log_template;
        std::vector<std::string> args = {
            binary, "--host", "127.0.0.1", "--port", "0", "--web-root", "/nonexistent-web-root"};
        args.insert(args.end(), options.begin(), options.end());
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(&a[0]);
        argv.push_back(nullptr);
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(out[1], 1);
            ::dup2(log_fd, 2);
            ::close(out[0]);
            ::execv(binary.c_str(), argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        ::close(log_fd);
        if (pid_ < 0) {
            error_ = "fork failed";
            ::close(out[0]);
            return;
        }
        // The one stdout line, printed once the socket is bound: "SyncScope demo: http://h:p/#…".
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (line.find('\n') == std::string::npos &&
               std::chrono::steady_clock::now() < deadline) {
            pollfd p{out[0], POLLIN, 0};
            if (::poll(&p, 1, 200) <= 0) continue;
            char buf[256];
            const ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n <= 0) break;
            line.append(buf, static_cast<std::size_t>(n));
        }
        ::close(out[0]);
        const std::size_t colon = line.find(':', line.find("//"));
        if (colon != std::string::npos) port_ = std::atoi(line.c_str() + colon + 1);
        if (port_ <= 0) error_ = "the server printed no link; stderr:\n" + log();
    }

    ~ServerProcess() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
        if (!log_path_.empty()) ::unlink(log_path_.c_str());
    }

    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    const std::string& error() const { return error_; }
    std::string log() const {
        return log_path_.empty() ? std::string() : read_whole_file(log_path_);
    }

    // Waits (up to 5 s) for an access log line containing `text`; the line, or "" if none came.
    std::string wait_for_log_line(const std::string& text) const {
        for (int i = 0; i < 100; ++i) {
            std::istringstream lines(log());
            std::string line;
            while (std::getline(lines, line)) {
                if (line.find(text) != std::string::npos) return line;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return std::string();
    }

    // Sends the demo token unless `headers` hold an Authorization of their own.
    Answer request(const std::string& method, const std::string& target,
                   const Headers& headers = {}) const {
        Answer answer;
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) return answer;
        timeval timeout{30, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port_));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        std::string raw;
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
            std::string text =
                method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
            bool authorization = false;
            for (const auto& [name, value] : headers)
                authorization |= lower(name) == "authorization";
            if (!authorization) text += "Authorization: Bearer syncscope-demo-token\r\n";
            for (const auto& [name, value] : headers) text += name + ": " + value + "\r\n";
            text += "\r\n";
            if (::send(fd, text.data(), text.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(text.size())) {
                char buf[65536];
                ssize_t n = 0;
                while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) {
                    raw.append(buf, static_cast<std::size_t>(n));
                }
            }
        }
        ::close(fd);

        const std::size_t end = raw.find("\r\n\r\n");
        if (end == std::string::npos) return answer;
        std::istringstream head(raw.substr(0, end));
        std::string line;
        std::getline(head, line);
        if (line.size() > 12) answer.status = std::atoi(line.c_str() + 9);  // "HTTP/1.1 200 OK"
        while (std::getline(head, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const std::size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            std::string& slot = answer.headers[lower(line.substr(0, colon))];
            slot = slot.empty() ? value : slot + ", " + value;
        }
        answer.body = raw.substr(end + 4);
        return answer;
    }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::string log_path_;
    std::string error_;
};

// `data` decoded by gzip(1); false when it is not a complete, valid gzip stream.
bool gunzip(const std::string& data, std::string& out) {
    char path[] = "/tmp/syncscope-compress-test-gz-XXXXXX";
    const int fd = ::mkstemp(path);
    if (fd < 0) return false;
    const bool written = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
    ::close(fd);
    out.clear();
    FILE* pipe = written
                     ? ::popen(("gzip -dc < " + std::string(path) + " 2>/dev/null").c_str(), "r")
                     : nullptr;
    int status = -1;
    if (pipe) {
        char buf[65536];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
        status = ::pclose(pipe);
    }
    ::unlink(path);
    return status == 0;
}

bool is_gzip(const std::string& body) {
    return body.size() >= 18 && static_cast<unsigned char>(body[0]) == 0x1f &&
           static_cast<unsigned char>(body[1]) == 0x8b;
}

nlohmann::json parse(const std::string& text) {
    return nlohmann::json::parse(text, nullptr, false);
}

std::int64_t id_of(const nlohmann::json& item) {
    const auto id = item.find("id");
    return id != item.end() && id->is_number_integer() ? id->get<std::int64_t>() : -1;
}

class ServerCompression : public ::testing::Test {
protected:
    // One server for the suite: 2 services and a finished 20,000-line "benchmark" sync, whose
    // 5,000-line pages (~1 MB of JSON) never change.
    static void SetUpTestSuite() {
        server_ = new ServerProcess(
            {"--services", "2", "--big-sync-lines", "20000", "--rate-limit", "0"});
        if (server_->port() <= 0) return;
        const nlohmann::json services = parse(server_->request("GET", "/api/v1/services").body);
        if (!services.is_object() || !services.contains("data")) return;
        for (const auto& service : services["data"]) {
            const std::string syncs_path =
                "/api/v1/services/" + std::to_string(id_of(service)) + "/syncs?per_page=100";
            const nlohmann::json syncs = parse(server_->request("GET", syncs_path).body);
            if (!syncs.is_object() || !syncs.contains("data")) continue;
            for (const auto& sync : syncs["data"]) {
                const auto summary = sync.find("summary");
                if (summary != sync.end() && summary->is_string() &&
                    summary->get<std::string>().find("benchmark") != std::string::npos) {
                    sync_path_ = syncs_path;
                    page_ = "/api/v1/syncs/" + std::to_string(id_of(sync)) +
                            "/logs?after_id=0&limit=5000";
                    return;
                }
            }
        }
    }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    void SetUp() override {
        ASSERT_GT(server_->port(), 0) << server_->error();
        ASSERT_FALSE(page_.empty()) << "no benchmark sync found";
    }

    // The plain answer to `target`, checked to be plain.
    static Answer plain(const std::string& target) {
        Answer a = server_->request("GET", target, {{"Accept-Encoding", "identity"}});
        EXPECT_EQ(a.status, 200) << target;
        EXPECT_FALSE(a.has("content-encoding")) << target;
        return a;
    }

    static ServerProcess* server_;
    static std::string page_;       // GET: a 5,000-line log page
    static std::string sync_path_;  // GET: a syncs list of 100 syncs
};

ServerProcess* ServerCompression::server_ = nullptr;
std::string ServerCompression::page_;
std::string ServerCompression::sync_path_;

TEST_F(ServerCompression, ALogPageIsGzipWhenAcceptedAndDecodesToThePlainBody) {
    const Answer identity = plain(page_);
    const nlohmann::json page = parse(identity.body);
    ASSERT_TRUE(page.is_object() && page.contains("data") && page["data"].is_array());
    ASSERT_EQ(page["data"].size(), 5000u);
    ASSERT_GT(identity.body.size(), 500000u);

    for (const char* accept : {"gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "x-gzip", "*",
                               "identity;q=0.5, *;q=0.1"}) {
        SCOPED_TRACE(std::string("Accept-Encoding: ") + accept);
        const Answer a = server_->request("GET", page_, {{"Accept-Encoding", accept}});
        EXPECT_EQ(a.status, 200);
        EXPECT_EQ(a.header("content-encoding"), "gzip");
        EXPECT_TRUE(a.varies_on_accept_encoding()) << a.header("vary");
        EXPECT_EQ(a.header("content-type"), "application/json");
        EXPECT_EQ(a.header("content-length"), std::to_string(a.body.size()));
        EXPECT_EQ(a.header("etag"), identity.header("etag"));
        ASSERT_TRUE(is_gzip(a.body));
        // The header's XFL byte: 4 when zlib compressed at level 1, 0 at cpp-httplib's level 6.
        EXPECT_EQ(static_cast<int>(a.body[8]), 4) << "not compressed at Z_BEST_SPEED";
        EXPECT_LT(a.body.size(), identity.body.size() / 4);
        std::string decoded;
        ASSERT_TRUE(gunzip(a.body, decoded));
        // Byte for byte: compressed once, by one encoder, from the very answer sent plain.
        EXPECT_TRUE(decoded == identity.body)
            << "decoded " << decoded.size() << " bytes, plain " << identity.body.size();
    }
}

TEST_F(ServerCompression, ALogPageIsPlainWhenGzipIsNotAccepted) {
    const Answer identity = plain(page_);
    const std::vector<const char*> refusals = {
        "",           "identity",          "br",          "deflate, br",
        "gzip;q=0",   "GZIP; Q=0.000, br", "gzip;q=0, *", "*;q=0",
        "x-gzip;q=0", "gzipx, compress"};
    for (const char* accept : refusals) {
        SCOPED_TRACE(std::string("Accept-Encoding: ") + accept);
        const Answer a = server_->request("GET", page_, {{"Accept-Encoding", accept}});
        EXPECT_EQ(a.status, 200);
        EXPECT_FALSE(a.has("content-encoding")) << a.header("content-encoding");
        EXPECT_TRUE(a.varies_on_accept_encoding()) << a.header("vary");
        EXPECT_EQ(a.header("content-length"), std::to_string(a.body.size()));
        EXPECT_TRUE(a.body == identity.body);
    }
    // No Accept-Encoding at all (curl without --compressed): plain too.
    const Answer none = server_->request("GET", page_);
    EXPECT_FALSE(none.has("content-encoding"));
    EXPECT_TRUE(none.varies_on_accept_encoding());
    EXPECT_TRUE(none.body == identity.body);
}

TEST_F(ServerCompression, OtherApiAnswersAreGzipToo) {
    const Answer identity = plain(sync_path_);
    ASSERT_GE(identity.body.size(), 1024u);
    const Answer a = server_->request("GET", sync_path_, {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.header("content-encoding"), "gzip");
    EXPECT_EQ(a.header("content-length"), std::to_string(a.body.size()));
    std::string decoded;
    ASSERT_TRUE(gunzip(a.body, decoded));
    // The list is computed at "now", and running syncs move on between the two requests: what
    // must hold is that it decodes to the same kind of answer, not to the same bytes.
    const nlohmann::json list = parse(decoded);
    ASSERT_TRUE(list.is_object() && list.contains("data")) << decoded.substr(0, 200);
    EXPECT_TRUE(list["data"].is_array() && !list["data"].empty());
}

TEST_F(ServerCompression, ShortAnswersStayPlainButStillVary) {
    // A 401 (the token is wrong) is a few dozen bytes: not worth gzip's framing.
    const Answer a =
        server_->request("GET", page_, {{"Accept-Encoding", "gzip"}, {"Authorization", "x"}});
    EXPECT_EQ(a.status, 401);
    EXPECT_LT(a.body.size(), 1024u);
    EXPECT_FALSE(a.has("content-encoding"));
    EXPECT_TRUE(a.varies_on_accept_encoding());
    EXPECT_TRUE(parse(a.body).is_object()) << a.body.substr(0, 200);
}

TEST_F(ServerCompression, HeadAnnouncesTheLengthTheGetWouldSend) {
    const Answer get = server_->request("GET", page_, {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(get.header("content-encoding"), "gzip");
    const Answer head = server_->request("HEAD", page_, {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("content-encoding"), "gzip");
    EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
    EXPECT_TRUE(head.body.empty());

    const Answer plain_head = server_->request("HEAD", page_);
    EXPECT_FALSE(plain_head.has("content-encoding"));
    EXPECT_EQ(plain_head.header("content-length"), std::to_string(plain(page_).body.size()));
    EXPECT_TRUE(plain_head.body.empty());
}

TEST_F(ServerCompression, TheTagIsTheSameForBothCodingsAndA304HasNoBody) {
    const Answer get = server_->request("GET", page_, {{"Accept-Encoding", "gzip"}});
    const std::string etag = get.header("etag");
    ASSERT_FALSE(etag.empty());
    for (const char* accept : {"gzip", "identity"}) {
        SCOPED_TRACE(std::string("Accept-Encoding: ") + accept);
        const Answer a =
            server_->request("GET", page_, {{"Accept-Encoding", accept}, {"If-None-Match", etag}});
        EXPECT_EQ(a.status, 304);
        EXPECT_TRUE(a.body.empty());
        EXPECT_FALSE(a.has("content-encoding"));
        EXPECT_EQ(a.header("etag"), etag);
        EXPECT_TRUE(a.varies_on_accept_encoding());
    }
}

TEST_F(ServerCompression, RangeAnswersAreSlicesOfThePlainBody) {
    // Content-Range counts bytes of the plain body, so the slice is not compressed.
    const Answer identity = plain(page_);
    const Answer a =
        server_->request("GET", page_, {{"Accept-Encoding", "gzip"}, {"Range", "bytes=0-99"}});
    EXPECT_EQ(a.status, 206);
    EXPECT_FALSE(a.has("content-encoding"));
    EXPECT_EQ(a.header("content-range"), "bytes 0-99/" + std::to_string(identity.body.size()));
    EXPECT_EQ(a.body, identity.body.substr(0, 100));
}

TEST_F(ServerCompression, TheAccessLogCountsTheCompressedBytes) {
    const Answer a = server_->request("GET", page_, {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(a.header("content-encoding"), "gzip");
    const std::string line =
        server_->wait_for_log_line(" 200 " + std::to_string(a.body.size()) + "B ");
    EXPECT_NE(line.find("GET /api/v1/syncs/"), std::string::npos) << server_->log();
}

TEST(ServerCompressionDrops, ADroppedGzipAnswerPromisesTheGzipLengthAndSendsHalf) {
    ServerProcess server({"--services", "2", "--rate-limit", "0", "--drop-rate", "1"});
    ASSERT_GT(server.port(), 0) << server.error();
    const std::string target = "/api/v1/services/1/syncs?per_page=100";
    const Answer a = server.request("GET", target, {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.header("content-encoding"), "gzip");
    const std::size_t promised = std::strtoul(a.header("content-length").c_str(), nullptr, 10);
    ASSERT_GT(promised, 0u);
    EXPECT_EQ(a.body.size(), promised / 2);  // then the connection was closed
    EXPECT_TRUE(is_gzip(a.body));
    const std::string line =
        server.wait_for_log_line(" 200 " + std::to_string(promised / 2) + "B ");
    EXPECT_NE(line.find("dropped"), std::string::npos) << server.log();
}

}  // namespace
