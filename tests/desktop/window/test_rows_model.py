"""Tables with named columns and the one filter they share (without a view)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.window.rows_model import Columns, FilteredRows, has_words


def test_columns_are_named_and_read_as_headers():
    cols = Columns(plan="文件", name="指标", target="目标")
    assert (cols.plan, cols.name, cols.target) == (0, 1, 2)
    assert cols.key(2) == "target" and list(cols) == ["文件", "指标", "目标"]
    assert len(cols) == 3 and cols[1] == "指标" and cols.index("目标") == 2
    with pytest.raises(AttributeError):
        cols.year


class Rows(FilteredRows):
    COLUMNS = Columns(name="名称", doc="文件")
    CHOICES = {"doc": "document_id"}

    def haystack(self, row):
        return row["name"], row.get("note")


def test_one_filter_for_choices_and_words(qapp):
    m = Rows()
    m.set_all([dict(name="货物进出口总额", document_id="a", note=None),
               dict(name="服务贸易总额", document_id="b", note="外贸"),
               dict(name="实际利用外资", document_id="a", note="")])
    assert m.rowCount() == 3 and m.headerData(m.COLUMNS.doc, Qt.Orientation.Horizontal) == "文件"
    m.set_filter(text=" 外 ")
    assert [r["name"] for r in m.rows] == ["服务贸易总额", "实际利用外资"]      # in a note counts too
    m.set_filter(doc="a")
    assert [r["name"] for r in m.rows] == ["实际利用外资"]
    m.set_filter(text="")                     # the words cleared, the choice kept
    assert [r["name"] for r in m.rows] == ["货物进出口总额", "实际利用外资"]
    with pytest.raises(TypeError):
        m.set_filter(scope="x")
    assert has_words(["总额", "服务"], "服务贸易总额") and not has_words(["总额", "外资"], "服务贸易总额", None)


def test_a_filter_choice_survives_its_box_refilled(qapp):
    from PySide6.QtWidgets import QComboBox

    from desktop.window.rows_model import refill
    box = QComboBox()
    fired = []
    box.currentIndexChanged.connect(fired.append)
    refill(box, [("全部文件", ""), ("2018 开放平台", "a"), ("2021 内陆开放", "b")])
    box.setCurrentIndex(2)
    fired.clear()
    refill(box, [("全部文件", ""), ("2021 内陆开放", "b"), ("2022 自贸", "c")])
    assert box.currentData() == "b" and box.count() == 3 and not fired        # kept, and no change signalled
    refill(box, [("全部文件", ""), ("2022 自贸", "c")])
    assert box.currentData() == ""                                              # gone: the first item
