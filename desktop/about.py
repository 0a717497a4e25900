"""关于与诊断: the program's and the libraries' versions, where the data lives and
what it holds — the place for the data folder, not the status bar."""
from __future__ import annotations

import platform
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout

from db import logfile, paths


def version() -> str:
    from db.version import version as v
    return v()


def diagnostics(data: Path, store) -> list[tuple[str, str]]:
    import PySide6
    from PySide6.QtCore import qVersion
    docs = store.documents() if store is not None else []
    return [("PlanDesk 版本", version()), ("Python", platform.python_version()),
            ("Qt / PySide6", f"{qVersion()} / {PySide6.__version__}"), ("系统", platform.platform()),
            ("数据文件夹", str(Path(data))), ("规划数据", str(paths.plans_db(data))),
            ("书签与批注", str(paths.user_db(data))), ("日志", str(logfile.log_path(data))),
            ("规划份数", str(len(docs))),
            ("规划", "；".join(f"{d['year']}《{d['short_title']}》" for d in docs))]


class AboutDialog(QDialog):
    def __init__(self, data: Path, store, parent=None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("关于与诊断")
        self.resize(640, 420)
        self.rows = diagnostics(data, store)
        view = QTextBrowser(self)
        view.setObjectName("aboutText")
        from .render import esc
        view.setHtml("<h2>PlanDesk · 重庆开放平台规划</h2><p>离线阅读、检索、对比和导出重庆开放平台规划。</p><table cellpadding='3'>"
                     + "".join(f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in self.rows) + "</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton("复制诊断信息", self)
        copy.clicked.connect(self.copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(view)
        lay.addWidget(buttons)

    def copy(self) -> str:
        text = "\n".join(f"{k}：{v}" for k, v in self.rows)
        QGuiApplication.clipboard().setText(text)
        return text
