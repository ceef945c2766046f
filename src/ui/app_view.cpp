// ui/app_view.cpp — the frame around every view: one full-canvas window, the top bar with
// breadcrumbs and sign-out, the banner that says what went wrong, then the current view.
#include <string>

#include "imgui.h"
#include "ui/view_parts.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace ui {
namespace {

void breadcrumbs(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const core::Route& r = s.route;
    if (r.view == core::View::Services) {
        ImGui::TextUnformatted("Services");
        return;
    }
    if (ImGui::SmallButton("Services")) out.navigate = core::parseRoute("/services");
    recordItem(ctx.items, "nav.services");
    const core::Service* svc = s.findService(r.serviceId);
    ImGui::SameLine();
    textMuted("›");
    ImGui::SameLine();
    const std::string name = svc ? svc->name : "Service " + std::to_string(r.serviceId);
    if (r.view == core::View::Summary) {
        ImGui::TextUnformatted(name.c_str());
        return;
    }
    if (ImGui::SmallButton(name.c_str())) {
        core::Route up = r;
        up.view = core::View::Summary;
        up.syncId = up.line = 0;
        out.navigate = up;
    }
    recordItem(ctx.items, "nav.service");
    ImGui::SameLine();
    textMuted("›");
    ImGui::SameLine();
    ImGui::Text("Sync %lld", static_cast<long long>(r.syncId));
}

void topBar(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1.0f), "SyncScope");
    if (s.view == core::View::Login) return;
    ImGui::SameLine(0, 18);
    breadcrumbs(s, ctx, out);
    const char* label = "Sign out";
    const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(ImGui::GetContentRegionMax().x - w);
    if (ImGui::Button(label)) out.signOut = true;
    recordItem(ctx.items, "nav.signOut");
}

void banner(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    if (s.banner.kind == core::Banner::Kind::None || s.view == core::View::Login) return;
    const bool error = s.banner.kind == core::Banner::Kind::Error;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, error ? ImVec4(0.45f, 0.12f, 0.12f, 0.55f)
                                                  : ImVec4(0.15f, 0.25f, 0.45f, 0.55f));
    const float h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().WindowPadding.y;
    ImGui::BeginChild("banner", ImVec2(0, h), ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(s.banner.text.c_str());
    recordItem(ctx.items, "banner.text");
    ImGui::SameLine();
    if (error && ImGui::SmallButton("Retry")) out.reload = true;
    recordItem(ctx.items, "banner.retry");
    ImGui::SameLine();
    if (ImGui::SmallButton("Dismiss")) out.dismissBanner = true;
    recordItem(ctx.items, "banner.dismiss");
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace

core::Intents drawApp(const core::AppState& s, FrameContext& ctx) {
    core::Intents out;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::Begin("SyncScope", nullptr, flags);
    ImGui::PopStyleVar();
    topBar(s, ctx, out);
    ImGui::Separator();
    banner(s, ctx, out);
    // Under the payload preview the view stays visible but dimmed and inert.
    const bool previewing = s.payload.open && s.view != core::View::Login;
    ImGui::BeginDisabled(previewing);
    switch (s.view) {
        case core::View::Login: drawLoginView(s, ctx, out); break;
        case core::View::Services: drawServicesView(s, ctx, out); break;
        case core::View::Summary: drawSummaryView(s, ctx, out); break;
        case core::View::Log: drawLogView(s, ctx, out); break;
    }
    ImGui::EndDisabled();
    ImGui::End();
    if (previewing) drawPayloadView(s, ctx, out);
    return out;
}

std::string pageTitle(const core::AppState& s) {
    switch (s.view) {
        case core::View::Login: return "Sign in — SyncScope";
        case core::View::Services: return "Services — SyncScope";
        case core::View::Summary:
        case core::View::Log: {
            const core::Service* svc = s.findService(s.route.serviceId);
            std::string title =
                (svc ? svc->name : "Service " + std::to_string(s.route.serviceId)) + " — SyncScope";
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
