"""plandesk compare PLATFORM: JSON and text output, aliases, unknown names."""
from __future__ import annotations

import json
import re

import pytest

from tests.helpers.support import run_cli as run  # noqa: E402

Y2018 = "open-platforms-2018"




def compare_json(capsys, data, name):
    code, out, err = run(capsys, "compare", name, "--json", "--data", data)
    assert code == 0, err
    return json.loads(out)


def test_json_shape_and_order(built_store, data, capsys):
    c = compare_json(capsys, data, "两江新区")
    assert set(c) == {"platform", "aliases", "children", "documents", "source", "reviewed", "province", "classes"}
    assert c["children"] == [] and c["source"] == "reviewed" and c["reviewed"] is True
    assert c["platform"] == "两江新区" and "重庆两江新区" in c["aliases"]
    docs = built_store.documents()
    assert [d["document_id"] for d in c["documents"]] == [d["id"] for d in docs]
    assert [d["year"] for d in c["documents"]] == sorted(d["year"] for d in c["documents"])
    for d, sd in zip(c["documents"], docs):
        assert set(d) == {"document_id", "title", "year", "positionings", "mentions", "named_in", "order_reliable"}
        assert d["order_reliable"] == bool(sd["order_reliable"])
        assert d["title"] == sd["short_title"] and d["year"] == sd["year"]
        assert d["mentions"] == built_store.mention_count("liangjiang", sd["id"])
        rows = built_store.positionings("liangjiang", sd["id"])
        assert [x["id"] for x in d["positionings"]] == [x["id"] for x in rows]       # in rank order
        for x, r in zip(d["positionings"], rows):
            assert set(x) == {"id", "aspect", "text", "section_id", "box_id", "line", "platform_id", "part",
                              "via_class"}
            assert x["via_class"] == r["via_class"]
            assert (x["aspect"], x["text"], x["section_id"], x["box_id"], x["line"]) == \
                (r["aspect"], r["text"], r["section_id"], r["box_id"], r["line"])
            assert x["platform_id"] == "liangjiang" and x["part"] is None
    first = c["documents"][0]
    assert first["document_id"] == Y2018
    assert first["positionings"][0]["aspect"] == "定位"
    assert first["positionings"][0]["text"].startswith("内陆国际物流枢纽和口岸高地")
    assert first["positionings"][0]["box_id"] == f"{Y2018}:专栏1"
    hi = next(d for d in c["documents"] if d["document_id"] == "hightech-zone-2021")
    assert hi["positionings"] == [] and hi["mentions"] == 3


@pytest.mark.parametrize("alias,name", [
    ("自贸区", "中国（重庆）自由贸易试验区"),
    ("重庆自贸试验区", "中国（重庆）自由贸易试验区"),
    ("西永综保区", "西永综合保税区"),
    ("两路寸滩保税港区", "两路寸滩综合保税区"),
    ("重庆高新区", "重庆高新技术产业开发区"),
    ("中新互联互通项目", "中新（重庆）战略性互联互通示范项目"),
    ("liangjiang", "两江新区"),
])
def test_any_alias_works(data, capsys, alias, name):
    c = compare_json(capsys, data, alias)
    assert c["platform"] == name


def test_former_name_gives_the_same_history(data, capsys):
    a = compare_json(capsys, data, "两路寸滩保税港区")
    b = compare_json(capsys, data, "两路寸滩综合保税区")
    assert a == b
    t18 = a["documents"][0]["positionings"]
    assert t18[0]["box_id"] == f"{Y2018}:专栏2" and t18[0]["text"].startswith("建设以智能终端产业集群为基础的加工贸易创新发展基地")


def test_unknown_platform(data, capsys):
    code, out, err = run(capsys, "compare", "火星自贸港", "--data", data)
    assert code == 1 and out == ""
    assert "no platform called '火星自贸港'" in err
    # names that share words with it are suggested, and where to see them all
    assert "中国（重庆）自由贸易试验区" in err and "plandesk platforms" in err


def test_missing_store(tmp_path, capsys):
    code, out, err = run(capsys, "compare", "两江新区", "--data", str(tmp_path))
    assert code == 2 and "no store" in err


def test_text_output(built_store, data, capsys):
    code, out, err = run(capsys, "compare", "两江新区", "--data", data)
    assert code == 0 and not err
    lines = out.splitlines()
    p = built_store.platform("liangjiang")
    assert lines[0] == "两江新区（战略平台" + (f"，{p['province']}" if p["province"] else "") + "）"   # reviewed: no mark
    head = lines[:lines.index("")]
    assert any(ln.startswith("别名：") and "重庆两江新区" in ln for ln in head)
    heads = [ln for ln in lines if re.match(r"\d{4}年《", ln)]
    assert heads == [f"{d['year']}年《{d['short_title']}》" + ("" if d["order_reliable"] else "  [原文顺序不可靠]")
                     for d in built_store.documents()]
    assert any(h.endswith("[原文顺序不可靠]") for h in heads)
    block = out.split("2021年《重庆高新区内陆开放高地“十四五”规划》")[1].split("\n\n")[0]
    assert "仅提及 3 次" in block and "[定位]" not in block
    block = out.split("2022年《重庆自贸试验区“十四五”规划》")[1].split("\n\n")[0]
    assert "仅提及 1 次" in block
    assert "  [定位] 内陆国际物流枢纽和口岸高地" in out
    assert "（《重庆市开放平台协同发展规划》第三章第一节专栏1）" in out
    assert "未提及" not in out            # every plan names 两江新区


