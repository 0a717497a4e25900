"""Quantified targets stated in running text and in list boxes, read into records:
the metric, the value as printed and its bounds, comparator and direction, unit,
year, cumulative and per-year flags, and the territory (scope)."""
from __future__ import annotations

import re

from ..model import Indicator, ParsedDoc, Section
from .metric import scope_in
from .reading import Context, Target, paragraph_targets

__all__ = ["prose_targets", "plan_scope"]

_GOALS = re.compile(r"目标")
_RESULTS = re.compile(r"(基础|现状|成效|形势|环境|回顾|机遇|挑战|问题)$")


def plan_years(doc: ParsedDoc) -> tuple[int | None, int | None]:
    if doc.period and re.fullmatch(r"\d{4}-\d{4}", doc.period):
        return int(doc.period[:4]), int(doc.period[-4:])
    y = int(doc.issued_date[:4]) if doc.issued_date else None
    return y, None


_TERRITORY = re.compile(r"^(?:重庆市)?([\u4e00-\u9fff]{1,8}?(?:新区|高新区|开发区|区|县|市))")


def plan_scope(doc: ParsedDoc) -> str:
    """The territory a plan is about, by its title: one the term list knows (全市,
    自贸试验区 …), else the district or county it opens with (某某区), else 全市."""
    title = doc.title or ""
    known = scope_in(title)
    if known:
        return known
    m = _TERRITORY.match(title)
    return m.group(1) if m else "全市"


def _is(section: Section | None, rx: re.Pattern) -> bool:
    while section is not None:
        if rx.search(section.title or ""):
            return True
        section = section.parent
    return False


def prose_targets(doc: ParsedDoc) -> list[Indicator]:
    """Targets stated in sections' paragraphs (in a 发展基础 section only those tied to
    a coming year) and in list boxes' items."""
    start, end = plan_years(doc)
    scope = plan_scope(doc)
    out: list[Indicator] = []
    for s in doc.sections:
        ctx = Context(start, end, scope, goals=_is(s, _GOALS), results=bool(_RESULTS.search(s.title or "")))
        for k, para in enumerate(s.paras):
            if para.startswith(("表", "|")) and "\n|" in para:
                continue
            span = s.para_lines[k] if k < len(s.para_lines) else (s.line_start, s.line_end)
            out += [_record(t, s, None, span, 1.0) for t in paragraph_targets(para, ctx)]
    for b in doc.boxes:
        if b.kind != "list":
            continue
        ctx = Context(start, end, scope_in(b.title or "") or scope, goals=True)
        for it in b.items:
            ts = paragraph_targets(it.text, ctx)
            out += [_record(t, b.section, b, (it.line_start, it.line_end), 1.0 if t.year_stated else 0.8)
                    for t in ts]
    for k, ind in enumerate(out, start=1):
        ind.seq = k
    return out


def _record(t: Target, section, box, span, confidence: float) -> Indicator:
    q = t.q
    return Indicator(
        name=t.name, table_label=None, seq=0, unit=q.unit, target_year=t.year, target=q.value,
        target_value=q.low if q.low == q.high else None, cumulative=int(t.cumulative),
        section=section, box=box, source_text=t.clause, confidence=confidence,
        line_start=span[0], line_end=span[1], metric=None, scope=t.scope, comparator=t.comparator,
        comparator_words=t.words, direction=t.direction, target_low=q.low, target_high=q.high,
        year_stated=t.year_stated, per_year=t.per_year, sentence=t.sentence)
