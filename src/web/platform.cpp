// web/platform.cpp — see platform.h for what this does and why.
#include "web/platform.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/secret.h"
#include "imgui.h"
#include "ui/imgui_seam.h"  // ImGui's input queue, nav and activation state

namespace web {
namespace {

Platform* gPlatform = nullptr;
FramePacer* gPacer = nullptr;  // the frames each input asks for (frame_pacer.h)
std::string gClipboard;        // what ImGui reads on paste: the text of the last `paste` event
bool gMac = false;             // Cmd is the shortcut key; the OS already swaps Shift+wheel
bool gCtrlHeld = false, gMetaHeld = false;
// Non-modifier keys ImGui believes are down. macOS sends no keyup for a key released while Cmd
// is held, so they are all released with Cmd.
std::vector<ImGuiKey> gKeysDown;

// clang-format off
EM_JS(void, js_set_cursor, (const char* selector, const char* cursor), {
    const c = document.querySelector(UTF8ToString(selector));
    if (c) c.style.cursor = UTF8ToString(cursor);
});

// navigator.clipboard.writeText needs a secure context (https or localhost) and a focused
// document; it fails silently otherwise, and ImGui still keeps its own copy.
EM_JS(void, js_write_clipboard, (const char* text), {
    const s = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(s).catch(function() {});
});

// The `paste` event is the one way to read the clipboard without a permission prompt.
EM_JS(void, js_listen_paste, (), {
    document.addEventListener('paste', function(e) {
        // Into a field of the page (the sign-in form): the browser's own paste.
        if (e.target && e.target.closest && e.target.closest('input, textarea')) return;
        const text = (e.clipboardData || window.clipboardData).getData('text/plain');
        if (!text) return;
        e.preventDefault();
        const len = lengthBytesUTF8(text) + 1;
        const p = _malloc(len);
        stringToUTF8(text, p, len);
        _syncscope_on_paste(p);
        HEAPU8.fill(0, p, p + len);  // a token pasted into the login form
        _free(p);
    });
});

// A change of devicePixelRatio (browser zoom, dragging the window to another screen) does not
// always come with a resize event; a media query on the current ratio tells us when it changes.
EM_JS(void, js_watch_dpr, (), {
    function watch() {
        const mq = window.matchMedia('(resolution: ' + devicePixelRatio + 'dppx)');
        mq.addEventListener('change', function() { _syncscope_on_dpr_change(); watch(); }, {once: true});
    }
    watch();
});

EM_JS(int, js_is_mac, (), {
    const p = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || "";
    return /mac|iphone|ipad|ipod/i.test(p) ? 1 : 0;  // "macOS" (userAgentData), "MacIntel"
});

// Focus the canvas so keys reach it at once (also inside an iframe), and again on pointer down.
EM_JS(void, js_focus_canvas, (const char* selector), {
    const c = document.querySelector(UTF8ToString(selector));
    if (c && document.activeElement !== c) c.focus({preventScroll: true});
});

// Hash navigation (back, forward, a link, the address bar) can leave the focus on the page's body
// (or nowhere): the shortcuts would then be dead until the canvas is clicked. At the top level the
// canvas takes the focus back after each hashchange, unless another control of the page has it.
// Never in a portal's frame: the keyboard stays with the portal (docs/embedding.md).
EM_JS(void, js_focus_canvas_on_hashchange, (const char* selector), {
    const sel = UTF8ToString(selector);
    window.addEventListener('hashchange', function() {
        try {
            const c = document.querySelector(sel);
            const a = document.activeElement;
            if (c && (!a || a === document.body || a === document.documentElement))
                c.focus({preventScroll: true});
        } catch (e) {}
    });
});

EM_JS(int, js_platform_is_framed, (), {
    try { return window.parent !== window ? 1 : 0; } catch (e) { return 1; }
});

// Canvas offset within the viewport, to turn document-level mouse coordinates into canvas ones.
EM_JS(double, js_canvas_left, (const char* selector), {
    const c = document.querySelector(UTF8ToString(selector));
    return c ? c.getBoundingClientRect().left : 0;
});
EM_JS(double, js_canvas_top, (const char* selector), {
    const c = document.querySelector(UTF8ToString(selector));
    return c ? c.getBoundingClientRect().top : 0;
});
// clang-format on

bool gClipboardRead = false;  // ImGui took the text: it is wiped before the next frame

const char* getClipboard(void*) {
    gClipboardRead = true;
    return gClipboard.c_str();
}
void setClipboard(void*, const char* text) {
    gClipboard = text ? text : "";
    js_write_clipboard(gClipboard.c_str());
}

ImGuiKey keyFromCode(const char* code) {
    struct Entry {
        const char* code;
        ImGuiKey key;
    };
    static const Entry table[] = {
        {"Tab", ImGuiKey_Tab},
        {"ArrowLeft", ImGuiKey_LeftArrow},
        {"ArrowRight", ImGuiKey_RightArrow},
        {"ArrowUp", ImGuiKey_UpArrow},
        {"ArrowDown", ImGuiKey_DownArrow},
        {"PageUp", ImGuiKey_PageUp},
        {"PageDown", ImGuiKey_PageDown},
        {"Home", ImGuiKey_Home},
        {"End", ImGuiKey_End},
        {"Insert", ImGuiKey_Insert},
        {"Delete", ImGuiKey_Delete},
        {"Backspace", ImGuiKey_Backspace},
        {"Space", ImGuiKey_Space},
        {"Enter", ImGuiKey_Enter},
        {"NumpadEnter", ImGuiKey_KeypadEnter},
        {"Escape", ImGuiKey_Escape},
        {"ControlLeft", ImGuiKey_LeftCtrl},
        {"ControlRight", ImGuiKey_RightCtrl},
        {"ShiftLeft", ImGuiKey_LeftShift},
        {"ShiftRight", ImGuiKey_RightShift},
        {"AltLeft", ImGuiKey_LeftAlt},
        {"AltRight", ImGuiKey_RightAlt},
        {"MetaLeft", ImGuiKey_LeftSuper},
        {"MetaRight", ImGuiKey_RightSuper},
        {"ContextMenu", ImGuiKey_Menu},
        {"Quote", ImGuiKey_Apostrophe},
        {"Comma", ImGuiKey_Comma},
        {"Minus", ImGuiKey_Minus},
        {"Period", ImGuiKey_Period},
        {"Slash", ImGuiKey_Slash},
        {"Semicolon", ImGuiKey_Semicolon},
        {"Equal", ImGuiKey_Equal},
        {"BracketLeft", ImGuiKey_LeftBracket},
        {"Backslash", ImGuiKey_Backslash},
        {"BracketRight", ImGuiKey_RightBracket},
        {"Backquote", ImGuiKey_GraveAccent},
        {"CapsLock", ImGuiKey_CapsLock},
        {"ScrollLock", ImGuiKey_ScrollLock},
        {"NumLock", ImGuiKey_NumLock},
        {"PrintScreen", ImGuiKey_PrintScreen},
        {"Pause", ImGuiKey_Pause},
    };
    for (const auto& e : table)
        if (std::strcmp(code, e.code) == 0) return e.key;
    if (std::strncmp(code, "Key", 3) == 0 && code[3] >= 'A' && code[3] <= 'Z' && !code[4])
        return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
    if (std::strncmp(code, "Digit", 5) == 0 && code[5] >= '0' && code[5] <= '9' && !code[6])
        return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
    if (std::strncmp(code, "Numpad", 6) == 0 && code[6] >= '0' && code[6] <= '9' && !code[7])
        return static_cast<ImGuiKey>(ImGuiKey_Keypad0 + (code[6] - '0'));
    if (code[0] == 'F' && code[1] >= '1' && code[1] <= '9') {
        const int n = std::atoi(code + 1);
        if (n >= 1 && n <= 12) return static_cast<ImGuiKey>(ImGuiKey_F1 + n - 1);
    }
    return ImGuiKey_None;
}

// Exactly one Unicode code point in `key` (e.g. "a", "ß", "Ж"), not a name like "Enter".
bool isOneCharacter(const char* key) {
    const unsigned char c = static_cast<unsigned char>(key[0]);
    if (!c) return false;
    const int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    return len && std::strlen(key) == static_cast<size_t>(len);
}

void trackKey(ImGuiKey key, bool down) {
    auto it = std::find(gKeysDown.begin(), gKeysDown.end(), key);
    if (down && it == gKeysDown.end()) gKeysDown.push_back(key);
    if (!down && it != gKeysDown.end()) gKeysDown.erase(it);
}

bool isModifier(ImGuiKey k) {
    return k == ImGuiKey_LeftCtrl || k == ImGuiKey_RightCtrl || k == ImGuiKey_LeftShift ||
           k == ImGuiKey_RightShift || k == ImGuiKey_LeftAlt || k == ImGuiKey_RightAlt ||
           k == ImGuiKey_LeftSuper || k == ImGuiKey_RightSuper;
}

void updateModifiers(ImGuiIO& io, const EmscriptenKeyboardEvent* e) {
    gCtrlHeld = e->ctrlKey;
    gMetaHeld = e->metaKey;
    io.AddKeyEvent(ImGuiMod_Ctrl, e->ctrlKey);
    io.AddKeyEvent(ImGuiMod_Shift, e->shiftKey);
    io.AddKeyEvent(ImGuiMod_Alt, e->altKey);
    io.AddKeyEvent(ImGuiMod_Super, e->metaKey);
}

EM_BOOL onKey(int type, const EmscriptenKeyboardEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    updateModifiers(io, e);
    const bool shortcutMod = gMac ? e->metaKey : e->ctrlKey;
    const ImGuiKey key = keyFromCode(e->code);
    // Ctrl/Cmd+V: let the browser fire `paste` (onPaste replays it to ImGui). Ctrl/Cmd+C and X:
    // ImGui copies (through writeText); the browser's default does no harm on a canvas.
    const bool pasteChord = shortcutMod && key == ImGuiKey_V;
    // Tab and Shift+Tab belong to ImGui only in a form of several text fields, while one has the
    // keyboard (on to the next field). Otherwise they are the page's: a search field is left (its
    // text kept) and the focus leaves the canvas for the next or previous control, so a keyboard
    // user is never trapped in SyncScope (WCAG 2.1.2) — in a portal's frame that is the portal's
    // next control.
    const bool tabForImGui = io.WantTextInput && gPlatform && gPlatform->tabBetweenFields_;
    if (key == ImGuiKey_Tab && !tabForImGui && !e->ctrlKey && !e->altKey && !e->metaKey) {
        if (down && io.WantTextInput) ui::seam::clearActiveId();
        if (!down) {
            io.AddKeyEvent(key, false);  // a Tab that went down inside the login form
            trackKey(key, false);
        }
        if (gPacer) gPacer->request(Redraw::Input);
        return EM_FALSE;
    }
    if (key != ImGuiKey_None && !pasteChord) {
        if (down && e->repeat) io.AddKeyEvent(key, false);  // browser auto-repeat → fresh press
        io.AddKeyEvent(key, down);
        if (!isModifier(key)) trackKey(key, down);
    }
    if (!down && (key == ImGuiKey_LeftSuper || key == ImGuiKey_RightSuper)) {
        for (ImGuiKey k : gKeysDown) io.AddKeyEvent(k, false);
        gKeysDown.clear();
    }
    bool consumed = !pasteChord;
    if (down && isOneCharacter(e->key) && !e->metaKey && (!e->ctrlKey || e->altKey)) {
        io.AddInputCharactersUTF8(e->key);  // AltGr arrives as Ctrl+Alt on Windows
    }
    // Keep browser shortcuts that make sense over a canvas (reload, zoom, dev tools, tab switch).
    if (shortcutMod && (key == ImGuiKey_R || key == ImGuiKey_Equal || key == ImGuiKey_Minus ||
                        key == ImGuiKey_0 || key == ImGuiKey_T || key == ImGuiKey_W))
        consumed = false;
    if (key >= ImGuiKey_F1 && key <= ImGuiKey_F12) consumed = false;
    if (key == ImGuiKey_C && shortcutMod) consumed = false;
    if (gPacer) gPacer->request(Redraw::Input);
    return consumed;
}

// Double clicks by the browser's clock. ImGui tells a double click by its own frame times, and
// frames are drawn on demand: on a busy machine the frame that takes the second press can start
// more than ImGui's 0.3 s after the frame that took the first, although the presses were 0.1 s
// apart. So each left press notes, by the id ImGui gives its input event, whether it came within
// kRepeatPressMs (and a few pixels) of the one before; the frame that hands that event to ImGui
// sets MouseDoubleClickTime so that ImGui counts it the same way (Platform::newFrame).
constexpr double kRepeatPressMs = 500.0;  // Windows' default double-click time
struct Press {
    ImU32 eventId;
    bool repeat;
};
std::vector<Press> gPresses;  // left presses still in ImGui's input queue
double gLastPressMs = -1e12;
float gLastPressX = 0.0f, gLastPressY = 0.0f;

// Called just before the press is added to ImGui's queue.
void notePress(double atMs, float x, float y) {
    const bool repeat = atMs - gLastPressMs <= kRepeatPressMs &&
                        std::fabs(x - gLastPressX) <= 6.0f && std::fabs(y - gLastPressY) <= 6.0f;
    gPresses.push_back({ui::seam::nextInputEventId(), repeat});
    gLastPressMs = atMs;
    gLastPressX = x;
    gLastPressY = y;
}

EM_BOOL onMouseButton(int type, const EmscriptenMouseEvent* e, void* selector) {
    ImGuiIO& io = ImGui::GetIO();
    const int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
    if (button < 0) return EM_FALSE;
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    io.AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN && button == 0)
        notePress(emscripten_get_now(), static_cast<float>(e->targetX),
                  static_cast<float>(e->targetY));
    io.AddMouseButtonEvent(button, type == EMSCRIPTEN_EVENT_MOUSEDOWN);
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN) js_focus_canvas(static_cast<const char*>(selector));
    if (gPacer) gPacer->request(Redraw::Input);
    return EM_TRUE;
}

