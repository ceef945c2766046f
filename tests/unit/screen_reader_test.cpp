// What screen readers are told: the hidden summary of each view and the live announcements (view
// changes, failed refreshes, a sync that finished), from AppState alone.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/screen_reader.h"

namespace {

core::Service service(int64_t id, const std::string& name) {
    core::Service s;
    s.id = id;
    s.name = name;
    return s;
}

core::Sync sync(int64_t id, core::SyncStatus status) {
    core::Sync y;
    y.id = id;
    y.serviceId = 12;
    y.status = status;
    y.pulledCount = 50;
    y.pushedCount = 48;
    return y;
}

struct ScreenReaderTest : ::testing::Test {
    core::AppState s;
    void SetUp() override {
        s.auth = core::AuthState::Ok;
        s.services = {service(12, "Orders to NetSuite"), service(13, "Stock to Shopify"),
                      service(14, "Products")};
        s.visibleServices = {0, 1};
        s.servicesLoaded = true;
        s.servicesFilter.search = "o";
        s.view = core::View::Services;
        s.route = core::parseRoute("/services");
    }
    void openSummary() {
        s.route = core::parseRoute("/services/12");
        s.view = core::View::Summary;
        s.summary.serviceId = 12;
        s.summary.syncs = {sync(7, core::SyncStatus::Running), sync(6, core::SyncStatus::Failed),
                           sync(5, core::SyncStatus::Success)};
        s.summary.visible = {0, 1, 2};
        s.summary.loaded = true;
    }
    void openLog(core::SyncStatus status) {
        s.route = core::parseRoute("/services/12/syncs/7");
        s.view = core::View::Log;
        s.log = std::make_unique<core::LogState>();
        s.log->serviceId = 12;
        s.log->syncId = 7;
        s.log->sync = sync(7, status);
        s.log->status = status;
        s.log->tailLoaded = true;
    }
};

TEST_F(ScreenReaderTest, TheServicesListIsCounted) {
    const auto d = core::describeView(s);
    EXPECT_EQ(d.heading, "Services");
    ASSERT_EQ(d.lines.size(), 2u);
    EXPECT_EQ(d.lines[0], "2 services shown of 3.");
    EXPECT_EQ(d.lines[1], "Search: “o”.");
}

TEST_F(ScreenReaderTest, TheSummaryCountsSyncsByStatus) {
    openSummary();
    const auto d = core::describeView(s);
    EXPECT_EQ(d.heading, "Service “Orders to NetSuite”");
    ASSERT_GE(d.lines.size(), 2u);
    EXPECT_EQ(d.lines[0], "3 syncs shown from the last 24 hours.");
    EXPECT_EQ(d.lines[1], "By status: 1 running, 1 success, 1 failed.");
}

TEST_F(ScreenReaderTest, TheLogNamesTheSelectedSyncAndTheBanner) {
    openLog(core::SyncStatus::Running);
    s.banner = {core::Banner::Kind::Error, "Could not refresh the log: HTTP 503."};
    const auto d = core::describeView(s);
    EXPECT_EQ(d.heading, "Sync 7 of service “Orders to NetSuite”");
    ASSERT_EQ(d.lines.size(), 4u);
    EXPECT_EQ(d.lines[0], "Selected sync 7: running, pulled 50, pushed 48.");
    EXPECT_EQ(d.lines[1], "0 log lines held, 0 shown.");
    EXPECT_EQ(d.lines[2], "Auto-refresh is on.");
    EXPECT_EQ(d.lines[3], "Error: Could not refresh the log: HTTP 503.");
}

// Issue 17 point 2: the summary of a log names how many error lines it holds and where the first
// one is (the overview ruler shows them in red).
TEST_F(ScreenReaderTest, TheLogNamesItsErrorCountAndTheFirstErrorsLine) {
    openLog(core::SyncStatus::Failed);
    std::vector<core::LogLine> lines;
    for (int64_t id = 1; id <= 9000; ++id) {
        core::LogLine l;
        l.id = id;
        l.at = 1'800'000'000'000 + id;
        l.level =
            id == 6 || id == 8500 || id == 8999 ? core::LogLevel::Error : core::LogLevel::Info;
        l.message = "line " + std::to_string(id);
        lines.push_back(l);
    }
    s.log->store.appendBatch(lines);
    s.log->view.update(s.log->store);
    auto d = core::describeView(s);
    EXPECT_NE(std::find(d.lines.begin(), d.lines.end(), "3 errors, the first at line 6."),
              d.lines.end())
        << ::testing::PrintToString(d.lines);
    // Only the newest lines held so far (older ones still loading): said so.
    s.log = std::make_unique<core::LogState>();
    openLog(core::SyncStatus::Failed);
    s.log->store.appendBatch(std::vector<core::LogLine>(lines.begin() + 8000, lines.end()));
    s.log->view.update(s.log->store);
    d = core::describeView(s);
    EXPECT_NE(std::find(d.lines.begin(), d.lines.end(),
                        "2 errors in the lines loaded so far, the first at line 8500."),
              d.lines.end())
        << ::testing::PrintToString(d.lines);
    // One error; none.
    s.log->store.clear();
    s.log->store.appendBatch(std::vector<core::LogLine>(lines.begin() + 8995, lines.end()));
    s.log->view.update(s.log->store);
    d = core::describeView(s);
    EXPECT_NE(std::find(d.lines.begin(), d.lines.end(),
                        "1 error in the lines loaded so far, the first at line 8999."),
              d.lines.end())
        << ::testing::PrintToString(d.lines);
    s.log->store.clear();
    s.log->store.appendBatch(std::vector<core::LogLine>(lines.begin(), lines.begin() + 5));
    s.log->view.update(s.log->store);
    d = core::describeView(s);
    EXPECT_NE(std::find(d.lines.begin(), d.lines.end(), "No errors."), d.lines.end())
        << ::testing::PrintToString(d.lines);
}

TEST_F(ScreenReaderTest, TheLoginFormSaysWhy) {
    s.view = core::View::Login;
    s.auth = core::AuthState::Expired;
    s.loginMessage = "Your session has expired or the token was revoked. Sign in again.";
    const auto d = core::describeView(s);
    EXPECT_EQ(d.heading, "Sign in to SyncScope");
    ASSERT_EQ(d.lines.size(), 1u);
    EXPECT_EQ(d.lines[0], s.loginMessage);
}

TEST_F(ScreenReaderTest, AnnouncesViewChangesOnceAndWhenTheirDataArrives) {
    core::Announcer a;
    EXPECT_EQ(a.update(s), "Services. 2 services shown of 3.");
    EXPECT_EQ(a.update(s), "");
    openSummary();
    s.summary.loaded = false;
    EXPECT_EQ(a.update(s), "Service “Orders to NetSuite”. Loading the syncs of the last 24 hours…");
    s.summary.loaded = true;
    EXPECT_EQ(a.update(s), "Service “Orders to NetSuite”. 3 syncs shown from the last 24 hours.");
    EXPECT_EQ(a.update(s), "");
}

TEST_F(ScreenReaderTest, NothingIsSaidForTheLoginFormAtStartThenSigningInIsFollowed) {
    core::Announcer a;
    s.view = core::View::Login;
    s.auth = core::AuthState::None;
    EXPECT_EQ(a.update(s), "");
    s.signingIn = true;
    EXPECT_EQ(a.update(s), "Sign in to SyncScope. Signing in…");
    s.signingIn = false;
    s.loginMessage = "The token was refused. Sign in again.";
    EXPECT_EQ(a.update(s), "Sign in to SyncScope. The token was refused. Sign in again.");
    s.loginMessage.clear();
    s.view = core::View::Services;
    EXPECT_EQ(a.update(s), "Services. 2 services shown of 3.");
}

TEST_F(ScreenReaderTest, AnnouncesRefreshFailuresOnce) {
    core::Announcer a;
    openLog(core::SyncStatus::Running);
    a.update(s);
    s.banner = {core::Banner::Kind::Error, "Could not refresh the log: HTTP 503."};
    EXPECT_EQ(a.update(s), "Error: Could not refresh the log: HTTP 503.");
    EXPECT_EQ(a.update(s), "");
    s.banner = {};
    EXPECT_EQ(a.update(s), "");
}

TEST_F(ScreenReaderTest, AnnouncesTheSyncOnScreenFinishing) {
    core::Announcer a;
    openLog(core::SyncStatus::Running);
    EXPECT_NE(a.update(s), "");  // the view
    EXPECT_EQ(a.update(s), "");
    s.log->status = core::SyncStatus::Success;
    s.log->sync->status = core::SyncStatus::Success;
    EXPECT_EQ(a.update(s), "Sync 7 finished: success, pulled 50, pushed 48.");
    EXPECT_EQ(a.update(s), "");
    // Opening a sync that had finished long ago says nothing of finishing.
    openLog(core::SyncStatus::Failed);
    s.route = core::parseRoute("/services/12/syncs/8");
    s.log->syncId = 8;
    const std::string words = a.update(s);
    EXPECT_EQ(words.find("finished"), std::string::npos) << words;
}

// Issue 18: a running sync gone quiet is told once, in the header's words; again only after lines
// came and it went quiet again.
TEST_F(ScreenReaderTest, AnnouncesAQuietSyncOnce) {
    core::Announcer a;
    openLog(core::SyncStatus::Running);
    EXPECT_NE(a.update(s), "");  // the view
    s.log->quiet = core::QuietMark{61000, 2000};
    EXPECT_EQ(a.update(s), "No new line for 1 min 1 s — this sync usually writes every 2 s.");
    s.log->quiet = core::QuietMark{75000, 2000};  // still quiet, longer: nothing more
    ++s.revision;
    EXPECT_EQ(a.update(s), "");
    s.log->quiet.reset();  // lines again
    EXPECT_EQ(a.update(s), "");
    s.log->quiet = core::QuietMark{62000, 2000};
    EXPECT_EQ(a.update(s), "No new line for 1 min 2 s — this sync usually writes every 2 s.");
}

// Issue 13 item 6: what a screen reader is told carries no escape sequence, control character or
// bidi control from the data (a service's name, a search, a banner quoting the server).
TEST_F(ScreenReaderTest, DataIsToldWithoutEscapesControlsOrBidiControls) {
    s.services[0].name = "Orders \x1b[31m##EU\x1b[0m\a \u202egnitset\u202c\u2066x\u2069\r";
    openSummary();
    s.summary.search =
        "a\x1b]0;t\x07"
        "b\u200f";
    s.banner = {core::Banner::Kind::Error, "HTTP 500: \x1b[2Jboom\u061c\x01"};
    const auto d = core::describeView(s);
    EXPECT_EQ(d.heading, "Service “Orders ##EU gnitsetx”");
    EXPECT_NE(std::find(d.lines.begin(), d.lines.end(), "Search: “ab”."), d.lines.end());
    EXPECT_EQ(d.lines.back(), "Error: HTTP 500: boom");
    core::Announcer a;
    EXPECT_EQ(a.update(s),
              "Service “Orders ##EU gnitsetx”. 3 syncs shown from the last 24 hours. Error: HTTP "
              "500: boom");
}

// Issue 16: a copy's confirmation, in words, told once per toast shown.
TEST(ScreenReaderToast, CopiedWordsCountLinesOrCharacters) {
    EXPECT_EQ(core::copiedWords(1, false), "Copied 1 line");
    EXPECT_EQ(core::copiedWords(3, false), "Copied 3 lines");
    EXPECT_EQ(core::copiedWords(1, true), "Copied 1 character");
    EXPECT_EQ(core::copiedWords(12, true), "Copied 12 characters");
}

TEST(ScreenReaderToast, EachToastIsToldOnceAndTheSameWordsAgainAreToldAgain) {
    core::Announcer a;
    EXPECT_EQ(a.toast(0, ""), "");
    EXPECT_EQ(a.toast(1, "Copied 3 lines"), "Copied 3 lines");
    EXPECT_EQ(a.toast(1, "Copied 3 lines"), "");  // the next frames: already told
    EXPECT_EQ(a.toast(1, ""), "");                // gone after its two seconds
    EXPECT_EQ(a.toast(2, "Copied 3 lines"), "Copied 3 lines");
    EXPECT_EQ(a.toast(3, "Copied \x1b[31m1 line\u202e"), "Copied 1 line");  // told as copied
}

}  // namespace
