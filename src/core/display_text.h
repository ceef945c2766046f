// core/display_text.h — a log message as it is drawn. Logs carry what programs print: ANSI colour
// and cursor sequences, bells, backspaces, carriage returns. Drawn raw, ESC shows as the font's
// replacement glyph followed by the rest of the sequence as text ("�[31mred�[0m"), and a `\r`
// (which ImGui skips) makes measuring and drawing disagree. For display only — copying and
// downloading keep the bytes as sent, and searching looks at the bytes as sent — a message is
// cleaned:
//   - well-formed escape sequences are dropped: CSI (`ESC [` parameters, intermediates, one final
//     byte: colours, cursor moves), OSC / DCS / SOS / PM / APC strings (`ESC ]` … up to BEL or
//     `ESC \`: window titles, hyperlinks) and two- or three-byte escapes (`ESC ( B`, `ESC 7`);
//   - an ESC that starts none of them (or a string never terminated) is shown, as ␛, and what
//     follows it is shown as text: nothing a sender writes can hide the rest of a message;
//   - `\r\n` is a line break; any other control character (C0 and DEL; tab and line feed keep
//     their meaning) is shown as its visible symbol from the Control Pictures block: ␇ ␈ ␍ ␡.
// Platform-free and cheap: a message with none of these bytes is returned as it is, uncopied.
#pragma once

#include <string>
#include <string_view>

namespace core {

// `text` itself when it needs no cleaning (no byte below 0x20 other than tab and line feed, no
// DEL), else the cleaned text, written to `scratch` (which the result then views).
std::string_view displayText(std::string_view text, std::string& scratch);

// Whether displayText would change `text`.
bool needsDisplayCleaning(std::string_view text);

}  // namespace core