// On the document: moves over the canvas and drags that leave it, and releases outside it.
EM_BOOL onDocumentMouse(int type, const EmscriptenMouseEvent* e, void* selector) {
    ImGuiIO& io = ImGui::GetIO();
    const char* sel = static_cast<const char*>(selector);
    const float x = static_cast<float>(e->clientX - js_canvas_left(sel));
    const float y = static_cast<float>(e->clientY - js_canvas_top(sel));
    if (type == EMSCRIPTEN_EVENT_MOUSEUP) {
        if (!ImGui::IsAnyMouseDown()) return EM_FALSE;
        io.AddMousePosEvent(x, y);
        const int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
        if (button >= 0) io.AddMouseButtonEvent(button, false);
    } else {
        io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
        io.AddMousePosEvent(x, y);
    }
    if (gPacer) gPacer->request(Redraw::PointerMove);
    return EM_FALSE;
}

EM_BOOL onMouseLeave(int, const EmscriptenMouseEvent*, void*) {
    if (!ImGui::IsAnyMouseDown()) ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    if (gPacer) gPacer->request(Redraw::PointerMove);
    return EM_FALSE;
}

EM_BOOL onWheel(int, const EmscriptenWheelEvent* e, void*) {
    // deltaMode: 0 pixels, 1 lines, 2 pages. ImGui scrolls 5 lines per unit of wheel.
    // Shift+wheel: browsers already turn it into deltaX, and ImGui (unless in macOS mode) swaps
    // the axes again when Shift is down — so hand it over as the vertical wheel it started as.
    const double unit = e->deltaMode == DOM_DELTA_PIXEL  ? 100.0
                        : e->deltaMode == DOM_DELTA_LINE ? 3.0
                                                         : 1.0;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(static_cast<float>(e->mouse.targetX), static_cast<float>(e->mouse.targetY));
    float wx = static_cast<float>(-e->deltaX / unit), wy = static_cast<float>(-e->deltaY / unit);
    if (e->mouse.shiftKey && !gMac && wy == 0.0f) std::swap(wx, wy);
    io.AddMouseWheelEvent(wx, wy);
    // One frame: the scroll shows in it. If ImGui trickles the wheel behind the move to the next
    // frame, or the item under the mouse changes, the frame settles with more (imguiIsSettling).
    // On a software GPU every frame is ~0.1 s of CPU; three a wheel step were two too many.
    if (gPacer) gPacer->request(Redraw::Wheel);
    return EM_TRUE;
}

