"""Importing plans from the window: preview, cancel, import, the same file again,
drag and drop, removal; the new plan everywhere at once."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.helpers import support
from db import paths
from tests.helpers.deskhelp import shot
from desktop.window import import_dialog

CONV = support.TESTS / "conversions"


@pytest.fixture
def plan_files(tmp_path):
    """The FTZ plan as Word and the 成渝 方案 as a saved web page (both bundled as text)."""
    a = tmp_path / "ftz.docx"
    b = tmp_path / "chengyu.html"
    shutil.copy(CONV / "docx-numbered" / "001_9562c3c743865c59.docx", a)
    shutil.copy(CONV / "html-gov" / "003_32612307c233c21c.html", b)
    return [str(a), str(b)]


def test_preview_then_cancel_changes_nothing(qtbot, window, plan_files):
    before = paths.plans_db(window.data).read_bytes()
    seen = {}

    def look(dlg):
        shot(dlg, "import-preview")
        seen["rows"] = [(dlg.model.index(r, 0).data(), dlg.model.index(r, 7).data()) for r in range(dlg.model.rowCount())]
        seen["indicators"] = [dlg.model.index(r, import_dialog.COLS.indicators).data() for r in range(dlg.model.rowCount())]
        seen["outline"] = dlg.outline.toPlainText()
        seen["ok"] = dlg.ok.isEnabled()
        return False                                    # 取消

    assert window.import_plans(plan_files, preview=look) == "cancelled"
    assert [r[0] for r in seen["rows"]] == ["ftz.docx", "chengyu.html"]
    # both are plans already there (the bundled text versions): replaced only if asked
    assert all("已有同名规划" in r[1] for r in seen["rows"]) and not seen["ok"]
    assert "中国（重庆）自由贸易试验区“十四五”规划" in seen["outline"] and "目录：" in seen["outline"]
    # the FTZ plan's targets are in its text, not a table: counted, not «指标 0» (issue 28)
    assert seen["indicators"][0] == "0 行，正文目标 12 项"
    assert "专栏 7 个；指标 0 行，正文目标 12 项" in seen["outline"]
    assert paths.plans_db(window.data).read_bytes() == before


def test_import_replaces_keeps_ids_and_shows_everywhere(qtbot, window, plan_files):
    w = window
    w.reader.go_to("ftz-2022:五、")
    assert w.add_bookmark()

    def accept_replacing(dlg):
        dlg.replace.setChecked(True)
        assert dlg.ok.isEnabled() and len(dlg.importable()) == 2
        return True

    assert w.import_plans(plan_files, preview=accept_replacing) == "done"
    docs = {d["id"]: d for d in w.store.documents()}
    assert docs["ftz-2022"]["origin"] == "imported" and docs["ftz-2022"]["format"] == "docx"
    assert docs["chengyu-2022"]["format"] == "html" and docs["chengyu-2022"]["source_file"] == "chengyu.html"
    # the same ids: the bookmark still finds its section
    assert w.bookmarks.model.rows[0]["exists"]
    assert w.outline_model.index_of("doc:ftz-2022").isValid()
    assert any(r["doc"] == "ftz-2022" for r in w.boxes.model.all)
    with qtbot.waitSignal(w.search.shown, timeout=8000):
        w.search.edit.setText("自贸试验区")
    assert "ftz-2022" in {g[0] for g in w.search.model.groups}

    # the same files again: nothing to import
    seen = {}
    assert w.import_plans(plan_files, preview=lambda d: seen.setdefault("ok", d.ok.isEnabled()) and False) \
        == "cancelled"
    assert seen["ok"] is False

    # removing the imported FTZ plan brings the bundled one back
    assert w.remove_plan("ftz-2022", confirm=False) == "done"
    assert w.store.document("ftz-2022")["origin"] == "bundled"


def test_a_new_plan_by_drag_and_drop(qtbot, window, tmp_path, monkeypatch):
    from tests.helpers.tests_helpers_make import write_small_plan
    f = write_small_plan(tmp_path / "新规划.docx")
    monkeypatch.setattr(import_dialog.ImportPreview, "exec", lambda self: True)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    ev = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    window.dropEvent(ev)
    qtbot.waitUntil(lambda: any(d["origin"] == "imported" for d in window.store.documents()), timeout=15000)
    new = [d for d in window.store.documents() if d["origin"] == "imported"][0]
    assert new["id"].startswith("plan-2021-") and new["format"] == "docx"
    assert window.outline_model.index_of(f"doc:{new['id']}").isValid()
    assert window.remove_plan(new["id"], confirm=False) == "done"
    assert window.store.document(new["id"]) is None


def test_a_bundled_plan_can_not_be_removed(window):
    assert window.remove_plan("open-platforms-2018", confirm=False) == "nothing"


def test_plandesk_FILE_hands_the_files_to_the_window(tmp_path, plan_files, monkeypatch):
    from desktop import launch
    from desktop.window import app
    got = []
    monkeypatch.setattr(app, "run", lambda data, files=None, **kw: got.append((data, files)) or 0)
    monkeypatch.chdir(tmp_path)
    assert launch.main(["--data", "D", "ftz.docx", plan_files[1]]) == 0
    assert got == [("D", [str(tmp_path / "ftz.docx"), plan_files[1]])]
    assert launch.main(["ftz.docx"]) == 0 and got[-1] == (None, [str(tmp_path / "ftz.docx")])


def test_plandesk_FILE_opens_the_window_with_the_import_preview(qtbot, data_copy, clean_settings, plan_files):
    """What a file manager runs for 打开方式 › PlanDesk: the window, then the preview
    of the files (here cancelled: nothing is imported)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.window import app
    seen = {}

    def watch():                       # runs inside the dialog's own event loop
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, import_dialog.ImportPreview) and "rows" not in seen:
            seen["rows"] = [dlg.model.index(r, 0).data() for r in range(dlg.model.rowCount())]
            dlg.reject()

    before = paths.plans_db(data_copy).read_bytes()
    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(50)
    win = app.start(str(data_copy), files=plan_files)
    qtbot.addWidget(win)
    try:
        assert win.isVisible()
        qtbot.waitUntil(lambda: "rows" in seen, timeout=30000)
        timer.stop()
        assert seen["rows"] == ["ftz.docx", "chengyu.html"]
        assert paths.plans_db(data_copy).read_bytes() == before
    finally:
        timer.stop()
        win.search.shutdown()
        if win.store is not None:
            win.store.close()
        win.userdata.close()


