"""GB/T 9704 details of the Word exports, read back from the written XML: merged
cells, nothing stranded, the 28 × 22 grid, font fallbacks, page numbers, numbered
headings, document properties, and source lines that never strand their ）."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from desktop.services.export import export_boxes, export_comparison_docx
from desktop.services.export.gongwen import (BODY_PT, CHARS, FONT_FALLBACKS, LINES, GongwenDoc, chinese_number,
                               heading_number)
from desktop.services.export.indicators import export_indicators_docx
from db.indicators import comparison as indicator_comparison

Y2018 = "open-platforms-2018"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def part(path, name) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


@pytest.fixture(scope="module")
def boxes_2018(built_store, tmp_path_factory):
    ids = [b["id"] for b in built_store.boxes(Y2018)]
    return export_boxes(built_store, ids, tmp_path_factory.mktemp("gw") / "2018.docx",
                        title="开放平台专栏", author="张三", company="重庆市商务委员会")


def vmerge(tc):
    v = tc.find(qn("w:tcPr") + "/" + qn("w:vMerge")) if tc.find(qn("w:tcPr")) is not None else None
    if v is None:
        return None
    return v.get(qn("w:val")) or "continue"


def column_merges(table, col):
    return [vmerge(row._tr.findall(qn("w:tc"))[col]) for row in table.rows[1:]]


# ---- 1. merged cells ----

def box_table(store, doc, box_id):
    """A table box's items, the 核心功能 column and its Word table (found by its first row)."""
    b = store.box(box_id)
    items = store.items(b["id"])
    t = next(t for t in doc.tables if t.rows[1].cells[0].text == items[0]["cells"]["开放平台"])
    return items, b["columns"].index("核心功能"), t


def test_a_cell_shared_by_a_group_of_rows_is_one_merged_cell(built_store, boxes_2018):
    items, col, t = box_table(built_store, Document(str(boxes_2018)), f"{Y2018}:专栏1")
    want = []
    for k, it in enumerate(items):
        cont = "核心功能" in (it["inherited"] or [])
        nxt = k + 1 < len(items) and "核心功能" in (items[k + 1]["inherited"] or [])
        want.append("continue" if cont else "restart" if nxt else None)
    assert column_merges(t, col) == want
    assert want.count("continue") >= 4           # 高新区 and 经开区 groups
    # the text is printed once, in the first cell; python-docx reads it back for every row
    tcs = [row._tr.findall(qn("w:tc"))[col] for row in t.rows[1:]]
    for tc, w in zip(tcs, want):
        text = "".join(tc.itertext())
        assert (text == "") == (w == "continue")
    assert [r.cells[col].text for r in t.rows[1:]] == [it["cells"]["核心功能"] for it in items]


def test_the_special_zones_paragraph_is_merged_across_its_rows(built_store, boxes_2018):
    items, col, t = box_table(built_store, Document(str(boxes_2018)), f"{Y2018}:专栏2")
    m = column_merges(t, col)
    assert m[0] == "restart" and m[1:] == ["continue"] * (len(items) - 1)


def test_columns_not_shared_are_not_merged(built_store, boxes_2018):
    doc = Document(str(boxes_2018))
    for t in doc.tables:
        assert set(column_merges(t, 0)) == {None}    # the platform names are each their own


# ---- 2. nothing stranded ----

def test_headings_and_sources_keep_with_what_follows_rows_never_split(boxes_2018):
    doc = Document(str(boxes_2018))
    assert doc.styles["Heading 1"].paragraph_format.keep_with_next is True
    assert doc.styles["Normal"].paragraph_format.widow_control is True
    sources = [p for p in doc.paragraphs if p.text.startswith("（来源：")]
    assert sources and all(p.paragraph_format.keep_with_next for p in sources)
    for t in doc.tables:
        for row in t.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


# ---- 3. the grid ----

