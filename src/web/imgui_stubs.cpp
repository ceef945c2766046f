// web/imgui_stubs.cpp — what ImGui's sscanf calls reach in this build (CMakeLists.txt renames
// them).
//
// ImGui reads with sscanf only imgui.ini and table settings (SyncScope has no ini file:
// io.IniFilename is null) and text typed into Drag/Slider/InputScalar/ColorEdit widgets (SyncScope
// draws none). Answering "nothing read" keeps musl's scanf and its float parsing out of the wasm.
extern "C" int syncscope_imgui_sscanf(const char*, const char*, ...) {
    return 0;
}
