// web/main.cpp — SyncScope in the browser: start-up, the frame, and wiring the layers together.
//
// Start-up asks for config.json and both fonts at once (the page preloads them with the wasm),
// creates the WebGL2 context and ImGui's shaders while they download, then the API backend and
// the App. The token from a demo
// link (#token=…) is taken out of the address bar before anything else runs.
//
// Each frame: ImGui draws the views from the App's state; the views' intents go back to the App;
// the URL hash and page title follow the state. Frames are drawn only on demand (platform.h).
//
// The heartbeat: the App's refresh scheduler runs by the wall clock, not by frames (browsers
// stop requestAnimationFrame in hidden tabs and off-screen iframes). One timer is kept set for
// App::nextWakeMs(); it ticks the App, which sends what is due, and a frame is drawn only when
// the state changed. Every answer and every applied intent re-arms it; a page that becomes
// visible again refreshes at once.
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "api/patchworks_backend.h"
#include "api/reference_backend.h"
#include "core/api_url.h"
#include "core/app.h"
#include "core/config.h"
#include "core/log_text.h"
#include "core/remembered_token.h"
#include "core/secret.h"
#include "imgui.h"
#include "ui/views.h"
#include "web/a11y.h"
#include "web/browser.h"
#include "web/embed.h"
#include "web/fetch_transport.h"
#include "web/fonts.h"
#include "web/frame_pacer.h"
#include "web/gl_context.h"
#include "web/gl_renderer.h"
#include "web/notify.h"
#include "web/platform.h"
#include "web/prefs.h"
#include "web/signin_form.h"
#include "web/test_api.h"
#include "web/wipe.h"

namespace {

core::TimeMs epochMs() {
    return static_cast<core::TimeMs>(emscripten_date_now());
}

struct Program {
    web::FetchTransport transport;
    web::PreferenceStore prefs;
    web::FramePacer pacer;  // every redraw is asked for here, with its reason
    web::Platform platform;
    std::unique_ptr<core::Backend> backend;
    std::unique_ptr<core::App> app;

    core::AppConfig config;
    std::string configError;
    web::FontFiles fontFiles;
    std::string fontError;
    int assetsPending = 3;
    std::string tokenFromUrl;
    std::string storedSession;    // what this tab's sessionStorage holds for "Remember me"
    std::string storedDevice;     // what localStorage holds for "Remember on this device"
    bool storageCleared = false;  // both were cleared since the App last said Store or Keep

