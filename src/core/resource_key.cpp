// core/resource_key.cpp — see resource_key.h.
#include "core/resource_key.h"

namespace core {

std::string to_string(const ResourceKey& key) {
    const char* name = "log";
    switch (key.kind) {
        case ResourceKey::Kind::Backfill: return "backfill";
        case ResourceKey::Kind::Log: name = "log"; break;
        case ResourceKey::Kind::SignIn: name = "signin"; break;
        case ResourceKey::Kind::SyncHeader: name = "sync"; break;
        case ResourceKey::Kind::Syncs: name = "syncs"; break;
        case ResourceKey::Kind::Transactions: name = "tx"; break;
        case ResourceKey::Kind::Services: name = "services"; break;
        case ResourceKey::Kind::SyncTail: name = "tail"; break;
        case ResourceKey::Kind::BellStatus: name = "bell"; break;
        case ResourceKey::Kind::CompareHeader: name = "compare-sync"; break;
        case ResourceKey::Kind::CompareLog: name = "compare-log"; break;
        case ResourceKey::Kind::TraceFile: name = "trace-file"; break;
    }
    return std::string(name) + ":" + std::to_string(key.id);
}

}  // namespace core
