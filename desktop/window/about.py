"""关于与诊断: the program's and the libraries' versions, where the data lives and
what it holds — the place for the data folder, not the status bar."""
from __future__ import annotations

import platform
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication, QTextCursor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QVBoxLayout)

from db import logfile, paths
from db.version import version as v
from ..services import licences
from ..services.update import state
from .safe_browser import SafeBrowser
from ..present.render import esc


def version() -> str:
    return v()


def diagnostics(data: Path, store) -> list[tuple[str, str]]:
    import PySide6  # lazy: Qt loads only when the window opens
    from PySide6.QtCore import qVersion  # lazy: Qt loads only when the window opens
    docs = store.documents() if store is not None else []
    return [("PlanDesk 版本", version()), ("Python", platform.python_version()),
            ("Qt / PySide6", f"{qVersion()} / {PySide6.__version__}"), ("系统", platform.platform()),
            ("数据文件夹", str(Path(data))), ("规划数据", str(paths.plans_db(data))),
            ("书签与批注", str(paths.user_db(data))), ("日志", str(logfile.log_path(data))),
            ("规划份数", str(len(docs))), *state_rows(data),
            ("规划", "；".join(f"{d['year']}《{d['short_title']}》（{d['source_file']}）" for d in docs))]


def state_rows(data: Path) -> list[tuple[str, str]]:
    """Whether the store and the search index are current (what 重建索引 would fix)."""
    try:
        s = state(Path(data))
    except Exception as e:        # a diagnostics dialog must open whatever the data's state
        return [("数据状态", f"无法读取（{type(e).__name__}）")]
    return [("规划数据状态", "正常" if s.store else "需要重新建立"),
            ("搜索索引状态", "正常" if s.index else "需要重建（搜索仍可用，排序从简）")]


class AboutDialog(QDialog):
    rebuildIndex = Signal()

    def __init__(self, data: Path, store, parent=None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("关于与诊断")
        self.resize(640, 420)
        self.rows = diagnostics(data, store)
        view = SafeBrowser(self)               # folder and file names: escaped, and nothing is loaded
        view.setObjectName("aboutText")
        view.setHtml("<h2>PlanDesk · 重庆开放平台规划</h2><p>离线阅读、检索、对比和导出重庆开放平台规划。</p><table cellpadding='3'>"
                     + "".join(f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in self.rows) + "</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton("复制诊断信息", self)
        copy.clicked.connect(self.copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        reindex = QPushButton("重建索引", self)
        reindex.setObjectName("aboutRebuildIndex")
        reindex.setToolTip("在后台重新建立搜索索引；期间搜索照常可用")
        reindex.clicked.connect(self.rebuildIndex.emit)
        reindex.clicked.connect(self.accept)
        buttons.addButton(reindex, QDialogButtonBox.ButtonRole.ActionRole)
        lic = QPushButton("许可", self)
        lic.setObjectName("aboutLicences")
        lic.setToolTip("PlanDesk 与随附第三方软件的许可")
        lic.clicked.connect(self.show_licences)
        buttons.addButton(lic, QDialogButtonBox.ButtonRole.ActionRole)
        opener = QPushButton("打开数据文件夹", self)
        opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(data))))
        buttons.addButton(opener, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(view)
        lay.addWidget(buttons)

    def copy(self) -> str:
        text = "\n".join(f"{k}：{v}" for k, v in self.rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def show_licences(self) -> "LicencesDialog":
        dlg = LicencesDialog(self)
        dlg.open()
        return dlg


class LicencesDialog(QDialog):
    """关于 › 许可: the bundle's THIRD-PARTY-NOTICES (from a checkout, what the
    installed distributions say), as plain text: searchable, selectable, copyable."""

    def __init__(self, parent=None, text: str | None = None):
        super().__init__(parent)
        self.setObjectName("licencesDialog")
        self.setWindowTitle("许可")
        self.resize(760, 560)
        self.view = QPlainTextEdit(self)            # plain text: nothing in a licence is markup
        self.view.setObjectName("licenceText")
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.view.setFont(QFont("monospace"))
        self.view.setPlainText(licences.notices_text() if text is None else text)
        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("licenceFind")
        self.find_box.setPlaceholderText("查找（回车：下一处）")
        self.find_box.returnPressed.connect(self.find_next)
        self.status = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.find_box, 1)
        row.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton("复制全部", self)
        copy.clicked.connect(self.copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.view)
        lay.addWidget(buttons)

    def find_next(self) -> bool:
        """The next place the search text occurs, wrapping round to the start."""
        needle = self.find_box.text()
        if not needle:
            return False
        found = self.view.find(needle)
        if not found:
            self.view.moveCursor(QTextCursor.MoveOperation.Start)
            found = self.view.find(needle)
        self.status.setText("" if found else "未找到")
        return found

    def copy(self) -> str:
        text = self.view.toPlainText()
        QGuiApplication.clipboard().setText(text)
        return text
