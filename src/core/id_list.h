// core/id_list.h — sorted line ids, 4 bytes each, in fixed-size blocks (core/filtered_log.h's
// lists of shown lines and matches).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace core {

// Sorted line ids as core::FilteredLog keeps them: 4 bytes an id (its offset from the first id
// put in; the ids it holds are a store's, all within its size of one another), in fixed-size
// blocks, so appending never copies what is held and a batch of older ids goes in front by adding
// blocks.
class IdList {
public:
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    int64_t operator[](size_t i) const {
        const size_t slot = head_ + i;
        return base_ + blocks_[slot / kBlock][slot % kBlock];
    }
    void push_back(int64_t id) {
        if (size_ == 0) base_ = id;
        const size_t slot = head_ + size_;
        if (slot / kBlock == blocks_.size()) blocks_.emplace_back(new int32_t[kBlock]);
        blocks_[slot / kBlock][slot % kBlock] = static_cast<int32_t>(id - base_);
        ++size_;
    }
    // Appends firstId + offsets[k] for k < n (offsets increasing; the ids past the last held).
    void append(int64_t firstId, const uint32_t* offsets, size_t n);
    // Puts `ids` (sorted, all below the first id held) in front.
    void prepend(const std::vector<int64_t>& ids);
    void clear();
    size_t lowerBound(int64_t id) const;  // index of the first id ≥ `id` (size() if none)
    size_t upperBound(int64_t id) const;  // index of the first id > `id` (size() if none)

private:
    static constexpr size_t kBlock = 4096;
    std::vector<std::unique_ptr<int32_t[]>> blocks_;
    size_t head_ = 0;  // slot of element 0
    size_t size_ = 0;
    int64_t base_ = 0;
};

}  // namespace core
