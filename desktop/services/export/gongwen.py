"""Word files in official-document (公文, GB/T 9704) format, with python-docx. No Qt.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body 仿宋_GB2312
三号 (16 pt) on a fixed 28.9 pt line pitch; title 方正小标宋简体 二号; headings
黑体 / 楷体_GB2312 / 仿宋 bold, numbered 一、（一）1. where the export numbers them;
22 lines of 28 characters (w:docGrid linesAndChars); page numbers 4号 半角 "— 1 —",
odd pages right and even pages left, one character in, 7 mm below the text block.

Chinese fonts are set as w:eastAsia on every style and run (python-docx's
font.name only sets the Latin font) with w:hint="eastAsia", so ambiguous
punctuation (“ ” ‘ ’ — …) takes the Chinese font; theme fonts are removed (they
would override the explicit names); the language is zh-CN. The 公文 fonts are
often not installed: the font table gives each its usual fallback (w:altName)
and its family and charset, so Word, WPS and LibreOffice substitute a serif
仿宋/楷体/宋体 or a 黑体 rather than any sans-serif.

Nothing is stranded: headings and source lines keep with what follows, table
rows never split across pages, widow/orphan control is on, and a merged cell
(a value a group of rows shares) is one vertically merged cell.
"""
from __future__ import annotations

import io
import math
import re
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree as ET

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from db.atomic import replacing
from . import ooxml_order

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
LINES, CHARS = 22, 28             # the 公文 grid: 22 lines of 28 characters
PAGE_NO_PT = 14                   # 4号
PAGE_NO_GAP_MM = 7                # the page number's top, below the text block
PT_PER_MM = 72 / 25.4

# font → (fallback name, w:family, w:pitch, panose-1): the fallback is the font of
# the same family that ships with Windows (and is the name WPS knows), the family
# lets a substituting program pick a serif for 仿宋/楷体/宋体 and a sans for 黑体
FONT_FALLBACKS = {
    "仿宋_GB2312": ("仿宋", "modern", "fixed", "02010609030101010101"),
    "仿宋": ("FangSong", "modern", "fixed", "02010609060101010101"),
    "楷体_GB2312": ("楷体", "modern", "fixed", "02010609030101010101"),
    "楷体": ("KaiTi", "modern", "fixed", "02010609060101010101"),
    "方正小标宋简体": ("宋体", "roman", "variable", "02000000000000000000"),
    "宋体": ("SimSun", "roman", "variable", "02010600030101010101"),
    "黑体": ("SimHei", "swiss", "variable", "02010609060101010101"),
}


