"""The window with hostile data: raw HTML in plan text, a damaged user.sqlite, an index
that fails at query time."""
from __future__ import annotations

import shutil
import sqlite3

from PySide6.QtWidgets import QMessageBox

from db import paths
from db.store import UserData
from desktop.present import render
from desktop.window.safe_browser import SafeBrowser

HOSTILE = '<img src="file:///etc/passwd"><a href="javascript:alert(1)">x</a><script>1</script>'


def test_plan_text_can_not_become_html():
    assert "<img" not in render.paragraphs_html(HOSTILE, None, False)
    table = f"表1 指标\n| 指标 | 值 |\n|---|---|\n| {HOSTILE} | 1 |"
    out = render.paragraphs_html(table, None, False)
    assert "<img" not in out and "<script" not in out and "&lt;img" in out


def test_the_reader_loads_nothing_it_is_asked_to(qtbot):
    b = SafeBrowser()
    qtbot.addWidget(b)
    b.setHtml('<p>x</p><img src="file:///etc/passwd"><img src="http://example.com/a.png">')
    b.document().adjustSize()
    assert b.refused and all(u.startswith(("file:", "http:")) for u in b.refused)
    # asked directly, it answers a blank pixel: with no image Qt would read the file itself
    img = b.loadResource(2, __import__("PySide6.QtCore", fromlist=["QUrl"]).QUrl("file:///etc/passwd"))
    assert img.width() == img.height() == 1
    assert "<img" not in b.toHtml()


def test_links_of_other_schemes_do_nothing(window):
    r = window.reader
    r.go_to("open-platforms-2018:专栏1")
    from PySide6.QtCore import QUrl
    for u in ("javascript:alert(1)", "file:///etc/passwd", "http://example.com/"):
        r._link(QUrl(u))
        assert r.target == "open-platforms-2018:专栏1"


def test_a_damaged_user_file_is_moved_aside_and_the_window_starts(qtbot, data_copy, clean_settings, monkeypatch):
    from desktop.window.main_window import MainWindow
    # a good file first, and its daily backup
    ud = UserData(paths.user_db(data_copy))
    ud.add("open-platforms-2018:专栏1", "box", "专栏1", "open-platforms-2018", "规划")
    ud.close()
    user = paths.user_db(data_copy)
    user.write_bytes(b"this is not a database" * 100)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    w = MainWindow(data_copy)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    assert "已损坏" in shown[0] and "从备份恢复" in shown[0]
    aside = [p for p in data_copy.iterdir() if p.name.startswith("user.sqlite.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    assert w.bookmarks.model.rowCount() == 0          # a fresh, working file
    # recovery from the rolling backup brings the bookmark back
    assert w.restore_userdata(choice=next(iter(b.name for b in (data_copy / "backups").iterdir())))
    assert [r["target_id"] for r in w.bookmarks.model.rows] == ["open-platforms-2018:专栏1"]
    w.search.shutdown()
    w.store.close()
    w.userdata.close()


def test_a_migration_keeps_a_backup_first(tmp_path):
    p = tmp_path / "user.sqlite"
    con = sqlite3.connect(p)                     # a file from before versions were kept
    con.executescript("create table bookmarks (id integer primary key, target_id text not null, kind text not null,"
                      " document_id text, title text not null, target_title text, document_title text,"
                      " note text default '', created text not null, updated text not null);"
                      "insert into bookmarks values (1,'a:b','box',null,'t',null,null,'',"
                      "'2024-01-01','2024-01-01');")
    con.close()
    ud = UserData(p)
    try:
        assert ud.con.execute("pragma user_version").fetchone()[0] >= 1
        assert [b["target_id"] for b in ud.bookmarks()] == ["a:b"]
    finally:
        ud.close()
    before = list((tmp_path / "backups").glob("user-before-v1-*.sqlite"))
    assert len(before) == 1
    old = sqlite3.connect(before[0])
    assert old.execute("pragma user_version").fetchone()[0] == 0
    old.close()


def test_an_index_failing_at_query_time_is_rebuilt_in_the_background(qtbot, window):
    w = window
    w.search.edit.setText("两江新区")
    qtbot.waitUntil(lambda: w.search.model.hit_count() > 0, timeout=8000)
    want = w.search.model.hit_count()
    eng = w.search.worker.engine

    def broken(*a, **k):
        raise RuntimeError("CorruptIndexError")

    for leaf, _off in eng.searcher.reader().leaf_readers():
        leaf.postings = broken            # the ranking reads each segment's postings: a damaged one fails there
    eng._word_scores.clear()              # scores already read are remembered: the next read meets the damage
    with qtbot.waitSignal(w.search.shown, timeout=8000):
        w.search.edit.setText("两江新区 ")
    assert w.search.model.hit_count() == want        # every hit still found
    qtbot.waitUntil(lambda: "搜索索引已重建" in w.search.status.text(), timeout=20000)
    qtbot.waitUntil(lambda: w.search.worker.engine is not None and not w.search.worker.engine.broken,
                    timeout=8000)


def test_window_starts_when_the_index_is_missing_and_cannot_be_built(qtbot, data_copy, clean_settings, monkeypatch):
    from desktop.window.main_window import MainWindow
    from search import index
    shutil.rmtree(index.index_dir(data_copy))

    def no_room(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index, "build", no_room)
    monkeypatch.setattr(index, "stage_index_build", no_room)
    w = MainWindow(data_copy)
    qtbot.addWidget(w)
    w.show()
    w.search.edit.setText("两江新区")
    qtbot.waitUntil(lambda: w.search.model.hit_count() > 0, timeout=8000)
    qtbot.waitUntil(lambda: "重建索引失败" in w.search.status.text(), timeout=8000)
    w.search.shutdown()
    w.store.close()
    w.userdata.close()


def test_a_store_set_aside_at_start_is_told_without_stopping_the_window(qtbot, data_copy, clean_settings):
    """A planted view makes the store untrusted: it is set aside and rebuilt at
    start, and the window says so in a box that does not block it."""
    from desktop.window import app
    con = sqlite3.connect(paths.plans_db(data_copy))
    con.execute("CREATE VIEW planted AS SELECT 1")
    con.commit()
    con.close()
    win = app.start(str(data_copy))
    qtbot.addWidget(win)
    try:
        assert win.isVisible() and len(list(data_copy.glob("plans.sqlite.damaged-*"))) == 1
        box = win.notice_box
        assert box.isVisible() and not box.isModal() and "plans.sqlite" in box.text()
    finally:
        win.search.shutdown()
        if win.store is not None:
            win.store.close()
        win.userdata.close()
