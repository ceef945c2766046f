// ui/app_view.cpp — the frame around every view: one full-canvas window, the top bar with
// breadcrumbs, the theme switch and sign-out (wrapping on a narrow screen), the banner that says
// what went wrong, then the current view.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/display_text.h"
#include "imgui.h"
#include "ui/view_parts.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace ui {
namespace {

// Each crumb goes on the line if it fits, else on the next: a narrow screen wraps them. A long
// one (a service's name) stays on the line, cut with "…", while 140 px of it fit: a row of the
// phone's height is worth more than the end of a name.
void crumbSeparator(const std::string& next) {
    const float text = ImGui::CalcTextSize(next.data(), next.data() + next.size(), false).x;
    sameLineOrWrap(ImGui::CalcTextSize("›").x + std::min(text, 140.0f) + 24.0f);
    textMuted("›");
    ImGui::SameLine();
}

void breadcrumbs(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const core::Route& r = s.route;
    if (r.view == core::View::Services) {
        ImGui::TextUnformatted("Services");
        recordItem(ctx.items, "nav.current");
        return;
    }
    if (ImGui::SmallButton("Services"))
        out.add(core::intent::Navigate{core::parseRoute("/services")});
    recordItem(ctx.items, "nav.services");
    const core::Service* svc = s.findService(r.serviceId);
    const std::string name = svc ? svc->name : "Service " + std::to_string(r.serviceId);
    crumbSeparator(name);
    // A name longer than the line is cut with "…" rather than run under the buttons or off the
    // canvas.
    const float pad = ImGui::GetStyle().FramePadding.x * 2;
    const std::string shown = fitText(name, ImGui::GetContentRegionAvail().x - pad);
    if (r.view == core::View::Summary) {
        ImGui::TextUnformatted(shown.c_str());
        recordItem(ctx.items, "nav.current");
        return;
    }
    if (textButton("##nav.service", shown, true)) {  // the name as it is ("##" included)
        core::Route up = r;
        up.view = core::View::Summary;
        up.syncId = up.line = up.compareId = 0;
        out.add(core::intent::Navigate{up});
    }
    recordItem(ctx.items, "nav.service");
    const std::string sync = "Sync " + std::to_string(r.syncId);
    crumbSeparator(sync);
    if (r.view == core::View::Compare) {  // issue 18: back to log a, then the comparison
        if (ImGui::SmallButton(sync.c_str())) {
            core::Route log = r;
            log.view = core::View::Log;
            log.compareId = 0;
            out.add(core::intent::Navigate{log});
        }
        recordItem(ctx.items, "nav.sync");
        const std::string vs = "vs " + std::to_string(r.compareId);
        crumbSeparator(vs);
        ImGui::TextUnformatted(vs.c_str());
        recordItem(ctx.items, "nav.current");
        return;
    }
    ImGui::TextUnformatted(sync.c_str());
    recordItem(ctx.items, "nav.current");
}

void topBar(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    ImGui::AlignTextToFramePadding();
    textColoured(kColourLink, "SyncScope");
    const bool signedIn = s.view != core::View::Login;
    if (signedIn) {
        ImGui::SameLine(0, 18);
        breadcrumbs(s, ctx, out);
    }
    // Right-aligned: the theme switch (named for the theme it switches to) and Sign out; on the
    // next line when the breadcrumbs leave no room.
    const bool dark = ctx.ui.theme == Theme::Dark;
    const char* themeLabel = dark ? "Light theme###app.theme" : "Dark theme###app.theme";
    const char* signOut = "Sign out";
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float right = buttonWidth(themeLabel) + (signedIn ? spacing + buttonWidth(signOut) : 0);
    // (Not NewLine then SameLine: SameLine goes back to the line NewLine ended, and the buttons
    // were drawn over the breadcrumbs.)
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < right + 12.0f) {
        ImGui::NewLine();
        ImGui::SetCursorPosX(ImGui::GetContentRegionMax().x - right);
    } else {
        ImGui::SameLine(ImGui::GetContentRegionMax().x - right);
    }
    if (ImGui::Button(themeLabel)) ctx.ui.theme = dark ? Theme::Light : Theme::Dark;
    recordItem(ctx.items, "app.theme");
    if (!signedIn) return;
    ImGui::SameLine();
    if (ImGui::Button(signOut)) out.add(core::intent::SignOut{});
    recordItem(ctx.items, "nav.signOut");
}

void banner(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    if (s.banner.kind == core::Banner::Kind::None || s.view == core::View::Login) return;
    const bool error = s.banner.kind == core::Banner::Kind::Error;
    // A tint of the error (or link) colour: readable under the theme's own text colour in both.
    ImGui::PushStyleColor(ImGuiCol_ChildBg, withAlpha(error ? kColourError : kColourLink, 0.16f));
    ImGui::PushStyleColor(ImGuiCol_Border, withAlpha(error ? kColourError : kColourLink, 0.45f));
    // As tall as its text: a long message wraps on a narrow screen instead of being cut off.
    ImGui::BeginChild("banner", ImVec2(0, 0), ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_Border,
                      ImGuiWindowFlags_NoScrollbar);
    const float buttons = (error ? buttonWidth("Retry") : 0.0f) + buttonWidth("Dismiss") + 24.0f;
    const bool oneLine =
        ImGui::CalcTextSize(s.banner.text.c_str()).x + buttons < ImGui::GetContentRegionAvail().x;
    ImGui::AlignTextToFramePadding();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.banner.text.c_str());
    ImGui::PopTextWrapPos();
    recordItem(ctx.items, "banner.text");
    if (oneLine) ImGui::SameLine(0, 16);
    if (error) {
        if (ImGui::SmallButton("Retry")) out.add(core::intent::Reload{});
        recordItem(ctx.items, "banner.retry");
        ImGui::SameLine();
    }
    if (ImGui::SmallButton("Dismiss")) out.add(core::intent::DismissBanner{});
    recordItem(ctx.items, "banner.dismiss");
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
}

