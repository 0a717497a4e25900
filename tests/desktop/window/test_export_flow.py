"""One export flow for every export (专栏, 对比, 指标): the Word dialog asks the title,
author and unit and starts in the folder used last; CSV starts there too; the
folder chosen is remembered; the writing runs behind one progress dialog."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from PySide6.QtWidgets import QFileDialog

from tests.helpers.deskhelp import answer_export
from desktop.window import export_flow, settings as st
from desktop.window.export_dialog import LAST_DIR, last_dir

Y2018 = "open-platforms-2018"


def no_save_dialog(monkeypatch, answer: str = ""):
    """The native save dialog, stood in for: records where it started, gives `answer`."""
    started = []

    def save(parent, caption, start, flt, *a, **k):
        started.append(start)
        return answer, flt
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    return started


def test_compare_word_export_asks_the_title_in_the_last_folder(qtbot, window, monkeypatch, tmp_path):
    earlier = tmp_path / "上次"
    earlier.mkdir()
    st.put(LAST_DIR, str(earlier))
    no_save_dialog(monkeypatch)                 # today's drift: a bare save dialog, no title
    asked = []
    answer_export(monkeypatch, tmp_path / "对照.docx", title="两江新区定位对照", asked=asked)
    view = window.open_compare()
    view.select(["两江新区"])
    out = view.export("docx")
    assert asked and asked[0][1] == "两江新区 在各规划中的定位"
    assert Path(asked[0][2]).parent == earlier          # starts in the folder used last
    assert out == str(tmp_path / "对照.docx")
    assert "两江新区定位对照" in [p.text for p in Document(out).paragraphs[:3]]
    assert last_dir() == str(tmp_path)                   # and remembers the new one


def test_csv_exports_start_in_the_last_folder_and_remember_it(qtbot, window, monkeypatch, tmp_path):
    st.put(LAST_DIR, str(tmp_path))
    elsewhere = tmp_path / "另存"
    elsewhere.mkdir()
    started = no_save_dialog(monkeypatch, str(elsewhere / "对比"))
    view = window.open_compare()
    view.select(["两江新区"])
    out = view.export("csv")
    assert out == str(elsewhere / "对比.csv") and Path(out).exists()
    assert started == [str(tmp_path / "两江新区 在各规划中的定位.csv")]
    assert last_dir() == str(elsewhere)
    window.open_indicators()
    assert window.indicators.export("csv")
    assert Path(started[1]).parent == elsewhere


def test_every_export_runs_through_the_one_flow(qtbot, window, monkeypatch, tmp_path):
    jobs = []
    real = export_flow.run_with_progress

    def counted(fn, parent, title, label):
        jobs.append(title)
        return real(fn, parent, title, label)
    monkeypatch.setattr(export_flow, "run_with_progress", counted)
    assert window.boxes.export([f"{Y2018}:专栏1"], str(tmp_path / "b.docx"), ask_open=False)
    view = window.open_compare()
    view.select(["两江新区"])
    assert view.export("docx", str(tmp_path / "c.docx")) and view.export("csv", str(tmp_path / "c.csv"))
    window.open_indicators()
    assert window.indicators.export("docx", str(tmp_path / "i.docx"))
    assert window.indicators.export("csv", str(tmp_path / "i.csv"))
    assert jobs == ["导出专栏", "导出对比", "导出对比", "导出指标", "导出指标"]


def test_a_failed_export_is_told_in_one_line(qtbot, window, monkeypatch, tmp_path):
    told = []
    monkeypatch.setattr(export_flow, "warn", lambda parent, title, text: told.append((title, text)))
    blocked = tmp_path / "只读"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    assert window.boxes.export([f"{Y2018}:专栏1"], str(blocked / "b.docx"), ask_open=False) is None
    assert told and told[0][0] == "导出专栏" and told[0][1].startswith("导出失败：")


def test_file_dialogs_start_in_the_documents_folder_never_the_program_folder(qtbot, window, monkeypatch, tmp_path):
    """Issue 28: a dialog with a bare file name started in the working folder (the
    program's, started from a shortcut). One rule: the folder used last, else 文档."""
    from PySide6.QtCore import QStandardPaths
    from desktop.window.export_dialog import documents_dir, start_path
    docs = tmp_path / "文档"
    docs.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda loc: str(docs))
    monkeypatch.chdir(tmp_path)
    assert last_dir() == documents_dir() == str(docs)
    st.put(LAST_DIR, "相对目录")                          # never a folder relative to the program
    (tmp_path / "相对目录").mkdir()
    assert last_dir() == str(docs)
    assert start_path("专栏汇编.docx") == str(docs / "专栏汇编.docx")
    started = no_save_dialog(monkeypatch, str(tmp_path / "导出" / "书签.json"))
    (tmp_path / "导出").mkdir()
    window.bookmarks.export()
    assert started == [str(docs / "plandesk-书签与批注.json")]
    assert last_dir() == str(tmp_path / "导出")            # remembered for the next dialog
    opened = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda p, c, start, f, *a, **k: (opened.append(start), ("", ""))[1])
    window.bookmarks.import_()
    assert opened == [str(tmp_path / "导出")]
