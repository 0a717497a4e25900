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