def test_text_output_not_mentioned(data, capsys):
    code, out, _ = run(capsys, "compare", "西部科学城", "--data", data)
    assert code == 0
    block = out.split("2018年《重庆市开放平台协同发展规划》")[1].split("\n\n")[0]
    assert block.strip() == "未提及"
    assert "仅提及 1 次" in out.split("2022年《重庆自贸试验区“十四五”规划》")[1].split("\n\n")[0]


def test_text_output_only_among_the_units(data, capsys):
    """成渝方案 names 重庆高新区 only in a （责任单位：…） note: not 未提及 (issue 28)."""
    code, out, _ = run(capsys, "compare", "重庆高新区", "--data", data)
    assert code == 0
    block = out.split("2022年《成渝地区联手打造内陆开放高地方案》")[1].split("\n\n")[0]
    assert block.strip() == "仅见于责任单位"
    code, out, _ = run(capsys, "compare", "重庆高新区", "--json", "--data", data)
    d = next(d for d in json.loads(out)["documents"] if d["document_id"] == "chengyu-2022")
    assert d["mentions"] == 0 and d["named_in"] == ["责任单位"]


def test_text_output_top_limits_statements(data, capsys):
    code, out, _ = run(capsys, "compare", "自贸区", "--top", "2", "--data", data)
    assert code == 0
    block = out.split("2022年《重庆自贸试验区“十四五”规划》")[1].split("\n\n")[0]
    assert sum(ln.startswith("  [定位] ") and "另有" not in ln for ln in block.splitlines()) == 2
    assert "  [定位] … 另有" in block and "  [任务] … 另有" in block


# ---- aspects, parts, exports; the gazetteer ----

def test_aspect_filter(data, capsys):
    c = compare_json(capsys, data, "自贸区")
    code, out, err = run(capsys, "compare", "自贸区", "--aspect", "成效", "--json", "--data", data)
    assert code == 0, err
    only = json.loads(out)
    for d, full in zip(only["documents"], c["documents"]):
        assert [x["id"] for x in d["positionings"]] == [x["id"] for x in full["positionings"] if x["aspect"] == "成效"]
    assert any(d["positionings"] for d in only["documents"])
    with pytest.raises(SystemExit) as e:
        run(capsys, "compare", "自贸区", "--aspect", "目标", "--data", data)
    assert e.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_include_children_marks_each_part(data, built_store, capsys):
    code, out, err = run(capsys, "compare", "中新项目", "--include-children", "--json", "--data", data)
    assert code == 0, err
    c = json.loads(out)
    assert "中新（重庆）国际航空物流产业示范区" in c["children"] and "中新航空产业园" in c["children"]
    parts = [x for d in c["documents"] for x in d["positionings"] if x["part"]]
    assert parts and all(x["platform_id"] != "sino-singapore" for x in parts)
    own = [x for d in c["documents"] for x in d["positionings"] if not x["part"]]
    assert len(own) == len(built_store.positionings("sino-singapore"))
    code, out, _ = run(capsys, "compare", "中新项目", "--include-children", "--data", data)
    assert "含所属：" in out and "〔中新（重庆）国际航空物流产业示范区〕" in out


def test_export_to_word_and_csv(data, tmp_path, capsys):
    import csv
    import io
    from docx import Document
    f = tmp_path / "两江新区.docx"
    code, out, err = run(capsys, "compare", "两江新区", "--include-children", "--export", str(f), "--data", data)
    assert code == 0 and f.exists(), err
    paras = [p.text for p in Document(str(f)).paragraphs]
    assert paras[0] == "开放平台功能定位对比" and "一、两江新区" in paras
    assert any(p.startswith("〔") and "〕" in p for p in paras)        # a part's statement, marked
    code, _, err = run(capsys, "compare", "两江新区", "--export", str(f), "--data", data)
    assert code == 1 and "文件已存在" in err and str(f) in err
    assert run(capsys, "compare", "两江新区", "--export", str(f), "--force", "--data", data)[0] == 0
    g = tmp_path / "lj.csv"
    code, _, err = run(capsys, "compare", "两江新区", "--aspect", "定位", "--export", str(g), "--data", data)
    rows = list(csv.reader(io.StringIO(g.read_text(encoding="utf-8-sig"))))
    assert code == 0 and rows[0][7] == "所属片区、板块或子项目" and rows[0][-1] == "类别表述（适用于全部）"
    assert {r[3] for r in rows[1:] if r[3]} == {"定位"}
    code, _, err = run(capsys, "compare", "两江新区", "--export", str(tmp_path / "x.pdf"), "--data", data)
    assert code == 1 and ".docx" in err and not (tmp_path / "x.pdf").exists()


def test_platforms_lists_the_gazetteer_by_kind(data, built_store, capsys):
    code, out, err = run(capsys, "platforms", "--json", "--data", data)
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == len(built_store.platforms()) >= 100
    kinds = {r["kind"] for r in rows}
    assert {"战略平台", "园区平台", "海关特殊监管区域", "口岸", "物流枢纽", "国际合作园区", "活动平台", "功能平台"} <= kinds
    code, out, _ = run(capsys, "platforms", "--kind", "口岸", "--data", data)
    assert code == 0 and "果园港" in out and "两江新区" not in out
    assert "属于：" in run(capsys, "platforms", "--kind", "片区", "--data", data)[1]


def test_platforms_candidates_are_marked_unreviewed(data, built_store, capsys):
    code, out, err = run(capsys, "platforms", "--candidates", "--data", data)
    assert code == 0, err
    names = [c["name"] for c in built_store.candidates()]
    assert names and all(n in out for n in names)
    assert "未经审核" in out and "例：" in out
