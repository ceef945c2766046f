// core/model.cpp — status names in the reference API's words.
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

}  // namespace core
