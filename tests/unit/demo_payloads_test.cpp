// tests/unit/demo_payloads_test.cpp — issue 19's demo data: the payload files of a manual run
// agree with its log. Each batch stores pull, custom-script and push files holding all its
// records; "record R of batch P" in a line is record R (from 1) of that batch's files and the
// line names the record's key; a record a line says was not pushed is in the pull and
// custom-script files and missing from the push file; every entity's key is unique in a file.
#include "../../server/demo_data.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace syncscope::demo;

constexpr std::int64_t kNow = 1795847400000;  // 2026-11-28T06:30:00.000Z
constexpr std::int64_t kMinute = 60 * 1000;

using Record = std::map<std::string, std::string>;

// The records of a file as field → text, read with nothing of the server's code.
std::vector<Record> records_of(const Payload& p) {
    std::vector<Record> out;
    if (p.content_type == "application/json") {
        const auto doc = nlohmann::json::parse(p.bytes, nullptr, false);
        if (doc.is_discarded() || !doc.contains("data")) return out;
        for (const auto& item : doc["data"]) {
            Record r;
            for (auto it = item.begin(); it != item.end(); ++it)
                r[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
            out.push_back(r);
        }
    } else if (p.content_type.rfind("text/csv", 0) == 0) {
        std::vector<std::vector<std::string>> rows;
        std::size_t start = 0;
        while (start < p.bytes.size()) {
            std::size_t end = p.bytes.find('\n', start);
            if (end == std::string::npos) end = p.bytes.size();
            std::vector<std::string> cells;
            std::size_t c = start;
            for (;;) {
                const std::size_t comma = p.bytes.find(',', c);
                if (comma == std::string::npos || comma > end) {
                    cells.push_back(p.bytes.substr(c, end - c));
                    break;
                }
                cells.push_back(p.bytes.substr(c, comma - c));
                c = comma + 1;
            }
            rows.push_back(cells);
            start = end + 1;
        }
        for (std::size_t i = 1; i < rows.size(); ++i) {
            Record r;
            for (std::size_t j = 0; j < rows[0].size() && j < rows[i].size(); ++j)
                r[rows[0][j]] = rows[i][j];
            out.push_back(r);
        }
    } else {
        const std::regex record("<record>([\\s\\S]*?)</record>");
        const std::regex field("<([a-z_]+)>([^<]*)</\\1>");
        for (auto it = std::sregex_iterator(p.bytes.begin(), p.bytes.end(), record);
             it != std::sregex_iterator(); ++it) {
            const std::string body = (*it)[1];
            Record r;
            for (auto f = std::sregex_iterator(body.begin(), body.end(), field);
                 f != std::sregex_iterator(); ++f)
                r[(*f)[1]] = (*f)[2];
            out.push_back(r);
        }
    }
    return out;
}

std::string key_field(const std::string& entity) {
    if (entity == "products" || entity == "stock") return "sku";
    if (entity == "customers") return "customer_id";
    return "order_number";
}

struct Batch {
    const Payload* pull = nullptr;
    const Payload* script = nullptr;
    const Payload* push = nullptr;
    std::int64_t pulled = -1;  // "Pulled page P …: n records"
    std::int64_t pushed = -1;  // "Pushed k of n …"
};

bool has_key(const std::vector<Record>& records, const std::string& field,
             const std::string& value) {
    for (const Record& r : records) {
        auto it = r.find(field);
        if (it != r.end() && it->second == value) return true;
    }
    return false;
}

TEST(DemoPayloads, EveryBatchOfAManualRunKeepsFilesThatAgreeWithItsLog) {
    int runs = 0;
    int batches = 0;
    int record_lines = 0;   // "record R of batch P" lines checked
    int named_lines = 0;    // rejected / failed validation / duplicate lines checked
    int later_batches = 0;  // batches after the first with files
    std::size_t largest = 0;
    for (std::uint64_t seed : {1u, 3u, 5u, 7u}) {
        SimulationConfig c;
        c.seed = seed;
        c.start_ms = kNow;
        Simulation sim(c);
        const std::int64_t now = sim.advance_to(kNow + 5 * kMinute);
        for (const auto& plan : sim.all_syncs(now)) {
            if (plan->payloads.empty() || plan->trigger != SyncTrigger::Manual) continue;
            if (sync_state(*plan, now).status == SyncStatus::Running) continue;
            ++runs;
            const Service* svc = sim.base().find_service(plan->service_id);
            ASSERT_NE(svc, nullptr);
            const std::string key = key_field(svc->source.entity);
            std::map<std::int64_t, Batch> by_page;
            std::int64_t page = 0;
            struct Named {
                std::int64_t page;
                std::string message;
            };
            std::vector<Named> named;
            const std::regex pulled_re("^Pulled page (\\d+) of \\d+ of .*: (\\d+) records$");
            const std::regex pushed_re("^Pushed (\\d+) of (\\d+) .*\\(batch (\\d+)\\)$");
            for (const LogLine& line : plan->lines) {
                std::smatch m;
                if (std::regex_match(line.message, m, pulled_re)) {
                    page = std::stoll(m[1]);
                    by_page[page].pulled = std::stoll(m[2]);
                } else if (std::regex_match(line.message, m, pushed_re)) {
                    EXPECT_EQ(std::stoll(m[3]), page);
                    by_page[page].pushed = std::stoll(m[1]);
                } else if (line.level != LogLevel::Info && line.level != LogLevel::Debug) {
                    named.push_back({page, line.message});
                }
                if (line.payload >= 0) {
                    const Payload& p = plan->payloads[static_cast<std::size_t>(line.payload)];
                    Batch& b = by_page[page];
                    (p.kind == PayloadKind::Pull   ? b.pull
                     : p.kind == PayloadKind::Push ? b.push
                                                   : b.script) = &p;
                    EXPECT_EQ(sim.find_payload_sync(p.id, now).get(), plan.get()) << p.id;
                    largest = std::max(largest, p.bytes.size());
                }
            }
            for (const auto& [p, b] : by_page) {
                ++batches;
                later_batches += p > 1 ? 1 : 0;
                ASSERT_NE(b.pull, nullptr) << "sync " << plan->id << " batch " << p;
                ASSERT_NE(b.script, nullptr) << "sync " << plan->id << " batch " << p;
                const auto pull = records_of(*b.pull);
                const auto script = records_of(*b.script);
                EXPECT_EQ(static_cast<std::int64_t>(pull.size()), b.pulled) << b.pull->file_name;
                EXPECT_EQ(script.size(), pull.size()) << b.script->file_name;
                for (const auto* file : {&pull, &script}) {
                    std::set<std::string> keys;
                    for (const Record& r : *file) {
                        ASSERT_TRUE(r.count(key)) << b.pull->file_name;
                        EXPECT_TRUE(keys.insert(r.at(key)).second)
                            << key << " " << r.at(key) << " twice in " << b.pull->file_name;
                    }
                }
                if (b.pushed < 0) continue;  // the batch that timed out pushed nothing
                ASSERT_NE(b.push, nullptr) << "sync " << plan->id << " batch " << p;
                const auto push = records_of(*b.push);
                EXPECT_EQ(static_cast<std::int64_t>(push.size()), b.pushed) << b.push->file_name;
                for (const Record& r : push) EXPECT_TRUE(has_key(pull, key, r.at(key)));
            }
            // Each line naming a record: that record is pulled, transformed and not pushed.
            const std::regex record_re("record (\\d+) of batch (\\d+) skipped");
            for (const Named& n : named) {
                std::smatch m;
                const Batch& b = by_page[n.page];
                if (std::regex_search(n.message, m, record_re)) {
                    ++record_lines;
                    const std::int64_t r = std::stoll(m[1]);
                    EXPECT_EQ(std::stoll(m[2]), n.page) << n.message;
                    const auto pull = records_of(*b.pull);
                    ASSERT_LE(r, static_cast<std::int64_t>(pull.size())) << n.message;
                    const Record& rec = pull[static_cast<std::size_t>(r - 1)];
                    if (rec.count("sku")) {  // (customers, fulfilments, refunds have none)
                        EXPECT_NE(n.message.find("'" + rec.at("sku") + "'"), std::string::npos)
                            << n.message;
                    }
                    EXPECT_NE(n.message.find(rec.at(key)), std::string::npos) << n.message;
                    EXPECT_EQ(records_of(*b.script)[static_cast<std::size_t>(r - 1)], rec);
                    if (b.push) {
                        EXPECT_FALSE(has_key(records_of(*b.push), key, rec.at(key))) << n.message;
                    }
                    continue;
                }
                // "Order #123 rejected by …", "… failed validation …", "… already exists …".
                if (n.message.find(" rejected by ") == std::string::npos &&
                    n.message.find(" failed validation") == std::string::npos &&
                    n.message.find(" already exists in ") == std::string::npos)
                    continue;
                int in_pull = 0;
                std::string found;
                for (const Record& rec : records_of(*b.pull)) {
                    const std::string& k = rec.at(key);
                    const std::string word = key == "customer_id" ? "customer " + k + " "
                                             : key == "sku"       ? "'" + k + "'"
                                                                  : k + " ";
                    if (n.message.find(word) != std::string::npos ||
                        (!n.message.empty() && n.message.find(word.substr(1)) == 1 &&
                         std::tolower(static_cast<unsigned char>(n.message[0])) == word[0])) {
                        ++in_pull;
                        found = k;
                    }
                }
                ASSERT_EQ(in_pull, 1) << n.message << " in " << b.pull->file_name;
                ++named_lines;
                EXPECT_TRUE(has_key(records_of(*b.script), key, found));
                if (b.push) {
                    EXPECT_FALSE(has_key(records_of(*b.push), key, found)) << n.message;
                }
            }
        }
    }
    EXPECT_GE(runs, 20);
    EXPECT_GE(later_batches, 10);
    EXPECT_GE(record_lines, 3);
    EXPECT_GE(named_lines, 3);
    EXPECT_GE(batches, runs);
    EXPECT_LE(largest, 64u * 1024) << "a batch's file stays small";
}

}  // namespace
