"""Issue 29 item 4: the indicator Word export carries one metric's chart (PNG bytes the
window renders) above its table, 15.5 cm wide, readable in full (not clipped by the
公文 line pitch); without a chart the file is as before."""
from __future__ import annotations

import struct
import zlib

from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm

from db.indicators.comparison import entries
from desktop.services.export.indicators import CHART_CM, export_indicators_docx


def png(w: int = 1890, h: int = 1063) -> bytes:
    """A plain PNG without Qt (the service is Qt-free), marked 300 dpi."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"\xff\xff\xff" * w for _ in range(h))
    dpm = round(300 / 0.0254)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", dpm, dpm, 1)) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def body_kinds(doc) -> list[str]:
    """The body in order: 'pic' for a paragraph holding a picture, 'p', 't'."""
    out = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            out.append("pic" if el.findall(".//" + qn("w:drawing")) else "p")
        elif el.tag == qn("w:tbl"):
            out.append("t")
    return out


def metric_rows(store, metric="货物进出口总额"):
    return [e for e in entries(store) if e["metric"] == metric]


def test_the_chart_sits_above_the_table_at_15_5_cm(built_store, tmp_path):
    out = export_indicators_docx(metric_rows(built_store), tmp_path / "m.docx", "货物进出口总额：各规划目标对比",
                                 chart_png=png())
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 1
    shape = doc.inline_shapes[0]
    assert abs(shape.width - Cm(CHART_CM)) < Cm(0.01)
    assert abs(shape.height / shape.width - 1063 / 1890) < 0.01          # its own proportions
    kinds = body_kinds(doc)
    assert "pic" in kinds and "t" in kinds and kinds.index("pic") < kinds.index("t")
    assert kinds.index("pic") > 0                                          # below the title
    pic = next(p for p in doc.paragraphs if p._p.findall(".//" + qn("w:drawing")))
    assert pic.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE   # not an exact 28.9 pt strip
    blob = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert doc.part.related_parts[blob].blob == png()


def test_without_a_chart_no_picture(built_store, tmp_path):
    out = export_indicators_docx(metric_rows(built_store), tmp_path / "m.docx")
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 0 and "pic" not in body_kinds(doc)


def test_one_chart_per_unit_each_under_its_heading_above_its_table(built_store, tmp_path):
    """亿元 and 亿美元 charted apart: two charts stacked are taller than a landscape page."""
    rows = metric_rows(built_store, "服务贸易总额")
    units = list(dict.fromkeys(e.get("norm_unit") or e.get("unit") for e in rows))
    assert len(units) == 2
    out = export_indicators_docx(rows, tmp_path / "s.docx", chart_png={u: png(1890, 1000 + k)
                                                                       for k, u in enumerate(units)})
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 2
    kinds = body_kinds(doc)
    pics, tables = [k for k, x in enumerate(kinds) if x == "pic"], [k for k, x in enumerate(kinds) if x == "t"]
    assert pics[0] < tables[0] < pics[1] < tables[1]
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads == [f"{n}、单位：{u}" for n, u in zip("一二", units)]
