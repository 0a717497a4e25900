"""Indicators and targets to CSV and to Word (a 公文 table), every row with its sources:
the whole (filtered) table, or one metric across plans and territories (its chart,
rendered by the window as PNG, above the table)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Pt

from db.atomic import replacing
from db.indicators.comparison import DIRECTIONS, shown_value
from db.progress import Progress
from .gongwen import GongwenDoc

CHART_CM = 15.5
COLUMNS = ["文件", "范围", "指标", "统一指标", "基期", "目标", "目标年份", "关系", "出处"]


def row(e: dict) -> list[str]:
    base = shown_value(e, "baseline")
    if e.get("baseline") and e.get("baseline_year"):
        base = f"{base}（{e['baseline_year']}年）"
    rel = (e.get("comparator") or "") + (
        f"，{DIRECTIONS[e['direction']]}" if e.get("direction") and e["direction"] != "level" else "")
    flags = "，".join(f for f, on in (("累计", e.get("cumulative")), ("每年", e.get("per_year")),
                                     ("识别存疑", (e.get("confidence") or 1) < 1)) if on)
    return [f"{e['plan_year']}年《{e['plan']}》", e.get("scope") or "", e["name"], e.get("metric") or "", base,
            shown_value(e) + (f"（{flags}）" if flags else ""), str(e.get("target_year") or ""), rel,
            "；".join(e["sources"])]


def export_indicators_csv(entries: list[dict], path: str | Path, overwrite: bool = False, progress=None) -> Path:
    progress = Progress.of(progress)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS + ["基期值", "目标值下限", "目标值上限", "可比单位", "可比基期值", "可比目标值", "原文"])
    for e in entries:
        w.writerow(row(e) + [e.get("baseline_value"), e.get("target_low"), e.get("target_high"), e.get("norm_unit"),
                             e.get("norm_baseline"), e.get("norm_value"), e.get("source_text") or ""])
    progress.check()
    with replacing(path, overwrite, suffix=".csv") as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8-sig")   # BOM: Excel opens it as UTF-8
    progress(1.0, "完成")
    return Path(path)


def export_indicators_docx(entries: list[dict], path: str | Path, title: str = "规划指标与目标",
                           overwrite: bool = False, progress=None, author: str = "", company: str = "",
                           chart_png: bytes | dict[str, bytes] | None = None) -> Path:
    """A landscape 公文 table; a metric compared across plans gets one table per
    comparable unit (亿元 and 亿美元 apart), each with its chart above it (PNG bytes,
    under the unit's heading): `chart_png` is the one chart, or one per unit by unit."""
    progress = Progress.of(progress)
    gw = GongwenDoc(title=title, subject=title, landscape=True, author=author, company=company)
    groups: dict[str, list[dict]] = {}
    for e in entries:
        groups.setdefault(e.get("norm_unit") or e.get("unit") or "", []).append(e)
    cols = [c for c in COLUMNS if c != "统一指标"]
    w = gw.text_width_mm()
    widths = [w * f for f in (0.17, 0.08, 0.17, 0.1, 0.1, 0.06, 0.07, 0.25)]
    parts = list(groups.items()) if len({e.get("metric") for e in entries}) == 1 else [("", entries)]
    charts = chart_png if isinstance(chart_png, dict) else {unit: chart_png for unit, _ in parts[:1]}
    for unit, es in parts:
        if unit:
            gw.heading(f"单位：{unit}", 1, numbered=True)
        if charts.get(unit):                # under its heading, so the heading never stands alone
            picture(gw, charts[unit])
        gw.table(cols, [[v for c, v in zip(COLUMNS, row(e)) if c != "统一指标"] for e in es], widths)
    gw.para("注：“基期”“目标”按原文照录；“关系”为原文的比较用语（达到、超过、左右、力争……）；"
            "不同币种、不同口径的数值不作换算。", indent=False)
    progress.check()
    out = gw.save(path, overwrite=overwrite)
    progress(1.0, "完成")
    return out


def picture(gw: GongwenDoc, png: bytes) -> None:
    """An image centred on its own line, CHART_CM wide; single-spaced and off the grid,
    since the 公文's exact line pitch would show only a strip of it."""
    p = gw.doc.add_paragraph(style="Normal")
    f = p.paragraph_format
    f.first_line_indent, f.alignment = Pt(0), WD_ALIGN_PARAGRAPH.CENTER
    f.line_spacing_rule, f.keep_with_next = WD_LINE_SPACING.SINGLE, True
    p.add_run().add_picture(io.BytesIO(png), width=Cm(CHART_CM))
