// core/log_store.cpp — see log_store.h.
#include "core/log_store.h"

#include <algorithm>
#include <cstring>

namespace core {

namespace {

constexpr uint32_t kMaxLength = 0xFFFFFFFFu;

LogLineView viewOf(const LogLine& line) {
    LogLineView v;
    v.id = line.id;
    v.at = line.at;
    v.level = line.level;
    v.text = line.message;
    v.payload = line.payload ? &*line.payload : nullptr;
    return v;
}

}  // namespace

void LogStore::storeText(std::string_view text, uint32_t& chunkOut, uint32_t& offsetOut,
                         uint32_t& lengthOut) {
    size_t length = text.size();
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
    chunkOut = static_cast<uint32_t>(chunkIndex);
    offsetOut = chunk.used;
    lengthOut = static_cast<uint32_t>(length);
    if (length) std::memcpy(chunk.data.get() + chunk.used, text.data(), length);
    chunk.used += static_cast<uint32_t>(length);
    textBytes_ += length;
}

void LogStore::put(size_t slot, int64_t id, TimeMs at, LogLevel level, uint32_t chunk,
                   uint32_t offset, uint32_t length, const PayloadRef* payload) {
    Block& block = *blocks_[slot / kBlockLines];
    if (!block.based) {
        block.base = at;
        block.based = true;
    }
    Record& r = block.records[slot % kBlockLines];
    // The offset from the block's base when it fits in [-INT32_MAX, INT32_MAX] (INT32_MIN is the
    // marker); else the time is kept aside. Unsigned arithmetic: no overflow whatever the times.
    const uint64_t distance = at >= block.base
                                  ? static_cast<uint64_t>(at) - static_cast<uint64_t>(block.base)
                                  : static_cast<uint64_t>(block.base) - static_cast<uint64_t>(at);
    if (distance <= static_cast<uint64_t>(INT32_MAX)) {
        const int32_t d = static_cast<int32_t>(distance);
        r.at = at >= block.base ? d : -d;
    } else {
        r.at = kFarAt;
        farTimes_[id] = at;
    }
    r.chunkLevel = chunk | (static_cast<uint32_t>(level) << 30);
    r.offset = offset;
    r.length = length;
    if (payload) {
        r.chunkLevel |= kHasPayload;
        payloads_[id] = *payload;
    }
    ++levelCounts_[static_cast<size_t>(level) & 3];
}

TimeMs LogStore::timeOf(size_t i, const Record& r) const {
    if (r.at == kFarAt) return farTimes_.at(firstId_ + static_cast<int64_t>(i));
    const size_t slot = i + head_;
    return blocks_[slot / kBlockLines]->base + r.at;
}

void LogStore::pushBack(const LogLineView& line) {
    const size_t slot = head_ + size_;
    if (slot / kBlockLines >= blocks_.size()) blocks_.emplace_back(new Block);
    if (size_ == 0) firstId_ = line.id;
    uint32_t chunk, offset, length;
    storeText(line.text, chunk, offset, length);
    put(slot, line.id, line.at, line.level, chunk, offset, length, line.payload);
    ++size_;
}

void LogStore::reserveFront(size_t n) {
    while (head_ < n) {
        blocks_.emplace_front(new Block);
        head_ += kBlockLines;
    }
}

LogMergeResult LogStore::append(const LogLine& line) {
    return append(viewOf(line));
}

LogMergeResult LogStore::append(const LogLineView& line) {
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
        const LogLine& line = lines[keep[k]];
        uint32_t chunk, offset, length;
        storeText(line.message, chunk, offset, length);
        put(head_ + k, line.id, line.at, line.level, chunk, offset, length,
            line.payload ? &*line.payload : nullptr);
    }
    size_ += keep.size();
    firstId_ = lines[keep.front()].id;
    result.added = keep.size();
    ++version_;
    return result;
}

