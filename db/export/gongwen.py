"""Word files in official-document (公文, GB/T 9704) format, with python-docx. No Qt.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 仿宋_GB2312
三号 (16 pt) on a fixed 28.9 pt line pitch; title 方正小标宋简体 二号; headings
黑体 / 楷体_GB2312; page numbers "— 1 —" centred in the footer. Chinese fonts
are set as w:eastAsia on every style and run (python-docx's font.name only sets
the Latin font), theme fonts are removed from the heading styles (they would
override the explicit names), the language is zh-CN. Word substitutes a close
font where one is absent (仿宋, 黑体, 宋体 ship with Windows).
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..atomic import replacing

_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
BODY_FONT = "仿宋_GB2312"
HEI = "黑体"
KAI = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
LATIN = "Times New Roman"
BODY_PT = 16          # 三号
TITLE_PT = 22         # 二号
TABLE_PT = 12         # 小四 in tables
LINE_PITCH = 28.9
MARGINS_MM = dict(top=37, bottom=35, left=28, right=26)


def set_fonts(rpr_owner, east_asia: str, latin: str = LATIN) -> None:
    """Set the East-Asian and Latin fonts on a style's or run's rPr explicitly."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)
    _zh_cn(rpr, "w:lang")


def _zh_cn(parent, tag: str) -> None:
    """A language element (w:lang, w:themeFontLang) saying Latin en-US, East-Asian zh-CN."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    el.set(qn("w:val"), "en-US")
    el.set(qn("w:eastAsia"), "zh-CN")


class GongwenDoc:
    def __init__(self, title: str | None = None, subject: str = "", landscape: bool = False):
        self.doc = Document()
        self._setup_page(landscape)
        self._setup_styles()
        self._footer_page_numbers()
        cp = self.doc.core_properties
        cp.title = title or ""
        cp.subject = subject
        cp.author = "PlanDesk"
        cp.language = "zh-CN"
        cp.created = datetime.now()
        # theme language: the default template's is ja-JP
        _zh_cn(self.doc.settings.element, "w:themeFontLang")
        if title:
            self.title(title)

    # ---- page, styles, footer ----
    def _setup_page(self, landscape: bool):
        for s in self.doc.sections:
            s.page_width, s.page_height = Mm(210), Mm(297)
            if landscape:
                s.orientation = WD_ORIENT.LANDSCAPE
                s.page_width, s.page_height = Mm(297), Mm(210)
            s.top_margin = Mm(MARGINS_MM["top"])
            s.bottom_margin = Mm(MARGINS_MM["bottom"])
            s.left_margin = Mm(MARGINS_MM["left"])
            s.right_margin = Mm(MARGINS_MM["right"])
            s.footer_distance = Mm(20)

    def _style(self, name, font, size, bold=False, align=None, before=0, after=0, pitch=LINE_PITCH, indent=None):
        st = self.doc.styles[name]
        set_fonts(st.element, font)
        st.font.size = Pt(size)
        st.font.bold = bold
        st.font.color.rgb = None
        pf = st.paragraph_format
        pf.space_before = Pt(before)
        pf.space_after = Pt(after)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(pitch)
        if align is not None:
            pf.alignment = align
        if indent is not None:
            pf.first_line_indent = indent
        return st

    def _setup_styles(self):
        self._style("Normal", BODY_FONT, BODY_PT, indent=Pt(BODY_PT * 2))
        self._style("Title", TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, after=LINE_PITCH, pitch=36)
        self._style("Heading 1", HEI, BODY_PT, before=LINE_PITCH / 2)
        self._style("Heading 2", KAI, BODY_PT)
        self._style("Heading 3", BODY_FONT, BODY_PT, bold=True)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            st = self.doc.styles[name]
            st.paragraph_format.first_line_indent = Pt(0)
            # the template draws a border under Title and colours headings: not in 公文
            ppr = st.element.get_or_add_pPr()
            for b in ppr.findall(qn("w:pBdr")):
                ppr.remove(b)
        tbl = self.doc.styles["Table Grid"]
        set_fonts(tbl.element, BODY_FONT)

    def _footer_page_numbers(self):
        for s in self.doc.sections:
            p = s.footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = Pt(0)
            self._run(p, "— ", "宋体", 14)
            r = p.add_run()
            set_fonts(r._r, "宋体")
            r.font.size = Pt(14)
            for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
                if kind:
                    fc = OxmlElement("w:fldChar")
                    fc.set(qn("w:fldCharType"), kind)
                    r._r.append(fc)
                else:
                    it = OxmlElement("w:instrText")
                    it.set(qn("xml:space"), "preserve")
                    it.text = text
                    r._r.append(it)
            self._run(p, " —", "宋体", 14)

    # ---- content ----
    def _run(self, p, text, font=BODY_FONT, size=None, bold=False):
        r = p.add_run(_XML_BAD.sub("", text or ""))   # XML can't hold C0 controls: never write one
        set_fonts(r._r, font)
        if size:
            r.font.size = Pt(size)
        r.bold = bold
        return r

    def title(self, text: str):
        p = self.doc.add_paragraph(style="Title")
        self._run(p, text, TITLE_FONT, TITLE_PT)
        return p

    def heading(self, text: str, level: int = 1):
        p = self.doc.add_paragraph(style=f"Heading {level}")
        self._run(p, text, {1: HEI, 2: KAI}.get(level, BODY_FONT), BODY_PT, bold=level >= 3)
        return p

    def para(self, text: str, lead: str | None = None, indent: bool = True, size=None, font=BODY_FONT):
        p = self.doc.add_paragraph(style="Normal")
        if not indent:
            p.paragraph_format.first_line_indent = Pt(0)
        if lead and text.startswith(lead):
            self._run(p, lead, font, size, bold=True)
            self._run(p, text[len(lead):], font, size)
        else:
            self._run(p, text, font, size)
        return p

    def source(self, text: str):
        """（来源：《…》第X章第X节）, in 楷体."""
        p = self.doc.add_paragraph(style="Normal")
        p.paragraph_format.first_line_indent = Pt(0)
        self._run(p, text, KAI, 14)
        return p

    def table(self, columns: list[str], rows: list[list[str]], widths_mm: list[float] | None = None):
        t = self.doc.add_table(rows=1, cols=len(columns))
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for c, name in zip(t.rows[0].cells, columns):
            self._cell(c, name, HEI, center=True)
        # repeat the header row on every page
        trpr = t.rows[0]._tr.get_or_add_trPr()
        hdr = OxmlElement("w:tblHeader")
        hdr.set(qn("w:val"), "true")
        trpr.append(hdr)
        for r in rows:
            cells = t.add_row().cells
            for c, v in zip(cells, r):
                self._cell(c, v or "", BODY_FONT)
        if not widths_mm:
            # a row-key column narrower than the text columns
            text_w = self.text_width_mm()
            n = len(columns)
            widths_mm = [text_w] if n == 1 else [text_w * 0.2] + [text_w * 0.8 / (n - 1)] * (n - 1)
        t.autofit = False
        for col, w in zip(t.columns, widths_mm):
            col.width = Mm(w)
        for row in t.rows:
            for c, w in zip(row.cells, widths_mm):
                c.width = Mm(w)
        self.doc.add_paragraph(style="Normal").paragraph_format.first_line_indent = Pt(0)
        return t

    def text_width_mm(self) -> float:
        sec = self.doc.sections[0]
        return (sec.page_width - sec.left_margin - sec.right_margin) / 36000

    def _cell(self, cell, text, font, center=False):
        p = cell.paragraphs[0]
        p.paragraph_format.first_line_indent = Pt(0)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        self._run(p, text, font, TABLE_PT)

    def save(self, path: str | Path, overwrite: bool = False) -> Path:
        """Write to a temporary name beside the target, then rename: a reader never
        sees half a file. An existing file is kept unless overwrite=True."""
        with replacing(path, overwrite, suffix=".docx") as tmp:
            self.doc.save(str(tmp))
        return Path(path)
