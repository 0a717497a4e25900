"""Metrics linked across plans (the reviewed term list), units checked before values
are compared, one entry per target; the store's queries; plandesk indicators;
the CSV and Word exports."""
from __future__ import annotations

import csv
import io
import json

import pytest
from docx import Document

from desktop.services.export.indicators import export_indicators_csv, export_indicators_docx
from db.indicators import find
from db.indicators.comparison import JSON_KEYS, bars_by_unit, entries, metric_comparison
from db.importer.targets.linking import same
from db.importer.targets.metric_list import metric_of, metrics, normalise
from tests.helpers.support import run_cli as run

INLAND, HITECH, FTZ, CHENGYU = "inland-opening-2021", "hightech-zone-2021", "ftz-2022", "chengyu-2022"


# ---- the term list ----

@pytest.mark.parametrize("name, canonical", [
    ("货物进出口总额", "货物进出口总额"), ("外贸进出口总额", "货物进出口总额"), ("进出口总额", "货物进出口总额"),
    ("服务进出口总额", "服务贸易总额"), ("对“一带一路”沿线国家进出口额", "对一带一路沿线国家进出口额"),
    ("实际利用外资额", "实际利用外资"), ("外商直接投资（FDI）", "外商直接投资"),
    ("中欧班列运行数量", "中欧班列开行数量"), ("国际客货运航线数量", "国际航线数量"),
    ("正式开放口岸数量", "开放口岸数量"),
])
def test_names_link_to_one_metric(name, canonical):
    assert metric_of(name).canonical == canonical


@pytest.mark.parametrize("name", ["外资企业进出口总额占比", "服务外包执行额", "港口货物吞吐量"])
def test_names_that_only_look_like_a_metric_are_not_linked(name):
    m = metric_of(name)
    assert m is None or m.canonical != "货物进出口总额"


def test_fdi_and_utilised_foreign_capital_stay_apart():
    assert metric_of("外商直接投资（FDI）").canonical != metric_of("实际利用外资").canonical


def test_every_metric_is_found_by_each_of_its_names():
    for m in metrics():
        for n in m.names:
            assert find(n).canonical == m.canonical, n


def test_units_are_normalised_within_a_currency_never_across():
    assert normalise(2, "万亿元") == (20000, "亿元")
    assert normalise(10, "万户")[1] == "户" and normalise(10, "万户")[0] == 100000
    assert normalise(20, "亿美元") == (20, "亿美元")
    assert normalise(7, "%") == (7, "%")


def test_unlinked_names_are_the_same_thing_only_when_they_mostly_agree():
    assert same(None, "向全国复制推广", None, "在全国复制推广改革经验案例累计数量")
    assert not same(None, "国际物流分拨中心", None, "国际消费中心")
    assert not same("货物进出口总额", "x", "服务贸易总额", "x")


# ---- in the store ----

def test_the_stores_metrics_and_scopes(built_store):
    ms = {m["metric"]: m for m in built_store.indicator_metrics()}
    assert ms["货物进出口总额"]["n_docs"] == 4
    assert {"全市", "高新区", "自贸试验区", "成渝地区"} <= set(built_store.indicator_scopes())
    assert all(r["metric"] == "国际航线数量" for r in built_store.indicators(metric="国际航线数量"))
    assert {r["scope"] for r in built_store.indicators(scope="高新区")} == {"高新区"}


def test_city_figures_repeated_in_the_ftz_plan_are_the_citys(built_store):
    rows = built_store.indicators(FTZ, "中欧班列开行数量") + built_store.indicators(FTZ, "国际航线数量")
    assert rows and {r["scope"] for r in rows} == {"全市"}


