// web/main.cpp — SyncScope in the browser: start-up, the frame, and wiring the layers together.
//
// Start-up asks for config.json and both fonts at once (the page preloads them with the wasm),
// creates the WebGL2 context and ImGui's shaders while they download, then the API backend and
// the App. The token from a demo
// link (#token=…) is taken out of the address bar before anything else runs.
//
// Each frame: ImGui draws the views from the App's state; the views' intents go back to the App;
// the URL hash and page title follow the state. Frames are drawn only on demand (platform.h).
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <memory>
#include <string>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/config.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "ui/views.h"
#include "web/browser.h"
#include "web/fetch_transport.h"
#include "web/fonts.h"
#include "web/platform.h"
#include "web/test_api.h"

namespace {

core::TimeMs epochMs() {
    return static_cast<core::TimeMs>(emscripten_date_now());
}

struct Program {
    web::FetchTransport transport;
    web::Platform platform;
    std::unique_ptr<core::Backend> backend;
    std::unique_ptr<core::App> app;

    core::AppConfig config;
    std::string configError;
    web::FontFiles fontFiles;
    std::string fontError;
    int assetsPending = 3;
    std::string tokenFromUrl;

    ui::Fonts fonts;
    ui::UiState uiState;
    ui::ItemRects items;
    uint64_t frames = 0;
    uint64_t requests = 0;
    uint64_t drawnRevision = ~0ull;
    std::string lastRoute;
    std::string lastTitle;
    bool loadingHidden = false;
    bool servicesMarked = false;
    bool glReady = false;
};

Program* gProgram = nullptr;

void syncBrowserWithState(Program& p) {
    const core::AppState& s = p.app->state();
    if (s.view != core::View::Login) {
        const std::string route = core::formatRoute(s.route);
        if (route != p.lastRoute) {
            // The first route replaces the entry the page was opened with; later ones are pushed
            // so that back and forward walk through the views.
            if (p.lastRoute.empty())
                web::replaceHash(route);
            else
                web::pushHash(route);
            p.lastRoute = route;
        }
    }
    const std::string title = ui::pageTitle(s);
    if (title != p.lastTitle) {
        web::setTitle(title);
        p.lastTitle = title;
    }
}

void drawFrame() {
    Program& p = *gProgram;
    p.platform.newFrame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    p.items.clear();
    ui::FrameContext ctx{p.fonts, p.uiState, p.items, p.app->serverNow(epochMs())};
    const core::Intents intents = ui::drawApp(p.app->state(), ctx);
    ImGui::Render();
    glViewport(0, 0, p.platform.framebufferWidth(), p.platform.framebufferHeight());
    glClearColor(0.075f, 0.085f, 0.105f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    p.platform.endFrame();
    ++p.frames;
    p.requests = p.transport.requestsIssued();

    if (intents.any()) p.app->apply(intents);
    syncBrowserWithState(p);
    if (p.platform.imguiIsSettling()) p.platform.requestFrames(2);
    if (p.app->state().revision != p.drawnRevision) {
        p.drawnRevision = p.app->state().revision;
        p.platform.requestFrames(3);
    }
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
    const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context("#canvas", &attrs);
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
    if (p.config.dialect != core::Dialect::Reference) {
        web::showFatal(
            "config.json asks for the \"patchworks-core\" dialect, which this build of SyncScope "
            "does not speak yet. Use \"reference\".");
        return;
    }
    ui::applyTheme();
    // init() sizes the canvas and reports the pixel ratio, which bakes the fonts (once here, and
    // again whenever the ratio changes).
    p.platform.init("#canvas", drawFrame, [](float dpr) {
        gProgram->fonts = web::buildFonts(gProgram->fontFiles, dpr, true);
    });
    web::mark("syncscope:fonts-built");

    p.backend = std::make_unique<api::ReferenceBackend>(p.transport, p.config.apiBaseUrl);
    p.app = std::make_unique<core::App>(*p.backend, p.config);
    p.app->setClock(epochMs);
    p.transport.setOnAnswer([] { gProgram->platform.requestFrames(3); });
    web::onHashChange([](const std::string& hash) {
        Program& q = *gProgram;
        q.lastRoute = core::formatRoute(core::parseRoute(hash));
        q.app->onRouteChanged(core::parseRoute(hash));
        q.platform.requestFrames(3);
    });

    core::Credentials creds;
    creds.token = std::move(p.tokenFromUrl);
    creds.scheme = p.config.dialect == core::Dialect::PatchworksCore ? core::AuthScheme::ApiKey
                                                                     : core::AuthScheme::Bearer;
    p.app->start(core::parseRoute(web::currentHash()), creds);
    web::installTestApi({&p.app->state(), &p.items, &p.frames, &p.requests});
    // "… ago" times move on by themselves: one frame every 30 s keeps them true while idle.
    emscripten_set_interval([](void*) { gProgram->platform.requestFrames(1); }, 30000, nullptr);
    p.platform.requestFrames(3);
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
                q.configError = "is invalid: " + r.errors.front();
            else
                q.config = std::move(r.config);
        }
        assetArrived();
    });
    fetchFont("fontUi", &p.fontFiles.ui, "interface");
    fetchFont("fontMono", &p.fontFiles.mono, "monospace");
    // While those download: the WebGL2 context and ImGui's shaders, which cost up to a second on
    // a software renderer (SwiftShader) and need none of the assets.
    p.glReady = createGlContext() && ImGui_ImplOpenGL3_Init("#version 300 es") &&
                ImGui_ImplOpenGL3_CreateDeviceObjects();
    web::mark("syncscope:gl-ready");
    return 0;
}
