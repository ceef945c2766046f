// core/text_fold.h — case folding for case-insensitive search: one folding for the whole app.
//
// Folds ASCII and the two-byte UTF-8 letters of Latin-1, Latin Extended-A, Greek and Cyrillic
// (the letters people type in European names and logs) to lower case, leaving everything else —
// three- and four-byte characters, and bytes that are not UTF-8 — as it is. A letter's byte
// length never changes, so an offset in folded text is the same offset in the original. The log
// search (core/folded_search.h) and the services search (core/services_filter.h) both fold with
// this; the search reads the tables below directly, byte by byte, in its hot loop.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace core {

// Lower case of a code point from U+0000–U+07FF (Latin-1, Latin Extended-A, Greek, Cyrillic),
// staying in that range so a UTF-8 string's byte length never changes (İ is left as is). Any
// other code point of the range is returned unchanged.
unsigned foldTwoByteCodePoint(unsigned cp);

// Folds `n` bytes from `in` to `out` (which may be the same buffer). A two-byte letter is folded
// only when its lead byte is followed by a continuation byte within the `n`.
void foldBytes(const char* in, char* out, size_t n);
// Folds a string in place.
void foldInPlace(std::string& utf8);
// A folded copy.
std::string foldCase(std::string_view utf8);

// Every fold, as tables: ASCII bytes, the two-byte code points (U+0000–U+07FF, indexed by code
// point: the folded lead and continuation byte), and for each folded byte the raw bytes that can
// fold to it in some context (at most four: 'a' ← a A; Cyrillic з's second byte ← B7 97 B6).
struct FoldTables {
    unsigned char ascii[256];
    unsigned char pairLead[2048];
    unsigned char pairCont[2048];
    unsigned char raw[256][4];
    unsigned char rawCount[256];

    FoldTables();
};
// Built when the program starts (before main): nothing may fold during static initialisation.
extern const FoldTables kFoldTables;

inline bool isUtf8Lead2(unsigned char c) {  // the lead byte of a two-byte character
    return (c & 0xE0) == 0xC0;
}
inline bool isUtf8Cont(unsigned char c) {  // a continuation byte
    return (c & 0xC0) == 0x80;
}
// The code point of a two-byte character.
inline unsigned pairCodePoint(unsigned char lead, unsigned char cont) {
    return ((lead & 0x1Fu) << 6) | (cont & 0x3Fu);
}

}  // namespace core
