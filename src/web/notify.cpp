// web/notify.cpp — see notify.h.
#include "web/notify.h"

#include <emscripten.h>

namespace web {
namespace {

void (*gOnInteraction)() = nullptr;

// clang-format off
EM_JS(void, js_ask_notification_permission, (), {
    try {
        if (typeof Notification !== 'function' || Notification.permission !== 'default') return;
        const asked = Notification.requestPermission();
        if (asked && typeof asked.catch === 'function') asked.catch(function() {});
    } catch (e) {}
});
EM_JS(void, js_show_notification, (const char* title, const char* body), {
    try {
        if (typeof Notification !== 'function' || Notification.permission !== 'granted') return;
        new Notification(UTF8ToString(title), {body: UTF8ToString(body), tag: 'syncscope-finished'});
    } catch (e) {}
});
EM_JS(void, js_watch_next_interaction, (), {
    if (window.syncscopeInteractionWatch) return;
    const once = function() {
        ['pointerdown', 'keydown', 'touchstart'].forEach(function(t) {
            window.removeEventListener(t, once, true);
        });
        window.syncscopeInteractionWatch = false;
        _syncscope_on_interaction();
    };
    window.syncscopeInteractionWatch = true;
    ['pointerdown', 'keydown', 'touchstart'].forEach(function(t) {
        window.addEventListener(t, once, true);
    });
});
// clang-format on

}  // namespace

void askNotificationPermission() {
    js_ask_notification_permission();
}

void showNotification(const std::string& title, const std::string& body) {
    js_show_notification(title.c_str(), body.c_str());
}

void watchNextInteraction(void (*onInteraction)()) {
    gOnInteraction = onInteraction;
    js_watch_next_interaction();
}

}  // namespace web

extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_on_interaction() {
    if (web::gOnInteraction) web::gOnInteraction();
}
