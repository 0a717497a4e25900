"""Narrow columns of a wrapped table (a plan's label, a year) kept on one line: the
text cut with … at the right, the full text in the row's tooltip, and the column
given a sane width so the wrapped columns (titles) keep the room."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate


class OneLine(QStyledItemDelegate):
    """Draws a cell on one line, elided at the right, even when the view wraps."""

    def initStyleOption(self, option, index):
        super().initStyleOption(option, index)
        option.features &= ~option.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideRight


def one_line(view, column: int, widest: str, least: int = 60, most: int = 220) -> None:
    """Column `column` of `view` on one line, as wide as `widest` (the longest text it
    usually holds) within [least, most] pixels; the person may still drag it wider."""
    delegate = getattr(view, "_one_line", None) or OneLine(view)
    view._one_line = delegate
    view.setItemDelegateForColumn(column, delegate)
    fm = view.fontMetrics()
    pad = 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 12
    hh = view.horizontalHeader()
    hh.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    hh.resizeSection(column, max(least, min(most, fm.horizontalAdvance(widest) + pad)))
