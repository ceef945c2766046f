// server/answer_cache.h — gzipped API answers that cannot change any more, kept in memory.
//
// A finished sync's log never changes, so its answers (a page of JSON, a bulk page of the
// "lines" form, the whole log as text) are the same bytes every time they are asked for. The
// server compresses each of them once and keeps it here, keyed by the answer's ETag (which names
// the sync, its line count, its status and what was asked, docs/api.md). Server-side only: the
// answers still say `Cache-Control: no-store`, so nothing is kept in the browser.
//
// Bounded by bytes: when an answer would take the cache past its capacity the cache is emptied
// first (the simplest policy that bounds memory; a reader of one big log fills it again in order).
// Thread-safe: cpp-httplib answers on a pool of threads.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace syncscope::server {

class AnswerCache {
public:
    explicit AnswerCache(std::size_t capacityBytes) : capacity_(capacityBytes) {}

    // The body kept for `key`, or null.
    std::shared_ptr<const std::string> find(const std::string& key) const;
    // Keeps `body` for `key` (a body larger than the capacity is not kept) and returns it.
    std::shared_ptr<const std::string> put(const std::string& key, std::string body);

    std::size_t bytes() const;

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const std::string>> bodies_;
    std::size_t bytes_ = 0;
    std::size_t capacity_;
};

}  // namespace syncscope::server
