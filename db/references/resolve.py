"""A quoted title (《…》, with its 发文字号 when printed) -> the plan of the library it
names, or None. Never a guess: a 发文字号 decides when both sides have one; else the
title must equal one of the plan's names once the ways of writing the same title
are set aside — the period 「（2021—2025年）」 (when the quote gives one it must
agree), the place prefixes 重庆市 / 中国（重庆）, 建设, quotation marks, spacing,
the notice that sent it (关于印发《X》的通知 -> X), and the usual short forms of
the zone names. The plan's names are its title, its short title (the catalog's, or
the one a person gave on import) and its tag (db.naming) with its 十X五 and its kind
word. The kind word (规划, 纲要, 方案 …) and every other word stay, so 《…总体方案》
is never the …“十四五”规划 and 《…规划纲要》 never the …方案."""
from __future__ import annotations

import re

from ..naming import own_title, plan_tag

_QUOTES = re.compile(r"[“”‘’\"'「」『』〈〉《》\s　]")
# a period: 「（2021—2025年）」「（2017年）」 in brackets, or a bare range 「2021—2025年」
_Y = r"((?:19|20)\d{2})\s*年?"
_RANGE = r"\s*[—―–\-－~～至到]+\s*"
_YEARS = re.compile(rf"[（(]\s*{_Y}(?:{_RANGE}{_Y})?\s*[）)]|{_Y}{_RANGE}{_Y}")
_PREFIX = re.compile(r"^(?:中国（重庆）|中国\(重庆\)|重庆市|重庆)")
# the same words written short or long: the longer form is written the short way
_SHORT = (("自由贸易试验区", "自贸试验区"), ("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"),
          ("综合保税区", "综保区"))
_FIVE = re.compile(r"十[一二三四五六七八九]五")
_KIND_WORD = re.compile(r"(规划纲要|纲要|规划|方案|计划|意见|办法|条例|通知|决定)$")
_NUMBER = re.compile(r"^(\D{1,14}?)\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*(\d{1,4})\s*号$")


def norm_number(s: str | None) -> str | None:
    """A 发文字号 written one way: 渝府发〔2021〕24号 (any brackets, no spaces)."""
    m = _NUMBER.match(re.sub(r"\s+", "", s or ""))
    return f"{m.group(1)}〔{m.group(2)}〕{int(m.group(3))}号" if m else None


def years(s: str) -> tuple[int, ...]:
    """The period a title states: (2021, 2025), (2017,), or ()."""
    m = None
    for m in _YEARS.finditer(s or ""):
        pass
    if not m:
        return ()
    return tuple(int(y) for y in m.groups() if y)[:2]


def norm(title: str) -> str:
    """A title written one way, for comparing (not for showing)."""
    t = _QUOTES.sub("", own_title(_QUOTES.sub("", title or "")))
    t = _YEARS.sub("", t) or t
    t = _PREFIX.sub("", t).replace("建设", "")
    for long, short in _SHORT:
        t = t.replace(long, short)
    return t


def kind_word(title: str) -> str:
    m = _KIND_WORD.search(norm(title))
    return m.group(1) if m else ""


def names(doc: dict) -> set[str]:
    """Every way the plan is named, each written one way."""
    out = {norm(t) for t in (doc.get("title"), doc.get("short_title")) if t}
    title = doc.get("title") or doc.get("short_title") or ""
    tag, word = plan_tag(doc), kind_word(title)
    if tag and word:
        five = _FIVE.search(title)
        out.add(norm(tag + (five.group(0) if five else "") + word))
    return {n for n in out if len(n) >= 4}


def _years_agree(quote: str, doc: dict) -> bool:
    """A period the quote states is the plan's period (else it names another plan)."""
    q = years(quote)
    if not q:
        return True
    d = years(doc.get("title") or "") or years(doc.get("period") or "")
    return not d or q == d or (len(q) == 1 and q[0] == d[0])


class Resolver:
    """The documents of the library (the store's rows), ready to resolve quotes against."""

    def __init__(self, docs: list[dict]):
        self.docs = list(docs)
        self._names = [(d, names(d)) for d in self.docs]
        self._numbers = {}
        for d in self.docs:
            n = norm_number(d.get("doc_number"))
            if n:
                self._numbers.setdefault(n, d["id"])

    def resolve(self, quote: str, doc_number: str | None = None) -> str | None:
        """The id of the plan `quote` names, or None."""
        num = norm_number(doc_number)
        if num and num in self._numbers:
            return self._numbers[num]
        q = norm(quote)
        for d, ns in self._names:
            if q in ns and _years_agree(quote, d) and not (num and norm_number(d.get("doc_number"))):
                return d["id"]
        return None
