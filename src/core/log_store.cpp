// core/log_store.cpp — see log_store.h.
#include "core/log_store.h"

#include <cstring>

namespace core {

namespace {

constexpr uint32_t kMaxLength = 0xFFFFFFFFu;

}  // namespace

LogStore::Record LogStore::makeRecord(const LogLine& line) {
    size_t length = line.message.size();
    if (length > kMaxLength) length = kMaxLength;  // 4 GiB in one message: cut, never wrap
    size_t chunkIndex;
    if (length > kChunkBytes / 4) {
        // A long message gets a chunk of its own, sized to it: the shared chunk keeps filling.
        chunkIndex = chunks_.size();
        chunks_.emplace_back();
    } else {
        if (currentChunk_ == SIZE_MAX ||
            chunks_[currentChunk_].capacity - chunks_[currentChunk_].used < length) {
            currentChunk_ = chunks_.size();
            chunks_.emplace_back();
        }
        chunkIndex = currentChunk_;
    }
    Chunk& chunk = chunks_[chunkIndex];
    if (!chunk.data) {
        const size_t capacity = length > kChunkBytes / 4 ? length : kChunkBytes;
        chunk.data.reset(new char[capacity]);
        chunk.capacity = static_cast<uint32_t>(capacity);
    }
    Record r;
    r.at = line.at;
    r.chunkLevel = static_cast<uint32_t>(chunkIndex) | (static_cast<uint32_t>(line.level) << 30);
    r.offset = chunk.used;
    r.length = static_cast<uint32_t>(length);
    if (length) std::memcpy(chunk.data.get() + chunk.used, line.message.data(), length);
    chunk.used += static_cast<uint32_t>(length);
    r.payload = -1;
    if (line.payload) {
        r.payload = static_cast<int32_t>(payloads_.size());
        payloads_.push_back(*line.payload);
    }
    ++levelCounts_[static_cast<size_t>(line.level) & 3];
    textBytes_ += length;
    return r;
}

void LogStore::pushBack(const LogLine& line) {
    const size_t slot = head_ + size_;
    if (slot / kBlockLines >= blocks_.size())
        blocks_.emplace_back(new Record[kBlockLines]);  // uninitialised: written before read
    if (size_ == 0) firstId_ = line.id;
    const Record r = makeRecord(line);
    blocks_[slot / kBlockLines][slot % kBlockLines] = r;
    ++size_;
}

void LogStore::reserveFront(size_t n) {
    while (head_ < n) {
        blocks_.emplace_front(new Record[kBlockLines]);
        head_ += kBlockLines;
    }
}

LogMergeResult LogStore::append(const LogLine& line) {
    LogMergeResult result;
    if (!validId(line.id)) {
        ++result.invalid;
        return result;
    }
    if (size_ && line.id <= lastId()) {
        ++result.duplicates;
        ++duplicatesDropped_;
        return result;
    }
    if (size_ && line.id != lastId() + 1) {
        result.gap = true;
        result.expectedId = lastId() + 1;
        result.gotId = line.id;
        return result;
    }
    pushBack(line);
    ++result.added;
    ++version_;
    return result;
}

LogMergeResult LogStore::appendBatch(const std::vector<LogLine>& lines) {
    LogMergeResult result;
    for (const LogLine& line : lines) {
        const LogMergeResult one = append(line);
        result.added += one.added;
        result.duplicates += one.duplicates;
        result.invalid += one.invalid;
        if (one.gap) {
            result.gap = true;
            result.expectedId = one.expectedId;
            result.gotId = one.gotId;
            break;
        }
    }
    return result;
}

LogMergeResult LogStore::prependBatch(const std::vector<LogLine>& lines) {
    if (size_ == 0) return appendBatch(lines);
    LogMergeResult result;
    // First pass: which lines are new, and do they join up with the held range?
    std::vector<size_t> keep;
    keep.reserve(lines.size());
    int64_t previous = INT64_MIN;
    for (size_t i = 0; i < lines.size(); ++i) {
        const int64_t id = lines[i].id;
        if (!validId(id)) {
            ++result.invalid;
            continue;
        }
        if (id >= firstId_ || id <= previous) {
            ++result.duplicates;
            continue;
        }
        if (previous != INT64_MIN && id != previous + 1) {
            result.gap = true;
            result.expectedId = previous + 1;
            result.gotId = id;
            break;
        }
        keep.push_back(i);
        previous = id;
    }
    if (!result.gap && !keep.empty() && previous != firstId_ - 1) {
        result.gap = true;
        result.expectedId = previous + 1;
        result.gotId = firstId_;
    }
    if (result.gap) {
        result.duplicates = 0;  // nothing was taken, so nothing was dropped either
        result.invalid = 0;
        return result;
    }
    duplicatesDropped_ += result.duplicates;
    if (keep.empty()) return result;
    reserveFront(keep.size());
    head_ -= keep.size();
    for (size_t k = 0; k < keep.size(); ++k) {
        const size_t slot = head_ + k;
        blocks_[slot / kBlockLines][slot % kBlockLines] = makeRecord(lines[keep[k]]);
    }
    size_ += keep.size();
    firstId_ = lines[keep.front()].id;
    result.added = keep.size();
    ++version_;
    return result;
}

void LogStore::clear() {
    chunks_.clear();
    chunks_.shrink_to_fit();
    currentChunk_ = SIZE_MAX;
    blocks_.clear();
    blocks_.shrink_to_fit();
    head_ = 0;
    size_ = 0;
    firstId_ = 0;
    payloads_.clear();
    payloads_.shrink_to_fit();
    levelCounts_ = {};
    textBytes_ = 0;
    duplicatesDropped_ = 0;
    ++version_;
    ++generation_;
}

std::string_view LogStore::text(size_t i) const {
    const Record& r = rec(i);
    const Chunk& c = chunks_[r.chunkLevel & kChunkMask];
    return std::string_view(c.data.get() + r.offset, r.length);
}

LogLineView LogStore::line(size_t i) const {
    const Record& r = rec(i);
    const Chunk& c = chunks_[r.chunkLevel & kChunkMask];
    LogLineView v;
    v.id = firstId_ + static_cast<int64_t>(i);
    v.at = r.at;
    v.level = static_cast<LogLevel>(r.chunkLevel >> 30);
    v.text = std::string_view(c.data.get() + r.offset, r.length);
    v.payload = r.payload >= 0 ? &payloads_[static_cast<size_t>(r.payload)] : nullptr;
    return v;
}

size_t LogStore::bytesUsed() const {
    size_t bytes = sizeof(*this);
    for (const Chunk& c : chunks_) bytes += c.capacity;
    bytes += chunks_.capacity() * sizeof(Chunk);
    bytes += blocks_.size() * (kBlockLines * sizeof(Record) + sizeof(void*));
    bytes += payloads_.capacity() * sizeof(PayloadRef);
    for (const PayloadRef& p : payloads_) {
        if (p.fileName.size() > 15) bytes += p.fileName.capacity() + 1;  // past the SSO buffer
        if (p.contentType.size() > 15) bytes += p.contentType.capacity() + 1;
    }
    return bytes;
}

}  // namespace core
