#!/usr/bin/env python
"""Round two of the conversion fixtures: the five plans as written by OTHER producers.

A by-hand developer script, like make_conversions.py (whose store-reading helpers it
imports). Everything is generated from a content store built from the bundled texts in
resources/corpus/, so the answer key of every file is that store:

    /work/main/.venv/bin/plandesk build --data /tmp/r2-key
    /work/main/.venv/bin/python -m tests.conversions.make_round2 --data /tmp/r2-key

Outputs (next to this script, one file per plan, named by the corpus stem):

    lo-odt/          LibreOffice-written .docx: a flat ODT (outline numbering 第一章/一、/（一）,
                     a numbered list, 专栏 in frames, a TOC) converted by soffice
    docx-textbox/    Word-style .docx: numbering carried by the Heading styles, 专栏 as text
                     boxes (mc:AlternateContent, wps + VML fallback), a hyperlinked TOC field
    html-trs/        TRS editor pages (div.TRS_Editor/trs_editor_view, 专栏 as tables whose first
                     row is the title, list items as <p>/<br> in one cell, a 备注 row)
    html-zoom-gbk/   #zoom pages in GBK (<meta charset=gbk>) with site chrome; one in an ASP.NET <form>
    pdf-gongwen/     公文 layout from a flat ODT printed by LibreOffice (28 chars x 22 lines, running
                     title header on alternating sides, 「— 1 —」, shaded unruled 专栏, a two-column
                     table page)
    pdf-web/         html-trs/ printed by Chromium WITH its default header/footer (date, title, URL)
    txt-paste/       text copied from the web pages into Notepad (tabs, 　　 indents); some GB18030+CRLF
    txt-paste-word/  the same with tables copied from Word (one cell per line, blank line between rows)
    docx-notice/     .docx led by the 印发通知 with its own title; the plan's title follows (001-004)

See README.md beside this script (section "Round two").
"""

from __future__ import annotations

import argparse
import html
import http.server
import re
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape as xesc

from tests.conversions.make_conversions import (  # the store-reading helpers of round one
    IDEO_SPACE, Box, Plan, Section, label_value, level_plan, load_plans,
    merge_runs, notice_layout, parse_md_table, split_paras,
)

HERE = Path(__file__).resolve().parent

PLANDESK = Path("/work/main/.venv/bin/plandesk")
FOLDERS = ("lo-odt", "docx-textbox", "html-trs", "html-zoom-gbk", "pdf-gongwen", "pdf-web",
           "txt-paste", "txt-paste-word", "docx-notice")
SEP = {"篇": IDEO_SPACE, "章": IDEO_SPACE, "节": IDEO_SPACE}


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def tool(*names: str) -> str | None:
    """The first of these programs found on PATH (this by-hand script needs LibreOffice,
    Chromium and poppler-utils; see README.md, Round two)."""
    return next((p for p in map(shutil.which, names) if p), None)


# ---------------------------------------------------------------------------
# 1. Blocks in reading order (round one's blocks(), plus a table whose caption sits in
#    the same paragraph of sections.text: 004's 表2-1)
# ---------------------------------------------------------------------------

def blocks(plan: Plan) -> list[tuple]:
    """("notice", text, align) ("title", text) ("para", text) ("heading", Section)
    ("caption", text) ("table", header, rows) ("box", Box)"""
    out: list[tuple] = [("notice", ln, al) for ln, al in zip(plan.notice, notice_layout(plan.notice))]
    out.append(("title", plan.title))
    out += [("para", p) for p in plan.preamble]
    for s in plan.sections:
        out.append(("heading", s))
        for p in split_paras(s.text):
            lines = p.splitlines()
            k = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("|")), None)
            if k is None:
                out.append(("para", p))
                continue
            end = k
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            cap = "".join(x.strip() for x in lines[:k])
            if cap:
                out.append(("caption", cap))
            elif out and out[-1][0] == "para":
                out[-1] = ("caption", out[-1][1])
            header, rows = parse_md_table("\n".join(lines[k:end]))
            out.append(("table", header, rows))
            rest = "\n".join(lines[end:]).strip()
            if rest:
                out.append(("para", rest))
        for b in s.boxes:
            out.append(("box", b))
    return out


def heading_text(s: Section, sep: str | None = None) -> str:
    """The heading as printed: 第三章　标题 (or the given separator), 一、标题, （一）标题, 1.标题."""
    if s.family in SEP or s.label.startswith("第"):
        return f"{s.label}{IDEO_SPACE if sep is None else sep}{s.title}"
    return f"{s.label}{s.title}"


def box_heading(b: Box, sep: str = IDEO_SPACE) -> str:
    return f"{b.label}{sep}{b.title}"


def table_rows(box: Box) -> list[list[str]]:
    return [[it["cells"].get(c, "") for c in box.columns] for it in box.items]


def key_texts(plan: Plan) -> tuple[list[str], list[str]]:
    """(headings as printed, every other text unit) the outputs must contain."""
    heads, texts = [], []
    for b in blocks(plan):
        if b[0] == "heading":
            heads.append(heading_text(b[1]))
        elif b[0] in ("para", "caption", "notice", "title"):
            texts.append(b[1])
        elif b[0] == "table":
            texts += b[1] + [c for r in b[2] for c in r]
        elif b[0] == "box":
            box = b[1]
            texts += [box.label, box.title]
            if box.kind == "list":
                texts += [it["text"] for it in box.items]
            else:
                texts += box.columns + [v for it in box.items for v in it["cells"].values()]
                if box.note:
                    texts.append(box.note)
    return heads, texts


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def cn_num(n: int) -> str:
    d = "零一二三四五六七八九"
    if n < 10:
        return d[n]
    t, o = divmod(n, 10)
    return ("" if t == 1 else d[t]) + "十" + (d[o] if o else "")


def page_estimate(chars_before: int, chars_per_page: int = 560, first: int = 3) -> int:
    return first + chars_before // chars_per_page


# ---------------------------------------------------------------------------
# 2. lo-odt: a flat ODT written here, converted to .docx by LibreOffice
# ---------------------------------------------------------------------------

ODF_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
}

# family -> (prefix, suffix, ODF num-format, label followed by)
ODF_FAMILY = {
    "篇": ("第", "篇", "一, 二, 三, ...", "space"),
    "章": ("第", "章", "一, 二, 三, ...", "space"),
    "节": ("第", "节", "一, 二, 三, ...", "space"),
    "一、": ("", "、", "一, 二, 三, ...", "nothing"),
    "（一）": ("（", "）", "一, 二, 三, ...", "nothing"),
    "1.": ("", ".", "1", "nothing"),
}

ODT_FONTS = """<office:font-face-decls>
 <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'" style:font-family-generic="roman"/>
 <style:font-face style:name="Noto Sans CJK SC" svg:font-family="'Noto Sans CJK SC'" style:font-family-generic="swiss"/>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman"/>
</office:font-face-decls>"""


def odt_styles(fam: dict[int, str], title: str) -> str:
    levels = []
    for i in range(1, 4):
        f = fam.get(i - 1)
        if f is None or f == "1.":     # 1. headings are a numbered list (see lo_body)
            continue
        pre, suf, fmt, follow = ODF_FAMILY[f]
        levels.append(
            f'<text:outline-level-style text:level="{i}" style:num-prefix="{pre}" style:num-suffix="{suf}" '
            f'style:num-format="{fmt}"><style:list-level-properties '
            f'text:list-level-position-and-space-mode="label-alignment">'
            f'<style:list-level-label-alignment text:label-followed-by="{follow}"/>'
            f'</style:list-level-properties></text:outline-level-style>')
    heading_props = {1: ("18pt", "center", "Noto Sans CJK SC", "bold"),
                     2: ("16pt", "start", "Noto Sans CJK SC", "bold"),
                     3: ("15pt", "start", "Noto Serif CJK SC", "bold")}
    hs = []
    for i, (size, align, font, weight) in heading_props.items():
        hs.append(
            f'<style:style style:name="Heading_20_{i}" style:display-name="Heading {i}" style:family="paragraph" '
            f'style:parent-style-name="Heading" style:next-style-name="Text_20_body" '
            f'style:default-outline-level="{i}" style:class="text">'
            f'<style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.2cm" fo:text-align="{align}" '
            f'fo:keep-with-next="always"/>'
            f'<style:text-properties fo:font-size="{size}" fo:font-weight="{weight}" style:font-name-asian="{font}" '
            f'style:font-size-asian="{size}" style:font-weight-asian="{weight}"/></style:style>')
    return f"""<office:styles>
 <style:default-style style:family="paragraph"><style:paragraph-properties style:writing-mode="page"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="12pt" fo:language="en" fo:country="US"
   style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="12pt" style:language-asian="zh" style:country-asian="CN"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text">
  <style:paragraph-properties fo:line-height="150%"/></style:style>
 <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text"/>
 <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
  <style:paragraph-properties fo:text-indent="0.85cm" fo:margin-bottom="0.1cm" fo:text-align="justify"/></style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:class="chapter">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.6cm" fo:margin-bottom="0.6cm"/>
  <style:text-properties fo:font-size="22pt" fo:font-weight="bold" style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="22pt" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="Notice" style:family="paragraph" style:parent-style-name="Standard" style:class="text"/>
 <style:style style:name="Frame_20_contents" style:display-name="Frame contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:line-height="130%"/><style:text-properties fo:font-size="11pt" style:font-size-asian="11pt"/></style:style>
 <style:style style:name="Box_20_Title" style:display-name="Box Title" style:family="paragraph" style:parent-style-name="Frame_20_contents" style:class="extra">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.15cm"/>
  <style:text-properties fo:font-weight="bold" style:font-name-asian="Noto Sans CJK SC" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="Caption" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="center" fo:keep-with-next="always"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:line-height="120%"/><style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt"/></style:style>
 <style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
  <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="Contents_20_Heading" style:display-name="Contents Heading" style:family="paragraph" style:parent-style-name="Heading" style:class="index">
  <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="16pt" fo:font-weight="bold" style:font-size-asian="16pt" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="Contents_20_1" style:display-name="Contents 1" style:family="paragraph" style:parent-style-name="Standard" style:class="index">
  <style:paragraph-properties><style:tab-stops><style:tab-stop style:position="16cm" style:type="right" style:leader-style="dotted" style:leader-text="."/></style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="Contents_20_2" style:display-name="Contents 2" style:family="paragraph" style:parent-style-name="Standard" style:class="index">
  <style:paragraph-properties fo:margin-left="0.5cm"><style:tab-stops><style:tab-stop style:position="15.5cm" style:type="right" style:leader-style="dotted" style:leader-text="."/></style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="Contents_20_3" style:display-name="Contents 3" style:family="paragraph" style:parent-style-name="Standard" style:class="index">
  <style:paragraph-properties fo:margin-left="1cm"><style:tab-stops><style:tab-stop style:position="15cm" style:type="right" style:leader-style="dotted" style:leader-text="."/></style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt"/></style:style>
 <style:style style:name="Index_20_Link" style:display-name="Index Link" style:family="text"/>
 {''.join(hs)}
 <style:style style:name="Frame" style:family="graphic">
  <style:graphic-properties svg:x="0cm" svg:y="0cm" style:wrap="none" style:vertical-pos="top" style:vertical-rel="paragraph"
   style:horizontal-pos="center" style:horizontal-rel="paragraph" fo:padding="0.2cm" fo:border="0.06pt solid #5b7ba6"
   fo:background-color="#eef3fa"/></style:style>
 <text:outline-style style:name="Outline">{''.join(levels)}</text:outline-style>
 <text:list-style style:name="BoxBullets">
  <text:list-level-style-bullet text:level="1" text:bullet-char="●">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.7cm" fo:text-indent="-0.5cm" fo:margin-left="0.7cm"/>
   </style:list-level-properties></text:list-level-style-bullet></text:list-style>
 <text:list-style style:name="Numbering_20_123" style:display-name="Numbering 123">
  <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="nothing" fo:text-indent="0cm" fo:margin-left="0cm"/>
   </style:list-level-properties></text:list-level-style-number></text:list-style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="2cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="P_bold_head" style:family="paragraph" style:parent-style-name="Text_20_body" style:list-style-name="Numbering_20_123">
  <style:paragraph-properties fo:text-indent="0.85cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 <style:style style:name="P_box_item" style:family="paragraph" style:parent-style-name="Frame_20_contents" style:list-style-name="BoxBullets"/>
 <style:style style:name="P_box_para" style:family="paragraph" style:parent-style-name="Frame_20_contents">
  <style:paragraph-properties fo:text-indent="0.78cm"/></style:style>
 <style:style style:name="P_center" style:family="paragraph" style:parent-style-name="Notice"><style:paragraph-properties fo:text-align="center"/></style:style>
 <style:style style:name="P_right" style:family="paragraph" style:parent-style-name="Notice"><style:paragraph-properties fo:text-align="end"/></style:style>
 <style:style style:name="P_indent" style:family="paragraph" style:parent-style-name="Notice"><style:paragraph-properties fo:text-indent="0.85cm"/></style:style>
 <style:style style:name="P_break" style:family="paragraph" style:parent-style-name="Title"><style:paragraph-properties fo:break-before="page"/></style:style>
 <style:style style:name="P_toc_end" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:break-after="page"/></style:style>
 <style:style style:name="Sect1" style:family="section"><style:section-properties style:editable="false"/></style:style>
 <style:style style:name="Tbl" style:family="table"><style:table-properties style:width="16cm" table:align="center"/></style:style>
 <style:style style:name="TblBox" style:family="table"><style:table-properties style:width="15.2cm" table:align="center"/></style:style>
 <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #000000"/></style:style>
 <style:style style:name="CellHead" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #000000" fo:background-color="#e7e6e6"/></style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p text:style-name="Header">{xesc(title)}</text:p></style:header>
  <style:footer><text:p text:style-name="Footer">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
 </style:master-page>
</office:master-styles>"""


