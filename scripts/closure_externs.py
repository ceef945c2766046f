#!/usr/bin/python3
"""closure_externs.py — the names Closure must not rename in SyncScope's own JavaScript.

The wasm build runs Closure Compiler in ADVANCED mode over the Emscripten output (`--closure 1`,
CMakeLists.txt). Closure renames every property it does not know from its externs. Emscripten's
runtime is written for that, but our JavaScript — the EM_JS bodies of src/web/*.cpp, the
--pre-js src/web/fetch_guard.js and the loader shell/loader.js (not compiled, but it hands Module
its members) — reads and writes names that others see: window.syncscope's state() / itemRect()
for the e2e tests, window.syncscopeLastDownload, Module.syncscopeAssets.fontUi from the loader,
fields of JSON.parse()d answers, the dataset of the page's elements.

Rather than quoting each of them by hand (and breaking the app the day someone forgets one), this
script declares every identifier that appears in that JavaScript as an extern property, so Closure
renames none of our names and still minifies Emscripten's runtime and drops what it does not use.
Over-including is harmless (a property spared from renaming costs a few bytes at most).

  closure_externs.py OUT SOURCE...
"""
import pathlib
import re
import sys

IDENT = re.compile(r"[A-Za-z_$][\w$]*")


def js_bodies(cpp: str):
    """The JavaScript of each EM_JS(...) / EM_ASM...(...) in a C++ source: from its first '{' to
    the matching '}', skipping strings, template literals and comments."""
    for m in re.finditer(r"\bEM_(?:JS|ASM\w*)\s*\(", cpp):
        i = cpp.find("{", m.end())
        if i < 0:
            continue
        depth, j, n = 0, i, len(cpp)
        while j < n:
            c = cpp[j]
            if c in "\"'`":
                k = j + 1
                while k < n and cpp[k] != c:
                    k += 2 if cpp[k] == "\\" else 1
                j = k + 1
                continue
            if cpp.startswith("//", j):
                j = cpp.find("\n", j)
                j = n if j < 0 else j
                continue
            if cpp.startswith("/*", j):
                j = cpp.find("*/", j)
                j = n if j < 0 else j + 2
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        yield cpp[i : j + 1]


def main():
    out = pathlib.Path(sys.argv[1])
    names = set()
    for src in sys.argv[2:]:
        text = pathlib.Path(src).read_text(encoding="utf-8")
        parts = [text] if src.endswith(".js") else list(js_bodies(text))
        for part in parts:
            names.update(IDENT.findall(part))
    lines = [
        "// Written by scripts/closure_externs.py: every name of SyncScope's own JavaScript,",
        "// declared so that Closure renames none of them. Do not edit.",
        "/** @externs */",
        "/** @const */ var syncscopeNames = {};",
    ]
    lines += [f"syncscopeNames.{n};" for n in sorted(names)]
    text = "\n".join(lines) + "\n"
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
