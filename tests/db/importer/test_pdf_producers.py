"""PDFs from other producers (round two): a 公文 layout printed by LibreOffice and a
web page printed by Chromium with its header and footer read as the bundled text
is; and the PDF reader's mechanisms one by one, on small made-up pages."""
from __future__ import annotations

import re

import pytest

from tests.helpers import support
from db.importer import parse_file
from db.importer.model import Line, Table
from db.importer.readers import pdf as P
from db.importer.readers import pdfgeom

CONV = support.TESTS / "conversions"


def _ws(x) -> str:
    return re.sub(r"\s+", "", str(x))


def _boxes(doc):
    """Each 专栏 by its label: title, kind and items (a list item by its text, a
    table row by its cells), white space aside."""
    out = {}
    for b in doc.boxes:
        items = [_ws(i.cells) if b.kind == "table" else _ws(i.text) for i in b.items]
        out[b.label] = (b.title, b.kind, items)
    return out


# ---- the round-two PDFs give the bundled text's structure ----

@pytest.mark.parametrize("folder", ["pdf-gongwen", "pdf-web"])
@pytest.mark.parametrize("prefix", support.PREFIXES)
def test_round_two_pdfs_give_the_same_structure(folder, prefix, parsed_docs):
    d, t = parse_file(next((CONV / folder).glob(f"{prefix}_*.pdf"))), parsed_docs[prefix]
    assert [(s.label, s.title, s.level) for s in d.sections] == [(s.label, s.title, s.level) for s in t.sections]
    # (002's bundled text is a scrape whose order is not reliable: boxes by label)
    assert _boxes(d) == _boxes(t)
    # (an indicator's Latin abbreviation, 外商直接投资（FDI）, is kept or dropped by the
    # indicators stage, not by the reader; the table's cells above hold it whole)
    rows = lambda doc: [(re.sub(r"（[A-Za-z]+）$", "", i.name), i.baseline, i.target)  # noqa: E731
                        for i in doc.indicators if i.table_label]
    assert rows(d) == rows(t)
    assert (d.title, d.doc_number, d.period) == (t.title, t.doc_number, t.period)


def test_printed_web_page_chrome_and_running_headers_are_dropped():
    lines, *_ = P.read_pdf((CONV / "pdf-web" / "004_cac55ccb8357c570.pdf").read_bytes(), "x.pdf")
    text = "\n".join(ln.text for ln in lines)
    assert "http://" not in text and "重庆市人民政府网" not in text and not re.search(r"\d+/\d+/\d+, \d+:\d+", text)
    assert not any(re.fullmatch(r"\d+/\d+", ln.text) for ln in lines)
    lines, *_ = P.read_pdf((CONV / "pdf-gongwen" / "004_cac55ccb8357c570.pdf").read_bytes(), "x.pdf")
    title = "重庆高新区内陆开放高地建设“十四五”规划"
    assert sum(1 for ln in lines if ln.text == title) <= 1            # odd and even pages' header gone
    assert not any(re.fullmatch(r"—\s*\d+\s*—", ln.text) for ln in lines)
    (table,) = [ln.table for ln in lines if ln.table is not None]      # two columns read as one table
    assert [r[0] for r in table.rows] == ["序号"] + [str(n) for n in range(1, 16)]


# ---- tables: continued, cut rows, merged cells across a break ----

def test_a_row_cut_by_the_page_break_is_joined_with_its_merged_cell():
    prev = Table(rows=[["平台", "定位", "功能"], ["甲区", "内陆门户。", "推进整合，"], ["乙区", "示范基地。", "推进整合，"],
                       ["两路", "建设加工", "推进整合优化，加快形成"]],
                 merged=[[False] * 3, [False] * 3, [False, False, True], [False] * 3])
    nxt = Table(rows=[["保税港区", "贸易基地。", "管理规范。"], ["西永", "保税区。", "管理规范。"]],
                merged=[[False] * 3, [False, False, True]])
    assert P.continue_table(prev, nxt)
    assert prev.rows[3] == ["两路保税港区", "建设加工贸易基地。", "推进整合优化，加快形成管理规范。"]
    assert prev.rows[4] == ["西永", "保税区。", "推进整合优化，加快形成管理规范。"] and prev.merged[4][2]


def test_a_finished_row_is_not_joined_and_a_merged_cell_goes_on():
    prev = Table(rows=[["平台", "定位", "功能"], ["甲区", "内陆门户。", "做强产业。"], ["乙区", "示范基地。", "做强产业。"]],
                 merged=[[False] * 3, [False] * 3, [False, False, True]])
    nxt = Table(rows=[["平台", "定位", "功能"], ["丙区", "工业高地。", ""]], merged=[[False] * 3, [False] * 3])
    assert P.continue_table(prev, nxt)                      # its header repeated, dropped
    assert [r[0] for r in prev.rows] == ["平台", "甲区", "乙区", "丙区"]
    assert prev.rows[3] == ["丙区", "工业高地。", "做强产业。"] and prev.merged[3][2]
    assert not P.continue_table(prev, Table(rows=[["a", "b"]], merged=[[False, False]]))   # another table


def _grid(xs, ys, missing_h=()):
    hs = [(y, xs[0], xs[-1]) for y in ys if y not in missing_h]
    vs = [(x, ys[0], ys[-1]) for x in xs]
    return pdfgeom.Grid(list(xs), list(ys), hs, vs)


