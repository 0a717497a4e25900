"""The home page: the plans as cards, recent bookmarks and notes, recent searches,
search tips with examples to click."""
from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..present import render
from ..present.home_html import HOME_CSS, home_html
from .safe_browser import SafeBrowser
from .session import EVERYTHING, LABELS, STORE, USERDATA


class HomePage(QWidget):
    SHOWS = frozenset({STORE, USERDATA, LABELS})     # the plans' figures and names; bookmarks, notes, recent searches
    openTarget = Signal(str)       # pd:… a place to read
    openBookmark = Signal(int)
    runSearch = Signal(str)
    openPage = Signal(str)         # boxes / indicators / bookmarks

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("homePage")
        self.session = session
        self.view = SafeBrowser(self)
        self.view.setObjectName("homeView")
        self.view.setOpenLinks(False)
        self.view.document().setDocumentMargin(28)
        self.view.document().setDefaultStyleSheet(render.CSS + HOME_CSS)
        self.view.anchorClicked.connect(self._link)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        self.refresh()

    def refresh(self, changes=EVERYTHING):
        store, userdata = self.session.store, self.session.userdata
        if store is None or userdata is None:
            return
        y = self.view.verticalScrollBar().value()
        self.view.setHtml(home_html(store.stats(), userdata.bookmarks(), userdata.recent_searches(),
                                    self.session.plan_labels()))
        self.view.verticalScrollBar().setValue(y)

    def _link(self, url: QUrl):
        s = url.toString()
        kind, _, rest = s.partition(":")
        rest = unquote(rest)
        if kind == "pd":
            self.openTarget.emit(rest)
        elif kind == "bm" and rest.isdigit():
            self.openBookmark.emit(int(rest))
        elif kind == "q":
            self.runSearch.emit(rest)
        elif kind == "page":
            self.openPage.emit(rest)
