// ui/widgets.cpp — see widgets.h.
#include "ui/widgets.h"

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>

#include "core/app.h"  // Freshness
#include "core/display_text.h"
#include "ui/imgui_seam.h"

namespace ui {
namespace {

// Every colour with a meaning (statuses, levels, warnings, links, the chart), per theme. The dark
// theme's are Tailwind's 300/400 shades; the light theme's the 600/700 ones, which keep about 4.5:1
// against white for text.
struct Palette {
    ImU32 warning, error, link, pulled, pushed, match, currentMatch;
    ImU32 active, inactive;                                    // services
    ImU32 queued, running, success, partial, failed, stopped;  // syncs
    ImU32 debug, info;                                         // levels (warning/error above)
};

// clang-format off
constexpr Palette kDarkPalette = {
    // warning, error, link, pulled, pushed, match, current match
    IM_COL32(251, 191, 36, 255), IM_COL32(248, 113, 113, 255), IM_COL32(125, 180, 255, 255),
    IM_COL32(96, 165, 250, 255), IM_COL32(74, 222, 128, 255), IM_COL32(250, 204, 21, 80),
    IM_COL32(251, 146, 60, 150),
    // active, inactive
    IM_COL32(74, 222, 128, 255), IM_COL32(148, 163, 184, 255),
    // queued, running, success, partial, failed, stopped
    IM_COL32(167, 139, 250, 255), IM_COL32(96, 165, 250, 255), IM_COL32(74, 222, 128, 255),
    IM_COL32(251, 191, 36, 255), IM_COL32(248, 113, 113, 255), IM_COL32(148, 163, 184, 255),
    // debug, info
    IM_COL32(148, 163, 184, 255), IM_COL32(96, 165, 250, 255),
};

constexpr Palette kLightPalette = {
    // warning, error, link, pulled, pushed, match, current match
    IM_COL32(180, 83, 9, 255), IM_COL32(220, 38, 38, 255), IM_COL32(29, 78, 216, 255),
    IM_COL32(37, 99, 235, 255), IM_COL32(21, 128, 61, 255), IM_COL32(250, 204, 21, 110),
    IM_COL32(251, 146, 60, 160),
    // active, inactive
    IM_COL32(21, 128, 61, 255), IM_COL32(100, 116, 139, 255),
    // queued, running, success, partial, failed, stopped
    IM_COL32(124, 58, 237, 255), IM_COL32(37, 99, 235, 255), IM_COL32(21, 128, 61, 255),
    IM_COL32(180, 83, 9, 255), IM_COL32(220, 38, 38, 255), IM_COL32(100, 116, 139, 255),
    // debug, info
    IM_COL32(100, 116, 139, 255), IM_COL32(37, 99, 235, 255),
};
// clang-format on

Palette gPalette = kDarkPalette;  // ImGui's style is global too: one look at a time

int resizeCallback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}

}  // namespace

const ImU32& kColourWarning = gPalette.warning;
const ImU32& kColourError = gPalette.error;
const ImU32& kColourLink = gPalette.link;
const ImU32& kColourPulled = gPalette.pulled;
const ImU32& kColourPushed = gPalette.pushed;
const ImU32& kColourMatch = gPalette.match;
const ImU32& kColourCurrentMatch = gPalette.currentMatch;

void usePalette(Theme theme) {
    gPalette = theme == Theme::Light ? kLightPalette : kDarkPalette;
}

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
    seam::activateForTextInput(ImGui::GetID(label));
}

