// web/wipe.h — freed memory is wiped. The token (and a password, while it is being sent) passes
// through many short-lived strings: the login field, the Authorization header, request copies,
// the /login answer. Freed wasm memory keeps its bytes until reused, and the page can read its
// whole heap; so in this build every free overwrites the block first: C++'s operator delete (all
// of std::string, std::vector, nlohmann), ImGui's allocator (its text fields' buffers), the
// strings JavaScript hands over, and the fetch API's answer buffers. Defence in depth: only the
// page itself can read its heap. Costs a memset per free.
#pragma once

#include <cstddef>

namespace web {

// Overwrites the block with zeros, then frees it. Null is a no-op.
void wipeAndFree(void* p);

// ImGui's allocator pair (ImGui::SetAllocatorFunctions): malloc, and wipeAndFree.
void* imguiAlloc(size_t size, void* user);
void imguiFree(void* p, void* user);

}  // namespace web
