// core/token_check.h — what may be sent as a token. Every way a token arrives (a #token= link,
// the login form, the token remembered in this tab, a portal's postMessage, POST /login's answer)
// goes through App::signIn, which cleans it here before anything is sent.
//
// A token is pasted, often from chat or a document: Unicode whitespace and zero-width characters
// at either end are not part of it and are trimmed. Anything else outside visible ASCII
// (0x21–0x7E) is refused with a message that names the character and its position, counted in
// code points from 1 after trimming. A refused token is never sent: the browser's
// setRequestHeader throws on characters outside Latin-1, and anything non-ASCII in a header is
// garbled on its way to the server anyway.
#pragma once

#include <string>

namespace core {

struct CleanedToken {
    std::string token;  // trimmed; empty when refused (or when nothing was left)
    std::string error;  // why it was refused, e.g. "The token contains “ (U+201C) at position 1:
                        // paste it again without quotes"; empty when accepted
    bool ok() const { return error.empty(); }
};

CleanedToken cleanToken(const std::string& raw);

// A code point that is trimmed from a token's ends: Unicode White_Space (tab, line breaks,
// space, NBSP, U+2000–U+200A, U+2028/2029, U+202F, U+205F, U+3000 …) and the zero-width ones
// (U+200B–U+200D, U+2060, U+FEFF, U+180E).
bool isTrimmedFromToken(char32_t c);

}  // namespace core
