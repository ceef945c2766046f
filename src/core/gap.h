// core/gap.h — the gap between pulled and pushed, explained from the log (issue 17 point 3).
//
// When a run pushed fewer records than it pulled, the log header says why, as far as the log
// tells: "2 not pushed · SKU '…' not found in NetSuite; record … skipped ×2 (lines 6, 7)". The
// causes are the signatures (core/signatures.h) whose text names records that were skipped,
// rejected, failed or duplicated; a line naming one record counts one, a line saying "3 records
// skipped" counts three (read from the line's own text); the run's closing summary ("Sync
// finished with 2 records skipped: …") and tallies ("Pushed 48 of 50 …") are never causes. The
// recognisers are published in docs/data-layer.md ("The gap explained"); keep the two in step.
//
// The causes add up to at most the gap; the rest is "N not accounted for in the log". Nothing
// here guesses: a line that does not match a recogniser is not a cause.
//
// Pure logic over a LogStore and a SignatureIndex. GapTracker recomputes only when the index's
// version, the store's generation or the sync's counts / state change; GapNotes keeps the last
// explanations by sync id for the summary's tooltips.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace core {

class LogStore;
class SignatureIndex;
struct Signature;

// What a line's text says about records (its first line; see docs/data-layer.md).
enum class RecordClaim : uint8_t {
    None,     // names no record that was skipped, rejected, failed or duplicated
    Summary,  // the run's closing summary or a tally ("Sync finished …", "Pushed 48 of 50 …")
    One,      // names one such record ("Order #1001 rejected by NetSuite: …")
    Counted,  // says how many ("3 records skipped", "Skipped 2 duplicate orders")
};
const char* toString(RecordClaim c);  // "none", "summary", "one", "counted"

struct RecordsNamed {
    RecordClaim claim = RecordClaim::None;
    // One: 1. Counted: the sum of the counts the text says (a masked "…" counts 0). Else 0.
    int64_t count = 0;
};

// The recognisers, on a line's text (only its first line is read) or on a signature's masked
// text (where "…" stands for a number).
RecordsNamed recordsNamed(std::string_view text);

// Line ids kept per cause (the first ones).
constexpr size_t kGapLinesKept = 20;

struct GapCause {
    uint32_t signature = 0;      // its id in the SignatureIndex
    std::string text;            // the signature's masked text
    int64_t count = 0;           // records counted toward the gap (≤ named; < only when capped)
    int64_t named = 0;           // records its lines name
    size_t lineCount = 0;        // lines naming them
    std::vector<int64_t> lines;  // the first of those lines (at most kGapLinesKept)
};

struct GapExplanation {
    int64_t pulled = 0;
    int64_t pushed = 0;
    int64_t notPushed = 0;  // pulled − pushed (> 0)
    // Most records first (then the first line); only causes that count at least one record.
    std::vector<GapCause> causes;
    int64_t unexplained = 0;  // notPushed − the causes' counts (≥ 0)
    int64_t named = 0;        // records the causes' lines name in all (may exceed notPushed)
    // The log names more records than the gap: the counts were cut to it, most records first
    // (a record named twice, or skipped and then pushed on a retry, is named more than once).
    bool capped = false;
    bool soFar = false;   // the sync still runs: what it has not pushed so far
    bool allRead = true;  // every line of the log was held and grouped when this was computed
    std::string text;     // the header's words (gapText)
};

// What each signature says toward the gap, kept across calls so that only what changed is read
// again: the kind of its masked text (read once), and for a "N records skipped" signature the
// records its lines say, from the lines not yet read at either end (as FilteredLog takes a
// signature's lines). Reset when the store is cleared (ids start over).
class GapCauseCache {
public:
    struct Entry {
        bool kindKnown = false;
        RecordsNamed kind;
        int64_t named = 0;             // Counted: records the lines read say
        size_t lineCount = 0;          // Counted: lines read that say a number
        std::vector<int64_t> lines;    // Counted: the first of them (at most kGapLinesKept)
        int64_t first = 0, last = -1;  // Counted: the ids read (first > last: none)
    };
    // The entry of `s`, brought up to date with its lines held in `store`.
    const Entry& update(const LogStore& store, const Signature& s);

private:
    std::vector<Entry> entries_;  // by signature id - 1
    uint64_t generation_ = ~uint64_t{0};
};

// The explanation of the gap of a sync that pulled `pulled` and pushed `pushed` (-1: unknown),
// from the signatures of `store`'s lines. nullopt when there is no gap: a count unknown (a
// Patchworks Core run), or pushed ≥ pulled. With `cache` (kept by the caller for this store),
// only lines not read before are read.
std::optional<GapExplanation> explainGap(const LogStore& store, const SignatureIndex& signatures,
                                         int64_t pulled, int64_t pushed, bool running, bool allRead,
                                         GapCauseCache* cache = nullptr);

// The header's words: "2 not pushed · SKU '…' not found in NetSuite; record … skipped ×2 (lines
// 6, 7) · 1 not accounted for in the log". At most kGapCausesInText causes are spelled out, the
// rest summed ("· 2 more causes: 5 records").
constexpr size_t kGapCausesInText = 4;
std::string gapText(const GapExplanation& g);

// Keeps a log's explanation up to date, recomputing only when something it depends on changed.
class GapTracker {
public:
    // Returns whether the explanation was recomputed.
    bool update(const LogStore& store, const SignatureIndex& signatures, int64_t pulled,
                int64_t pushed, bool running, bool allRead);
    const std::optional<GapExplanation>& explanation() const { return explanation_; }
    uint64_t computations() const { return computations_; }  // for tests

private:
    struct Key {
        uint64_t signaturesVersion = 0;
        uint64_t storeGeneration = 0;
        int64_t pulled = 0, pushed = 0;
        bool running = false, allRead = false;
        bool operator==(const Key& o) const {
            return signaturesVersion == o.signaturesVersion &&
                   storeGeneration == o.storeGeneration && pulled == o.pulled &&
                   pushed == o.pushed && running == o.running && allRead == o.allRead;
        }
    };
    std::optional<Key> key_;
    std::optional<GapExplanation> explanation_;
    GapCauseCache cache_;
    uint64_t computations_ = 0;
};

// The last explanations computed, by sync id (the summary's tooltip for a run whose log was
// read): at most kCapacity, the oldest forgotten first.
class GapNotes {
public:
    static constexpr size_t kCapacity = 32;
    void put(int64_t syncId, const GapExplanation& g);
    void erase(int64_t syncId);
    const GapExplanation* find(int64_t syncId) const;
    size_t size() const { return notes_.size(); }

private:
    std::deque<std::pair<int64_t, GapExplanation>> notes_;  // oldest first
};

}  // namespace core
