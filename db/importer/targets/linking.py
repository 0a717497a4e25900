"""A plan's indicators linked up (per document, at import): each row's cross-plan
metric and territory, values in comparable units, table targets' relations, a
prose target's baseline (the table row it restates, or the 发展基础 sentence with
the same metric) and the places a target is printed again."""
from __future__ import annotations

import re

from ..model import Indicator, ParsedDoc
from . import plan_scope
from .reading import Context, sentence_targets
from ..textutil import sentences
from .metric_list import key, metric_of, normalise

# the sections that say where a plan starts from
_BASE_SECTION = re.compile(r"(发展基础|基础条件|发展现状|发展成效|主要成效|发展回顾|存在的问题|面临形势|面临环境|发展环境|"
                           r"问题和挑战|基础与问题|基础和环境)$")
_PAST_ACCOUNT = re.compile(r"十三五|以来|已经|累计|截至|截止")
_COMING = re.compile(r"到\s*20\d\d\s*年|十四五|力争|将")
_TABLE_REL = (("＞", "超过"), (">", "超过"), ("≥", "以上"), ("以上", "以上"), ("左右", "左右"), ("＜", "以下"),
              ("<", "以下"))


def link(doc: ParsedDoc) -> None:
    scope = plan_scope(doc)
    for ind in doc.indicators:
        m = metric_of(ind.name)
        ind.metric = m.canonical if m else None
        if ind.table_label:
            _table_row(ind, scope)
        if m and m.scope:
            ind.scope = m.scope        # counted for the city only (中欧班列, 国际航线 …)
        ind.norm_value, ind.norm_unit = normalise(_mid(ind), ind.unit)
        ind.norm_baseline = normalise(ind.baseline_value, ind.unit)[0]
        ind.printed_at = ind.printed_at or ([ind.line_start] if ind.line_start else [])
    _restated(doc.indicators)
    _baselines(doc)
    _repeats(doc)


def _mid(ind: Indicator) -> float | None:
    if ind.target_low is not None and ind.target_high is not None:
        return (ind.target_low + ind.target_high) / 2
    return ind.target_value


def _table_row(ind: Indicator, scope: str) -> None:
    ind.scope = ind.scope or scope
    t = ind.target or ""
    ind.comparator = next((c for sym, c in _TABLE_REL if sym in t), "达到")
    ind.direction = "level"
    ind.target_low = ind.target_high = ind.target_value
    ind.baseline_source = "table" if ind.baseline else None


def _same_metric(a: Indicator, b: Indicator) -> bool:
    return same(a.metric, a.name, b.metric, b.name)


def same(ma: str | None, na: str, mb: str | None, nb: str) -> bool:
    """Two names measure the same thing: the same linked metric, or (unlinked) one
    name holds the other."""
    if ma or mb:
        return ma == mb
    ka, kb = key(na), key(nb)
    if not (ka and kb):
        return False
    if ka in kb or kb in ka:
        return True
    ga, gb = ({x[i:i + 2] for i in range(len(x) - 1)} for x in (ka, kb))
    shorter = min(len(ga), len(gb))
    # most of each other's pairs, or (a long enough name) nearly all of the shorter's:
    # 向全国复制推广 ↔ 在全国复制推广改革经验案例累计数量
    return len(ga & gb) >= 0.7 * max(len(ga), len(gb)) or (shorter >= 5 and len(ga & gb) >= 0.8 * shorter)


def _restated(inds: list[Indicator]) -> None:
    """A prose target that restates a table row of its plan (004's goals vs 表2-1):
    linked to it, and given its baseline."""
    rows = [i for i in inds if i.table_label]
    for p in (i for i in inds if not i.table_label):
        for r in rows:
            if not (_same_metric(p, r) and p.norm_unit == r.norm_unit and p.target_year == r.target_year
                    and p.scope == r.scope and p.norm_value is not None):
                continue
            p.same_as = f"{r.table_label}#{r.seq}"            # the store makes it the row's id
            if _per_year_of(p, r):
                break            # the row is the period's sum: its baseline is no base for a yearly figure
            if p.norm_value == r.norm_value:
                p.baseline, p.baseline_value, p.baseline_year = r.baseline, r.baseline_value, r.baseline_year
                p.norm_baseline, p.baseline_source = r.norm_baseline, "table"
                p.baseline_text = f"{r.table_label}第{r.seq}行 {r.name}（{r.baseline_year}年）"
                break
            p.same_as = None


def _per_year_of(p: Indicator, r: Indicator) -> bool:
    """每年保持在100亿美元以上 restates a five-year sum of ＞【500】."""
    years = (r.target_year - r.baseline_year) if r.target_year and r.baseline_year else None
    return bool(p.per_year and r.cumulative and years and r.norm_value
                and abs(p.norm_value * years - r.norm_value) < 1e-6 * r.norm_value)


def _baselines(doc: ParsedDoc) -> None:
    """A prose target without one gets the figure its plan's 发展基础/问题 sections give
    for the same metric and territory, in the same unit."""
    found = []
    start = int(doc.period[:4]) if doc.period and doc.period[:4].isdigit() else None
    ctx = Context(start, None, plan_scope(doc), goals=True, past=True)
    base = [s for s in doc.sections if _BASE_SECTION.search(s.title or "")]
    # a scrambled text's second copy was dropped from the section it stood in: its
    # lines still tell that it was printed in 发展基础
    copies = [sent for sent, lines in doc.copies.items()
              if any(s.line_start <= n <= (s.line_end or s.line_start) for s in base for n in lines)]
    # and a preamble's account of the last period (002's opening carries its 发展基础)
    # (a printed page's hard-wrapped lines rejoined; a paragraph ends at a full stop)
    paras = re.split(r"(?<=[。！？])\s*\n", f"{doc.notice or ''}\n{doc.preamble or ''}")
    opening = [x for para in paras if _PAST_ACCOUNT.search(para)
               for x in sentences(para.replace("\n", "")) if not _COMING.search(x)]
    for sent in [x for s in base for para in s.paras for x in sentences(para)] + copies + opening:
        found.extend(sentence_targets(sent, None, False, ctx, ""))
    for p in (i for i in doc.indicators if not i.table_label and i.baseline is None):
        for t in found:
            m = metric_of(t.name)
            if same(p.metric, p.name, m.canonical if m else None, t.name) \
                    and normalise(1.0, t.q.unit)[1] == p.norm_unit and t.scope == p.scope:
                p.baseline, p.baseline_value = t.q.value, t.q.low
                p.norm_baseline = normalise(t.q.low, t.q.unit)[0]
                m = re.search(r"(20\d\d)\s*年", t.sentence)
                p.baseline_year = int(m.group(1)) if m else (start - 1 if start and "十三五" in t.sentence else None)
                p.baseline_source, p.baseline_text = "prose", t.clause
                break


def _repeats(doc: ParsedDoc) -> None:
    """A target printed again (a scrape's second copy; the same clause twice in one
    plan) is one entry with both places."""
    seen: dict[tuple, Indicator] = {}
    keep = []
    for ind in doc.indicators:
        if ind.table_label:
            keep.append(ind)
            continue
        k = (key(ind.name), ind.target, ind.target_year, ind.scope)
        if k in seen:
            seen[k].printed_at = sorted(set(seen[k].printed_at + ind.printed_at))
            continue
        seen[k] = ind
        for sent, lines in doc.copies.items():
            if ind.source_text and ind.source_text in sent:
                ind.printed_at = sorted(set(ind.printed_at + lines))
        keep.append(ind)
    doc.indicators[:] = keep
