"""The importer's self-check (db/importer/selfcheck.py): what was built compared
with the source lines. Silent on the bundled plans and the round-one conversions;
on a conversion that lost something, the loss is named with its line."""
from __future__ import annotations

import re

import pytest

from tests.helpers import support
from db.importer import parse_file, parse_text, selfcheck
from db.importer.model import Box, Item, Line, ParsedDoc, Section, Table

CONV = support.TESTS / "conversions"
ROUND_ONE = ["docx-styled", "docx-numbered", "html-gov", "pdf-lo", "pdf-chrome"]


def _conv(folder: str, prefix: str):
    return next((CONV / folder).glob(f"{prefix}_*"))


# ---- silent where the importer is right ----

def test_the_bundled_plans_give_no_findings(parsed_docs):
    for p, d in parsed_docs.items():
        assert d.checks == [], (p, [c.text() for c in d.checks])
        assert not any(re.match(r"第\d+行：", w) for w in d.warnings), (p, d.warnings)


@pytest.mark.parametrize("fmt", ROUND_ONE)
def test_the_round_one_conversions_give_no_findings(fmt):
    for f in sorted((CONV / fmt).glob("0*")):
        d = parse_file(f)
        assert d.checks == [], (f.name, [c.text() for c in d.checks])


# ---- round two: a loss is named ----

def _named(d: ParsedDoc, kinds: set[str], label: str) -> bool:
    """A finding of these kinds names `label`, or counts the rest of its kind."""
    return any(c.kind in kinds and (f"「{label}」" in c.message or f"缺少{label}" in c.message
                                    or c.message.startswith("另有")) for c in d.checks)


ROUND_TWO = [("html-trs", "000"), ("html-trs", "004"), ("html-zoom-gbk", "001"), ("docx-textbox", "000"),
             ("lo-odt", "004"), ("pdf-web", "000"), ("pdf-web", "001"), ("txt-paste", "004"),
             ("txt-paste-word", "004")]


@pytest.mark.parametrize("folder,prefix", ROUND_TWO)
def test_a_round_two_loss_is_named(folder, prefix, parsed_docs):
    d, key = parse_file(_conv(folder, prefix)), parsed_docs[prefix]
    got = {b.label: b for b in d.boxes}
    for b in key.boxes:                       # a box not built: named as missing (or a gap)
        if b.label not in got:
            assert _named(d, {"box_missing", "box_gap"}, b.label), (b.label, [c.text() for c in d.checks])
    key_tables = {i.table_label for i in key.indicators if i.table_label and not i.box}
    got_tables = {i.table_label for i in d.indicators if i.table_label}
    for lab in key_tables - got_tables:       # an indicator table not read
        assert _named(d, {"indicators_missing", "table_lost"}, lab), (lab, [c.text() for c in d.checks])
    wrong = [b.label for b in key.boxes if b.label in got and b.kind == "list"
             and len(got[b.label].items) != len(b.items)]
    if len(wrong) * 2 > len(key.boxes):       # most boxes' items wrong: cut or merged items are told
        assert any(c.kind in ("item_cut", "item_merged") for c in d.checks), wrong
    if re.fullmatch(r"\d{3}_[0-9a-f]+", d.title):
        assert any(c.kind == "title_from_name" for c in d.checks)
    for c in d.checks:                        # each finding has its line and the source around it
        assert c.line is None or c.context and any(no == c.line for no, _ in c.context) or c.context


def test_round_two_files_wrong_today_are_told():
    """The files that lose boxes today name at least one of them (html-trs 000's
    table boxes, the run-in boxes of the GBK #zoom pages)."""
    for folder, prefix in [("html-trs", "000"), ("html-zoom-gbk", "004")]:
        d = parse_file(_conv(folder, prefix))
        if len(d.boxes) < 3:
            assert any(c.kind == "box_missing" for c in d.checks), [c.text() for c in d.checks]


# ---- each mechanism on a small text ----

def _kinds(d: ParsedDoc) -> list[str]:
    return [c.kind for c in d.checks]


def test_a_gap_in_box_numbering():
    d = parse_text("规划\n\n第一章 甲\n\n正文。\n\n专栏1 甲\n\n条目一。\n\n第二章 乙\n\n正文。\n\n专栏3 丙\n\n条目三。\n",
                   "规划.txt")
    [c] = [c for c in d.checks if c.kind == "box_gap"]
    assert "缺少专栏2" in c.message and c.line == 15 and c.text().startswith("第15行：")
    assert (15, "专栏3 丙") in c.context


def test_a_gap_in_heading_numbering_within_a_parent():
    d = parse_text("某规划\n\n第一章 甲\n\n一、子\n\n正文。\n\n三、子三\n\n正文。\n\n第二章 乙\n\n正文。\n", "a.txt")
    [c] = [c for c in d.checks if c.kind == "heading_gap"]
    assert "缺少二、" in c.message and c.line == 9


def test_a_heading_the_pipeline_already_noted_is_not_told_twice():
    d = parse_text("某规划\n\n第一章 甲\n\n正文。\n\n第三章 丙\n\n正文。\n", "gap.txt")
    assert any(n.kind == "missing_heading" for n in d.notes)
    assert "heading_gap" not in _kinds(d)


def test_a_table_of_contents_and_the_headings():
    d = parse_text("某规划\n\n目录\n\n第一章 甲 1\n\n第二章 乙 3\n\n第三章 丙 5\n\n第一章 甲\n\n正文。\n\n"
                   "第二章 乙\n\n正文。\n\n第四章 丁\n\n正文。\n", "t.txt")
    msgs = {c.kind: c.message for c in d.checks}
    assert "「第三章 丙」" in msgs["toc_missing"]          # listed, never printed as a heading
    assert "「第四章 丁」" in msgs["toc_extra"]            # printed, not listed
    assert "3条" in msgs["toc_as_heading"]                # the entries themselves taken as headings


