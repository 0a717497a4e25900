"""A 专题 as a 资料汇编 in 公文 format: a cover (title, author, unit, date), a 目录, then
the entries as the user ordered them (or grouped by plan, year or platform), each
with its text (a table 专栏 as a real table, merged cells merged), its official
citation and the user's 按语 set off in 楷体 (paragraph style 按语)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from db import place as pl
from db.progress import Progress
from desktop.services import topics
from .box_content import write_box_content
from .gongwen import BODY_PT, KAI, TITLE_FONT, GongwenDoc, check_title, heading_number, set_fonts

NOTE_STYLE = "按语"
TOC_TITLE = "目　录"


def compile_topic(store, name_or_id, userdata, path: str | Path, group: str = "manual", cover: dict | None = None,
                  progress=None, title: str | None = None, overwrite: bool = False) -> Path:
    """Write the 资料汇编 of a 专题 (its name or id; 「书签」: the bookmarks) to `path`.
    cover: author, unit, date (today when not given). KeyError: no such 专题."""
    progress = Progress.of(progress)
    name, entries = topics.topic_entries(store, userdata, name_or_id)
    title = check_title(title) or f"{name}资料汇编"
    groups = topics.grouped(store, entries, group)
    cover = cover or {}
    gw = GongwenDoc(subject=f"资料汇编：{name}", author=cover.get("author", ""), company=cover.get("unit", ""))
    gw.doc.core_properties.title = title
    _note_style(gw)
    _cover(gw, title, cover)
    _toc(gw, groups)
    gw.title(title)
    n, k = max(1, len(entries)), 0
    for head, es in groups:
        if head:
            gw.heading(head, 1, numbered=True)
        for e in es:
            progress(k / n, e["title"])
            _entry(gw, store, e, 2 if head else 1)
            k += 1
    progress.check()
    out = gw.save(path, overwrite=overwrite)
    progress(1.0, "完成")
    return out


def _entry(gw, store, e: dict, level: int) -> None:
    gw.heading(e["title"], level, numbered=True)
    at = store.place(e["target_id"]) if e["kind"] != topics.STATEMENT else None
    gone = topics.entry_state(store, e) == topics.GONE
    if gone:
        gw.para(f"（{topics.GONE_NOTE}，以下为加入专题时的原文）", font=KAI)
    if not gone and e["kind"] == topics.BOX and at is not None and at.kind == pl.BOX:
        write_box_content(gw, store, at.record)            # the 专栏 as it is now, tables as tables
    else:
        for para in _paragraphs(e.get("text") or ""):
            gw.para(para)
    gw.source(f"（来源：{topics.citation(store, e)}）")
    if e.get("note"):
        _note(gw, e["note"])


def _paragraphs(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


# ---- 按语 ----
def _note_style(gw) -> None:
    """Paragraph style 按语: 楷体 in the body size, indented two characters."""
    st = gw.doc.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = gw.doc.styles["Normal"]
    set_fonts(st.element, KAI)
    st.font.size = Pt(BODY_PT)
    st.paragraph_format.first_line_indent = Pt(BODY_PT * 2)


def _note(gw, note: str) -> None:
    lines = _paragraphs(note)
    for k, ln in enumerate(lines):
        p = gw.doc.add_paragraph(style=NOTE_STYLE)
        if k == 0:
            gw._run(p, "按语：", KAI, bold=True)
        gw._run(p, ln, KAI)


# ---- cover and 目录 ----
def _cover(gw, title: str, cover: dict) -> None:
    for _ in range(4):
        gw.doc.add_paragraph(style="Normal")
    gw.title(title)
    for _ in range(8):
        gw.doc.add_paragraph(style="Normal")
    when = cover.get("date") or _today()
    for label, value in (("编制人", cover.get("author")), ("编制单位", cover.get("unit")), ("日期", when)):
        if value:
            p = gw.para(f"{label}：{value}", indent=False)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_break(gw)


def _today() -> str:
    d = date.today()
    return f"{d.year}年{d.month}月{d.day}日"


def _toc(gw, groups) -> None:
    """目录: a TOC field over the headings (Word and WPS refresh it), its result already
    the headings' list so the page reads right before any refresh."""
    p = gw.doc.add_paragraph(style="Normal")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    gw._run(p, TOC_TITLE, TITLE_FONT, BODY_PT + 2)
    lines = []
    for gk, (head, es) in enumerate(groups, 1):
        if head:
            lines.append((1, f"{heading_number(1, gk)}{head}"))
        lines += [(2 if head else 1, f"{heading_number(2 if head else 1, k)}{e['title']}") for k, e in enumerate(es, 1)]
    first = gw.doc.add_paragraph(style="Normal")
    _field(first, 'TOC \\o "1-2" \\h \\z \\u', "begin")
    for k, (level, text) in enumerate(lines or [(1, "")]):
        p = first if k == 0 else gw.doc.add_paragraph(style="Normal")
        p.paragraph_format.first_line_indent = Pt(0 if level == 1 else BODY_PT * 2)
        gw._run(p, text)
    end = gw.doc.paragraphs[-1]
    _field(end, None, "end")
    _page_break(gw)


def _field(p, instr: str | None, part: str) -> None:
    """The begin (with its instruction and separator) or the end of a complex field."""
    r = OxmlElement("w:r")
    if part == "begin":
        for kind, text in (("begin", None), (None, instr), ("separate", None)):
            el = OxmlElement("w:fldChar" if kind else "w:instrText")
            if kind:
                el.set(qn("w:fldCharType"), kind)
            else:
                el.set(qn("xml:space"), "preserve")
                el.text = text
            r.append(el)
        p._p.append(r)
    else:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), "end")
        r.append(el)
        p._p.append(r)


def _page_break(gw) -> None:
    gw.doc.add_paragraph(style="Normal").add_run().add_break(WD_BREAK.PAGE)
