// core/json_pretty.h — JSON pretty-printed for reading, in one pass over the text, without a DOM.
// The payload preview shows files of 10 MB and more: parsing them with nlohmann and dumping the
// result again froze the page for seconds and held the whole tree in memory. This is a validating
// scanner that copies each token as sent and writes the layout between them, so it costs about a
// copy of the text.
//
// The layout is nlohmann's dump(indent): one member or element per line, `"key": value`, `{}` and
// `[]` for empty containers. Unlike a dump it keeps the file's own member order, numbers and
// string escapes exactly as written (a payload viewer shows what was sent). Text that is not
// JSON (RFC 8259: one value, optional whitespace around it; strings without raw control
// characters; numbers by the grammar) is refused, and so is nesting deeper than `maxDepth`, and
// a layout that would pass 8× the text plus 1 MB: deep nesting of short values (199 levels of
// `[` around `0,0,0…`) would otherwise indent each 2-byte value by ~400 spaces.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace core {

struct JsonPrettyResult {
    bool ok = false;
    size_t errorAt = 0;     // the byte where the text stopped being JSON, when !ok
    bool tooDeep = false;   // refused for nesting deeper than maxDepth (at errorAt)
    bool tooLarge = false;  // refused: laid out it would pass 8× the text (+1 MB) (at errorAt)
    bool atEnd = false;     // it hit the end of the input mid-value (a cut file: the start of one)
};

// Writes `text` laid out to `out` (replacing what it held). On failure `out` is left partial.
JsonPrettyResult prettyPrintJson(std::string_view text, std::string& out, int indent = 2,
                                 int maxDepth = 200);

// The same, a slice at a time (the payload preview lays a big file out across frames): each step
// reads on to about byte `until` of the text (a whole value past it at most: a long string is
// copied at once). `text` and `out` must outlive it; the layout is exactly prettyPrintJson's.
class JsonPrettyStepper {
public:
    JsonPrettyStepper(std::string_view text, std::string& out, int indent = 2, int maxDepth = 200);
    ~JsonPrettyStepper();
    bool step(size_t until);  // true once finished: then result()
    size_t at() const;        // the bytes read so far
    const JsonPrettyResult& result() const;

    class Printer;

private:
    std::unique_ptr<Printer> p_;
};

}  // namespace core