namespace {

// Text events put at the front of ImGui's input queue (ahead of what is still queued, so in the
// order typed), for the next frame.
void replayFirst(const std::vector<unsigned>& chars) {
    seam::queueTextFirst(chars);
}

// The paste chord again, at the end of ImGui's input queue: a later frame hands it to the field
// once Ctrl/Cmd+V is routed to it. The modifier is then put back as the queue leaves it.
void requeuePaste() {
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiKey mod = io.ConfigMacOSXBehaviors ? ImGuiMod_Super : ImGuiMod_Ctrl;
    const bool modDown =
        seam::keyDownAfterQueue(mod, io.ConfigMacOSXBehaviors ? io.KeySuper : io.KeyCtrl);
    io.AddKeyEvent(mod, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(mod, modDown);
}

}  // namespace

bool searchField(const char* label, const char* hint, std::string& value, FocusRequest& focus) {
    ImGuiIO& io = ImGui::GetIO();
    if (focus.requested) {
        activateNext(label);
        focus.requested = false;
        focus.catchFrames = 8;
        focus.pasteFrames = 8;
    }
    if (focus.catchFrames > 0) {
        for (ImWchar c : io.InputQueueCharacters) focus.held.push_back(c);
        io.InputQueueCharacters.clear();
    }
    // A paste straight after the shortcut (Ctrl/Cmd+F, Ctrl/Cmd+V) can come before the field has
    // the keyboard, or in its first frames with it, before ImGui routes Ctrl/Cmd+V to it (a route
    // takes effect the frame after it is asked for): the field would not see it. The chord is
    // then queued again for a later frame. (Not its text as typed characters: a field ignores
    // those while Ctrl is held.) Characters typed in the few frames before the field takes the
    // keyboard are replayed first, so in that moment a paste lands after them.
    if (focus.pasteFrames > 0) {
        --focus.pasteFrames;
        const ImGuiKeyChord paste = ImGuiMod_Shortcut | ImGuiKey_V;
        if (ImGui::IsKeyChordPressed(paste) && !seam::shortcutRoutedTo(paste, ImGui::GetID(label)))
            requeuePaste();
    }
    bool changed = inputText(label, hint, value);
    if (focus.catchFrames > 0) {
        const bool active = ImGui::IsItemActive();
        if (active || --focus.catchFrames == 0) {
            if (active) {
                replayFirst(focus.held);
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
    return s == core::ServiceStatus::Active ? gPalette.active : gPalette.inactive;
}

ImU32 colourFor(core::SyncStatus s) {
    switch (s) {
        case core::SyncStatus::Queued: return gPalette.queued;
        case core::SyncStatus::Running: return gPalette.running;
        case core::SyncStatus::Success: return gPalette.success;
        case core::SyncStatus::Partial: return gPalette.partial;
        case core::SyncStatus::Failed: return gPalette.failed;
        case core::SyncStatus::Stopped: return gPalette.stopped;
        case core::SyncStatus::Unknown: return gPalette.inactive;  // neutral: nothing known
    }
    return ImGui::GetColorU32(ImGuiCol_Text);
}

void textMuted(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextV(fmt, args);
    ImGui::PopStyleColor();
    va_end(args);
}

void textColoured(ImU32 colour, const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextV(fmt, args);
    ImGui::PopStyleColor();
    va_end(args);
}

ImU32 colourFor(core::LogLevel l) {
    switch (l) {
        case core::LogLevel::Debug: return gPalette.debug;
        case core::LogLevel::Info: return gPalette.info;
        case core::LogLevel::Warning: return gPalette.warning;
        case core::LogLevel::Error: return gPalette.error;
    }
    return ImGui::GetColorU32(ImGuiCol_Text);
}

const char* levelLabel(core::LogLevel l) {
    switch (l) {
        case core::LogLevel::Debug: return "DEBUG";
        case core::LogLevel::Info: return "INFO";
        case core::LogLevel::Warning: return "WARN";
        case core::LogLevel::Error: return "ERROR";
    }
    return "?";
}

ImU32 withAlpha(ImU32 colour, float alpha) {
    const ImU32 a = static_cast<ImU32>(alpha * 255.0f + 0.5f);
    return (colour & ~IM_COL32_A_MASK) | (std::min(a, 255u) << IM_COL32_A_SHIFT);
}

void findShortcuts(FocusRequest& focus) {
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_F)) focus.requested = true;
    if (io.WantTextInput) return;
    // "/" by the character typed, not the key: on many layouts it is Shift+7 or elsewhere.
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
        if (io.InputQueueCharacters[i] == '/') {
            io.InputQueueCharacters.erase(io.InputQueueCharacters.Data + i);
            focus.requested = true;
            return;
        }
}

bool linkButtonText(const char* id, const std::string& text, ImU32 colour) {
    const char* end = text.data() + text.size();
    const ImVec2 size = ImGui::CalcTextSize(text.data(), end, false);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton(id, ImVec2(std::max(size.x, 1.0f), size.y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(p, colour, text.data(), end);
    if (ImGui::IsItemHovered()) {
        dl->AddLine(ImVec2(p.x, p.y + size.y - 1), ImVec2(p.x + size.x, p.y + size.y - 1), colour);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    return clicked;
}

bool textButton(const char* id, const std::string& text, bool small) {
    // ButtonEx with an id only ("##…" draws no text) sized for the text, which is drawn after:
    // placed and framed exactly as Button / SmallButton would.
    const ImGuiStyle& style = ImGui::GetStyle();
    const char* end = text.data() + text.size();
    const ImVec2 textSize = ImGui::CalcTextSize(text.data(), end, false);
    if (small) ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(style.FramePadding.x, 0.0f));
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const bool clicked =
        seam::buttonSized(id, ImVec2(textSize.x + pad.x * 2, textSize.y + pad.y * 2), small);
    if (small) ImGui::PopStyleVar();
    const ImVec2 at = ImGui::GetItemRectMin();
    ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + pad.x, at.y + pad.y),
                                        ImGui::GetColorU32(ImGuiCol_Text), text.data(), end);
    return clicked;
}

bool selectableText(const char* id, const std::string& text, bool selected) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false).x;
    const bool clicked = ImGui::Selectable(id, selected, 0, ImVec2(w, 0));
    ImGui::GetWindowDrawList()->AddText(p, ImGui::GetColorU32(ImGuiCol_Text), text.data(),
                                        text.data() + text.size());
    return clicked;
}

