// What a sync's status and times say about it, shared by the views, the summary's sort and the
// state the tests read (model.h): finished or not (an unknown status: by its finish time), the
// status as shown ("unknown (7)"), and the one duration both the cell and the sort use. Plus the
// guess of the unit of Patchworks' `duration` when nothing can be learnt (issue 14, items 2 and 3).
#include <gtest/gtest.h>

#include "api/patchworks_decode.h"
#include "core/model.h"

namespace {

constexpr core::TimeMs kT = 1795847400000LL;  // 2026-11-28T06:30:00Z

TEST(SyncStatusText, AnUnknownStatusIsShownWithWhatWasSent) {
    EXPECT_EQ(core::statusText(core::SyncStatus::Unknown, "7"), "unknown (7)");
    EXPECT_EQ(core::statusText(core::SyncStatus::Unknown, ""), "unknown");
    EXPECT_EQ(core::statusText(core::SyncStatus::Failed, ""), "failed");
    EXPECT_FALSE(core::syncStatusFromString("unknown"));  // the reference API never sends it
}

TEST(SyncStatusText, AnUnknownStatusHasFinishedOnlyWithAFinishTime) {
    EXPECT_FALSE(core::syncFinished(core::SyncStatus::Unknown, 0));
    EXPECT_TRUE(core::syncFinished(core::SyncStatus::Unknown, kT));
    EXPECT_FALSE(core::syncFinished(core::SyncStatus::Running, kT));
    EXPECT_FALSE(core::syncFinished(core::SyncStatus::Queued, 0));
    EXPECT_TRUE(core::syncFinished(core::SyncStatus::Stopped, 0));
}

TEST(SyncStatusText, ThePatchworksDecoderKeepsTheStatusAsSent) {
    const auto d = api::decodeFlowRunsPage(
        R"({"data":[{"id":1,"status":7,"finished_at":"2026-11-28T06:31:00.000000Z"},
                    {"id":2,"status":"7"},{"id":3,"status":"Paused"},{"id":4,"status":"2"}]})");
    ASSERT_EQ(d.error, "");
    const auto& r = d.value.syncs;
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(core::statusText(r[0]), "unknown (7)");
    EXPECT_TRUE(core::syncFinished(r[0]));
    EXPECT_EQ(core::statusText(r[1]), "unknown (7)");
    EXPECT_FALSE(core::syncFinished(r[1]));  // no finish time: running
    EXPECT_EQ(core::statusText(r[2]), "unknown (Paused)");
    EXPECT_EQ(r[3].status, core::SyncStatus::Success);
    EXPECT_EQ(r[3].statusSent, "");
}

core::Sync sync(core::SyncStatus status, core::TimeMs started, core::TimeMs finished,
                int64_t durationMs) {
    core::Sync s;
    s.status = status;
    s.startedAt = started;
    s.finishedAt = finished;
    s.durationMs = durationMs;
    return s;
}

TEST(SyncDuration, OneValueForTheCellAndTheSort) {
    using core::SyncStatus;
    const core::TimeMs now = kT + 600000;
    // Finished with both times: they decide, whatever the API said.
    EXPECT_EQ(core::syncDurationMs(sync(SyncStatus::Success, kT, kT + 60200, 60200000), now),
              60200);
    // Finished, a time missing: the API's duration.
    EXPECT_EQ(core::syncDurationMs(sync(SyncStatus::Success, kT, 0, 30000), now), 30000);
    EXPECT_EQ(core::syncDurationMs(sync(SyncStatus::Failed, 0, kT, 5000), now), 5000);
    EXPECT_EQ(core::syncDurationMs(sync(SyncStatus::Failed, 0, 0, -1), now), -1);
    // Running: to now (server clock), or as sent when the start is unknown.
    EXPECT_EQ(core::syncDurationMs(sync(SyncStatus::Running, kT, 0, 1000), now), 600000);
    EXPECT_EQ(core::syncDurationMs(sync(SyncStatus::Running, 0, 0, 1000), now), 1000);
    EXPECT_EQ(core::syncDurationMs(sync(SyncStatus::Running, now + 5, 0, 1000), now), -1);
    // Unknown status: finished with a finish time, running without.
    EXPECT_EQ(core::syncDurationMs(sync(SyncStatus::Unknown, kT, kT + 9000, -1), now), 9000);
    EXPECT_EQ(core::syncDurationMs(sync(SyncStatus::Unknown, kT, 0, -1), now), 600000);
}

TEST(SyncDuration, TheUnitOfPatchworksDurationIsGuessedByPlausibility) {
    EXPECT_FALSE(api::plausibleAsSeconds(60200, 0, 0));  // 16 h 43 min as seconds
    EXPECT_TRUE(api::plausibleAsSeconds(45, 0, 0));
    EXPECT_TRUE(api::plausibleAsSeconds(2.5, 0, 0));              // a fraction
    EXPECT_TRUE(api::plausibleAsSeconds(21600, 0, 0));            // 6 h: still seconds
    EXPECT_FALSE(api::plausibleAsSeconds(3000, kT, kT + 10000));  // would end 49 min from now
    EXPECT_TRUE(api::plausibleAsSeconds(3000, kT, kT + 3600000));
}

TEST(SyncDuration, AGuessedUnitIsSaidAndALearntOneIsNot) {
    const auto guessed =
        api::decodeFlowRunsPage(R"({"data":[{"id":1,"status":2,"duration":60200}]})");
    ASSERT_EQ(guessed.error, "");
    const core::Sync& g = guessed.value.syncs.at(0);
    EXPECT_EQ(g.durationMs, 60200);
    EXPECT_NE(g.durationNote.find("Guessed"), std::string::npos) << g.durationNote;
    EXPECT_NE(g.durationNote.find("60200"), std::string::npos) << g.durationNote;
    EXPECT_NE(g.durationNote.find("milliseconds"), std::string::npos) << g.durationNote;

    const auto learnt = api::decodeFlowRunsPage(R"({"data":[
        {"id":1,"status":2,"started_at":"2026-11-28T06:30:00Z","finished_at":"2026-11-28T06:31:00Z",
         "duration":60000},
        {"id":2,"status":2,"duration":90}]})");
    ASSERT_EQ(learnt.error, "");
    EXPECT_EQ(learnt.value.syncs.at(0).durationNote, "");
    EXPECT_EQ(learnt.value.syncs.at(1).durationMs, 90);  // ms, as run 1 shows
    EXPECT_EQ(learnt.value.syncs.at(1).durationNote, "");

    api::DurationUnitEvidence e;
    api::learnDurationUnit(learnt.value.syncs, e);
    EXPECT_EQ(e.milliseconds, 1);
    EXPECT_EQ(e.seconds, 0);
}

}  // namespace
