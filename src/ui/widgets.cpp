// ui/widgets.cpp — see widgets.h.
#include "ui/widgets.h"

#include <cstdarg>

#include "imgui_internal.h"  // ActivateItemByID, activation flags

namespace ui {
namespace {

int resizeCallback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}

}  // namespace

bool inputText(const char* label, const char* hint, std::string& value, ImGuiInputTextFlags flags) {
    flags |= ImGuiInputTextFlags_CallbackResize;
    if (value.capacity() < 16) value.reserve(16);
    return ImGui::InputTextWithHint(label, hint, value.data(), value.capacity() + 1, flags,
                                    resizeCallback, &value);
}

namespace {

void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

void activateNext(const char* label) {
    // By id, not SetKeyboardFocusHere: that goes through tab scoring, which found nothing in our
    // one-window layout. PreferInput makes the activation start text input.
    ImGui::ActivateItemByID(ImGui::GetID(label));
    ImGui::GetCurrentContext()->NavNextActivateFlags = ImGuiActivateFlags_PreferInput;
}

bool searchField(const char* label, const char* hint, std::string& value, FocusRequest& focus) {
    ImGuiIO& io = ImGui::GetIO();
    if (focus.requested) {
        activateNext(label);
        focus.requested = false;
        focus.catchFrames = 8;
    }
    if (focus.catchFrames > 0) {
        for (ImWchar c : io.InputQueueCharacters) focus.held.push_back(c);
        io.InputQueueCharacters.clear();
    }
    bool changed = inputText(label, hint, value);
    if (focus.catchFrames > 0) {
        const bool active = ImGui::IsItemActive();
        if (active || --focus.catchFrames == 0) {
            if (active) {
                // Replay ahead of everything still queued (typing goes on while we wait), so the
                // held characters come first, in the order they were typed.
                ImGuiContext& g = *ImGui::GetCurrentContext();
                for (size_t i = 0; i < focus.held.size(); ++i) {
                    ImGuiInputEvent e;
                    e.Type = ImGuiInputEventType_Text;
                    e.Source = ImGuiInputSource_Keyboard;
                    e.EventId = g.InputEventsNextEventId++;
                    e.Text.Char = focus.held[i];
                    g.InputEventsQueue.insert(g.InputEventsQueue.Data + i, e);
                }
            } else {  // never activated: keep the text all the same
                for (unsigned c : focus.held) appendUtf8(value, c);
                changed |= !focus.held.empty();
            }
            focus.held.clear();
            focus.catchFrames = 0;
        }
    }
    return changed;
}

void statusBadge(const char* text, ImU32 colour) {
    const ImVec2 size = ImGui::CalcTextSize(text);
    const ImVec2 pad(6.0f, 1.0f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 b(p.x + size.x + pad.x * 2, p.y + size.y + pad.y * 2);
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(colour);
    dl->AddRectFilled(p, b, ImGui::GetColorU32(ImVec4(c.x, c.y, c.z, 0.18f)), 4.0f);
    dl->AddRect(p, b, ImGui::GetColorU32(ImVec4(c.x, c.y, c.z, 0.55f)), 4.0f);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), colour, text);
    ImGui::Dummy(ImVec2(b.x - p.x, b.y - p.y));
}

ImU32 colourFor(core::ServiceStatus s) {
    return s == core::ServiceStatus::Active ? IM_COL32(74, 222, 128, 255)
                                            : IM_COL32(148, 163, 184, 255);
}

ImU32 colourFor(core::SyncStatus s) {
    switch (s) {
        case core::SyncStatus::Queued: return IM_COL32(167, 139, 250, 255);
        case core::SyncStatus::Running: return IM_COL32(96, 165, 250, 255);
        case core::SyncStatus::Success: return IM_COL32(74, 222, 128, 255);
        case core::SyncStatus::Partial: return IM_COL32(251, 191, 36, 255);
        case core::SyncStatus::Failed: return IM_COL32(248, 113, 113, 255);
        case core::SyncStatus::Stopped: return IM_COL32(148, 163, 184, 255);
    }
    return IM_COL32_WHITE;
}

void textMuted(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextV(fmt, args);
    ImGui::PopStyleColor();
    va_end(args);
}

}  // namespace ui
