"""Stage 7: indicator tables and targets stated in running text."""
from __future__ import annotations

from db.importer.indicators import cell_rows, parse_value, split_name_unit, table_indicators
from db.importer.lines import split_lines


def test_parse_value():
    assert parse_value("[7.76]") == (7.76, True)
    assert parse_value("＞【500】") == (500.0, True)
    assert parse_value("2700左右") == (2700.0, False)
    assert parse_value("—") == (None, False)


def test_split_name_unit():
    assert split_name_unit("轨道通车里程（公里）") == ("轨道通车里程", "公里", True)
    assert split_name_unit("实际利用外资（亿美") == ("实际利用外资", "亿美", False)
    assert split_name_unit("外资企业数") == ("外资企业数", None, True)


def test_cell_rows_split_by_the_larger_gap():
    lines = split_lines("\t序号\n\t指标\n\n\t1\n\t甲\n\n\t2\n\t乙\n")
    assert [[ln.text for ln in r] for r in cell_rows(lines)] == [["序号", "指标"], ["1", "甲"], ["2", "乙"]]


def test_table_indicators_map_columns_and_complete_a_cut_unit():
    rows = [["序号", "指标", "2020年", "2025年", "属性"], ["1", "实际利用外资（亿美元）", "5", "8", "预期性"],
            ["2", "外商投资额（亿美", "1", "2", "约束性"]]
    inds = table_indicators("表2-1", rows, [(1, 5), (6, 10), (11, 15)])
    assert [(i.seq, i.name, i.unit, i.baseline_year, i.target_year, i.nature) for i in inds] == [
        (1, "实际利用外资", "亿美元", 2020, 2025, "预期性"), (2, "外商投资额", "亿美元", 2020, 2025, "约束性")]
    assert inds[0].line_start == 6