def _chars_at(text, x, top):
    return [(ch, x + 10 * i, top, x + 10 * i + 9, top + 10) for i, ch in enumerate(text)]


def test_a_caption_ruled_in_as_the_first_row_is_taken_off():
    g = _grid([0, 100, 200], [0, 20, 40, 60])
    # the caption row has no rule between its two cells: one cell across the table
    g.vs = [(0, 0, 60), (200, 0, 60), (100, 20, 60)]
    chars = _chars_at("表1指标", 5, 5) + _chars_at("指标", 5, 25) + _chars_at("数值", 105, 25) \
        + _chars_at("甲", 5, 45) + _chars_at("3", 105, 45)
    table, caption, foot = P._table(g, chars)
    assert caption == "表1指标" and table.rows == [["指标", "数值"], ["甲", "3"]] and foot is None
    table, caption, foot = P._table(_grid([0, 100, 200], [0, 20, 40, 60]), chars)
    assert caption is None and foot is None and len(table.rows) == 3


def test_a_note_ruled_in_as_the_last_row_is_taken_off():
    g = _grid([0, 100, 200], [0, 20, 40, 60, 80])
    g.vs = [(0, 0, 80), (200, 0, 80), (100, 0, 60)]
    chars = _chars_at("指标", 5, 5) + _chars_at("数值", 105, 5) + _chars_at("甲", 5, 25) + _chars_at("3", 105, 25) \
        + _chars_at("乙", 5, 45) + _chars_at("4", 105, 45) + _chars_at("备注：累计数", 5, 65)
    table, caption, foot = P._table(g, chars)
    assert foot == "备注：累计数" and caption is None and table.rows == [["指标", "数值"], ["甲", "3"], ["乙", "4"]]


def test_tables_side_by_side_are_read_left_first():
    right = (100, "table", Table(rows=[["x"]]), (300, 100, 500, 400))
    left = (120, "table", Table(rows=[["y"]]), (50, 120, 250, 380))
    items = [right, left]
    P._side_by_side(items)
    assert items == [left, right]
    below = (420, "table", Table(rows=[["z"]]), (50, 420, 250, 500))
    items = [right, below]
    P._side_by_side(items)
    assert items == [right, below]


# ---- geometry: frames and grids open at a page break ----

def test_a_box_cut_by_a_page_break_is_framed_to_its_side_rules():
    r = pdfgeom.Rules()
    for box in [(82, 623, 530, 624), (82, 656, 530, 657),             # its title cell's rules
                (82, 623, 83, 656), (529, 623, 530, 656),
                (82, 656, 83, 764), (529, 656, 530, 764)]:            # its body, open at the page's foot
        pdfgeom.add_path(r, box, True)
    (frame,) = pdfgeom.frames(r, pdfgeom.grids(r), 612, 792)
    assert frame[1] <= 624 and frame[3] >= 763


def test_a_table_row_cut_off_at_the_top_of_a_page_is_a_grid():
    r = pdfgeom.Rules()
    for x in (58, 105, 334, 554):
        pdfgeom.add_path(r, (x, 28, x + 0.5, 136), True)
    pdfgeom.add_path(r, (58, 136, 554, 136.5), True)
    (g,) = pdfgeom.grids(r)
    assert len(g.xs) == 4 and len(g.ys) == 2 and g.ys[0] <= 29
    assert len(pdfgeom.cells(g)) == 3


# ---- paragraph starts ----

def _layout(indents: bool):
    return P._Layout(size=12, usual=6, left={False: 50, True: 80}, right={False: 550, True: 520},
                     indents={False: indents, True: indents})


def test_a_full_line_ending_with_a_stop_runs_on_where_paragraphs_are_indented():
    full = P.PLine("推进共享经济与绿色消费高度契合；", 80, 519, 100, 112, framed=True)
    short = P.PLine("推进共享经济。", 80, 300, 100, 112, framed=True)
    at_margin = P.PLine("发展体验经济，丰富消费体验。", 80, 400, 118, 130, framed=True)
    indented = P.PLine("发展特色街区商业。", 104, 400, 118, 130, framed=True)
    last = Line(no=1, text=full.text)
    assert P._starts(at_margin, full, last, 0, _layout(True)) is False
    assert P._starts(at_margin, short, Line(no=1, text=short.text), 0, _layout(True)) is None
    assert P._starts(at_margin, full, last, 0, _layout(False)) is None        # block paragraphs: can't tell
    assert P._starts(indented, full, last, 0, _layout(True)) is True
    assert P._starts(at_margin, full, Line(no=1, text="加快建设西"), 0, _layout(False)) is False


def test_a_doc_number_cut_by_the_line_end_is_read_whole():
    assert P._cuts_doc_number(Line(no=1, text="…规划的通知渝府"), "发〔2021〕24号各区县人民政府：")
    assert P._cuts_doc_number(Line(no=1, text="重庆市人民政府"), "〔2021〕24号")
    assert not P._cuts_doc_number(Line(no=1, text="…规划的通知。"), "发〔2021〕24号")
    assert not P._cuts_doc_number(Line(no=1, text="加快建设"), "内陆开放高地。")


def test_pdfium_s_line_end_hyphen_is_a_hyphen():
    lines, *_ = P.read_pdf((CONV / "pdf-gongwen" / "004_cac55ccb8357c570.pdf").read_bytes(), "x.pdf")
    text = "".join(ln.text for ln in lines)
    assert "\ufffe" not in text and "科学中心-新型研发机构" in text
