"""002's 专栏1: an indicator table flattened into one string, digits of adjacent cells fused."""
from __future__ import annotations

import math
import re

from ..indicators import parse_value
from ..model import Box, Indicator, Item

_UNITS = sorted(["个", "亿吨", "万吨", "列", "条", "亿元", "万亿元", "亿美元", "万美元", "家", "万人次", "人次",
                 "万人", "%", "％", "万标箱", "标箱", "次", "项", "公里", "平方公里", "天", "小时", "元", "吨"],
                key=len, reverse=True)
_VAL = r"[＞>＜<≥≤]?[【\[]?\d+(?:\.\d+)?[】\]]?(?:左右|以上)?"
_CAT = re.compile(r"^(.{2,10}?(?:平台|经济|水平|”|领域|方面|体系|环境|建设))(.{4,})$")


def _decimals(v: str) -> int:
    m = re.search(r"\.(\d+)", v)
    return len(m.group(1)) if m else 0


def _split_score(a: str, b: str, mode_dec: int | None) -> float | None:
    """How implausible baseline a with target b is (lower is likelier), or None."""
    if not re.fullmatch(_VAL, a) or not re.fullmatch(_VAL, b):
        return None
    if re.match(r"0\d", re.sub(r"^\D+", "", a)) or re.match(r"0\d", re.sub(r"^\D+", "", b)):
        return None
    va, _ = parse_value(a)
    vb, _ = parse_value(b)
    if not va or not vb:
        return None
    score = abs(math.log(vb / va))
    if "【" in b or "[" in b:
        score = abs(math.log(max(vb / 5, va) / max(va, 1e-9))) * 0.5  # five-year sums
    if _decimals(a) > 2 or _decimals(b) > 2:
        score += 10
    if mode_dec and _decimals(a) and _decimals(a) != mode_dec:
        score += 2.5  # the column's other values show how many decimals it prints
    return score


def split_values(run: str, next_seq: int | None, mode_dec: int | None = None):
    """'260330004' with next row 4 -> ('2603', '3000', margin): the last digits are
    the next row's number; of the splits of the rest into two numbers, the one
    whose target/baseline ratio is nearest 1 wins (plans set targets near
    baselines). The margin to the runner-up says how close the call was."""
    if next_seq is not None:
        tail = str(next_seq)
        if not run.endswith(tail):
            return None
        run = run[: -len(tail)]
    cands = []
    for i in range(1, len(run)):
        a, b = run[:i], run[i:]
        score = _split_score(a, b, mode_dec)
        if score is not None:
            cands.append((score, a, b))
    if not cands:
        return None
    cands.sort()
    best = cands[0]
    margin = cands[1][0] - best[0] if len(cands) > 1 else 99
    return best[1], best[2], margin


def _tokens(body: str):
    """(text-run, unit, value-run, raw row) per row of the fused string; rows start after their number."""
    unit_re = "|".join(re.escape(u) for u in _UNITS)
    pos, out = 0, []
    while pos < len(body):
        start = pos
        tm = re.match(r"(.+?)(" + unit_re + r")(?=[＞>【\[\d])", body[pos:])
        if not tm:
            break
        pos += tm.end()
        vm = re.match(r"[＞>＜<【\[\]】\d.左右以上]+", body[pos:])
        if not vm:
            break
        pos += vm.end()
        out.append([tm.group(1), tm.group(2), vm.group(0), body[start:pos]])
    return out


def _row_splits(toks):
    """Every row's baseline|target split; a first pass learns the column's usual decimals."""
    n = len(toks)
    first = [split_values(v, k + 2 if k + 1 < n else None) for k, (_, _, v, _) in enumerate(toks)]
    decs = [_decimals(f[0]) for f in first if f and f[2] >= 1.0 and _decimals(f[0])]
    mode_dec = max(set(decs), key=decs.count) if decs else None
    out = []
    for k, (_, _, v, _) in enumerate(toks):
        seq = k + 2 if k + 1 < n else None
        split = split_values(v, seq, mode_dec) or split_values(v, None, mode_dec)
        plain = split_values(v, seq) or split_values(v, None)
        if split and plain and plain[:2] == split[:2]:
            # the decimals prior only narrowed a call the values make clearly on their own
            split = (split[0], split[1], max(split[2], plain[2]))
        out.append(split)
    return out


