"""What an official reads first: the ten most-positioned platforms. None of their
statements is a table's note or source (备注：1.带[ ]为五年累计数), a caption (专栏3 …,
表2-1 …, 图1 …), or a passage of a situation section (面临环境, 国际环境, 问题和挑战) that
gives the platform no role."""
from __future__ import annotations

import re

from db.positioning.cues import cues

NOTE_OR_CAPTION = re.compile(r"^\s*(备\s*注|注\s*\d*\s*[：:]|注释|资料来源|数据来源|专栏\s*\d|表\s*\d|图\s*\d)")


def top_ten(store) -> list[str]:
    counts: dict[str, int] = {}
    for p in store.platforms():
        counts[p["id"]] = len(store.positionings(p["id"]))
    return sorted(counts, key=lambda k: -counts[k])[:10]


def section_titles(store, sid: str | None) -> list[str]:
    out = []
    while sid:
        s = store.section(sid)
        if not s:
            break
        out.append(s["title"] or "")
        sid = s["parent_id"]
    return out


def is_situation(titles: list[str]) -> bool:
    """The nearest title that says what its section is says 形势/环境/挑战 (as the
    extractor reads a section: 一、发展基础与面临形势 / （一）发展基础 is 基础)."""
    c = cues()
    for t in titles:
        if t.endswith(c.home_none + c.home_results + c.home_all):
            return False
        if t.endswith(c.results_sections):
            return True
    return False


def test_no_note_caption_or_situation_among_the_top_ten(built_store):
    bad = []
    for pid in top_ten(built_store):
        for x in built_store.positionings(pid):
            if NOTE_OR_CAPTION.match(x["text"]):
                bad.append((pid, "note/caption", x["text"][:30]))
            if is_situation(section_titles(built_store, x["section_id"])) and x["aspect"] != "定位":
                bad.append((pid, "situation", x["text"][:30]))
    assert bad == []


def test_the_check_sees_what_it_looks_for():
    assert NOTE_OR_CAPTION.match("备注：1.带[ ]为五年累计数；")
    assert NOTE_OR_CAPTION.match("专栏3 园区平台") and NOTE_OR_CAPTION.match("表2-1 指标")
    assert not NOTE_OR_CAPTION.match("重庆高新区作为重庆科技创新中心的核心区")