// Touch: one finger. A drag scrolls what is under it (as a wheel, in ImGui's wheel units); a tap
// that did not move is a click. The canvas has touch-action: none and these handlers take the
// events, so the browser neither scrolls the page nor sends emulated mouse events as well.
struct TouchState {
    long id = -1;
    float startX = 0, startY = 0, lastX = 0, lastY = 0;
    bool dragging = false;
};
TouchState gTouch;
constexpr float kTapSlopPx = 8.0f;

EM_BOOL onTouch(int type, const EmscriptenTouchEvent* e, void* selector) {
    ImGuiIO& io = ImGui::GetIO();
    const EmscriptenTouchPoint* t = nullptr;
    for (int i = 0; i < e->numTouches; ++i) {
        const EmscriptenTouchPoint& p = e->touches[i];
        if (!p.isChanged) continue;
        if (type == EMSCRIPTEN_EVENT_TOUCHSTART ? gTouch.id < 0 : p.identifier == gTouch.id) {
            t = &p;
            break;
        }
    }
    if (!t) return EM_TRUE;  // a second finger: ignored, but not handed to the page either
    const float x = static_cast<float>(t->targetX), y = static_cast<float>(t->targetY);
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    switch (type) {
        case EMSCRIPTEN_EVENT_TOUCHSTART:
            gTouch = {t->identifier, x, y, x, y, false};
            io.AddMousePosEvent(x, y);
            js_focus_canvas(static_cast<const char*>(selector));
            break;
        case EMSCRIPTEN_EVENT_TOUCHMOVE: {
            if (!gTouch.dragging && std::hypot(x - gTouch.startX, y - gTouch.startY) > kTapSlopPx)
                gTouch.dragging = true;
            if (gTouch.dragging) {
                // ImGui scrolls 5 lines of text per wheel unit: move the content with the finger.
                const float unit = 5.0f * ImGui::GetFontSize();
                io.AddMousePosEvent(x, y);
                io.AddMouseWheelEvent((x - gTouch.lastX) / unit, (y - gTouch.lastY) / unit);
            }
            gTouch.lastX = x;
            gTouch.lastY = y;
            break;
        }
        default:  // end, cancel
            if (!gTouch.dragging && type == EMSCRIPTEN_EVENT_TOUCHEND) {
                io.AddMousePosEvent(x, y);
                notePress(emscripten_get_now(), x, y);
                io.AddMouseButtonEvent(0, true);  // ImGui trickles these over two frames
                io.AddMouseButtonEvent(0, false);
            }
            gTouch = {};
            io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);  // no hover left behind by a finger
            break;
    }
    if (gPacer) gPacer->request(Redraw::Input);
    return EM_TRUE;
}

