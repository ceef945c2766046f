// core/record_diff.h — pull against push (issue 19 point 3): which records of a run's pull files
// never reached its push files, matched by a key field.
//
// A run's files come in batches (a pull file, then the push files stored after it, before the
// next pull file; see diffBatches). The key is a field present in every pulled record and unique
// within each pull file; the automatic choice prefers id, sku, order_number and the like; the user
// can pick another. A pulled record whose key is in no push file of its batch was not pushed. Pure
// logic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/trace.h"

namespace core {

struct DiffBatch {
    const PayloadRecords* pull = nullptr;       // null: push files with no pull file in the run
    std::vector<const PayloadRecords*> pushes;  // what was pushed: their union (maybe none)
    std::string pullName;
    std::vector<std::string> pushNames;
};

// A run's files (in log order; custom script files and unread ones are left out) in batches: a
// pull file and every push file stored after it, before the next pull file. Push files stored
// before any pull file join the first batch (one without a pull when the run has none).
std::vector<DiffBatch> diffBatches(const std::vector<TraceFile>& files);

// A key is looked for among the first this many top-level scalar fields of each record (a
// hostile file's record may hold millions of fields).
constexpr size_t kKeyFieldsPerRecord = 256;

// Top-level scalar fields (a CSV's columns; no nested object's or array's values) present in
// every record of every pull file and unique within each, in the first record's order; among the
// first kKeyFieldsPerRecord such fields of each record (`capped` set when a record has more).
std::vector<std::string> keyCandidates(const std::vector<DiffBatch>& batches,
                                       bool* capped = nullptr);
// The automatic key among `candidates` ("" when there is none).
std::string automaticKey(const std::vector<std::string>& candidates);

struct RecordDiff {
    std::string key;  // the field matched on ("" when none could be)
    bool automatic = true;
    bool capped = false;  // a record had more than kKeyFieldsPerRecord candidate fields
    std::vector<std::string> candidates;
    int64_t pulled = 0;                // records in the pull files
    int64_t pushed = 0;                // records in the push files
    std::vector<std::string> missing;  // the keys of the pulled records not pushed, in file order
    std::string error;                 // why there is no comparison
    std::string text;                  // "2 not pushed: records with sku CAP-NVY-OS-0, …"
};

// `chosen` empty (or not a candidate): the automatic key.
RecordDiff diffPullPush(const std::vector<DiffBatch>& batches, const std::string& chosen);

}  // namespace core