bool linkButton(const char* label, ImU32 colour) {
    const char* end = seam::renderedTextEnd(label);
    const ImVec2 size = ImGui::CalcTextSize(label, end);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton(label, ImVec2(std::max(size.x, 1.0f), size.y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(p, colour, label, end);
    if (ImGui::IsItemHovered()) {
        dl->AddLine(ImVec2(p.x, p.y + size.y - 1), ImVec2(p.x + size.x, p.y + size.y - 1), colour);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    return clicked;
}

bool toggleChip(const char* label, bool on, ImU32 colour) {
    // A pill with a mark before its label: on, filled in the accent with a check and the label in
    // the colour that reads on it; off, outlined with an empty ring and the label muted. Action
    // buttons are square-cornered blocks of the theme's button colour without a mark.
    const char* end = seam::renderedTextEnd(label);
    const ImVec2 text = ImGui::CalcTextSize(label, end);
    const ImVec2 pad(7.0f, 3.0f);
    const float mark = ImGui::GetFontSize() * 0.62f, gap = 5.0f;
    const ImVec2 size(pad.x * 2 + mark + gap + text.x, text.y + pad.y * 2);
    const std::string id = std::string("##") + label;  // the same id as `label`; draws no text
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, pad);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(0, 0, 0, 0));
    const bool clicked = ImGui::Button(id.c_str(), size);
    ImGui::PopStyleColor(3);
    ImGui::PopStyleVar(2);
    const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = (b.y - a.y) * 0.5f;
    ImU32 ink;
    if (on) {
        dl->AddRectFilled(a, b,
                          ImGui::GetColorU32(withAlpha(colour, held      ? 0.8f
                                                               : hovered ? 0.9f
                                                                         : 1.0f)),
                          rounding);
        // Dark ink on a light accent (the dark theme's), white on a deep one (the light theme's).
        const ImVec4 c = ImGui::ColorConvertU32ToFloat4(colour);
        const float luma = 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z;
        ink = ImGui::GetColorU32(luma > 0.45f ? IM_COL32(15, 18, 24, 255)
                                              : IM_COL32(255, 255, 255, 255));
    } else {
        if (hovered)
            dl->AddRectFilled(a, b, ImGui::GetColorU32(withAlpha(colour, 0.14f)), rounding);
        dl->AddRect(a, b, ImGui::GetColorU32(withAlpha(colour, 0.6f)), rounding);
        ink = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    }
    const ImVec2 m(a.x + pad.x, a.y + (b.y - a.y - mark) * 0.5f);  // the mark's box
    if (on) {
        const float t = std::max(1.5f, mark * 0.16f);
        const ImVec2 pts[3] = {ImVec2(m.x + mark * 0.08f, m.y + mark * 0.52f),
                               ImVec2(m.x + mark * 0.38f, m.y + mark * 0.82f),
                               ImVec2(m.x + mark * 0.95f, m.y + mark * 0.18f)};
        dl->AddPolyline(pts, 3, ink, 0, t);
    } else {
        dl->AddCircle(ImVec2(m.x + mark * 0.5f, m.y + mark * 0.5f), mark * 0.42f, ink, 0, 1.5f);
    }
    dl->AddText(ImVec2(m.x + mark + gap, a.y + pad.y), ink, label, end);
    return clicked;
}

float toggleChipWidth(const char* label) {
    return ImGui::CalcTextSize(label, seam::renderedTextEnd(label)).x + 14.0f +
           ImGui::GetFontSize() * 0.62f + 5.0f;
}

float buttonWidth(const char* label) {
    return ImGui::CalcTextSize(label, seam::renderedTextEnd(label)).x +
           ImGui::GetStyle().FramePadding.x * 2;
}

std::string oneLineText(std::string_view text) {
    std::string scratch;
    std::string out(core::displayText(text, scratch));
    for (char& c : out)
        if (c == '\n' || c == '\t') c = ' ';
    return out;
}

std::string fitText(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.data(), text.data() + text.size()).x <= width) return text;
    const char* ellipsis = "…";
    const float room = width - ImGui::CalcTextSize(ellipsis).x;
    // The longest prefix that fits, cut between UTF-8 characters.
    size_t lo = 0, hi = text.size();
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        while (mid > lo && (static_cast<unsigned char>(text[mid]) & 0xC0) == 0x80) --mid;
        if (mid == lo) break;
        if (ImGui::CalcTextSize(text.data(), text.data() + mid).x <= room)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && lo < text.size() && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80)
        --lo;
    std::string out = text.substr(0, lo);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + ellipsis;
}

