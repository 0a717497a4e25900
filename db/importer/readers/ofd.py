"""OFD (GB/T 33190-2016, the national fixed-layout format of 电子公文): a zip package
read into the same page model as a PDF, then laid out by the PDF reader's code.

The package is read with the bounded zip reader: OFD.xml → DocBody/DocRoot →
Document.xml → CommonData (PageArea, TemplatePage) and Pages/Page BaseLoc → each
page's Content.xml, with the templates it names drawn under or over it (running
headers live there). A TextObject gives each character its place (Boundary, CTM,
Size, TextCode X/Y with DeltaX/DeltaY, "g n v" repeats); a PathObject's
AbbreviatedData (S/M/L/Q/B/A/C) gives rules and rectangles. Units are millimetres,
turned into points so the PDF reader's geometry (pdfgeom, pdf.layout_page, pdf.page_lines)
reads tables from their rules, boxes from their frames, and drops running headers,
footers and page numbers as it does for a PDF (ofd_parts.py holds the parsing).

Signatures (签章) and annotations are not read, only noted in the warnings. Text
stored only as glyph ids (empty TextCode) or as images gets the advice to run OCR.
Bounded: the package through ziplimits, XML without entities, DTD or network and
with its elements counted, at most pdf.MAX_PDF_PAGES pages and pdf.MAX_PDF_CHARS
characters, pdf.MAX_PATHS paths a page, and the text produced counted (`TextBudget`).
"""
from __future__ import annotations

import re

from ..errors import UnimportableFile
from ..model import Line
from ..textio import TextBudget
from . import pdf as P
from . import pdfgeom
from .ofd_parts import MM, OfdPackage, PageObjects, child, children, local, num_list, read_objects
from .ziplimits import MAX_DIRECTORY_BYTES

MAX_OFD_PAGES = P.MAX_PDF_PAGES
MAX_OFD_CHARS = P.MAX_PDF_CHARS
OCR_ADVICE = "这份 OFD 的文字只存为字形或图像，没有可读的文字层：需要先做文字识别（OCR），再导入识别后的文件"
A4 = (0.0, 0.0, 210.0, 297.0)


# a central directory entry (signature, 24 bytes, a name 7 bytes long, 16 bytes) naming OFD.xml
_OFD_ENTRY = re.compile(rb"PK\x01\x02.{24}\x07\x00.{16}OFD\.xml", re.S)


def is_ofd(data: bytes) -> bool:
    """A zip package with OFD.xml at its root (the standard's entry point), told by
    its central directory's names before anything is inflated."""
    if data[:2] != b"PK":
        return False
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if end < 0 or len(data) < end + 22:
        return False
    size = int.from_bytes(data[end + 12:end + 16], "little")
    return _OFD_ENTRY.search(data, max(0, end - min(size, MAX_DIRECTORY_BYTES) - 100), end) is not None


def _box(el, fallback):
    """A PhysicalBox "x y w h" (mm), when it is a real one."""
    box = num_list(el.text if el is not None else None)
    return tuple(box) if box is not None and len(box) == 4 and box[2] > 0 and box[3] > 0 else fallback


class _Document:
    """One document of the package: its pages, their area and templates."""

    def __init__(self, pkg: OfdPackage, loc: str):
        self.pkg, self.loc = pkg, loc
        self.root = pkg.xml(loc)
        if self.root is None:
            raise UnimportableFile(pkg.path, f"不是有效的 OFD 文件（缺少 {loc}）")
        self.base = loc.rpartition("/")[0]
        common = child(self.root, "CommonData")
        self.area = _box(child(child(common, "PageArea"), "PhysicalBox"), A4)
        self.templates: dict[str, tuple[str | None, str]] = {}
        for t in children(common, "TemplatePage"):
            self.templates[t.get("ID") or ""] = (pkg.resolve(self.base, t.get("BaseLoc")), t.get("ZOrder") or "Background")
        self._drawn: dict[str, PageObjects] = {}
        self.pages = children(child(self.root, "Pages"), "Page")
        if len(self.pages) > MAX_OFD_PAGES:
            raise UnimportableFile(pkg.path, f"OFD 页数过多（{len(self.pages)} 页，上限 {MAX_OFD_PAGES} 页），不是一份规划")

    def template(self, tid: str) -> PageObjects:
        """A template's objects, read once however many pages use it."""
        if tid not in self._drawn:
            loc = self.templates.get(tid, (None, ""))[0]
            root = self.pkg.xml(loc) if loc else None
            self._drawn[tid] = read_objects(root, self.pkg.path) if root is not None else PageObjects()
        return self._drawn[tid]

    def page(self, el) -> tuple[tuple, list[PageObjects]]:
        """A page's area and its objects: templates under it, its own, templates over it."""
        loc = self.pkg.resolve(self.base, el.get("BaseLoc"))
        root = self.pkg.xml(loc) if loc else None
        if root is None:
            self.pkg.warn(f"第{self.pages.index(el) + 1}页的内容缺失或位置无效，已跳过")
            return self.area, []
        area = _box(child(child(root, "Area"), "PhysicalBox"), self.area)
        under, over = [], []
        for t in children(root, "Template"):
            tid = t.get("TemplateID") or ""
            z = t.get("ZOrder") or self.templates.get(tid, (None, "Background"))[1]
            (over if z == "Foreground" else under).append(self.template(tid))
        return area, under + [read_objects(root, self.pkg.path)] + over


