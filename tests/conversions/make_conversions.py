#!/usr/bin/env python
"""Make the PlanDesk conversion fixtures: the five plans as .docx, .html and .pdf.

Everything is rebuilt from a private content store (``plans.sqlite``) made by
the stable checkout, so the answer key for every file is that store:

    /work/main/.venv/bin/plandesk build --data /tmp/conv-data
    /work/main/.venv/bin/python -m tests.conversions.make_conversions --data /tmp/conv-data

Outputs (next to this script, one file per plan, named by the corpus stem):

    docx-styled/    python-docx, built-in Heading 1-3, 专栏 as tables, Word artefacts
    docx-numbered/  python-docx + raw XML, bold Normal headings with automatic
                    multilevel numbering, 专栏 as bordered (framed) paragraphs
    html-gov/       a government web page as saved from a browser (003 in GB18030)
    pdf-lo/         LibreOffice ``--convert-to pdf`` of docx-styled/
    pdf-chrome/     Chromium ``--print-to-pdf`` of html-gov/ (A4)

See README.md beside this script.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xesc

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips

HERE = Path(__file__).resolve().parent
PLANDESK = Path("/work/main/.venv/bin/plandesk")
IDEO_SPACE = "\u3000"
FIXED_DATE = "2021-09-01T09:00:00Z"


# ---------------------------------------------------------------------------
# 1. The document model, read from the store
# ---------------------------------------------------------------------------

@dataclass
class Box:
    id: str
    label: str
    title: str
    kind: str                 # list | table
    columns: list[str] | None
    note: str | None
    items: list[dict]         # {lead, text, cells: dict|None, inherited: list[str]}

    @property
    def heading(self) -> str:
        return f"{self.label}{IDEO_SPACE}{self.title}"


@dataclass
class Section:
    id: str
    level: int
    label: str
    title: str
    family: str
    inferred: bool
    parent_id: str | None
    text: str
    boxes: list[Box] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return heading_text(self.label, self.title, self.family)


@dataclass
class Plan:
    id: str
    stem: str
    title: str
    doc_number: str | None
    issuer: str | None
    issued_date: str | None
    period: str | None
    notice: list[str]
    preamble: list[str]
    sections: list[Section]


def heading_text(label: str, title: str, family: str) -> str:
    """The heading as printed: 第三章　标题, 一、标题, （一）标题, 1.标题."""
    if family in ("篇", "章", "节") or label.startswith("第"):
        return f"{label}{IDEO_SPACE}{title}"
    return f"{label}{title}"


def split_paras(text: str | None) -> list[str]:
    if not text:
        return []
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]


def load_plans(db: Path) -> list[Plan]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    plans = []
    for d in con.execute("select * from documents order by source_file"):
        boxes_by_section: dict[str, list[Box]] = {}
        for b in con.execute("select * from boxes where document_id=? order by seq", (d["id"],)):
            items = []
            for it in con.execute("select * from box_items where box_id=? order by seq", (b["id"],)):
                items.append({
                    "lead": it["lead"],
                    "text": it["text"],
                    "cells": json.loads(it["cells"]) if it["cells"] else None,
                    "inherited": json.loads(it["inherited"]) if it["inherited"] else [],
                })
            box = Box(b["id"], b["label"], b["title"], b["kind"],
                      json.loads(b["columns"]) if b["columns"] else None, b["note"], items)
            boxes_by_section.setdefault(b["section_id"], []).append(box)
        sections = []
        for s in con.execute("select * from sections where document_id=? order by seq", (d["id"],)):
            sections.append(Section(s["id"], s["level"], s["label"], s["title"], s["family"],
                                    bool(s["inferred"]), s["parent_id"], s["text"] or "",
                                    boxes_by_section.pop(s["id"], [])))
        if boxes_by_section:
            raise SystemExit(f"{d['id']}: boxes outside any section: {list(boxes_by_section)}")
        notice = [ln.strip() for ln in (d["notice"] or "").splitlines() if ln.strip()]
        plans.append(Plan(d["id"], Path(d["source_file"]).stem, d["title"], d["doc_number"],
                          d["issuer"], d["issued_date"], d["period"], notice,
                          split_paras(d["preamble"]), sections))
    con.close()
    return plans


def notice_layout(lines: list[str]) -> list[str | None]:
    """How a covering notice is laid out on paper: the heading block (issuer, 关于印发…的通知,
    发文字号) centred, the addressee and body flush/indented, the signature and date right."""
    n = len(lines)
    addressee = next((i for i, ln in enumerate(lines)
                      if ln.endswith("：") or (ln.startswith("各") and len(ln) > 8)), None)
    out: list[str | None] = [None] * n
    if addressee is None:
        return out
    for i in range(addressee):
        out[i] = "center"
    out[addressee] = "left"
    body_end = max((i for i in range(addressee, n) if lines[i].endswith("。")), default=addressee)
    for i in range(body_end + 1, n):
        ln = lines[i]
        if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ln) or (len(ln) <= 20 and not ln.startswith("（")):
            out[i] = "right"
    return out


# Blocks in reading order -----------------------------------------------------
# ("notice", text) ("title", text) ("para", text) ("heading", Section)
# ("caption", text) ("table", header, rows) ("box", Box)

def parse_md_table(para: str) -> tuple[list[str], list[list[str]]]:
    rows = []
    for ln in para.splitlines():
        ln = ln.strip()
        if not ln.startswith("|"):
            continue
        cells = [c.strip() for c in ln.strip("|").split("|")]
        if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
            continue
        rows.append(cells)
    return rows[0], rows[1:]


def blocks(plan: Plan) -> list[tuple]:
    out: list[tuple] = [("notice", ln, al) for ln, al in zip(plan.notice, notice_layout(plan.notice))]
    out.append(("title", plan.title))
    out += [("para", p) for p in plan.preamble]
    for s in plan.sections:
        out.append(("heading", s))
        for p in split_paras(s.text):
            if p.lstrip().startswith("|"):
                header, rows = parse_md_table(p)
                if out and out[-1][0] == "para":
                    out[-1] = ("caption", out[-1][1])
                out.append(("table", header, rows))
            else:
                out.append(("para", p))
        for b in s.boxes:
            out.append(("box", b))
    return out


def merge_runs(box: Box) -> dict[tuple[int, str], int]:
    """(row, column) -> number of rows the cell spans; 0 = covered by the cell above."""
    spans: dict[tuple[int, str], int] = {}
    for c in box.columns or []:
        start = None
        for i, it in enumerate(box.items):
            if c in it["inherited"] and start is not None:
                spans[(start, c)] += 1
                spans[(i, c)] = 0
            else:
                start = i
                spans[(i, c)] = 1
    return spans


def col_weights(rows: list[list[str]], total: int, minimum: int) -> list[int]:
    n = len(rows[0])
    w = []
    for j in range(n):
        longest = max(len(r[j]) if j < len(r) else 0 for r in rows)
        w.append(max(2.0, min(36.0, float(longest))))
    s = sum(w)
    widths = [max(minimum, int(total * x / s)) for x in w]
    # give back any excess from the widest column
    excess = sum(widths) - total
    if excess > 0:
        widths[widths.index(max(widths))] -= excess
    return widths


# ---------------------------------------------------------------------------
# Chinese numerals and the label families
# ---------------------------------------------------------------------------

CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
            "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_DIGIT[tens] if tens else 1) * 10 + (CN_DIGIT[ones] if ones else 0)
    return CN_DIGIT[s]


def label_value(label: str) -> int:
    m = re.fullmatch(r"第(.+?)[篇章节]|(.+?)、|（(.+?)）|(\d+)\.", label)
    if not m:
        raise ValueError(label)
    return cn_to_int(next(g for g in m.groups() if g))


FAMILY_FMT = {  # family -> (lvlText with %N placeholder, numFmt, suffix)
    "篇": ("第%N篇", "chineseCounting", "space"),
    "章": ("第%N章", "chineseCounting", "space"),
    "节": ("第%N节", "chineseCounting", "space"),
    "一、": ("%N、", "chineseCounting", "nothing"),
    "（一）": ("（%N）", "chineseCounting", "nothing"),
    "1.": ("%N.", "decimal", "nothing"),
}


# ---------------------------------------------------------------------------
# 2. docx-styled
# ---------------------------------------------------------------------------

def set_east_asian(style_or_run, font: str, ascii_font: str | None = None):
    el = style_or_run.element if hasattr(style_or_run, "element") else style_or_run._element
    rpr = el.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), font)
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(a)) is not None:
            del rfonts.attrib[qn(a)]
    if ascii_font:
        rfonts.set(qn("w:ascii"), ascii_font)
        rfonts.set(qn("w:hAnsi"), ascii_font)


def set_doc_lang(doc, east="zh-CN"):
    """Mark East Asian text as Simplified Chinese (the template says en-US), so renderers
    pick SC glyphs for the fallback font."""
    styles = doc.styles.element
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:eastAsia"), east)


def page_field_runs() -> list:
    w = nsdecls("w")
    return [parse_xml(x) for x in (
        f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {w}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {w}><w:t>1</w:t></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>',
    )]


def set_cell_shading(cell, fill: str):
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def mark_header_row(row):
    trpr = row._tr.get_or_add_trPr()
    trpr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def styled_table(doc, header: list[str], rows: list[list[str]], spans=None, columns=None,
                 text_width: int = 0):
    """A real Word table, header row + rows; spans from merge_runs() give vertical merges."""
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = col_weights([header] + rows, text_width, 700)
    for j, wd in enumerate(widths):
        table.columns[j].width = Twips(wd)
        for r in table.rows:
            r.cells[j].width = Twips(wd)
    for j, h in enumerate(header):
        c = table.cell(0, j)
        c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        c.paragraphs[0].add_run(h).bold = True
        set_cell_shading(c, "D9E2F3")
    mark_header_row(table.rows[0])
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if spans and spans.get((i, columns[j])) == 0:
                continue          # covered by the merged cell above; stays empty
            table.cell(i + 1, j).paragraphs[0].add_run(v)
    if spans:
        for (i, col), n in spans.items():
            if n > 1:
                j = columns.index(col)
                top = table.cell(i + 1, j)
                top.merge(table.cell(i + n, j))
    return table


def add_bookmark(paragraph, bid: int, name: str):
    p = paragraph._p
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{bid}" w:name="{name}"/>')
    end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{bid}"/>')
    first_r = p.find(qn("w:r"))
    first_r.addprevious(start)
    p.append(end)


def make_docx_styled(plan: Plan, out: Path):
    doc = Document()
    cp = doc.core_properties
    cp.title, cp.author, cp.subject = plan.title, "PlanDesk fixtures", "docx-styled"
    set_doc_lang(doc)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(25)
    sec.top_margin, sec.bottom_margin = Mm(28), Mm(25)
    text_width = int((210 - 50) / 25.4 * 1440)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    normal.font.name = "Times New Roman"
    set_east_asian(normal, "宋体")
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.25
    for lvl, size in ((1, 16), (2, 14), (3, 12)):
        st = doc.styles[f"Heading {lvl}"]
        st.font.size = Pt(size)
        set_east_asian(st, "黑体", "Arial")
    set_east_asian(doc.styles["Title"], "黑体", "Arial")
    doc.styles["Title"].font.size = Pt(20)

    # running header and footer with a PAGE field
    hp = sec.header.paragraphs[0]
    hp.text = plan.title
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hp.runs[0].font.size = Pt(9)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("— ")
    for r in page_field_runs():
        fp._p.append(r)
    fp.add_run(" —")

    bl = blocks(plan)
    n_body = sum(1 for b in bl if b[0] == "para")
    del_at = max(3, n_body // 3)          # the paragraph carrying a tracked deletion
    ins_at = max(5, (2 * n_body) // 3)    # ... and a tracked insertion
    comment_at = 2
    done = {"del": False, "ins": False, "box_bookmark": False}
    bookmarks_left = 4
    bid = 100
    para_no = 0
    notice_done = False
    for b in bl:
        kind = b[0]
        if kind == "notice":
            p = doc.add_paragraph(b[1])
            if b[2] == "center":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif b[2] == "right":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif b[2] is None:
                p.paragraph_format.first_line_indent = Pt(22)
        elif kind == "title":
            if plan.notice and not notice_done:
                doc.add_page_break()
            notice_done = True
            doc.add_paragraph(b[1], style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "heading":
            s: Section = b[1]
            h = doc.add_heading(s.heading, level=min(s.level, 3))
            if s.level == 1:
                h.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if bookmarks_left and s.level <= 2:
                add_bookmark(h, bid, f"_Toc{16966 + bid * 37}")
                bid += 1
                bookmarks_left -= 1
        elif kind == "para":
            text = b[1]
            para_no += 1
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(22)
            if not done["del"] and para_no >= del_at and "，" in text:
                done["del"] = True
                # a tracked deletion: the word is deleted, the text stays as the key has it
                k = text.index("，") + 1
                p.add_run(text[:k])
                p._p.append(parse_xml(
                    f'<w:del {nsdecls("w")} w:id="901" w:author="审校" w:date="{FIXED_DATE}">'
                    f'<w:r><w:delText>进一步</w:delText></w:r></w:del>'))
                p.add_run(text[k:])
            elif not done["ins"] and para_no >= ins_at and len(text) > 12:
                done["ins"] = True
                # a tracked insertion: the inserted words are part of the key's text
                k = len(text) // 2
                p.add_run(text[:k])
                p._p.append(parse_xml(
                    f'<w:ins {nsdecls("w")} w:id="902" w:author="审校" w:date="{FIXED_DATE}">'
                    f'<w:r><w:t xml:space="preserve">{xesc(text[k:k + 6])}</w:t></w:r></w:ins>'))
                p.add_run(text[k + 6:])
            else:
                run = p.add_run(text)
                if para_no == comment_at:
                    doc.add_comment(run, text="此段数据请核对口径。", author="审校", initials="SJ")
        elif kind == "caption":
            p = doc.add_paragraph(b[1], style="Caption")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
        elif kind == "table":
            styled_table(doc, b[1], b[2], text_width=text_width)
            doc.add_paragraph()
        elif kind == "box":
            box: Box = b[1]
            if box.kind == "list":
                t = doc.add_table(rows=1, cols=1)
                t.style = doc.styles["Table Grid"]
                t.alignment = WD_TABLE_ALIGNMENT.CENTER
                cell = t.cell(0, 0)
                set_cell_shading(cell, "F2F2F2")
                tp = cell.paragraphs[0]
                tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                tp.add_run(box.heading).bold = True
                if not done["box_bookmark"]:
                    add_bookmark(tp, bid, f"_Toc{20434 + bid}")   # a bookmark inside a box title
                    bid += 1
                    done["box_bookmark"] = True
                for it in box.items:
                    ip = cell.add_paragraph(it["text"])
                    ip.paragraph_format.first_line_indent = Pt(22)
            else:
                tp = doc.add_paragraph()
                tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                tp.paragraph_format.keep_with_next = True
                tp.add_run(box.heading).bold = True
                rows = [[it["cells"].get(c, "") for c in box.columns] for it in box.items]
                styled_table(doc, box.columns, rows, merge_runs(box), box.columns, text_width)
                if box.note:
                    np_ = doc.add_paragraph()
                    r = np_.add_run(box.note)
                    r.font.size = Pt(9)
            doc.add_paragraph()   # breathing space after a box, as Word users do
        else:
            raise AssertionError(kind)
    doc.save(out)


# ---------------------------------------------------------------------------
# 3. docx-numbered
# ---------------------------------------------------------------------------

W = nsdecls("w")


def rpr_xml(bold=False, size=None, east=None, ascii_font=None) -> str:
    parts = []
    if east or ascii_font:
        a = ascii_font or "Times New Roman"
        parts.append(f'<w:rFonts w:ascii="{a}" w:hAnsi="{a}"'
                     + (f' w:eastAsia="{east}"' if east else "") + "/>")
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if size:
        parts.append(f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def p_xml(text: str, *, num=None, bdr=False, shd=None, jc=None, first_line=None,
          bold=False, size=None, east=None, spacing=None, keep_next=False) -> str:
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if num:
        ppr.append(f'<w:numPr><w:ilvl w:val="{num[0]}"/><w:numId w:val="{num[1]}"/></w:numPr>')
    if bdr:
        line = 'w:val="single" w:sz="8" w:space="4" w:color="5B7BA6"'
        ppr.append(f"<w:pBdr><w:top {line}/><w:left {line}/><w:bottom {line}/>"
                   f"<w:right {line}/></w:pBdr>")
    if shd:
        ppr.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shd}"/>')
    if spacing:
        ppr.append(f'<w:spacing w:before="{spacing[0]}" w:after="{spacing[1]}"/>')
    if first_line is not None:
        ppr.append(f'<w:ind w:firstLine="{first_line}"/>' if not bdr else
                   f'<w:ind w:left="284" w:right="284" w:firstLine="{first_line}"/>')
    elif bdr:
        ppr.append('<w:ind w:left="284" w:right="284"/>')
    if jc:
        ppr.append(f'<w:jc w:val="{jc}"/>')
    run = (f'<w:r>{rpr_xml(bold, size, east)}<w:t xml:space="preserve">{xesc(text)}</w:t></w:r>'
           if text else "")
    return f'<w:p {W}><w:pPr>{"".join(ppr)}</w:pPr>{run}</w:p>'


def tbl_xml(rows: list[list[dict]], widths: list[int], header_rows: int) -> str:
    """rows of cells {text, span, vmerge (None|'restart'|'continue'), bold, shd, jc}."""
    border = 'w:val="single" w:sz="6" w:space="0" w:color="000000"'
    out = [f'<w:tbl {W}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/>'
           f'<w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders>'
           f'<w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
           f'</w:tblCellMar><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    out.append("</w:tblGrid>")
    for ri, row in enumerate(rows):
        out.append("<w:tr>")
        if ri < header_rows:
            out.append("<w:trPr><w:tblHeader/></w:trPr>")
        col = 0
        for c in row:
            span = c.get("span", 1)
            wd = sum(widths[col:col + span])
            col += span
            tcpr = f'<w:tcW w:w="{wd}" w:type="dxa"/>'
            if span > 1:
                tcpr += f'<w:gridSpan w:val="{span}"/>'
            if c.get("vmerge") == "restart":
                tcpr += '<w:vMerge w:val="restart"/>'
            elif c.get("vmerge") == "continue":
                tcpr += "<w:vMerge/>"
            if c.get("shd"):
                tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{c["shd"]}"/>'
            tcpr += '<w:vAlign w:val="center"/>'
            text = "" if c.get("vmerge") == "continue" else c.get("text", "")
            para = (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="300" '
                    f'w:lineRule="auto"/><w:jc w:val="{c.get("jc", "left")}"/></w:pPr>'
                    + (f'<w:r>{rpr_xml(c.get("bold"), 10.5 if not c.get("size") else c["size"])}'
                       f'<w:t xml:space="preserve">{xesc(text)}</w:t></w:r>' if text else "")
                    + "</w:p>")
            out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{para}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out).replace('w:val="10.5"', 'w:val="21"')


def level_plan(plan: Plan):
    """Decide the list levels, restart policy and which headings get automatic numbers.

    Returns (families by ilvl, restart flags by ilvl, per-section decision) where the
    decision is None (literal label) or (ilvl, instance_no); instances is a list of
    start values per ilvl, one list instance (abstractNum + num) each.
    """
    fam: dict[int, str] = {}
    for s in plan.sections:
        f = fam.setdefault(s.level - 1, s.family)
        if f != s.family:
            raise SystemExit(f"{plan.id}: level {s.level} mixes {f} and {s.family}")
    nlev = max(fam) + 1
    # restart policy per level: does the first child under a new parent restart at 1?
    restart = [True] * nlev
    for k in range(1, nlev):
        votes_restart = votes_continue = 0
        last_val = None
        new_parent = False
        for s in plan.sections:
            if s.level - 1 < k:
                new_parent = True
            elif s.level - 1 == k:
                v = label_value(s.label)
                if new_parent and last_val is not None:
                    if v == 1:
                        votes_restart += 1
                    elif v == last_val + 1:
                        votes_continue += 1
                last_val = v
                new_parent = False
        restart[k] = votes_restart >= votes_continue
    # logical numbering over the store's headings: which ones are in sequence?
    by_id = {s.id: s for s in plan.sections}
    literal: dict[str, bool] = {}
    last = [0] * nlev
    prev_sibling_literal: dict[tuple[str | None, int], bool] = {}
    for s in plan.sections:
        k = s.level - 1
        expected = last[k] + 1
        v = label_value(s.label)
        lit = s.inferred or v != expected
        if k > 0:
            parent_lit = literal.get(s.parent_id, False) if s.parent_id in by_id else False
            lit = lit or (parent_lit and restart[k]) or prev_sibling_literal.get((s.parent_id, k), False)
        literal[s.id] = lit
        if k > 0:
            prev_sibling_literal[(s.parent_id, k)] = prev_sibling_literal.get((s.parent_id, k), False) or lit
        last[k] = v
        for j in range(k + 1, nlev):
            if restart[j]:
                last[j] = 0
    # Word's own counting over the numbered paragraphs; open a new list instance
    # (a fresh abstractNum with start values) where Word would drift from the labels
    instances: list[list[int]] = [[1] * nlev]
    decisions: dict[str, tuple[int, int] | None] = {}
    counters: list[int | None] = [None] * nlev
    for s in plan.sections:
        k = s.level - 1
        if literal[s.id]:
            decisions[s.id] = None
            continue
        v = label_value(s.label)
        shown = instances[-1][k] if counters[k] is None else counters[k] + 1
        if shown != v:
            if k == 0:
                instances.append([1] * nlev)
                instances[-1][0] = v
                counters = [None] * nlev
                shown = v
            else:
                decisions[s.id] = None
                literal[s.id] = True
                continue
        counters[k] = shown
        for j in range(k + 1, nlev):
            if restart[j]:
                counters[j] = None
        decisions[s.id] = (k, len(instances) - 1)
    return fam, restart, instances, decisions


def lvl_xml(ilvl: int, family: str | None, start: int, restart: bool) -> str:
    if family is None:
        text, fmt, suff = f"%{ilvl + 1}.", "decimal", "nothing"
    else:
        text, fmt, suff = FAMILY_FMT[family]
        text = text.replace("%N", f"%{ilvl + 1}")
    lr = "" if restart else '<w:lvlRestart w:val="0"/>'
    jc = "left"
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{lr}'
            f'<w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="{jc}"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:lvl>')


def install_numbering(doc, fam, restart, instances) -> list[int]:
    """Add one abstractNum + num per list instance; return the numIds."""
    numbering = doc.part.numbering_part.element
    abs_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    next_abs, next_num = max(abs_ids, default=-1) + 1, max(num_ids, default=0) + 1
    last_abs = numbering.findall(qn("w:abstractNum"))[-1] if abs_ids else None
    out = []
    for n, starts in enumerate(instances):
        levels = "".join(lvl_xml(i, fam.get(i), starts[i] if i < len(starts) else 1,
                                 restart[i] if i < len(restart) else True) for i in range(9))
        a = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{next_abs}"><w:nsid w:val="{0x5A3C0000 + n:08X}"/>'
                      f'<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="{0x1B2C0000 + n:08X}"/>'
                      f'{levels}</w:abstractNum>')
        if last_abs is not None:
            last_abs.addnext(a)
        else:
            numbering.insert(0, a)
        last_abs = a
        numbering.append(parse_xml(f'<w:num {W} w:numId="{next_num}"><w:abstractNumId w:val="{next_abs}"/></w:num>'))
        out.append(next_num)
        next_abs += 1
        next_num += 1
    return out


def make_docx_numbered(plan: Plan, out: Path) -> dict:
    doc = Document()
    cp = doc.core_properties
    cp.title, cp.author, cp.subject = plan.title, "PlanDesk fixtures", "docx-numbered"
    set_doc_lang(doc)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    text_width = int((210 - 54) / 25.4 * 1440)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = "Times New Roman"
    set_east_asian(normal, "仿宋_GB2312")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(28)
    # a plain page number footer (different from docx-styled)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fp.add_run("第 ")
    for r in page_field_runs():
        fp._p.append(r)
    fp.add_run(" 页")

    fam, restart, instances, decisions = level_plan(plan)
    num_ids = install_numbering(doc, fam, restart, instances)

    body = doc.element.body
    sect_pr = body[-1]
    assert sect_pr.tag == qn("w:sectPr")

    def put(xml: str):
        sect_pr.addprevious(parse_xml(xml))

    heading_east = {0: "黑体", 1: "楷体_GB2312", 2: "仿宋_GB2312"}
    heading_size = {0: 16, 1: 16, 2: 16}
    for b in blocks(plan):
        kind = b[0]
        if kind == "notice":
            jc = {"center": "center", "right": "right"}.get(b[2])
            put(p_xml(b[1], jc=jc, first_line=640 if b[2] is None else None,
                      size=22 if jc == "center" and "通知" in b[1] else None,
                      east="方正小标宋简体" if jc == "center" and "通知" in b[1] else None))
        elif kind == "title":
            put(p_xml("", spacing=(0, 0)))
            put(p_xml(b[1], jc="center", size=22, east="方正小标宋简体", spacing=(240, 240)))
        elif kind == "heading":
            s: Section = b[1]
            k = s.level - 1
            d = decisions[s.id]
            jc = "center" if fam[0] in ("篇", "章") and k == 0 else None
            first = None if jc else 640
            if d is None:
                put(p_xml(s.heading, bold=True, east=heading_east.get(k), size=heading_size.get(k),
                          jc=jc, first_line=first, keep_next=True, spacing=(120, 60)))
            else:
                put(p_xml(s.title, num=(k, num_ids[d[1]]), bold=True, east=heading_east.get(k),
                          size=heading_size.get(k), jc=jc, first_line=first, keep_next=True,
                          spacing=(120, 60)))
        elif kind == "para":
            put(p_xml(b[1], first_line=640))
        elif kind == "caption":
            put(p_xml(b[1], jc="center", bold=True, east="黑体", size=14, keep_next=True))
        elif kind == "table":
            header, rows = b[1], b[2]
            widths = col_weights([header] + rows, text_width, 700)
            trs = [[{"text": h, "bold": True, "jc": "center", "shd": "E7E6E6"} for h in header]]
            trs += [[{"text": v, "jc": "center" if len(v) < 8 else "left"} for v in r] for r in rows]
            put(tbl_xml(trs, widths, 1))
            put(p_xml(""))
        elif kind == "box":
            box: Box = b[1]
            if box.kind == "list":
                put(p_xml(box.heading, bdr=True, shd="EAF1FB", jc="center", bold=True,
                          east="黑体", size=14, keep_next=True))
                for it in box.items:
                    put(p_xml(it["text"], bdr=True, shd="EAF1FB", first_line=560, size=14))
                put(p_xml(""))
            else:
                cols = box.columns
                spans = merge_runs(box)
                rows = [[it["cells"].get(c, "") for c in cols] for it in box.items]
                widths = col_weights([cols] + rows, text_width, 700)
                n = len(cols)
                trs = [[{"text": box.heading, "span": n, "bold": True, "jc": "center", "shd": "D9E2F3"}],
                       [{"text": c, "bold": True, "jc": "center", "shd": "E7E6E6"} for c in cols]]
                for i, r in enumerate(rows):
                    row = []
                    for j, v in enumerate(r):
                        sp = spans[(i, cols[j])]
                        cell = {"text": v, "jc": "center" if len(v) < 8 else "left"}
                        if sp == 0:
                            cell["vmerge"] = "continue"
                        elif sp > 1:
                            cell["vmerge"] = "restart"
                        row.append(cell)
                    trs.append(row)
                if box.note:
                    trs.append([{"text": box.note, "span": n, "size": 9}])
                put(tbl_xml(trs, widths, 2))
                put(p_xml(""))
        else:
            raise AssertionError(kind)
    doc.save(out)
    n_auto = sum(1 for d in decisions.values() if d is not None)
    return {"auto": n_auto, "auto_ids": {k for k, d in decisions.items() if d is not None}, "literal": [s.label for s in plan.sections if decisions[s.id] is None],
            "instances": len(instances), "restart": restart}


def word_numbers(docx_path: Path) -> list[str]:
    """Recompute, from the saved file's XML alone, the label Word shows on each numbered
    paragraph (per-abstractNum counters, w:start, w:lvlRestart), for the self-check."""
    import zipfile
    from lxml import etree
    z = zipfile.ZipFile(docx_path)
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    num = etree.fromstring(z.read("word/numbering.xml"))
    absmap = {}
    for a in num.findall("w:abstractNum", ns):
        lv = {}
        for l in a.findall("w:lvl", ns):
            i = int(l.get(qn("w:ilvl")))
            lr = l.find("w:lvlRestart", ns)
            lv[i] = (int(l.find("w:start", ns).get(qn("w:val"))), l.find("w:numFmt", ns).get(qn("w:val")),
                     l.find("w:lvlText", ns).get(qn("w:val")),
                     None if lr is None else int(lr.get(qn("w:val"))))
        absmap[a.get(qn("w:abstractNumId"))] = lv
    nummap = {n.get(qn("w:numId")): n.find("w:abstractNumId", ns).get(qn("w:val"))
              for n in num.findall("w:num", ns)}
    body = etree.fromstring(z.read("word/document.xml"))
    counters: dict[str, dict[int, int]] = {}
    shown = []
    cn = "零一二三四五六七八九"

    def chinese(n):
        if n < 10:
            return cn[n]
        t, o = divmod(n, 10)
        return ("" if t == 1 else cn[t]) + "十" + (cn[o] if o else "")
    for p in body.iter(qn("w:p")):
        npr = p.find("w:pPr/w:numPr", ns)
        if npr is None:
            continue
        ilvl = int(npr.find("w:ilvl", ns).get(qn("w:val")))
        aid = nummap[npr.find("w:numId", ns).get(qn("w:val"))]
        lv = absmap[aid]
        c = counters.setdefault(aid, {})
        c[ilvl] = c[ilvl] + 1 if ilvl in c else lv[ilvl][0]
        for j in list(c):
            if j > ilvl:
                rs = lv[j][3]
                if rs is None or (rs != 0 and ilvl < rs):
                    del c[j]
        text = lv[ilvl][2]
        for j in range(ilvl + 1):
            val = c.get(j, lv[j][0])
            val_s = chinese(val) if lv[j][1] == "chineseCounting" else str(val)
            text = text.replace(f"%{j + 1}", val_s)
        title = "".join(t.text or "" for t in p.iter(qn("w:t")))
        shown.append((text, title))
    return shown


# ---------------------------------------------------------------------------
# 4. html-gov
# ---------------------------------------------------------------------------

HTML_VARIANTS = {
    # stem prefix -> (tag per level, wrap in TRS_Editor, leading ideographic spaces)
    "000": ({1: "h2", 2: "pstrong"}, False, False),
    "001": ({1: "pstrong", 2: "h3"}, True, True),
    "002": ({1: "h2", 2: "h3", 3: "pstrong"}, False, False),
    "003": ({1: "h3", 2: "pstrong"}, True, False),
    "004": ({1: "h2", 2: "pstrong", 3: "h4"}, False, True),
}

GOV_CSS = """
body{margin:0;font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Droid Sans Fallback",sans-serif;color:#333;background:#f4f4f4}
@page{size:A4;margin:16mm 14mm}
.top-bar{background:#b50f0f;color:#fff;font-size:12px;padding:4px 20px}
header .logo{font-size:30px;font-weight:bold;color:#b50f0f;padding:14px 20px;background:#fff}
nav ul{list-style:none;margin:0;padding:0 20px;background:#c81c1c;display:flex}
nav li{padding:8px 16px;font-size:15px}
nav a{color:#fff;text-decoration:none}
.wrap{width:1000px;max-width:100%;margin:0 auto;background:#fff;padding:10px 30px 30px;box-sizing:border-box}
.breadcrumb{font-size:13px;color:#666;border-bottom:1px solid #ddd;padding:8px 0}
.zwxx{width:100%;border-collapse:collapse;font-size:13px;margin:12px 0;background:#f9f9f9}
.zwxx td{border:1px solid #ddd;padding:5px 8px}
.share{font-size:12px;color:#888;text-align:right;margin:6px 0}
.info{font-size:13px;color:#888;text-align:center;border-bottom:1px dashed #ccc;padding-bottom:8px}
.article-content{font-size:16px;line-height:1.9}
.article-content h1{font-size:24px;text-align:center;color:#b50f0f;margin:18px 0}
.article-content h2{font-size:19px;text-align:center;margin:20px 0 10px}
.article-content h3,.article-content h4{font-size:17px;margin:14px 0 6px}
.article-content p{margin:6px 0;text-indent:2em}
.article-content p.notice{text-indent:0}
.article-content p.center{text-align:center;text-indent:0}
.article-content p.right{text-align:right;text-indent:0;padding-right:2em}
.box{border:1px solid #5b7ba6;background:#f3f7fc;margin:14px 30px;padding:8px 16px}
.box p.box-title{text-align:center;text-indent:0;font-weight:bold}
.box p.box-note{font-size:13px;text-indent:0}
table.data{border-collapse:collapse;margin:10px auto;font-size:14px;width:100%}
table.data th,table.data td{border:1px solid #666;padding:4px 6px;line-height:1.5}
table.data th{background:#eee}
table.data caption{font-weight:bold;padding:6px}
.tools{font-size:13px;color:#555;text-align:right;margin-top:20px}
footer{background:#8c1010;color:#eee;font-size:12px;text-align:center;padding:16px;line-height:2}
"""


def table_html(header, rows, spans=None, columns=None, caption=None, cls="data") -> list[str]:
    out = [f'<table class="{cls}" border="1" cellspacing="0" cellpadding="0">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr></thead>")
    out.append("<tbody>")
    for i, r in enumerate(rows):
        tds = []
        for j, v in enumerate(r):
            n = spans.get((i, columns[j]), 1) if spans else 1
            if n == 0:
                continue
            rs = f' rowspan="{n}"' if n > 1 else ""
            tds.append(f"<td{rs}>{html.escape(v)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return out


def make_html(plan: Plan, out: Path):
    key = plan.stem[:3]
    tags, trs_editor, lead_spaces = HTML_VARIANTS[key]
    gb = key == "003"
    charset = "gb2312" if gb else "utf-8"
    e = html.escape
    page_title = f"{plan.title}_政策文件_重庆市人民政府网"
    L = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>",
         f'<meta charset="{charset}">' if not gb else
         f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
         '<meta name="viewport" content="width=device-width, initial-scale=1">',
         f'<meta name="ArticleTitle" content="{e(plan.title)}">',
         '<meta name="SiteName" content="重庆市人民政府网">',
         f'<meta name="ColumnName" content="政策文件">']
    if plan.issued_date:
        L.append(f'<meta name="PubDate" content="{plan.issued_date}">')
    if plan.issuer:
        L.append(f'<meta name="ContentSource" content="{e(plan.issuer)}">')
    L += [f"<title>{e(page_title)}</title>", f"<style>{GOV_CSS}</style>", "</head>", "<body>",
          '<div class="top-bar">欢迎访问重庆市人民政府网　｜　无障碍　｜　长者模式　｜　English</div>',
          "<header>", '<div class="logo">重庆市人民政府</div>', "<nav><ul>"]
    L += [f'<li><a href="#">{x}</a></li>' for x in ("首页", "政务公开", "政策文件", "政务服务", "互动交流", "走进重庆")]
    L += ["</ul></nav>", "</header>", '<div class="wrap">',
          f'<div class="breadcrumb">当前位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> &gt; '
          f'<a href="#">政策文件</a> &gt; {"市政府文件" if plan.doc_number else "规划计划"}</div>']
    if plan.doc_number:
        L += ['<table class="zwxx"><tbody>',
              f"<tr><td>发文机关：</td><td>{e(plan.issuer or '')}</td><td>发文字号：</td><td>{e(plan.doc_number)}</td></tr>",
              f"<tr><td>标　　题：</td><td colspan=\"3\">{e(plan.title)}</td></tr>",
              f"<tr><td>成文日期：</td><td>{e(plan.issued_date or '')}</td><td>主题分类：</td><td>综合政务</td></tr>",
              "</tbody></table>"]
    L.append('<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>')
    info = []
    if plan.issued_date:
        info.append(f"发布日期：{plan.issued_date}")
    info.append(f"来源：{e(plan.issuer or '重庆市人民政府网')}")
    info.append('字号：<a href="#" onclick="setFont(20)">大</a> <a href="#" onclick="setFont(16)">中</a> '
                '<a href="#" onclick="setFont(14)">小</a>')
    info.append('<a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a>')
    L.append('<div class="info">' + "　".join(info) + "</div>")
    L.append('<div class="article-content" id="zoom">')
    if trs_editor:
        L.append('<div class="TRS_Editor">')
    lead = IDEO_SPACE * 2 if lead_spaces else ""
    for b in blocks(plan):
        kind = b[0]
        if kind == "notice":
            cls = {"center": ' class="center"', "right": ' class="right"', "left": ' class="notice"'}.get(b[2], "")
            L.append(f"<p{cls}>{e(b[1])}</p>")
        elif kind == "title":
            L.append(f"<h1>{e(b[1])}</h1>")
        elif kind == "para":
            L.append(f"<p>{lead}{e(b[1])}</p>")
        elif kind == "heading":
            s: Section = b[1]
            tag = tags.get(s.level, "pstrong")
            if tag == "pstrong":
                L.append(f"<p><strong>{e(s.heading)}</strong></p>")
            else:
                L.append(f"<{tag}>{e(s.heading)}</{tag}>")
        elif kind == "caption":
            L.append(f'<p class="center"><strong>{e(b[1])}</strong></p>')
        elif kind == "table":
            L += table_html(b[1], b[2])
        elif kind == "box":
            box: Box = b[1]
            if box.kind == "list":
                L.append('<div class="box">')
                L.append(f'<p class="box-title">{e(box.heading)}</p>')
                L += [f"<p>{e(it['text'])}</p>" for it in box.items]
                L.append("</div>")
            else:
                rows = [[it["cells"].get(c, "") for c in box.columns] for it in box.items]
                L += table_html(box.columns, rows, merge_runs(box), box.columns, caption=box.heading)
                if box.note:
                    L.append(f'<p class="notice" style="font-size:13px">{e(box.note)}</p>')
    if trs_editor:
        L.append("</div>")
    L.append("</div>")
    L.append('<div class="tools">【<a href="javascript:window.print()">打印本页</a>】'
             '【<a href="javascript:window.close()">关闭窗口</a>】</div>')
    L += ["</div>", "<footer>",
          "<div>主办单位：重庆市人民政府办公厅　承办：重庆市大数据应用发展管理局</div>",
          "<div>网站标识码：5000000095　渝ICP备05003300号　渝公网安备 50010302000220号</div>",
          '<div><a href="#">联系我们</a>　｜　<a href="#">网站地图</a>　｜　<a href="#">隐私声明</a></div>',
          "</footer>",
          "<script>",
          "function setFont(px){var z=document.getElementById('zoom');if(z){z.style.fontSize=px+'px';}return false;}",
          "var _hmt=_hmt||[];(function(){var hm=document.createElement('script');hm.async=true;",
          "hm.src='about:blank';var s=document.getElementsByTagName('script')[0];s.parentNode.insertBefore(hm,s);})();",
          "</script>", "</body>", "</html>"]
    text = "\n".join(L) + "\n"
    out.write_bytes(text.encode("gb18030" if gb else "utf-8"))


# ---------------------------------------------------------------------------
# 5. PDFs
# ---------------------------------------------------------------------------

def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def make_pdf_lo(docx_dir: Path, out_dir: Path, files: list[Path]):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: install LibreOffice")
    with tempfile.TemporaryDirectory(prefix="conv-lo-") as prof:
        r = run([soffice, f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(out_dir)] + [str(f) for f in files], timeout=600)
    if r.returncode != 0:
        raise SystemExit(f"soffice failed: {r.stderr}")


def make_pdf_chrome(html_files: list[Path], out_dir: Path) -> bool:
    chrome = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chrome:
        print("  chromium not installed: pdf-chrome/ skipped")
        return False
    with tempfile.TemporaryDirectory(prefix="conv-chrome-") as prof:
        for f in html_files:
            out = out_dir / (f.stem + ".pdf")
            r = run([chrome, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                     f"--user-data-dir={prof}", "--run-all-compositor-stages-before-draw",
                     f"--print-to-pdf={out}", f.resolve().as_uri()], timeout=300)
            if not out.exists() or out.stat().st_size == 0:
                raise SystemExit(f"chromium failed on {f}: {r.stderr[-2000:]}")
    return True


# ---------------------------------------------------------------------------
# 6. Checks: read every output back and compare it with the store
# ---------------------------------------------------------------------------

def key_texts(plan: Plan) -> tuple[list[str], list[str]]:
    """(headings as printed, every body/box paragraph and table cell text) from the store."""
    heads, texts = [], []
    for b in blocks(plan):
        if b[0] == "heading":
            heads.append(b[1].heading)
        elif b[0] in ("para", "caption", "notice", "title"):
            texts.append(b[1])
        elif b[0] == "table":
            texts += b[1] + [c for r in b[2] for c in r]
        elif b[0] == "box":
            box = b[1]
            texts.append(box.heading)
            if box.kind == "list":
                texts += [it["text"] for it in box.items]
            else:
                texts += box.columns + [v for it in box.items for v in it["cells"].values()]
    return heads, texts


def docx_paragraph_texts(path: Path) -> tuple[list[str], "etree._Element"]:
    import zipfile
    from lxml import etree
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for p in root.iter(qn("w:p")):
        out.append("".join(t.text or "" for t in p.iter(qn("w:t"))))   # w:delText is not w:t
    return out, root


def check_outputs(plans: list[Plan], dirs: dict[str, Path], chrome: bool) -> list[str]:
    import zipfile
    from html.parser import HTMLParser
    report = []
    for plan in plans:
        heads, texts = key_texts(plan)
        n_list = sum(len([b for b in s.boxes if b.kind == "list"]) for s in plan.sections)
        n_tbox = sum(len([b for b in s.boxes if b.kind == "table"]) for s in plan.sections)
        n_ind = sum(1 for b in blocks(plan) if b[0] == "table")
        n_merge = sum(1 for s in plan.sections for b in s.boxes if b.kind == "table"
                      for n in merge_runs(b).values() if n > 1)
        # docx-styled ------------------------------------------------------
        f = dirs["docx-styled"] / f"{plan.stem}.docx"
        d = Document(f)
        paras, root = docx_paragraph_texts(f)
        pset = set(paras)
        missing = [t for t in heads + texts if t not in pset]
        if missing:
            raise SystemExit(f"{f.name} (styled): {len(missing)} key texts missing, e.g. {missing[:2]}")
        hstyles = [p for p in d.paragraphs if p.style.name.startswith("Heading")]
        assert [p.text for p in hstyles] == heads, f"{f.name}: headings differ"
        assert len(d.tables) == n_list + n_tbox + n_ind, (f.name, len(d.tables))
        xml = zipfile.ZipFile(f).read("word/document.xml").decode()
        restarts = xml.count('<w:vMerge w:val="restart"/>')
        assert restarts == n_merge, (f.name, restarts, n_merge)
        for box in (b for s in plan.sections for b in s.boxes if b.kind == "table"):
            for (i, c), n in merge_runs(box).items():
                if n > 1:   # the shared text appears once in the saved table
                    v = box.items[i]["cells"][c]
                    assert xml.count(xesc(v)) == 1, (f.name, v[:20])
        names = zipfile.ZipFile(f).namelist()
        assert "word/comments.xml" in names and "<w:del " in xml and "<w:ins " in xml
        assert xml.count("<w:bookmarkStart") >= 3
        footer = "".join(zipfile.ZipFile(f).read(n).decode() for n in names if n.startswith("word/footer"))
        header = "".join(zipfile.ZipFile(f).read(n).decode() for n in names if n.startswith("word/header"))
        assert " PAGE " in footer and xesc(plan.title) in header
        report.append(f"docx-styled/{f.name}: {len(d.paragraphs)} paragraphs, {len(d.tables)} tables "
                      f"({n_list} list boxes, {n_tbox} table boxes, {n_ind} indicator), "
                      f"{restarts} vertical merges")
        # docx-numbered ----------------------------------------------------
        f = dirs["docx-numbered"] / f"{plan.stem}.docx"
        d = Document(f)
        paras, root = docx_paragraph_texts(f)
        pset = set(paras)
        bodies = [t for t in texts]
        missing = [t for t in bodies if t not in pset]
        if missing:
            raise SystemExit(f"{f.name} (numbered): {len(missing)} key texts missing, e.g. {missing[:2]}")
        assert not any(p.style.name.startswith("Heading") for p in d.paragraphs)
        xml = zipfile.ZipFile(f).read("word/document.xml").decode()
        n_num = xml.count("<w:numPr>")
        shown = word_numbers(f)
        lit = [h for h in heads if h in pset]
        assert len(shown) + len(lit) == len(heads), (f.name, len(shown), len(lit), len(heads))
        n_bdr = xml.count("<w:pBdr>")
        assert n_bdr == sum(1 + len(b.items) for s in plan.sections for b in s.boxes if b.kind == "list")
        assert len(d.tables) == n_tbox + n_ind
        vm = xml.count('<w:vMerge w:val="restart"/>')
        assert vm == n_merge and (n_tbox == 0 or "<w:gridSpan" in xml)
        report.append(f"docx-numbered/{f.name}: {len(d.paragraphs)} paragraphs, {n_num} auto-numbered "
                      f"headings + {len(lit)} literal, {n_bdr} framed box paragraphs, {len(d.tables)} "
                      f"tables, {vm} vMerge runs")
        # html-gov ---------------------------------------------------------
        f = dirs["html-gov"] / f"{plan.stem}.html"
        raw = f.read_bytes()
        m = re.search(rb'charset=["\']?([\w-]+)', raw[:2000])
        enc = m.group(1).decode()
        text = raw.decode("gb18030" if enc.lower() in ("gb2312", "gbk", "gb18030") else enc)

        class Collect(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.chunks, self.stack = [], []
                self.cur = []

            def handle_starttag(self, tag, attrs):
                if tag in ("p", "h1", "h2", "h3", "h4", "td", "th", "caption", "div", "li"):
                    self.flush()

            def handle_endtag(self, tag):
                if tag in ("p", "h1", "h2", "h3", "h4", "td", "th", "caption", "div", "li"):
                    self.flush()

            def handle_data(self, data):
                self.cur.append(data)

            def flush(self):
                t = "".join(self.cur).strip()
                if t:
                    self.chunks.append(t)
                self.cur = []
        c = Collect()
        c.feed(text)
        c.flush()
        cset = set(c.chunks)
        missing = [t for t in heads + texts if t not in cset]
        if missing:
            raise SystemExit(f"{f.name} (html): {len(missing)} key texts missing, e.g. {missing[:2]}")
        report.append(f"html-gov/{f.name}: {enc}, {len(c.chunks)} text blocks, "
                      f"{text.count('<table')} tables, {text.count('rowspan=')} rowspans")
        # PDFs -------------------------------------------------------------
        for k in ("pdf-lo", "pdf-chrome"):
            if k == "pdf-chrome" and not chrome:
                continue
            f = dirs[k] / f"{plan.stem}.pdf"
            if not f.exists():
                continue
            r = run(["pdftotext", "-layout", str(f), "-"])
            out = r.stdout
            cjk = sum(1 for ch in out if "\u4e00" <= ch <= "\u9fff")
            flat = re.sub(r"\s+", "", out)
            found = sum(1 for t in heads if re.sub(r"\s+", "", t) in flat)
            info = run(["pdfinfo", str(f)]).stdout
            pages = re.search(r"Pages:\s+(\d+)", info).group(1)
            assert cjk > 1000 and found == len(heads), (f.name, cjk, found)
            report.append(f"{k}/{f.name}: {pages} pages, {cjk} CJK characters extracted, "
                          f"{found}/{len(heads)} headings found verbatim in pdftotext output")
    return report


# ---------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("/tmp/conv-data"),
                    help="data dir holding plans.sqlite (built with plandesk if missing)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the store first")
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--no-pdf", action="store_true", help="skip both PDF folders")
    ap.add_argument("--no-chrome", action="store_true", help="skip pdf-chrome/")
    args = ap.parse_args(argv)
    t0 = time.time()
    db = args.data / "plans.sqlite"
    if args.rebuild or not db.exists():
        print(f"building the store: {PLANDESK} build --data {args.data}")
        r = run([str(PLANDESK), "build", "--data", str(args.data)])
        if r.returncode != 0:
            raise SystemExit(r.stderr)
    plans = load_plans(db)
    dirs = {k: args.out / k for k in ("docx-styled", "docx-numbered", "html-gov", "pdf-lo", "pdf-chrome")}
    for k, d in dirs.items():
        if d.exists():
            shutil.rmtree(d)
        if args.no_pdf and k.startswith("pdf"):
            continue
        if args.no_chrome and k == "pdf-chrome":
            continue
        d.mkdir(parents=True)
    styled = []
    htmls = []
    for plan in plans:
        f = dirs["docx-styled"] / f"{plan.stem}.docx"
        make_docx_styled(plan, f)
        styled.append(f)
        info = make_docx_numbered(plan, dirs["docx-numbered"] / f"{plan.stem}.docx")
        # self-check: the labels Word shows on the numbered paragraphs equal the store's
        shown = word_numbers(dirs["docx-numbered"] / f"{plan.stem}.docx")
        want = [(s.label, s.title) for s in plan.sections if s.id in info["auto_ids"]]
        if shown != want:
            bad = [(a, b) for a, b in zip(shown, want) if a != b][:5]
            raise SystemExit(f"{plan.stem}: automatic numbering drifts from the labels: {bad}")
        h = dirs["html-gov"] / f"{plan.stem}.html"
        make_html(plan, h)
        htmls.append(h)
        print(f"  {plan.stem}: {len(plan.sections)} headings, numbered docx: {info['auto']} automatic, "
              f"literal {info['literal'] or 'none'}, {info['instances']} list instance(s), "
              f"restart by level {info['restart']}; Word-shown labels checked: {len(shown)}")
    if not args.no_pdf:
        make_pdf_lo(dirs["docx-styled"], dirs["pdf-lo"], styled)
        if not args.no_chrome:
            if not make_pdf_chrome(htmls, dirs["pdf-chrome"]):
                dirs["pdf-chrome"].rmdir()
    t1 = time.time()
    chrome = dirs["pdf-chrome"].exists()
    for line in check_outputs(plans, dirs, chrome):
        print("  ok " + line)
    print(f"generated in {t1 - t0:.1f} s, checked in {time.time() - t1:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
