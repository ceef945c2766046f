// tests/fuzz/fuzz_common.h — what the libFuzzer targets share: the input as a string, a check
// that aborts with a message (libFuzzer then saves the input as a crash), and equality of the
// model types the decoders produce (for the scanner-versus-DOM agreement).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/model.h"

#define FUZZ_CHECK(cond)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                                 \
        }                                                                                 \
    } while (0)

namespace fuzz {

inline std::string input(const uint8_t* data, size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

inline bool samePayload(const core::PayloadRef& a, const core::PayloadRef& b) {
    return a.id == b.id && a.kind == b.kind && a.fileName == b.fileName &&
           a.sizeBytes == b.sizeBytes && a.contentType == b.contentType &&
           a.expiresAt == b.expiresAt;
}

inline bool sameLine(const core::LogLine& a, const core::LogLine& b) {
    if (a.id != b.id || a.at != b.at || a.level != b.level || a.message != b.message) return false;
    if (a.payload.has_value() != b.payload.has_value()) return false;
    return !a.payload || samePayload(*a.payload, *b.payload);
}

inline bool sameMeta(const core::PageMeta& a, const core::PageMeta& b) {
    return a.currentPage == b.currentPage && a.perPage == b.perPage && a.total == b.total &&
           a.lastPage == b.lastPage;
}

// Every string a decoded value holds is valid UTF-8 (decoders replace what is not).
inline bool validUtf8(const std::string& s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!len || i + len > n) return false;
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

}  // namespace fuzz
