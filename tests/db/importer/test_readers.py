"""The readers: Word, PDF and web pages into the shared pipeline; bad files refused
with a reason; hostile and mutated files never give anything but a plan or a reason."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import support
from db.importer import parse_file
from db.importer.cjkfix import fix_radicals
from db.importer.errors import UnimportableFile
from db.importer.readers import read_lines
from db.importer.readers.docx import cn_count, format_number
from db.importer.readers.html import article_root, decode_html, norm_ws
from tests.helpers.docx_maker import Maker
from tests.helpers.tests_helpers_make import write_small_plan

CONV = support.TESTS / "conversions"


# ---- Word ----

def test_word_numbering_formats():
    assert [cn_count(n) for n in (1, 10, 11, 21, 105, 110)] == ["一", "十", "十一", "二十一", "一百零五", "一百一十"]
    assert format_number(3, "decimal") == "3" and format_number(2, "chineseCounting") == "二"
    assert format_number(1, "decimalEnclosedCircle") == "①" and format_number(12, "decimalFullWidth") == "１２"


def test_word_labels_deletions_marks_boxes_and_merged_cells(tmp_path):
    m = Maker()
    m.para("某某区对外开放“十四五”规划")
    m.numbered("发展基础", 0)
    m.numbered("主要成效", 1)
    m.with_deletion("外贸进出口总额达到", "二百", "300亿元。")
    m.with_marks("当今世界正经历百年未有之大变局。")
    m.numbered("重点任务", 0)
    m.numbered("建设开放平台", 1)
    m.box_table("专栏1 重点开放平台", ["综合保税区：建设加工贸易示范基地。", "保税物流中心：发展保税仓储。"])
    m.para("专栏2 平台功能定位")
    m.table([["开放平台", "战略定位", "核心功能"], ["两江新区", "内陆开放门户。", "发展高端制造业。"],
             ["高新区", "创新驱动引领区。", ""]], merge_down=[(2, 2)])
    m.para("专栏3 框线专栏", framed=True)
    m.para("甲项：内容一。", framed=True)
    m.para("正文继续。")
    d = parse_file(m.save(tmp_path / "p.docx"))
    assert d.format == "docx"
    assert [s.path for s in d.sections] == ["第一章", "第一章/第一节", "第二章", "第二章/第一节"]
    body = d.sections[1].text
    assert "达到300亿元" in body and "二百" not in body and "PAGEREF" not in body and "_Toc" not in body
    b1, b2, b3 = d.boxes
    assert [it.lead for it in b1.items] == ["综合保税区", "保税物流中心"]
    assert b2.kind == "table" and b2.items[1].cells["核心功能"] == "发展高端制造业。"
    assert b2.items[1].inherited == ["核心功能"] and b2.items[0].inherited is None
    assert [it.lead for it in b3.items] == ["甲项"] and "正文继续。" in d.sections[3].text


# ---- web pages ----

def test_html_white_space_and_encoding():
    assert norm_ws("到2025年，\n  全市 货物进出口 达到 8000 亿元。") == "到2025年，全市货物进出口达到8000亿元。"
    page = '<meta charset="gb2312"><p>中文</p>'.encode("gb18030")
    assert "中文" in decode_html(page, "x.html")


def test_html_article_without_page_furniture(tmp_path):
    lines, *_ = read_lines(CONV / "html-gov" / "004_cac55ccb8357c570.html")
    text = "\n".join(ln.text for ln in lines)
    for chrome in ("当前位置", "分享到", "网站标识码", "ICP备", "打印本页"):
        assert chrome not in text, chrome
    assert "重庆高新区内陆开放高地建设“十四五”规划" in text
    assert any(ln.table for ln in lines)


# ---- PDF ----

def test_pdf_running_headers_page_numbers_and_tables():
    lines, *_ = read_lines(CONV / "pdf-lo" / "004_cac55ccb8357c570.pdf")
    texts = [ln.text for ln in lines]
    assert not any(t.startswith("— ") or t == "— 3 —" for t in texts)             # page numbers gone
    assert sum(1 for t in texts if t == "重庆高新区内陆开放高地建设“十四五”规划") <= 1   # the running header gone
    (table,) = [ln.table for ln in lines if ln.table is not None]
    assert table.rows[0] == ["序号", "指标", "2020", "2025", "指标属性"] and len(table.rows) == 16  # across a page break


def test_pdf_radicals_are_put_back():
    assert fix_radicals("⼈⺠政府第⼀章") == "人民政府第一章"
    assert fix_radicals("（一）") == "（一）"               # nothing else changes


# ---- the same plan in every format scores as the text does ----

FORMATS = ["docx-styled", "docx-numbered", "html-gov", "pdf-lo", "pdf-chrome"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("prefix", ["000", "004"])
def test_other_formats_give_the_same_structure(fmt, prefix, parsed_docs):
    f = next((CONV / fmt).glob(f"{prefix}_*"))
    d, t = parse_file(f), parsed_docs[prefix]
    # (the conversions print the heading 004's text lost and the importer infers: 第二章 总体要求)
    assert [(s.label, s.title, s.level) for s in d.sections] == [(s.label, s.title, s.level) for s in t.sections]
    assert [(b.label, b.title, b.kind) for b in d.boxes] == [(b.label, b.title, b.kind) for b in t.boxes]
    rows = lambda doc: [(i.name, i.baseline, i.target) for i in doc.indicators if i.table_label]  # noqa: E731
    assert rows(d) == rows(t)
    assert (d.title, d.doc_number, d.period) == (t.title, t.doc_number, t.period)
    if fmt != "pdf-chrome":                    # a printed web page: its boxes are drawn, not ruled
        assert [len(b.items) for b in d.boxes] == [len(b.items) for b in t.boxes]


# ---- bad files ----

def _encrypted_pdf(path: Path) -> Path:
    """A PDF whose /Encrypt dictionary asks for a password nobody has."""
    body = _pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>",
                 b"<</Filter/Standard/V 1/R 2/O(" + b"a" * 32 + b")/U(" + b"b" * 32 + b")/P -4>>"])
    path.write_bytes(body.replace(b"trailer<</Size 4/Root 1 0 R>>", b"trailer<</Size 4/Root 1 0 R/Encrypt 3 0 R"
                                                                      b"/ID[<01><01>]>>"))
    return path


@pytest.mark.parametrize("name,content,reason", [
    ("a.docx", b"this is not a zip", "不是有效的 .docx"),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "复合文档已损坏"),          # a damaged compound file (the .doc reader says so)
    ("a.docx", None, "没有正文"),
    ("a.pdf", b"%PDF-1.4 garbage", "不是有效的 PDF"),
    ("a.html", b"<html><body><nav>\xe9\xa6\x96\xe9\xa1\xb5</nav></body></html>", "没有文字"),
    ("a.wps", b"WPS", "另存为"),
])
def test_bad_files_are_refused_with_their_reason(tmp_path, name, content, reason):
    f = tmp_path / name
    if content is None:                        # a zip that is not a Word document
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                            'wordprocessingml/2006/main"/>')
        content = buf.getvalue()
    f.write_bytes(content)
    with pytest.raises(UnimportableFile) as e:
        parse_file(f)
    assert reason in e.value.reason and str(f) in str(e.value), e.value.reason


def test_an_encrypted_pdf_says_so(tmp_path):
    with pytest.raises(UnimportableFile) as e:
        parse_file(_encrypted_pdf(tmp_path / "locked.pdf"))
    assert "加密" in e.value.reason and "密码" in e.value.reason


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 is the catalog), with a correct cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_scanned_pdf_asks_for_ocr(tmp_path):
    """A page holding only an image (a scan): no text layer."""
    pixels = b"\xff\xff\xff" * 4
    content = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
    f = tmp_path / "scan.pdf"
    f.write_bytes(_pdf([
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</XObject<</Im1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/XObject/Subtype/Image/Width 2/Height 2/ColorSpace/DeviceRGB/BitsPerComponent 8/Length %d>>stream\n"
        % len(pixels) + pixels + b"\nendstream",
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream"]))
    with pytest.raises(UnimportableFile) as e:
        parse_file(f)
    assert "OCR" in e.value.reason and "扫描" in e.value.reason


def test_a_structureless_word_file_is_refused(tmp_path):
    m = Maker()
    m.para("只有一段话，没有任何标题。")
    with pytest.raises(UnimportableFile) as e:
        parse_file(m.save(tmp_path / "flat.docx"))
    assert "章节结构" in e.value.reason


# ---- property: mutated files of every format ----

SOURCES = [CONV / "docx-styled" / "003_32612307c233c21c.docx", CONV / "html-gov" / "003_32612307c233c21c.html",
           CONV / "pdf-lo" / "003_32612307c233c21c.pdf"]


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(src=st.sampled_from(SOURCES), cut=st.floats(0.05, 1.0), flips=st.lists(st.integers(0, 10**7), max_size=8))
def test_a_damaged_file_gives_a_plan_or_a_reason(tmp_path_factory, src, cut, flips):
    data = bytearray(src.read_bytes())
    data = data[: max(16, int(len(data) * cut))]
    for k in flips:
        data[k % len(data)] ^= 0x5A
    f = tmp_path_factory.mktemp("fuzz") / src.name
    f.write_bytes(bytes(data))
    try:
        d = parse_file(f)
    except UnimportableFile as e:
        assert e.reason and "\n" not in str(e)
        return
    assert d.sections


def test_a_small_new_plan_in_word(tmp_path):
    d = parse_file(write_small_plan(tmp_path / "新规划.docx"))
    assert d.doc_number == "某府发〔2021〕7号" and d.title == "某某区对外开放“十四五”规划"
