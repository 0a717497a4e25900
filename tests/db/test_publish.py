"""plandesk publish DIR: a copy of the store with a full-text table and Datasette metadata;
served by Datasette, its canned searches find what `plandesk search` finds."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import shlex
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing

import pytest

from tests.helpers import support
from db import paths
from db.progress import Cancelled, Progress
from db.publish import publish
from db.store.publish import QUERIES
from search.units import load_units

TABLES = ("documents", "sections", "boxes", "box_items", "indicators", "platforms", "positionings")


@pytest.fixture(scope="module")
def site(built_data, tmp_path_factory):
    """The session's data published once into a fresh folder (read-only)."""
    out = tmp_path_factory.mktemp("site")
    publish(built_data, out, units=load_units)
    return out


def rows(db, sql, args=()):
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        return con.execute(sql, args).fetchall()


def test_publish_writes_the_copy_and_metadata(built_data, built_store, tmp_path):
    src = paths.plans_db(built_data)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    reports = []
    db = publish(built_data, tmp_path / "out", units=load_units, progress=lambda f, m: reports.append((f, m)))
    assert db == tmp_path / "out" / "plans.sqlite"
    assert sorted(p.name for p in db.parent.iterdir()) == ["metadata.json", "plans.sqlite"]   # no temporaries
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before                            # the store untouched
    assert reports[-1] == (1.0, "完成") and [f for f, _ in reports] == sorted(f for f, _ in reports)
    for t in TABLES:
        assert rows(db, f"select count(*) from {t}") == rows(src, f"select count(*) from {t}"), t
    units = load_units(built_store)
    n_pre = sum(1 for d in built_store.documents() if d["preamble"])
    n = sum(len(built_store.sections(d["id"])) for d in built_store.documents())
    assert len(units) == n + len(built_store.boxes()) + len(built_store.indicators()) + n_pre
    got = rows(db, "select id, kind, document_id, title, path, body from search_units order by rowid")
    assert got == [(u.id, u.kind, u.document_id, u.title, u.path, u.body) for u in units]
    assert {k for _, k, *_ in got} == {"section", "box", "indicator"}
    assert rows(db, "pragma journal_mode") == [("delete",)]


def test_metadata_describes_real_tables_and_queries_that_run(site, built_store):
    meta = json.loads((site / "metadata.json").read_text(encoding="utf-8"))
    assert meta["title"] == "重庆开放平台规划库" and meta["description"]
    plans = meta["databases"]["plans"]
    tables = {r[0] for r in rows(site / "plans.sqlite", "select name from sqlite_master where type = 'table'")}
    assert set(TABLES) | {"search_units"} <= set(plans["tables"]) <= tables
    assert set(plans["queries"]) == {"search", "search_short", "platform_statements", "indicators_by_metric"}
    db = site / "plans.sqlite"
    ftz = built_store.find_platform("自贸区")
    for name in ("自贸区", ftz["name"], ftz["id"]):             # an alias, the name, the id
        got = rows(db, QUERIES["platform_statements"]["sql"], {"platform": name})
        assert len(got) == len(built_store.positionings(ftz["id"])) > 0
    got = rows(db, QUERIES["indicators_by_metric"]["sql"], {"metric": "货物进出口总额"})
    assert len(got) == len(built_store.indicators(metric="货物进出口总额")) > 1
    assert rows(db, QUERIES["search"]["sql"], {"q": '"引号'}) == []          # quotes are text, not syntax
    assert rows(db, QUERIES["search"]["sql"], {"q": ""}) == rows(db, QUERIES["search_short"]["sql"], {"q": ""}) == []


