"""plandesk publish DIR: a copy of the store with foreign keys, a search table, Datasette
metadata (0.65) and configuration (1.0); its canned search finds what `plandesk search`
finds, at any length. Checked here in SQL (fast); served by both Datasette versions in
tests/db/test_publish_datasette.py."""
from __future__ import annotations

import hashlib
import json
import shlex
import shutil
import sqlite3
from contextlib import closing

import pytest

from tests.helpers import support
from db import paths
from db.progress import Cancelled, Progress
from db.publish import TABLE_SETTINGS, publish
from db.store.publish import FOREIGN_KEYS, MAGIC, QUERIES
from search.units import load_units

TABLES = ("documents", "sections", "boxes", "box_items", "indicators", "platforms", "positionings")
FILES = ["datasette.json", "metadata.json", "plans.sqlite"]


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
    assert sorted(p.name for p in db.parent.iterdir()) == FILES                              # no temporaries
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


def search(db, q: str) -> list[tuple]:
    """The canned query `search` as Datasette runs it (its magic parameters empty)."""
    return rows(db, QUERIES["search"]["sql"], {**MAGIC, "q": q})


def test_metadata_describes_real_tables_and_queries_that_run(site, built_store):
    meta = json.loads((site / "metadata.json").read_text(encoding="utf-8"))
    assert meta["title"] == "重庆开放平台规划库" and meta["description"]
    plans = meta["databases"]["plans"]
    tables = {r[0] for r in rows(site / "plans.sqlite", "select name from sqlite_master where type = 'table'")}
    assert set(TABLES) | {"search_units"} <= set(plans["tables"]) <= tables
    assert set(plans["queries"]) == {"search", "platform_statements", "indicators_by_metric"}
    db = site / "plans.sqlite"
    ftz = built_store.find_platform("自贸区")
    for name in ("自贸区", ftz["name"], ftz["id"]):             # an alias, the name, the id
        got = rows(db, QUERIES["platform_statements"]["sql"], {"platform": name})
        assert len(got) == len(built_store.positionings(ftz["id"])) > 0
    got = rows(db, QUERIES["indicators_by_metric"]["sql"], {"metric": "货物进出口总额"})
    assert len(got) == len(built_store.indicators(metric="货物进出口总额")) > 1
    assert search(db, '"引号') == search(db, "") == search(db, "  ") == []   # quotes are text, not syntax


def test_the_configuration_for_datasette_1_holds_the_queries_and_table_settings(site):
    """Datasette 1.0 takes canned queries and table settings only from its configuration
    file (-c); 0.65 takes them from metadata.json: both files carry the same."""
    meta = json.loads((site / "metadata.json").read_text(encoding="utf-8"))["databases"]["plans"]
    conf = json.loads((site / "datasette.json").read_text(encoding="utf-8"))["databases"]["plans"]
    assert conf["queries"] == meta["queries"] == {k: dict(q) for k, q in QUERIES.items()}
    assert conf["tables"] == TABLE_SETTINGS
    for table, settings in TABLE_SETTINGS.items():
        assert {k: meta["tables"][table][k] for k in settings} == settings, table
        cols = {r[1] for r in rows(site / "plans.sqlite", f'pragma table_info("{table}")')}
        named = [settings.get("label_column"), settings.get("sort"), *settings.get("facets", [])]
        assert {c for c in named if c} <= cols, table
    for table in FOREIGN_KEYS.values():           # every table a link leads to names its rows by a title
        for parent, _ in table.values():
            assert TABLE_SETTINGS[parent].get("label_column"), parent


def test_the_copy_links_rows_by_foreign_keys_the_store_has_none(site, built_data):
    db, src = site / "plans.sqlite", paths.plans_db(built_data)
    for table, refs in FOREIGN_KEYS.items():
        got = {r[3]: (r[2], r[4]) for r in rows(db, f'pragma foreign_key_list("{table}")')}
        assert got == refs, table
        assert rows(src, f'pragma foreign_key_list("{table}")') == []          # the public contract unchanged
    assert rows(db, "pragma foreign_key_check") == []
    # the links lead somewhere: every unit is placed on its own row
    kinds = dict(rows(db, "select kind, count(*) from search_units group by kind"))
    assert rows(db, "select count(*) from search_units where kind = 'box' and box_id = id")[0][0] == kinds["box"]
    assert rows(db, "select count(*) from search_units where kind = 'indicator' and indicator_id = id")[0][0] \
        == kinds["indicator"]
    n_docs = rows(db, "select count(*) from documents")[0][0]
    placed = rows(db, "select count(*) from search_units where kind = 'section' and section_id = id")[0][0]
    assert placed + n_docs == kinds["section"]                                  # + one preamble per plan
    assert rows(db, "select page from search_units where id = 'open-platforms-2018:第三章/第一节'") == \
        [("sections/open-platforms-2018~3A~E7~AC~AC~E4~B8~89~E7~AB~A0~2F~E7~AC~AC~E4~B8~80~E8~8A~82",)]
    assert rows(db, "select page from search_units where id = 'open-platforms-2018:#preamble'") == \
        [("documents/open-platforms-2018",)]


