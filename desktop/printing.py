"""Printing and PDF of what the reader shows: the plan's title in a header and the
page number in a footer on every page, text sized in points (legible on paper:
breadcrumb and source line at 9 pt), tables and panels kept whole where they fit."""
from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

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


def print_html(html: str, printer: QPrinter, header: str, font_family: str | None = None) -> int:
    """Lay html out on the printer's pages and paint them with header and footer.
    Returns the number of pages."""
    printer.setPageMargins(QMarginsF(18, 16, 18, 16), QPageLayout.Unit.Millimeter)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(printer)
    if font_family:
        doc.setDefaultFont(QFont(font_family, 11))
    doc.setDefaultStyleSheet(PRINT_CSS)
    doc.setHtml(html)
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    dpi = printer.resolution()
    band = HEADER_PT / 72 * dpi * 2.2            # room for the header and the footer lines
    body = QSizeF(page.width(), page.height() - 2 * band)
    doc.setPageSize(body)
    n = doc.pageCount()
    p = QPainter(printer)
    try:
        small = QFont(font_family or doc.defaultFont().family())
        small.setPointSizeF(HEADER_PT)
        for k in range(n):
            if k:
                printer.newPage()
            p.save()
            p.setFont(small)
            p.drawText(QRectF(0, 0, page.width(), band * 0.8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       header)
            p.drawLine(0, int(band * 0.85), int(page.width()), int(band * 0.85))
            p.drawText(QRectF(0, page.height() - band * 0.8, page.width(), band * 0.8),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, f"— {k + 1} / {n} —")
            p.translate(0, band - k * body.height())
            doc.drawContents(p, QRectF(0, k * body.height(), body.width(), body.height()))
            p.restore()
    finally:
        p.end()
    return n
