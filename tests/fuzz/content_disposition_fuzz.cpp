// tests/fuzz/content_disposition_fuzz.cpp — the file name a payload answer's Content-Disposition
// gives (api/answers.h): it names the download and titles the payload window, so a server must
// not be able to reach outside a base name, hide a control character in it, or break its text.
//
// Checks, for the input as the header and as the value of filename= and filename*=:
// - the name is a safe base name: no '/' or '\', no C0 or C1 control or DEL, no bidi control
//   (they reorder what is shown: "invoice<RLO>fdp.exe"), not starting with '.' or ' ', not
//   ending in ' ', at most 200 bytes, valid UTF-8;
// - a name that is already safe (and not too long) comes back unchanged from a quoted filename=
//   (with \" and \\ escapes) and from a percent-encoded filename*=UTF-8''…, whatever harmless
//   parameters come before it;
// - payloadAnswer always names the file (the name, else "payload-<id>").
#include "api/answers.h"
#include "api/json_read.h"
#include "fuzz_common.h"

namespace {

// A bidi control (U+061C, U+200E, U+200F, U+202A–202E, U+2066–2069) or a C1 control at i.
bool isUnicodeControl(const std::string& s, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (i + 1 < s.size() && b(0) == 0xC2 && b(1) >= 0x80 && b(1) <= 0x9F) return true;  // C1
    if (i + 1 < s.size() && b(0) == 0xD8 && b(1) == 0x9C) return true;                  // U+061C
    if (i + 2 >= s.size() || b(0) != 0xE2) return false;
    if (b(1) == 0x80) return b(2) == 0x8E || b(2) == 0x8F || (b(2) >= 0xAA && b(2) <= 0xAE);
    if (b(1) == 0x81) return b(2) >= 0xA6 && b(2) <= 0xA9;  // U+2066–2069
    return false;
}

// UTF-8 by RFC 3629 (no overlong forms, surrogates or code points past U+10FFFF).
bool strictUtf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const size_t n = api::utf8SequenceLength(s.data() + i, s.data() + s.size());
        if (!n) return false;
        i += n;
    }
    return true;
}

bool safeName(const std::string& n) {
    if (n.size() > 200 || !strictUtf8(n)) return false;
    if (!n.empty() && (n.front() == '.' || n.front() == ' ' || n.back() == ' ')) return false;
    for (size_t i = 0; i < n.size(); ++i) {
        const auto c = static_cast<unsigned char>(n[i]);
        if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || isUnicodeControl(n, i)) return false;
    }
    return true;
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

std::string percentEncoded(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
            u == '.' || u == '-' || u == '_') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fuzz::input(data, size);

    for (const std::string& header :
         {text, "attachment; filename=" + text, "attachment; filename=" + quoted(text),
          "attachment; filename*=UTF-8''" + text,
          "attachment; filename*=UTF-8''" + percentEncoded(text),
          "inline; filename*=" + text + "; filename=" + quoted(text)}) {
        const std::string name = api::fileNameFromContentDisposition(header);
        FUZZ_CHECK(safeName(name));
    }

    if (!text.empty() && safeName(text)) {
        for (const std::string& before : {std::string("attachment"), std::string("inline; size=3"),
                                          std::string("attachment; note=\"a; filename=x\"")}) {
            FUZZ_CHECK(api::fileNameFromContentDisposition(before + "; filename=" + quoted(text)) ==
                       text);
            FUZZ_CHECK(api::fileNameFromContentDisposition(before + "; filename*=UTF-8''" +
                                                           percentEncoded(text)) == text);
            FUZZ_CHECK(api::fileNameFromContentDisposition(
                           before + "; filename=other.bin; filename*=utf-8'en'" +
                           percentEncoded(text)) == text);
        }
    }

    api::HttpResponse res;
    res.status = 200;
    res.headers = {{"content-disposition", text}, {"content-type", "application/octet-stream"}};
    res.body = "x";
    const auto a = api::payloadAnswer(res, 42);
    FUZZ_CHECK(!a.error);
    FUZZ_CHECK(!a.value.fileName.empty() && safeName(a.value.fileName));
    FUZZ_CHECK(a.value.bytes == "x");
    return 0;
}
