"""A 专题's 资料汇编 read back with python-docx (desktop.services.export.compilation): the
cover, the 目录, the entries in the user's order with their official citations, the
按语 in style 按语 (楷体), a table 专栏 as a table with its merged cells merged."""
from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn

from db.store import UserData
from desktop.services import topics
from desktop.services.export.compilation import compile_topic

Y2018, Y2021 = "open-platforms-2018", "inland-opening-2021"
PLACES = [(f"{Y2021}:专栏1#1", ""), (f"{Y2018}:专栏1", "两江新区定位最全，可作基准。"),
          (f"{Y2018}:第三章/第一节", ""), (f"{Y2018}:liangjiang#1", "表述一致。")]


@pytest.fixture
def topic(built_store, tmp_path):
    ud = UserData(tmp_path / "user.sqlite")
    tid = ud.add_topic("开放平台")
    for pid, note in PLACES:
        ud.add_entry(tid, topics.entry_for(built_store, pid), note=note)
    yield ud, tid
    ud.close()


def body_text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_the_compilation_in_order_with_citations_notes_and_tables(built_store, topic, tmp_path):
    ud, tid = topic
    out = compile_topic(built_store, "开放平台", ud, tmp_path / "汇编.docx",
                        cover=dict(author="张三", unit="重庆市商务委员会", date="2026年12月7日"))
    doc = Document(str(out))
    paras = [p.text for p in doc.paragraphs]
    # the cover: the title, then who made it and when, before the 目录
    assert paras.index("开放平台资料汇编") < paras.index("编制人：张三") < paras.index("目　录")
    assert "编制单位：重庆市商务委员会" in paras and "日期：2026年12月7日" in paras
    # the 目录 is a TOC field whose result already lists the entries
    assert any(el.text and el.text.startswith("TOC ") for el in doc.element.body.iter(qn("w:instrText")))
    toc = paras[paras.index("目　录") + 1:paras.index("目　录") + 5]
    assert toc == ["一、正式开放口岸数量", "二、专栏1 产业集聚平台功能定位", "三、第一节 明确各类平台的功能定位",
                   "四、两江新区：定位"]
    # the entries as headings in the user's order, after the body's title
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads == toc
    assert doc.core_properties.title == "开放平台资料汇编" and doc.core_properties.author == "张三"
    text = body_text(doc)
    for pid, _ in PLACES:
        assert f"（来源：{topics.citation(built_store, topics.entry_for(built_store, pid))}）" in text
    assert "（来源：《重庆市人民政府关于印发重庆市全面融入共建“一带一路”加快建设内陆开放高地“十四五”规划" in text
    assert "正式开放口岸数量：2个（2020年） → 3个（2025年）" in text
    # 按语 in style 按语, 楷体 east-asian, after its entry's citation
    notes = [p for p in doc.paragraphs if p.style.name == "按语"]
    assert [p.text for p in notes] == ["按语：两江新区定位最全，可作基准。", "按语：表述一致。"]
    style_fonts = doc.styles["按语"].element.rPr.find(qn("w:rFonts"))
    assert style_fonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert all(r._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312" for p in notes for r in p.runs)
    assert paras.index("按语：两江新区定位最全，可作基准。") > paras.index(
        "（来源：《重庆市开放平台协同发展规划（2018―2020年）》第三章第一节专栏1）")
    # the table 专栏 is a Word table, the 核心功能 a group of rows shares one merged cell
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert [c.text for c in t.rows[0].cells] == ["开放平台", "战略定位", "核心功能"]
    vmerge = [tc.tcPr.find(qn("w:vMerge")) for tc in (row._tr.tc_lst[2] for row in t.rows)]
    assert vmerge[2] is not None and vmerge[2].get(qn("w:val")) == "restart"
    assert vmerge[3] is not None and vmerge[3].get(qn("w:val")) in (None, "continue")
    assert t.rows[3].cells[2].text == t.rows[2].cells[2].text != ""


def test_grouped_by_plan_and_a_gone_entry(built_store, topic, tmp_path):
    ud, tid = topic
    ud.add_entry(tid, dict(topics.entry_for(built_store, f"{Y2018}:专栏2"), target_id="old:专栏2",
                           document_id="old", document_title="旧规划", text="旧的文字"))
    doc = Document(str(compile_topic(built_store, tid, ud, tmp_path / "p.docx", group="plan")))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1[0].startswith("一、重庆市全面融入共建") and h1[1] == "二、重庆市开放平台协同发展规划（2018―2020年）"
    assert h1[2] == "三、旧规划"
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert h2[:2] == ["（一）正式开放口岸数量", "（一）专栏1 产业集聚平台功能定位"]
    text = body_text(doc)
    assert "（原文已不存在，以下为加入专题时的原文）\n旧的文字\n（来源：《旧规划》（原文已不存在））" in text
    with pytest.raises(KeyError):
        compile_topic(built_store, "没有这个", ud, tmp_path / "x.docx")
