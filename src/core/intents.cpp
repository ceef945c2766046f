// core/intents.cpp — see intents.h.
#include "core/intents.h"

namespace core {

Intent& Intents::put(Intent intent) {
    if (Intent* held = findKind(intent.index())) {
        *held = std::move(intent);
        return *held;
    }
    items.push_back(std::move(intent));
    return items.back();
}

Intent* Intents::findKind(size_t index) {
    for (Intent& i : items)
        if (i.index() == index) return &i;
    return nullptr;
}

const Intent* Intents::findKind(size_t index) const {
    for (const Intent& i : items)
        if (i.index() == index) return &i;
    return nullptr;
}

}  // namespace core
