// core/log_store.h — one sync's log lines, held compactly.
//
// Message text lives in fixed-size chunks (kChunkBytes; a longer message gets a chunk of its own),
// never one std::string per line and never one doubling buffer of all the text: wasm memory never
// shrinks and a doubling vector peaks near 3×. A line's text never spans chunks. Each line has a
// 16-byte record (time, level, chunk, offset, length), kept in fixed-size blocks so that an older
// block of lines can be put in front of the held range ("tail first" loading) without moving
// anything. A record's time is milliseconds from its block's base time (the first time written
// into the block) in 32 bits: ±24 days, and a time farther off is kept aside by line id. Ids are
// not stored: the held lines are always one contiguous run of ids, so a line's id is firstId() +
// its index. The few payload references live aside, by line id; a record's bit says it has one.
// (The record was 24 bytes with the time whole and a payload index: 8 MB more for a million lines,
// the difference between the wasm memory meeting issue 20's 1.06× of the raw text and not.)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model.h"

namespace core {

// A light view of one held line; `text` and `payload` point into the store and stay valid until
// the store is cleared or destroyed (appending and prepending never move them).
struct LogLineView {
    int64_t id = 0;
    TimeMs at = 0;
    LogLevel level = LogLevel::Info;
    std::string_view text;
    const PayloadRef* payload = nullptr;  // null: the line stored no payload
};

// What appending or prepending a batch did.
struct LogMergeResult {
    size_t added = 0;       // lines taken into the store
    size_t duplicates = 0;  // lines already held (or older/repeated ids): dropped silently
    // Lines whose id no log can have (beyond ±kMaxLineId): dropped silently, so that no id
    // arithmetic can overflow whatever an API sends.
    size_t invalid = 0;
    // A hole between the held lines and the batch (or inside it): nothing past the hole was taken.
    // The data layer refetches from `expectedId`.
    bool gap = false;
    int64_t expectedId = 0;  // with gap: the id that should have come next
    int64_t gotId = 0;       // with gap: the id that came instead
    bool ok() const { return !gap; }
};

class LogStore {
public:
    static constexpr size_t kChunkBytes = 256 * 1024;  // text arena size
    static constexpr size_t kBlockLines = 4096;        // records per block
    // Ids the store takes: |id| <= 2^53 (what JavaScript and JSON readers hold exactly).
    static constexpr int64_t kMaxLineId = int64_t{1} << 53;
    static bool validId(int64_t id) { return id >= -kMaxLineId && id <= kMaxLineId; }

    LogStore() = default;
    LogStore(const LogStore&) = delete;
    LogStore& operator=(const LogStore&) = delete;
    // A moved-from store must be clear()ed before it is used again.
    LogStore(LogStore&&) = default;
    LogStore& operator=(LogStore&&) = default;

    // Newer lines, oldest first. The first line into an empty store sets where the log starts (a
    // tail-first load may begin anywhere). Afterwards ids must continue at lastId() + 1: lines with
    // id ≤ lastId() are dropped and counted as duplicates; a line with id > lastId() + 1 is a gap:
    // it and everything after it in the batch are not taken.
    LogMergeResult append(const LogLine& line);
    // The same from a view (`text` and `*payload` are copied): a decoder that reads lines one by
    // one appends them without a LogLine (and its string) for each.
    LogMergeResult append(const LogLineView& line);
    LogMergeResult appendBatch(const std::vector<LogLine>& lines);

    // Older lines, oldest first, that end right before firstId() (pages that overlap the held range
    // are fine: lines with id ≥ firstId() are dropped as duplicates). The kept lines must be
    // contiguous and end at firstId() - 1, or nothing is taken and a gap is reported. On an empty
    // store this is appendBatch.
    LogMergeResult prependBatch(const std::vector<LogLine>& lines);
    // The same for older lines already in a store of their own (a bulk page decoded straight into
    // one, issue 20): its text chunks are adopted, not copied, and its records moved in front of
    // the held range; `older` is left empty. Lines with id ≥ firstId() are dropped as
    // duplicates; the rest must end at firstId() - 1, or nothing is taken (`older` then keeps its
    // lines) and a gap is reported. On an empty store, the store takes every line of `older`.
    LogMergeResult prependStore(LogStore&& older);

    void clear();
    // Gives back the shared chunk's unused room (up to kChunkBytes): for a store that is done
    // growing, such as a bulk page packed on its own before the log's store adopts its chunks
    // (each page would otherwise bring ~128 KB of empty chunk on average). Moves the text of the
    // lines in that chunk: views of them taken before are no longer valid. The next line starts a
    // new chunk.
    void shrinkToFit();

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    int64_t firstId() const { return size_ ? firstId_ : 0; }  // 0 when empty
    int64_t lastId() const { return size_ ? firstId_ + (static_cast<int64_t>(size_) - 1) : 0; }
    bool holds(int64_t id) const { return size_ && id >= firstId_ && id <= lastId(); }

