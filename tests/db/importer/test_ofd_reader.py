"""OFD (GB/T 33190-2016): the five plans written as OFD packages by make_ofd.py in
two layouts read as the bundled text is; the reader's mechanisms on made-up
packages; and damaged or hostile packages refused with one Chinese reason, within
bounds (the reader is called directly: read_lines does not dispatch to it yet)."""
from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from lxml import etree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import support
from db.importer import parse_lines
from db.importer.errors import UnimportableFile
from db.importer.readers import ofd as O
from db.importer.readers import ofd_parts as OP
from tests.db.importer.test_pdf_producers import _boxes

CONV = support.TESTS / "conversions"
FOLDERS = ("ofd-gongwen", "ofd-plain")
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _read(f):
    lines, warnings = O.read_ofd(f.read_bytes(), f)
    return lines, warnings, parse_lines(lines, f.name, "ofd", max(ln.no for ln in lines))


def _ind_rows(doc):
    return [(re.sub(r"（[A-Za-z]+）$", "", i.name), i.baseline, i.target) for i in doc.indicators if i.table_label]


# ---- the five plans, in two layouts ----

@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("prefix", support.PREFIXES)
def test_ofd_plans_give_the_bundled_structure(folder, prefix, parsed_docs):
    f = next((CONV / folder).glob(f"{prefix}_*.ofd"))
    _, warnings, d = _read(f)
    t = parsed_docs[prefix]
    assert [(s.label, s.title, s.level) for s in d.sections] == [(s.label, s.title, s.level) for s in t.sections]
    assert _boxes(d) == _boxes(t)                       # labels, titles, item counts and texts
    assert _ind_rows(d) == _ind_rows(t)
    assert (d.title, d.doc_number, d.period) == (t.title, t.doc_number, t.period)
    assert not [c for c in d.checks if c.kind in ("box_missing", "table_lost", "indicators_missing")], d.warnings


def test_only_the_signed_package_notes_its_seal():
    for f in sorted(CONV.glob("ofd-*/*.ofd")):
        _, warnings = O.read_ofd(f.read_bytes(), f)
        signed = f.parent.name == "ofd-gongwen" and f.name.startswith("001")
        assert any("含电子签章" in w for w in warnings) == signed, (f, warnings)
        assert any("含注释" in w for w in warnings) == signed


def test_running_headers_page_numbers_and_two_column_pages():
    title = "重庆高新区内陆开放高地建设“十四五”规划"
    for folder in FOLDERS:
        lines, *_ = O.read_ofd((CONV / folder / "004_cac55ccb8357c570.ofd").read_bytes(), "x.ofd")
        assert sum(1 for ln in lines if ln.text == title) <= 1, folder      # the template's header gone
        assert not any(re.fullmatch(r"(—\s*\d+\s*—|第\s*\d+\s*页)", ln.text) for ln in lines), folder
        (table,) = [ln.table for ln in lines if ln.table is not None]
        assert [r[0] for r in table.rows] == ["序号"] + [str(n) for n in range(1, 16)], folder


def test_a_plan_reads_in_well_under_a_second_a_file():
    f = CONV / "ofd-gongwen" / "004_cac55ccb8357c570.ofd"
    t0 = time.perf_counter()
    O.read_ofd(f.read_bytes(), f)
    assert time.perf_counter() - t0 < 5


# ---- made-up packages: the mechanisms one by one ----

def _text(x, y, s, size=4.0, extra="", code_extra=""):
    return (f'<ofd:TextObject ID="9" Boundary="{x} {y} 180 {size * 1.5}" Font="1" Size="{size}"{extra}>'
            f'<ofd:TextCode X="0" Y="{size}"{code_extra}>{s}</ofd:TextCode></ofd:TextObject>')


