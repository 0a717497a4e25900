"""Web scrapes with very long lines: headings and 专栏 inline in running text.

Such a text (002) has no line structure to speak of: a page of HTML flattened
into a few dozen lines, headings glued to the sentences around them, passages
printed twice and sentences out of order. What it does have is a 目录: the
only trustworthy list of headings. So:

1. the 目录 gives every section, in order (`toc`);
2. headings are found in the body as exact label+title strings at sentence
   boundaries; text goes to the section of the last heading printed before it
   (`body`);
3. a sentence printed a second time is dropped (counted), a second copy of
   the 目录 or notice block too;
4. 专栏 labels start boxes whose items are 'lead：…' runs; a box whose first
   item is a 序号… row is a fused indicator table (`fused_table`);
5. the document's order is marked unreliable, with the reasons, so the reader
   can say so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from .. import meta
from ..errors import UnimportableFile
from ..finish import finish
from ..model import DocNote, Indicator, Line, ParsedDoc, Section
from ..textutil import lead_of
from .body import BodyState, BodyWalk, anchor, markers, split_box_title  # noqa: F401  (split_box_title: tests)
from .fused_table import fused_table
from .stranded import recover
from .text import Text, front_sentences
from .toc import has_runin_toc, parse_toc, sections_of

__all__ = ["is_inline", "has_runin_toc", "parse"]

_DOWNLOAD = re.compile(r"文件下载.{0,200}?\.(?:docx?|pdf|wps)")


def is_inline(lines: list[Line]) -> bool:
    if len(lines) > 400 or not lines:
        return False
    return median(len(ln.text) for ln in lines) > 400


@dataclass
class Front:
    """The notice before the 目录, and where the 目录 and the body begin."""
    title: str
    doc_number: str | None
    issuer: str | None
    issued_date: str | None
    period: str | None
    notice_lines: list[Line]
    front: str
    toc_at: int
    toc_end: int
    entries: list


def _front(T: Text, s: str, source_file: str) -> Front:
    toc_at = s.find("目录")
    if toc_at < 0:
        raise UnimportableFile(source_file, "未识别到章节结构（长行网页文本中没有目录）")
    front = s[:toc_at]
    notice_lines = [Line(no=T.line(0), text=x) for x in front.split("\n") if x]
    m = re.search(r"印发\s*《([^》]{4,80})》", front) or re.search(r"关于印发(.{4,80}?)的通知", front)
    title = m.group(1) if m else source_file
    entries, toc_end = parse_toc(s, toc_at + 2, title)
    if len(entries) < 3:
        raise UnimportableFile(source_file, "未识别到章节结构（目录中没有标题）")
    mi = re.match(r"\s*(.{2,30}?)关于印发", front)
    md = meta.DATE.search(front)
    mp = meta.PERIOD.search(title)
    return Front(title=title, doc_number=meta.find_doc_number(front), issuer=mi.group(1) if mi else None,
                 issued_date=f"{int(md.group(1)):04d}-{int(md.group(2)):02d}-{int(md.group(3)):02d}" if md else None,
                 period=f"{mp.group(1)}-{mp.group(2)}" if mp else None, notice_lines=notice_lines,
                 front=front, toc_at=toc_at, toc_end=toc_end, entries=entries)


def _blank_toc_copies(s: str, f: Front) -> tuple[str, int, int]:
    """The body starts after the 目录 (and the title printed again after it);
    second copies of the 目录 block are blanked. Returns (text, body start, copies)."""
    toc_end = f.toc_end
    m_t = re.compile(r"\s*" + re.escape(f.title)).match(s, toc_end) if f.title else None
    if m_t:
        toc_end = m_t.end()
    block = s[f.toc_at:m_t.start() if m_t else toc_end]
    dropped = 0
    k = s.find(block, toc_end)
    while k >= 0:
        s = s[:k] + " " * len(block) + s[k + len(block):]
        dropped += 1
        k = s.find(block, k + len(block))
    return s, toc_end, dropped


def _tables(boxes) -> list[Indicator]:
    """A box whose items begin with 序号… is a fused indicator table; items without a
    lead get their first phrase as one."""
    indicators: list[Indicator] = []
    for bx in boxes:
        if bx.items and bx.items[0].text.startswith("序号"):
            cols, rows, inds, rest = fused_table("".join(it.text for it in bx.items), bx)
            if rows:
                bx.kind, bx.columns, bx.items = "table", cols, rows
                if rest:
                    bx.note = rest
                indicators.extend(inds)
        for it in bx.items:
            if it.lead == "":
                it.lead = lead_of(it.text)
    return indicators


def _place_sections(sections: list[Section], st: BodyState) -> None:
    """Paths, and line ranges from where each heading (or else its text) was printed."""
    for k, sec in enumerate(sections):
        sec.seq = k
        sec.path = (sec.parent.path + "/" if sec.parent else "") + sec.label
        occ = st.heading_lines.get(k)
        sec.line_start = occ[0] if occ else st.first_line.get(k, sec.line_start)
        sec.line_end = max([sec.line_start] + [b for _, b in sec.para_lines])


def _order_note(sections: list[Section], st: BodyState, marks) -> DocNote | None:
    """Why the text's order can't be trusted, or None when it can."""
    never = [k for k in range(len(sections)) if k not in st.heading_lines]
    twice = [k for k, occ in st.heading_lines.items() if len(occ) > 1]
    order = [mk.section for mk in marks if mk.kind == "h"]
    inversions = sum(1 for x, y in zip(order, order[1:]) if y < x)
    if not (st.dropped or inversions or never):
        return None
    parts = []
    if never:
        parts.append(f"{len(never)}个标题只见于目录、正文中未出现")
    if twice:
        parts.append(f"{len(twice)}个标题在正文中出现两次")
    if inversions:
        parts.append(f"正文中标题顺序与目录不符{inversions}处")
    if st.dropped:
        parts.append(f"重复段落{st.dropped}处已删去")
    return DocNote("order_unreliable", "本文档转换文本顺序混乱：" + "；".join(parts) +
                   "。章节结构取自目录；正文句子按其在原文中所处位置归入最近的标题之下，部分句子可能不属于所在章节。", None)


def parse(lines: list[Line], source_file: str, encoding: str, n_lines: int) -> ParsedDoc:
    T = Text(lines)
    s = _DOWNLOAD.sub(lambda m: " " * len(m.group(0)), T.s)
    f = _front(T, s, source_file)
    s, body_start, dropped = _blank_toc_copies(s, f)
    sections = sections_of(f.entries, T.line(f.toc_at))
    keyed: dict[str, int] = {}
    for k, sec in enumerate(sections):
        keyed.setdefault(sec.label + sec.title, k)
    marks = markers(s, body_start, keyed)
    # the notice is often printed again inside the body: its sentences count as seen
    st = BodyWalk(T, s, sections, front_sentences(f.front), dropped).run(marks, body_start)
    indicators = _tables(st.box_order)
    anchor(sections, st.runs)
    recovered = recover(sections, st.box_order)
    _place_sections(sections, st)
    note = _order_note(sections, st, marks)
    notes = ([note] if note else []) + st.notes
    if recovered:
        notes.append(DocNote("recovered_items", f"{recovered}个专栏条目在原文中脱离所在专栏，已按其内容归入专栏（系推断）", None))
    for k, bx in enumerate(st.box_order):
        bx.seq = k
    doc = ParsedDoc(
        source_file=source_file, encoding=encoding, title=f.title, doc_number=f.doc_number, issuer=f.issuer,
        issued_date=f.issued_date, period=f.period, notice="\n".join(ln.text for ln in f.notice_lines),
        preamble="\n\n".join(st.preamble),
        preamble_lines=(st.first_line[-1], st.first_line[-1]) if -1 in st.first_line else None, sections=sections, boxes=st.box_order,
        indicators=indicators, notes=notes, order_reliable=note is None, n_lines=n_lines,
        dropped_repeats=st.dropped, copies=st.copies)
    finish(doc, last_line=lines[-1].no, keep_paths=True)
    return doc