    // i in [0, size()): line i of the held range, oldest first. lineById needs holds(id).
    LogLineView line(size_t i) const;
    LogLineView lineById(int64_t id) const { return line(static_cast<size_t>(id - firstId_)); }
    LogLevel level(size_t i) const { return static_cast<LogLevel>(rec(i).chunkLevel >> 30); }
    std::string_view text(size_t i) const;

    // Lines [begin, end) in order, walked straight through the record blocks: far cheaper per line
    // than line(i) or text(i) when a view goes over many lines. f(index, level, text) — the same
    // text(index) gives — or, without the text, f(index, level). Lines appended (or prepended) in
    // one go lie back to back in a chunk, so text(i + 1) often starts where text(i) ends: a search
    // can take such a run of lines as one piece of memory.
    template <class F>
    void forEachText(size_t begin, size_t end, F&& f) const {
        walk(begin, end, [&](size_t i, const Record& r) {
            f(i, static_cast<LogLevel>(r.chunkLevel >> 30),
              std::string_view(chunks_[r.chunkLevel & kChunkMask].data.get() + r.offset, r.length));
        });
    }
    template <class F>
    void forEachLevel(size_t begin, size_t end, F&& f) const {
        walk(begin, end,
             [&](size_t i, const Record& r) { f(i, static_cast<LogLevel>(r.chunkLevel >> 30)); });
    }

    // Lines held per level, indexed by LogLevel.
    size_t levelCount(LogLevel l) const { return levelCounts_[static_cast<size_t>(l)]; }
    size_t duplicatesDropped() const { return duplicatesDropped_; }
    size_t payloadCount() const { return payloads_.size(); }

    // Bytes held: text chunks, record blocks, payloads and bookkeeping (capacities, not sizes).
    size_t bytesUsed() const;
    // Message bytes held (what the text chunks would need with no slack).
    size_t textBytes() const { return textBytes_; }

    // Changes whenever lines are added or the store is cleared; lets views notice cheaply.
    uint64_t version() const { return version_; }
    // Changes only when the store is cleared (ids may then start over).
    uint64_t generation() const { return generation_; }

private:
    struct Record {
        int32_t at;           // ms from its block's base; kFarAt: the time is in farTimes_
        uint32_t chunkLevel;  // chunk index in the low 29 bits, kHasPayload, LogLevel in the top 2
        uint32_t offset;
        uint32_t length;
    };
    static_assert(sizeof(Record) == 16, "a log line's record should stay 16 bytes");
    struct Block {
        TimeMs base = 0;              // the times of its records are offsets from this
        bool based = false;           // set by the first record written into it
        Record records[kBlockLines];  // uninitialised: each written before it is read
    };

    struct Chunk {
        std::unique_ptr<char[]> data;
        uint32_t used = 0;
        uint32_t capacity = 0;
    };

    static constexpr uint32_t kChunkMask = 0x1FFFFFFFu;
    static constexpr uint32_t kHasPayload = 0x20000000u;
    static constexpr int32_t kFarAt = INT32_MIN;

    template <class F>
    void walk(size_t begin, size_t end, F&& f) const {
        size_t slot = head_ + begin;
        for (size_t i = begin; i < end;) {
            const Record* block = blocks_[slot / kBlockLines]->records;
            const size_t first = slot % kBlockLines;
            const size_t stop = end - i < kBlockLines - first ? first + (end - i) : kBlockLines;
            for (size_t k = first; k < stop; ++k) f(i++, block[k]);
            slot += stop - first;
        }
    }

    const Record& rec(size_t i) const {
        const size_t slot = i + head_;
        return blocks_[slot / kBlockLines]->records[slot % kBlockLines];
    }
    // Line i's time, from its record.
    TimeMs timeOf(size_t i, const Record& r) const;
    // Writes line `id`'s record into `slot`: its time (against the slot's block), level and text
    // (already in a chunk), and its payload (copied aside) if any.
    void put(size_t slot, int64_t id, TimeMs at, LogLevel level, uint32_t chunk, uint32_t offset,
             uint32_t length, const PayloadRef* payload);
    // Copies `text` into a chunk: (chunk, offset, length).
    void storeText(std::string_view text, uint32_t& chunk, uint32_t& offset, uint32_t& length);
    void pushBack(const LogLineView& line);
    void reserveFront(size_t n);

    std::vector<Chunk> chunks_;
    size_t currentChunk_ = SIZE_MAX;  // the shared chunk new text goes into
    std::deque<std::unique_ptr<Block>> blocks_;
    size_t head_ = 0;  // slot of line 0 in blocks_
    size_t size_ = 0;
    int64_t firstId_ = 0;
    std::map<int64_t, PayloadRef> payloads_;        // by line id
    std::unordered_map<int64_t, TimeMs> farTimes_;  // by line id: times ±24 days off their block's
    std::array<size_t, 4> levelCounts_{};
    size_t textBytes_ = 0;
    size_t duplicatesDropped_ = 0;
    uint64_t version_ = 0;
    uint64_t generation_ = 0;
};

}  // namespace core
