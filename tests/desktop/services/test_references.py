"""引用 / 被引用 (desktop/services/references.py): the bundled plans' references,
grouped and resolved when read; a plan imported today cites a bundled one by its
full title and by its short title, and the bundled plan lists it as citing it at
once (nothing rebuilt)."""
from __future__ import annotations

from db import paths
from db.store import Store
from desktop.services import importing
from desktop.services.references import cited_by, links, references

CITING = """某某区人民政府关于印发某某区开放通道建设方案的通知
某府发〔2023〕5号
现将《某某区开放通道建设方案》印发给你们，请认真贯彻执行。
某某区开放通道建设方案
为深入落实《重庆市全面融入共建“一带一路”加快建设内陆开放高地“十四五”规划（2021—2025年）》，制定本方案。
一、总体要求
对标《重庆市内陆开放高地“十四五”规划》，加快建设开放通道。
二、主要任务
（一）建设通道
落实《成渝地区双城经济圈建设规划纲要》（以下简称《纲要》），按照《纲要》推进通道建设。
"""
INLAND = "inland-opening-2021"


def test_a_bundled_plan_cites_nothing_in_the_library_but_itself(built_store):
    refs = references(built_store, INLAND)
    own = [e for e in refs if e["self"]]
    assert len(own) == 1 and own[0]["count"] == 2 and own[0]["resolved"] == INLAND
    cited = [e for e in refs if not e["self"]]
    assert [e["abbr"] for e in cited if e["abbr"]] == ["RCEP", "CPTPP"]
    assert all(e["resolved"] is None and e["places"] for e in cited)
    assert cited_by(built_store, INLAND) == []


def test_an_imported_plan_links_up_at_once(data_copy, tmp_path):
    f = tmp_path / "某某区开放通道建设方案.txt"
    f.write_text(CITING, encoding="utf-8")
    [res] = importing.import_files(data_copy, [f])
    new = res.doc_id
    with Store(paths.plans_db(data_copy)) as st:
        refs = {e["quote"]: e for e in references(st, new)}
        full = "重庆市全面融入共建“一带一路”加快建设内陆开放高地“十四五”规划（2021—2025年）"
        assert refs[full]["resolved"] == INLAND and refs["重庆市内陆开放高地“十四五”规划"]["resolved"] == INLAND
        gangyao = refs["成渝地区双城经济圈建设规划纲要"]
        assert gangyao["resolved"] is None and gangyao["kind"] == "plan"             # not the 成渝 方案
        assert gangyao["count"] == 2 and gangyao["abbr"] == "纲要" and "纲要" not in refs   # its short name counted with it
        assert refs["某某区开放通道建设方案"]["self"]
        citing = cited_by(st, INLAND)
        assert {e["document"] for e in citing} == {new}
        assert sorted(e["quote"] for e in citing) == sorted([full, "重庆市内陆开放高地“十四五”规划"])
        assert all(e["places"][0].startswith(f"{new}:") for e in citing)
        assert cited_by(st, "chengyu-2022") == []
        in_text = links(st, new)
        assert in_text[f"{new}:一、"] == {"重庆市内陆开放高地“十四五”规划": INLAND}
        assert all("某某区开放通道建设方案" not in q for q in in_text.values())      # no link to itself
