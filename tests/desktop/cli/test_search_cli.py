"""plandesk search: JSON output, queries from stdin, --doc/--kind/--limit, no store."""
from __future__ import annotations

import io
import json

import pytest

from desktop.cli import main

KEYS = {"kind", "id", "document_id", "title", "path", "snippet", "score", "about"}


@pytest.fixture
def data(search_engine):
    return str(search_engine.data)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json(search_engine, search_units, data, capsys):
    code, out, err = run(capsys, "search", "两江新区", "--json", "--data", data)
    assert code == 0 and not err
    hits = json.loads(out)
    n = sum("两江新区" in u.text for u in search_units)
    assert isinstance(hits, list) and len(hits) == min(n, 20) > 0
    for h in hits:
        assert set(h) == KEYS
        assert "两江新区" in h["snippet"] or "两江新区" in h["title"]
    want = [h.as_json() for h in search_engine.search("两江新区", limit=20)]
    assert hits == want
    assert len(out.splitlines()) == 1


def test_search_reads_queries_from_stdin(search_engine, data, capsys, monkeypatch):
    queries = ["两江新区", "没有这个词的查询", "自贸区 金融"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(queries) + "\n"))
    code, out, err = run(capsys, "search", "-", "--json", "--data", data)
    assert code == 0 and not err
    lines = out.splitlines()
    assert len(lines) == 3
    for q, line in zip(queries, lines):
        assert json.loads(line) == [h.as_json() for h in search_engine.search(q, limit=20)]
    assert json.loads(lines[1]) == []
    assert json.loads(lines[0]) and json.loads(lines[2])


def test_search_stdin_without_final_newline(search_engine, data, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("两江新区\n口岸"))
    code, out, _ = run(capsys, "search", "-", "--json", "--data", data, "--limit", "3")
    assert code == 0
    assert [len(json.loads(x)) for x in out.splitlines()] == [3, 3]


def test_search_doc_kind_limit(search_engine, data, capsys):
    code, out, _ = run(capsys, "search", "开放", "--json", "--data", data, "--doc", "2018")
    assert code == 0
    hits = json.loads(out)
    assert hits and {h["document_id"] for h in hits} == {"open-platforms-2018"}

    code, out, _ = run(capsys, "search", "开放", "--json", "--data", data, "--kind", "indicator", "--limit", "100")
    hits = json.loads(out)
    assert hits and {h["kind"] for h in hits} == {"indicator"}
    assert len(hits) == len(search_engine.search("开放 kind:indicator", limit=100))

    code, out, _ = run(capsys, "search", "开放", "--json", "--data", data, "--limit", "4")
    assert len(json.loads(out)) == 4
    code, out, _ = run(capsys, "search", "开放", "--json", "--data", data)
    assert len(json.loads(out)) == 20                      # the default limit

    code, out, _ = run(capsys, "search", "开放", "--json", "--data", data, "--doc", "ftz", "--kind", "box")
    hits = json.loads(out)
    assert hits and {(h["document_id"], h["kind"]) for h in hits} == {("ftz-2022", "box")}


def test_search_bad_kind_is_a_usage_error(data, capsys):
    with pytest.raises(SystemExit) as e:
        main(["search", "开放", "--data", data, "--kind", "foo"])
    assert e.value.code == 2
    capsys.readouterr()


def test_search_text_output(data, capsys):
    code, out, err = run(capsys, "search", "军民融合示范区", "--data", data)
    assert code == 0 and not err
    assert "《open-platforms-2018》" in out
    assert "**军民融合示范区**" in out and "<b>" not in out
    assert "open-platforms-2018:专栏1" in out
    code, out, _ = run(capsys, "search", "火星基地", "--data", data)
    assert code == 0 and "「火星基地」没有结果" in out


def test_search_malformed_query(data, capsys):
    for q in ('"', "OR", "doc:", '"unclosed', "“"):   # a lone - means stdin
        code, out, err = run(capsys, "search", q, "--json", "--data", data)
        assert code == 0 and not err
        assert isinstance(json.loads(out), list)


def test_search_without_a_store(tmp_path, capsys):
    d = tmp_path / "empty"
    code, out, err = run(capsys, "search", "重庆", "--json", "--data", str(d))
    assert code == 2
    assert not out
    assert "no store" in err and "plandesk build" in err
    assert not (d / "index").exists()


def test_search_rebuilds_an_index_the_engine_reports_with_progress(fixture_copy, capsys):
    """Opening the engine only opens; the command decides to rebuild, and says so."""
    import shutil

    from db import paths
    from db.store import Store
    from search import index
    shutil.rmtree(index.index_dir(fixture_copy))
    code, out, err = run(capsys, "search", "创新驱动引领区", "--json", "--data", str(fixture_copy))
    assert code == 0
    assert json.loads(out)[0]["id"] == "wrapped:专栏1"
    assert "搜索索引缺失，重新建立" in err and "建立搜索索引" in err        # the reason, then progress
    with Store(paths.plans_db(fixture_copy)) as st:
        assert index.built_from(fixture_copy, st)
    code, out, err = run(capsys, "search", "创新驱动引领区", "--json", "--data", str(fixture_copy))
    assert code == 0 and not err                # current now: opened as it is
