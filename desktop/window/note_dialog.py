"""The one dialog for writing a note (a bookmark's 备注, a highlight's 批注): several
lines, wrapped, large enough to read what was written before."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPlainTextEdit, QVBoxLayout

from .plain import ok_cancel, plain_label


class NoteDialog(QDialog):
    def __init__(self, title: str, text: str = "", parent=None, prompt: str = "备注（可写多行）："):
        super().__init__(parent)
        self.setObjectName("noteDialog")
        self.setWindowTitle(title)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("noteText")
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.edit.setTabChangesFocus(True)
        self.edit.setPlainText(text or "")
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)
        buttons = ok_cancel(self)
        lay = QVBoxLayout(self)
        lay.addWidget(plain_label(prompt, self))
        lay.addWidget(self.edit, 1)
        lay.addWidget(buttons)
        self.setMinimumSize(420, 240)
        self.resize(560, 320)

    def text(self) -> str:
        return self.edit.toPlainText().strip()


def edit_note(parent, title: str, text: str = "", prompt: str = "备注（可写多行）：") -> str | None:
    """Ask for a note (several lines, wrapped); the text written, or None if cancelled."""
    dlg = NoteDialog(title, text, parent, prompt)
    if parent is not None:
        parent._dialog = dlg                     # kept for tests and screenshots
    return dlg.text() if dlg.exec() else None
