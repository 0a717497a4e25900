"""Reading the quantified targets of a paragraph (or a 专栏 item): each clause that
sets a number, with its metric, relation, bounds, unit, year, territory."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..textutil import sentences
from .metric import clean_name, is_thin, leading_scope, scope_in, subject_of
from .quantity import ASPIRE, COMPARATORS, Quantity, comparator, direction, quantities

_BY_YEAR = re.compile(r"到\s*(20\d\d)\s*年")
_LEAD_YEAR = re.compile(r"^\s*(20\d\d)\s*年(?!\s*[以前后])")
_PERIOD = re.compile(r"“?十四五”?(?:期间|时期|末)|五年")
# what has been done or stands now, not what is to be reached
_PAST = re.compile(r"已经|已(?!有)|上线|比上年|同比|十三五|以来|截至|截止|先后|相继|落户")
_PAST_LEAD = re.compile(r"十三五|以来|截至|截止|目前|近年来|过去")     # “十三五”以来，累计开行…
_MEASURE = re.compile(r"(?:进出口总额|进出口额|总额|金额|数量|总量|规模|占比|比重)$")
_CUE = re.compile("|".join(w for _, ws in COMPARATORS for w in ws) + r"|力争|争取|累计")


@dataclass
class Context:
    plan_start: int | None = None
    plan_end: int | None = None
    scope: str = "全市"          # the territory the plan (or the 专栏) is about
    goals: bool = False          # a 目标 section, or a 专栏: every quantified clause is a target
    results: bool = False        # a 基础/成效 section: only what is tied to a coming year
    topic: str = ""              # the paragraph's short lead (拓展国际贸易“单一窗口”系统功能)
    past: bool = False           # reading a 发展基础 section for baselines: figures of the past count


@dataclass
class Target:
    clause: str
    sentence: str
    name: str
    q: Quantity
    comparator: str
    words: list[str]
    direction: str
    year: int | None
    year_stated: bool
    cumulative: bool
    per_year: bool
    scope: str
    notes: list[str] = field(default_factory=list)


def paragraph_targets(text: str, ctx: Context) -> list[Target]:
    out: list[Target] = []
    sents = sentences(text)
    topic = ctx.topic or (sents[0].rstrip("。") if sents and len(sents[0]) <= 24 and not quantities(sents[0]) else "")
    year = None
    for sent in sents:
        m = _BY_YEAR.search(sent) or _LEAD_YEAR.search(sent)
        stated = int(m.group(1)) if m else None
        year = stated or year
        if ctx.results and not stated:
            continue
        y = year or (ctx.plan_end if (ctx.goals or _PERIOD.search(sent)) else None)
        if y is not None and ctx.plan_start and y < ctx.plan_start:
            continue            # a year before the plan's period: a figure of the past
        out.extend(sentence_targets(sent, y, year is not None, ctx, topic))
    return out


def sentence_targets(sent: str, year, stated: bool, ctx: Context, topic: str) -> list[Target]:
    out: list[Target] = []
    scope0 = sentence_scope(sent, ctx)
    prev_name, before = "", ""
    for clause in (c for c in re.split(r"[，,；;。]", sent) if c.strip()):
        qs = quantities(clause)
        past = _PAST.search(clause) or (_PAST_LEAD.search(before) and not _BY_YEAR.search(before))
        if not qs or (past and not ctx.past) or not (stated or ctx.goals or _CUE.search(clause)):
            prev_name = clause_name(clause, prev_name, topic) or prev_name
            before += clause + "，"
            continue
        y = year or ctx.plan_end
        for name, q in named(clause, qs, prev_name, topic):
            lead, _ = leading_scope(clean_name(clause[:q.start]))
            comp, words = comparator(clause, q, before)
            out.append(Target(
                clause=clause.strip(), sentence=sent, name=name, q=q, comparator=comp, words=words,
                direction=direction(comp, name), year=y, year_stated=stated, per_year="每年" in clause,
                cumulative="累计" in clause or bool(re.search(r"[【\[［]", q.value)),
                scope=(lead or ctx.scope) if lead is not None else scope0))
            prev_name = name
        before += clause + "，"
    return out


def sentence_scope(sent: str, ctx: Context) -> str:
    """A territory the sentence opens with (到2025年，重庆高新区…), else the plan's."""
    first = re.sub(r"^\s*到\s*20\d\d\s*年\s*[，,]?", "", sent)
    first = re.split(r"[，,；;]", first)[0]
    lead, _ = leading_scope(clean_name(first))
    return (lead or ctx.scope) if lead is not None else ctx.scope


def clause_name(clause: str, prev: str, topic: str) -> str:
    return clean_name(leading_scope(clean_name(clause))[1])


def named(clause: str, qs: list[Quantity], prev: str, topic: str) -> list[tuple[str, Quantity]]:
    """Each quantity with the name of what it measures."""
    if "分别" in clause and len(qs) >= 2:
        items = [clean_name(x) for x in clause[:clause.index("分别")].split("、")]
        items = [leading_scope(x)[1] for x in items]
        if len(items) == len(qs):
            # 货物、服务贸易进出口额分别…: the measure word printed once, on the last item
            m = _MEASURE.search(items[-1])
            tail = m.group(0) if m and len(m.group(0)) < len(items[-1]) else ""
            return [(x if not tail or _MEASURE.search(x) else x + tail, q) for x, q in zip(items, qs)]
    out, at = [], 0
    for q in qs:
        raw = clause[at:q.start]
        head = clean_name(leading_scope(clean_name(raw))[1])
        after = re.split(r"[，。；、：]", clause[q.end:])[0]
        if after and (not head or raw.rstrip().endswith("、")):
            head = clean_name(after)                      # 建设1-2个符合国际赛事规格的场馆
            if is_thin(head) and topic:
                head = clean_name(topic)                  # …40项功能 of the paragraph's topic
        elif is_thin(head) and (prev or topic):
            head = subject_of(prev or clean_name(topic)) + head     # 区域识别系统 + 识别率
        out.append((head, q))
        at = q.end
    return out