def _page(area: tuple, drawn: list[PageObjects]) -> tuple[P.Page, int, int, bool]:
    """The page in the PDF reader's model, its characters, glyph-only runs and images
    (objects of the page whose numbers can't be read are counted in `bad`)."""
    chars, rules = [], pdfgeom.Rules()
    n_paths = sum(len(d.paths) for d in drawn)
    for d in drawn:
        chars += d.chars
        if n_paths <= P.MAX_PATHS:
            for box, stroked in d.paths:
                pdfgeom.add_path(rules, tuple((v - o) * MM for v, o in zip(box, (area[0], area[1]) * 2)), stroked)
    ox, oy = area[0], area[1]
    placed = [(c, (x0 - ox) * MM, (t - oy) * MM, (x1 - ox) * MM, (b - oy) * MM, (base - oy) * MM)
              for c, x0, t, x1, b, base in chars]
    page = P.layout_page(_reading_order(placed), rules, area[2] * MM, area[3] * MM)
    return page, len(chars), sum(d.glyph_only for d in drawn), any(d.images for d in drawn)


def _reading_order(chars: list) -> list:
    """Characters line by line (by baseline, then left to right), a line cut where a
    wide gap parts two columns, "\\n" after each: what PDFium gives for a page."""
    out = []
    rows: list[list] = []
    for c in sorted(chars, key=lambda c: (c[5], c[1])):
        size = c[4] - c[2]
        if rows and abs(c[5] - rows[-1][0][5]) <= 0.3 * max(size, 1):
            rows[-1].append(c)
        else:
            rows.append([c])
    for row in rows:
        row.sort(key=lambda c: c[1])
        for i, c in enumerate(row):
            if i and c[1] - row[i - 1][3] > 2 * max(c[4] - c[2], 1):
                out.append(("\n", 0, 0, 0, 0))
            out.append(c[:5])
        out.append(("\n", 0, 0, 0, 0))
    return out


def _notes(pkg: OfdPackage, body, doc: _Document) -> list[str]:
    out = []
    signed = child(body, "Signatures") is not None or any(
        n.rpartition("/")[2].lower() in ("signatures.xml", "signature.xml") for n in pkg.names())
    if signed:
        out.append("含电子签章：签章未核验，签章图像未读入")
    if child(doc.root, "Annotations") is not None:
        out.append("含注释（批注、印章等附加内容），未读入")
    return out


def _document(pkg: OfdPackage) -> tuple:
    root = pkg.xml("OFD.xml")
    if root is None or local(root.tag) != "OFD":
        raise UnimportableFile(pkg.path, "不是有效的 OFD 文件（缺少 OFD.xml）")
    body = child(root, "DocBody")
    loc = pkg.resolve("", (child(body, "DocRoot").text or "") if child(body, "DocRoot") is not None else "")
    if not loc:
        raise UnimportableFile(pkg.path, "不是有效的 OFD 文件（OFD.xml 没有指明文档位置 DocRoot，或位置在包外）")
    return body, _Document(pkg, loc)


def read_ofd(data: bytes, path, budget: TextBudget | None = None) -> tuple[list[Line], list[str]]:
    budget = budget or TextBudget(path)
    pkg = OfdPackage(data, path)
    body, doc = _document(pkg)
    pages, n_chars, glyph_only, image_pages, bad = [], 0, 0, 0, 0
    for el in doc.pages:
        area, drawn = doc.page(el)
        page, n, g, images = _page(area, drawn)
        bad += sum(d.bad for d in drawn)
        n_chars += n
        if n_chars > MAX_OFD_CHARS:
            raise UnimportableFile(path, f"OFD 中的文字过多（超过 {MAX_OFD_CHARS // 10000} 万字），不是一份规划")
        glyph_only += g
        image_pages += images and n < P.FEW_CHARS
        pages.append(page)
    lines = P.page_lines(pages)
    chars = 0
    for ln in lines:
        chars += len(budget.add(ln.text)) + sum(len(budget.add("".join(r))) for r in (ln.table.rows if ln.table else ()))
    if (glyph_only or image_pages) and chars < P.SCAN_CHARS * max(1, len(pages)):
        raise UnimportableFile(path, OCR_ADVICE)
    if not lines:
        raise UnimportableFile(path, "OFD 中没有文字" if pages else "OFD 中没有页面")
    if bad:
        pkg.warn(f"有 {bad} 个图形或文字对象的坐标无法读取，已跳过")
    return lines, _notes(pkg, body, doc) + pkg.warnings
