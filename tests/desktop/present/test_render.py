"""Store records -> reader HTML (desktop/present/render.py has no Qt): tested on the small fixture store."""
from __future__ import annotations

import pytest

from db import paths
from db.store import Store
from desktop.present import render


@pytest.fixture(scope="module")
def st(fixture_data):
    s = Store(paths.plans_db(fixture_data))
    yield s
    s.close()


def test_section_page(st):
    h = render.render(st, "chapters:第三章/第一节")
    assert "<h1>第一节　建设开放平台</h1>" in h
    assert "《某某区对外开放“十四五”规划（2021—2025年）》第三章第一节" in h
    assert 'href="pd:chapters:第三章"' in h                       # breadcrumb up to the chapter
    assert "专栏1　重点开放平台" in h                               # its box, in place
    assert '<span class="lead">综合保税区</span>' in h


def test_line_numbers_on_demand(st):
    assert "〔第" not in render.render(st, "chapters:第一章/第一节")
    assert "〔第" in render.render(st, "chapters:第一章/第一节", show_lines=True)


def test_box_page_marks_merged_cells(st):
    h = render.render(st, "wrapped:专栏1")
    assert "<th>战略定位</th>" in h and h.count("（与上行合并单元格）") == 1
    assert "表格，3项" in h


def test_document_page_warns_when_order_is_unreliable(st):
    h = render.render(st, "doc:runin")
    assert '<p class="warn">⚠ 本文档转换文本顺序混乱' in h and "<h2>目录</h2>" in h
    assert '<p class="warn">' not in render.render(st, "doc:chapters")


def test_plain_citation(st):
    assert render.plain_citation(st, "numbered:二、/（三）") == "《某某片区联手扩大开放方案》二、（三）"
    assert render.plain_citation(st, "chapters:专栏1") == \
        "《某某区对外开放“十四五”规划（2021—2025年）》第三章第一节专栏1"
    assert render.plain_citation(st, "doc:wrapped") == "《某某市开放平台协同发展规划（2018―2020年）》"


def test_unknown_targets_say_so(st):
    assert "找不到" in render.render(st, "chapters:第九章")


def test_plan_text_is_escaped(st):
    assert render.paragraphs_html("a<b>&c", None, False) == "<p>a&lt;b&gt;&amp;c</p>"
