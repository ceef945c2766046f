// server/answer_cache.cpp — see answer_cache.h.
#include "answer_cache.h"

#include <utility>

namespace syncscope::server {

std::shared_ptr<const std::string> AnswerCache::find(const std::string& key) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = bodies_.find(key);
    return it == bodies_.end() ? nullptr : it->second;
}

std::shared_ptr<const std::string> AnswerCache::put(const std::string& key, std::string body) {
    auto kept = std::make_shared<const std::string>(std::move(body));
    if (kept->size() > capacity_) return kept;
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = bodies_.find(key);
    if (it != bodies_.end()) return it->second;  // another thread got there first
    if (bytes_ + kept->size() > capacity_) {
        bodies_.clear();
        bytes_ = 0;
    }
    bodies_.emplace(key, kept);
    bytes_ += kept->size();
    return kept;
}

std::size_t AnswerCache::bytes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
}

}  // namespace syncscope::server