def test_a_missing_file_or_a_mistyped_command_is_one_line(tmp_path, capsys):
    from desktop import launch
    assert launch.main(["--data", str(tmp_path), str(tmp_path / "gone.docx")]) == 2
    assert capsys.readouterr().err.strip() == f"plandesk: error: {tmp_path / 'gone.docx'}: 文件不存在或不是文件"
    with pytest.raises(SystemExit) as e:
        launch.main(["serach", "两江"])
    assert e.value.code == 2 and "invalid choice: 'serach'" in capsys.readouterr().err


def test_a_zip_bomb_is_refused_in_the_preview_and_the_window_lives_on(qtbot, window, tmp_path, monkeypatch):
    """The window parses in a child process with a memory ceiling: a .docx whose
    document.xml inflates past the limit is one row saying why, nothing else."""
    import zipfile
    bomb = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>")
        with z.open("word/document.xml", "w") as f:
            f.write(b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body>")
            chunk = b"<w:p><w:r><w:t>\xe5\xbc\x80\xe6\x94\xbe</w:t></w:r></w:p>" * 20000
            for _ in range(100 * 2**20 // len(chunk)):
                f.write(chunk)
    assert bomb.stat().st_size < 2 * 2**20
    seen = {}

    def look(dlg):
        seen["rows"] = [(dlg.model.index(r, 0).data(), dlg.model.index(r, 7).data())
                        for r in range(dlg.model.rowCount())]
        seen["ok"] = dlg.ok.isEnabled()
        return False

    from desktop.services import importing
    isolated = []
    real = importing.parse_isolated
    monkeypatch.setattr(importing, "parse_isolated", lambda *a, **k: isolated.append(a[0]) or real(*a, **k))
    before = paths.plans_db(window.data).read_bytes()
    assert window.import_plans([str(bomb)], preview=look) == "cancelled"
    assert isolated == [bomb]                            # parsed in the child, not in the window's process
    [(name, why)] = seen["rows"]
    assert name == "炸弹.docx" and why.startswith("无法导入：") and "上限" in why and not seen["ok"]
    assert paths.plans_db(window.data).read_bytes() == before
    assert window.isVisible() and window.store is not None
