// web/wipe.cpp — see wipe.h.
#include "web/wipe.h"

#include <malloc.h>

#include <string.h>

#include <cstdlib>
#include <new>

namespace web {

void wipeAndFree(void* p) {
    if (!p) return;
    // explicit_bzero: a memset the compiler may not drop although the block is never read again.
    explicit_bzero(p, malloc_usable_size(p));
    std::free(p);
}

void* imguiAlloc(size_t size, void*) {
    return std::malloc(size);
}

void imguiFree(void* p, void*) {
    wipeAndFree(p);
}

}  // namespace web

// The replaceable deallocation functions ([new.delete]): operator new stays the library's
// (malloc), so these pair with it.
void operator delete(void* p) noexcept {
    web::wipeAndFree(p);
}
void operator delete[](void* p) noexcept {
    web::wipeAndFree(p);
}
void operator delete(void* p, size_t) noexcept {
    web::wipeAndFree(p);
}
void operator delete[](void* p, size_t) noexcept {
    web::wipeAndFree(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    web::wipeAndFree(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    web::wipeAndFree(p);
}
