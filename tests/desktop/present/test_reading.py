"""Reading a plan straight through (desktop/present/reading.py, render's pages): the order
of pages, chapters shown in full when short, 专栏 where they stand, the one-line warning."""
from __future__ import annotations

import pytest

from db import paths
from db.store import Store
from desktop.present import reading, render


@pytest.fixture(scope="module")
def st(fixture_data):
    s = Store(paths.plans_db(fixture_data))
    yield s
    s.close()


def test_pages_follow_the_outline_and_stop_at_the_ends(st):
    """A short chapter is one page (its 节 inside), so 下一节 goes chapter to chapter;
    a 节 opened alone goes on to its sibling; the plan's first page comes before all."""
    order, at = [], "doc:chapters"
    while at:
        order.append(at)
        at = reading.next_place(st, at)
    assert order == ["doc:chapters", "chapters:第一章", "chapters:第二章", "chapters:第三章"]
    assert reading.prev_place(st, "chapters:第二章") == "chapters:第一章"
    assert reading.prev_place(st, "chapters:第一章") == "doc:chapters"
    assert reading.prev_place(st, "doc:chapters") is None
    assert reading.next_place(st, "chapters:第一章/第一节") == "chapters:第一章/第二节"
    assert reading.prev_place(st, "chapters:第一章/第二节") == "chapters:第一章/第一节"
    assert reading.next_place(st, "chapters:第一章/第二节") == "chapters:第二章"
    assert reading.next_place(st, "chapters:专栏1") == "chapters:第三章/第二节"     # a box: read on after its 节
    assert reading.prev_place(st, "chapters:专栏1") == "chapters:第三章"            # … back to the page showing it


class FakeStore:
    """Two chapters: the first long (a big table box), the second short."""

    def __init__(self):
        sec = lambda sid, parent, text, lines: dict(id=sid, parent_id=parent, text=text, para_lines=lines,  # noqa: E731
                                                    label=sid.split("/")[-1], title="", inferred=0)
        self.secs = [sec("p:一", None, "", None), sec("p:一/1", "p:一", "甲" * 100, [[2, 2]]),
                     sec("p:一/2", "p:一", "乙", [[9, 9]]), sec("p:二", None, "", None),
                     sec("p:二/1", "p:二", "丙", [[20, 20]]), sec("p:二/2", "p:二", "丁", [[22, 22]])]
        self.bxs = [dict(id="p:专栏1", section_id="p:一/1", text="表" * 3000, line_start=3, seq=1)]

    def sections(self, did):
        return self.secs

    def boxes(self, did):
        return self.bxs


def test_a_long_chapter_lists_its_sections_and_each_is_read_on_its_own_page():
    o = reading.Outline(FakeStore(), "p")
    assert not o.inlines("p:一") and o.inlines("p:二")
    assert o.next_page(None) == "p:一"
    assert [o.next_page(x) for x in ("p:一", "p:一/1", "p:一/2", "p:二")] == ["p:一/1", "p:一/2", "p:二", None]
    assert o.prev_page("p:二") == "p:一/2"                     # the long chapter's last 节, on its own page
    assert o.next_page("p:二/1") == "p:二/2" and o.prev_page("p:二/2") == "p:二/1"   # a 节 opened alone
    assert o.prev_page("p:一") == "doc:p"


def test_boxes_stand_between_the_paragraphs_around_them():
    s = dict(id="p:一/1", text="第一段\n\n第二段\n\n第三段", para_lines=[[1, 2], [4, 5], [40, 41]])
    box = dict(id="p:专栏1", line_start=7, seq=1)
    late = dict(id="p:专栏2", line_start=90, seq=2)
    got = [x["id"] if k == "box" else x[0] for k, x in render.interleaved(s, [late, box])]
    assert got == ["第一段", "第二段", "p:专栏1", "第三段", "p:专栏2"]


def test_a_short_chapter_page_shows_its_sections_with_their_boxes_and_links_on(st):
    h = render.render(st, "chapters:第三章")
    assert '<h2><a name="u:chapters:第三章/第一节"></a>第一节　建设开放平台</h2>' in h and "本章各节" not in h
    assert h.index("第一节　建设开放平台") < h.index("专栏1　重点开放平台") < h.index("第二节")
    assert 'name="u:chapters:第三章/第一节"' in h and 'name="u:chapters:专栏1"' in h   # units for notes and citations
    assert "上一节：第二章" in h and "下一节" not in h                          # the plan's last page
    first = render.render(st, "chapters:第一章")
    assert first.index("上一节") < first.index("<h1>") and "下一节：第二章" in first[first.index("第二节"):]


def test_an_unreliable_order_is_one_line_with_details_except_on_the_plans_first_page(st):
    h = render.render(st, "runin:第一篇/第一章")
    assert f'⚠ {render.WARN_SHORT} <a href="{render.DETAILS_LINK}">详情</a>' in h
    assert "本文档转换文本顺序混乱" not in h
    assert "本文档转换文本顺序混乱" in render.render(st, "runin:第一篇/第一章", full_warning=True)
    assert "本文档转换文本顺序混乱" in render.render(st, "doc:runin")


def test_printed_pages_have_no_links(st):
    h = render.render(st, "chapters:第三章/第一节", for_print=True)
    assert "<a href" not in h and "上一节" not in h and "下一节" not in h
    assert '<p class="crumb">某某区' in h and "第三章" in h[:h.index("<h1>")]
    assert "<a href" not in render.render(st, "runin:第一篇/第一章", for_print=True)