    ui::Fonts fonts;
    ui::UiState uiState;
    ui::ItemRects items;
    uint64_t frames = 0;
    double frameMs = 0;                // how long the last frame took on the main thread
    core::TimeMs lastDataFrameAt = 0;  // when frames were last asked for by a data change
    std::string lastRoute;
    std::string startHash;  // the address's hash when the app started (the token already out)
    std::string lastTitle;
    bool loadingHidden = false;
    bool servicesMarked = false;
    int64_t linesMarkedFor = 0;       // the log on screen, once a frame drew its first lines
    core::TimeMs paintHoldUntil = 0;  // see holdPaint
    int64_t completeMarkedFor = 0;    // the log last marked complete (observeState)
    int64_t cappedDrawnFor = 0;       // the log whose memory ceiling a frame has drawn
    bool glReady = false;
    long wakeTimer = 0;  // emscripten_set_timeout id, 0 when none is set
    core::TimeMs wakeAt = 0;
    long frameTimer = 0;  // a frame asked for at frameAt (see requestFrameAt)
    core::TimeMs frameAt = 0;
    std::deque<std::function<void()>> deferred;  // callbacks a backend posts for later
    web::Embed embed;        // inside a portal's iframe: the postMessage protocol
    web::ScreenReader a11y;  // the hidden view summary and the live region
    uint64_t observedRevision = ~0ull;
    // "Tell me when it finishes" (issue 18): the notice last shown, and the page title that says
    // the outcome until the user next interacts ("" when none).
    uint64_t finishedSerial = 0;
    std::string finishedTitle;
};

Program* gProgram = nullptr;

void scheduleWake();
void requestFrameAt(core::TimeMs at);

// The App's state changed without input (an answer, a tick): two frames (tables settle on the
// second). While a big log's older lines stream in, an answer arrives every few milliseconds;
// each would cost two frames, and on a software renderer a frame costs tens of ms. Those redraws
// are spaced at least kBackfillRedrawMs apart: the lines on screen (the tail) do not change, only
// the "held X of Y" note does.
constexpr core::TimeMs kBackfillRedrawMs = 1000;

// Paint holding (issue 20, goal 2): a log opened by a route (a link, the address, back and
// forward; a click draws its input frames anyway) is drawn once its first lines and its header
// (the sync: status, counts, the gap note above the lines) are in, or kPaintHoldMs after it was
// opened — not first as "Loading the log…": on a software GPU that frame costs the GPU process
// tens of ms, and the frame with the lines (the answer comes 20–60 ms after the request here)
// waits behind it. With the header too, the first frame with lines has its final layout: the
// header arriving a frame later pushed the lines up (a layout shift). Input still draws at once.
constexpr core::TimeMs kPaintHoldMs = 100;
bool waitingForFirstLines(const Program& p) {
    const core::AppState& s = p.app->state();
    return s.view == core::View::Log && (!s.log || s.log->store.empty() || !s.log->sync);
}
bool holdingPaint(const Program& p, core::TimeMs now) {
    return now < p.paintHoldUntil && waitingForFirstLines(p);
}
// After the route changed: true when the frame is held (one is asked for at the hold's end).
bool holdPaint(Program& p) {
    p.linesMarkedFor = 0;  // a log entered again draws (and marks) its first lines again
    if (!waitingForFirstLines(p)) return false;
    p.paintHoldUntil = epochMs() + kPaintHoldMs;
    requestFrameAt(p.paintHoldUntil);
    return true;
}

void redrawForData() {
    Program& p = *gProgram;
    const core::LogState* log = p.app ? p.app->state().log.get() : nullptr;
    const bool backfilling = log && p.app->state().view == core::View::Log && !log->complete();
    const core::TimeMs now = epochMs();
    if (p.app && holdingPaint(p, now)) {
        requestFrameAt(p.paintHoldUntil);  // (again: another timer may have taken its place)
        return;
    }
    // Not the answer that brings the first lines, though: those are drawn at once; nor the one
    // that reached the memory ceiling, whose "Holding the newest … lines" is drawn at once too.
    const bool newlyCapped = log && log->capped && p.cappedDrawnFor != log->syncId;
    if (backfilling && log->syncId == p.linesMarkedFor && !newlyCapped) {
        // One frame a second: the note and the scrollbar; the tail on screen stays as it was.
        requestFrameAt(std::max(now, p.lastDataFrameAt + kBackfillRedrawMs));
        return;
    }
    p.lastDataFrameAt = now;
    p.pacer.request(web::Redraw::Answer);
}

// Ticks the App: sends the refreshes that are due; draws only if that changed something.
void heartbeat() {
    Program& p = *gProgram;
    if (!p.app) return;
    const uint64_t before = p.app->state().revision;
    p.app->tick(epochMs());
    if (p.app->state().revision != before) redrawForData();
    scheduleWake();
}

void onWake(void*) {
    gProgram->wakeTimer = 0;
    heartbeat();
}

// What follows the App's state outside the canvas (the parent frame, screen readers), told once
// per change of state, not per frame. Every path that changes the state ends in scheduleWake().
void observeState() {
    Program& p = *gProgram;
    if (!p.app || p.app->state().revision == p.observedRevision) return;
    p.observedRevision = p.app->state().revision;
    // The first time the log shown holds every line (marked for the benchmarks, as the first
    // screen is: tests/bench/patternfly.mjs reads the time on the page's clock).
    const core::AppState& s = p.app->state();
    if (s.view != core::View::Log) p.completeMarkedFor = 0;  // marked again when shown again
    if (s.view == core::View::Log && s.log && s.log->complete() &&
        s.log->syncId != p.completeMarkedFor) {
        web::mark("syncscope:log-complete");
        p.completeMarkedFor = s.log->syncId;
    }
    p.embed.update(p.app->state());
    p.a11y.update(p.app->state());
    // A sync the bell was on for finished: a notification (if allowed) and the title, with the
    // outcome only — never log text. In a portal's frame neither may be seen: the embed
    // protocol's syncscope:sync-finished (above) is what counts there.
    const core::FinishedNotice& n = p.app->state().finished;
    if (n.serial != p.finishedSerial) {
        p.finishedSerial = n.serial;
        const std::string outcome = "Sync #" + std::to_string(n.syncId) +
                                    " finished: " + core::statusText(n.status, n.statusSent);
        web::showNotification(outcome, "SyncScope");
        p.finishedTitle = outcome + " — SyncScope";
        web::watchNextInteraction([] {
            Program& q = *gProgram;
            q.finishedTitle.clear();
            q.pacer.request(web::Redraw::External);  // the view's own title comes back
        });
    }
}

void scheduleWake() {
    Program& p = *gProgram;
    observeState();
    const core::TimeMs now = epochMs();
    const std::optional<core::TimeMs> next = p.app->nextWakeMs(now);
    if (p.wakeTimer && next && p.wakeAt <= *next) return;  // an early enough wake is set
    if (p.wakeTimer) emscripten_clear_timeout(p.wakeTimer);
    p.wakeTimer = 0;
    if (!next) return;
    p.wakeAt = *next;
    p.wakeTimer = emscripten_set_timeout(
        onWake, static_cast<double>(std::max<core::TimeMs>(0, *next - now)), nullptr);
}

// A frame (Redraw::Timed) at local time `at` (a single timer; an earlier request replaces a
// later one).
void requestFrameAt(core::TimeMs at) {
    Program& p = *gProgram;
    if (p.frameTimer && p.frameAt <= at) return;
    if (p.frameTimer) emscripten_clear_timeout(p.frameTimer);
    p.frameAt = at;
    p.frameTimer = emscripten_set_timeout(
        [](void*) {
            Program& q = *gProgram;
            q.frameTimer = 0;
            q.lastDataFrameAt = epochMs();
            q.pacer.request(web::Redraw::Timed);
        },
        static_cast<double>(std::max<core::TimeMs>(0, at - epochMs())), nullptr);
}

// A backend's "answer later" (never inside the call): run on the next turn of the event loop.
void defer(std::function<void()> f) {
    gProgram->deferred.push_back(std::move(f));
    emscripten_set_timeout(
        [](void*) {
            Program& p = *gProgram;
            if (p.deferred.empty()) return;
            auto f = std::move(p.deferred.front());
            p.deferred.pop_front();
            f();
            redrawForData();
            scheduleWake();
        },
        0, nullptr);
}

EM_BOOL onVisibilityChange(int, const EmscriptenVisibilityChangeEvent* e, void*) {
    Program& p = *gProgram;
    if (!e->hidden && p.app) {
        p.app->onVisible(epochMs());
        p.pacer.request(web::Redraw::External);
        scheduleWake();
    }
    return EM_FALSE;
}

// What App::apply handed back for the browser to do (core/intents.h): saving files.
struct EffectRunner {
    Program& p;
    void operator()(const core::effect::SavePayload&) const {
        if (!p.app->state().payload.file) return;
        // A file the preview holds only the start of is fetched again, whole, into a Blob.
        const core::PayloadFile& f = *p.app->state().payload.file;
        if (const std::optional<core::HttpGet> whole = p.app->payloadDownload())
            web::saveUrl(*whole, f.fileName);
        else
            web::saveFile(f.bytes, f.fileName, f.contentType);
    }
    // The whole log as text, as held (its header says when lines are missing), in the zone shown.
    // The log's bell was turned on: the browser asks, inside the click (issue 18).
    void operator()(const core::effect::AskNotificationPermission&) const {
        web::askNotificationPermission();
    }
    void operator()(const core::effect::DownloadLog&) const {
        if (!p.app->state().log) return;
        const core::LogState& log = *p.app->state().log;
        web::saveFile(core::logFileText(log, p.uiState.timeZone), core::logFileName(log.syncId),
                      "text/plain; charset=utf-8");
    }
};

void carryOut(Program& p, const core::Effects& effects) {
    for (const core::Effect& e : effects) std::visit(EffectRunner{p}, e);
}

void syncBrowserWithState(Program& p) {
    const core::AppState& s = p.app->state();
    if (s.view != core::View::Login) {
        const std::string route = core::formatRoute(s.route);
        if (route != p.lastRoute) {
            // The first route replaces the entry the page was opened with; later ones are pushed
            // so that back and forward walk through the views.
            // Unless the hash changed since the start and its hashchange is still to come (a
            // link followed, or a route set, between the sign-in's answer and this frame): then
            // that navigation wins, as it will once handled, instead of being overwritten.
            if (p.lastRoute.empty()) {
                const std::string now = web::currentHash();
                if (now.empty() || now == p.startHash || now == route) web::replaceHash(route);
            } else {
                web::pushHash(route);
            }
            p.lastRoute = route;
        }
    }
    const std::string title = p.finishedTitle.empty() ? ui::pageTitle(s) : p.finishedTitle;
    if (title != p.lastTitle) {
        web::setTitle(title);
        p.lastTitle = title;
    }
    // "Remember me": the token in this tab's sessionStorage, or with "Remember on this device"
    // in localStorage, once accepted (and the other place cleared); gone from both on sign-out
    // or a 401 (core::tokenStorageFor has the rules). Written only when it changes.
    switch (core::tokenStorageFor(s)) {
        case core::TokenStorage::Store: {
            p.storageCleared = false;
            const bool device = core::tokenPlaceFor(s) == core::TokenPlace::Device;
            const std::string value = core::encodeRememberedToken(s.credentials);
            std::string& here = device ? p.storedDevice : p.storedSession;
            std::string& there = device ? p.storedSession : p.storedDevice;
            if (value != here) {
                if (device)
                    web::setDeviceValue(core::kRememberedTokenKey, value);
                else
                    web::setSessionValue(core::kRememberedTokenKey, value);
                here = value;
            }
            if (!there.empty()) {
                if (device)
                    web::removeSessionValue(core::kRememberedTokenKey);
                else
                    web::removeDeviceValue(core::kRememberedTokenKey);
                core::wipe(there);
            }
            break;
        }
        case core::TokenStorage::Remove:
            // Both places, whatever this tab wrote: another tab may have put it on the device.
            if (!p.storageCleared) {
                web::removeSessionValue(core::kRememberedTokenKey);
                web::removeDeviceValue(core::kRememberedTokenKey);
                core::wipe(p.storedSession);
                core::wipe(p.storedDevice);
                p.storageCleared = true;
            }
            break;
        case core::TokenStorage::Keep: p.storageCleared = false; break;
    }
}

void drawFrame() {
    Program& p = *gProgram;
    if (web::glContextLost()) return;  // ImGui's renderer is down until the context is back
    const double startedAt = emscripten_get_now();
    p.platform.newFrame();
    p.platform.setTabBetweenFields(p.app->state().view == core::View::Login);
    ImGui::NewFrame();
    p.items.clear();
    const core::TimeMs now = epochMs();
    const uint64_t revisionDrawn = p.app->state().revision;
    ui::FrameContext ctx{p.fonts, p.uiState, p.items, p.app->serverNow(now)};
    ctx.localNow = now;
    const core::Intents intents = ui::drawApp(p.app->state(), ctx);
    p.a11y.toast(p.uiState.toast.serial, p.uiState.toast.text);  // "Copied 3 lines", told once
    ImGui::Render();
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];  // the theme's
    const float clear[3] = {bg.x, bg.y, bg.z};
    web::rendererDraw(*ImGui::GetDrawData(), p.platform.framebufferWidth(),
                      p.platform.framebufferHeight(), clear);
    p.platform.endFrame();
    ++p.frames;
    p.frameMs = emscripten_get_now() - startedAt;  // ImGui's frame and the WebGL calls

