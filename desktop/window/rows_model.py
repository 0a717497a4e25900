"""Models over a list of row dicts (shared bases): a table with fixed column names,
and a list whose subclasses say what a row shows for each role."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt, QTimer


class RowsListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return self.value(self.rows[index.row()], role) if index.isValid() else None

    def value(self, row: dict, role):
        raise NotImplementedError


class RowsModel(QAbstractTableModel):
    COLUMNS: list[str] = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


def rows_follow_wrapping(view, model) -> QTimer:
    """Row heights follow wrapped cells, after a reset and when a column is resized
    (coalesced: a drag resizes many times)."""
    t = QTimer(view)
    t.setSingleShot(True)
    t.setInterval(50)
    t.timeout.connect(view.resizeRowsToContents)
    model.modelReset.connect(t.start)
    view.horizontalHeader().sectionResized.connect(lambda *_: t.start())
    return t


def row_table(view, name: str, model, single: bool = True):
    """A QTableView of whole-row records: one row selected at a time, no row numbers,
    wrapped cells."""
    from PySide6.QtWidgets import QAbstractItemView
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    return view