def test_one_metric_grouped_by_comparable_unit(built_store):
    c = metric_comparison(built_store, "服务贸易总额")
    assert set(c["by_unit"]) == {"亿元", "亿美元"}
    assert [e["document_id"] for e in c["by_unit"]["亿美元"]] == [HITECH]
    c = metric_comparison(built_store, "货物进出口总额")
    assert list(c["by_unit"]) == ["亿元"]
    chengyu = next(e for e in c["entries"] if e["document_id"] == CHENGYU)
    assert (chengyu["target"], chengyu["norm_value"], chengyu["comparator"]) == ("2万亿元左右", 20000, "左右")


def test_chart_bars_carry_ranges_in_the_comparable_unit(built_store):
    es = [e for e in entries(built_store) if e["target_low"] != e["target_high"] and e["norm_unit"]]
    assert es, "the plans set ranges (新增国际航线2―3条 …)"
    bars = bars_by_unit(es)
    for unit, bs in bars.items():
        for b in bs:
            assert b["low"] < b["high"]
    [b] = bars_by_unit([e for e in entries(built_store, CHENGYU) if e["metric"] == "货物进出口总额"])["亿元"]
    assert (b["low"], b["high"], b["base"]) == (20000, 20000, None) and "成渝地区" in b["label"]


# ---- plandesk indicators ----

def test_cli_json_is_every_entry_with_its_sources(built_store, data, capsys):
    code, out, err = run(capsys, "indicators", "--json", "--data", data)
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == len(entries(built_store))
    for r in rows:
        assert set(r) == set(JSON_KEYS) | {"sources"} and r["sources"] and r["source"] == r["sources"][0]


def test_cli_metric_by_any_name_and_scope(data, capsys):
    code, out, _ = run(capsys, "indicators", "--metric", "外贸进出口总额", "--json", "--data", data)
    rows = json.loads(out)
    assert code == 0 and {r["document_id"] for r in rows} == {INLAND, HITECH, FTZ, CHENGYU}
    code, out, _ = run(capsys, "indicators", "--metric", "FDI", "--scope", "全市", "--data", data)
    assert code == 0 and out.startswith("外商直接投资（") and "【135】" in out
    code, out, _ = run(capsys, "indicators", "--doc", HITECH, "--data", data)
    assert code == 0 and "表2-1第3行" in out and "重庆自贸" not in out


@pytest.mark.parametrize("args, message", [
    (["--metric", "无此指标"], "no metric called"), (["--doc", "no-such-plan"], "no document"),
])
def test_cli_errors_name_the_problem(data, capsys, args, message):
    code, _, err = run(capsys, "indicators", *args, "--data", data)
    assert code == 1 and message in err


# ---- exports ----

def test_csv_has_every_row_with_sources_and_opens_in_excel(built_store, tmp_path):
    es = entries(built_store, metric="货物进出口总额")
    p = export_indicators_csv(es, tmp_path / "m.csv")
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")            # BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(es)
    assert all("《" in r[rows[0].index("出处")] for r in rows[1:])
    assert any(r[rows[0].index("目标")] == "2万亿元左右" for r in rows[1:])


def test_an_existing_file_is_not_overwritten_unless_asked(built_store, tmp_path):
    es = entries(built_store, HITECH)
    (tmp_path / "x.csv").write_text("keep", encoding="utf-8")
    with pytest.raises(FileExistsError):
        export_indicators_csv(es, tmp_path / "x.csv")
    assert (tmp_path / "x.csv").read_text(encoding="utf-8") == "keep"


def test_word_export_is_a_gongwen_table_per_unit_with_sources(built_store, tmp_path):
    es = entries(built_store, metric="服务贸易总额")
    p = export_indicators_docx(es, tmp_path / "m.docx", "服务贸易总额：各规划目标对比")
    d = Document(str(p))
    assert len(d.tables) == 2
    heads = [c.text for c in d.tables[0].rows[0].cells]
    assert heads[:3] == ["文件", "范围", "指标"] and heads[-1] == "出处"
    assert sum(len(t.rows) - 1 for t in d.tables) == len(es)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "不作换算" in text
    assert d.sections[0].page_width > d.sections[0].page_height       # landscape for a wide table
