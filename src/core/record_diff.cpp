// core/record_diff.cpp — see record_diff.h.
#include "core/record_diff.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace core {

namespace {

// A field that can be a key: a CSV's column, or a JSON / XML record's field that is neither
// inside a nested object or array nor one (flattened names hold '.' or '[' then).
bool topLevelScalar(const PayloadRecords& file, const std::string& name) {
    return file.format == "csv" || name.find_first_of(".[") == std::string::npos;
}

// Record i's first kKeyFieldsPerRecord top-level scalar fields, by name (the first of a repeated
// name, as PayloadRecords::field).
using FieldIndex = std::unordered_map<std::string_view, const std::string*>;
FieldIndex indexRecord(const PayloadRecords& file, size_t i, bool& capped) {
    FieldIndex index;
    for (const auto& f : file.records[i]) {
        if (!topLevelScalar(file, f.first) || index.count(f.first)) continue;
        if (index.size() == kKeyFieldsPerRecord) {
            capped = true;
            break;
        }
        index.emplace(f.first, &f.second);
    }
    return index;
}

// A key's value as compared: ASCII case folded (as the trace); a JSON number as its value
// (12.0 = 12 = 1.2e1), exactly (digits and a power of ten, no rounding).
std::string keyValue(std::string_view v) {
    size_t i = 0;
    const auto digit = [&](size_t k) { return k < v.size() && v[k] >= '0' && v[k] <= '9'; };
    const bool neg = i < v.size() && v[i] == '-';
    if (neg) ++i;
    std::string digits;
    long exp = 0;
    bool number = digit(i) && !(v[i] == '0' && digit(i + 1));
    while (number && digit(i)) digits += v[i++];
    if (number && i < v.size() && v[i] == '.') {
        number = digit(++i);
        while (number && digit(i)) {
            digits += v[i++];
            --exp;
        }
    }
    if (number && i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
        ++i;
        const bool eneg = i < v.size() && v[i] == '-';
        if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
        number = digit(i);
        long e = 0;
        while (number && digit(i) && e < 100000) e = e * 10 + (v[i++] - '0');
        number = number && i == v.size();
        exp += eneg ? -e : e;
    }
    if (!number || i != v.size()) {
        std::string out(v);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    const size_t nz = digits.find_first_not_of('0');
    if (nz == std::string::npos) return "#0";
    digits.erase(0, nz);
    while (digits.back() == '0') {
        digits.pop_back();
        ++exp;
    }
    return std::string("#") + (neg ? "-" : "") + digits + "e" + std::to_string(exp);
}

}  // namespace

std::vector<std::string> keyCandidates(const std::vector<DiffBatch>& batches, bool* capped) {
    std::vector<std::string> out;
    bool cap = false;
    const PayloadRecords* first = nullptr;
    for (const DiffBatch& b : batches)
        if (b.pull && !b.pull->records.empty()) {
            first = b.pull;
            break;
        }
    if (!first) {
        if (capped) *capped = false;
        return out;
    }
    // The first record's fields, in its order; each dropped once a record lacks it or repeats it.
    std::vector<std::string_view> names;
    {
        FieldIndex index = indexRecord(*first, 0, cap);
        for (const auto& f : first->records[0]) {
            if (names.size() == index.size()) break;
            if (index.count(f.first) &&
                std::find(names.begin(), names.end(), f.first) == names.end())
                names.push_back(f.first);
        }
    }
    std::vector<bool> alive(names.size(), true);
    std::vector<std::unordered_set<std::string>> seen(names.size());
    for (const DiffBatch& b : batches) {
        if (!b.pull) continue;
        for (auto& s : seen) s.clear();
        for (size_t i = 0; i < b.pull->records.size(); ++i) {
            const FieldIndex index = indexRecord(*b.pull, i, cap);
            for (size_t n = 0; n < names.size(); ++n) {
                if (!alive[n]) continue;
                const auto it = index.find(names[n]);
                alive[n] = it != index.end() && !it->second->empty() &&
                           seen[n].insert(keyValue(*it->second)).second;
                if (!alive[n]) seen[n].clear();
            }
        }
    }
    for (size_t n = 0; n < names.size(); ++n)
        if (alive[n]) out.emplace_back(names[n]);
    if (capped) *capped = cap;
    return out;
}

std::vector<DiffBatch> diffBatches(const std::vector<TraceFile>& files) {
    std::vector<DiffBatch> out;
    DiffBatch early;  // push files before any pull file
    for (const TraceFile& f : files) {
        if (f.kind == PayloadKind::CustomScript || !f.records) continue;
        if (f.kind == PayloadKind::Pull) {
            out.push_back({f.records, {}, f.fileName, {}});
            if (out.size() == 1) {
                out[0].pushes = std::move(early.pushes);
                out[0].pushNames = std::move(early.pushNames);
            }
        } else {
            DiffBatch& b = out.empty() ? early : out.back();
            b.pushes.push_back(f.records);
            b.pushNames.push_back(f.fileName);
        }
    }
    if (out.empty() && !early.pushes.empty()) out.push_back(std::move(early));
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
    d.candidates = keyCandidates(batches, &d.capped);
    const bool chosenOk = !chosen.empty() && std::find(d.candidates.begin(), d.candidates.end(),
                                                       chosen) != d.candidates.end();
    d.automatic = !chosenOk;
    d.key = chosenOk ? chosen : automaticKey(d.candidates);
    for (const DiffBatch& b : batches) {
        if (b.pull) d.pulled += static_cast<int64_t>(b.pull->records.size());
        for (const PayloadRecords* p : b.pushes)
            d.pushed += static_cast<int64_t>(p->records.size());
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
        for (const PayloadRecords* p : b.pushes)
            for (size_t i = 0; i < p->records.size(); ++i)
                if (const std::string* v = p->field(i, d.key)) pushed.insert(keyValue(*v));
        for (size_t i = 0; i < b.pull->records.size(); ++i) {
            const std::string* v = b.pull->field(i, d.key);
            if (v && !pushed.count(keyValue(*v))) d.missing.push_back(*v);
        }
    }
    if (d.missing.empty()) {
        d.text = "Every pulled record was pushed (by " + d.key + ")";
        if (d.capped)
            d.text += " (the key looked for among the first " +
                      std::to_string(kKeyFieldsPerRecord) + " fields of each record)";
        return d;
    }
    d.text = std::to_string(d.missing.size()) + " not pushed: record" +
             (d.missing.size() == 1 ? "" : "s") + " with " + d.key + " ";
    for (size_t i = 0; i < d.missing.size() && i < 5; ++i) d.text += (i ? ", " : "") + d.missing[i];
    if (d.missing.size() > 5) d.text += " and " + std::to_string(d.missing.size() - 5) + " more";
    if (d.capped)
        d.text += " (the key looked for among the first " + std::to_string(kKeyFieldsPerRecord) +
                  " fields of each record)";
    return d;
}

}  // namespace core
