// server/hostile_data.cpp — see hostile_data.h.
#include "hostile_data.h"

#include <string>

namespace syncscope::demo {

namespace {

constexpr std::int64_t kLineGapMs = 10;

std::uint64_t next(std::uint64_t& state) {  // splitmix64, as the rest of the demo
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// A line of nonsense: printable ASCII mostly, then control bytes, stray UTF-8 pieces, whole
// multi-byte characters and escape sequences, in random runs.
std::string nonsense(std::uint64_t& rng, std::size_t length) {
    static const char* const kPieces[] = {"\x1b[31m",
                                          "\x1b[0m",
                                          "\x1b[1;4;38;5;208m",
                                          "\x1b]0;title\x07",
                                          "\r",
                                          "\t",
                                          "\x7f",
                                          "\x01",
                                          "\x08",
                                          "\xff",
                                          "\xc3",
                                          "\xe2\x82",
                                          "\xf0\x9f",
                                          "\xd0\x96",
                                          "\xce\xa9",
                                          "\xe2\x80\xae",
                                          "\xef\xbb\xbf"};
    std::string s;
    while (s.size() < length) {
        const std::uint64_t r = next(rng);
        if (r % 7 == 0) {
            s += kPieces[(r >> 8) % (sizeof kPieces / sizeof *kPieces)];
        } else {
            for (int k = 0; k < 6 && s.size() < length; ++k)
                s += static_cast<char>(0x20 + ((r >> (8 + 8 * k)) % 95));
        }
    }
    return s;
}

std::string long_message() {
    // 2-byte letters and ASCII: 100,000 characters, about 170 KB.
    const std::u32string pattern = U"Привет, мир! Καλημέρα κόσμε — Grüße aus Łódź. ";
    std::string out;
    for (std::int64_t chars = 0; chars < kHostileLongMessageChars; ++chars) {
        const char32_t c = pattern[static_cast<std::size_t>(chars) % pattern.size()];
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

std::string big_payload() {
    std::string out = "[";
    std::uint64_t rng = 42;
    for (int i = 1; out.size() < static_cast<std::size_t>(kHostilePayloadBytes); ++i) {
        if (i > 1) out += ',';
        out += "{\"id\":" + std::to_string(i) + ",\"sku\":\"SKU-" + std::to_string(100000 + i) +
               "\",\"qty\":" + std::to_string(next(rng) % 50) +
               ",\"name\":\"Widget \\u00e9\\u00e8 \\\"quoted\\\" \\\\ "
               "\\u001b[0m\",\"tags\":[\"a\",\"b\"],"
               "\"notes\":\"" +
               std::string(static_cast<std::size_t>(next(rng) % 200), 'n') + "\"}";
    }
    return out + "]";
}

// A JSON array of exactly `bytes` bytes (at least 64): numbered orders, padded at the end.
std::string sized_payload(std::size_t bytes) {
    std::string out;
    out.reserve(bytes);
    out += '[';
    for (std::int64_t i = 1;; ++i) {
        std::string item = "{\"id\":" + std::to_string(i) + ",\"sku\":\"SKU-" +
                           std::to_string(100000 + i) + "\",\"notes\":\"" + std::string(80, 'n') +
                           "\"},\n";
        if (out.size() + item.size() + 40 > bytes) break;
        out += item;
    }
    const std::size_t pad = bytes - out.size() - 18;  // {"end":"…"}] and its quotes
    out += "{\"end\":\"" + std::string(pad, 'z') + "\"}]";
    out.resize(bytes, ' ');
    return out;
}

}  // namespace

SyncPlan plan_hostile_sync(std::int64_t id, std::int64_t service_id, std::int64_t start_ms,
                           std::int64_t big_payload_mb) {
    SyncPlan plan;
    plan.id = id;
    plan.service_id = service_id;
    plan.trigger = SyncTrigger::Manual;
    plan.started_at_ms = start_ms;
    std::int64_t at = start_ms;
    auto emit = [&](LogLevel level, std::string message) -> LogLine& {
        LogLine line;
        line.at_ms = at;
        at += kLineGapMs;
        line.level = level;
        line.message = std::move(message);
        plan.lines.push_back(std::move(line));
        return plan.lines.back();
    };
    emit(LogLevel::Info,
         "Hostile data follows: a 1 MB line, bytes that are not UTF-8, control characters and "
         "ANSI escapes, a 100,000-character message, a 10 MB payload, 5,000 lines of nonsense");
    std::string mb;
    while (mb.size() < static_cast<std::size_t>(kHostileLongLineBytes))
        mb += "one-megabyte-line " + std::to_string(mb.size()) + " ";
    mb.resize(static_cast<std::size_t>(kHostileLongLineBytes));
    emit(LogLevel::Warning, std::move(mb));
    emit(
        LogLevel::Error,
        "Not UTF-8: \xff\xfe Latin-1 caf\xe9, cut \xc3, overlong \xc0\xaf, surrogate \xed\xa0\x80, "
        "past U+10FFFF \xf4\x90\x80\x80 end");
    emit(LogLevel::Info,
         "Control characters: NUL? no; SOH \x01 BEL \x07 BS \x08 VT \x0b FF \x0c DEL \x7f CR\rLF");
    emit(LogLevel::Warning,
         "ANSI: \x1b[31mred\x1b[0m \x1b[1;4mbold underline\x1b[0m \x1b[2J\x1b[H cleared? "
         "\x1b]0;window title\x07 \x1b[38;5;208morange\x1b[0m RTL \xe2\x80\xae"
         " desrever");
    emit(LogLevel::Info, long_message());
    LogLine& payloadLine = emit(LogLevel::Info, "Pulled 10 MB of orders (payload stored)");
    Payload p;
    p.id = id * 10 + 1;
    p.kind = PayloadKind::Pull;
    p.file_name = "hostile-" + std::to_string(id) + "-10mb.json";
    p.content_type = "application/json";
    p.bytes = big_payload();
    p.stored_at_ms = payloadLine.at_ms;
    payloadLine.payload = 0;
    plan.payloads.push_back(std::move(p));
    if (big_payload_mb > 0) {
        LogLine& bigLine = emit(LogLevel::Info, "Pulled " + std::to_string(big_payload_mb) +
                                                    " MB of orders (payload stored)");
        Payload b;
        b.id = id * 10 + 2;
        b.kind = PayloadKind::Pull;
        b.file_name =
            "hostile-" + std::to_string(id) + "-" + std::to_string(big_payload_mb) + "mb.json";
        b.content_type = "application/json";
        b.bytes = sized_payload(static_cast<std::size_t>(big_payload_mb) * 1024 * 1024);
        b.stored_at_ms = bigLine.at_ms;
        bigLine.payload = static_cast<std::int32_t>(plan.payloads.size());
        plan.payloads.push_back(std::move(b));
    }
    std::uint64_t rng = 7;
    for (std::int64_t i = 1; i <= kHostileNonsenseLines; ++i) {
        const std::uint64_t r = next(rng);
        std::string text = nonsense(rng, static_cast<std::size_t>(r % 2001));
        if (i % kHostileNeedleEvery == 0) text += " ZEBRA-42 ";
        emit(static_cast<LogLevel>((r >> 20) % 4), std::move(text));
    }
    // A message of several lines, as an API error answer is often logged: collapsed to its first
    // line with "↵ +6 more lines", expanded whole.
    emit(LogLevel::Error,
         "NetSuite answered 400 Bad Request:\n{\n  \"error\": {\n    \"code\": "
         "\"INVALID_FLD_VALUE\",\n    \"message\": \"Invalid SKU: SOCK-BLK-3PK\"\n  }\n}");
    emit(LogLevel::Error, "Sync failed: hostile input (this is the last line)");
    plan.finished_at_ms = at - kLineGapMs;
    plan.outcome = SyncStatus::Partial;
    plan.summary = "Hostile data for the reliability tests: long lines, bad bytes, a 10 MB payload";
    return plan;
}

}  // namespace syncscope::demo
