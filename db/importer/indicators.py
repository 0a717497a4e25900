"""Indicator tables (one cell per line) and quantified targets stated in running text."""
from __future__ import annotations

import re

from .model import Indicator, Line
from .textutil import sentences

NUM = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")
CUM = re.compile(r"[【\[［].*?[】\]］]")
NATURES = ("预期性", "约束性")


def parse_value(s: str | None) -> tuple[float | None, bool]:
    """'[7.76]' -> (7.76, True); '＞【500】' -> (500, True); '2700左右' -> (2700, False)."""
    if not s:
        return None, False
    cum = bool(CUM.search(s))
    m = NUM.search(s.replace("，", ","))
    if not m:
        return None, cum
    try:
        return float(m.group(0).replace(",", "")), cum
    except ValueError:
        return None, cum


def split_name_unit(name: str) -> tuple[str, str | None, bool]:
    """'轨道通车里程（公里）' -> ('轨道通车里程', '公里', True); the flag is False
    when the unit's bracket is never closed (the cell was cut short)."""
    m = re.match(r"^(.*?)[（(]([^（）()]{1,12})([）)]?)\s*$", name)
    if m and m.group(1):
        return m.group(1).strip(), m.group(2).strip(), bool(m.group(3))
    return name.strip(), None, True


def cell_rows(lines: list[Line]) -> list[list[Line]]:
    """Tab-indented cells, one per line; a blank line ends a row."""
    rows: list[list[Line]] = []
    base = min((ln.gap for ln in lines[1:]), default=0)  # the gap between cells of a row
    for ln in lines:
        if not rows or ln.gap > base:
            rows.append([])
        rows[-1].append(ln)
    return [r for r in rows if r]


def table_indicators(label: str, rows: list[list[str]], line_spans: list[tuple[int, int]]) -> list[Indicator]:
    """Map a header row (序号/指标/2020/2025/指标属性 …) and data rows to indicators."""
    if len(rows) < 2:
        return []
    head = [re.sub(r"\s+", "", h) for h in rows[0]]
    col = {}
    years = []
    for i, h in enumerate(head):
        y = re.search(r"(19|20)\d{2}", h)
        if h in ("序号", "编号"):
            col["seq"] = i
        elif "属性" in h or h in NATURES:
            col["nature"] = i
        elif "单位" in h:
            col["unit"] = i
        elif "一级" in h or h in ("类别", "领域", "分类"):
            col["category"] = i
        elif y:
            years.append((i, int(y.group(0))))
        elif "指标" in h or "名称" in h:
            col["name"] = i
    if "name" not in col or not years:
        return []
    out: list[Indicator] = []
    units = []
    for r in rows[1:]:
        if "name" in col and col["name"] < len(r):
            units.append(split_name_unit(r[col["name"]]))
    known = {u for _, u, closed in units if u and closed}
    seen_rows: set[tuple[str, ...]] = set()
    for k, (r, span) in enumerate(zip(rows[1:], line_spans[1:]), start=1):
        if col["name"] >= len(r) or tuple(r) in seen_rows:
            continue        # a row printed twice (a PDF repeats one after a page break) is one row
        seen_rows.add(tuple(r))
        name, unit, closed = split_name_unit(r[col["name"]])
        if "unit" in col and col["unit"] < len(r):
            unit, closed = r[col["unit"]], True
        if unit and not closed:
            # a unit cut short in the source ('（亿美') completed from the table's other units
            longer = sorted(u for u in known if u != unit and u.startswith(unit))
            if len(longer) == 1:
                unit = longer[0]
        base_i, base_y = years[0]
        tgt_i, tgt_y = years[-1]
        baseline = r[base_i] if base_i < len(r) else None
        target = r[tgt_i] if tgt_i < len(r) and tgt_i != base_i else None
        bv, bc = parse_value(baseline)
        tv, tc = parse_value(target)
        seq = k
        if "seq" in col and col["seq"] < len(r) and r[col["seq"]].isdigit():
            seq = int(r[col["seq"]])
        out.append(Indicator(
            name=name, unit=unit, table_label=label, seq=seq,
            category=r[col["category"]] if "category" in col and col["category"] < len(r) else None,
            baseline_year=base_y, target_year=tgt_y if tgt_i != base_i else None,
            baseline=baseline, target=target, baseline_value=bv, target_value=tv,
            cumulative=int(bc or tc),
            nature=r[col["nature"]] if "nature" in col and col["nature"] < len(r) else None,
            source_text=" | ".join(r), line_start=span[0], line_end=span[1]))
    return out


# ---- targets stated in running text ----

_TARGET_CUE = re.compile(r"(达到|达|超过|突破|增加|新增|下降|降低|提高到|提升到|提高|增长|控制在|保持在|力争|累计|占|实现|建成|形成|培育|引进|集聚|储备|开通|合一|运行)")
_QTY = re.compile(r"(\d+(?:\.\d+)?\s*(?:[―—\-~～至]\s*\d+(?:\.\d+)?)?)\s*(%|％|个百分点|个|项|家|条|列|万户|万人次|万人|户|万亿元|亿美元|亿元|万元|万吨|万标箱|标箱|次|倍|平方公里|公里|小时|天|证合一|大板块|座|所|人|名|亿|万)(?:\s*(?:左右|以上|以下|以内))?")
_YEAR = re.compile(r"到\s*(20\d{2})\s*年")
_SUBJECTLESS = re.compile(r"(全面|基本|初步|力争|确保|努力|逐步)?(建成|实现|完成|形成|达到|新增|增加|突破)")
_PAST = re.compile(r"(已经|已|十三五|上线|比上年|同比)")


def prose_targets(text: str, default_year: int | None, in_goals: bool) -> list[tuple[str, str, int | None]]:
    """Quantified targets in a paragraph: (clause, value, year).

    A clause counts when it states a number with a unit and the paragraph ties
    it to a year (到20XX年), or it sits in a goals section (or a box) and has a
    target cue (达到, 超过, 突破 …). A clause too short to name its metric
    (识别率达到100%) is given the clause before it. Every quantity in a clause
    (4大板块、40项功能) is a target of its own.
    """
    out = []
    year = None
    sents = sentences(text)
    # a paragraph's short lead sentence names its topic (拓展国际贸易“单一窗口”系统功能。)
    topic = sents[0].rstrip("。") if sents and len(sents[0]) <= 24 and sents[0].endswith("。") else ""
    for sent in sents:
        m = _YEAR.search(sent)
        if m:
            year = int(m.group(1))
        explicit = year is not None
        y = year if year else (default_year if in_goals else None)
        if y is None:
            continue
        clauses = [c.strip() for c in re.split(r"[，,；;。：:]", sent)]
        prev = ""
        for clause in clauses:
            if not clause:
                continue
            if _YEAR.fullmatch(clause) or _PAST.search(clause):
                prev = clause
                continue
            qs = [q for q in _QTY.finditer(clause) if not re.fullmatch(r"20\d{2}", q.group(1).strip())]
            if not qs or not (explicit or _TARGET_CUE.search(clause)):
                prev = clause
                continue
            head = clause[: qs[0].start()]
            name = clause if len(re.sub(r"[^\u4e00-\u9fff]", "", head)) >= 8 or not prev else prev + "，" + clause
            if topic and _SUBJECTLESS.match(clause) and topic not in name:
                name = f"{topic}：{name}"     # 全面建成…4大板块 says what of the topic
            for q in qs:
                out.append((name, clause[q.start():q.end()], y))
            prev = clause
    return out
