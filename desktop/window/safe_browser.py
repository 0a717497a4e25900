"""A QTextBrowser (and a QTextDocument, for printing and drawing) for HTML made
from plan text: it loads nothing and follows nothing.

Plan text is escaped before it becomes HTML (desktop/present/render.py); this is the
second wall. No resource is ever fetched — not a file: URL, not the network, not
an image — and no link is opened by Qt itself: the owner handles `anchorClicked`
for its own schemes (pd:, src:, more:, mentions:) and ignores the rest.

Answering "nothing" is not enough: when a document's loadResource gives no image,
Qt reads the file an <img src> names itself (QImage::load), and on a high-DPI
screen looks for its @2x sibling first. So an image asked for gets a blank
placeholder, anything else an empty text, and <img> tags never reach Qt at all
(the HTML made here has none: one would be data that escaped escaping).
"""
from __future__ import annotations

import re

from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

_IMG = re.compile(r"<\s*img\b[^>]*>", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def without_images(html: str, refused: list[str] | None = None) -> str:
    """The HTML with its <img> tags dropped (their sources added to `refused`)."""
    def drop(m):
        if refused is not None:
            src = _SRC.search(m.group(0))
            refused.append(next((g for g in src.groups() if g is not None), "") if src else m.group(0))
        return ""
    return _IMG.sub(drop, html or "")


def placeholder(kind):
    """What a resource asked for is given instead of being read: a blank pixel for an
    image (so Qt does not read the file itself), an empty text for the rest."""
    if kind in (QTextDocument.ResourceType.ImageResource, QTextDocument.ResourceType.ImageResource.value):
        img = QImage(1, 1, QImage.Format.Format_ARGB32)
        img.fill(0)
        return img
    return ""


class SafeBrowser(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []     # what the HTML asked to load (for the tests and the log)

    def setHtml(self, html: str):  # noqa: N802 (Qt's name)
        super().setHtml(without_images(html, self.refused))

    def loadResource(self, kind, url):  # noqa: N802 (Qt's name)
        self.refused.append(url.toString())
        return placeholder(kind)


class SafeDocument(QTextDocument):
    """A QTextDocument that loads nothing (printing, a search hit drawn in a list)."""

    def setHtml(self, html: str):  # noqa: N802 (Qt's name)
        super().setHtml(without_images(html))

    def loadResource(self, kind, url):  # noqa: N802 (Qt's name)
        return placeholder(kind)