    p.prefs.saveIfChanged(p.uiState);
    if (intents.any()) {
        const core::Route routeBefore = p.app->state().route;
        carryOut(p, p.app->apply(intents));  // a Download clicked: the file is saved
        heartbeat();  // what they asked for (a sync opened: its log) is requested now
        if (p.app->state().route != routeBefore) p.linesMarkedFor = 0;  // as holdPaint
    }
    syncBrowserWithState(p);
    // The HTML sign-in form: shown while the view is "login", as the login view decided.
    web::updateSignInForm(p.app->state().view == core::View::Login, p.uiState.login.screen,
                          p.uiState.theme == ui::Theme::Light);
    if (p.platform.imguiIsSettling()) p.pacer.request(web::Redraw::Settling);
    // This frame's intents changed the state: draw it (changes from answers and ticks ask for
    // their own frames, see redrawForData).
    if (p.app->state().revision != revisionDrawn) p.pacer.request(web::Redraw::Intent);
    // Something on screen changes by itself at ctx.wakeAt() (a countdown, a running duration):
    // one frame then, not a frame every vsync.
    if (ctx.wakeAt() > 0) requestFrameAt(ctx.wakeAt());
    if (!p.loadingHidden) {
        web::hideLoading();
        web::mark("syncscope:first-frame");
        p.loadingHidden = true;
    }
    if (!p.servicesMarked && p.app->state().servicesLoaded &&
        p.app->state().view != core::View::Login) {
        web::mark("syncscope:first-frame-with-services");
        p.servicesMarked = true;
    }
    // The first frame that drew lines of the log on screen (marked for the benchmarks; until
    // then answers with lines are drawn at once, see redrawForData).
    const core::LogState* log =
        p.app->state().view == core::View::Log ? p.app->state().log.get() : nullptr;
    p.cappedDrawnFor = log && log->capped ? log->syncId : 0;
    if (!log) {
        p.linesMarkedFor = 0;
    } else if (log->syncId != p.linesMarkedFor && log->store.size() > 0) {
        web::mark("syncscope:log-lines-drawn");
        p.linesMarkedFor = log->syncId;
        p.app->linesDrawn(log->syncId);  // the older lines may come now (App::setFirstScreenHold)
        scheduleWake();
    }
}

