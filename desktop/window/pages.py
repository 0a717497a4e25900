"""The pages of the main window's central area, written once: each is one PAGES
entry (its title for the tab and the 查看 menu, its shortcut, the data it shows,
how it is made and wired). Adding a page is adding one entry.

A page takes the DataSession when it is made and has `refresh(changes)`: the
window calls it when the session's `changed` names data the page shows (SHOWS),
and the page reads `session.store` / `session.userdata` again. Reader and
BookmarksPanel keep their own methods (set_store, set_userdata); their entries
say how a change reaches them. The docks (outline, search) and the comparison
window are refreshed the same way (PANELS, the window's `views`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol

from .bookmarks_panel import BookmarksPanel
from .boxes_browser import BoxesBrowser
from .home_page import HomePage
from .indicators_view import IndicatorsView
from .reader import Reader
from .session import INDEX, LABELS, STORE, USERDATA
from .topics_page import TopicsPage


class Page(Protocol):
    SHOWS: frozenset[str]           # what of the session it shows

    def refresh(self, changes: frozenset[str]) -> None: ...


def refresh_page(win, page, changes) -> None:
    page.refresh(changes)


@dataclass(frozen=True)
class PageSpec:
    name: str                       # the window's attribute for it (win.home) and its objectName's stem
    title: str                      # the tab's and the 查看 menu's text
    shortcut: str
    make: Callable                  # (window) -> the widget, made with the session, its signals wired
    shows: frozenset[str] = frozenset()
    refresh: Callable = refresh_page   # (window, widget, changes): a change it shows reached it

    def view(self, win):
        return getattr(win, self.name)


# ---- how each page is made and wired ----
def make_home(win):
    p = HomePage(win.session, win)
    p.openTarget.connect(lambda t: win.reader.go_to(t))
    p.openBookmark.connect(win.open_bookmark)
    p.runSearch.connect(win.search.run_query)
    p.openPage.connect(lambda name: win.show_page(getattr(win, name)))
    return p


def make_reader(win):
    r = Reader(win.session.store, win)
    r.set_userdata(win.session.userdata)
    r.plan_label = win.session.plan_label          # a PDF is named after the plan as the person calls it
    r.highlightsChanged.connect(lambda: win.session.tell(USERDATA))
    r.navigated.connect(win._navigated)
    r.told.connect(lambda text: win.statusBar().showMessage(text, 6000))     # what was copied, saved …
    return r


def refresh_reader(win, r, changes):
    if STORE in changes:
        r.reload_store(win.session.store)
    if r.userdata is not win.session.userdata:         # restored from a backup: a new file
        r.set_userdata(win.session.userdata)


def make_boxes(win):
    b = BoxesBrowser(win.session, win)
    b.openBox.connect(lambda t: win.reader.go_to(t))
    return b


def make_bookmarks(win):
    b = BookmarksPanel(win.session.userdata, win.session.store, win, labels=win.session.plan_labels)
    b.jump.connect(win._jump)
    b.changed.connect(lambda: win.session.tell(USERDATA))
    return b


def refresh_bookmarks(win, b, changes):
    if STORE in changes:
        b.model.set_store(win.session.store)
    if b.userdata is not win.session.userdata:
        b.set_userdata(win.session.userdata)
    elif changes & {USERDATA, LABELS} and STORE not in changes:
        b.model.reload()


def make_indicators(win):
    v = IndicatorsView(win.session, win)
    v.openSource.connect(win._open_from_page)
    return v


def make_topics(win):
    t = TopicsPage(win.session, win)
    t.openTarget.connect(win._open_from_page)
    return t


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "首页", "Ctrl+1", make_home, HomePage.SHOWS),
    PageSpec("reader", "阅读", "Ctrl+2", make_reader, frozenset({STORE, USERDATA}), refresh_reader),
    PageSpec("boxes", "专栏", "Ctrl+3", make_boxes, BoxesBrowser.SHOWS),
    PageSpec("bookmarks", "书签与批注", "Ctrl+4", make_bookmarks, frozenset({STORE, USERDATA, LABELS}),
             refresh_bookmarks),
    PageSpec("indicators", "指标", "Ctrl+5", make_indicators, IndicatorsView.SHOWS),
    PageSpec("topics", "专题", "Ctrl+6", make_topics, TopicsPage.SHOWS),
)


# ---- the docks: refreshed like pages, not tabs ----
def refresh_outline(win, outline, changes):
    if STORE in changes:
        win.outline_model.reload(win.session.store)
    else:
        win.outline_model.relabel()                   # a plan renamed


def refresh_search(win, search, changes):
    if STORE in changes:
        search.set_store(win.session.store)           # the plan filter anew, the index reopened
    elif INDEX in changes:
        search.index_rebuilt()                        # reopened, and the note says so
    if search.userdata is not win.session.userdata:
        search.set_userdata(win.session.userdata)
    if LABELS in changes:
        search.refresh_labels()                       # a plan renamed


PANELS: tuple[tuple[str, frozenset, Callable], ...] = (
    ("outline", frozenset({STORE, LABELS}), refresh_outline),
    ("search", frozenset({STORE, INDEX, USERDATA, LABELS}), refresh_search),
)
