"""One citation formatter for the reader, the comparison and the exports."""
from __future__ import annotations

from db.citation import formatted as cite


def test_a_place_in_a_plan_whose_order_holds():
    assert cite("某规划", "第三章/第一节", "专栏1") == "《某规划》第三章第一节专栏1"
    assert cite("某规划", "二、/（四）") == "《某规划》二、（四）"
    assert cite("某规划") == "《某规划》导言"


def test_a_place_in_a_scrambled_text_says_where_it_sits_and_that_order_is_unreliable():
    assert cite("某规划", "第三篇/第八章", None, order_reliable=False, line=22) == \
        "《某规划》第三篇第八章（原文第22行；原文顺序不可靠，所属章节仅供参考）"
    # no section: never 导言, which would claim a place the text does not give
    assert cite("某规划", None, None, order_reliable=False, line=2) == \
        "《某规划》原文第2行（原文顺序不可靠，所属章节无法确定）"
    assert "导言" not in cite("某规划", None, None, order_reliable=False)


def test_the_comparison_cites_scrambled_sentences_so(built_store):
    from db.positioning import statement_citation
    d = next(d for d in built_store.documents() if not d["order_reliable"])
    xs = [x for p in ("liangjiang", "ftz", "sino-singapore") for x in built_store.positionings(p, d["id"])]
    assert xs
    for x in xs:
        c = statement_citation(built_store, x)
        assert "原文顺序不可靠" in c and f"原文第{x['line']}行" in c and "导言" not in c, c


def test_one_path_cites_any_place_in_both_forms(built_store):
    """cite(store, place, form): a whole plan, a section, a box, a table row, a statement
    without a section; the unreliable plan says so in each, the whole plan included."""
    from db.citation import OFFICIAL, cite, statement_place
    from db.place import Place
    assert cite(built_store, "doc:open-platforms-2018") == "《重庆市开放平台协同发展规划》"
    assert cite(built_store, Place.box("open-platforms-2018", "专栏1")) == "《重庆市开放平台协同发展规划》第三章第一节专栏1"
    assert cite(built_store, "hightech-zone-2021:表2-1#3", OFFICIAL).endswith("第二章第四节表2-1第3行")
    assert cite(built_store, "doc:inland-opening-2021") == "《重庆市内陆开放高地“十四五”规划》（原文顺序不可靠）"
    assert cite(built_store, "doc:inland-opening-2021", OFFICIAL).endswith("（渝府发〔2021〕24号）（原文顺序不可靠）")
    x = dict(document_id="inland-opening-2021", section_id=None, box_id=None, line=7)
    assert statement_place(x) == Place.preamble("inland-opening-2021")
    assert cite(built_store, statement_place(x), line=7) == \
        "《重庆市内陆开放高地“十四五”规划》原文第7行（原文顺序不可靠，所属章节无法确定）"
    assert cite(built_store, "doc:no-such-plan") == ""
