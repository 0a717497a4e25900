"""The one way every export goes (专栏, 对比, 指标; Word or CSV): ask where, and for
Word the title, author and unit (WordExportDialog), starting in the folder used
last and remembering it; write in the background with progress and cancel; a
failure is told in one line. The writer is the caller's: write(path, title,
signed, progress), `signed` holding author= and company= for Word."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtWidgets import QFileDialog

from .errors import warn
from .export_dialog import WordExportDialog, remember_dir, signature, start_path
from .jobs import run_with_progress

FILTERS = {"docx": "Word 文档 (*.docx)", "csv": "CSV 表格 (*.csv)"}


@dataclass(frozen=True)
class ExportSpec:
    job: str                  # the dialogs' title: 导出专栏
    fmt: str                  # docx or csv
    what: str                 # the line atop the Word dialog: 导出 3 个专栏（公文格式）
    filename: str             # the file name offered
    title: str = ""           # the Word title offered
    fallback: str | None = None   # the title when the person empties it (None: the writer's own)


def choose(parent, spec: ExportSpec) -> tuple[str | None, str] | None:
    """Ask the person: (title, path), or None when they cancel. Word: the export
    dialog (it confirms a replace and remembers the folder, author and unit); CSV:
    a save dialog in the last folder, which is remembered."""
    if spec.fmt == "docx":
        dlg = WordExportDialog(spec.what, spec.title, spec.filename, parent)
        parent._dialog = dlg                     # kept for tests and screenshots
        if not dlg.exec():
            return None
        title, path = dlg.chosen()
        return title or spec.fallback, path
    path, _ = QFileDialog.getSaveFileName(parent, spec.job, start_path(spec.filename), FILTERS["csv"])
    if not path:
        return None
    remember_dir(path)
    return None, path


def run_export(parent, spec: ExportSpec, write: Callable, path: str | None = None,
               title: str | None = None) -> str | None:
    """Export to `path` (asked for when not given, with the title for Word); returns
    the path written, or None (cancelled, or failed and told)."""
    if not path:
        chosen = choose(parent, spec)
        if chosen is None:
            return None
        title, path = chosen
    if not path.lower().endswith("." + spec.fmt):
        path += "." + spec.fmt
    signed = dict(zip(("author", "company"), signature())) if spec.fmt == "docx" else {}
    out = run_with_progress(lambda p: write(path, title, signed, p), parent, spec.job, "正在导出…")
    if out.state == "failed":
        warn(parent, spec.job, f"导出失败：{out.message}")
    return path if out.state == "done" else None
