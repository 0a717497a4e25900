"""Helpers for the window tests."""
from __future__ import annotations

import os
from pathlib import Path


def shot(widget, name: str):
    """Save a PNG of the widget when PLANDESK_SCREENSHOTS=DIR is set."""
    out = os.environ.get("PLANDESK_SCREENSHOTS")
    if not out:
        return None
    p = Path(out)
    p.mkdir(parents=True, exist_ok=True)
    f = p / f"{name}-{widget.width()}x{widget.height()}.png"
    widget.grab().save(str(f))
    return f


def wait_hits(qtbot, panel, timeout=8000):
    qtbot.waitUntil(lambda: panel.model.hit_count() > 0, timeout=timeout)


def type_text(edit, text: str):
    """Type into a line edit as an input method commits it: one character at a time
    (QTest.keyClicks cannot send CJK characters without an input method)."""
    for ch in text:
        edit.insert(ch)


def answer_export(monkeypatch, path, title: str | None = None, asked: list | None = None):
    """Stand in for the person at the Word export dialog: give this path (and
    title), or cancel when path is empty. `asked` collects the dialogs shown."""
    from desktop.window.export_dialog import WordExportDialog

    def exec_(dlg):
        if asked is not None:
            asked.append((dlg.windowTitle(), dlg.title.text(), dlg.path.text()))
        if not path:
            return 0
        dlg.path.setText(str(path))
        if title is not None:
            dlg.title.setText(title)
        dlg._accept()
        return 1
    monkeypatch.setattr(WordExportDialog, "exec", exec_)


def pdf_pages(path, n: int | None = None) -> list[str]:
    """The text of a PDF's pages as printed, line by line: characters on one
    baseline (within 3 pt) joined left to right, lines top to bottom. Read with
    pypdfium2, which PlanDesk itself uses, so no system program is needed.
    (Qt's PDF writer maps a few shared glyphs to Kangxi radicals, ⼀ for 一; NFKC folds them.)"""
    import unicodedata

    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        for k in range(len(pdf) if n is None else min(n, len(pdf))):
            page = pdf[k]
            tp = page.get_textpage()
            chars = []
            for i in range(tp.count_chars()):
                ch = tp.get_text_range(i, 1)
                if not ch or ch in "\r\n":
                    continue
                left, bottom, right, top = tp.get_charbox(i, loose=True)
                chars.append(((top + bottom) / 2, left, ch))
            lines: list[list] = []
            for y, x, ch in sorted(chars, key=lambda c: -c[0]):
                if lines and abs(lines[-1][0] - y) <= 3:
                    lines[-1][1].append((x, ch))
                else:
                    lines.append([y, [(x, ch)]])
            text = "\n".join("".join(ch for _, ch in sorted(row)) for _, row in lines)
            out.append(unicodedata.normalize("NFKC", text))
            tp.close()
            page.close()
    finally:
        pdf.close()
    return out


def pdf_page_png(path, page: int, out, dpi: int = 60):
    """Page `page` (0-based) of a PDF rendered to a PNG file, with pypdfium2 and Qt."""
    import pypdfium2 as pdfium
    from PySide6.QtGui import QImage
    pdf = pdfium.PdfDocument(str(path))
    try:
        bm = pdf[page].render(scale=dpi / 72, rev_byteorder=True)
        img = QImage(bytes(bm.buffer), bm.width, bm.height, bm.stride, QImage.Format.Format_RGB888)
        assert img.save(str(out)), out
    finally:
        pdf.close()
    return Path(out)


def open_window(qtbot, data):
    """The main window on `data` at 1280×800, shown; closed with what it holds open."""
    from desktop.window.main_window import MainWindow
    w = MainWindow(data)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.search.shutdown()
    w.session.close()           # the store let go (session.store None: a late signal reads nothing)
