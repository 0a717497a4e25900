"""Printing and PDF of what the reader shows: the plan's title in a header and the
page number in a footer on every page, text sized in points (legible on paper:
breadcrumb and source line at 9 pt), tables and panels kept whole where they fit."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPainter, QTextDocument, QTextTable
from PySide6.QtPrintSupport import QPrinter

from .safe_browser import SafeDocument

PRINT_CSS = """
body { font-size: 11pt; color: #000000; }
p { line-height: 140%; margin-top: 0px; margin-bottom: 6pt; }
h1 { font-size: 15pt; margin-bottom: 4pt; }
h2 { font-size: 13pt; margin-top: 10pt; margin-bottom: 5pt; }
.meta { color: #333333; font-size: 9pt; }
.lines { color: #555555; font-size: 9pt; }
.warn { color: #7a5200; font-size: 10pt; }
.crumb { color: #333333; font-size: 9pt; }
table.grid { border-collapse: collapse; }
th { background-color: #eeeeee; font-weight: bold; }
td, th { padding: 3pt; font-size: 10pt; }
.lead { font-weight: bold; }
"""
HEADER_PT, FOOTER_PT = 9, 9


def _spans(doc: QTextDocument) -> list[tuple[float, float]]:
    """Stretches a page must not be cut in: every line of text (not the empty block Qt
    puts after a table, which may overlap the table's last row), and every table row
    (a 专栏 panel is a one-row table: kept whole where it fits on a page)."""
    lay = doc.documentLayout()
    out = []
    block = doc.begin()
    while block.isValid():
        top = lay.blockBoundingRect(block).top()
        tl = block.layout()
        for k in range(tl.lineCount() if block.text().strip() else 0):    # an empty line loses nothing when cut
            ln = tl.lineAt(k)
            out.append((top + ln.y(), top + ln.y() + ln.height()))
        block = block.next()
    frames = list(doc.rootFrame().childFrames())
    while frames:
        f = frames.pop()
        frames.extend(f.childFrames())
        if not isinstance(f, QTextTable):
            continue
        for r in range(f.rows()):
            cells = [f.cellAt(r, c) for c in range(f.columns())]
            tops = [lay.blockBoundingRect(c.firstCursorPosition().block()).top() for c in cells if c.isValid()]
            bottoms = [lay.blockBoundingRect(c.lastCursorPosition().block()).bottom() for c in cells if c.isValid()]
            if tops and bottoms:
                out.append((min(tops), max(bottoms)))
    return out


def page_cuts(doc: QTextDocument, height: float) -> list[float]:
    """Where each page ends: as far down as a page reaches, moved up to the top of a
    line or row that would be cut (unless that line or row is taller than a page)."""
    spans = _spans(doc)
    total = doc.size().height()
    cuts, y = [], 0.0
    while y < total - 1:
        cut = y + height
        while True:               # moving up to a row's top may land inside the row above
            inside = [t for t, b in spans if t < cut < b and b - t <= height and t > y]
            if not inside:
                break
            cut = min(inside)
        cuts.append(min(cut, max(total, y + 1)))
        y = cut
    return cuts or [total]


def print_html(html: str, printer: QPrinter, header: str, font_family: str | None = None,
               decorate: Callable[[QTextDocument], object] | None = None) -> int:
    """Lay html out on the printer's pages and paint them with header and footer;
    `decorate` changes the document before it is laid out (the reader's notes).
    Returns the number of pages."""
    printer.setPageMargins(QMarginsF(18, 16, 18, 16), QPageLayout.Unit.Millimeter)
    doc = SafeDocument()
    doc.documentLayout().setPaintDevice(printer)
    if font_family:
        doc.setDefaultFont(QFont(font_family, 11))
    doc.setDefaultStyleSheet(PRINT_CSS)
    doc.setHtml(html)
    if decorate:
        decorate(doc)
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    dpi = printer.resolution()
    band = HEADER_PT / 72 * dpi * 2.2            # room for the header and the footer lines
    doc.setTextWidth(page.width())
    cuts = page_cuts(doc, page.height() - 2 * band)
    n = len(cuts)
    p = QPainter(printer)
    try:
        small = QFont(font_family or doc.defaultFont().family())
        small.setPointSizeF(HEADER_PT)
        top = 0.0
        for k, cut in enumerate(cuts):
            if k:
                printer.newPage()
            p.save()
            p.setFont(small)
            p.drawText(QRectF(0, 0, page.width(), band * 0.8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       header)
            p.drawLine(0, int(band * 0.85), int(page.width()), int(band * 0.85))
            p.drawText(QRectF(0, page.height() - band * 0.8, page.width(), band * 0.8),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, f"— {k + 1} / {n} —")
            p.translate(0, band - top)
            doc.drawContents(p, QRectF(0, top, page.width(), cut - top))
            p.restore()
            top = cut
    finally:
        p.end()
    return n
