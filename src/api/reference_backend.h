// api/reference_backend.h — core::Backend for the reference API (docs/api.md, "Reference API"),
// over a Transport.
//
// Builds each request (base URL from config.json, Authorization header — never the URL's query)
// and turns each answer into model types or an ApiError with the server's Date for the clock,
// through the helpers every dialect shares (api/answers.h).
//
// Logs: Tail asks `?tail=<limit>` (the newest lines in one request), After asks
// `?after_id=<afterId>&limit=<limit>` with `If-None-Match: <etag>` when it has one, Before asks
// the `after_id`/`limit` window that ends just below beforeId. Limits are clamped to 1..5000, but
// a Before of more than 5,000 lines (capabilities().bulkLogLines) asks the bulk form
// `&format=lines`, clamped to 100,000, whose answer decodeLogPage reads by its header.
// The App never asks Before with beforeId <= 1 (there is nothing older than line 1); should it,
// the backend still answers through the transport (never inside the call) — it asks for
// `after_id=0&limit=1` for the log's meta and returns no lines.
#pragma once

#include <string>
#include <utility>

#include "api/transport.h"
#include "core/backend.h"

namespace api {

class ReferenceBackend : public core::Backend {
public:
    // `bulkLogLines`: the lines of one back-fill request in the bulk lines form (docs/api.md,
    // "Logs in bulk"); 0 keeps back-fill in 5,000-line JSON pages (tests of the paging itself).
    ReferenceBackend(Transport& transport, std::string baseUrl, int bulkLogLines = kBulkLogLines)
        : transport_(transport), baseUrl_(std::move(baseUrl)), bulkLogLines_(bulkLogLines) {}

    // Chosen by measurement (docs/performance.md, "Issue 20: the whole log").
    static constexpr int kBulkLogLines = 50000;

    core::BackendCapabilities capabilities() const override;

    void listServices(const core::Credentials& creds, int page, int perPage,
                      std::function<void(core::Answer<core::ServicesPage>)> done) override;
    void listSyncs(const core::Credentials& creds, int64_t serviceId, core::TimeMs startedAfter,
                   int page, int perPage,
                   std::function<void(core::Answer<core::SyncsPage>)> done) override;
    void getSync(const core::Credentials& creds, int64_t serviceId, int64_t syncId,
                 std::function<void(core::Answer<core::Sync>)> done) override;
    void transactions(
        const core::Credentials& creds, int64_t serviceId, core::TimeMs from, core::TimeMs to,
        std::function<void(core::Answer<std::vector<core::TransactionBucket>>)> done) override;
    void readLog(const core::Credentials& creds, const core::LogRequest& request,
                 std::function<void(core::Answer<core::LogAnswer>)> done) override;
    void downloadPayload(const core::Credentials& creds, int64_t payloadId,
                         std::function<void(core::Answer<core::PayloadFile>)> done) override;
    core::HttpGet payloadDownload(const core::Credentials& creds, int64_t payloadId) const override;
    void login(const std::string& email, const std::string& password,
               std::function<void(core::Answer<core::Session>)> done) override;

private:
    Transport& transport_;
    std::string baseUrl_;
    int bulkLogLines_;
};

}  // namespace api
