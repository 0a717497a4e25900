"""Issue 29 item 4: the indicator chart leaves the window — 复制图表 (an image and its
PNG on the clipboard), 保存图表… (PNG at 300 dpi for a 16 cm figure, or SVG), from the
buttons above the chart or its right-click menu; the Word export of one metric carries
the chart above its table."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from docx import Document
from docx.oxml.ns import qn
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog

from desktop.window import metric_chart
from desktop.window.export_dialog import last_dir
from desktop.window.indicators_view import EntryRole
from desktop.window.metric_chart import chart_image, chart_svg


@pytest.fixture
def view(qtbot, window):
    v = window.open_indicators()
    v.metric_box.setCurrentIndex(v.metric_box.findData("货物进出口总额"))
    assert v.chart_widgets()
    return v


def test_the_png_is_at_print_resolution(view, tmp_path):
    out = view.save_chart(str(tmp_path / "进出口.png"))
    img = QImage(out)
    assert not img.isNull() and img.width() >= 1800                    # 16 cm at 300 dpi: 1890 px
    assert round(img.dotsPerMeterX() * 0.0254) == 300
    assert round(img.width() / img.dotsPerMeterX() * 100, 1) == 16.0    # prints 16 cm wide
    # painted, not blank: the blue target bars and dark text are there
    colors = {img.pixelColor(x, y).name() for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert "#1f6feb" in colors and len(colors) > 20


def test_the_svg_is_svg_with_the_words_as_text(view, tmp_path):
    out = view.save_chart(str(tmp_path / "进出口.svg"))
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    assert "货物进出口总额" in text and "基期值" in text


def test_the_save_dialog_picks_the_format_and_remembers_the_folder(view, monkeypatch, tmp_path):
    asked = []

    def answer(parent, caption, start, filters):
        asked.append((caption, start, filters))
        return str(tmp_path / "图"), "SVG 矢量图 (*.svg)"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    out = view.save_chart()
    assert out == str(tmp_path / "图.svg") and ET.parse(out).getroot().tag.endswith("svg")
    assert asked[0][0] == "保存图表" and asked[0][1].endswith("货物进出口总额.png") and "PNG" in asked[0][2]
    assert last_dir() == str(tmp_path)


def test_copy_puts_an_image_on_the_clipboard(view):
    QGuiApplication.clipboard().clear()
    view.btn_copy_chart.click()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasImage()
    img = QGuiApplication.clipboard().image()
    assert img.width() >= 1800
    assert bytes(mime.data("image/png")).startswith(b"\x89PNG")
    assert "已复制" in view.info.text()


def test_the_chart_menu_copies_and_saves(view):
    menu = view.chart_widgets()[0].menu()
    assert [a.text() for a in menu.actions()] == ["复制图表", "保存图表…"]
    QGuiApplication.clipboard().clear()
    menu.actions()[0].trigger()
    assert QGuiApplication.clipboard().mimeData().hasImage()


def test_the_export_is_the_same_whatever_the_window_size(view):
    c = view.chart_widgets()[0]
    a = chart_image([c])
    c.resize(300, 250)
    assert chart_image([c]) == a and b"<svg" in chart_svg([c])


def test_buttons_only_with_a_chart_shown(view):
    assert view.btn_copy_chart.isVisibleTo(view) and view.btn_save_chart.isVisibleTo(view)
    view.show_chart(False)
    assert not view.btn_copy_chart.isVisibleTo(view) and view.shown_charts() == []
    view.show_chart(True)
    view.metric_box.setCurrentIndex(0)
    view.table.setCurrentIndex(QModelIndex())            # no metric picked, no row: no chart to copy
    assert view.shown_charts() == [] and not view.btn_copy_chart.isVisibleTo(view)


def test_the_word_export_of_one_metric_carries_the_chart_above_its_table(view, tmp_path):
    out = view.export("docx", str(tmp_path / "m.docx"))
    doc = Document(out)
    assert len(doc.inline_shapes) == 1
    body = [("pic" if el.findall(".//" + qn("w:drawing")) else "p") if el.tag == qn("w:p") else "t"
            for el in doc.element.body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))]
    assert body.index("pic") < body.index("t")
    rid = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    img = QImage.fromData(doc.part.related_parts[rid].blob)
    assert img.width() >= 1800


def test_a_metric_in_two_currencies_gets_a_chart_above_each_table(view, tmp_path):
    view.metric_box.setCurrentIndex(view.metric_box.findData("服务贸易总额"))
    assert len(view.chart_widgets()) == 2
    doc = Document(view.export("docx", str(tmp_path / "s.docx")))
    body = [("pic" if el.findall(".//" + qn("w:drawing")) else "p") if el.tag == qn("w:p") else "t"
            for el in doc.element.body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))]
    assert [x for x in body if x != "p"] == ["pic", "t", "pic", "t"]


def test_no_chart_in_the_word_export_of_many_metrics_or_when_hidden(view, tmp_path):
    view.show_chart(False)
    assert len(Document(view.export("docx", str(tmp_path / "hidden.docx"))).inline_shapes) == 0
    view.show_chart(True)
    view.metric_box.setCurrentIndex(0)                   # all metrics: the table has many
    rows = [view.proxy.index(r, 0).data(EntryRole) for r in range(view.proxy.rowCount())]
    assert len({e["metric"] for e in rows}) > 1
    assert len(Document(view.export("docx", str(tmp_path / "all.docx"))).inline_shapes) == 0