def test_a_non_empty_folder_is_refused_without_force(built_data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError) as e:
        publish(built_data, out, units=load_units)
    assert e.value.filename == str(out) and str(out) in str(e.value)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    publish(built_data, out, overwrite=True, units=load_units)
    assert sorted(p.name for p in out.iterdir()) == ["metadata.json", "notes.txt", "plans.sqlite"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        publish(built_data, tmp_path / "file", overwrite=True, units=load_units)


def test_cancelling_leaves_nothing(built_data, tmp_path):
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2                     # after the copy and the search table

    out = tmp_path / "new" / "out"
    with pytest.raises(Cancelled):
        publish(built_data, out, units=load_units, progress=Progress(cancelled=cancelled))
    assert not out.exists() and (tmp_path / "new").is_dir()


# ---- served by Datasette ----

def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read().decode("utf-8"))


@pytest.fixture(scope="module")
def datasette(site):
    """The published folder served read-only by Datasette: its base URL."""
    if importlib.util.find_spec("datasette") is None:
        pytest.skip("datasette is not installed (pip install -e '.[test]')")
    port = free_port()
    log = tempfile.TemporaryFile()              # its request log: a pipe nobody reads could fill up
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", "-i", str(site / "plans.sqlite"),
                             "-m", str(site / "metadata.json"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                get_json(base + "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    proc.wait()
                    log.seek(0)
                    err = log.read().decode("utf-8", "replace")[-2000:]
                    pytest.fail(f"datasette did not answer on port {port}:\n{err}")
                time.sleep(0.2)
        yield base
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def canned(base: str, query: str, q: str) -> list[dict]:
    return get_json(f"{base}/plans/{query}.json?" + urllib.parse.urlencode({"q": q, "_shape": "array"}))


def plandesk_ids(capsys, data, q: str) -> list[str]:
    code, out, err = support.run_cli(capsys, "search", q, "--json", "--limit", "200", "--data", data)
    assert code == 0, err
    return [h["id"] for h in json.loads(out)]


def test_datasette_search_finds_what_plandesk_search_finds(datasette, data, capsys):
    want = plandesk_ids(capsys, data, "中欧班列")
    got = canned(datasette, "search", "中欧班列")
    assert 0 < len(want) < 50                                     # the canned query's limit cuts nothing
    assert sorted(h["id"] for h in got) == sorted(want)
    assert all("【中欧班列】" in h["snippet"] or "中欧班列" in h["title"] for h in got)


def test_datasette_short_search_finds_what_plandesk_search_finds(datasette, data, capsys):
    want = plandesk_ids(capsys, data, "口岸")
    assert 0 < len(want) < 50
    assert sorted(h["id"] for h in canned(datasette, "search_short", "口岸")) == sorted(want)
    assert canned(datasette, "search", "口岸") == []              # under 3 characters: trigram finds nothing


# ---- the command ----

def test_cli_publish_and_force(data, tmp_path, capsys):
    out = tmp_path / "site"
    code, stdout, err = support.run_cli(capsys, "publish", str(out), "--data", data)
    assert code == 0, err
    cmd = f"datasette {shlex.quote(str(out / 'plans.sqlite'))} -m {shlex.quote(str(out / 'metadata.json'))}"
    assert cmd in stdout and str(out / "plans.sqlite") in stdout
    assert (out / "plans.sqlite").is_file() and (out / "metadata.json").is_file()

    before = (out / "plans.sqlite").stat().st_mtime_ns
    code, stdout, err = support.run_cli(capsys, "publish", str(out), "--data", data)
    assert code == 1 and not stdout
    assert len(err.strip().splitlines()) == 1 and str(out) in err and "--force" in err
    assert (out / "plans.sqlite").stat().st_mtime_ns == before

    (out / "plans.sqlite").write_bytes(b"old")
    code, stdout, err = support.run_cli(capsys, "publish", str(out), "--data", data, "--force")
    assert code == 0 and cmd in stdout
    assert rows(out / "plans.sqlite", "select count(*) from documents")[0][0] > 0


def test_cli_publish_without_a_store(tmp_path, capsys):
    code, out, err = support.run_cli(capsys, "publish", str(tmp_path / "site"), "--data", str(tmp_path / "none"))
    assert code == 2 and "plandesk build" in err and not (tmp_path / "site").exists()