EM_BOOL onFocus(int type, const EmscriptenFocusEvent*, void*) {
    ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
    if (gPacer) gPacer->request(Redraw::Focus);
    return EM_FALSE;
}

EM_BOOL onResize(int, const EmscriptenUiEvent*, void*) {
    if (gPlatform) gPlatform->onResize();
    return EM_FALSE;
}

const char* cssCursor(ImGuiMouseCursor c) {
    switch (c) {
        case ImGuiMouseCursor_None: return "none";
        case ImGuiMouseCursor_TextInput: return "text";
        case ImGuiMouseCursor_ResizeAll: return "move";
        case ImGuiMouseCursor_ResizeNS: return "ns-resize";
        case ImGuiMouseCursor_ResizeEW: return "ew-resize";
        case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
        case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
        case ImGuiMouseCursor_Hand: return "pointer";
        case ImGuiMouseCursor_NotAllowed: return "not-allowed";
        default: return "default";
    }
}

}  // namespace

void Platform::init(const char* canvasSelector, FramePacer& pacer,
                    std::function<void(float)> onDpiChange) {
    gPlatform = this;
    gPacer = &pacer;
    canvas_ = canvasSelector;
    onDpiChange_ = std::move(onDpiChange);
    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "syncscope_web";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    io.GetClipboardTextFn = getClipboard;
    io.SetClipboardTextFn = setClipboard;
    gMac = js_is_mac() != 0;
    io.ConfigMacOSXBehaviors = gMac;        // Cmd shortcuts, Option word moves (not set under wasm)
    io.ConfigInputTextCursorBlink = false;  // frames are drawn on demand: a blink would need 2/s
    io.IniFilename = nullptr;               // preferences are ours to store, not imgui.ini

    const char* c = canvas_.c_str();
    void* sel = const_cast<char*>(c);
    emscripten_set_keydown_callback(c, nullptr, EM_FALSE, onKey);
    emscripten_set_keyup_callback(c, nullptr, EM_FALSE, onKey);
    emscripten_set_mousedown_callback(c, sel, EM_FALSE, onMouseButton);
    emscripten_set_mouseup_callback(c, sel, EM_FALSE, onMouseButton);
    emscripten_set_mouseleave_callback(c, nullptr, EM_FALSE, onMouseLeave);
    emscripten_set_wheel_callback(c, nullptr, EM_FALSE, onWheel);
    emscripten_set_touchstart_callback(c, sel, EM_FALSE, onTouch);
    emscripten_set_touchmove_callback(c, sel, EM_FALSE, onTouch);
    emscripten_set_touchend_callback(c, sel, EM_FALSE, onTouch);
    emscripten_set_touchcancel_callback(c, sel, EM_FALSE, onTouch);
    emscripten_set_focus_callback(c, nullptr, EM_FALSE, onFocus);
    emscripten_set_blur_callback(c, nullptr, EM_FALSE, onFocus);
    emscripten_set_mousemove_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, sel, EM_FALSE,
                                      onDocumentMouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, sel, EM_FALSE,
                                    onDocumentMouse);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE,
                                   web::onResize);
    js_listen_paste();
    js_watch_dpr();
    // Only at the top level: a framed SyncScope must not take the keyboard from the portal around
    // it. In a frame a click (or Tab) into it focuses the canvas; keys, wheel and paste are then
    // heard on the canvas as at the top level.
    if (!js_platform_is_framed()) {
        js_focus_canvas(c);
        js_focus_canvas_on_hashchange(c);
    }
    lastTime_ = emscripten_get_now();
    onResize();
}

