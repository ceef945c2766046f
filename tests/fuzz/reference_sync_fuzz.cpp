// tests/fuzz/reference_sync_fuzz.cpp — the reference API's single-object answers: GET /syncs/{id}
// (the log view's header), and with the same bytes POST /login's answer and the transactions
// chart's buckets.
#include "api/reference_decode.h"
#include "core/time.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string body = fuzz::input(data, size);
    const auto sync = api::decodeSync(body);
    if (sync.error.empty()) {
        FUZZ_CHECK(fuzz::validUtf8(sync.value.summary));
        FUZZ_CHECK(fuzz::validUtf8(sync.value.triggerName));
        core::formatIso8601(sync.value.startedAt);
        core::formatDateTime(sync.value.payloadsExpireAt);
    } else {
        FUZZ_CHECK(fuzz::validUtf8(sync.error));
    }
    const auto login = api::decodeLoginAnswer(body);
    if (login.error.empty()) FUZZ_CHECK(!login.value.token.empty());
    const auto buckets = api::decodeTransactions(body);
    if (buckets.error.empty())
        for (const core::TransactionBucket& b : buckets.value) core::formatIso8601(b.bucketStart);
    return 0;
}
