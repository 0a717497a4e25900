"""The data session: one run_staged (stage off the UI thread, release, install,
reload) and one signal saying what changed; the window's pages written once
(pages.PAGES) and refreshed only for what they show."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from desktop.window import main_window, pages
from desktop.window.session import GAZETTEER, INDEX, STORE, USERDATA, DataSession

Y2018 = "open-platforms-2018"


class FakeStaged:
    """Stands in for services.update.PendingUpdate: records when it was put in place."""

    def __init__(self, log, store=True, index=False, fails=False):
        self.log, self.fails = log, fails
        self.store = object() if store else None
        self.index = object() if index else None

    def install(self, data):
        self.log.append("install")
        if self.fails:
            raise OSError(28, "No space left on device")

    def discard(self):
        self.log.append("discard")


@pytest.fixture
def session(data_copy):
    s = DataSession(data_copy)
    yield s
    s.close()


def heard(session) -> list:
    said = []
    session.changed.connect(lambda changes: said.append(set(changes)))
    return said


def test_a_staged_change_is_released_installed_reloaded_and_told(qtbot, session):
    log, said = [], heard(session)
    session.on_release(lambda: log.append("release"))
    old = session.store
    out = session.run_staged(lambda p: FakeStaged(log, index=True), "测试", "正在准备…")
    assert out.state == "done" and log == ["release", "install"]
    assert said == [{STORE, INDEX}]
    assert session.store is not old and session.store.documents()       # open again, a new handle


def test_only_what_is_replaced_is_let_go(qtbot, session):
    log, said = [], heard(session)
    store = session.store
    out = session.run_staged(lambda p: FakeStaged(log, store=False, index=True), "测试", "", also=(GAZETTEER,))
    assert out.state == "done" and session.store is store                 # the store was never closed
    assert said == [{INDEX, GAZETTEER}]


def test_an_install_that_fails_keeps_the_data_and_says_so(qtbot, session):
    log, said = [], heard(session)
    out = session.run_staged(lambda p: FakeStaged(log, fails=True), "测试", "")
    assert out.state == "failed" and out.message == "磁盘空间不足"
    assert log == ["install", "discard"]
    assert session.store is not None and session.store.documents()       # the old data, open again
    assert said == [{STORE}]                                               # a new handle, the same data


def test_in_the_background_the_outcome_comes_back(qtbot, session):
    ended = []
    session.run_staged(lambda p: FakeStaged([], store=False, index=True), background=True, then=ended.append)
    qtbot.waitUntil(lambda: len(ended) == 1, timeout=5000)
    assert ended[0].state == "done"

    def broken(p):
        raise OSError(13, "Permission denied")
    session.run_staged(broken, background=True, then=ended.append)
    qtbot.waitUntil(lambda: len(ended) == 2, timeout=5000)
    assert ended[1].state == "failed" and ended[1].message


def test_a_bookmark_refreshes_what_shows_user_data_only(qtbot, window, monkeypatch):
    calls = []
    for name in ("boxes", "indicators", "home"):
        page = getattr(window, name)
        real = page.refresh
        monkeypatch.setattr(page, "refresh", lambda changes, n=name, f=real: (calls.append((n, set(changes))), f(changes)))
    window.reader.go_to(f"{Y2018}:专栏1")
    window.add_bookmark()
    assert calls == [("home", {USERDATA})]             # not the 专栏 or 指标 pages
    assert "书签 1" in window.status.text()
    assert window.bookmarks.model.rowCount() == 1


def test_a_rebuild_reaches_every_page_once(qtbot, window, monkeypatch):
    calls = []
    for spec in pages.PAGES:
        if spec.refresh is pages.refresh_page:
            page = spec.view(window)
            real = page.refresh
            monkeypatch.setattr(page, "refresh", lambda changes, n=spec.name, f=real: (calls.append(n), f(changes)))
    old = window.store
    assert window.rebuild() == "done"
    assert window.store is not old and window.reader.store is window.store
    assert window.bookmarks.model.store is window.store and window.outline_model.store is window.store
    assert sorted(calls) == ["boxes", "home", "indicators", "topics"]


def test_adding_a_page_is_one_entry(qtbot, data_copy, clean_settings, monkeypatch):
    class NotesPage(QLabel):
        SHOWS = frozenset({USERDATA})

        def __init__(self, session, parent=None):
            super().__init__("", parent)
            self.session, self.seen = session, []

        def refresh(self, changes):
            self.seen.append(set(changes))

    extra = pages.PageSpec("notes", "笔记", "Ctrl+7", lambda win: NotesPage(win.session, win), NotesPage.SHOWS)
    monkeypatch.setattr(main_window, "PAGES", pages.PAGES + (extra,))
    w = main_window.MainWindow(data_copy)
    qtbot.addWidget(w)
    try:
        assert w.pages.tabText(6) == "笔记" and w.pages.widget(6) is w.notes
        act = next(a for a in w.actions() if a.objectName() == "actPage7")
        assert act.text() == "笔记" and act.shortcut().toString() == "Ctrl+7"
        act.trigger()
        assert w.pages.currentWidget() is w.notes
        w.session.tell(STORE)
        w.session.tell(USERDATA)
        assert w.notes.seen == [{USERDATA}]           # only what it shows
    finally:
        w.search.shutdown()
        w.session.close()


def test_the_index_rebuild_asked_by_search_runs_through_the_session(qtbot, window):
    said = heard(window.session)
    window.search.request_rebuild("测试")
    qtbot.waitUntil(lambda: len(said) > 0, timeout=30000)
    assert said == [{INDEX}]
    qtbot.waitUntil(lambda: "搜索索引已重建" in window.search.index_note, timeout=5000)
