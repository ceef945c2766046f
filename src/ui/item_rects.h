// ui/item_rects.h — where each named widget was drawn in the last frame, for the test-facing
// `itemRect(id)` (docs/test-contract.md). Views call record() right after the widget; rects are in
// canvas CSS pixels, clipped to what is visible. Cleared at the start of every frame.
#pragma once

#include <string>
#include <unordered_map>

namespace ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

class ItemRects {
public:
    void clear() { rects_.clear(); }
    void set(const std::string& id, Rect r) { rects_[id] = r; }
    const Rect* find(const std::string& id) const {
        auto it = rects_.find(id);
        return it == rects_.end() ? nullptr : &it->second;
    }
    size_t size() const { return rects_.size(); }

private:
    std::unordered_map<std::string, Rect> rects_;
};

// Records ImGui's last item under `id`, if any part of it is visible.
void recordItem(ItemRects& rects, const std::string& id);
// The same for a table row's selectable that spans all columns: clipped to the table's visible
// area rather than to the first column, so the rect is the whole row.
void recordRow(ItemRects& rects, const std::string& id);

}  // namespace ui
