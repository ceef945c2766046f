// core/payload_fetch.cpp — see payload_fetch.h.
#include "core/payload_fetch.h"

#include "core/app.h"
#include "core/app_internal.h"
#include "core/time.h"

namespace core {

std::optional<HttpGet> PayloadFetch::download() const {
    const PayloadState& p = host_.state.payload;
    if (!p.open || !p.file || !p.file->capped() || host_.state.auth != AuthState::Ok)
        return std::nullopt;
    return host_.backend.payloadDownload(host_.state.credentials, p.file->id);
}

void PayloadFetch::reset() {
    ++generation_;  // an answer in flight for the credentials gone must not land in memory
    host_.state.payload = {};
}

void PayloadFetch::close() {
    ++generation_;
    host_.state.payload = {};
}

void PayloadFetch::open(const PayloadRef& ref) {
    AppState& state = host_.state;
    state.payload = {};
    state.payload.ref = ref;
    state.payload.open = true;
    state.payload.loading = true;
    const uint64_t gen = ++generation_;
    host_.scheduler.noteRequest(host_.now());
    if (state.log) ++state.log->requests;
    host_.backend.downloadPayload(
        state.credentials, ref.id, [this, gen, session = host_.session](Answer<PayloadFile> a) {
            if (!host_.arrived(a, std::nullopt, gen == generation_)) return;
            PayloadState& P = host_.state.payload;
            P.loading = false;
            if (a.error) {
                if (a.error.kind == ErrorKind::Unauthorized) {
                    host_.unauthorizedIn(session, a.error);
                    return;
                }
                P.error = a.error;
                if (a.error.kind == ErrorKind::Gone) {
                    P.errorText = P.ref.expiresAt > 0
                                      ? "This file expired at " + formatDateTime(P.ref.expiresAt) +
                                            " UTC. Payload files are kept for 24 hours after the "
                                            "sync finished."
                                      : "This file has expired (" + describe(a.error) + ").";
                } else if (a.error.kind == ErrorKind::NotFound) {
                    P.errorText = "This file was not found (" + describe(a.error) + ").";
                } else {
                    P.errorText = "Could not download the file: " + describe(a.error) + ".";
                }
            } else {
                P.file = std::move(a.value);
            }
            host_.changed();
        });
    host_.changed();
}

}  // namespace core