def set_fonts(rpr_owner, east_asia: str, latin: str = LATIN) -> None:
    """Set the East-Asian and Latin fonts on a style's or run's rPr explicitly."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = ooxml_order.child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")     # ambiguous punctuation takes the East-Asian font
    _zh_cn(rpr, "w:lang")


def _zh_cn(parent, tag: str) -> None:
    """A language element (w:lang, w:themeFontLang) saying Latin en-US, East-Asian zh-CN."""
    ooxml_order.child(parent, tag, val="en-US", eastAsia="zh-CN")


MAX_TITLE = 255      # Word's limit for the title property (python-docx enforces it)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_title(title: str | None) -> str | None:
    """A title for the first page and the file's properties, or ValueError saying (in
    Chinese) why not: at most MAX_TITLE characters, no control character (a line
    break or a tab included: the title is one line, and Word's XML holds no C0)."""
    if title is None:
        return None
    if len(title) > MAX_TITLE:
        raise ValueError(f"标题过长（{len(title)} 个字符，最多 {MAX_TITLE} 个）")
    if _CONTROL.search(title):
        raise ValueError("标题中有控制字符（换行、制表符等），请写成一行文字")
    return title


def _property_text(s: str) -> str:
    """Generated text (a subject listing labels) as a document property holds it."""
    return _CONTROL.sub("", s or "")[:MAX_TITLE]


class GongwenDoc:
    def __init__(self, title: str | None = None, subject: str = "", landscape: bool = False,
                 author: str = "", company: str = ""):
        check_title(title)
        self.doc = Document()
        self.numbers = [0, 0, 0]          # the 一、（一）1. counters of numbered headings
        self._setup_page(landscape)
        self._setup_styles()
        self._setup_defaults()
        self._setup_font_table()
        self._footer_page_numbers()
        self._properties(title, subject, author, company)
        self._settings()
        if title:
            self.title(title)

    def _properties(self, title, subject, author, company):
        now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
        cp = self.doc.core_properties
        cp.title = title or ""
        cp.subject = _property_text(subject)
        cp.author = _property_text(author) or "PlanDesk"
        cp.last_modified_by = _property_text(author) or "PlanDesk"
        cp.language = "zh-CN"
        cp.created = cp.modified = now        # the template's own dates are from 2013
        cp.revision = 1
        self._app_properties(company)

    def _app_properties(self, company: str) -> None:
        """docProps/app.xml: the application and the company (the template says Microsoft)."""
        part = next((p for p in self.doc.part.package.iter_parts()
                     if str(p.partname) == "/docProps/app.xml"), None)
        if part is None:
            return
        ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
        ET.register_namespace("", ns)
        ET.register_namespace("vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes")
        root = ET.fromstring(part.blob)
        for tag, value in (("Application", "PlanDesk"), ("Company", company), ("Template", "Normal.dotm")):
            el = root.find(f"{{{ns}}}{tag}")
            if el is None:
                el = ET.SubElement(root, f"{{{ns}}}{tag}")
            el.text = value
        for tag in ("TotalTime", "Pages", "Words", "Characters", "Lines", "Paragraphs",
                    "CharactersWithSpaces"):
            el = root.find(f"{{{ns}}}{tag}")
            if el is not None:
                root.remove(el)           # the template's counts are not this document's
        part._blob = ET.tostring(root, xml_declaration=True, encoding="UTF-8", )

    def _settings(self) -> None:
        """word/settings.xml as the schema has it: the template's w:zoom lacks the required
        w:percent; the theme language is zh-CN (the template's is ja-JP). The template's
        stylesWithEffects.xml (Word 2010's copy of its own styles, not ECMA-376 and not
        this document's 公文 styles) is left out."""
        settings = self.doc.settings.element
        ooxml_order.child(settings, "w:zoom", percent="100")
        _zh_cn(settings, "w:themeFontLang")
        part = self.doc.part
        for rid, rel in list(part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                part.drop_rel(rid)

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
            # the page number's line (exactly PAGE_NO_PT + 2 high) starts 7 mm below the text block
            s.footer_distance = Mm(MARGINS_MM["bottom"] - PAGE_NO_GAP_MM - (PAGE_NO_PT + 2) / PT_PER_MM)
            self._grid(s)

    def _grid(self, s) -> None:
        """w:docGrid linesAndChars: LINES lines of CHARS characters in the text block.
        charSpace is the character pitch's difference from the body size, in 1/4096 pt."""
        width_pt = (s.page_width - s.left_margin - s.right_margin) / 12700
        height_pt = (s.page_height - s.top_margin - s.bottom_margin) / 12700
        grid = ooxml_order.child(s._sectPr, "w:docGrid")
        lines = LINES if s.page_height > s.page_width else round(height_pt / LINE_PITCH)
        chars = CHARS if s.page_height > s.page_width else int(width_pt // BODY_PT)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(int(height_pt / lines * 20)))
        grid.set(qn("w:charSpace"), str(math.floor((width_pt / chars - BODY_PT) * 4096)))

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
        self.doc.styles["Normal"].paragraph_format.widow_control = True
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            st = self.doc.styles[name]
            st.paragraph_format.first_line_indent = Pt(0)
            st.paragraph_format.keep_with_next = True
            st.paragraph_format.widow_control = True
            # the template draws a border under Title and colours headings: not in 公文
            ppr = st.element.get_or_add_pPr()
            for b in ppr.findall(qn("w:pBdr")):
                ppr.remove(b)
        tbl = self.doc.styles["Table Grid"]
        set_fonts(tbl.element, BODY_FONT)

    def _setup_defaults(self):
        """docDefaults: the 公文 body font and zh-CN, for anything without a style."""
        rpr = self.doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        rf = rpr.find(qn("w:rFonts"))
        for a in list(rf.attrib):
            del rf.attrib[a]
        for a, v in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:eastAsia", BODY_FONT), ("w:cs", LATIN),
                     ("w:hint", "eastAsia")):
            rf.set(qn(a), v)
        lang = rpr.find(qn("w:lang"))
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
        for tag in ("w:sz", "w:szCs"):
            rpr.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))

    def _setup_font_table(self):
        """word/fontTable.xml: each 公文 font with its fallback name, family and charset."""
        part = next(p for p in self.doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        root = ET.fromstring(part.blob)
        nsmap = {k: v for k, v in _namespaces(part.blob)}
        for prefix, uri in nsmap.items():
            ET.register_namespace(prefix, uri)
        for name, (alt, family, pitch, panose) in FONT_FALLBACKS.items():
            for old in [f for f in root if f.get(f"{{{w}}}name") == name]:
                root.remove(old)
            f = ET.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
            ET.SubElement(f, f"{{{w}}}altName", {f"{{{w}}}val": alt})
            ET.SubElement(f, f"{{{w}}}panose1", {f"{{{w}}}val": panose})
            ET.SubElement(f, f"{{{w}}}charset", {f"{{{w}}}val": "86"})    # GB2312
            ET.SubElement(f, f"{{{w}}}family", {f"{{{w}}}val": family})
            ET.SubElement(f, f"{{{w}}}pitch", {f"{{{w}}}val": pitch})
        part._blob = ET.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _footer_page_numbers(self):
        """— 1 — in 4号 宋体 半角 digits: odd pages right, even pages left, a character in."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        for s in self.doc.sections:
            self._page_number(s.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
            self._page_number(s.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    def _page_number(self, p, align) -> None:
        p.alignment = align
        pf = p.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(PAGE_NO_PT + 2)
        pf.space_before = pf.space_after = Pt(0)
        _off_grid(p)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            pf.right_indent = Pt(PAGE_NO_PT)
        else:
            pf.left_indent = Pt(PAGE_NO_PT)
        self._run(p, "— ", "宋体", PAGE_NO_PT)
        r = p.add_run()
        set_fonts(r._r, "宋体")
        r.font.size = Pt(PAGE_NO_PT)
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
        self._run(p, " —", "宋体", PAGE_NO_PT)

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
        _off_grid(p)
        self._run(p, text, TITLE_FONT, TITLE_PT)
        return p

    def heading(self, text: str, level: int = 1, numbered: bool = False):
        """A heading of level 1–3 (黑体 / 楷体 / 仿宋 bold); numbered 一、/（一）/1.
        when asked, each level counting within the one above."""
        if numbered:
            self.numbers[level - 1] += 1
            for k in range(level, len(self.numbers)):
                self.numbers[k] = 0
            text = heading_number(level, self.numbers[level - 1]) + text
        p = self.doc.add_paragraph(style=f"Heading {level}")
        if level >= 2:
            p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)   # 公文: sub-levels indented two characters
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
        p.paragraph_format.keep_with_next = True
        _kinsoku(p)
        self._run(p, text, KAI, 14)
        return p

    def table(self, columns: list[str], rows: list[list[str]], widths_mm: list[float] | None = None,
              continued: list[set[int]] | None = None):
        """A table with a repeated header row; rows never split across pages.
        `continued[i]` holds the columns whose value row i shares with the row above
        (the store's `inherited`): those cells are merged vertically (w:vMerge)."""
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
        continued = continued or [set() for _ in rows]
        for k, r in enumerate(rows):
            cells = t.add_row().cells
            for j, (c, v) in enumerate(zip(cells, r)):
                self._cell(c, "" if j in continued[k] and k > 0 else (v or ""), BODY_FONT)
        for row in t.rows:
            trpr = row._tr.get_or_add_trPr()
            trpr.insert(0, OxmlElement("w:cantSplit"))
        self._merge(t, continued)
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

    @staticmethod
    def _merge(t, continued: list[set[int]]) -> None:
        for j in range(len(t.columns)):
            k = 0
            while k < len(continued):
                end = k
                while end + 1 < len(continued) and j in continued[end + 1]:
                    end += 1
                if end > k:       # data rows k..end share column j (table row = data row + 1)
                    top = t.cell(k + 1, j)
                    top.merge(t.cell(end + 1, j))
                    for extra in top.paragraphs[1:]:      # the continued cells' empty paragraphs
                        if not extra.text:
                            extra._p.getparent().remove(extra._p)
                k = end + 1

    def text_width_mm(self) -> float:
        sec = self.doc.sections[0]
        return (sec.page_width - sec.left_margin - sec.right_margin) / 36000

    def _cell(self, cell, text, font, center=False):
        p = cell.paragraphs[0]
        p.paragraph_format.first_line_indent = Pt(0)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _off_grid(p)
        self._run(p, text, font, TABLE_PT)

    def save(self, path: str | Path, overwrite: bool = False) -> Path:
        """Write to a temporary name beside the target, then rename: a reader never
        sees half a file. An existing file is kept unless overwrite=True."""
        with replacing(path, overwrite, suffix=".docx") as tmp:
            self.doc.save(str(tmp))
        return Path(path)


CN_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The 公文 numbering of a heading: 一、 / （一） / 1."""
    if level == 1:
        return chinese_number(n) + "、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    return f"{n}."


def _off_grid(p) -> None:
    """Not snapped to the 28-character grid: a title in 二号 or a table in 小四 keeps
    its own character pitch (on the grid a character wider than a cell takes two)."""
    ooxml_order.child(p._p.get_or_add_pPr(), "w:snapToGrid", val="0")


def _kinsoku(p) -> None:
    """East-Asian line breaking (kinsoku): no closing punctuation starts a line, so
    a wrapped source line carries at least 节） on its last line, never a lone ）.
    (Not a no-break character: Word's Find and a copied citation must see plain text.)"""
    ooxml_order.child(p._p.get_or_add_pPr(), "w:kinsoku", val="1")


def _namespaces(blob: bytes):
    seen = set()
    for _event, (prefix, uri) in ET.iterparse(io.BytesIO(blob), events=("start-ns",)):
        if prefix not in seen:
            seen.add(prefix)
            yield prefix, uri
