"""A QTextBrowser for HTML made from plan text: it loads nothing and follows nothing.

Plan text is escaped before it becomes HTML (desktop/render.py); this is the
second wall. No resource is ever fetched — not a file: URL, not the network, not
an image — and no link is opened by Qt itself: the owner handles `anchorClicked`
for its own schemes (pd:, src:, more:, mentions:) and ignores the rest.
"""
from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser


class SafeBrowser(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []     # what the HTML asked to load (for the tests and the log)

    def loadResource(self, kind, url):  # noqa: N802 (Qt's name)
        self.refused.append(url.toString())
        return None
