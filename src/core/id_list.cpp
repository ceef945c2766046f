// core/id_list.cpp — see id_list.h.
#include "core/id_list.h"

#include <algorithm>
#include <iterator>

namespace core {

void IdList::prepend(const std::vector<int64_t>& ids) {
    if (ids.empty()) return;
    if (size_ == 0) {
        clear();
        for (int64_t id : ids) push_back(id);
        return;
    }
    if (head_ < ids.size()) {  // room in front: whole new blocks
        const size_t blocks = (ids.size() - head_ + kBlock - 1) / kBlock;
        std::vector<std::unique_ptr<int32_t[]>> front;
        for (size_t k = 0; k < blocks; ++k) front.emplace_back(new int32_t[kBlock]);
        blocks_.insert(blocks_.begin(), std::make_move_iterator(front.begin()),
                       std::make_move_iterator(front.end()));
        head_ += blocks * kBlock;
    }
    head_ -= ids.size();
    size_ += ids.size();
    for (size_t k = 0; k < ids.size(); ++k) {
        const size_t slot = head_ + k;
        blocks_[slot / kBlock][slot % kBlock] = static_cast<int32_t>(ids[k] - base_);
    }
}

void IdList::append(int64_t firstId, const uint32_t* offsets, size_t n) {
    if (n == 0) return;
    if (size_ == 0) base_ = firstId + offsets[0];
    const int64_t delta = firstId - base_;
    while (n) {
        const size_t slot = head_ + size_;
        if (slot / kBlock == blocks_.size()) blocks_.emplace_back(new int32_t[kBlock]);
        int32_t* out = blocks_[slot / kBlock].get() + slot % kBlock;
        const size_t take = std::min(n, kBlock - slot % kBlock);
        for (size_t k = 0; k < take; ++k) out[k] = static_cast<int32_t>(delta + offsets[k]);
        offsets += take;
        size_ += take;
        n -= take;
    }
}

void IdList::clear() {
    blocks_.clear();
    blocks_.shrink_to_fit();
    head_ = 0;
    size_ = 0;
    base_ = 0;
}

size_t IdList::lowerBound(int64_t id) const {
    size_t lo = 0, hi = size_;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if ((*this)[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t IdList::upperBound(int64_t id) const {
    size_t lo = 0, hi = size_;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if ((*this)[mid] <= id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

}  // namespace core
