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
    from desktop.export_dialog import WordExportDialog

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