def test_a_broken_reference_is_not_published(built_data, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(paths.plans_db(built_data), paths.plans_db(data))
    with closing(sqlite3.connect(paths.plans_db(data))) as con, con:
        con.execute("update boxes set section_id = 'nowhere' where rowid = 3")
    with pytest.raises(sqlite3.IntegrityError, match="表 boxes 第 3 行的 section_id 在表 sections 中没有"):
        publish(data, tmp_path / "out", units=load_units)
    assert not (tmp_path / "out").exists()


def plandesk_ids(capsys, data, q: str) -> list[str]:
    code, out, err = support.run_cli(capsys, "search", q, "--json", "--limit", "200", "--data", data)
    assert code == 0, err
    return [h["id"] for h in json.loads(out)]


@pytest.mark.parametrize("q", ["中欧班列", "口岸", "璧"])
def test_one_search_answers_any_length_as_plandesk_search_does(site, data, capsys, q):
    """3+ characters by the trigram index, 1–2 by LIKE: the same box, never silently empty."""
    want = plandesk_ids(capsys, data, q)
    got = search(site / "plans.sqlite", q)
    assert 0 < len(want) < 50                                     # the canned query's limit cuts nothing
    assert sorted(h[0] for h in got) == sorted(want)
    assert all(f"【{q}】" in h[6] or q in h[4] for h in got)      # the hit marked in its snippet
    assert search(site / "plans.sqlite", f" {q} ") == got


def oracle(units, q: str) -> set[str]:
    """The units whose title or body holds q, letters in either case (ASCII)."""
    return {u.id for u in units if q.lower() in u.title.lower() or q.lower() in u.body.lower()}


@pytest.mark.parametrize("q", ["%", "_", "5%", "50%", "\\", "'", '"', '"引号', "a_b", "AND", "and", "a OR b", "*",
                               "区*", "NEAR(", "^口岸", "-口岸", "口岸:", "(口岸)", "%%%", "rcep", "RcEp", "km", "1_", "2%"])
def test_the_query_text_is_data_never_syntax(site, search_units, q):
    got = {h[0] for h in search(site / "plans.sqlite", q)}
    want = oracle(search_units, q)
    assert got == want if len(want) <= 50 else (len(got) == 50 and got <= want)


def test_search_hits_carry_a_link_to_their_row(site):
    db = site / "plans.sqlite"
    host = {**MAGIC, "_header_host": "plans.example:8001"}
    for q in ("中欧班列", "口岸"):
        hits = rows(db, QUERIES["search"]["sql"], {**host, "q": q})
        pages = dict(rows(db, "select id, page from search_units"))
        assert hits and all(h[7] == f"http://plans.example:8001/plans/{pages[h[0]]}" for h in hits)
    hits = rows(db, QUERIES["search"]["sql"], {**host, "_header_x_forwarded_proto": "https", "q": "口岸"})
    assert all(h[7].startswith("https://plans.example:8001/plans/") for h in hits)
    assert all(h[7] is None for h in search(db, "口岸"))          # no host asked: no address to give


def test_a_non_empty_folder_is_refused_without_force(built_data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError) as e:
        publish(built_data, out, units=load_units)
    assert e.value.filename == str(out) and str(out) in str(e.value)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    publish(built_data, out, overwrite=True, units=load_units)
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES + ["notes.txt"])
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


# ---- the command ----

def test_cli_publish_and_force(data, tmp_path, capsys):
    out = tmp_path / "site"
    code, stdout, err = support.run_cli(capsys, "publish", str(out), "--data", data)
    assert code == 0, err
    db, meta, conf = (shlex.quote(str(out / f)) for f in ("plans.sqlite", "metadata.json", "datasette.json"))
    for cmd in (f"datasette serve {db} -m {meta}", f"datasette serve {db} -c {conf} -m {meta}"):   # 0.65, 1.0
        assert cmd in stdout
    assert sorted(p.name for p in out.iterdir()) == FILES

    before = (out / "plans.sqlite").stat().st_mtime_ns
    code, stdout, err = support.run_cli(capsys, "publish", str(out), "--data", data)
    assert code == 1 and not stdout
    assert len(err.strip().splitlines()) == 1 and str(out) in err and "--force" in err
    assert (out / "plans.sqlite").stat().st_mtime_ns == before

    (out / "plans.sqlite").write_bytes(b"old")
    (out / "datasette.json").write_text("{}", encoding="utf-8")
    code, stdout, err = support.run_cli(capsys, "publish", str(out), "--data", data, "--force")
    assert code == 0 and f"-c {conf}" in stdout
    assert rows(out / "plans.sqlite", "select count(*) from documents")[0][0] > 0
    assert "search" in json.loads((out / "datasette.json").read_text(encoding="utf-8"))["databases"]["plans"]["queries"]


def test_cli_publish_without_a_store(tmp_path, capsys):
    code, out, err = support.run_cli(capsys, "publish", str(tmp_path / "site"), "--data", str(tmp_path / "none"))
    assert code == 2 and "plandesk build" in err and not (tmp_path / "site").exists()
