"""Indicator tables: header and rows to indicator records (targets stated in running
text are read by db/importer/targets)."""
from __future__ import annotations

import re

from .model import Indicator, Line

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
        if "unit" in col and col["unit"] < len(r):     # then a bracket is the name's: 外商直接投资（FDI）
            name, unit, closed = r[col["name"]].strip(), r[col["unit"]], True
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