def _pkg(pages: list[str], templates: dict[str, str] | None = None, page_tpl: str = "", extra_parts=None,
         doc_root="Doc_0/Document.xml", body_extra="") -> bytes:
    tpls = "".join(f'<ofd:TemplatePage ID="{t}" BaseLoc="Tpl_{t}.xml"/>' for t in (templates or {}))
    refs = "".join(f'<ofd:Page ID="{i + 50}" BaseLoc="Pages/P{i}.xml"/>' for i in range(len(pages)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>{doc_root}'
                              f'</ofd:DocRoot>{body_extra}</ofd:DocBody></ofd:OFD>')
        z.writestr("Doc_0/Document.xml", f'<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297'
                                         f'</ofd:PhysicalBox></ofd:PageArea>{tpls}</ofd:CommonData><ofd:Pages>{refs}'
                                         '</ofd:Pages></ofd:Document>')
        for t, body in (templates or {}).items():
            z.writestr(f"Doc_0/Tpl_{t}.xml", f'<ofd:Page {NS}><ofd:Content><ofd:Layer>{body}</ofd:Layer></ofd:Content></ofd:Page>')
        for i, body in enumerate(pages):
            z.writestr(f"Doc_0/Pages/P{i}.xml", f'<ofd:Page {NS}>{page_tpl}<ofd:Content><ofd:Layer>{body}</ofd:Layer>'
                                                '</ofd:Content></ofd:Page>')
        for name, data in (extra_parts or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


PLAN = ["第一章　总体要求", "　　一、发展基础", "　　到2025年，全市开放型经济水平显著提升，制度型开放取得进展。"]


def _plan_page(y0=40.0, step=8.0):
    return "".join(_text(25, y0 + k * step, s) for k, s in enumerate(PLAN))


def test_delta_x_repeats_are_expanded_within_the_characters():
    assert OP.deltas("g 3 2.5 1", 5) == [2.5, 2.5, 2.5, 1.0]
    assert OP.deltas("g 1000000000 1", 4) == [1.0] * 4           # a lying count makes no more than the text
    assert OP.deltas("1 x 2", 3) is None and OP.deltas("g 2", 3) is None


def test_characters_are_placed_by_delta_x_ctm_and_boundary():
    out = OP.PageObjects()
    el = etree.fromstring(f'<ofd:TextObject {NS} Boundary="10 20 100 10" Size="8" CTM="0.5 0 0 0.5 0 0">'
                             '<ofd:TextCode X="0" Y="8" DeltaX="g 2 8">甲乙丙</ofd:TextCode>'
                             '<ofd:TextCode X="40">丁</ofd:TextCode></ofd:TextObject>')
    OP._text(el, out)
    xs = [(c[0], c[1], c[5]) for c in out.chars]
    assert xs == [("甲", 10, 24), ("乙", 14, 24), ("丙", 18, 24), ("丁", 30, 24)]   # Y carried over, scaled by the CTM
    assert all(abs((c[3] - c[1]) - 4) < 1e-6 for c in out.chars)                   # a 4 mm em after the CTM


def test_abbreviated_data_subpaths():
    subs = OP._subpaths("M 0 0 L 10 0 M 0 5 L 10 5 S 1 1 B 2 2 3 3 4 4 C")
    assert [len(p) for p, _ in subs] == [2, 2, 4] and [c for _, c in subs] == [False, False, True]
    with pytest.raises(ValueError):
        OP._subpaths("M 0 0 L 10")
    with pytest.raises(ValueError):
        OP._subpaths("X 1 2")


def test_locations_stay_inside_the_package():
    pkg = OP.OfdPackage(_pkg([_plan_page()]), "x.ofd")
    assert pkg.resolve("Doc_0", "Pages/P0.xml") == "Doc_0/Pages/P0.xml"
    assert pkg.resolve("Doc_0", "/Doc_0/Res/a.xml") == "Doc_0/Res/a.xml"
    assert pkg.resolve("Doc_0/Pages", "../Res/a.xml") == "Doc_0/Res/a.xml"
    for bad in ("../../etc/passwd", "http://example.com/a.xml", "file:///etc/passwd", "C:\\a.xml", "//host/a"):
        assert pkg.resolve("Doc_0", bad) is None, bad
    assert len(pkg.warnings) == 5


def test_a_small_package_reads_with_its_template_header_dropped():
    header = _text(25, 12, "重庆市某某规划（内部）", 3.0)
    pages = [_plan_page() + _text(100, 285, str(n)) for n in range(1, 5)]
    data = _pkg(pages, {"7": header}, page_tpl='<ofd:Template TemplateID="7" ZOrder="Background"/>')
    lines, warnings = O.read_ofd(data, "x.ofd")
    texts = [ln.text for ln in lines]
    assert "重庆市某某规划（内部）" not in texts and not any(t.isdigit() for t in texts)
    assert texts.count("第一章 总体要求") == 4 and warnings == []


def test_ruled_table_and_a_frame_are_read_from_paths():
    cells = _text(31, 61, "指标", 4) + _text(91, 61, "目标", 4) + _text(31, 71, "地区生产总值", 4) + _text(91, 71, "3万亿元", 4)
    grid = "".join(f'<ofd:PathObject ID="3" Boundary="30 {y} 120 1"><ofd:AbbreviatedData>M 0 0 L 120 0</ofd:AbbreviatedData>'
                   '</ofd:PathObject>' for y in (60, 70, 80))
    grid += "".join(f'<ofd:PathObject ID="4" Boundary="{x} 60 1 20"><ofd:AbbreviatedData>M 0 0 L 0 20</ofd:AbbreviatedData>'
                    '</ofd:PathObject>' for x in (30, 90, 150))
    frame = ('<ofd:PathObject ID="5" Boundary="20 100 170 30" Fill="true" Stroke="false"><ofd:AbbreviatedData>'
             'M 0 0 L 170 0 L 170 30 L 0 30 C</ofd:AbbreviatedData></ofd:PathObject>') + _text(25, 105, "专栏1　重点项目")
    lines, _ = O.read_ofd(_pkg([_plan_page(20, 8) + cells + grid + frame]), "x.ofd")
    (t,) = [ln.table for ln in lines if ln.table is not None]
    assert t.rows == [["指标", "目标"], ["地区生产总值", "3万亿元"]]
    box = next(ln for ln in lines if ln.text.startswith("专栏1"))
    assert box.gap >= 1


def test_a_signed_package_is_read_and_noted():
    data = _pkg([_plan_page()], body_extra="<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>",
                extra_parts={"Doc_0/Signs/Signatures.xml": f"<ofd:Signatures {NS}/>"})
    lines, warnings = O.read_ofd(data, "x.ofd")
    assert any("含电子签章" in w for w in warnings) and lines


# ---- damaged and hostile packages: one reason each, bounded ----

def _refused(data, *words):
    with pytest.raises(UnimportableFile) as e:
        O.read_ofd(data, "x.ofd")
    assert all(w in e.value.reason for w in words), e.value.reason
    assert "\n" not in e.value.reason and re.search(r"[\u4e00-\u9fff]", e.value.reason)


def test_not_a_zip_or_no_ofd_xml():
    _refused(b"not a zip at all", "不是有效的 OFD 文件", "zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "x")
    _refused(buf.getvalue(), "缺少 OFD.xml")


def test_a_doc_root_outside_the_package_is_not_followed():
    _refused(_pkg([_plan_page()], doc_root="../../etc/passwd"), "DocRoot")
    _refused(_pkg([_plan_page()], doc_root="http://example.com/Document.xml"), "DocRoot")


def test_a_page_outside_the_package_is_skipped_with_a_note():
    data = _pkg([_plan_page(), _plan_page()])
    doc = zipfile.ZipFile(io.BytesIO(data)).read("Doc_0/Document.xml").replace(b'BaseLoc="Pages/P1.xml"', b'BaseLoc="/../../x/P1.xml"')
    lines, warnings = O.read_ofd(_replace_part(data, "Doc_0/Document.xml", doc), "x.ofd")
    assert [ln.text for ln in lines].count("第一章 总体要求") == 1
    assert any("包外" in w for w in warnings) and any("第2页" in w for w in warnings), warnings


def test_xml_bombs_and_broken_xml_are_refused():
    laughs = "".join(f'<!ENTITY l{k} "{("&l%d;" % (k - 1)) * 10 if k else "哈哈"}">' for k in range(10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE p [{laughs}]><ofd:Page {NS}><ofd:Content><ofd:Layer>' + _text(20, 20, "&l9;") \
        + "</ofd:Layer></ofd:Content></ofd:Page>"
    t0 = time.perf_counter()
    _refused(_pkg([""]), "没有文字")
    data = _pkg(["PLACEHOLDER"])
    data = _replace_part(data, "Doc_0/Pages/P0.xml", bomb.encode())
    _refused(data, "实体")
    assert time.perf_counter() - t0 < 5
    _refused(_replace_part(_pkg([_plan_page()]), "Doc_0/Document.xml", b"<ofd:Document"), "不是有效的 XML")


def _replace_part(data: bytes, name: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in src.infolist():
            z.writestr(i.filename, new if i.filename == name else src.read(i.filename))
    return buf.getvalue()


def test_glyph_ids_only_or_images_only_get_the_ocr_advice():
    glyphs = ('<ofd:TextObject ID="1" Boundary="20 20 100 10" Size="4"><ofd:CGTransform CodePosition="0" CodeCount="3" '
              'GlyphCount="3"><ofd:Glyphs>12 13 14</ofd:Glyphs></ofd:CGTransform><ofd:TextCode X="0" Y="4"></ofd:TextCode>'
              '</ofd:TextObject>')
    _refused(_pkg([glyphs * 20, glyphs * 20]), "OCR")
    image = '<ofd:ImageObject ID="2" Boundary="0 0 210 297" ResourceID="9"/>'
    _refused(_pkg([image + _text(100, 285, "1"), image + _text(100, 285, "2")]), "OCR")


def test_lying_numbers_are_skipped_with_a_note():
    bad = _text(20, 20, "无效坐标").replace('Boundary="20 20', 'Boundary="nan 20') \
        + _text(20, 30, "超大", extra=' CTM="1e308 0 0 1e308 1e308 0"') \
        + '<ofd:TextObject ID="1" Boundary="1 1 1 1" Size="-4"><ofd:TextCode X="0" Y="1">负</ofd:TextCode></ofd:TextObject>' \
        + '<ofd:PathObject ID="2" Boundary="0 0 1 1"><ofd:AbbreviatedData>M 0 0 L 5</ofd:AbbreviatedData></ofd:PathObject>'
    lines, warnings = O.read_ofd(_pkg([_plan_page() + bad]), "x.ofd")
    assert not any(w in ln.text for ln in lines for w in ("无效坐标", "超大", "负"))
    assert any("4 个图形或文字对象" in w for w in warnings), warnings


def test_too_many_pages_or_characters_are_refused(monkeypatch):
    monkeypatch.setattr(O, "MAX_OFD_PAGES", 3)
    _refused(_pkg([_plan_page()] * 4), "页数过多")
    monkeypatch.setattr(O, "MAX_OFD_PAGES", 2000)
    monkeypatch.setattr(O, "MAX_OFD_CHARS", 50)
    _refused(_pkg([_plan_page()] * 2), "文字过多")


def test_one_page_part_named_by_thousands_of_pages_is_parsed_once():
    data = _pkg([_plan_page()])
    refs = "".join(f'<ofd:Page ID="{i}" BaseLoc="Pages/P0.xml"/>' for i in range(1500))
    data = _replace_part(data, "Doc_0/Document.xml", f'<ofd:Document {NS}><ofd:Pages>{refs}</ofd:Pages></ofd:Document>'.encode())
    t0 = time.perf_counter()
    lines, _ = O.read_ofd(data, "x.ofd")
    assert lines and time.perf_counter() - t0 < 30


def test_a_huge_path_is_refused_quickly():
    path = ('<ofd:PathObject ID="2" Boundary="0 0 1 1"><ofd:AbbreviatedData>' + "L 1 1 " * 200_000
            + '</ofd:AbbreviatedData></ofd:PathObject>')
    t0 = time.perf_counter()
    lines, warnings = O.read_ofd(_pkg([_plan_page() + path]), "x.ofd")
    assert lines and any("无法读取" in w for w in warnings) and time.perf_counter() - t0 < 10


SOURCES = sorted(CONV.glob("ofd-*/00[03]_*.ofd"))


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(src=st.sampled_from(SOURCES), cut=st.floats(0.05, 1.0), flips=st.lists(st.integers(0, 10**7), max_size=8))
def test_a_damaged_package_gives_lines_or_a_reason(src, cut, flips):
    data = bytearray(src.read_bytes())
    data = data[: max(16, int(len(data) * cut))]
    for k in flips:
        data[k % len(data)] ^= 0x5A
    t0 = time.perf_counter()
    try:
        lines, warnings = O.read_ofd(bytes(data), src)
        assert lines
    except UnimportableFile as e:
        assert e.reason and "\n" not in e.reason
    assert time.perf_counter() - t0 < 10


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(part=st.sampled_from(["OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_3/Content.xml", "Doc_0/Tpls/Tpl_0/Content.xml"]),
       cut=st.floats(0.0, 1.0), flips=st.lists(st.integers(0, 10**6), max_size=6))
def test_a_damaged_part_inside_a_sound_zip_gives_lines_or_a_reason(part, cut, flips):
    src = CONV / "ofd-gongwen" / "003_32612307c233c21c.ofd"
    body = bytearray(zipfile.ZipFile(src).read(part))
    body = body[: int(len(body) * cut)]
    for k in flips:
        if body:
            body[k % len(body)] ^= 0x21
    try:
        lines, warnings = O.read_ofd(_replace_part(src.read_bytes(), part, bytes(body)), src)
        assert lines
    except UnimportableFile as e:
        assert e.reason and "\n" not in e.reason


def test_a_page_of_many_small_tables_and_much_text_is_read_in_bounded_time():
    """380 ruled 1 × 2 grids and 40,000 characters: every character would be tested
    against every cell; past pdf.MAX_PLACE_TESTS the page is read as text alone."""
    paths = "".join(
        f'<ofd:PathObject ID="2" Boundary="{10 * (k % 19) + dx} {12 * (k // 19) + 20} 1 4"><ofd:AbbreviatedData>'
        'M 0 0 L 0 4</ofd:AbbreviatedData></ofd:PathObject>' for k in range(380) for dx in (0, 4, 8))
    paths += "".join(
        f'<ofd:PathObject ID="3" Boundary="{10 * (k % 19)} {12 * (k // 19) + 20 + dy} 8 1"><ofd:AbbreviatedData>'
        'M 0 0 L 8 0</ofd:AbbreviatedData></ofd:PathObject>' for k in range(380) for dy in (0, 4))
    text = _text(10, 10, "字" * 40_000, 0.01) + _plan_page()
    t0 = time.perf_counter()
    lines, _ = O.read_ofd(_pkg([paths + text]), "x.ofd")
    assert "第一章 总体要求" in [ln.text for ln in lines] and time.perf_counter() - t0 < 20


def test_locations_that_loop_back_read_nothing_twice_and_end():
    data = _pkg([_plan_page()])
    _refused(_pkg([_plan_page()], doc_root="OFD.xml"), "没有页面")            # DocRoot naming OFD.xml itself
    doc = (f'<ofd:Document {NS}><ofd:CommonData><ofd:TemplatePage ID="1" BaseLoc="Document.xml"/></ofd:CommonData>'
           '<ofd:Pages><ofd:Page ID="2" BaseLoc="Document.xml"/><ofd:Page ID="3" BaseLoc="Pages/P0.xml"/></ofd:Pages>'
           '</ofd:Document>')
    page = (f'<ofd:Page {NS}><ofd:Template TemplateID="1"/><ofd:Template TemplateID="9"/><ofd:Content><ofd:Layer>'
            f'{_plan_page()}</ofd:Layer></ofd:Content></ofd:Page>')
    data = _replace_part(_replace_part(data, "Doc_0/Document.xml", doc.encode()), "Doc_0/Pages/P0.xml", page.encode())
    lines, _ = O.read_ofd(data, "x.ofd")       # a page or template naming the document: read as what it draws (nothing)
    assert [ln.text for ln in lines].count("第一章 总体要求") == 1


def test_an_ofd_package_is_told_by_its_directory_whatever_its_name():
    assert all(O.is_ofd(f.read_bytes()) for f in CONV.glob("ofd-*/*.ofd"))
    assert O.is_ofd(_pkg([_plan_page()]))
    assert not any(O.is_ofd(f.read_bytes()) for f in CONV.glob("docx-*/*.docx"))
    assert not O.is_ofd(b"PK\x03\x04") and not O.is_ofd(b"%PDF-1.7") and not O.is_ofd(b"")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Doc_0/OFD.xml", "x")          # not at the root
        z.writestr("OFD.xml.bak", "x")
    assert not O.is_ofd(buf.getvalue())
