"""Before a Word export: the document's title (it heads the 公文) and where to save
it, starting in the folder used last time."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from . import settings as st

LAST_DIR = "export/dir"


def last_dir() -> str:
    d = st.get(LAST_DIR, "")
    return d if d and Path(d).is_dir() else str(Path.home())


class WordExportDialog(QDialog):
    def __init__(self, what: str, title: str, filename: str, parent=None):
        super().__init__(parent)
        self.setObjectName("wordExportDialog")
        self.setWindowTitle("导出到 Word")
        self.title = QLineEdit(title, self)
        self.title.setObjectName("exportTitle")
        self.path = QLineEdit(str(Path(last_dir()) / filename), self)
        self.path.setObjectName("exportPath")
        browse = QPushButton("浏览…", self)
        browse.clicked.connect(self._browse)
        row = QWidget(self)
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.path, 1)
        h.addWidget(browse)
        form = QFormLayout()
        form.addRow("标题：", self.title)
        form.addRow("保存到：", row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(what, self))
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self):
        p, _ = QFileDialog.getSaveFileName(self, "导出到 Word", self.path.text(), "Word 文档 (*.docx)")
        if p:
            self.path.setText(p)

    def _accept(self):
        p = self.path.text().strip()
        if not p:
            return
        if not p.lower().endswith(".docx"):
            p += ".docx"
            self.path.setText(p)
        if Path(p).exists():
            from PySide6.QtWidgets import QMessageBox
            if QMessageBox.question(self, "导出到 Word", f"{Path(p).name} 已存在，要替换它吗？") \
                    != QMessageBox.StandardButton.Yes:
                return
        st.put(LAST_DIR, str(Path(p).parent))
        self.accept()

    def chosen(self) -> tuple[str, str]:
        return self.title.text().strip(), self.path.text().strip()
