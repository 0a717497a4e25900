"""Models over a list of row dicts (shared bases): a table whose columns have names
(Columns: no column numbers in the code), one filter for all of them (FilteredRows:
equal-valued choices and words typed), and a list whose subclasses say what a row
shows for each role."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt, QTimer


class Columns:
    """A table's columns, in order: each a key used in code and the header shown.
    `COLS.title` is that column's number, `COLS.key(n)` its key; iterating, `len`,
    `[n]` and `.index(header)` read the headers as a list would."""

    def __init__(self, **headers: str):
        self._keys = list(headers)
        self._headers = list(headers.values())

    def __getattr__(self, key: str) -> int:
        try:
            return self.__dict__["_keys"].index(key)
        except ValueError:
            raise AttributeError(key) from None

    def key(self, n: int) -> str:
        return self._keys[n]

    def index(self, header: str) -> int:
        return self._headers.index(header)

    def __len__(self):
        return len(self._headers)

    def __iter__(self):
        return iter(self._headers)

    def __getitem__(self, n: int) -> str:
        return self._headers[n]


def words_of(text: str) -> list[str]:
    """The words typed into a filter box (spaces between them)."""
    return text.split()


def has_words(words: list[str], *fields) -> bool:
    """Every word is in one of the fields (the one word filter of the tables)."""
    return all(any(w in (f or "") for f in fields) for w in words)


def refill(box, items) -> None:
    """Fill a filter's combo box with (text, data) items anew, the current choice kept
    when it is still there (else the first item), without signalling a change: the
    one way the plan, scope and kind choices are filled, at start and after a rebuild."""
    keep = box.currentData()
    box.blockSignals(True)
    box.clear()
    for text, data in items:
        box.addItem(text, data)
    box.setCurrentIndex(max(0, box.findData(keep)) if keep else 0)
    box.blockSignals(False)


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


class FilteredRows(RowsModel):
    """All rows read once (`all`), the ones shown (`rows`) kept by one filter: each
    choice in CHOICES (attribute -> the row key it must equal, "" for any) and the
    words typed, each in one of the row's `haystack(row)` fields."""
    CHOICES: dict[str, str] = {}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.all: list[dict] = []
        self.text = ""
        for attr in self.CHOICES:
            setattr(self, attr, "")

    def haystack(self, row: dict) -> tuple:
        raise NotImplementedError

    def set_all(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.all = rows
        self._apply()
        self.endResetModel()

    def set_filter(self, text: str | None = None, **choices) -> None:
        """Change the words or any choice (None leaves it as it is); rows are filtered
        again, nothing re-read."""
        self.beginResetModel()
        if text is not None:
            self.text = text.strip()
        for attr, v in choices.items():
            if attr not in self.CHOICES:
                raise TypeError(f"no filter {attr}")
            if v is not None:
                setattr(self, attr, v)
        self._apply()
        self.endResetModel()

    def accepts(self, row: dict, words: list[str]) -> bool:
        return all(not getattr(self, attr) or row.get(key) == getattr(self, attr) for attr, key in self.CHOICES.items()) \
            and has_words(words, *self.haystack(row))

    def _apply(self) -> None:
        words = words_of(self.text)
        self.rows = [r for r in self.all if self.accepts(r, words)]


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
    from PySide6.QtWidgets import QAbstractItemView  # lazy: Qt loads only when the window opens
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    return view
