"""The bench's figures per group of queries (bench/bench_search.class_row) and the
report's table (bench/report.py): the issue's two groups by the length typed."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from bench import bench_search, report  # noqa: E402


def per_way(times: dict[str, list[float]]) -> dict[str, dict[str, list[float]]]:
    return {"plandesk": times, "cli": {q: [t * 2 for t in ts] for q, ts in times.items()},
            "fts5": {q: [1.0] * len(ts) for q, ts in times.items()}}


def test_a_groups_figures_are_its_queries_medians_and_their_ratio_to_fts5():
    per = per_way({"江": [3.0, 1.0, 2.0], "口岸": [4.0, 4.0, 9.0], "陆海新通道": [10.0, 30.0, 20.0]})
    row = bench_search.class_row(per, ["江", "口岸"])
    # medians 2 and 4; percentiles by nearest rank
    assert row["plandesk"] == {"p50_ms": 2.0, "p95_ms": 4.0, "max_ms": 4.0, "n": 2}
    assert row["plandesk_to_fts5"] == {"p50_ms": 2.0, "p95_ms": 4.0, "max_ms": 4.0}
    assert row["cli"]["max_ms"] == 8.0 and row["cli_to_fts5"]["max_ms"] == 8.0


def test_the_report_shows_the_groups_by_length():
    per = per_way({"江": [2.0], "开放": [12.0], "陆海新通道": [20.0]})
    big = {"classes": {}, "by_length": {"1-2": bench_search.class_row(per, ["江", "开放"]),
                                         "3+": bench_search.class_row(per, ["陆海新通道"])}}
    s, lines = report.summary({"search": {"50x": big}})
    text = "\n".join(lines)
    assert "| all queries of 1-2 characters: in process | 2.0 / 12.0 / 12.0 ms | 2.0 / 12.0 |" in text
    assert "| all queries of 3+ characters: `plandesk search -` | 40.0 / 40.0 / 40.0 ms | 40.0 / 40.0 |" in text
    assert s["search_length_3+"]["plandesk"]["n"] == 1
