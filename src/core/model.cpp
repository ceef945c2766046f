// core/model.cpp — status names in the reference API's words, and what a sync's status and
// times say about it (finished or not, how long).
#include "core/model.h"

namespace core {

const char* toString(ServiceStatus s) {
    return s == ServiceStatus::Active ? "active" : "inactive";
}

const char* toString(SyncStatus s) {
    switch (s) {
        case SyncStatus::Queued: return "queued";
        case SyncStatus::Running: return "running";
        case SyncStatus::Success: return "success";
        case SyncStatus::Partial: return "partial";
        case SyncStatus::Failed: return "failed";
        case SyncStatus::Stopped: return "stopped";
        case SyncStatus::Unknown: return "unknown";
    }
    return "queued";
}

std::optional<ServiceStatus> serviceStatusFromString(const std::string& s) {
    if (s == "active") return ServiceStatus::Active;
    if (s == "inactive") return ServiceStatus::Inactive;
    return std::nullopt;
}

std::optional<SyncStatus> syncStatusFromString(const std::string& s) {
    static const SyncStatus all[] = {SyncStatus::Queued,  SyncStatus::Running, SyncStatus::Success,
                                     SyncStatus::Partial, SyncStatus::Failed,  SyncStatus::Stopped};
    for (SyncStatus st : all)
        if (s == toString(st)) return st;
    return std::nullopt;
}

bool syncFinished(SyncStatus status, TimeMs finishedAt) {
    if (status == SyncStatus::Unknown) return finishedAt > 0;
    return status != SyncStatus::Queued && status != SyncStatus::Running;
}

std::string statusText(SyncStatus status, const std::string& sent) {
    if (status != SyncStatus::Unknown) return toString(status);
    return sent.empty() ? std::string("unknown") : "unknown (" + sent + ")";
}

int64_t syncDurationMs(const Sync& s, TimeMs serverNow) {
    if (!syncFinished(s)) {
        if (s.startedAt <= 0) return s.durationMs;
        return serverNow >= s.startedAt ? serverNow - s.startedAt : -1;
    }
    if (s.startedAt > 0 && s.finishedAt >= s.startedAt) return s.finishedAt - s.startedAt;
    return s.durationMs;
}

const char* toString(LogLevel l) {
    switch (l) {
        case LogLevel::Debug: return "debug";
        case LogLevel::Info: return "info";
        case LogLevel::Warning: return "warning";
        case LogLevel::Error: return "error";
    }
    return "info";
}

const char* toString(Trigger t) {
    switch (t) {
        case Trigger::Schedule: return "schedule";
        case Trigger::Manual: return "manual";
        case Trigger::Api: return "api";
        case Trigger::Retry: return "retry";
        case Trigger::Other: return "other";
    }
    return "other";
}

const char* toString(PayloadKind k) {
    switch (k) {
        case PayloadKind::Pull: return "pull";
        case PayloadKind::Push: return "push";
        case PayloadKind::CustomScript: return "custom_script";
    }
    return "pull";
}

}  // namespace core