bool createGlContext() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = EM_FALSE;
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    attrs.antialias = EM_FALSE;  // ImGui anti-aliases its own shapes
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx =
        emscripten_webgl_create_context(web::kCanvasSelector, &attrs);
    if (ctx <= 0) return false;
    emscripten_webgl_make_context_current(ctx);
    return true;
}

void startApp() {
    Program& p = *gProgram;
    web::mark("syncscope:assets-loaded");
    if (!p.configError.empty()) {
        web::showFatal("SyncScope cannot start: config.json " + p.configError);
        return;
    }
    if (!p.fontError.empty()) {
        web::showFatal("SyncScope cannot start: " + p.fontError);
        return;
    }
    if (!p.glReady) {
        web::showFatal(
            "SyncScope needs WebGL2, which this browser has turned off or lacks. "
            "Enable hardware acceleration, or open SyncScope in a current browser.");
        return;
    }
    // apiBaseUrl, resolved once against the page's address by the URL rules; every request URL is
    // joined onto the result (core/api_url.h). One that does not resolve to http(s): nothing is
    // sent, the screen says why.
    const core::ApiBase apiBase =
        core::resolveApiBase(p.config.apiBaseUrl, web::pageUrlWithoutHash());
    if (!apiBase.ok()) {
        web::showFatal("SyncScope cannot start: config.json's " + apiBase.error);
        return;
    }
    // The system's light or dark preference at start; the top bar's switch changes it.
    p.uiState.theme = web::prefersLightColourScheme() ? ui::Theme::Light : ui::Theme::Dark;
    // Preferences from earlier visits (a chosen theme, time zone, level filter …) before the
    // first frame; the browser's local offset and the page's address for links to lines.
    p.prefs.load(p.uiState, p.uiState.theme);
    p.uiState.timeZone.offsetMinutes = web::localUtcOffsetMinutes();
    p.uiState.pageUrl = web::pageUrlWithoutHash();
    ui::applyTheme(p.uiState.theme);
    // The system's look changing while the page is open: followed, unless a theme was chosen
    // (drawApp applies a changed UiState::theme on the next frame).
    web::onColourSchemeChange([](bool light) {
        Program& q = *gProgram;
        if (q.prefs.systemThemeChanged(q.uiState, light ? ui::Theme::Light : ui::Theme::Dark))
            q.pacer.request(web::Redraw::Theme);
    });
    // init() sizes the canvas and reports the pixel ratio, which bakes the fonts (once here, and
    // again whenever the ratio changes).
    p.pacer.init(drawFrame);
    p.platform.init(web::kCanvasSelector, p.pacer, [](float dpr) {
        gProgram->fonts = web::buildFonts(gProgram->fontFiles, dpr, !web::glContextLost());
    });
    web::mark("syncscope:fonts-built");

    if (p.config.dialect == core::Dialect::PatchworksCore)
        p.backend = std::make_unique<api::PatchworksBackend>(p.transport, apiBase.url(), defer);
    else
        p.backend = std::make_unique<api::ReferenceBackend>(p.transport, apiBase.url());
    p.app = std::make_unique<core::App>(*p.backend, p.config);
    p.app->setClock(epochMs);
    p.app->setApiWarning(core::insecureApiWarning(apiBase));  // plain http to another machine
    // Each client its own retry jitter: clients that failed together do not retry in lockstep.
    p.app->seedRetryJitter(web::randomSeed());
    p.app->setFirstScreenHold(true);  // older lines after the first screen (issue 20, goal 2)
    p.transport.setOnAnswer([] {
        redrawForData();
        scheduleWake();
    });
    emscripten_set_visibilitychange_callback(nullptr, EM_FALSE, onVisibilityChange);
    web::onHashChange([](const std::string& hash) {
        Program& q = *gProgram;
        q.lastRoute = core::formatRoute(core::parseRoute(hash));
        q.app->onRouteChanged(core::parseRoute(hash));
        // The new view's requests go out now, before its first frame is drawn (not on the next
        // wake: on a software GPU that frame costs tens of ms the answer would wait behind).
        const bool held = holdPaint(q);
        heartbeat();
        if (!held) q.pacer.request(web::Redraw::External);
    });
    // A demo link pasted into this open tab: its token (already out of the address bar) signs
    // in like any other, cleaned by App::signIn; the address shows the route again.
    web::onHashToken([](std::string token) {
        Program& q = *gProgram;
        core::Intents in;
        core::Credentials& creds =
            in.add(core::intent::SignIn{core::Credentials{
                       std::move(token), q.config.dialect == core::Dialect::PatchworksCore
                                             ? core::AuthScheme::ApiKey
                                             : core::AuthScheme::Bearer}})
                .credentials;
        carryOut(q, q.app->apply(in));
        core::wipe(creds.token);
        if (!q.lastRoute.empty()) web::replaceHash(q.lastRoute);
        q.pacer.request(web::Redraw::External);
        scheduleWake();
    });

    core::Credentials creds;
    creds.token = std::move(p.tokenFromUrl);
    creds.scheme = p.config.dialect == core::Dialect::PatchworksCore ? core::AuthScheme::ApiKey
                                                                     : core::AuthScheme::Bearer;
    // A session this tab remembered ("Remember me") signs in before the form shows, else one
    // remembered on this device (localStorage); a token from the URL wins over both (and
    // replaces them).
    p.storedSession = web::sessionValue(core::kRememberedTokenKey);
    p.storedDevice = web::deviceValue(core::kRememberedTokenKey);
    bool remembered = false;
    bool onDevice = false;
    if (creds.empty() && !p.storedSession.empty()) {
        if (std::optional<core::Credentials> r = core::decodeRememberedToken(p.storedSession)) {
            creds = std::move(*r);
            remembered = true;
            p.uiState.login.rememberMe = true;
            // The device's token is left where it is: this tab did not use it (Store only ever
            // clears the other place when this tab wrote it there).
            core::wipe(p.storedDevice);
        }
    }
    if (creds.empty() && !p.storedDevice.empty()) {
        if (std::optional<core::Credentials> r = core::decodeRememberedToken(p.storedDevice)) {
            creds = std::move(*r);
            remembered = onDevice = true;
            p.uiState.login.rememberDevice = true;
        }
    }
    p.startHash = web::currentHash();
    p.app->start(core::parseRoute(p.startHash), creds, remembered, onDevice);
    // The sign-in form of the page: what it hands over is drawn into intents by the next frame.
    web::startSignInForm(&p.uiState.login, [] { gProgram->pacer.request(web::Redraw::External); });
    p.embed.start(p.config, &p.app->state(), [](const core::Intents& in) {
        carryOut(*gProgram, gProgram->app->apply(in));
        gProgram->pacer.request(web::Redraw::External);
        scheduleWake();
    });
    scheduleWake();
    web::installTestApi({&p.app->state(), &p.items, &p.frames, p.transport.requestsIssuedCounter(),
                         &p.uiState, [] { return gProgram->pacer.pending(); }, &p.frameMs,
                         [] {
                             gProgram->items.startRecording();
                             gProgram->pacer.request(web::Redraw::Recording);
                         }});
    // "… ago" times move on by themselves: one frame every 30 s keeps them true while idle.
    emscripten_set_interval([](void*) { gProgram->pacer.request(web::Redraw::Timed); }, 30000,
                            nullptr);
    p.pacer.request(web::Redraw::Start);
}

