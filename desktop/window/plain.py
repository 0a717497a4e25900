"""Data is never markup: the one way text from a plan, an imported file, a note, a
bookmarks file, a search or a file name reaches a label, a tooltip, the status
line or a message box.

Qt's labels, tooltips, message boxes and the labels of input and progress dialogs
take a string as HTML whenever Qt.mightBeRichText() says it may be — and HTML
loads what an <img src> names, from the disk (/dev/zero never ends) or, on
Windows, from \\\\host\\share over the network. So:

- labels are plain (`plain_label`, `set_plain`): Qt never parses their text;
- tooltips and message texts have no text-format setting: they pass through
  `literal()`, which leaves a string Qt would show as it is unchanged and escapes
  any other, wrapped so that Qt shows its characters as written;
- message boxes are asked through `inform`, `ask` and `alert` (literal texts), or
  made by `message_box` (plain text);
- the one label laid out as markup is set by `rich()`, its data parts through `escaped()`.

HTML for the text views is made in render.py and home_html.py (every data string
escaped) and shown by safe_browser.SafeBrowser, which loads nothing.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtGui import Qt as GuiQt        # mightBeRichText lives in QtGui's Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox, QSizePolicy, QWidget

PLAIN = Qt.TextFormat.PlainText


def escaped(text) -> str:
    """Text for inside HTML markup (element content or a quoted attribute)."""
    return html.escape("" if text is None else str(text), quote=True)


def literal(text) -> str:
    """Text for a widget that guesses whether a string is HTML (a tooltip, a message
    box): as it is when Qt would show it as it is, else escaped and wrapped so that
    Qt shows the characters as written (line breaks kept)."""
    s = "" if text is None else str(text)
    if not GuiQt.mightBeRichText(s):
        return s
    return "<p style='white-space:pre-wrap'>" + html.escape(s, quote=False) + "</p>"


def tip(text) -> str | None:
    """A tooltip (setToolTip, ToolTipRole, a text format's tooltip) from data."""
    return None if text is None else literal(text)


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows its text as written, whatever is set on it later."""
    label = QLabel(parent)
    label.setTextFormat(PLAIN)
    label.setText(text)
    return label


class ElidedLabel(QLabel):
    """A one-line plain label that never widens what holds it: a text longer than the
    room ends in …, the whole text in its tooltip (status lines, long plan names)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, minimum: int = 60):
        super().__init__(parent)
        self.setTextFormat(PLAIN)
        self._minimum = minimum
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text) -> None:                     # noqa: N802 (Qt's name)
        self._full = "" if text is None else str(text)
        super().setText(self._full)
        self.setToolTip(literal(self._full) if self._full else "")

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:                  # noqa: N802
        return QSize(self._minimum, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:                         # noqa: N802
        return QSize(min(super().sizeHint().width(), 400), super().sizeHint().height())

    def paintEvent(self, e) -> None:                     # noqa: N802
        p = QPainter(self)
        r = self.contentsRect()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, r.width())
        p.drawText(r, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)


def set_plain(label: QLabel, text) -> None:
    label.setTextFormat(PLAIN)
    label.setText("" if text is None else str(text))


def rich(label: QLabel, markup: str) -> None:
    """A label laid out as HTML made here: every data part of `markup` through escaped()."""
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(markup)


def message_box(parent, icon, title: str, text: str) -> QMessageBox:
    """A message box whose text is shown as written."""
    box = QMessageBox(icon, title, "", parent=parent)
    box.setTextFormat(PLAIN)
    box.setText(text)
    return box


def inform(parent, title: str, text: str) -> None:
    QMessageBox.information(parent, title, literal(text))


def alert(parent, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, literal(text))


def ask(parent, title: str, text: str) -> bool:
    """A yes/no question; True for yes."""
    return QMessageBox.question(parent, title, literal(text)) == QMessageBox.StandardButton.Yes


def ok_cancel(dialog, ok_text: str = "确定", on_ok=None) -> QDialogButtonBox:
    """A dialog's two buttons in Chinese: `ok_text` runs `on_ok` (default: accept), 取消 rejects."""
    B = QDialogButtonBox.StandardButton
    buttons = QDialogButtonBox(B.Ok | B.Cancel, dialog)
    buttons.button(B.Ok).setText(ok_text)
    buttons.button(B.Cancel).setText("取消")
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
