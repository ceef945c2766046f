// web/browser.h — the page around the canvas: URL hash, history, title, loading screen, and
// the asset names the loader hands over. Small wrappers over DOM calls, nothing stateful.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/backend.h"

namespace web {

// The hash without '#', e.g. "/services/12".
std::string currentHash();
// Push a history entry for `route` (back/forward then work) unless it is already current.
void pushHash(const std::string& route);
// Replace the current entry (no new history entry), e.g. after taking the token out.
void replaceHash(const std::string& route);
// Called with the new hash when the user goes back/forward or edits the address bar.
void onHashChange(std::function<void(const std::string&)> handler);

// "#token=…" (demo links): the token, URL-decoded, which the loader already removed from the
// address bar and history. Handed over once; empty when there was none.
std::string takeTokenFromHash();
// A "#token=…" link opened in this tab while it is open (a hashchange): the listener of
// onHashChange takes the token out of the address bar at once and calls `handler` with it
// (URL-decoded, not yet cleaned) instead of the route handler.
void onHashToken(std::function<void(std::string)> handler);

// 64 random bits from crypto.getRandomValues: the retry jitter's seed.
uint64_t randomSeed();

void setTitle(const std::string& title);
// The loading screen: progress text while assets load; hidden after the first frame.
void setLoadingText(const std::string& text);
void hideLoading();
// Replace the loading screen by a message that stays (bad config, no WebGL2).
void showFatal(const std::string& message);

// Hands `bytes` to the browser as a download named `fileName` (Blob + <a download>).
void saveFile(const std::string& bytes, const std::string& fileName,
              const std::string& contentType);
// Makes the GET itself (fetch) and saves its answer as `fileName`, the bytes kept in a browser
// Blob — never in wasm memory. Asynchronous; the outcome is in window.syncscopeLastDownload
// ({state: "fetching" | "saved" | "failed", bytes, error}), a failure also a console warning.
void saveUrl(const core::HttpGet& get, const std::string& fileName);

// This tab's sessionStorage (gone when the tab closes, never shared with other tabs): "" when the
// key is absent or storage is unavailable (a sandboxed iframe, storage turned off).
std::string sessionValue(const char* key);
void setSessionValue(const char* key, const std::string& value);
void removeSessionValue(const char* key);
// The same in localStorage: "Remember on this device" (every tab of this browser profile).
std::string deviceValue(const char* key);
void setDeviceValue(const char* key, const std::string& value);
void removeDeviceValue(const char* key);

// The system asks for a light look (prefers-color-scheme: light).
bool prefersLightColourScheme();
// Called with the system's new preference (light or not) whenever it changes while the page is
// open (a matchMedia change listener).
void onColourSchemeChange(std::function<void(bool light)> handler);

// The page's address without its hash (and without any `token` query parameter, should one be
// there): the base of a link to a route, e.g. "Copy link to line".
std::string pageUrlWithoutHash();
// Local time minus UTC now, in minutes (-Date.getTimezoneOffset(): +60 in CET): the one local
// offset the app shows times with (core/time_zone.h says why one is enough).
int localUtcOffsetMinutes();

// A User Timing mark (performance.mark), for the start-up benchmark and DevTools.
void mark(const char* name);

// URL of an asset the loader named (data attributes on its script tag): "fontUi", "fontMono".
std::string assetUrl(const char* key);

}  // namespace web