void Platform::onResize() {
    const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    emscripten_get_element_css_size(canvas_.c_str(), &cssWidth_, &cssHeight_);
    const int w = static_cast<int>(std::lround(cssWidth_ * dpr));
    const int h = static_cast<int>(std::lround(cssHeight_ * dpr));
    if (w != fbWidth_ || h != fbHeight_) {
        emscripten_set_canvas_element_size(canvas_.c_str(), w, h);
        fbWidth_ = w;
        fbHeight_ = h;
    }
    if (dpr != dpr_) {
        dpr_ = dpr;
        if (onDpiChange_) onDpiChange_(dpr);
    }
    gPacer->request(Redraw::Resize);
}

void Platform::onPaste(const char* text) {
    core::wipe(gClipboard);
    gClipboard = text ? text : "";
    // Replay the paste chord the browser kept for itself, now that ImGui can read the text; then
    // put the modifier back as the keyboard has it (a paste from a menu holds no key at all).
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiKey mod = gMac ? ImGuiMod_Super : ImGuiMod_Ctrl;
    io.AddKeyEvent(mod, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(mod, gMac ? gMetaHeld : gCtrlHeld);
    gPacer->request(Redraw::Input);
}

void Platform::newFrame() {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(cssWidth_), static_cast<float>(cssHeight_));
    io.DisplayFramebufferScale = ImVec2(dpr_, dpr_);
    const double now = emscripten_get_now();
    // The real time since the last frame, however long the idle gap: ImGui's double-click and
    // key-repeat timing rely on it (a capped step would make two clicks 10 s apart a double).
    io.DeltaTime = static_cast<float>(std::max(now - lastTime_, 0.1) / 1000.0);
    lastTime_ = now;
    // A paste is read once, in the frame that replays its chord; the text (a token pasted into
    // the login form) is not kept after that. The system clipboard still has it.
    if (gClipboardRead) {
        core::wipe(gClipboard);
        gClipboardRead = false;
    }
    // The next change of the left button ImGui takes (one a frame at most): if it is a press, a
    // double click exactly when the browser's clock says so (see notePress).
    const ImU32 oldestQueued = ui::seam::oldestQueuedEventId();
    gPresses.erase(std::remove_if(gPresses.begin(), gPresses.end(),
                                  [&](const Press& p) { return p.eventId < oldestQueued; }),
                   gPresses.end());
    io.MouseDoubleClickTime = 0.30f;  // ImGui's own, for the other buttons
    if (const ImU32 leftButton = ui::seam::nextLeftButtonEventId())
        for (const Press& p : gPresses)
            if (p.eventId == leftButton) io.MouseDoubleClickTime = p.repeat ? 1.0e6f : 0.0f;
}

bool Platform::imguiIsSettling() {
    // Trickled input: a key down, its character and its key up take separate frames.
    bool settling = ui::seam::inputQueued();
    // SetKeyboardFocusHere / tabbing: submitted, scored over a frame, applied, then activated.
    settling |= ui::seam::navigationPending();
    // A change of active, hovered or focused item redraws once more (highlights, tables).
    const ImGuiID active = ui::seam::activeId(), hovered = ui::seam::hoveredId(),
                  nav = ui::seam::navId();
    settling |= active != lastActiveId_ || hovered != lastHoveredId_ || nav != lastNavId_;
    lastActiveId_ = active;
    lastHoveredId_ = hovered;
    lastNavId_ = nav;
    return settling;
}

void Platform::endFrame() {
    const int cursor = ImGui::GetMouseCursor();
    if (cursor != lastCursor_) {
        lastCursor_ = cursor;
        js_set_cursor(canvas_.c_str(), cssCursor(cursor));
    }
}

}  // namespace web

extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_on_dpr_change() {
    if (web::gPlatform) web::gPlatform->onResize();
}

extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_on_paste(const char* text) {
    if (web::gPlatform) web::gPlatform->onPaste(text);
}
