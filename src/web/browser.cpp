// web/browser.cpp — see browser.h.
#include "web/browser.h"

#include <emscripten.h>

#include <cstdlib>

#include "web/wipe.h"

namespace web {
namespace {

std::function<void(const std::string&)> gHashHandler;
std::function<void(std::string)> gHashTokenHandler;
std::function<void(bool)> gColourSchemeHandler;

std::string takeString(char* p) {
    std::string s = p ? p : "";
    wipeAndFree(p);  // a hash or a message may hold a token
    return s;
}

// clang-format off
EM_JS(char*, js_hash, (), {
    const h = window.location.hash.replace(/^#/, "");
    const len = lengthBytesUTF8(h) + 1;
    const p = _malloc(len);
    stringToUTF8(h, p, len);
    return p;
});
EM_JS(void, js_push_hash, (const char* route), {
    const r = '#' + UTF8ToString(route);
    if (window.location.hash !== r) window.location.hash = r;
});
EM_JS(void, js_replace_hash, (const char* route), {
    const url = window.location.pathname + window.location.search + '#' + UTF8ToString(route);
    window.history.replaceState(window.history.state, "", url);
});
EM_JS(void, js_listen_hash, (), {
    window.addEventListener('hashchange', function() {
        // A demo link pasted into this open tab: the token leaves the address bar (and the entry
        // the browser just pushed) at once, and is handed over like the loader's.
        const m = /^#token=([^&]*)/.exec(window.location.hash);
        if (m) {
            let t;
            try { t = decodeURIComponent(m[1]); } catch (e) { t = m[1]; }
            window.history.replaceState(window.history.state, "",
                                        window.location.pathname + window.location.search + "#/services");
            const len = lengthBytesUTF8(t) + 1;
            const p = _malloc(len);
            stringToUTF8(t, p, len);
            _syncscope_on_hash_token(p);
            HEAPU8.fill(0, p, p + len);
            _free(p);
            return;
        }
        const h = window.location.hash.replace(/^#/, "");
        const len = lengthBytesUTF8(h) + 1;
        const p = _malloc(len);
        stringToUTF8(h, p, len);
        _syncscope_on_hashchange(p);
        HEAPU8.fill(0, p, p + len);  // the hash may hold a token
        _free(p);
    });
});
// Saves bytes as a file the way a link with `download` would: a Blob URL, clicked, then revoked.
// The bytes are copied out of wasm memory first (it may grow, and move, afterwards).
EM_JS(void, js_save_file, (const char* data, size_t size, const char* name, const char* type), {
    const bytes = HEAPU8.slice(data, data + size);
    const blob = new Blob([bytes], {type: UTF8ToString(type) || "application/octet-stream"});
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = UTF8ToString(name);
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
});
// Saves the answer to a GET as a file without its bytes entering wasm memory: fetch() reads the
// body into a Blob (the browser may keep it on disk), which is saved as js_save_file does. For a
// payload bigger than the preview holds. `headers`: "Name: value" lines (the Authorization header
// among them). Nothing thrown reaches the wasm: a failure is reported to the console as a warning
// and to the page (window.syncscopeLastDownload), never as an exception.
EM_JS(void, js_save_url, (const char* url, const char* headers, const char* name), {
    const target = UTF8ToString(url);
    const fileName = UTF8ToString(name);
    const status = {url: target, fileName: fileName, state: "fetching", bytes: 0, error: ""};
    window.syncscopeLastDownload = status;
    try {
        const h = new Headers();
        for (const line of UTF8ToString(headers).split("\n")) {
            const colon = line.indexOf(": ");
            if (colon > 0) h.append(line.slice(0, colon), line.slice(colon + 2));
        }
        fetch(target, {headers: h, credentials: "same-origin", cache: "no-store"})
            .then(function(res) {
                if (!res.ok) throw new Error("HTTP " + res.status);
                return res.blob();
            })
            .then(function(blob) {
                const href = URL.createObjectURL(blob);
                const a = document.createElement("a");
                a.href = href;
                a.download = fileName;
                a.style.display = "none";
                document.body.appendChild(a);
                a.click();
                a.remove();
                setTimeout(function() { URL.revokeObjectURL(href); }, 60000);
                status.state = "saved";
                status.bytes = blob.size;
            })
            .catch(function(e) {
                status.state = "failed";
                status.error = String(e && e.message || e);
                console.warn("SyncScope: the download failed: " + status.error);
            });
    } catch (e) {
        status.state = "failed";
        status.error = String(e && e.message || e);
        console.warn("SyncScope: the download failed: " + status.error);
    }
});
// The loader (shell/loader.js) took the token out of the address bar before the app loaded; it
// hands it over once. Without the loader, the hash is read and cleaned here.
EM_JS(char*, js_take_token, (), {
    let t = null;
    if (typeof Module["syncscopeTakeToken"] === "function") {
        t = Module["syncscopeTakeToken"]();
    } else {
        const m = /^#token=([^&]*)/.exec(window.location.hash);
        if (m) {
            try { t = decodeURIComponent(m[1]); } catch (e) { t = m[1]; }
            window.history.replaceState(window.history.state, "",
                                        window.location.pathname + window.location.search + "#/services");
        }
    }
    if (!t) return 0;
    const len = lengthBytesUTF8(t) + 1;
    const p = _malloc(len);
    stringToUTF8(t, p, len);
    return p;
});
// 64 bits from the browser's CSPRNG (the retry jitter's seed); Math.random where crypto is absent.
EM_JS(double, js_random_u32, (), {
    try {
        const a = new Uint32Array(1);
        self.crypto.getRandomValues(a);
        return a[0];
    } catch (e) {
        return Math.floor(Math.random() * 4294967296);
    }
});
EM_JS(void, js_set_title, (const char* t), { document.title = UTF8ToString(t); });
EM_JS(void, js_loading_text, (const char* t), {
    const el = document.getElementById('loading-text');
    if (el) el.textContent = UTF8ToString(t);
});
EM_JS(void, js_hide_loading, (), { document.body.classList.add('syncscope-ready'); });
EM_JS(void, js_show_fatal, (const char* t), {
    document.body.classList.add('syncscope-fatal');
    const el = document.getElementById('loading-text');
    if (el) el.textContent = UTF8ToString(t);
});
// Storage can throw (sandboxed iframes, storage disabled): then nothing is kept, nothing fails.
// `device` picks the storage: 0 sessionStorage (this tab), 1 localStorage (this browser profile).
EM_JS(char*, js_storage_get, (int device, const char* key), {
    let v = null;
    try { v = (device ? window.localStorage : window.sessionStorage).getItem(UTF8ToString(key)); } catch (e) {}
    if (!v) return 0;
    const len = lengthBytesUTF8(v) + 1;
    const p = _malloc(len);
    stringToUTF8(v, p, len);
    return p;
});
EM_JS(void, js_storage_set, (int device, const char* key, const char* value), {
    try { (device ? window.localStorage : window.sessionStorage).setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});
EM_JS(void, js_storage_remove, (int device, const char* key), {
    try { (device ? window.localStorage : window.sessionStorage).removeItem(UTF8ToString(key)); } catch (e) {}
});
EM_JS(int, js_prefers_light, (), {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: light)').matches ? 1 : 0;
});
// The system's light / dark switch while the page is open (macOS "Auto", a phone at sunset).
EM_JS(void, js_listen_colour_scheme, (), {
    if (!window.matchMedia) return;
    const q = window.matchMedia('(prefers-color-scheme: light)');
    const on = function(e) { _syncscope_on_colour_scheme(e.matches ? 1 : 0); };
    if (q.addEventListener) q.addEventListener('change', on);
    else if (q.addListener) q.addListener(on);  // Safari before 14
});
EM_JS(char*, js_page_url, (), {
    let u = window.location.href.replace(/#.*$/, "");
    try {
        const url = new URL(u);
        url.searchParams.delete("token");
        u = url.href.replace(/#.*$/, "");
    } catch (e) {}
    const len = lengthBytesUTF8(u) + 1;
    const p = _malloc(len);
    stringToUTF8(u, p, len);
    return p;
});
EM_JS(int, js_utc_offset_minutes, (), { return -new Date().getTimezoneOffset(); });
EM_JS(void, js_mark, (const char* name), {
    if (self.performance && performance.mark) performance.mark(UTF8ToString(name));
});
EM_JS(char*, js_asset_url, (const char* key), {
    const assets = Module['syncscopeAssets'] || {};
    const v = assets[UTF8ToString(key)] || "";
    const len = lengthBytesUTF8(v) + 1;
    const p = _malloc(len);
    stringToUTF8(v, p, len);
    return p;
});
// clang-format on

}  // namespace

std::string currentHash() {
    return takeString(js_hash());
}
void pushHash(const std::string& route) {
    js_push_hash(route.c_str());
}
void replaceHash(const std::string& route) {
    js_replace_hash(route.c_str());
}
void onHashChange(std::function<void(const std::string&)> handler) {
    gHashHandler = std::move(handler);
    js_listen_hash();
}
void onHashToken(std::function<void(std::string)> handler) {
    gHashTokenHandler = std::move(handler);
}
uint64_t randomSeed() {
    const uint64_t hi = static_cast<uint64_t>(js_random_u32());
    const uint64_t lo = static_cast<uint64_t>(js_random_u32());
    return (hi << 32) | lo;
}
std::string takeTokenFromHash() {
    return takeString(js_take_token());
}
void setTitle(const std::string& title) {
    js_set_title(title.c_str());
}
void setLoadingText(const std::string& text) {
    js_loading_text(text.c_str());
}
void hideLoading() {
    js_hide_loading();
}
void showFatal(const std::string& message) {
    js_show_fatal(message.c_str());
}
void mark(const char* name) {
    js_mark(name);
}
std::string sessionValue(const char* key) {
    return takeString(js_storage_get(0, key));
}
void setSessionValue(const char* key, const std::string& value) {
    js_storage_set(0, key, value.c_str());
}
void removeSessionValue(const char* key) {
    js_storage_remove(0, key);
}
std::string deviceValue(const char* key) {
    return takeString(js_storage_get(1, key));
}
void setDeviceValue(const char* key, const std::string& value) {
    js_storage_set(1, key, value.c_str());
}
void removeDeviceValue(const char* key) {
    js_storage_remove(1, key);
}
bool prefersLightColourScheme() {
    return js_prefers_light() != 0;
}
void onColourSchemeChange(std::function<void(bool light)> handler) {
    gColourSchemeHandler = std::move(handler);
    js_listen_colour_scheme();
}
std::string pageUrlWithoutHash() {
    return takeString(js_page_url());
}
int localUtcOffsetMinutes() {
    return js_utc_offset_minutes();
}
std::string assetUrl(const char* key) {
    return takeString(js_asset_url(key));
}
void saveFile(const std::string& bytes, const std::string& fileName,
              const std::string& contentType) {
    js_save_file(bytes.data(), bytes.size(), fileName.c_str(), contentType.c_str());
}

void saveUrl(const core::HttpGet& get, const std::string& fileName) {
    std::string headers;
    for (const auto& h : get.headers) headers += h.first + ": " + h.second + "\n";
    js_save_url(get.url.c_str(), headers.c_str(), fileName.c_str());
}  // `headers` (the token) is wiped as it is freed (web/wipe.h)

}  // namespace web

extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_on_hashchange(const char* hash) {
    if (web::gHashHandler) web::gHashHandler(hash ? hash : "");
}

extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_on_hash_token(const char* token) {
    if (web::gHashTokenHandler) web::gHashTokenHandler(token ? token : "");
}

extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_on_colour_scheme(int light) {
    if (web::gColourSchemeHandler) web::gColourSchemeHandler(light != 0);
}
