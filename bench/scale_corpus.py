"""A fair scale corpus: N×5 *different* plans derived from the five, so no cache,
dedup or repeated posting list flatters a figure. Each derived plan keeps the
source's structure (headings, 专栏, tables, line layout) and changes its words:

- the sentences of every body line are permuted (headings, table rows, short lines
  and box titles stay as they are);
- places and platforms are renamed (重庆 → 渝州甲, 两江新区 → 临江新区乙 …: a
  different invented name per copy, applied everywhere, headings included);
- numbers change (each run of digits scaled by a per-copy factor, years kept);
- the title line gets the copy's district, so every plan is told apart.

python bench/scale_corpus.py OUT --copies 50
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# names the plans use, longest first so 两江新区 is renamed before 两江
NAMES = ["中国（重庆）自由贸易试验区", "重庆自贸试验区", "西部陆海新通道", "两江新区", "西部（重庆）科学城",
         "重庆高新区", "西永综合保税区", "两路果园港综合保税区", "果园港", "寸滩", "江北国际机场", "中新（重庆）",
         "渝新欧", "成渝地区", "成都", "四川", "重庆市", "重庆", "两江", "西永", "悦来", "万州", "涪陵", "永川",
         "江津", "璧山", "荣昌", "长寿", "南彭", "团结村"]
SYLLABLES = "安宁康泰丰盛嘉和兴隆瑞祥华明德信平远顺昌永福"
HEADING = re.compile(r"^\s*(第[一二三四五六七八九十百零]+[篇章节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|专栏|表\d|\|)")
SENT = re.compile(r"[^。；！？]*[。；！？]")
YEAR = re.compile(r"^(19|20)\d\d$")


def invented(k: int, i: int) -> str:
    r = random.Random(k * 1000 + i)
    return "".join(r.choice(SYLLABLES) for _ in range(2))


def renamer(k: int):
    table = {}
    for i, n in enumerate(NAMES):
        tail = next((t for t in ("自由贸易试验区", "自贸试验区", "综合保税区", "新区", "高新区", "科学城", "国际机场",
                                 "地区", "市") if n.endswith(t)), "")
        table[n] = invented(k, i) + tail
    rx = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))
    return lambda s: rx.sub(lambda m: table[m.group(0)], s)


def renumber(k: int):
    factor = 1 + (k % 9 + 1) / 10            # 1.1 … 1.9

    def one(m: re.Match) -> str:
        lead, num, tail = m.group(1), m.group(2), m.group(3)
        if lead.strip() or tail or YEAR.match(num) or len(num) > 6:
            return m.group(0)          # labels and ordinals keep their numbers: 专栏 3, 表2-1, 第4, 1、（2）
        return m.group(0).replace(num, str(max(1, int(int(num) * factor))))
    rx = re.compile(r"((?:专栏|表|第|[.\-（(|\d])?\s*)(\d+)([、）)\-.]\d*|)")
    return lambda s: s if HEADING.match(s) else rx.sub(one, s)


def shuffle_line(line: str, r: random.Random) -> str:
    if HEADING.match(line) or len(line) < 60:
        return line
    parts = SENT.findall(line)
    rest = line[sum(len(p) for p in parts):]
    if len(parts) < 2:
        return line
    r.shuffle(parts)
    return "".join(parts) + rest


def derive(text: str, k: int) -> str:
    r = random.Random(k)
    rename, renum = renamer(k), renumber(k)
    out = []
    for n, line in enumerate(text.split("\n")):
        line = renum(rename(shuffle_line(line, r)))
        out.append(line)
    # the first non-empty line is the title (or the notice's issuer): mark the copy
    for n, line in enumerate(out):
        if line.strip():
            out[n] = f"{invented(k, 99)}区{line.strip()}"
            break
    return "\n".join(out)


def make(out: Path, copies: int, corpus: Path | None = None) -> list[Path]:
    from db import paths
    src = sorted((corpus or paths.resource("corpus")).glob("*.txt"))
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for k in range(copies):
        for f in src:
            text = f.read_bytes().decode("utf-8") if k else None
            p = out / f"s{k:02d}_{f.name}"
            if k == 0:
                p.write_bytes(f.read_bytes())       # copy 0 is the five as they are
            else:
                p.write_text(derive(text, k), encoding="utf-8")
            made.append(p)
    return made


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--copies", type=int, default=50)
    a = ap.parse_args()
    print(len(make(Path(a.out), a.copies)), "plans")
