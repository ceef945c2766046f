// core/record_diff.cpp — see record_diff.h.
#include "core/record_diff.h"

#include <algorithm>
#include <unordered_set>

namespace core {

std::vector<std::string> keyCandidates(const std::vector<DiffBatch>& batches) {
    std::vector<std::string> out;
    const PayloadRecords* first = nullptr;
    for (const DiffBatch& b : batches)
        if (b.pull && !b.pull->records.empty()) {
            first = b.pull;
            break;
        }
    if (!first) return out;
    for (const auto& f : first->records[0]) {
        bool ok = true;
        for (const DiffBatch& b : batches) {
            if (!b.pull) continue;
            std::unordered_set<std::string> seen;
            for (size_t i = 0; i < b.pull->records.size() && ok; ++i) {
                const std::string* v = b.pull->field(i, f.first);
                ok = v && !v->empty() && seen.insert(*v).second;
            }
            if (!ok) break;
        }
        if (ok) out.push_back(f.first);
    }
    return out;
}

std::string automaticKey(const std::vector<std::string>& candidates) {
    static const char* kPreferred[] = {"id",          "sku",         "order_number", "order_id",
                                       "number",      "customer_id", "product_id",   "reference",
                                       "external_id", "email"};
    for (const char* p : kPreferred)
        for (const std::string& c : candidates)
            if (equalsFolded(c, p)) return c;
    for (const std::string& c : candidates) {
        if (c.size() > 3 && equalsFolded(std::string_view(c).substr(c.size() - 3), "_id")) return c;
    }
    return candidates.empty() ? std::string() : candidates[0];
}

RecordDiff diffPullPush(const std::vector<DiffBatch>& batches, const std::string& chosen) {
    RecordDiff d;
    d.candidates = keyCandidates(batches);
    const bool chosenOk = !chosen.empty() && std::find(d.candidates.begin(), d.candidates.end(),
                                                       chosen) != d.candidates.end();
    d.automatic = !chosenOk;
    d.key = chosenOk ? chosen : automaticKey(d.candidates);
    for (const DiffBatch& b : batches) {
        if (b.pull) d.pulled += static_cast<int64_t>(b.pull->records.size());
        if (b.push) d.pushed += static_cast<int64_t>(b.push->records.size());
    }
    if (batches.empty()) {
        d.error = "no pull file to compare";
    } else if (d.key.empty()) {
        d.error = "no field is present in every pulled record and unique in its file";
    }
    if (!d.error.empty()) {
        d.text = "Pull against push: " + d.error;
        return d;
    }
    for (const DiffBatch& b : batches) {
        if (!b.pull) continue;
        std::unordered_set<std::string> pushed;
        if (b.push) {
            for (size_t i = 0; i < b.push->records.size(); ++i)
                if (const std::string* v = b.push->field(i, d.key)) pushed.insert(*v);
        }
        for (size_t i = 0; i < b.pull->records.size(); ++i) {
            const std::string* v = b.pull->field(i, d.key);
            if (v && !pushed.count(*v)) d.missing.push_back(*v);
        }
    }
    if (d.missing.empty()) {
        d.text = "Every pulled record was pushed (by " + d.key + ")";
        return d;
    }
    d.text = std::to_string(d.missing.size()) + " not pushed: record" +
             (d.missing.size() == 1 ? "" : "s") + " with " + d.key + " ";
    for (size_t i = 0; i < d.missing.size() && i < 5; ++i) d.text += (i ? ", " : "") + d.missing[i];
    if (d.missing.size() > 5) d.text += " and " + std::to_string(d.missing.size() - 5) + " more";
    return d;
}

}  // namespace core
