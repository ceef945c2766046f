// tests/fuzz/payload_text_fuzz.cpp — what the views draw from text a sender controls: the JSON
// layout of the payload preview (core/json_pretty.h) and the display cleaning of log lines and
// payload lines (core/display_text.h). Never a crash; JSON that nlohmann accepts is laid out
// (unless nested too deep, or not UTF-8, which nlohmann refuses and the layout copies); what is
// laid out is laid out again unchanged; cleaned text has no control character left but tab and
// line feed, and cleaning it again changes nothing.
#include <nlohmann/json.hpp>

#include "core/display_text.h"
#include "core/json_pretty.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fuzz::input(data, size);

    std::string pretty;
    const core::JsonPrettyResult r = core::prettyPrintJson(text, pretty, 2, 64);
    // (nlohmann stops at a NUL byte as at the end; the preview shows such a file as binary.)
    if (!r.tooDeep && !r.tooLarge && text.find('\0') == std::string::npos &&
        nlohmann::json::accept(text))
        FUZZ_CHECK(r.ok);
    if (r.ok) {
        std::string again;
        FUZZ_CHECK(core::prettyPrintJson(pretty, again, 2, 64).ok);
        FUZZ_CHECK(again == pretty);
    } else {
        FUZZ_CHECK(r.errorAt <= text.size());
    }

    std::string scratch;
    const std::string_view shown = core::displayText(text, scratch);
    FUZZ_CHECK(!core::needsDisplayCleaning(shown));
    std::string scratch2;
    FUZZ_CHECK(core::displayText(shown, scratch2) == shown);
    FUZZ_CHECK(shown.size() <= text.size() * 3);
    return 0;
}