void assetArrived() {
    if (--gProgram->assetsPending == 0) startApp();
}

void fetchFont(const char* key, std::string* into, const char* what) {
    api::HttpRequest req;
    req.url = web::assetUrl(key);
    if (req.url.empty()) {
        gProgram->fontError = std::string("the page did not name the ") + what + " font";
        assetArrived();
        return;
    }
    gProgram->transport.send(req, [into, what](api::HttpResponse res) {
        if (res.status == 200 && !res.body.empty())
            *into = std::move(res.body);
        else
            gProgram->fontError = std::string("the ") + what + " font did not load (HTTP " +
                                  std::to_string(res.status) + ")";
        assetArrived();
    });
}

}  // namespace

int main() {
    gProgram = new Program();  // lives as long as the page
    Program& p = *gProgram;
    p.tokenFromUrl = web::takeTokenFromHash();  // first: out of the address bar at once
    web::mark("syncscope:main");
    IMGUI_CHECKVERSION();
    // ImGui's buffers (a text field's copies of a typed token) are wiped when freed.
    ImGui::SetAllocatorFunctions(web::imguiAlloc, web::imguiFree);
    ImGui::CreateContext();
    web::setLoadingText("Loading configuration and fonts…");

    api::HttpRequest cfg;
    cfg.url = "config.json";
    p.transport.send(cfg, [](api::HttpResponse res) {
        Program& q = *gProgram;
        if (res.status == 404) {
            // No config.json beside index.html: every key takes its default.
        } else if (res.status != 200) {
            q.configError = "could not be read (HTTP " + std::to_string(res.status) + ")";
        } else {
            core::ConfigResult r = core::parseConfig(res.body);
            if (!r.errors.empty())
                q.configError = "is invalid:\n" + core::describeConfigErrors(r.errors);
            else
                q.config = std::move(r.config);
        }
        assetArrived();
    });
    fetchFont("fontUi", &p.fontFiles.ui, "interface");
    fetchFont("fontMono", &p.fontFiles.mono, "monospace");
    // While those download: the WebGL2 context and ImGui's shaders, which cost up to a second on
    // a software renderer (SwiftShader) and need none of the assets.
    p.glReady = createGlContext() && web::rendererInit();
    // Watched from now on: a context lost while the assets download must be restorable too.
    if (p.glReady)
        web::watchGlContext(
            web::kCanvasSelector, [] {},
            [] {
                if (gProgram->app) gProgram->pacer.request(web::Redraw::Start);  // draw again
            });
    web::mark("syncscope:gl-ready");
    return 0;
}
