// core/display_text.h — a log message as it is drawn. Logs carry what programs print: ANSI colour
// and cursor sequences, bells, backspaces, carriage returns. Drawn raw, ESC shows as the font's
// replacement glyph followed by the rest of the sequence as text ("�[31mred�[0m"), and a `\r`
// (which ImGui skips) makes measuring and drawing disagree. For display only — downloading and
// searching keep the bytes as sent, copying cleans them its own way (below) — a message is cleaned:
//   - well-formed escape sequences are dropped: CSI (`ESC [` parameters, intermediates, one final
//     byte: colours, cursor moves), OSC / DCS / SOS / PM / APC strings (`ESC ]` … up to BEL or
//     `ESC \`: window titles, hyperlinks) and two- or three-byte escapes (`ESC ( B`, `ESC 7`);
//   - an ESC that starts none of them (or a string never terminated) is shown, as ␛, and what
//     follows it is shown as text: nothing a sender writes can hide the rest of a message;
//   - `\r\n` is a line break; any other control character (C0 and DEL; tab and line feed keep
//     their meaning) is shown as its visible symbol from the Control Pictures block: ␇ ␈ ␍ ␡.
// Platform-free and cheap: a message with none of these bytes is returned as it is, uncopied.
//
// Copying is cleaned another way (copyText): what Copy, "Copy lines", the page title and the
// screen-reader text carry is the bytes as sent minus what a terminal, an editor or a screen
// reader would act on rather than show — pasted into a terminal, an escape sequence would move
// the cursor, retitle the window or plant a hyperlink, and a bidi override would show text in
// another order than it is:
//   - the escape sequences displayText drops (CSI, OSC / DCS / SOS / PM / APC strings, two- and
//     three-byte escapes), whole; an ESC that starts none is dropped alone, the rest kept as text;
//   - C0 controls other than tab and newline (so `\r\n` becomes `\n`), and DEL;
//   - C1 controls (U+0080–U+009F: U+009B is an 8-bit CSI to some terminals);
//   - bidi controls: U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C.
// Everything else — bytes that are not UTF-8 too — is kept as sent. Download keeps the raw log
// (core/log_text.h): the file is the record, byte for byte.
#pragma once

#include <string>
#include <string_view>

namespace core {

// `text` itself when it needs no cleaning (no byte below 0x20 other than tab and line feed, no
// DEL), else the cleaned text, written to `scratch` (which the result then views).
std::string_view displayText(std::string_view text, std::string& scratch);

// Whether displayText would change `text`.
bool needsDisplayCleaning(std::string_view text);

// The text as sent minus escape sequences, control characters and bidi controls (above).
std::string copyText(std::string_view text);
// Appends copyText(text) to `out`.
void appendCopyText(std::string& out, std::string_view text);
// The length in bytes of the bidi or C1 control (UTF-8) that starts at text[i], else 0.
size_t invisibleControlLength(std::string_view text, size_t i);

}  // namespace core
