"""Candidate platforms: names the gazetteer lacks, found by their form
(…综合保税区, …口岸, …示范区, …产业园 …) in sentences that position them.

Nothing found here is treated as reviewed: candidates are offered to the user,
who accepts them into the user gazetteer (user.sqlite) or ignores them.
"""
from __future__ import annotations

import hashlib
import re

from .cues import cues
from .gazetteer import Matcher

# name endings, longest first, with the kind a name of that form usually is
ENDINGS = [
    ("综合保税区", "海关特殊监管区域"), ("保税港区", "海关特殊监管区域"), ("保税物流中心（A型）", "保税监管场所"),
    ("保税物流中心（B型）", "保税监管场所"), ("保税物流中心", "保税监管场所"), ("水运口岸", "口岸"),
    ("航空口岸", "口岸"), ("铁路口岸", "口岸"), ("公路口岸", "口岸"), ("口岸", "口岸"), ("国际机场", "口岸"),
    ("机场", "口岸"), ("港区", "口岸"), ("邮轮母港", "口岸"), ("无水港", "物流枢纽"), ("物流枢纽园区", "物流枢纽"),
    ("物流园区", "物流枢纽"), ("物流园", "物流枢纽"), ("物流基地", "物流枢纽"), ("集结中心", "物流枢纽"),
    ("分拨中心", "物流枢纽"), ("监管中心", "物流枢纽"), ("物流枢纽", "物流枢纽"), ("国际合作产业园", "国际合作园区"),
    ("合作产业园", "国际合作园区"), ("合作园区", "国际合作园区"), ("产业园", "园区平台"), ("园区", "园区平台"),
    ("新区", "战略平台"), ("试验区", "功能平台"), ("先行示范区", "功能平台"), ("示范区", "功能平台"),
    ("示范基地", "功能平台"), ("协同创新区", "功能平台"), ("国际新城", "功能平台"), ("会展城", "功能平台"),
    ("贸易基地", "功能平台"), ("港", "口岸"),
]
_END = "|".join(re.escape(e) for e, _ in sorted(ENDINGS, key=lambda x: -len(x[0])))
_KIND = dict(ENDINGS)
_ENDINGS_LONGEST = sorted(_KIND, key=len, reverse=True)
# a name: a run of name characters (no punctuation, no 、) ending in a platform word
NAME = re.compile(r"[\u4e00-\u9fffＸA-Za-z0-9（）()·—－-]{2,16}?(?:" + _END + r")"
                  r"(?:[\u4e00-\u9fff（）]{0,8}?(?:" + _END + r"))*")
MIN_LEN = 5


def ending_of(name: str) -> str:
    return next((e for e in _ENDINGS_LONGEST if name.endswith(e)), "")


def clean(raw: str) -> str | None:
    """The name inside a run of name characters: what follows the last word a name
    never holds (和, 建设 …), from the first place it is named after (or a gazetteer
    name, masked as Ｘ) to its end; None if it names no place."""
    c = cues()
    last = None
    for last in c.breaks.finditer(raw):
        pass
    tail = raw[last.end():] if last else raw
    for i in range(len(tail)):
        if tail[i] == "Ｘ" or tail.startswith(c.places, i):
            name = tail[i:]
            place = next((p for p in c.places if name.startswith(p)), "")
            middle = name[len(place):len(name) - len(ending_of(name))]
            if place in c.regions and c.generic.fullmatch(middle):
                return None         # 成渝地区国家物流枢纽: a kind of hub, not one place
            return name
    return None


def ends_here(text: str, at: int) -> bool:
    """A name ends at a boundary: punctuation, the end, or a word no name holds
    (长江上游重要临港产业基地: 临港 is not a name's end)."""
    c = cues()
    return at >= len(text) or not text[at].isalnum() or any(
        rx.match(text, at) for rx in (c.breaks, c.actions, c.after_name))


def kind_of(name: str) -> str:
    return _KIND.get(ending_of(name), "功能平台")


def names_in(sentence: str, m: Matcher) -> list[tuple[int, str]]:
    """(position, name) of the candidate names of a sentence, gazetteer names left out."""
    masked = m.mask(sentence, keep_length=True)
    out = []
    for hit in NAME.finditer(masked):
        name = clean(hit.group(0))
        if not name or cues().office_after.match(masked, hit.end()) or not ends_here(masked, hit.end()):
            continue
        at = hit.end() - len(name)
        core = name.lstrip("Ｘ")
        # a gazetteer name may begin it (果园港国家物流枢纽: a part of 果园港), not sit inside
        if "Ｘ" in core or len(core) < 3 or len(name) < MIN_LEN:
            continue
        out.append((at, sentence[at:hit.end()]))
    return out


def positioned(sentence: str, at: int) -> bool:
    """The sentence does something with the name: it leads a clause, or a verb
    (建设, 打造, 设立 …) or a role cue governs it."""
    a = max(sentence.rfind(c, 0, at) for c in "，,；;：:。") + 1
    if at - a <= 2:
        return True
    before = sentence[max(a, at - 8):at]
    return bool(cues().actions.search(before) or cues().ding.search(sentence))


def discover(did: str, m: Matcher, sentences) -> list[dict]:
    """platform_candidates rows for one document: one per name, its first positioning
    sentence as the example. `sentences` yields (section_id, box_id, line, sentence)."""
    found: dict[str, dict] = {}
    for sid, bid, line, s in sentences:
        for at, name in names_in(s, m):
            if not positioned(s, at):
                continue
            row = found.get(name)
            if row:
                row["count"] += 1
                continue
            cid = hashlib.sha1(f"{did}\n{name}".encode()).hexdigest()[:12]
            found[name] = dict(id=f"{did}:cand:{cid}", name=name, kind=kind_of(name), document_id=did,
                               section_id=sid, box_id=bid, text=s, line=line, count=1)
    return list(found.values())
