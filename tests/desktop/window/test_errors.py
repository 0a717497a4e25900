"""Error dialogs name the log, and what they said is in it."""
from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox

from db import logfile
from desktop.window.errors import warn


def test_an_error_dialog_points_to_the_log_that_holds_it(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    p = logfile.install(tmp_path)
    try:
        warn(None, "导出专栏", "导出失败：磁盘空间不足")
        for h in logging.getLogger().handlers:
            h.flush()
        assert shown and shown[0].startswith("导出失败：磁盘空间不足") and str(p) in shown[0]
        assert "导出失败：磁盘空间不足" in p.read_text(encoding="utf-8")
    finally:
        h = logfile._installed.pop(str(p))
        logging.getLogger().removeHandler(h)
        h.close()