def odt_table(header: list[str], rows: list[list[str]], spans=None, columns=None, style="Tbl",
              title: str | None = None, note: str | None = None) -> str:
    n = len(header)
    out = [f'<table:table table:style-name="{style}"><table:table-column table:number-columns-repeated="{n}"/>']
    if title:
        out.append(f'<table:table-header-rows><table:table-row><table:table-cell table:style-name="CellHead" '
                   f'table:number-columns-spanned="{n}" office:value-type="string"><text:p text:style-name="Table_20_Heading">'
                   f'{xesc(title)}</text:p></table:table-cell>'
                   + '<table:covered-table-cell/>' * (n - 1) + '</table:table-row>')
    else:
        out.append("<table:table-header-rows>")
    out.append("<table:table-row>" + "".join(
        f'<table:table-cell table:style-name="CellHead" office:value-type="string"><text:p text:style-name="Table_20_Heading">'
        f'{xesc(h)}</text:p></table:table-cell>' for h in header) + "</table:table-row></table:table-header-rows>")
    for i, r in enumerate(rows):
        cells = []
        for j, v in enumerate(r):
            sp = spans.get((i, columns[j]), 1) if spans else 1
            if sp == 0:
                cells.append("<table:covered-table-cell/>")
                continue
            rs = f' table:number-rows-spanned="{sp}"' if sp > 1 else ""
            cells.append(f'<table:table-cell table:style-name="Cell"{rs} office:value-type="string">'
                         f'<text:p text:style-name="Table_20_Contents">{xesc(v)}</text:p></table:table-cell>')
        out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    if note:
        out.append(f'<table:table-row><table:table-cell table:style-name="Cell" table:number-columns-spanned="{n}" '
                   f'office:value-type="string"><text:p text:style-name="Table_20_Contents">{xesc(note)}</text:p>'
                   f'</table:table-cell>' + '<table:covered-table-cell/>' * (n - 1) + '</table:table-row>')
    out.append("</table:table>")
    return "".join(out)


def lo_numbering_starts(plan: Plan, fam: dict[int, str]) -> dict[str, int]:
    """Headings whose label the outline counter would not reach by itself: section id ->
    start value (written as text:restart-numbering + text:start-value on the heading)."""
    nlev = max(fam) + 1
    counters = [0] * nlev
    starts = {}
    for s in plan.sections:
        k = s.level - 1
        v = label_value(s.label)
        if counters[k] + 1 != v:
            starts[s.id] = v
        counters[k] = v
        for j in range(k + 1, nlev):
            counters[j] = 0
    return starts


def make_lo_fodt(plan: Plan, out: Path) -> dict:
    fam, _restart, _inst, _dec = level_plan(plan)
    starts = lo_numbering_starts(plan, fam)
    list_level = {k for k, f in fam.items() if f == "1."}   # 004: 1. headings as a numbered list
    body: list[str] = []
    toc: list[str] = []
    chars = 0
    bullets = plan.stem[:3] in ("000", "001", "002")     # bulleted box items; 004 plain paragraphs
    nref = 0
    prev_kind = None
    list_open = False
    for b in blocks(plan):
        kind = b[0]
        if list_open and not (kind == "heading" and b[1].level - 1 in list_level):
            body.append("</text:list>")
            list_open = False
        if kind == "notice":
            st = {"center": "P_center", "right": "P_right"}.get(b[2], "P_indent" if b[2] is None else "Notice")
            body.append(f'<text:p text:style-name="{st}">{xesc(b[1])}</text:p>')
        elif kind == "title":
            st = "P_break" if plan.notice else "Title"
            body.append(f'<text:p text:style-name="{st}">{xesc(b[1])}</text:p>')
        elif kind == "para":
            body.append(f'<text:p text:style-name="Text_20_body">{xesc(b[1])}</text:p>')
        elif kind == "heading":
            s: Section = b[1]
            k = s.level - 1
            nref += 1
            ref = f"__RefHeading___Toc{1000 + nref * 7}_{3720 + nref}"
            if k in list_level:
                # 1.优势和机遇: a bold paragraph in a numbered list, not an outline heading
                v = label_value(s.label)
                if not list_open:
                    body.append('<text:list text:style-name="Numbering_20_123">')
                    list_open = True
                sv = f' text:start-value="{v}"' if (prev_kind != "listhead" and v != 1) else ""
                body.append(f'<text:list-item{sv}><text:p text:style-name="P_bold_head">{xesc(s.title)}</text:p></text:list-item>')
                prev_kind = "listhead"
                continue
            attrs = ""
            if s.id in starts:
                attrs = f' text:restart-numbering="true" text:start-value="{starts[s.id]}"'
            body.append(f'<text:h text:style-name="Heading_20_{min(s.level, 3)}" text:outline-level="{s.level}"{attrs}>'
                        f'<text:bookmark-start text:name="{ref}"/>{xesc(s.title)}<text:bookmark-end text:name="{ref}"/></text:h>')
            if s.level <= 2:
                label = heading_text(s, " ")
                toc.append(f'<text:p text:style-name="Contents_20_{s.level}"><text:a xlink:type="simple" '
                           f'xlink:href="#{ref}|outline" text:style-name="Index_20_Link" text:visited-style-name="Index_20_Link">'
                           f'{xesc(label)}<text:tab/>{page_estimate(chars)}</text:a></text:p>')
        elif kind == "caption":
            body.append(f'<text:p text:style-name="Caption">{xesc(b[1])}</text:p>')
        elif kind == "table":
            body.append(odt_table(b[1], b[2]))
        elif kind == "box":
            box: Box = b[1]
            inner = [f'<text:p text:style-name="Box_20_Title">{xesc(box_heading(box))}</text:p>']
            if box.kind == "list":
                if bullets:
                    inner.append('<text:list text:style-name="BoxBullets">')
                    inner += [f'<text:list-item><text:p text:style-name="P_box_item">{xesc(it["text"])}</text:p></text:list-item>'
                              for it in box.items]
                    inner.append("</text:list>")
                else:
                    inner += [f'<text:p text:style-name="P_box_para">{xesc(it["text"])}</text:p>' for it in box.items]
            else:
                inner.append(odt_table(box.columns, table_rows(box), merge_runs(box), box.columns, "TblBox",
                                       note=box.note))
            body.append(f'<text:p text:style-name="Standard"><draw:frame draw:style-name="Frame" draw:name="{xesc(box.label)}" '
                        f'text:anchor-type="paragraph" svg:width="16cm" draw:z-index="{nref}">'
                        f'<draw:text-box fo:min-height="1cm">{"".join(inner)}</draw:text-box></draw:frame></text:p>')
        prev_kind = kind
        chars += sum(len(x) for x in b[1:] if isinstance(x, str))
        if kind == "box":
            chars += sum(len(it["text"]) for it in b[1].items)
    if list_open:
        body.append("</text:list>")
    toc_xml = ('<text:table-of-content text:style-name="Sect1" text:protected="true" text:name="目录1">'
               '<text:table-of-content-source text:outline-level="2"><text:index-title-template text:style-name="Contents_20_Heading">目录</text:index-title-template>'
               + "".join(f'<text:table-of-content-entry-template text:outline-level="{i}" text:style-name="Contents_20_{i}">'
                         '<text:index-entry-link-start text:style-name="Index_20_Link"/><text:index-entry-chapter/>'
                         '<text:index-entry-text/><text:index-entry-tab-stop style:type="right" style:leader-char="."/>'
                         '<text:index-entry-page-number/><text:index-entry-link-end/></text:table-of-content-entry-template>'
                         for i in (1, 2))
               + '</text:table-of-content-source><text:index-body>'
               '<text:index-title text:style-name="Sect1" text:name="目录1_Head"><text:p text:style-name="Contents_20_Heading">目录</text:p></text:index-title>'
               + "".join(toc) + "</text:index-body></text:table-of-content>"
               '<text:p text:style-name="P_toc_end"/>')
    # the TOC goes after the notice (if any), before the plan's title, as in printed plans
    k = next(i for i, x in enumerate(body) if 'style-name="P_break"' in x or 'style-name="Title"' in x)
    if plan.notice:
        body[k] = body[k].replace('"P_break"', '"Title"')
        body.insert(k, '<text:p text:style-name="P_toc_end"/>')
        k += 1
    body.insert(k, toc_xml)
    ns = " ".join(f'xmlns:{p}="{u}"' for p, u in ODF_NS.items())
    doc = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {ns} office:version="1.3" '
           f'office:mimetype="application/vnd.oasis.opendocument.text">'
           f'<office:meta><dc:title>{xesc(plan.title)}</dc:title><meta:initial-creator>PlanDesk fixtures</meta:initial-creator></office:meta>'
           f'{ODT_FONTS}{odt_styles(fam, plan.title)}<office:body><office:text>'
           + "\n".join(body) + "</office:text></office:body></office:document>\n")
    out.write_text(doc, encoding="utf-8")
    return {"starts": starts, "list_levels": sorted(list_level), "toc": len(toc)}


def soffice_convert(files: list[Path], fmt: str, outdir: Path):
    from lxml import etree
    soffice = tool("soffice", "libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install -y libreoffice-writer fonts-noto-cjk")
    for f in files:
        if f.suffix == ".fodt":
            etree.parse(str(f))          # LibreOffice skips a malformed file without saying so
    with tempfile.TemporaryDirectory(prefix="r2-lo-") as prof:
        r = run([soffice, f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
                 "--convert-to", fmt, "--outdir", str(outdir)] + [str(f) for f in files], timeout=600)
    ext = fmt.split(":")[0]
    missing = [f.name for f in files if not (outdir / f"{f.stem}.{ext}").exists()]
    if r.returncode != 0 or missing:
        raise SystemExit(f"soffice failed ({missing}): {r.stderr}")


def make_lo_odt(plans: list[Plan], out_dir: Path, work: Path) -> list[str]:
    fodts, report = [], []
    for plan in plans:
        f = work / f"{plan.stem}.fodt"
        info = make_lo_fodt(plan, f)
        fodts.append(f)
        report.append(f"{plan.stem}: restarts {len(info['starts'])}, list levels {info['list_levels']}, "
                      f"TOC entries {info['toc']}")
    soffice_convert(fodts, "docx:MS Word 2007 XML", out_dir)
    return report


# ---------------------------------------------------------------------------
# 3. docx-textbox: Word-style numbering carried by the Heading styles, 专栏 as text boxes
# ---------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_NS = {
    "w": W_NS,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
NSD = " ".join(f'xmlns:{p}="{u}"' for p, u in DOCX_NS.items())
WORD_FMT = {  # family -> (lvlText with %N, numFmt, suff)
    "篇": ("第%N篇", "chineseCounting", "space"),
    "章": ("第%N章", "chineseCounting", "space"),
    "节": ("第%N节", "chineseCounting", "space"),
    "一、": ("%N、", "chineseCounting", "nothing"),
    "（一）": ("（%N）", "chineseCounting", "nothing"),
    "1.": ("%N.", "decimal", "nothing"),
}


