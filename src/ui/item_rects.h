// ui/item_rects.h — where each named widget was drawn in the last frame, for the test-facing
// `itemRect(id)` (docs/test-contract.md). Views call record() right after the widget; rects are in
// canvas CSS pixels, clipped to what is visible. Cleared at the start of every frame.
//
// Nothing is recorded, and no id is built, until a test first calls window.syncscope
// (src/web/test_api.cpp turns recording on and asks for a frame): a row's id ("log.line.42") is
// joined from its parts only while recording, so the rows drawn every frame cost nothing for it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

class ItemRects {
public:
    // At the start of every frame. The frames are drawn whole between two calls of JavaScript,
    // so once a frame has begun with recording on, JavaScript sees its rects complete.
    void clear() {
        rects_.clear();
        drawn_ = recording_;
    }
    void set(std::string id, Rect r) { rects_.insert_or_assign(std::move(id), r); }
    const Rect* find(const std::string& id) const {
        auto it = rects_.find(id);
        return it == rects_.end() ? nullptr : &it->second;
    }
    size_t size() const { return rects_.size(); }

    // Off at start; on for good from the first call (the caller then asks for a frame).
    bool recording() const { return recording_; }
    void startRecording() { recording_ = true; }
    // A frame was drawn with recording on: the rects are those of the picture on screen.
    bool ready() const { return drawn_; }

private:
    std::unordered_map<std::string, Rect> rects_;
    bool recording_ = false;
    bool drawn_ = false;
};

// Records ImGui's last item under `id`, if any part of it is visible (and rects are recorded).
void recordItem(ItemRects& rects, std::string_view id);
// The same for a table row's selectable that spans all columns: clipped to the table's visible
// area rather than to the first column, so the rect is the whole row.
void recordRow(ItemRects& rects, std::string_view id);

// An id of several parts, e.g. recordItem(items, "log.expand.", line.id): joined only while rects
// are recorded. Parts are text or integers.
inline void appendIdPart(std::string& id, std::string_view part) {
    id += part;
}
inline void appendIdPart(std::string& id, int64_t n) {
    id += std::to_string(n);
}
template <class... Parts>
std::string joinId(std::string_view first, const Parts&... rest) {
    std::string id(first);
    (appendIdPart(id, rest), ...);
    return id;
}
template <class Part, class... Parts>
void recordItem(ItemRects& rects, std::string_view first, const Part& part, const Parts&... rest) {
    if (rects.recording()) recordItem(rects, joinId(first, part, rest...));
}
template <class Part, class... Parts>
void recordRow(ItemRects& rects, std::string_view first, const Part& part, const Parts&... rest) {
    if (rects.recording()) recordRow(rects, joinId(first, part, rest...));
}

}  // namespace ui
