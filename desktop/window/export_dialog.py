"""Before a Word export: the document's title (it heads the 公文) and where to save
it, starting in the folder used last time. The one rule for where every file
dialog starts (last_dir, start_path, remember_dir): the folder used last, else
the user's 文档 folder, never the program folder."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from . import settings as st
from .plain import alert, ask, ok_cancel, plain_label

LAST_DIR = "export/dir"
AUTHOR, COMPANY = "export/author", "export/company"


def signature() -> tuple[str, str]:
    """The author and company written into exported Word files (as last entered)."""
    return st.get(AUTHOR, "") or "", st.get(COMPANY, "") or ""


def documents_dir() -> str:
    """The user's 文档 folder (Documents, 我的文档), else the home folder."""
    d = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return d if d and Path(d).is_dir() else str(Path.home())


def last_dir() -> str:
    """Where a file dialog starts: the folder used last, else the user's 文档 folder
    (never the working folder, which is the program's when started from a shortcut)."""
    d = st.get(LAST_DIR, "")
    return d if d and Path(d).is_absolute() and Path(d).is_dir() else documents_dir()


def start_path(filename: str = "") -> str:
    """What a file dialog offers: `filename` in last_dir() (the folder alone if no name)."""
    return str(Path(last_dir()) / filename) if filename else last_dir()


def remember_dir(path: str) -> None:
    """The folder of a file the person chose, for the next dialog."""
    if path:
        st.put(LAST_DIR, str(Path(path).absolute().parent))


class WordExportDialog(QDialog):
    def __init__(self, what: str, title: str, filename: str, parent=None):
        super().__init__(parent)
        self.setObjectName("wordExportDialog")
        self.setWindowTitle("导出到 Word")
        from desktop.services.export.gongwen import MAX_TITLE  # lazy: python-docx and lxml load only for a Word export
        self.title = QLineEdit(title, self)
        self.title.setObjectName("exportTitle")
        self.title.setMaxLength(MAX_TITLE)          # Word's limit for the title property
        self.path = QLineEdit(start_path(filename), self)
        self.path.setObjectName("exportPath")
        author, company = signature()
        self.author = QLineEdit(author, self)
        self.author.setObjectName("exportAuthor")
        self.author.setPlaceholderText("写入文档属性（作者）")
        self.company = QLineEdit(company, self)
        self.company.setObjectName("exportCompany")
        self.company.setPlaceholderText("写入文档属性（单位）")
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
        form.addRow("作者：", self.author)
        form.addRow("单位：", self.company)
        buttons = ok_cancel(self, "导出", self._accept)
        lay = QVBoxLayout(self)
        lay.addWidget(plain_label(what, self))
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self):
        p, _ = QFileDialog.getSaveFileName(self, "导出到 Word", self.path.text(), "Word 文档 (*.docx)")
        if p:
            self.path.setText(p)

    def _accept(self):
        from desktop.services.export.gongwen import check_title  # lazy: python-docx and lxml load only for a Word export
        p = self.path.text().strip()
        if not p:
            return
        try:
            check_title(self.title.text().strip())
        except ValueError as e:
            alert(self, "导出到 Word", str(e))
            return
        if not p.lower().endswith(".docx"):
            p += ".docx"
            self.path.setText(p)
        if Path(p).exists() and not ask(self, "导出到 Word", f"{Path(p).name} 已存在，要替换它吗？"):
            return
        remember_dir(p)
        st.put(AUTHOR, self.author.text().strip())
        st.put(COMPANY, self.company.text().strip())
        self.accept()

    def chosen(self) -> tuple[str, str]:
        return self.title.text().strip(), self.path.text().strip()