int formatClock(char* out, size_t size, core::TimeMs t, bool millis) {
    int64_t ms = t % 86400000;
    if (ms < 0) ms += 86400000;
    const int h = static_cast<int>(ms / 3600000), m = static_cast<int>(ms / 60000 % 60),
              s = static_cast<int>(ms / 1000 % 60), f = static_cast<int>(ms % 1000);
    const int n = millis ? std::snprintf(out, size, "%02d:%02d:%02d.%03d", h, m, s, f)
                         : std::snprintf(out, size, "%02d:%02d:%02d", h, m, s);
    return std::min(n, static_cast<int>(size) - 1);
}

std::string formatClock(core::TimeMs t, bool millis) {
    char buf[16];
    formatClock(buf, sizeof buf, t, millis);
    return buf;
}

std::string formatDuration(int64_t ms) {
    char buf[32];
    if (ms < 0) return "—";
    if (ms < 1000) {
        std::snprintf(buf, sizeof buf, "%d ms", static_cast<int>(ms));
    } else if (ms < 10000) {
        std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
    } else if (ms < 60000) {
        std::snprintf(buf, sizeof buf, "%d s", static_cast<int>(ms / 1000));
    } else if (ms < 3600000) {
        std::snprintf(buf, sizeof buf, "%d min %02d s", static_cast<int>(ms / 60000),
                      static_cast<int>(ms / 1000 % 60));
    } else {
        std::snprintf(buf, sizeof buf, "%" PRId64 " h %02d min", ms / 3600000,
                      static_cast<int>(ms / 60000 % 60));
    }
    return buf;
}

