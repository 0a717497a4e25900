"""Make resources/fonts/NotoSansSC-PlanDesk.otf: Noto Sans SC (SIL OFL 1.1) subset to
the characters PlanDesk shows: the bundled plans, the UI's strings, ASCII, CJK
punctuation and the 6,763 characters of GB2312 (for typing, and so that fontconfig
and Qt list it for Simplified Chinese).

Run once by a developer (needs fontTools and Debian's fonts-noto-cjk); the
result is committed. Usage: python build/make_font_subset.py [NotoSansCJK-Regular.ttc]
"""
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = ROOT / "resources" / "fonts" / "NotoSansSC-PlanDesk.otf"


def chars() -> set[str]:
    cs = set(chr(c) for c in range(0x20, 0x7F))
    cs |= set("　、。〃〈〉《》「」『』【】〔〕〖〗〘〙〜“”‘’…—―－·•×÷±≤≥＞＜％＋（），：；！？．／０１２３４５６７８９〇›‹←→↑↓⚠★☆✓✗")
    for p in (ROOT / "resources" / "corpus").glob("*.txt"):
        cs |= set(p.read_text(encoding="utf-8"))
    for p in list((ROOT / "desktop").rglob("*.py")) + list((ROOT / "resources").rglob("*.toml")):
        cs |= set(re.findall(r"[^\x00-\x7f]", p.read_text(encoding="utf-8")))
    # all of GB2312 (levels 1 and 2): fontconfig lists a font for zh-cn only when it
    # covers the whole orthography, and Qt asks fontconfig which languages it serves
    for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):
        for lo in range(0xA1, 0xFF):
            try:
                cs.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return {c for c in cs if c.isprintable()}


def main():
    if not SRC.exists():
        sys.exit(f"{SRC} missing: apt-get install fonts-noto-cjk")
    ttc = TTCollection(str(SRC))
    font = next(f for f in ttc.fonts if "SC" in f["name"].getDebugName(1))
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.layout_features = ["*"]
    opts.hinting = False
    opts.desubroutinize = True
    s = subset.Subsetter(opts)
    s.populate(text="".join(sorted(chars())))
    s.subset(font)
    # the subsetter recomputes the code page bits from what is left and drops
    # GB2312 (bit 18): without it Qt does not list the font for Simplified Chinese
    font["OS/2"].ulCodePageRange1 |= 1 << 18
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(OUT))
    print(f"{OUT}: {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