@pytest.mark.parametrize("landscape", [False, True])
def test_the_page_grid_holds_28_characters_by_22_lines(tmp_path, landscape):
    f = GongwenDoc("标题", landscape=landscape).save(tmp_path / "g.docx")
    doc = Document(str(f))
    s = doc.sections[0]
    g = s._sectPr.find(qn("w:docGrid"))
    assert g.get(qn("w:type")) == "linesAndChars"
    width = (s.page_width - s.left_margin - s.right_margin) / 12700
    height = (s.page_height - s.top_margin - s.bottom_margin) / 12700
    pitch = BODY_PT + int(g.get(qn("w:charSpace"))) / 4096
    line = int(g.get(qn("w:linePitch"))) / 20
    if not landscape:
        assert int(width // pitch) == CHARS and int(height // line) == LINES
    assert pitch * (width // pitch) <= width + 0.01
    assert int(width // BODY_PT) < width / pitch         # a 16 pt line holds 27: the grid makes room


# ---- 4. fonts ----

def test_each_gongwen_font_has_its_fallback_in_the_font_table(boxes_2018):
    ft = part(boxes_2018, "word/fontTable.xml")
    fonts = {f.get(f"{{{W}}}name"): f for f in ft.findall(f"{{{W}}}font")}
    for name, (alt, family, _pitch, _panose) in FONT_FALLBACKS.items():
        f = fonts[name]
        assert f.find(f"{{{W}}}altName").get(f"{{{W}}}val") == alt
        assert f.find(f"{{{W}}}family").get(f"{{{W}}}val") == family
        assert f.find(f"{{{W}}}charset").get(f"{{{W}}}val") == "86"
    assert FONT_FALLBACKS["仿宋_GB2312"][0] == "仿宋" and FONT_FALLBACKS["黑体"][0] == "SimHei"
    assert FONT_FALLBACKS["方正小标宋简体"][0] == "宋体" and FONT_FALLBACKS["楷体_GB2312"][0] == "楷体"
    assert {FONT_FALLBACKS[n][1] for n in ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体")} <= {"roman", "modern"}


def test_every_run_takes_the_east_asian_font_for_punctuation(boxes_2018):
    body = part(boxes_2018, "word/document.xml")
    runs = body.iter(f"{{{W}}}r")
    n = 0
    for r in runs:
        rf = r.find(f"{{{W}}}rPr/{{{W}}}rFonts")
        assert rf is not None and rf.get(f"{{{W}}}hint") == "eastAsia"
        n += 1
    assert n > 50


# ---- 5. page numbers ----

def test_page_numbers_odd_right_even_left_7mm_below_the_text(boxes_2018):
    doc = Document(str(boxes_2018))
    settings = part(boxes_2018, "word/settings.xml")
    assert settings.find(f"{{{W}}}evenAndOddHeaders") is not None
    s = doc.sections[0]
    odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and odd.paragraph_format.right_indent.pt == 14
    assert even.alignment == 0 and even.paragraph_format.left_indent.pt == 14
    for p in (odd, even):
        assert "".join(t.text for t in p._p.iter(qn("w:t"))) == "—  —"
        assert {r.font.size.pt for r in p.runs} == {14.0}            # 4号
        line = p.paragraph_format.line_spacing.pt
        top_mm = (s.footer_distance.pt + line) * 25.4 / 72
        assert abs(s.bottom_margin.mm - top_mm - 7) < 0.3


# ---- 6. headings ----

@pytest.mark.parametrize("n,cn", [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")])
def test_chinese_numbers(n, cn):
    assert chinese_number(n) == cn


def test_heading_numbers_and_their_fonts(tmp_path):
    g = GongwenDoc("标题")
    for lvl in (1, 2, 3, 3, 2, 1, 2):
        g.heading("项", lvl, numbered=True)
    doc = Document(str(g.save(tmp_path / "h.docx")))
    hs = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [t for _, t in hs] == ["一、项", "（一）项", "1.项", "2.项", "（二）项", "二、项", "（一）项"]
    fonts = {p.style.name: p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) for p in doc.paragraphs if p.runs}
    assert fonts["Heading 1"] == "黑体" and fonts["Heading 2"] == "楷体_GB2312" and fonts["Heading 3"] == "仿宋_GB2312"
    h3 = next(p for p in doc.paragraphs if p.style.name == "Heading 3")
    assert h3.runs[0].bold is True
    assert heading_number(3, 4) == "4."


def test_comparison_and_indicator_exports_number_their_headings(built_store, tmp_path):
    doc = Document(str(export_comparison_docx(built_store, ["liangjiang"], tmp_path / "c.docx")))
    h = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert h[0] == ("Heading 1", "一、两江新区")
    assert re.fullmatch(r"（一）\d{4}年《.+》", h[1][1]) and h[1][0] == "Heading 2"
    assert re.fullmatch(r"1\.\S+", h[2][1]) and h[2][0] == "Heading 3"
    entries = indicator_comparison.entries(built_store, metric="服务贸易总额")
    assert len({e.get("norm_unit") or e.get("unit") for e in entries}) == 2     # 亿元 and 亿美元
    doc = Document(str(export_indicators_docx(entries, tmp_path / "i.docx", title="服务贸易总额")))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 and all(re.fullmatch(r"[一二三四五六七八九十]+、单位：.+", t) for t in h1)


# ---- 7. properties ----

def test_language_dates_author_company(boxes_2018):
    doc = Document(str(boxes_2018))
    styles = part(boxes_2018, "word/styles.xml")
    lang = styles.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}lang")
    assert lang.get(f"{{{W}}}val") == "zh-CN" and lang.get(f"{{{W}}}eastAsia") == "zh-CN"
    cp = doc.core_properties
    now = datetime.now(timezone.utc)
    for d in (cp.created, cp.modified):
        assert abs(now - d.replace(tzinfo=timezone.utc)) < timedelta(minutes=10)
    assert cp.modified >= cp.created
    assert cp.author == "张三" and cp.last_modified_by == "张三"
    app = part(boxes_2018, "docProps/app.xml")
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.find(ns + "Company").text == "重庆市商务委员会"
    assert app.find(ns + "Application").text == "PlanDesk"


# ---- 8. the closing bracket ----

def test_source_lines_use_east_asian_line_breaking(boxes_2018):
    doc = Document(str(boxes_2018))
    sources = [p for p in doc.paragraphs if p.text.startswith("（来源：")]
    assert sources
    for p in sources:
        k = p._p.pPr.find(qn("w:kinsoku"))
        assert k is not None and k.get(qn("w:val")) == "1"
        assert "\u2060" not in p.text and p.text.endswith("）")     # plain text: Find and copy work


def test_title_tables_and_page_numbers_keep_their_own_pitch_body_text_is_on_the_grid(boxes_2018):
    doc = Document(str(boxes_2018))

    def snapped(p):
        el = p._p.pPr.find(qn("w:snapToGrid")) if p._p.pPr is not None else None
        return el is None or el.get(qn("w:val")) not in ("0", "false")
    title = next(p for p in doc.paragraphs if p.style.name == "Title")
    assert not snapped(title)
    cells = [p for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert cells and not any(snapped(p) for p in cells)
    assert not snapped(doc.sections[0].footer.paragraphs[0])
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and p.text and not p.text.startswith("（来源")]
    assert body and all(snapped(p) for p in body)