def test_a_title_from_the_file_name():
    d = parse_text("第一章 甲\n\n正文。\n\n第二章 乙\n\n正文。\n", "x.txt")
    assert _kinds(d) == ["title_from_name"] and "「x」" in d.checks[0].message
    assert parse_text("某某规划\n\n第一章 甲\n\n正文。\n\n第二章 乙\n\n正文。\n", "x.txt").checks == []


def _doc(boxes=(), sections=(), indicators=()) -> ParsedDoc:
    return ParsedDoc(source_file="p.docx", encoding="utf-8", title="某规划", doc_number=None, issuer=None,
                     issued_date=None, period=None, notice="", preamble="", preamble_lines=None,
                     sections=list(sections), boxes=list(boxes), indicators=list(indicators), notes=[])


def test_a_box_printed_but_not_built():
    lines = [Line(1, "某规划"), Line(2, "第一章 甲"), Line(3, "专栏1 重点项目"), Line(4, "项目一。"),
             Line(5, "专栏2重点任务创新投资。实行…。创新贸易。深入…。"),        # a box run into one line
             Line(6, "专栏3所列项目要按期完成。")]                             # a mention, not a box
    d = _doc(boxes=[Box("专栏1", "重点项目", None, 3, items=[Item("", "项目一。", line_start=4)])])
    found = selfcheck.check(d, lines)
    assert [(c.kind, c.line) for c in found] == [("box_missing", 5)] and "「专栏2」" in found[0].message


def test_table_rows_not_stored():
    t = Table(rows=[["指标", "2020", "2025"], ["外贸进出口总额（亿元）", "2900", "3700"], ["研发投入强度", "2.1", "3"]])
    meta = Table(rows=[["发文机关：", "市政府"], ["成文日期：", "2021-01-01"]])
    lines = [Line(1, "某规划"), Line(2, "", table=t), Line(3, "", table=meta)]
    sec = Section("第一章", "甲", "章", 1, paras=["指标 2020 2025", "外贸进出口总额（亿元）2900 3700"],
                  para_lines=[(2, 2), (2, 2)])
    [c] = selfcheck.check(_doc(sections=[sec]), lines)
    assert c.kind == "table_lost" and c.line == 2 and "1行" in c.message and "研发投入强度" in c.message


def test_an_indicator_caption_with_no_rows_read():
    lines = [Line(1, "某规划"), Line(2, "表2-1 某某指标体系表"), Line(3, "序号\t指标\t2020")]
    [c] = selfcheck.check(_doc(), lines)
    assert c.kind == "indicators_missing" and "表2-1" in c.message and c.line == 2


def test_items_cut_and_merged():
    cut = [Item("", "建设多式联运信息平台，推动", line_start=4, line_end=4),
           Item("", "，数据共享。", line_start=5, line_end=5)]
    merged = [Item("创新投资制度", "创新投资制度。实行便利制度。创新贸易监管。深入实施分类监管。", line_start=8, line_end=8),
              Item("", "1.建设园区；2.建设口岸。", line_start=9, line_end=9)]
    joined = [Item("", "第一项。第二项。", line_start=12, line_end=13)]
    lines = [Line(k, f"行{k}", starts=True) for k in range(1, 15)]
    d = _doc(boxes=[Box("专栏1", "甲", None, 3, items=cut), Box("专栏2", "乙", None, 7, items=merged),
                    Box("专栏3", "丙", None, 11, items=joined)])
    found = [(c.kind, c.line) for c in selfcheck.check(d, lines)]
    assert ("item_cut", 4) in found
    assert ("item_merged", 8) in found and ("item_merged", 9) in found     # lead sentences, 1. 2.
    assert ("item_merged", 12) in found                                      # two source paragraphs


def test_many_findings_of_a_kind_are_counted_not_listed():
    lines = [Line(1, "某规划")] + [Line(k + 2, f"专栏{k + 1} 项目{k}") for k in range(9)]
    found = selfcheck.check(_doc(), lines)
    assert len(found) == selfcheck.PER_KIND + 1 and found[-1].line is None and "另有4处" in found[-1].message


def test_a_failing_check_never_costs_the_parse(monkeypatch):
    monkeypatch.setattr(selfcheck, "check", lambda d, lines: 1 / 0)
    d = parse_text("某规划\n\n第一章 甲\n\n正文。\n\n第二章 乙\n\n正文。\n", "ok.txt")
    assert len(d.sections) == 2 and d.checks == []


def test_a_word_tocs_entries_reach_the_check_but_never_the_structure():
    """The Word reader hands over its 目录 as marked lines: the pipeline skips them,
    the self-check compares them with the headings."""
    from db.importer import parse_lines
    from db.importer.model import Line
    from db.importer.readers import read_lines
    lines, *_ = read_lines(support.TESTS / "conversions" / "lo-odt" / "004_cac55ccb8357c570.docx")
    toc = [ln for ln in lines if ln.toc]
    assert len(toc) >= 10 and all(ln.no == 0 for ln in toc)
    doc = parse_lines(lines, "004.docx", "docx", max(ln.no for ln in lines))
    assert not [c for c in doc.checks if c.kind.startswith("toc")]
    assert not any(s.line_start == 0 for s in doc.sections)          # no entry became a heading
    extra = [Line(no=0, text="第九章　并不存在的一章 88", toc=True)]
    doc = parse_lines(extra + lines, "004.docx", "docx", max(ln.no for ln in lines))
    assert [c.message for c in doc.checks if c.kind == "toc_missing"] == ["目录中的「第九章 并不存在的一章」在正文中没有对应的标题"]
