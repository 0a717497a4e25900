"""Before anything is written: what each file would import, with 导入 / 取消."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from .plain import plain_label, tip
from .rows_model import Columns, RowsModel, row_table

COLS = Columns(file="文件", title="标题", number="发文字号", period="规划期", headings="章节", boxes="专栏",
               indicators="指标", note="说明")


def indicators_text(n: dict) -> str:
    """Table rows and targets in the text, both (「指标 0」 read as nothing found)."""
    return f"{n['indicators']} 行，正文目标 {n['targets']} 项" if n else ""


def counts_text(c) -> str:
    """As the home page counts a plan: 标题 42 个；专栏 7 个；指标 0 行，正文目标 12 项."""
    n = c.counts()
    return f"标题 {n['headings']} 个；专栏 {n['boxes']} 个；指标 {indicators_text(n)}" if n else ""


def offered_note(c) -> str:
    """What importing this file will do, in a word or two."""
    if c.error:
        return f"无法导入：{c.error}"
    if c.same_file:
        return "已导入过（同一文件），不再重复导入"
    if c.same_plan:
        by = {"发文字号": "发文字号相同", "正文": "正文相同"}.get(c.same_plan.get("same_by"))
        if by:
            return f"已有同一规划（{by}：{c.same_plan['short_title']}）：勾选“替换”才会导入"
        return f"已有同名规划（{c.same_plan['short_title']}）：勾选“替换”才会导入"
    return "；".join(c.warnings) if c.warnings else "可以导入"


class OfferedFilesModel(RowsModel):
    COLUMNS = COLS

    def __init__(self, offered, parent=None):
        super().__init__(parent)
        self.rows = list(offered)

    @staticmethod
    def cell(c, key: str) -> str:
        if key == "indicators":
            return indicators_text(c.counts())
        if key in ("headings", "boxes"):
            return str(c.counts().get(key, ""))
        if key == "file":
            return c.path.name
        if key == "note":
            return offered_note(c)
        if c.doc is None:
            return ""
        return {"title": c.doc.title, "number": c.doc.doc_number or "—", "period": c.doc.period or "—"}[key]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.cell(c, COLS.key(col))
            return text if role == Qt.ItemDataRole.DisplayRole else tip(text)
        if role == Qt.ItemDataRole.ForegroundRole and col == COLS.note and (c.error or c.same_plan):
            from PySide6.QtGui import QBrush, QColor  # lazy: Qt loads only when the window opens
            return QBrush(QColor("#a40e26" if c.error else "#9a6700"))
        return None


class ImportPreview(QDialog):
    """One row per file; the selected file's outline below; 导入 only when something can be."""

    def __init__(self, offered, parent=None):
        super().__init__(parent)
        self.setWindowTitle("导入规划：预览")
        self.setObjectName("importPreview")
        self.resize(1100, 640)
        self.offered = offered
        self.model = OfferedFilesModel(offered, self)
        self.view = row_table(QTableView(self), "importTable", self.model)
        hh = self.view.horizontalHeader()
        for k in range(len(COLS)):
            hh.setSectionResizeMode(k, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(COLS.title, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(COLS.note, QHeaderView.ResizeMode.Stretch)
        self.outline = QPlainTextEdit(self)
        self.outline.setObjectName("importOutline")
        self.outline.setReadOnly(True)
        self.replace = QCheckBox("替换已有的同名规划（保留其书签）", self)
        self.replace.setObjectName("importReplace")
        self.replace.setVisible(any(c.same_plan and not c.same_file for c in offered))
        self.summary = plain_label("", self)
        self.summary.setObjectName("importSummary")
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("importOk")
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.outline)
        lower.addWidget(self._checks_pane())
        split.addWidget(lower)
        split.setSizes([300, 260])
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        lay.addWidget(self.replace)
        lay.addWidget(self.buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _: self._show(cur))
        self.replace.toggled.connect(lambda _: self._update())
        self._update()
        if offered:
            self.view.selectRow(0)
            self._show(self.model.index(0, 0))

    def _checks_pane(self) -> QWidget:
        """The self-check's findings for the selected file, each with 查看原文: the
        source around its line, in a read-only plain-text pane."""
        pane = QWidget(self)
        self.checks = QListWidget(pane)
        self.checks.setObjectName("importChecks")
        self.view_source = QPushButton("查看原文", pane)
        self.view_source.setObjectName("importViewSource")
        self.source = QPlainTextEdit(pane)
        self.source.setObjectName("importSource")
        self.source.setReadOnly(True)
        row = QHBoxLayout()
        row.addWidget(plain_label("自检发现的问题：", pane), 1)
        row.addWidget(self.view_source)
        lay = QVBoxLayout(pane)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.checks, 1)
        lay.addWidget(self.source, 1)
        self.view_source.clicked.connect(self.show_source)
        self.checks.itemActivated.connect(lambda _: self.show_source())
        return pane

    def _fill_checks(self, c) -> None:
        self.checks.clear()
        self.source.clear()
        for k, chk in enumerate(c.doc.checks if c.doc else []):
            item = QListWidgetItem(chk.text(), self.checks)
            item.setData(Qt.ItemDataRole.UserRole, k)
        self.view_source.setEnabled(self.checks.count() > 0)
        if self.checks.count():
            self.checks.setCurrentRow(0)

    def show_source(self) -> None:
        """The source lines around the selected finding's line (that line marked ▶)."""
        item = self.checks.currentItem()
        cur = self.view.currentIndex()
        if item is None or not cur.isValid():
            return
        c = self.offered[cur.row()]
        chk = c.doc.checks[item.data(Qt.ItemDataRole.UserRole)]
        text = [f"{'▶' if no == chk.line else ' '} {no:>5}  {t}" for no, t in chk.context]
        self.source.setPlainText(f"{c.path.name}　{chk.text()}\n\n" + "\n".join(text or ["（无原文位置）"]))

    def importable(self) -> list:
        return [c for c in self.offered if c.ok and not c.same_file
                and (not c.same_plan or self.replace.isChecked())]

    def _update(self):
        n = len(self.importable())
        bad = sum(1 for c in self.offered if c.error)
        self.summary.setText(f"共 {len(self.offered)} 个文件：{n} 个将导入" + (f"，{bad} 个无法导入" if bad else ""))
        self.ok.setEnabled(n > 0)

    def _show(self, idx: QModelIndex):
        if not idx.isValid():
            return
        c = self.offered[idx.row()]
        self._fill_checks(c)
        if c.doc is None:
            self.outline.setPlainText(offered_note(c))
            return
        head = [f"《{c.doc.title}》", f"发文字号：{c.doc.doc_number or '—'}　规划期：{c.doc.period or '—'}　"
                f"格式：{c.doc.format}", counts_text(c)]
        head += [f"提示：{w}" for w in c.warnings]
        lines_of = {}
        for chk in c.doc.checks:
            lines_of.setdefault(chk.line, chk)
        marks = {s.line_start: "　⚠ " + lines_of[s.line_start].message for s in c.doc.sections
                 if s.line_start in lines_of}
        outline = [h + marks.get(s.line_start, "") for h, s in zip(c.outline(3), [s for s in c.doc.sections
                                                                                if s.level <= 3])]
        self.outline.setPlainText("\n".join(head + ["", "目录："] + outline))