LogMergeResult LogStore::prependStore(LogStore&& older) {
    LogMergeResult result;
    if (older.size_ == 0) return result;
    if (size_ == 0) {  // every line, as appendBatch would take them
        const uint64_t version = version_ + 1;
        const uint64_t generation = generation_;
        const size_t dropped = duplicatesDropped_;
        *this = std::move(older);
        version_ = version;
        generation_ = generation;
        duplicatesDropped_ = dropped;
        result.added = size_;
        older.clear();
        return result;
    }
    // `older` holds one contiguous run of ids: those below firstId_ are new.
    const size_t keep = older.firstId_ >= firstId_
                            ? 0
                            : static_cast<size_t>(std::min<int64_t>(
                                  firstId_ - older.firstId_, static_cast<int64_t>(older.size_)));
    if (keep > 0 && older.firstId_ + static_cast<int64_t>(keep) != firstId_) {
        result.gap = true;
        result.expectedId = older.firstId_ + static_cast<int64_t>(keep);
        result.gotId = firstId_;
        return result;
    }
    result.duplicates = older.size_ - keep;
    duplicatesDropped_ += result.duplicates;
    if (keep == 0) {
        older.clear();
        return result;
    }
    // Its chunks are adopted after ours, so the chunk numbers our records hold stay; its records
    // are written again in front of ours with their chunk numbers moved up by as many chunks as we
    // held. (The text of lines dropped as duplicates comes along unused: a page overlaps the held
    // range by a few lines at most.)
    const size_t chunkBase = chunks_.size();
    chunks_.reserve(chunkBase + older.chunks_.size());
    for (Chunk& c : older.chunks_) chunks_.push_back(std::move(c));
    reserveFront(keep);
    head_ -= keep;
    older.walk(0, keep, [&](size_t k, const Record& from) {
        const int64_t id = older.firstId_ + static_cast<int64_t>(k);
        const PayloadRef* payload = nullptr;
        if (from.chunkLevel & kHasPayload) payload = &older.payloads_.at(id);
        put(head_ + k, id, older.timeOf(k, from), static_cast<LogLevel>(from.chunkLevel >> 30),
            (from.chunkLevel & kChunkMask) + static_cast<uint32_t>(chunkBase), from.offset,
            from.length, payload);
        textBytes_ += from.length;
    });
    size_ += keep;
    firstId_ = older.firstId_;
    result.added = keep;
    ++version_;
    older.clear();
    return result;
}

void LogStore::shrinkToFit() {
    if (currentChunk_ == SIZE_MAX) return;
    Chunk& c = chunks_[currentChunk_];
    currentChunk_ = SIZE_MAX;
    if (c.used == c.capacity) return;
    std::unique_ptr<char[]> data;
    if (c.used) {
        data.reset(new char[c.used]);
        std::memcpy(data.get(), c.data.get(), c.used);
    }
    c.data = std::move(data);
    c.capacity = c.used;
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
    farTimes_.clear();
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
    v.at = timeOf(i, r);
    v.level = static_cast<LogLevel>(r.chunkLevel >> 30);
    v.text = std::string_view(c.data.get() + r.offset, r.length);
    if (r.chunkLevel & kHasPayload) v.payload = &payloads_.at(v.id);
    return v;
}

size_t LogStore::bytesUsed() const {
    size_t bytes = sizeof(*this);
    for (const Chunk& c : chunks_) bytes += c.capacity;
    bytes += chunks_.capacity() * sizeof(Chunk);
    bytes += blocks_.size() * (sizeof(Block) + sizeof(void*));
    // A map node: the pair and about four pointers' worth of tree links and malloc's header.
    bytes += payloads_.size() * (sizeof(std::pair<const int64_t, PayloadRef>) + 4 * sizeof(void*));
    for (const auto& [id, p] : payloads_) {
        if (p.fileName.size() > 15) bytes += p.fileName.capacity() + 1;  // past the SSO buffer
        if (p.contentType.size() > 15) bytes += p.contentType.capacity() + 1;
    }
    bytes += farTimes_.size() * (sizeof(std::pair<const int64_t, TimeMs>) + 2 * sizeof(void*)) +
             farTimes_.bucket_count() * sizeof(void*);
    return bytes;
}

}  // namespace core