std::string formatCount(int64_t n) {
    if (n < 0) return "—";
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string formatBytes(int64_t n) {
    char buf[32];
    if (n < 0) return "size unknown";
    if (n < 1024) {
        std::snprintf(buf, sizeof buf, "%d bytes", static_cast<int>(n));
    } else if (n < 1024 * 1024) {
        std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(n) / 1024.0);
    } else if (n < 1024LL * 1024 * 1024) {
        std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(n) / (1024.0 * 1024.0));
    } else {
        std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(n) / (1024.0 * 1024 * 1024));
    }
    return buf;
}

void sameLineOrWrap(float width, float spacing) {
    ImGui::SameLine(0.0f, spacing);
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

const char* triggerText(const core::Sync& sync) {
    return sync.triggerName.empty() ? core::toString(sync.trigger) : sync.triggerName.c_str();
}

void pushedText(int64_t pulled, int64_t pushed) {
    if (pushed < 0) {
        textMuted("—");
        return;
    }
    if (pulled < 0 || pushed >= pulled) {
        ImGui::TextUnformatted(formatCount(pushed).c_str());
        return;
    }
    textColoured(kColourWarning, "%s", formatCount(pushed).c_str());
    ImGui::SameLine(0, 6);
    textColoured(kColourWarning, "-%s", formatCount(pulled - pushed).c_str());
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s of the %s records pulled were not pushed",
                          formatCount(pulled - pushed).c_str(), formatCount(pulled).c_str());
}

void issuesText(const core::Sync& sync) {
    if (sync.warningCount < 0 && sync.errorCount < 0) {
        if (sync.hasWarnings)
            textColoured(kColourWarning, "warnings");
        else
            textMuted("—");
        return;
    }
    const auto part = [](int64_t n, ImU32 colour) {
        if (n > 0)
            textColoured(colour, "%s", formatCount(n).c_str());
        else
            textMuted("%s", formatCount(n).c_str());
    };
    part(sync.warningCount, kColourWarning);
    ImGui::SameLine(0, 4);
    textMuted("/");
    ImGui::SameLine(0, 4);
    part(sync.errorCount, kColourError);
}

core::TimeMs freshnessNote(const core::Freshness& f, bool live, core::TimeMs localNow,
                           core::TimeMs serverOffset, const core::TimeZone& zone) {
    char when[32] = "";
    if (f.lastSuccessAt) {
        const int n =
            formatClock(when, sizeof when, zone.shift(f.lastSuccessAt + serverOffset), false);
        std::snprintf(when + n, sizeof when - static_cast<size_t>(n), " %s", zone.label().c_str());
    }
    // The countdown: whole seconds left, rounded up, so "next in 0 s" never shows.
    int secondsLeft = 0;
    core::TimeMs changesAt = 0;
    if (f.nextRefreshAt && localNow) {
        const core::TimeMs left = f.nextRefreshAt - localNow;
        secondsLeft = left > 0 ? static_cast<int>((left + 999) / 1000) : 0;
        if (secondsLeft > 0) changesAt = f.nextRefreshAt - (secondsLeft - 1) * 1000LL;
    }
    if (!f.error.empty()) {
        textColoured(kColourWarning, "Refresh failed: %s", f.error.c_str());
        if (f.lastSuccessAt) {
            ImGui::SameLine(0, 4);
            textMuted("(showing data from %s)", when);
        }
        if (f.inFlight || secondsLeft > 0) {
            ImGui::SameLine(0, 4);
            if (f.inFlight)
                textMuted("· retrying…");
            else
                textMuted("· retrying in %d s", secondsLeft);
        }
        return f.inFlight ? 0 : changesAt;
    }
    if (!f.lastSuccessAt) {
        textMuted(f.inFlight ? "Loading…" : "Not loaded yet");
        return 0;
    }
    if (f.inFlight)
        textMuted("Updated %s · refreshing…", when);
    else if (live && secondsLeft > 0)
        textMuted("Updated %s · next in %d s", when, secondsLeft);
    else
        textMuted("Updated %s", when);
    return live && !f.inFlight ? changesAt : 0;
}

}  // namespace ui
