// core/secret.h — forgetting a credential: its bytes overwritten, not just its length set to 0
// (std::string::clear keeps the characters in the buffer it keeps). In the browser build freed
// memory is wiped too (web/wipe.h); this is for strings that live on, like a form's field.
#pragma once

#include <string>

namespace core {

// Overwrites `n` bytes with zeros; volatile, so it happens although they are never read again.
inline void wipeBytes(void* data, size_t n) {
    volatile unsigned char* p = static_cast<volatile unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) p[i] = 0;
}

inline void wipe(std::string& s) {
    wipeBytes(s.data(), s.capacity());
    s.clear();
    s.shrink_to_fit();
}

}  // namespace core