def _categories(texts: list[str]) -> list[str | None]:
    """A merged 一级指标 cell is printed once, in the middle row of its group, glued
    before that row's name: split it off when no other row's name starts the same
    way, and give it to the rows it centres on. `texts` loses the split-off part."""
    n = len(texts)
    cats: dict[int, str] = {}
    for k, t in enumerate(texts):
        cm = _CAT.match(t)
        if not cm or re.search(r"(数量|总额|额|量)$", cm.group(1)):
            continue
        c = cm.group(1)
        if any(j != k and (texts[j].startswith(c) or (_CAT.match(texts[j]) and _CAT.match(texts[j]).group(2).startswith(c)))
               for j in range(n)):
            continue
        cats[k] = c
        texts[k] = cm.group(2)
    row_cat: list[str | None] = [None] * n
    start = 0
    keys = sorted(cats)
    for gi, p in enumerate(keys):
        end = n - 1 if gi == len(keys) - 1 else min(n - 1, max(p, 2 * p - start))
        for r in range(start, end + 1):
            row_cat[r] = cats[p]
        start = end + 1
    return row_cat


def _row(cols, k, unit, run_raw, text, split, cat, box: Box, y0: int, y1: int):
    base, target, margin = split
    bv, bc = parse_value(base)
    tv, tc = parse_value(target)
    seq = k + 1
    ind = Indicator(name=text, table_label=box.label, seq=seq, unit=unit, category=cat,
                    baseline_year=y0, target_year=y1, baseline=base, target=target,
                    baseline_value=bv, target_value=tv, cumulative=int(bc or tc),
                    section=box.section, box=box, source_text=(str(seq) if k == 0 else "") + run_raw,
                    confidence=1.0 if margin >= 1.0 else 0.6,
                    line_start=box.line_start, line_end=box.line_end)
    cells = {c: "" for c in cols}
    cells["序号"] = str(seq)
    names = [c for c in cols if c in ("二级指标", "指标名称", "指标")]
    if names:
        cells[names[0]] = text
    if "一级指标" in cells:
        cells["一级指标"] = cat or ""
    if "单位" in cells:
        cells["单位"] = unit
    cells[cols[-2]], cells[cols[-1]] = base, target
    item = Item(lead=text, text=" | ".join(v for v in cells.values() if v), cells=cells,
                line_start=box.line_start, line_end=box.line_end)
    return ind, item


def fused_table(raw: str, box: Box):
    """Rebuild rows of a table whose cells were concatenated without separators
    ('…数量列260330004…' = 2603 | 3000 | next row 4).

    Returns (columns, items, indicators, the text after the table)."""
    m = re.match(r"序号(.*?)((?:19|20)\d{2}年?)((?:19|20)\d{2}年?)", raw)
    if not m or not raw[m.end():].startswith("1"):
        return None, [], [], ""
    cols = ["序号"] + re.findall(r"一级指标|二级指标|指标名称|指标|单位|属性", m.group(1)) + [m.group(2), m.group(3)]
    y0, y1 = int(m.group(2)[:4]), int(m.group(3)[:4])
    body = raw[m.end() + 1:]
    rest = ""
    nb = re.search(r"备注[：:]", body)
    if nb:
        rest, body = body[nb.start():], body[:nb.start()]
    toks = _tokens(body)
    splits = _row_splits(toks)
    texts = [t for t, _, _, _ in toks]
    row_cat = _categories(texts)
    rows, inds = [], []
    for k, ((_, unit, _run, raw_row), text, sp) in enumerate(zip(toks, texts, splits)):
        if not sp:
            break
        ind, item = _row(cols, k, unit, raw_row, text, sp, row_cat[k], box, y0, y1)
        inds.append(ind)
        rows.append(item)
    return cols, rows, inds, rest
