// core/secret.h — forgetting a credential: its bytes overwritten, not just its length set to 0
// (std::string::clear keeps the characters in the buffer it keeps). In the browser build freed
// memory is wiped too (web/wipe.h); this is for strings that live on, like a form's field.
#pragma once

#include <string>

namespace core {

inline void wipe(std::string& s) {
    volatile char* p = s.data();
    for (size_t i = 0; i < s.capacity(); ++i) p[i] = 0;
    s.clear();
    s.shrink_to_fit();
}

}  // namespace core
