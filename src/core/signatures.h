// core/signatures.h — the warning and error lines of a log grouped into signatures.
//
// A signature is a message's first line (at most kMaxSignatureBytes) with its variable parts —
// URLs, e-mails, UUIDs, times, quoted strings, hex runs, numbers — masked as "…" (maskMessage;
// the rules, in order, are published in docs/test-contract.md, "Signatures"). Lines of one level
// whose masked text is the same share a signature: "SKU 'A-1' not found" and "SKU 'B-22' not
// found" are one signature, "SKU '…' not found", counted twice.
//
// The index is kept INCREMENTALLY, like core::FilteredLog: update() groups only lines appended or
// prepended since the last call, so a live page costs only its new lines. Older lines (a back-fill
// block in front) can be grouped a slice at a time (a line budget per call) so that a million
// lines arriving at once never stall a frame; ready() says whether every held line is grouped.
// The budget counts lines masked (warnings and errors), not lines looked at: a log of mostly info
// lines is grouped whole in one call, one of nothing but warnings a slice at a time. Newer lines
// are always grouped at once.
//
// Ids are stable: 1, 2, … in the order signatures were first met while grouping, never reused
// while the store is not cleared (a cleared store starts over). Rows may reorder by count; ids do
// not move.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/cost_meter.h"
#include "core/log_store.h"

namespace core {

// A byte range [first, second) of a masked text.
using TextSpan = std::pair<uint32_t, uint32_t>;

struct MaskedText {
    std::string text;                // the first line, masked; every variable part is "…"
    std::vector<TextSpan> variable;  // where each "…" that masks a variable part sits in `text`
};

// At most this many bytes of a message's first line make its signature (cut at a character).
constexpr size_t kMaxSignatureBytes = 1024;

// The signature text of `message`: its first line (up to '\n' or '\r'), at most
// kMaxSignatureBytes, with its variable parts masked (see docs/test-contract.md, "Signatures").
MaskedText maskMessage(std::string_view message);
// The same into `out` (its buffers reused; no allocation once warm).
void maskMessage(std::string_view message, MaskedText& out);

// The lines of one signature, oldest first: 8 bytes a line, growing at both ends (older lines
// arrive in front) without moving what is held. Most signatures hold a few lines; nothing is
// allocated in blocks up front (a log may have thousands of signatures).
class SignatureLines {
public:
    size_t size() const { return front_.size() + back_.size(); }
    bool empty() const { return size() == 0; }
    int64_t operator[](size_t i) const {
        return i < front_.size() ? front_[front_.size() - 1 - i] : back_[i - front_.size()];
    }
    size_t lowerBound(int64_t id) const;  // index of the first id >= `id` (size() if none)
    size_t upperBound(int64_t id) const;  // index of the first id > `id` (size() if none)
    void push_back(int64_t id) { back_.push_back(id); }
    // Puts `ids` (sorted, all below the first id held) in front.
    void prepend(const std::vector<int64_t>& ids) {
        front_.insert(front_.end(), ids.rbegin(), ids.rend());
    }

private:
    std::vector<int64_t> front_;  // older lines, newest first
    std::vector<int64_t> back_;   // the rest, oldest first
};

struct Signature {
    uint32_t id = 0;  // 1, 2, … in the order first met
    LogLevel level = LogLevel::Warning;
    std::string text;                // masked, "…" for each variable part
    std::vector<TextSpan> variable;  // where the "…"s are in `text`
    size_t count = 0;                // lines grouped under it
    int64_t firstLine = 0;           // the oldest and newest of them (store ids: line numbers)
    int64_t lastLine = 0;
    SignatureLines lines;  // every line of it, oldest first
};

class SignatureIndex {
public:
    // Groups the warning and error lines `store` gained since the last call: every line appended
    // after the lines grouped, and the lines in front of them, newest first, kSliceLines at a
    // time, until `frontBudget` lines were masked (0: all of them). A cleared store (a new
    // generation) starts over. Returns whether anything changed.
    bool update(const LogStore& store, size_t frontBudget = 0);

    // Every held line is grouped.
    bool ready() const { return ready_; }
    // Lines looked at so far (every level), for the panel's "grouping… N of M lines".
    size_t groupedLines() const {
        return knownFirst_ > knownLast_ ? 0 : static_cast<size_t>(knownLast_ - knownFirst_ + 1);
    }

    size_t size() const { return signatures_.size(); }
    const std::vector<Signature>& all() const { return signatures_; }  // by id: all()[id - 1]
    const Signature* byId(uint32_t id) const {
        return id >= 1 && id <= signatures_.size() ? &signatures_[id - 1] : nullptr;
    }
    // Ids by count, most first; equal counts by level (errors first), then by id. Sorted again
    // only when the index changed.
    const std::vector<uint32_t>& byCount() const;

    // Changes whenever a signature gained lines or the index started over.
    uint64_t version() const { return version_; }
    // The store generation the index was built for (core::LogStore::generation()).
    uint64_t generation() const { return generation_; }

    // At most this many signatures are kept; the lines of any further one are grouped under one
    // signature per level, "(more than 5,000 different messages)", so that a log whose messages
    // mask to nothing alike cannot hold a map entry per line.
    static constexpr size_t kMaxSignatures = 5000;
    // Older lines are looked at in slices of this many lines (a budget is checked between them).
    static constexpr int64_t kSliceLines = 1024;

    // Instrumentation for tests and benchmarks: messages masked so far.
    uint64_t linesMasked() const { return linesMasked_; }
    // Time spent in update() so far (state().log.signaturesMs; the insights' cost, issue 20).
    double costMs() const { return cost_.ms(); }

private:
    void reset(uint64_t generation);
    // Groups store lines [begin, end) (indices into the store), their ids put at the back (or,
    // with `front`, collected and put in front afterwards).
    // Returns the lines masked.
    size_t group(const LogStore& store, size_t begin, size_t end, bool front);

    std::vector<Signature> signatures_;
    std::unordered_map<std::string, uint32_t> byKey_;  // level byte + masked text -> id
    std::vector<std::vector<int64_t>> frontIds_;       // per id: a front slice's lines
    std::vector<uint32_t> touched_;                    // ids a front slice added to
    mutable std::vector<uint32_t> order_;              // byCount(), as of orderVersion_
    mutable uint64_t orderVersion_ = ~uint64_t{0};
    uint32_t overflow_[2] = {0, 0};  // the catch-all ids (warning, error)
    MaskedText scratch_;
    CostMeter cost_;
    std::string key_;
    int64_t knownFirst_ = 0;  // store ids grouped; knownFirst_ > knownLast_ when none
    int64_t knownLast_ = -1;
    uint64_t generation_ = ~uint64_t{0};
    bool ready_ = true;
    uint64_t version_ = 0;
    uint64_t linesMasked_ = 0;
};

}  // namespace core