// The confirmation of a copy ("Copied 3 lines"), over the bottom middle of the window, for
// kToastMs from the first frame that draws it; it takes no input.
void toast(FrameContext& ctx) {
    Toast& t = ctx.ui.toast;
    if (t.text.empty()) return;
    if (t.until == 0) t.until = ctx.localNow + kToastMs;
    if (ctx.localNow >= t.until) {
        t.text.clear();
        return;
    }
    ctx.redrawBy(t.until);  // frames are drawn on demand: one when it goes
    // On the foreground draw list: over every window, the payload preview too.
    if (ctx.fonts.ui) ImGui::PushFont(ctx.fonts.ui);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 size = ImGui::CalcTextSize(t.text.c_str());
    const ImVec2 pad(14.0f, 8.0f);
    const ImVec2 a(std::floor(vp->WorkPos.x + (vp->WorkSize.x - size.x) * 0.5f - pad.x),
                   std::floor(vp->WorkPos.y + vp->WorkSize.y - 24.0f - size.y - pad.y * 2));
    const ImVec2 b(a.x + size.x + pad.x * 2, a.y + size.y + pad.y * 2);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_PopupBg, 0.97f), 6.0f);
    dl->AddRect(a, b, withAlpha(kColourLink, 0.6f), 6.0f);
    dl->AddText(ImVec2(a.x + pad.x, a.y + pad.y), ImGui::GetColorU32(ImGuiCol_Text),
                t.text.c_str());
    if (ctx.fonts.ui) ImGui::PopFont();
    if (ctx.items.recording()) ctx.items.set("toast", Rect{a.x, a.y, b.x - a.x, b.y - a.y});
}

}  // namespace

core::Intents drawApp(const core::AppState& s, FrameContext& ctx) {
    core::Intents out;
    ctx.ui.tooltip.clear();
    if (ctx.ui.theme != appliedTheme()) applyTheme(ctx.ui.theme);  // switched, or set at start
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    // No background: the frame is cleared to WindowBg already (web/main.cpp), and a
    // canvas-sized blended quad is a whole extra pass over every pixel for a software GPU.
    const ImGuiWindowFlags flags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::Begin("SyncScope", nullptr, flags);
    ImGui::PopStyleVar();
    topBar(s, ctx, out);
    ImGui::Separator();
    if (!s.apiWarning.empty()) {  // plain http to another machine: on every view, the form too
        ImGui::PushTextWrapPos(0.0f);
        textColoured(kColourWarning, "%s", s.apiWarning.c_str());
        ImGui::PopTextWrapPos();
        recordItem(ctx.items, "app.apiWarning");
    }
    banner(s, ctx, out);
    // Under the payload preview the view stays visible but dimmed and inert.
    const bool previewing = s.payload.open && s.view != core::View::Login;
    ImGui::BeginDisabled(previewing);
    switch (s.view) {
        case core::View::Login: drawLoginView(s, ctx, out); break;
        case core::View::Services: drawServicesView(s, ctx, out); break;
        case core::View::Summary: drawSummaryView(s, ctx, out); break;
        case core::View::Log: drawLogView(s, ctx, out); break;
        case core::View::Compare: drawCompareView(s, ctx, out); break;
    }
    ImGui::EndDisabled();
    ImGui::End();
    if (previewing) drawPayloadView(s, ctx, out);
    if (s.view == core::View::Log || s.view == core::View::Compare) drawComparePicker(s, ctx, out);
    toast(ctx);
    return out;
}

std::string pageTitle(const core::AppState& s) {
    switch (s.view) {
        case core::View::Login:
            if (s.signingIn) return "Signing in — SyncScope";
            return s.auth == core::AuthState::Expired ? "Session expired — SyncScope"
                                                      : "Sign in — SyncScope";
        case core::View::Services: return "Services — SyncScope";
        case core::View::Summary:
        case core::View::Compare:
        case core::View::Log: {
            const core::Service* svc = s.findService(s.route.serviceId);
            // The name comes from the data: titled as copied (core/display_text.h, copyText).
            std::string title =
                (svc ? core::copyText(svc->name) : "Service " + std::to_string(s.route.serviceId)) +
                " — SyncScope";
            if (s.view == core::View::Compare)
                return "Sync " + std::to_string(s.route.syncId) + " vs " +
                       std::to_string(s.route.compareId) + " — " + title;
            if (s.view != core::View::Log) return title;
            // The sync's status first, for wall screens and tabs: "Sync 345 · running — …".
            std::string sync = "Sync " + std::to_string(s.route.syncId);
            if (s.log && s.log->syncId == s.route.syncId) {
                if (s.log->status)
                    sync += std::string(" · ") + core::toString(*s.log->status);
                else if (s.log->sync)
                    sync += std::string(" · ") + core::toString(s.log->sync->status);
            }
            return sync + " — " + title;
        }
    }
    return "SyncScope";
}

}  // namespace ui
