#!/usr/bin/python3
"""make_site.py — write SyncScope's deployable site (one static folder) from the wasm build.

  build/web/index.html                 from shell/index.html, naming the files below
  build/web/loader.<hash>.js           shell/loader.js
  build/web/syncscope.<hash>.css       shell/syncscope.css
  build/web/favicon.<hash>.svg         shell/favicon.svg
  build/web/syncscope.<hash>.js/.wasm  the Emscripten output
  build/web/fonts/*.<hash>.ttf         Inter and JetBrains Mono, subset to European scripts
  build/web/config.json                web/config.json
  *.gz, *.br beside every text or wasm file but config.json, for servers that send them

Hashed names can be cached for ever; index.html and config.json are the only names that stay.
All URLs are relative, so the folder works under any sub-path. The host configuration templates in
web/ (nginx.conf, _headers) are not copied: they name the deployer's own API and portal origins and
must be edited first (docs/deploying.md); the embedding example (web/embed-example.*) is a portal's
page, not SyncScope's, and is not copied either. Fonts are made with Debian's
fontTools (/usr/bin/python3 has it) and cached in the build folder.
"""
import argparse
import gzip
import hashlib
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Keep in step with src/web/fonts.cpp (the ranges baked into ImGui's atlas).
UNICODES = ("U+0020-024F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,"
            "U+2100-214F,U+2190-21FF,U+2400-2426,U+2500-257F,U+25A0-25FF,U+FFFD")
INTER = pathlib.Path("/usr/share/fonts/truetype/inter-vf/Inter-roman.var.ttf")
MONO = pathlib.Path("/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def subset_font(src: pathlib.Path, dst: pathlib.Path, variable_weight=None):
    """Instance a variable font at one weight (if asked), then keep only our ranges, unhinted."""
    if dst.exists() and dst.stat().st_mtime >= src.stat().st_mtime:
        return
    from fontTools import subset
    from fontTools.ttLib import TTFont
    dst.parent.mkdir(parents=True, exist_ok=True)
    font = TTFont(str(src))
    if variable_weight is not None:
        from fontTools.varLib import instancer
        font = instancer.instantiateVariableFont(font, {"wght": variable_weight})
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = ["kern", "liga", "calt"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    unicodes = []
    for part in UNICODES.split(","):
        lo, _, hi = part[2:].partition("-")
        unicodes.extend(range(int(lo, 16), int(hi or lo, 16) + 1))
    sub = subset.Subsetter(options)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    decompose_scaled_components(font)
    tmp = dst.with_suffix(".tmp")
    font.save(str(tmp))
    tmp.replace(dst)


def decompose_scaled_components(font):
    """Outlines in place of scaled components (JetBrains Mono's Control Pictures: ␇ is B, E, L at a
    third of their size). ImGui's stb_truetype draws such glyphs empty; plain components (é) are
    fine and stay as they are."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    if "glyf" not in font:
        return
    glyf = font["glyf"]
    glyph_set = font.getGlyphSet()
    for name in list(glyf.keys()):
        g = glyf[name]
        if not g.isComposite():
            continue
        if not any(getattr(c, "transform", None) is not None for c in g.components):
            continue
        rec = DecomposingRecordingPen(glyph_set)
        glyph_set[name].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(pen)
        glyf[name] = pen.glyph()


def precompress(path: pathlib.Path):
    data = path.read_bytes()
    with open(str(path) + ".gz", "wb") as f:
        f.write(gzip.compress(data, compresslevel=9, mtime=0))
    subprocess.run(["brotli", "-f", "-q", "11", "-o", str(path) + ".br", str(path)], check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--app-js", required=True, type=pathlib.Path)
    ap.add_argument("--out", required=True, type=pathlib.Path)
    ap.add_argument("--fonts-cache", required=True, type=pathlib.Path)
    args = ap.parse_args()

    app_js = args.app_js.read_bytes()
    app_wasm = args.app_js.with_suffix(".wasm").read_bytes()
    # The cache is keyed by the ranges: a new range makes new subsets.
    ranges = content_hash((UNICODES + ":decomposed").encode())
    ui_font = args.fonts_cache / f"Inter-Regular-subset-{ranges}.ttf"
    mono_font = args.fonts_cache / f"JetBrainsMono-Regular-subset-{ranges}.ttf"
    subset_font(INTER, ui_font, variable_weight=400)
    subset_font(MONO, mono_font)

    out = args.out
    if out.exists():
        shutil.rmtree(out)
    (out / "fonts").mkdir(parents=True)

    def emit(name_stem: str, suffix: str, data: bytes, folder: str = "") -> str:
        name = f"{folder}{name_stem}.{content_hash(data)}{suffix}"
        (out / name).write_bytes(data)
        return name

    names = {
        "APP_JS": emit("syncscope", ".js", app_js),
        "APP_WASM": emit("syncscope", ".wasm", app_wasm),
        "LOADER_JS": emit("loader", ".js", (ROOT / "shell/loader.js").read_bytes()),
        "CSS": emit("syncscope", ".css", (ROOT / "shell/syncscope.css").read_bytes()),
        "FAVICON": emit("favicon", ".svg", (ROOT / "shell/favicon.svg").read_bytes()),
        "FONT_UI": emit("Inter-Regular", ".ttf", ui_font.read_bytes(), "fonts/"),
        "FONT_MONO": emit("JetBrainsMono-Regular", ".ttf", mono_font.read_bytes(), "fonts/"),
    }
    # The wasm's size before compression: the loader shows download progress against it (a
    # compressed answer's Content-Length is not the size of what the stream yields).
    fills = dict(names, APP_WASM_SIZE=str(len(app_wasm)))
    html = (ROOT / "shell/index.html").read_text(encoding="utf-8")
    for key, value in fills.items():
        html = html.replace("{{" + key + "}}", value)
    if "{{" in html:
        sys.exit("make_site.py: shell/index.html has a placeholder this script does not fill")
    (out / "index.html").write_text(html, encoding="utf-8")
    shutil.copyfile(ROOT / "web/config.json", out / "config.json")

    # config.json stays plain: deployers edit it in place, and a stale .br/.gz beside it would be
    # served instead by any server that prefers precompressed files.
    for path in sorted(out.rglob("*")):
        if path.suffix in (".html", ".js", ".css", ".wasm", ".ttf", ".svg"):
            precompress(path)

    sizes = {n: (out / n).stat().st_size for n in (names["APP_WASM"], names["APP_JS"])}
    gz = {n: pathlib.Path(str(out / n) + ".gz").stat().st_size for n in sizes}
    br = {n: pathlib.Path(str(out / n) + ".br").stat().st_size for n in sizes}
    for n in sizes:
        print(f"site: {n}: {sizes[n]:,} B raw, {gz[n]:,} B gzip, {br[n]:,} B brotli")
    print(f"site: written to {out}")


if __name__ == "__main__":
    main()