def w_run(text: str, bold=False, size=None, east=None, extra="") -> str:
    rpr = ""
    if east:
        rpr += f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{east}"/>'
    if bold:
        rpr += "<w:b/><w:bCs/>"
    if size:
        rpr += f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/>'
    rpr += extra
    return f'<w:r>{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{xesc(text)}</w:t></w:r>'


def w_p(text: str = "", style=None, jc=None, first_line=None, bold=False, size=None, east=None,
        num=None, keep_next=False, runs: str | None = None, before=None, after=None, page_break=False) -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{num[0]}"/><w:numId w:val="{num[1]}"/></w:numPr>'
    if before is not None or after is not None:
        ppr += f'<w:spacing w:before="{before or 0}" w:after="{after or 0}"/>'
    if first_line is not None:
        ppr += f'<w:ind w:firstLineChars="200" w:firstLine="{first_line}"/>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    body = runs if runs is not None else (w_run(text, bold, size, east) if text else "")
    return f'<w:p {NSD}>{"<w:pPr>" + ppr + "</w:pPr>" if ppr else ""}{body}</w:p>'


def w_tbl(rows: list[list[dict]], widths: list[int], header_rows: int = 1, inner=False) -> str:
    """rows of cells {text, span, vmerge, bold, shd, jc}; header rows repeat on every page."""
    border = 'w:val="single" w:sz="4" w:space="0" w:color="auto"'
    out = [f'<w:tbl {NSD}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/>'
           f'<w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders>'
           f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
           f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    out.append("</w:tblGrid>")
    size = 9 if inner else 10.5
    for ri, row in enumerate(rows):
        out.append("<w:tr>" + ("<w:trPr><w:tblHeader/></w:trPr>" if ri < header_rows else ""))
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
            para = (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="280" w:lineRule="exact"/>'
                    f'<w:jc w:val="{c.get("jc", "left")}"/></w:pPr>'
                    + (w_run(text, c.get("bold"), size) if text else "") + "</w:p>")
            out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{para}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def widths_for(rows: list[list[str]], total: int, minimum: int = 700) -> list[int]:
    n = len(rows[0])
    w = [max(2.0, min(30.0, float(max(len(r[j]) if j < len(r) else 0 for r in rows)))) for j in range(n)]
    s = sum(w)
    out = [max(minimum, int(total * x / s)) for x in w]
    excess = sum(out) - total
    if excess > 0:
        out[out.index(max(out))] -= excess
    return out


def box_table_rows(box: Box, title_row: bool, note_row: bool) -> list[list[dict]]:
    cols = box.columns
    spans = merge_runs(box)
    trs = []
    if title_row:
        trs.append([{"text": box_heading(box), "span": len(cols), "bold": True, "jc": "center", "shd": "D9D9D9"}])
    trs.append([{"text": c, "bold": True, "jc": "center", "shd": "F2F2F2"} for c in cols])
    for i, r in enumerate(table_rows(box)):
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
    if note_row and box.note:
        trs.append([{"text": box.note, "span": len(cols)}])
    return trs


def text_box_run(inner: str, n: int, height_emu: int, width_emu: int = 5274310, fill="F2F2F2") -> str:
    """A Word 2010+ text box: the DrawingML shape (mc:Choice) and the VML fallback, each
    holding its own copy of the contents (w:txbxContent), as Word writes them."""
    return (
        f'<w:r {NSD}><w:rPr><w:noProof/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" relativeHeight="{251659264 + n}" '
        f'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>45720</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width_emu}" cy="{height_emu}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapTopAndBottom/><wp:docPr id="{n}" name="文本框 {n}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>'
        f'<a:ln w="6350"><a:solidFill><a:prstClr val="black"/></a:solidFill></a:ln></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>'
        f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t" anchorCtr="0">'
        f'<a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        f'<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f'<v:shape id="文本框 {n}" o:spid="_x0000_s{1025 + n}" type="#_x0000_t202" '
        f'style="position:absolute;left:0;text-align:left;margin-left:0;margin-top:3.6pt;width:{width_emu / 12700:.1f}pt;'
        f'height:{height_emu / 12700:.1f}pt;z-index:{n};visibility:visible;mso-wrap-style:square;mso-position-horizontal:center;'
        f'mso-position-horizontal-relative:margin;mso-position-vertical-relative:text;v-text-anchor:top" '
        f'fillcolor="#{fill.lower()}" strokeweight=".5pt"><v:textbox style="mso-fit-shape-to-text:t">'
        f'<w:txbxContent>{inner}</w:txbxContent></v:textbox><w10:wrap type="topAndBottom" anchorx="margin"/></v:shape>'
        f'</w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def box_height_emu(box: Box, chars_per_line: int = 38) -> int:
    lines = 2
    if box.kind == "list":
        lines += sum(1 + len(it["text"]) // chars_per_line for it in box.items)
    else:
        lines += sum(1 + max(len(v) for v in it["cells"].values()) // 14 for it in box.items) + 1
    return min(lines, 40) * 228600      # 0.25 in a line; Word grows the box to fit (spAutoFit)


def toc_sdt(entries: list[tuple[int, str, str, str, int]]) -> list[str]:
    """A Word TOC field in a docPartGallery sdt: entries (level, label, title, bookmark, page)."""
    out = [f'<w:sdt {NSD}><w:sdtPr><w:id w:val="-1784882101"/><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
           f'<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>',
           '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:lang w:val="zh-CN"/>'
           '</w:rPr><w:t>目  录</w:t></w:r></w:p>']
    for i, (lvl, label, title, bm, page) in enumerate(entries):
        first = i == 0
        last = i == len(entries) - 1
        runs = ""
        if first:
            runs += ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u '
                     '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        sep = "<w:tab/>"
        runs += (f'<w:hyperlink w:anchor="{bm}" w:history="1">'
                 f'<w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:noProof/></w:rPr><w:t>{xesc(label)}</w:t></w:r>'
                 + (f'<w:r><w:rPr><w:noProof/></w:rPr>{sep}</w:r>' if sep else "")
                 + f'<w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:noProof/></w:rPr><w:t>{xesc(title)}</w:t></w:r>'
                 f'<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:tab/></w:r>'
                 f'<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
                 f'<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:instrText xml:space="preserve"> PAGEREF {bm} \\h </w:instrText></w:r>'
                 f'<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
                 f'<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:t>{page}</w:t></w:r>'
                 f'<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>')
        out.append(f'<w:p><w:pPr><w:pStyle w:val="TOC{lvl}"/><w:tabs><w:tab w:val="left" w:pos="{1260 + (lvl - 1) * 420}"/>'
                   f'<w:tab w:val="right" w:leader="dot" w:pos="8296"/>'
                   f'</w:tabs><w:rPr><w:noProof/></w:rPr></w:pPr>{runs}</w:p>')
        if last:
            out.append('<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    out.append("</w:sdtContent></w:sdt>")
    return ["".join(out)]


def add_styles_xml(doc, xml_styles: list[str]):
    from docx.oxml import parse_xml
    st = doc.styles.element
    for x in xml_styles:
        st.append(parse_xml(x))


def docx_base(plan: Plan, subject: str, body_east="宋体", body_size=12):
    from docx import Document
    from docx.shared import Mm, Pt
    from tests.conversions.make_conversions import set_doc_lang, set_east_asian
    doc = Document()
    cp = doc.core_properties
    cp.title, cp.author, cp.subject = plan.title, "PlanDesk fixtures", subject
    set_doc_lang(doc)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(26)
    sec.top_margin, sec.bottom_margin = Mm(30), Mm(28)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(body_size)
    normal.font.name = "Times New Roman"
    set_east_asian(normal, body_east)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    return doc


def make_docx_textbox(plan: Plan, out: Path) -> dict:
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from tests.conversions.make_conversions import install_numbering, set_east_asian
    doc = docx_base(plan, "docx-textbox")
    fam, restart, instances, decisions = level_plan(plan)
    num_ids = install_numbering(doc, fam, restart, instances)
    # the first instance is linked to the Heading styles: w:pStyle in its levels, w:numPr in the styles
    numbering = doc.part.numbering_part.element
    nlev = max(fam) + 1
    absn = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in numbering.findall(qn("w:num"))}
    a0 = next(a for a in numbering.findall(qn("w:abstractNum"))
              if a.get(qn("w:abstractNumId")) == absn[str(num_ids[0])])
    for lvl in a0.findall(qn("w:lvl")):
        i = int(lvl.get(qn("w:ilvl")))
        if i < nlev:
            lvl.find(qn("w:start")).addnext(parse_xml(f'<w:pStyle {NSD} w:val="Heading{i + 1}"/>'))
    for i in range(nlev):
        st = doc.styles[f"Heading {i + 1}"]
        ppr = st.element.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:numPr {NSD}><w:ilvl w:val="{i}"/><w:numId w:val="{num_ids[0]}"/></w:numPr>'))
        set_east_asian(st, {0: "黑体", 1: "楷体", 2: "仿宋"}.get(i, "宋体"), "Times New Roman")
        st.font.size = __import__("docx").shared.Pt({0: 16, 1: 15, 2: 14}.get(i, 12))
        st.font.color.rgb = None
    # Word's TOC Heading is based on Heading 1: switch the inherited numbering off, as Word does
    toch = doc.styles["TOC Heading"].element.get_or_add_pPr()
    toch.insert(0, parse_xml(f'<w:numPr {NSD}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
    add_styles_xml(doc, [
        f'<w:style {NSD} w:type="paragraph" w:styleId="TOC{i}"><w:name w:val="toc {i}"/><w:basedOn w:val="Normal"/>'
        f'<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="100"/>'
        f'<w:ind w:left="{(i - 1) * 420}"/></w:pPr></w:style>' for i in (1, 2, 3)] + [
        f'<w:style {NSD} w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:uiPriority w:val="99"/>'
        f'<w:unhideWhenUsed/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'])
    body = doc.element.body
    sect_pr = body[-1]

    def put(xml: str):
        sect_pr.addprevious(parse_xml(xml))

    # header with the plan title on every page, PAGE field footer
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from tests.conversions.make_conversions import page_field_runs
    fp = doc.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r in page_field_runs():
        fp._p.append(r)

    bl = blocks(plan)
    entries = []
    chars = 0
    bm_of = {}
    for b in bl:
        if b[0] == "heading" and b[1].level <= 2:
            s = b[1]
            bm_of[s.id] = f"_Toc{81234567 + len(bm_of) * 13}"
            entries.append((s.level, s.label, s.title, bm_of[s.id], page_estimate(chars, 700)))
        chars += sum(len(x) for x in b[1:] if isinstance(x, str))
        if b[0] == "heading":
            chars += len(b[1].title) + len(b[1].text)
    toc_done = False
    n_box = 0
    for b in bl:
        kind = b[0]
        if kind == "notice":
            jc = {"center": "center", "right": "right"}.get(b[2])
            put(w_p(b[1], jc=jc, first_line=480 if b[2] is None else None,
                    bold=jc == "center" and "通知" in b[1], size=18 if jc == "center" and "通知" in b[1] else None))
        elif kind == "title":
            if not toc_done:
                toc_done = True
                for x in toc_sdt(entries):
                    put(x)
            put(w_p(b[1], style="Title", jc="center", page_break=True))
        elif kind == "para":
            put(w_p(b[1], first_line=480))
        elif kind == "heading":
            s: Section = b[1]
            k = s.level - 1
            d = decisions[s.id]
            style = f"Heading{min(s.level, 9)}"
            bm = bm_of.get(s.id)
            bms = (f'<w:bookmarkStart w:id="{len(bm_of) + 10 + k}" w:name="{bm}"/>' if bm else "")
            bme = (f'<w:bookmarkEnd w:id="{len(bm_of) + 10 + k}"/>' if bm else "")
            jc = "center" if k == 0 and fam[0] in ("篇", "章") else None
            if d is None:       # typed by hand: numbering switched off on this paragraph
                put(w_p(style=style, num=(k, 0), jc=jc, runs=bms + w_run(heading_text(s)) + bme))
            elif d[1] == 0:     # numbered by the style
                put(w_p(style=style, jc=jc, runs=bms + w_run(s.title) + bme))
            else:               # a later list instance (numbering restarted at a given value)
                put(w_p(style=style, num=(k, num_ids[d[1]]), jc=jc, runs=bms + w_run(s.title) + bme))
        elif kind == "caption":
            put(w_p(b[1], style="Caption", jc="center", keep_next=True))
        elif kind == "table":
            header, rows = b[1], b[2]
            widths = widths_for([header] + rows, 9000)
            trs = [[{"text": h, "bold": True, "jc": "center", "shd": "F2F2F2"} for h in header]]
            trs += [[{"text": v, "jc": "center" if len(v) < 8 else "left"} for v in r] for r in rows]
            put(w_tbl(trs, widths, 1))
        elif kind == "box":
            box: Box = b[1]
            n_box += 1
            inner = w_p(runs=w_run(box_heading(box), bold=True, size=12, east="黑体"), jc="center", after=60)
            if box.kind == "list":
                inner += "".join(w_p(it["text"], first_line=420, size=10.5) for it in box.items)
            else:
                widths = widths_for([box.columns] + table_rows(box), 8000)
                inner += w_tbl(box_table_rows(box, False, False), widths, 1, inner=True)
                if box.note:
                    inner += w_p(box.note, size=9)
                else:
                    inner += w_p("")
            put(w_p(runs=text_box_run(inner, n_box, box_height_emu(box))))
        else:
            raise AssertionError(kind)
    doc.save(out)
    return {"auto": sum(1 for d in decisions.values() if d is not None),
            "literal": [s.label for s in plan.sections if decisions[s.id] is None],
            "instances": len(instances), "restart": restart, "boxes": n_box, "toc": len(entries)}


def docx_labels(path: Path) -> list[tuple[str, str]]:
    """(label Word shows, paragraph text) for each numbered body paragraph, numbering taken
    from the paragraph or else from its style (numId 0 = switched off), per-abstractNum
    counters with w:start and w:lvlRestart. Text boxes and the TOC are not body paragraphs."""
    from lxml import etree
    z = zipfile.ZipFile(path)
    q = lambda t: f"{{{W_NS}}}{t}"   # noqa: E731
    styles = etree.fromstring(z.read("word/styles.xml"))
    snum = {}
    for st in styles.findall(q("style")):
        npr = st.find(f"{q('pPr')}/{q('numPr')}")
        if npr is not None and npr.find(q("numId")) is not None:
            il = npr.find(q("ilvl"))
            snum[st.get(q("styleId"))] = (int(il.get(q("val"))) if il is not None else 0,
                                          npr.find(q("numId")).get(q("val")))
    num = etree.fromstring(z.read("word/numbering.xml"))
    absmap = {}
    for a in num.findall(q("abstractNum")):
        lv = {}
        for l in a.findall(q("lvl")):
            lr = l.find(q("lvlRestart"))
            lv[int(l.get(q("ilvl")))] = (int(l.find(q("start")).get(q("val"))), l.find(q("numFmt")).get(q("val")),
                                         l.find(q("lvlText")).get(q("val")),
                                         None if lr is None else int(lr.get(q("val"))))
        absmap[a.get(q("abstractNumId"))] = lv
    nummap = {n.get(q("numId")): n.find(q("abstractNumId")).get(q("val")) for n in num.findall(q("num"))}
    body = etree.fromstring(z.read("word/document.xml")).find(q("body"))
    counters: dict[str, dict[int, int]] = {}
    shown = []
    for p in body.iter(q("p")):
        if any(anc.tag in (q("txbxContent"), q("sdtContent")) for anc in p.iterancestors()):
            continue
        ppr = p.find(q("pPr"))
        style = ppr.find(q("pStyle")).get(q("val")) if ppr is not None and ppr.find(q("pStyle")) is not None else None
        npr = ppr.find(q("numPr")) if ppr is not None else None
        if npr is not None:
            il = npr.find(q("ilvl"))
            ilvl = int(il.get(q("val"))) if il is not None else snum.get(style, (0, "0"))[0]
            nid = npr.find(q("numId")).get(q("val"))
        elif style in snum:
            ilvl, nid = snum[style]
        else:
            continue
        if nid == "0":
            continue
        aid = nummap[nid]
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
            text = text.replace(f"%{j + 1}", cn_num(val) if lv[j][1].startswith("chinese") else str(val))
        shown.append((text, "".join(t.text or "" for t in p.iter(q("t")))))
    return shown


# ---------------------------------------------------------------------------
# 4. Web pages: html-trs (TRS editor) and html-zoom-gbk (#zoom, GBK, site chrome)
# ---------------------------------------------------------------------------

def notice_title(plan: Plan) -> str | None:
    """The covering notice's own title, as a site or a Word user sets it: the issuer lines
    and the 关于印发…的通知 lines joined (the 发文字号 left out)."""
    if not plan.notice:
        return None
    out = []
    for ln in plan.notice:
        if re.search(r"〔\d{4}〕\d+号$", ln):
            continue
        out.append(ln)
        if ln.endswith("通知") or "通知发布日期" in ln:
            break
    t = "".join(out)
    return t.split("发布日期")[0] if "发布日期" in t else t


def fake_index_no(plan: Plan) -> str:
    year = (plan.issued_date or "2021")[:4]
    m = re.search(r"〔\d{4}〕(\d+)号", plan.doc_number or "")
    return f"11500000MB1A{plan.stem[:3]}9X/{year}-{int(m.group(1)) if m else 7:05d}"


def pub_date(plan: Plan) -> str:
    return (plan.issued_date or "2021-06-30") + " 16:30"


TRS_CSS = """
body{margin:0;font:14px/1.6 "Microsoft YaHei","微软雅黑","SimSun","宋体",sans-serif;color:#333;background:#f5f5f5}
a{color:#333;text-decoration:none}
.header{background:#fff;border-top:4px solid #c1272d}
.header .logo{width:1200px;max-width:100%;margin:0 auto;padding:18px 0;font-size:28px;color:#c1272d;font-weight:bold}
.header .nav{background:#c1272d}
.header .nav ul{width:1200px;max-width:100%;margin:0 auto;padding:0;list-style:none;display:flex}
.header .nav li{padding:10px 22px}.header .nav li a{color:#fff;font-size:16px}
.container{width:1000px;max-width:100%;margin:0 auto;background:#fff;padding:10px 40px 30px;box-sizing:border-box}
.position{font-size:13px;color:#666;padding:8px 0;border-bottom:1px solid #e5e5e5}
.zwxl-article .tit{font-size:24px;color:#c1272d;text-align:center;font-weight:bold;margin:24px 0 10px;line-height:1.5}
.zwxl-info{font-size:13px;color:#999;text-align:center;padding-bottom:10px;border-bottom:1px dashed #ddd}
.zwxl-info span{margin:0 10px}
.TRS_Editor,.trs_editor_view{font-size:16px;line-height:2;margin-top:16px}
.TRS_Editor p,.trs_editor_view p{margin:0 0 8px}
.TRS_Editor table,.trs_editor_view table{border-collapse:collapse;margin:10px auto}
.TRS_Editor td,.trs_editor_view td{border:1px solid #000;padding:4px 8px;line-height:1.6}
.zwxl-related{margin-top:24px;border-top:1px solid #eee;padding-top:10px;font-size:14px}
.zwxl-tools{text-align:right;font-size:13px;color:#666;margin-top:12px}
.footer{background:#3a3a3a;color:#ccc;text-align:center;font-size:12px;line-height:2.2;padding:18px 0;margin-top:20px}
"""

# stem prefix -> (editor wrapper, heading markup by level, list items as 'p' or 'br', span font on body)
TRS_VARIANTS = {
    "000": ("view", {1: "center-strong", 2: "indent-strong"}, "p", None),
    "001": ("TRS_Editor", {1: "indent-heiti", 2: "indent-kaiti"}, "br", "仿宋_GB2312, 仿宋"),
    "002": ("view", {1: "center-strong-big", 2: "center-strong", 3: "indent-strong"}, "br", None),
    "003": ("TRS_Editor", {1: "indent-heiti", 2: "indent-strong"}, "p", "仿宋_GB2312, 仿宋"),
    "004": ("view", {1: "center-strong", 2: "indent-strong", 3: "indent-kaiti"}, "p", None),
}


def trs_heading(kind: str, text: str) -> str:
    e = html.escape(text)
    return {
        "center-strong": f'<p style="text-align: center;"><strong>{e}</strong></p>',
        "center-strong-big": f'<p style="text-align: center;"><strong><span style="font-size: 20px;">{e}</span></strong></p>',
        "indent-strong": f'<p style="text-indent: 2em;"><strong>{e}</strong></p>',
        "indent-heiti": f'<p style="text-indent: 2em;"><span style="font-family: 黑体, SimHei;">{e}</span></p>',
        "indent-kaiti": f'<p style="text-indent: 2em;"><span style="font-family: 楷体, 楷体_GB2312, SimKai;">{e}</span></p>',
    }[kind]


def trs_table(header: list[str], rows: list[list[str]], spans=None, columns=None, title=None,
              note=None) -> list[str]:
    n = len(header)
    L = ['<table width="100%" border="1" cellspacing="0" cellpadding="0" align="center" style="border-collapse: collapse;">',
         "<tbody>"]
    if title:
        L.append(f'<tr class="firstRow"><td colspan="{n}" valign="middle" align="center" style="background-color: #d8d8d8;">'
                 f'<p style="text-align: center;"><strong>{html.escape(title)}</strong></p></td></tr>')
    L.append("<tr" + ("" if title else ' class="firstRow"') + ">" + "".join(
        f'<td valign="middle" align="center"><p style="text-align: center;"><strong>{html.escape(h)}</strong></p></td>'
        for h in header) + "</tr>")
    for i, r in enumerate(rows):
        tds = []
        for j, v in enumerate(r):
            sp = spans.get((i, columns[j]), 1) if spans else 1
            if sp == 0:
                continue
            rs = f' rowspan="{sp}"' if sp > 1 else ""
            tds.append(f'<td valign="middle"{rs}><p>{html.escape(v)}</p></td>')
        L.append("<tr>" + "".join(tds) + "</tr>")
    if note:
        L.append(f'<tr><td colspan="{n}" valign="middle"><p>{html.escape(note)}</p></td></tr>')
    L += ["</tbody>", "</table>"]
    return L


def make_html_trs(plan: Plan, out: Path, page_url: str) -> dict:
    key = plan.stem[:3]
    wrapper, heads, items_as, span_font = TRS_VARIANTS[key]
    e = html.escape
    ntitle = notice_title(plan)
    page_title = ntitle or plan.title
    L = ['<!DOCTYPE html>', '<html lang="zh-CN">', '<head>',
         '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
         '<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">',
         '<meta name="SiteName" content="重庆市人民政府网">', '<meta name="SiteDomain" content="www.cq.gov.cn">',
         '<meta name="SiteIDCode" content="5000000095">', '<meta name="ColumnName" content="规划信息">',
         f'<meta name="ArticleTitle" content="{e(page_title)}">', f'<meta name="PubDate" content="{pub_date(plan)}">',
         f'<meta name="ContentSource" content="{e(plan.issuer or "重庆市人民政府网")}">',
         f'<meta name="Url" content="{e(page_url)}">',
         f"<title>{e(page_title)}-重庆市人民政府网</title>", f"<style>{TRS_CSS}</style>", "</head>", "<body>",
         '<div class="header"><div class="logo">重庆市人民政府</div><div class="nav"><ul>']
    L += [f'<li><a href="#">{x}</a></li>' for x in ("首页", "要闻动态", "政务公开", "政务服务", "政民互动", "走进重庆")]
    L += ['</ul></div></div>', '<div class="container">',
          '<div class="position">您当前的位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> &gt; '
          '<a href="#">规划信息</a> &gt; <a href="#">专项规划</a></div>',
          '<div class="zwxl-article">', f'<p class="tit">{e(page_title)}</p>',
          f'<div class="zwxl-info"><span>发布时间：{pub_date(plan)}</span><span>来源：{e(plan.issuer or "重庆市人民政府网")}</span>'
          '<span>字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span></div>']
    if wrapper == "view":
        L.append('<div class="view TRS_UEDITOR trs_paper_default trs_web trs_editor_view">')
    else:
        L.append('<div class="TRS_Editor"><div class="Custom_UnionStyle">')

    def body_p(text: str) -> str:
        t = e(text)
        if span_font:
            t = f'<span style="font-family: {span_font}; font-size: 16px;">{t}</span>'
        return f'<p style="text-indent: 2em;">{t}</p>'

    title_in_body = bool(plan.notice)     # 000: the title is only in the page template
    for b in blocks(plan):
        kind = b[0]
        if kind == "notice":
            st = {"center": "text-align: center;", "right": "text-align: right;", "left": ""}.get(b[2], "text-indent: 2em;")
            L.append(f'<p style="{st}">{e(b[1])}</p>' if st else f"<p>{e(b[1])}</p>")
        elif kind == "title":
            if title_in_body:
                L.append('<p><br/></p>')
                L.append(f'<p style="text-align: center;"><strong><span style="font-size: 22px;">{e(b[1])}</span></strong></p>')
        elif kind == "para":
            L.append(body_p(b[1]))
        elif kind == "heading":
            s: Section = b[1]
            L.append(trs_heading(heads.get(s.level, "indent-strong"), heading_text(s)))
        elif kind == "caption":
            continue          # the caption becomes the table's first row (below)
        elif kind == "table":
            cap = next((x[1] for x in reversed(blocks_upto(plan, b)) if x[0] == "caption"), None)
            L += trs_table(b[1], b[2], title=cap)
        elif kind == "box":
            box: Box = b[1]
            if box.kind == "list":
                L.append('<table width="90%" border="1" cellspacing="0" cellpadding="0" align="center" style="border-collapse: collapse;">')
                L.append(f'<tbody><tr class="firstRow"><td valign="top" style="background-color: #f2f2f2;">'
                         f'<p style="text-align: center;"><strong>{e(box_heading(box))}</strong></p></td></tr>')
                if items_as == "p":
                    cell = "".join(f'<p style="text-indent: 2em;">{e(it["text"])}</p>' for it in box.items)
                else:
                    cell = "<p>" + "<br/>".join(f"　　{e(it['text'])}" for it in box.items) + "</p>"
                L.append(f'<tr><td valign="top">{cell}</td></tr></tbody></table>')
            else:
                L += trs_table(box.columns, table_rows(box), merge_runs(box), box.columns,
                               title=box_heading(box), note=box.note)
            L.append("<p><br/></p>")
    L.append("</div>" if wrapper == "view" else "</div></div>")
    L += ['<div class="zwxl-tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>',
          '</div>', '<div class="zwxl-related"><strong>相关链接：</strong><a href="#">政策解读</a>　<a href="#">图解</a></div>',
          '</div>', '<div class="footer">',
          '<p>主办：重庆市人民政府办公厅　承办：重庆市大数据应用发展管理局</p>',
          '<p>版权所有：重庆市人民政府网　网站标识码：5000000095　渝ICP备05003300号</p>', '</div>',
          '<script>var _trsId="' + plan.stem[:3] + '";</script>', '</body>', '</html>']
    out.write_text("\n".join(L) + "\n", encoding="utf-8")
    return {"title_in_body": title_in_body, "page_title": page_title}


def blocks_upto(plan: Plan, target: tuple) -> list[tuple]:
    out = []
    for b in blocks(plan):
        if b[0] == target[0] and b[1:] == target[1:]:
            return out
        out.append(b)
    return out


ZOOM_CSS = """
body{margin:0;font:12px/1.8 "宋体","SimSun","AR PL UMing CN",serif;background:#fff}
.top{background:#0b4e9b;color:#fff;padding:6px 20px;font-size:12px}
.banner{height:80px;background:#1c67c0;color:#fff;font-size:30px;font-weight:bold;padding:20px 30px;box-sizing:border-box}
.nav{background:#0b4e9b}.nav a{color:#fff;display:inline-block;padding:8px 18px;font-size:14px;text-decoration:none}
.main{width:980px;margin:0 auto}
.location{padding:8px 0;border-bottom:1px solid #ccc;color:#555}
table.gk{width:100%;border-collapse:collapse;margin:10px 0;background:#f7f9fc}
table.gk td{border:1px solid #cdd;padding:4px 8px;font-size:12px}
h1.title{font-size:22px;text-align:center;color:#0b4e9b;margin:18px 0 6px}
.sx{text-align:center;color:#888;border-bottom:1px solid #ddd;padding-bottom:6px}
#zoom{font-size:16px;line-height:2;padding:10px 20px}
#zoom table{border-collapse:collapse}#zoom td{border:1px solid #000;padding:3px 6px}
.print{text-align:right;padding:10px 20px}
.foot{border-top:3px solid #0b4e9b;text-align:center;color:#555;padding:12px;line-height:2}
"""

# stem prefix -> paragraph markup style
ZOOM_VARIANTS = {"000": "nbsp", "001": "div-form", "002": "font", "003": "br-runs", "004": "style-indent"}


def make_html_zoom(plan: Plan, out: Path) -> dict:
    key = plan.stem[:3]
    var = ZOOM_VARIANTS[key]
    e = html.escape
    ntitle = notice_title(plan)
    L = ["<html>", "<head>", "<meta charset=gbk>",
         f"<title>{e(ntitle or plan.title)}_规划计划_重庆市人民政府门户网站</title>",
         f'<meta name="keywords" content="{e(plan.title)}">', f"<style>{ZOOM_CSS}</style>",
         '<script type="text/javascript">function doZoom(size){document.getElementById("zoom").style.fontSize=size+"px";}</script>',
         "</head>"]
    form = var == "div-form"
    if form:
        L += ["<body>", '<form name="aspnetForm" method="post" action="./ArticleView.aspx?ArticleID=' + key + '" id="aspnetForm">',
              '<div class="aspNetHidden">',
              '<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />',
              '<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />',
              '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRkZmKQx3W0Nq9hZ2VWaWV3U3RhdGU=" />',
              "</div>",
              '<script type="text/javascript">var theForm = document.forms[\'aspnetForm\'];function __doPostBack(eventTarget, eventArgument) {'
              'if (!theForm.onsubmit || (theForm.onsubmit() != false)) {theForm.__EVENTTARGET.value = eventTarget;theForm.submit();}}</script>']
    else:
        L.append("<body>")
    L += ['<div class="top">今天是：<span id="today"></span>　<a href="#">设为首页</a> | <a href="#">加入收藏</a> | <a href="#">无障碍浏览</a></div>',
          '<div class="banner">重庆市人民政府门户网站</div>',
          '<div class="nav">' + "".join(f'<a href="#">{x}</a>' for x in ("网站首页", "政务公开", "公共服务", "政民互动", "投资重庆", "专题专栏")) + "</div>",
          '<div class="main">',
          '<div class="location">您现在的位置：<a href="#">首页</a>&nbsp;&gt;&nbsp;<a href="#">政府信息公开</a>&nbsp;&gt;&nbsp;'
          '<a href="#">规划计划</a>&nbsp;&gt;&nbsp;正文</div>',
          '<table class="gk" cellspacing="0" cellpadding="0">',
          f"<tr><td width=\"12%\">索&nbsp;引&nbsp;号：</td><td width=\"38%\">{fake_index_no(plan)}</td>"
          f"<td width=\"12%\">主题分类：</td><td>综合政务／规划计划</td></tr>",
          f"<tr><td>发文机关：</td><td>{e(plan.issuer or '')}</td><td>成文日期：</td><td>{plan.issued_date or ''}</td></tr>",
          f"<tr><td>标　　题：</td><td colspan=\"3\">{e(ntitle or plan.title)}</td></tr>",
          f"<tr><td>发文字号：</td><td>{e(plan.doc_number or '')}</td><td>发布日期：</td><td>{pub_date(plan)[:10]}</td></tr>",
          "</table>",
          f'<h1 class="title">{e(ntitle or plan.title)}</h1>',
          '<div class="sx">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> '
          '<a href="javascript:doZoom(14)">小</a>】　浏览次数：<span id="hits">2876</span></div>',
          '<div id="zoom">']
    nb = "&nbsp;" * 4
    run: list[str] = []          # 003: text runs separated by <br>

    def flush():
        if run:
            L.append("<p>" + "<br />\n".join(run) + "</p>")
            run.clear()

    def para(text: str):
        t = e(text)
        if var == "nbsp":
            L.append(f"<p>{nb}{t}</p>")
        elif var == "div-form":
            L.append(f'<div style="text-indent:2em">{t}</div>')
        elif var == "font":
            L.append(f'<p><font face="仿宋_GB2312" size="4">　　{t}</font></p>')
        elif var == "br-runs":
            run.append(f"　　{t}<br />")
        else:
            L.append(f'<p style="text-indent:2em">{t}</p>')

    def head(s: Section):
        t = e(heading_text(s))
        if var == "nbsp":
            L.append(f'<p align="center"><b>{t}</b></p>' if s.level == 1 else f"<p>{nb}<b>{t}</b></p>")
        elif var == "div-form":
            L.append(f'<div style="text-indent:2em"><strong>{t}</strong></div>')
        elif var == "font":
            sz = {1: 5, 2: 4, 3: 4}[s.level]
            L.append(f'<p align="center"><font size="{sz}"><b>{t}</b></font></p>' if s.level < 3
                     else f'<p><font face="楷体_GB2312" size="4"><b>　　{t}</b></font></p>')
        elif var == "br-runs":
            run.append(f"<b>　　{t}</b><br />" if s.level == 1 else f"　　{t}<br />")
        else:
            L.append(f'<p style="text-align:center"><strong>{t}</strong></p>' if s.level == 1 else
                     f'<p style="text-indent:2em"><strong>{t}</strong></p>')

    for b in blocks(plan):
        kind = b[0]
        if kind not in ("para", "heading") and var == "br-runs":
            flush()
        if kind == "notice":
            al = {"center": ' align="center"', "right": ' align="right"'}.get(b[2], "")
            L.append(f"<p{al}>{e(b[1])}</p>" if var != "div-form" else f"<div{al}>{e(b[1])}</div>")
        elif kind == "title":
            if plan.notice:
                L.append(f'<p align="center"><b><font size="5">{e(b[1])}</font></b></p>')
        elif kind == "para":
            para(b[1])
        elif kind == "heading":
            head(b[1])
        elif kind == "caption":
            L.append(f'<p align="center"><b>{e(b[1])}</b></p>')
        elif kind == "table":
            L += ['<table border="1" cellspacing="0" cellpadding="0" width="600" align="center">']
            L.append("<tr>" + "".join(f'<td align="center"><b>{e(h)}</b></td>' for h in b[1]) + "</tr>")
            L += ["<tr>" + "".join(f"<td>{e(v)}</td>" for v in r) + "</tr>" for r in b[2]]
            L.append("</table>")
        elif kind == "box":
            box: Box = b[1]
            if box.kind == "list":
                L.append('<table border="1" cellspacing="0" cellpadding="6" width="90%" align="center"><tr><td bgcolor="#F2F2F2">')
                L.append(f'<p align="center"><b>{e(box_heading(box))}</b></p>')
                L += [f"<p>{nb}{e(it['text'])}</p>" for it in box.items]
                L.append("</td></tr></table>")
            else:
                L.append(f'<p align="center"><b>{e(box_heading(box))}</b></p>')
                L.append('<table border="1" cellspacing="0" cellpadding="0" width="95%" align="center">')
                L.append("<tr>" + "".join(f'<td align="center"><b>{e(h)}</b></td>' for h in box.columns) + "</tr>")
                spans = merge_runs(box)
                for i, r in enumerate(table_rows(box)):
                    tds = []
                    for j, v in enumerate(r):
                        sp = spans[(i, box.columns[j])]
                        if sp:
                            tds.append(f"<td{f' rowspan={sp}' if sp > 1 else ''}>{e(v)}</td>")
                    L.append("<tr>" + "".join(tds) + "</tr>")
                L.append("</table>")
                if box.note:
                    L.append(f"<p>{e(box.note)}</p>")
            L.append("<p>&nbsp;</p>")
    flush()
    L += ["</div>", '<div class="print">【<a href="javascript:window.print()">打印正文</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>',
          "</div>",
          '<div class="foot">主办单位：重庆市人民政府办公厅　技术支持：重庆市大数据应用发展管理局<br />'
          '网站标识码：5000000095　渝ICP备05003300号-1　渝公网安备50010302000220号<br />'
          '<a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">使用帮助</a></div>',
          '<script type="text/javascript">document.getElementById("today").innerHTML=new Date().toLocaleDateString();</script>']
    if form:
        L.append("</form>")
    L += ["</body>", "</html>"]
    text = "\r\n".join(L) + "\r\n"
    out.write_bytes(text.encode("gbk", errors="xmlcharrefreplace"))
    return {"variant": var, "form": form}


# ---------------------------------------------------------------------------
# 5. PDFs: pdf-gongwen (公文 layout, a flat ODT printed by LibreOffice) and pdf-web (a web page
#    printed by Chromium with the browser's own header and footer)
# ---------------------------------------------------------------------------

GW_FONTS = """<office:font-face-decls>
 <style:font-face style:name="AR PL UMing CN" svg:font-family="'AR PL UMing CN'" style:font-family-generic="roman"/>
 <style:font-face style:name="AR PL UKai CN" svg:font-family="'AR PL UKai CN'" style:font-family-generic="script"/>
 <style:font-face style:name="Noto Sans CJK SC" svg:font-family="'Noto Sans CJK SC'" style:font-family-generic="swiss"/>
 <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'" style:font-family-generic="roman"/>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman"/>
</office:font-face-decls>"""


NOSNAP = ' style:snap-to-layout-grid="false"'


def gw_pstyle(name: str, font="AR PL UMing CN", size="15.8pt", align="justify", indent="1.11cm", color=None,
              extra_p="", extra_t="", parent="Standard") -> str:
    pp = {"fo:text-align": align, "fo:text-indent": indent, "fo:margin-top": "0cm", "fo:margin-bottom": "0cm"}
    pp.update(re.findall(r'(\S+)="([^"]*)"', extra_p))
    col = f' fo:color="{color}"' if color else ""
    attrs = " ".join(f'{k}="{v}"' for k, v in pp.items())
    return (f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="{parent}">'
            f'<style:paragraph-properties {attrs}/>'
            f'<style:text-properties style:font-name="Liberation Serif" fo:font-size="{size}" style:font-name-asian="{font}" '
            f'style:font-size-asian="{size}"{col}{extra_t}/></style:style>')


def gongwen_styles(title: str) -> str:
    """公文 layout: A4, 版心 156 x 225 mm (top 37, bottom 35, left 28, right 26), a line grid of
    22 lines, 3号 body (28 characters a line), the plan title as running header on the outer
    side (right on odd pages, left on even), 「— N —」 page numbers on the outer side."""
    ps = [
        gw_pstyle("Body"),
        gw_pstyle("Center", align="center", indent="0cm"),
        gw_pstyle("Right", align="end", indent="0cm", extra_p=' fo:margin-right="2.2cm"'),
        gw_pstyle("Left", align="start", indent="0cm"),
        gw_pstyle("RedHead", font="Noto Serif CJK SC", size="26pt", align="center", indent="0cm", color="#d40000",
                  extra_t=' fo:font-weight="bold" style:font-weight-asian="bold"'),
        gw_pstyle("DocNo", align="center", indent="0cm",
                  extra_p=' fo:padding-bottom="0.3cm" fo:border-bottom="1.5pt solid #d40000" fo:margin-bottom="0.8cm"'),
        gw_pstyle("NoticeTitle", font="Noto Serif CJK SC", size="22pt", align="center", indent="0cm",
                  extra_t=' fo:font-weight="bold" style:font-weight-asian="bold"'),
        gw_pstyle("PlanTitle", font="Noto Serif CJK SC", size="22pt", align="center", indent="0cm",
                  extra_p=' fo:margin-bottom="1cm"', extra_t=' fo:font-weight="bold" style:font-weight-asian="bold"'),
        gw_pstyle("PlanTitleBreak", font="Noto Serif CJK SC", size="22pt", align="center", indent="0cm",
                  extra_p=' fo:margin-bottom="1cm" fo:break-before="page"',
                  extra_t=' fo:font-weight="bold" style:font-weight-asian="bold"'),
        gw_pstyle("H1c", font="Noto Sans CJK SC", align="center", indent="0cm", extra_p=' fo:keep-with-next="always"'),
        gw_pstyle("H1", font="Noto Sans CJK SC", extra_p=' fo:keep-with-next="always"'),
        gw_pstyle("H2", font="AR PL UKai CN", extra_p=' fo:keep-with-next="always"'),
        gw_pstyle("H3", extra_p=' fo:keep-with-next="always"',
                  extra_t=' fo:font-weight="bold" style:font-weight-asian="bold"'),
        gw_pstyle("BoxTitle", font="Noto Sans CJK SC", size="14pt", align="center", indent="0cm",
                  extra_p=NOSNAP + ' fo:margin-bottom="0.15cm" fo:keep-with-next="always"'),
        gw_pstyle("BoxItem", font="AR PL UKai CN", size="13.5pt", extra_p=' fo:line-height="130%"' + NOSNAP),
        gw_pstyle("BoxNote", size="10.5pt", indent="0cm", extra_p=NOSNAP + ' fo:line-height="120%"'),
        gw_pstyle("Caption", font="Noto Sans CJK SC", size="14pt", align="center", indent="0cm",
                  extra_p=' fo:keep-with-next="always"'),
        gw_pstyle("Cell", size="10.5pt", align="start", indent="0cm", extra_p=NOSNAP + ' fo:line-height="115%"'),
        gw_pstyle("CellHead", font="Noto Sans CJK SC", size="10.5pt", align="center", indent="0cm",
                  extra_p=NOSNAP + ' fo:line-height="115%"'),
        gw_pstyle("Cell2", size="9pt", align="start", indent="0cm", extra_p=NOSNAP + ' fo:line-height="110%"'),
        gw_pstyle("CellHead2", font="Noto Sans CJK SC", size="9pt", align="center", indent="0cm",
                  extra_p=NOSNAP + ' fo:line-height="110%"'),
        gw_pstyle("HdrR", size="10.5pt", align="end", indent="0cm"),
        gw_pstyle("HdrL", size="10.5pt", align="start", indent="0cm"),
        gw_pstyle("FtrR", size="14pt", align="end", indent="0cm", extra_p=' fo:margin-right="0.55cm"'),
        gw_pstyle("FtrL", size="14pt", align="start", indent="0cm", extra_p=' fo:margin-left="0.55cm"'),
        gw_pstyle("Break", size="2pt", indent="0cm", extra_p=' fo:break-before="page"'),
        gw_pstyle("ColBreak", size="2pt", indent="0cm", extra_p=NOSNAP + ' fo:break-before="column"'),
    ]
    return f"""<office:styles>
 <style:default-style style:family="paragraph"><style:paragraph-properties style:writing-mode="page"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="15.8pt" fo:language="en" fo:country="US"
   style:font-name-asian="AR PL UMing CN" style:font-size-asian="15.8pt" style:language-asian="zh" style:country-asian="CN"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 {''.join(ps)}
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pmGW"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   style:page-usage="all" fo:margin-top="2.6cm" fo:margin-bottom="2.4cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"
   style:layout-grid-mode="line" style:layout-grid-lines="22" style:layout-grid-base-height="1.0cm"
   style:layout-grid-ruby-height="0cm" style:layout-grid-color="#c0c0c0" style:layout-grid-print="false"
   style:layout-grid-display="false" style:layout-grid-snap-to="true"/>
  <style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.7cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.6cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="BoxTbl" style:family="table"><style:table-properties style:width="15.6cm" table:align="margins"
   fo:margin-top="0.2cm" fo:margin-bottom="0.3cm" fo:background-color="#e4e4e4"/></style:style>
 <style:style style:name="BoxCell" style:family="table-cell"><style:table-cell-properties fo:padding-left="0.35cm"
   fo:padding-right="0.35cm" fo:padding-top="0.2cm" fo:padding-bottom="0.25cm" fo:border="none" fo:background-color="#e4e4e4"/></style:style>
 <style:style style:name="DataTbl" style:family="table"><style:table-properties style:width="14.8cm" table:align="center"/></style:style>
 <style:style style:name="DataTbl2" style:family="table"><style:table-properties style:width="7.4cm" table:align="margins"/></style:style>
 <style:style style:name="DCell" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm"
   fo:border="0.6pt solid #000000" style:vertical-align="middle"/></style:style>
 <style:style style:name="TwoCol" style:family="section"><style:section-properties text:dont-balance-text-columns="false">
   <style:columns fo:column-count="2" fo:column-gap="0.5cm"/></style:section-properties></style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pmGW">
  <style:header><text:p text:style-name="HdrR">{xesc(title)}</text:p></style:header>
  <style:header-left><text:p text:style-name="HdrL">{xesc(title)}</text:p></style:header-left>
  <style:footer><text:p text:style-name="FtrR">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
  <style:footer-left><text:p text:style-name="FtrL">— <text:page-number text:select-page="current">2</text:page-number> —</text:p></style:footer-left>
 </style:master-page>
</office:master-styles>"""


def gw_table(header, rows, spans=None, columns=None, style="DataTbl", col_styles: list | None = None) -> str:
    """A ruled table; `col_styles` collects one automatic style per column (widths by content)."""
    n = len(header)
    width = 7.4 if style == "DataTbl2" else 14.8
    if col_styles is not None:
        ws = widths_for([header] + rows, 1000, 150 if style == "DataTbl2" else 90)
        names = []
        for j, w in enumerate(ws):
            name = f"col{len(col_styles)}"
            col_styles.append(f'<style:style style:name="{name}" style:family="table-column"><style:table-column-properties '
                              f'style:column-width="{width * w / sum(ws):.3f}cm"/></style:style>')
            names.append(name)
        cols = "".join(f'<table:table-column table:style-name="{c}"/>' for c in names)
    else:
        cols = f'<table:table-column table:number-columns-repeated="{n}"/>'
    small = "2" if style == "DataTbl2" else ""
    out = [f'<table:table table:style-name="{style}">{cols}']
    out.append("<table:table-header-rows><table:table-row>" + "".join(
        f'<table:table-cell table:style-name="DCell" office:value-type="string"><text:p text:style-name="CellHead{small}">'
        f'{xesc(h)}</text:p></table:table-cell>' for h in header) + "</table:table-row></table:table-header-rows>")
    for i, r in enumerate(rows):
        cells = []
        for j, v in enumerate(r):
            sp = spans.get((i, columns[j]), 1) if spans else 1
            if sp == 0:
                cells.append("<table:covered-table-cell/>")
                continue
            rs = f' table:number-rows-spanned="{sp}"' if sp > 1 else ""
            cells.append(f'<table:table-cell table:style-name="DCell"{rs} office:value-type="string">'
                         f'<text:p text:style-name="Cell{small}">{xesc(v)}</text:p></table:table-cell>')
        out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


def two_col_tables(header, rows, cols: list) -> str:
    """An indicator table set in two columns: the first half of the rows in the left column,
    the rest (under a repeated header row) in the right one."""
    half = (len(rows) + 1) // 2
    return (gw_table(header, rows[:half], style="DataTbl2", col_styles=cols)
            + '<text:p text:style-name="ColBreak"/>'
            + gw_table(header, rows[half:], style="DataTbl2", col_styles=cols))


def shaded_box(inner: str) -> str:
    """A 专栏 as a filled, unruled rectangle: a borderless one-cell table with a grey fill
    (it flows over a page break, unlike a frame)."""
    return ('<table:table table:style-name="BoxTbl"><table:table-column/><table:table-row>'
            f'<table:table-cell table:style-name="BoxCell" office:value-type="string">{inner}</table:table-cell>'
            '</table:table-row></table:table>')


def make_gongwen_fodt(plan: Plan, out: Path) -> dict:
    body: list[str] = []
    cols: list[str] = []
    fam = {s.level: s.family for s in plan.sections}
    two_col = 0
    red_done = False
    bl = blocks(plan)
    for idx, b in enumerate(bl):
        kind = b[0]
        if kind == "notice":
            t = xesc(b[1])
            if b[2] == "center" and re.search(r"〔\d{4}〕\d+号$", b[1]):
                body.append(f'<text:p text:style-name="DocNo">{t}</text:p>')
            elif b[2] == "center" and not red_done and "关于" not in b[1] and len(b[1]) < 20:
                body.append(f'<text:p text:style-name="RedHead">{t}</text:p>')
            elif b[2] == "center":
                red_done = True
                body.append(f'<text:p text:style-name="NoticeTitle">{t}</text:p>')
            else:
                st = {"right": "Right", "left": "Left"}.get(b[2], "Body")
                body.append(f'<text:p text:style-name="{st}">{t}</text:p>')
        elif kind == "title":
            st = "PlanTitleBreak" if plan.notice else "PlanTitle"
            body.append(f'<text:p text:style-name="{st}">{xesc(b[1])}</text:p>')
        elif kind == "para":
            body.append(f'<text:p text:style-name="Body">{xesc(b[1])}</text:p>')
        elif kind == "heading":
            s: Section = b[1]
            st = {1: "H1c" if fam[1] in ("篇", "章") else "H1", 2: "H2"}.get(s.level, "H3")
            body.append(f'<text:p text:style-name="{st}">{xesc(heading_text(s))}</text:p>')
        elif kind == "caption":
            if idx + 1 < len(bl) and bl[idx + 1][0] == "table":
                continue          # set with its table, on the two-column page
            body.append(f'<text:p text:style-name="Caption">{xesc(b[1])}</text:p>')
        elif kind == "table":
            cap = bl[idx - 1][1] if idx and bl[idx - 1][0] == "caption" else None
            body.append('<text:p text:style-name="Break"/>')
            if cap:
                body.append(f'<text:p text:style-name="Caption">{xesc(cap)}</text:p>')
            body.append(f'<text:section text:style-name="TwoCol" text:name="指标表{two_col + 1}">'
                        + two_col_tables(b[1], b[2], cols) + "</text:section>")
            body.append('<text:p text:style-name="Break"/>')
            two_col += 1
        elif kind == "box":
            box: Box = b[1]
            inner = f'<text:p text:style-name="BoxTitle">{xesc(box_heading(box))}</text:p>'
            if box.kind == "list":
                inner += "".join(f'<text:p text:style-name="BoxItem">{xesc(it["text"])}</text:p>' for it in box.items)
                body.append(shaded_box(inner))
            elif len(box.items) >= 12:
                # a long indicator table: its own page, the table set in two columns
                body.append('<text:p text:style-name="Break"/>')
                body.append(shaded_box(inner))
                body.append(f'<text:section text:style-name="TwoCol" text:name="指标表{two_col + 1}">'
                            + two_col_tables(box.columns, table_rows(box), cols) + "</text:section>")
                if box.note:
                    body.append(f'<text:p text:style-name="BoxNote">{xesc(box.note)}</text:p>')
                body.append('<text:p text:style-name="Break"/>')
                two_col += 1
            else:
                inner += gw_table(box.columns, table_rows(box), merge_runs(box), box.columns, col_styles=cols)
                if box.note:
                    inner += f'<text:p text:style-name="BoxNote">{xesc(box.note)}</text:p>'
                body.append(shaded_box(inner))
    ns = " ".join(f'xmlns:{p}="{u}"' for p, u in ODF_NS.items())
    doc = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {ns} office:version="1.3" '
           f'office:mimetype="application/vnd.oasis.opendocument.text">'
           f'<office:meta><dc:title>{xesc(plan.title)}</dc:title></office:meta>'
           f'{GW_FONTS}{gongwen_styles(plan.title).replace("</office:automatic-styles>", "".join(cols) + "</office:automatic-styles>")}'
           f'<office:body><office:text>'
           + "\n".join(body) + "</office:text></office:body></office:document>\n")
    out.write_text(doc, encoding="utf-8")
    return {"two_column_pages": two_col}


def make_pdf_gongwen(plans: list[Plan], out_dir: Path, work: Path) -> list[str]:
    rep, files = [], []
    for plan in plans:
        f = work / f"{plan.stem}.fodt"
        info = make_gongwen_fodt(plan, f)
        files.append(f)
        rep.append(f"{plan.stem}: two-column table pages {info['two_column_pages']}")
    soffice_convert(files, "pdf:writer_pdf_Export", out_dir)
    return rep


CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
                "--run-all-compositor-stages-before-draw"]


def chromium() -> str:
    c = tool("chromium", "chromium-browser", "google-chrome")
    if not c:
        raise SystemExit("chromium not found: apt-get install -y chromium")
    return c


def chrome_print(url: str, out: Path, profile: str, header_footer: bool, extra: list[str] = ()):
    cmd = [chromium()] + CHROME_FLAGS + [f"--user-data-dir={profile}", f"--print-to-pdf={out}"] + list(extra)
    if not header_footer:
        cmd.append("--no-pdf-header-footer")
    if out.exists():
        out.unlink()
    r = run(cmd + [url], timeout=300)
    if not out.exists() or out.stat().st_size == 0:
        raise SystemExit(f"chromium failed on {url}: {r.stderr[-2000:]}")


def trs_url(plan: Plan) -> str:
    d = (plan.issued_date or "2021-06-30").replace("-", "")
    return f"http://www.cq.gov.cn/zwgk/zfxxgkml/ghxx/zxgh/{d[:6]}/t{d}_{10736500 + int(plan.stem[:3])}.html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def make_pdf_web(plans: list[Plan], trs_dir: Path, out_dir: Path, work: Path) -> list[str]:
    """Serve the html-trs pages at their www.cq.gov.cn paths from 127.0.0.1 (Chromium maps the
    host there), and print each with Chromium's default header/footer: date and page title at the
    top, the URL and page n/m at the bottom, as a person printing the page gets."""
    root = work / "site"
    urls = {}
    for plan in plans:
        url = trs_url(plan)
        path = root / url.split("www.cq.gov.cn/", 1)[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(trs_dir / f"{plan.stem}.html", path)
        urls[plan.stem] = url
    handler = lambda *a, **k: _Quiet(*a, directory=str(root), **k)   # noqa: E731
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as httpd:
        port = httpd.server_address[1]
        t = threading.Thread(target=httpd.serve_forever, daemon=True)
        t.start()
        try:
            with tempfile.TemporaryDirectory(prefix="r2-chrome-") as prof:
                for plan in plans:
                    chrome_print(urls[plan.stem], out_dir / f"{plan.stem}.pdf", prof, header_footer=True,
                                 extra=[f"--host-resolver-rules=MAP www.cq.gov.cn 127.0.0.1:{port}"])
        finally:
            httpd.shutdown()
    return [f"{s}: printed from {u}" for s, u in urls.items()]


# ---------------------------------------------------------------------------
# 6. Text pasted into Notepad: txt-paste (copied from the html-trs pages) and
#    txt-paste-word (copied from a Word document: tables one cell per line)
# ---------------------------------------------------------------------------

# stem prefix -> (encoding, newline, blank line between paragraphs)
PASTE_VARIANTS = {
    "000": ("utf-8", "\n", False),
    "001": ("gb18030", "\r\n", True),
    "002": ("utf-8-sig", "\r\n", False),
    "003": ("gb18030", "\r\n", True),
    "004": ("utf-8", "\n", False),
}
PASTE_WORD_VARIANTS = {
    "000": ("gb18030", "\r\n"),
    "001": ("utf-8", "\r\n"),
    "002": ("utf-8", "\r\n"),
    "003": ("utf-8-sig", "\r\n"),
    "004": ("gb18030", "\r\n"),
}


def write_text(out: Path, lines: list[str], enc: str, nl: str):
    out.write_bytes(nl.join(lines).encode(enc) + nl.encode(enc))


def make_txt_paste(plan: Plan, out: Path) -> dict:
    """What a browser puts on the clipboard when the article of the html-trs page is selected
    and copied: block elements on their own lines (a blank line between paragraphs in some
    pages), the 　　 of the page source kept, table rows as lines with cells separated by tabs
    (a cell covered by a rowspan is simply absent), the <p>/<br> lines of a one-cell 专栏 as a
    plain run of lines."""
    key = plan.stem[:3]
    enc, nl, blank = PASTE_VARIANTS[key]
    L: list[str] = []

    def para(t: str):
        if blank and L and L[-1] != "":
            L.append("")
        L.append(t)
        if blank:
            L.append("")

    if not plan.notice:
        para(plan.title)                  # the page template's title, selected with the article
    for b in blocks(plan):
        kind = b[0]
        if kind == "notice":
            para(b[1])
        elif kind == "title":
            if plan.notice:
                para(b[1])
        elif kind == "para":
            para("　　" + b[1])
        elif kind == "heading":
            para(heading_text(b[1]))
        elif kind == "caption":
            continue
        elif kind == "table":
            cap = next((x[1] for x in reversed(blocks_upto(plan, b)) if x[0] == "caption"), None)
            rows = ([cap] if cap else []) + ["\t".join(b[1])] + ["\t".join(r) for r in b[2]]
            if blank and L and L[-1] != "":
                L.append("")
            L += rows
        elif kind == "box":
            box: Box = b[1]
            if blank and L and L[-1] != "":
                L.append("")
            L.append(box_heading(box))
            if box.kind == "list":
                L += [it["text"] for it in box.items]
            else:
                spans = merge_runs(box)
                L.append("\t".join(box.columns))
                for i, r in enumerate(table_rows(box)):
                    L.append("\t".join(v for j, v in enumerate(r) if spans[(i, box.columns[j])] != 0))
                if box.note:
                    L.append(box.note)
    while L and L[-1] == "":
        L.pop()
    write_text(out, L, enc, nl)
    return {"encoding": enc, "crlf": nl == "\r\n", "blank_lines": blank}


def make_txt_paste_word(plan: Plan, out: Path) -> dict:
    """A Word document's text copied into Notepad: one paragraph a line, no indentation, the
    automatic heading numbers as text (a tab after 第X章 in 000, a space elsewhere), and every
    table as one cell per line with a blank line between rows (an empty merged cell is an
    empty line too)."""
    key = plan.stem[:3]
    enc, nl = PASTE_WORD_VARIANTS[key]
    L: list[str] = []

    def table(rows: list[list[str]]):
        for r in rows:
            L.extend(r)
            L.append("")

    for b in blocks(plan):
        kind = b[0]
        if kind in ("notice", "title", "para", "caption"):
            L.append(b[1])
        elif kind == "heading":
            L.append(heading_text(b[1], "\t" if key == "000" else " "))
        elif kind == "table":
            table([b[1]] + b[2])
        elif kind == "box":
            box: Box = b[1]
            if box.kind == "list":     # a one-cell table: its paragraphs, then the row's end
                table([[box_heading(box)] + [it["text"] for it in box.items]])
            else:
                L.append(box_heading(box))
                spans = merge_runs(box)
                rows = [box.columns] + [[v if spans[(i, box.columns[j])] != 0 else "" for j, v in enumerate(r)]
                                        for i, r in enumerate(table_rows(box))]
                table(rows)
                if box.note:
                    L.append(box.note)
    while L and L[-1] == "":
        L.pop()
    write_text(out, L, enc, nl)
    return {"encoding": enc, "crlf": nl == "\r\n"}


# ---------------------------------------------------------------------------
# 7. docx-notice: the 印发通知 first, under its own title; the plan's title follows
# ---------------------------------------------------------------------------

def notice_parts(plan: Plan) -> tuple[list[str], str, list[str], bool]:
    """(lines before the notice title, the notice title, lines after it, title_in_notice).
    Scraped notice lines (002) are cut where a web page would have started a new line; when
    the plan's own title is among them (002's cover), it is set as the plan title there."""
    pieces: list[str] = []
    for ln in plan.notice:
        for cut in (r"(?<=通知)(?=发布日期)", r"(?<=\d{2})(?=重庆市人民政府)", r"(?<=通知)(?=渝)", r"(?<=号)(?=各)",
                    r"(?<=：)(?=现将|《)", r"(?<=日)(?=（此件公开发布）)", r"(?<=（此件公开发布）)",
                    r"(?<=人民政府)(?=\d{4}年)", r"(?<=年）)(?=\d{4}年\d+月$)"):
            ln = re.sub(cut, "\n", ln)
        pieces += [x for x in ln.split("\n") if x]
    addressee = next((i for i, x in enumerate(pieces) if x.endswith(("：", "单位")) or x.startswith("各")), len(pieces))
    title_at = [i for i, x in enumerate(pieces[:addressee]) if x.endswith("通知")]
    end = title_at[-1] if title_at else -1
    start = end
    while start > 0 and len(pieces[start - 1]) < 30 and not re.search(r"\d", pieces[start - 1]) \
            and not pieces[start - 1].endswith("通知"):
        start -= 1
    before, title, after = pieces[:start], "".join(pieces[start:end + 1]), pieces[end + 1:]
    return before, title, after, plan.title in after


def make_docx_notice(plan: Plan, out: Path) -> dict:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    from tests.conversions.make_conversions import set_east_asian
    doc = docx_base(plan, "docx-notice", body_east="仿宋_GB2312", body_size=16)
    before, ntitle, after, title_in_notice = notice_parts(plan)
    doc.core_properties.title = ntitle       # the file is named after its covering notice
    for lvl, size, font in ((1, 16, "黑体"), (2, 16, "楷体_GB2312"), (3, 16, "仿宋_GB2312")):
        st = doc.styles[f"Heading {lvl}"]
        st.font.size = Pt(size)
        st.font.color.rgb = None
        set_east_asian(st, font, "Times New Roman")
    tst = doc.styles["Title"]
    set_east_asian(tst, "方正小标宋简体", "Times New Roman")
    tst.font.size = Pt(22)
    tst.font.color.rgb = None

    def p(text, style=None, align=None, indent=True, bold=False):
        para = doc.add_paragraph(style=style)
        r = para.add_run(text)
        r.bold = bold or None
        if align:
            para.alignment = align
        elif indent and style is None:
            para.paragraph_format.first_line_indent = Pt(32)
        return para

    C, R = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    for x in before:
        p(x, align=C)
    p(ntitle, style="Title", align=C)
    for x in after:
        if x == plan.title:
            tp = p(x, style="Title", align=C)
            tp.paragraph_format.page_break_before = True
        elif re.search(r"〔\d{4}〕\d+号$", x):
            p(x, align=C)
        elif x.endswith(("：", "单位")) or x.startswith("各"):
            p(x, indent=False)
        elif len(x) <= 24 and not x.endswith("。"):
            p(x, align=R)
        else:
            p(x)
    n_tables = 0
    for b in blocks(plan):
        kind = b[0]
        if kind == "notice":
            continue
        if kind == "title":
            if not title_in_notice:
                tp = p(b[1], style="Title", align=C)
                tp.paragraph_format.page_break_before = True
        elif kind == "para":
            p(b[1])
        elif kind == "heading":
            s: Section = b[1]
            h = doc.add_heading(heading_text(s), level=min(s.level, 3))
            if s.level == 1 and s.family in ("篇", "章"):
                h.alignment = C
        elif kind == "caption":
            p(b[1], style="Caption", align=C)
        elif kind in ("table", "box"):
            if kind == "table":
                rows = [b[1]] + b[2]
                t = doc.add_table(rows=len(rows), cols=len(b[1]))
                t.style = doc.styles["Table Grid"]
                for i, r in enumerate(rows):
                    for j, v in enumerate(r):
                        t.cell(i, j).text = v
            else:
                box: Box = b[1]
                if box.kind == "list":
                    # a two-row table: the 专栏 title row, then every item in one cell
                    t = doc.add_table(rows=2, cols=1)
                    t.style = doc.styles["Table Grid"]
                    c0 = t.cell(0, 0)
                    c0.paragraphs[0].add_run(box_heading(box)).bold = True
                    c0.paragraphs[0].alignment = C
                    c1 = t.cell(1, 0)
                    c1.paragraphs[0].add_run(box.items[0]["text"])
                    for it in box.items[1:]:
                        c1.add_paragraph(it["text"])
                else:
                    p(box_heading(box), align=C, bold=True)
                    rows = [box.columns] + table_rows(box)
                    t = doc.add_table(rows=len(rows), cols=len(box.columns))
                    t.style = doc.styles["Table Grid"]
                    spans = merge_runs(box)
                    for i, r in enumerate(rows):
                        for j, v in enumerate(r):
                            if i and spans[(i - 1, box.columns[j])] == 0:
                                continue
                            t.cell(i, j).text = v
                    for (i, col), n in spans.items():
                        if n > 1:
                            j = box.columns.index(col)
                            t.cell(i + 1, j).merge(t.cell(i + n, j))
                    if box.note:
                        p(box.note, indent=False)
            n_tables += 1
            doc.add_paragraph()
    doc.save(out)
    return {"notice_title": ntitle, "title_in_notice": title_in_notice, "tables": n_tables}


# ---------------------------------------------------------------------------
# 8. Checks: read every output back and compare it with the store
# ---------------------------------------------------------------------------

def docx_text(path: Path) -> tuple[str, str]:
    """(all w:t text of the body, with text boxes counted once and w:delText left out;
    the raw document.xml)."""
    from lxml import etree
    xml = zipfile.ZipFile(path).read("word/document.xml")
    root = etree.fromstring(xml)
    for fb in root.iter(f"{{{DOCX_NS['mc']}}}Fallback"):
        fb.clear()
    return "".join(t.text or "" for t in root.iter(f"{{{W_NS}}}t")), xml.decode()


def html_text(path: Path) -> tuple[str, str]:
    import lxml.html
    raw = path.read_bytes()
    m = re.search(rb'charset=["\']?([\w-]+)', raw[:3000])
    enc = m.group(1).decode().lower() if m else "utf-8"
    text = raw.decode("gb18030" if enc in ("gb2312", "gbk", "gb18030") else enc)
    doc = lxml.html.document_fromstring(text)
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    return doc.text_content(), enc


def pdf_pages(path: Path) -> list[str]:
    r = run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"])
    return r.stdout.split("\f")


def pdf_body_text(path: Path) -> str:
    """Every page without its first and last non-empty line (running header, footer)."""
    out = []
    for pg in pdf_pages(path):
        lines = [ln for ln in pg.splitlines() if ln.strip()]
        out += lines[1:-1]
    return "\n".join(out)


def txt_text(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc), ("utf-8-bom" if raw.startswith(b"\xef\xbb\xbf") else enc.replace("-sig", ""))
        except UnicodeDecodeError:
            continue
    raise ValueError(path)


def presence(plan: Plan, flat_doc: str, with_heads=True, with_cells=True) -> tuple[int, int, list[str]]:
    heads, texts = key_texts(plan)
    cells = set()
    for b in blocks(plan):
        if b[0] == "table":
            cells |= set(b[1]) | {c for r in b[2] for c in r}
        elif b[0] == "box" and b[1].kind == "table":
            cells |= set(b[1].columns) | {v for it in b[1].items for v in it["cells"].values()}
    want = (heads if with_heads else []) + [t for t in texts if with_cells or t not in cells]
    missing = [t for t in want if flat(t) not in flat_doc]
    return len(want) - len(missing), len(want), missing


def lo_rendered_lines(docx: Path, work: Path) -> list[str]:
    """The docx as LibreOffice shows it (list labels included), via its text export."""
    out = work / "lo-txt"
    out.mkdir(exist_ok=True)
    soffice_convert([docx], "txt:Text (encoded):UTF8", out)
    return [ln.strip().lstrip("\ufeff") for ln in (out / f"{docx.stem}.txt").read_text(encoding="utf-8").splitlines()]


def check_outputs(plans: list[Plan], dirs: dict[str, Path], work: Path) -> list[str]:
    rep = []
    for plan in plans:
        st = plan.stem
        n_box = sum(len(s.boxes) for s in plan.sections)
        auto = {s.id for s in plan.sections if level_plan(plan)[3][s.id] is not None}
        # lo-odt: text (boxes once), the labels LibreOffice renders, its own markup
        f = dirs["lo-odt"] / f"{st}.docx"
        text, xml = docx_text(f)
        ok, n, miss = presence(plan, flat(text), with_heads=False)
        assert not miss, (f.name, "lo-odt", miss[:3])
        rendered = {flat(x) for x in lo_rendered_lines(f, work)}
        lab_miss = [heading_text(s) for s in plan.sections if flat(heading_text(s)) not in rendered]
        assert not lab_miss, (f.name, "lo-odt labels", lab_miss[:3])
        assert xml.count("<mc:AlternateContent") == n_box and "Table of Contents" in xml, (f.name, "lo-odt markup")
        rep.append(f"lo-odt/{f.name}: {n} key texts, {len(plan.sections)} headings rendered by LibreOffice with their "
                   f"labels, {n_box} 专栏 text boxes, TOC sdt")
        # docx-textbox: style numbering gives the labels
        f = dirs["docx-textbox"] / f"{st}.docx"
        text, xml = docx_text(f)
        ok, n, miss = presence(plan, flat(text), with_heads=False)
        assert not miss, (f.name, "docx-textbox", miss[:3])
        shown = docx_labels(f)
        want = [(s.label, s.title) for s in plan.sections if s.id in auto]
        assert shown == want, (f.name, "docx-textbox labels")
        assert xml.count("<w:txbxContent>") == 2 * n_box and xml.count("<w:hyperlink ") >= 10
        rep.append(f"docx-textbox/{f.name}: {n} key texts, {len(shown)} style-numbered headings "
                   f"(+{len(plan.sections) - len(shown)} typed), {n_box} text boxes (x2: wps + VML)")
        # docx-notice
        if plan.notice:
            f = dirs["docx-notice"] / f"{st}.docx"
            text, xml = docx_text(f)
            ok, n, miss = presence(plan, flat(text))
            assert not miss, (f.name, "docx-notice", miss[:3])
            rep.append(f"docx-notice/{f.name}: {n} key texts; notice title 《{notice_parts(plan)[1][:24]}…》")
        # web pages
        for k in ("html-trs", "html-zoom-gbk"):
            f = dirs[k] / f"{st}.html"
            text, enc = html_text(f)
            ok, n, miss = presence(plan, flat(text))
            assert not miss, (f.name, k, miss[:3])
            rep.append(f"{k}/{f.name}: {enc}, {n} key texts")
        # PDFs: every heading, paragraph and 专栏 text (table cells may wrap inside their cell)
        for k in ("pdf-gongwen", "pdf-web"):
            f = dirs[k] / f"{st}.pdf"
            body = flat(pdf_body_text(f))
            ok, n, miss = presence(plan, body, with_cells=False)
            okc, nc, _ = presence(plan, body)
            pages = len(pdf_pages(f)) - 1
            assert not miss, (f.name, k, miss[:3])
            rep.append(f"{k}/{f.name}: {pages} pages, {f.stat().st_size // 1024} KB, {n} key texts; "
                       f"table cells verbatim {okc - ok}/{nc - n}")
        # pasted text
        for k in ("txt-paste", "txt-paste-word"):
            f = dirs[k] / f"{st}.txt"
            text, enc = txt_text(f)
            ok, n, miss = presence(plan, flat(text))
            assert not miss, (f.name, k, miss[:3])
            rep.append(f"{k}/{f.name}: {enc}{', CRLF' if chr(13) in text else ''}, {n} key texts")
    return rep


# ---------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("/tmp/r2-key"),
                    help="data dir holding plans.sqlite (built with plandesk if missing)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the store first")
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--only", nargs="*", choices=FOLDERS, help="make only these folders")
    ap.add_argument("--no-check", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.time()
    db = args.data / "plans.sqlite"
    if args.rebuild or not db.exists():
        print(f"building the store: {PLANDESK} build --data {args.data}")
        r = run([str(PLANDESK), "build", "--data", str(args.data)])
        if r.returncode != 0:
            raise SystemExit(r.stderr)
    plans = load_plans(db)
    want = set(args.only or FOLDERS)
    if "pdf-web" in want:
        want.add("html-trs")
    dirs = {k: args.out / k for k in FOLDERS}
    for k in want:
        if dirs[k].exists():
            shutil.rmtree(dirs[k])
        dirs[k].mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="r2-work-") as tmp:
        work = Path(tmp)
        if "lo-odt" in want:
            (work / "lo").mkdir()
            for line in make_lo_odt(plans, dirs["lo-odt"], work / "lo"):
                print("  lo-odt", line)
        for plan in plans:
            if "docx-textbox" in want:
                info = make_docx_textbox(plan, dirs["docx-textbox"] / f"{plan.stem}.docx")
                print(f"  docx-textbox {plan.stem}: {info['auto']} style-numbered headings, typed {info['literal'] or 'none'}, "
                      f"{info['instances']} list instance(s), restart by level {info['restart']}, {info['boxes']} text boxes")
            if "html-trs" in want:
                make_html_trs(plan, dirs["html-trs"] / f"{plan.stem}.html", trs_url(plan))
            if "html-zoom-gbk" in want:
                info = make_html_zoom(plan, dirs["html-zoom-gbk"] / f"{plan.stem}.html")
                print(f"  html-zoom-gbk {plan.stem}: {info['variant']}")
            if "txt-paste" in want:
                make_txt_paste(plan, dirs["txt-paste"] / f"{plan.stem}.txt")
            if "txt-paste-word" in want:
                make_txt_paste_word(plan, dirs["txt-paste-word"] / f"{plan.stem}.txt")
            if "docx-notice" in want and plan.notice:
                info = make_docx_notice(plan, dirs["docx-notice"] / f"{plan.stem}.docx")
                print(f"  docx-notice {plan.stem}: 《{info['notice_title']}》, plan title inside the notice: "
                      f"{info['title_in_notice']}")
        if "pdf-gongwen" in want:
            (work / "gw").mkdir()
            for line in make_pdf_gongwen(plans, dirs["pdf-gongwen"], work / "gw"):
                print("  pdf-gongwen", line)
        if "pdf-web" in want:
            (work / "web").mkdir()
            for line in make_pdf_web(plans, dirs["html-trs"], dirs["pdf-web"], work / "web"):
                print("  pdf-web", line)
        t1 = time.time()
        if not args.no_check and want == set(FOLDERS):
            for line in check_outputs(plans, dirs, work):
                print("  ok " + line)
    total = sum(f.stat().st_size for k in want for f in dirs[k].iterdir())
    print(f"generated in {t1 - t0:.1f} s, checked in {time.time() - t1:.1f} s; {total / 1e6:.1f} MB in {len(want)} folders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
