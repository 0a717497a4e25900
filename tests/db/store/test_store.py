"""plans.sqlite: stable ids, atomic (re)builds, the public schema, user data left alone."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3

import pytest

from tests.helpers import support
from db import store
from db.progress import Cancelled, Progress
from db.store import Store, build, builder


def ids(db_path) -> dict[str, list[str]]:
    con = sqlite3.connect(db_path)
    try:
        return {t: [r[0] for r in con.execute(f"select id from {t} order by id")]
                for t in ("documents", "sections", "boxes", "box_items", "indicators")}
    finally:
        con.close()


@pytest.fixture
def data(tmp_path, built_data):
    """A data dir holding a store of the bundled corpus and a user.sqlite."""
    d = tmp_path / "data"
    d.mkdir()
    shutil.copy2(built_data / "plans.sqlite", d)
    user = sqlite3.connect(d / "user.sqlite")
    user.execute("create table bookmarks (id integer primary key, target text, note text)")
    user.execute("insert into bookmarks (target, note) values ('open-platforms-2018:专栏1', '看这里')")
    user.commit()
    user.close()
    return d


def snapshot(d):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(d.iterdir())}


def test_rebuild_keeps_every_id(data):
    first = ids(data / "plans.sqlite")
    assert first["sections"] and first["boxes"] and first["indicators"]
    build(support.CORPUS, data)
    assert ids(data / "plans.sqlite") == first
    assert sorted(os.listdir(data)) == ["plans.sqlite", "user.sqlite"]


def test_rebuild_leaves_user_data_alone(data):
    user = data / "user.sqlite"
    before = (user.read_bytes(), user.stat().st_mtime_ns)
    build(support.CORPUS, data)
    assert (user.read_bytes(), user.stat().st_mtime_ns) == before


@pytest.mark.parametrize("when", ["at once", "after writing"])
def test_cancelled_build_changes_nothing(data, when, monkeypatch):
    """Cancelled before parsing, or after the new file is written but before it
    replaces the old one: the old store stays, no temp file is left behind."""
    before = snapshot(data)
    written = []
    real = builder.write

    def write(*a, **k):
        real(*a, **k)
        written.append(1)

    monkeypatch.setattr(builder, "write", write)

    def cancelled():
        return when == "at once" or bool(written)

    with pytest.raises(Cancelled):
        build(support.CORPUS, data, Progress(None, cancelled))
    assert written == ([] if when == "at once" else [1])
    assert snapshot(data) == before


def test_build_stopped_by_progress_changes_nothing(data):
    before = snapshot(data)

    def progress(frac, msg):
        if frac >= 0.5:
            raise KeyboardInterrupt("stop")

    with pytest.raises(KeyboardInterrupt):
        build(support.CORPUS, data, progress)
    assert snapshot(data) == before


def test_build_failing_while_writing_changes_nothing(data, monkeypatch):
    before = snapshot(data)
    real = builder.doc_rows

    def doc_rows(doc, entry, seq):
        if seq == 3:
            raise RuntimeError("disk full")
        return real(doc, entry, seq)

    monkeypatch.setattr(builder, "doc_rows", doc_rows)
    with pytest.raises(RuntimeError):
        build(support.CORPUS, data)
    assert snapshot(data) == before



def test_a_store_written_without_a_journal_is_whole_in_place(data):
    """The staged file is written with no journal and no sync per transaction
    (builder.connect_staged); what is put in place is a complete file that needs no
    journal: the rollback journal mode, intact, and nothing left beside it."""
    build(support.CORPUS, data)
    con = sqlite3.connect(data / "plans.sqlite")
    try:
        assert con.execute("pragma journal_mode").fetchone() == ("delete",)
        assert con.execute("pragma integrity_check").fetchone() == ("ok",)
        assert con.execute("select count(*) from sections").fetchone()[0] > 100
    finally:
        con.close()
    assert not [p.name for p in data.iterdir() if p.name.endswith("-journal") or p.name.startswith(".plans-")]

# ---- the public contract: ../shared/SCHEMA.md ----

def schema_tables(md: str) -> dict[str, list[str]]:
    """Table -> columns from SCHEMA.md's markdown tables. A table's name is the
    '## name' heading above it, or the first word of its header ('| platforms column |')."""
    tables: dict[str, list[str]] = {}
    heading, current = None, None
    for line in md.splitlines():
        if line.startswith("## "):
            heading, current = line[3:].split()[0].strip(","), None
            continue
        if not line.startswith("|"):
            current = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if set(cells[0]) <= set("-: "):
            continue
        if current is None:                     # a header row
            head = cells[0].split()
            current = head[0] if len(head) > 1 and head[1] == "column" else heading
            tables.setdefault(current, [])
            continue
        for name in cells[0].split(","):
            tables[current].append(name.strip().strip("`").split()[0])
    return tables


def test_schema_parser_reads_the_tables():
    md = ("## documents\n| column | type | meaning |\n|---|---|---|\n| id | TEXT PK | slug |\n"
          "| line_start, line_end | INTEGER | |\n\n## platforms, positionings\n"
          "| platforms column | meaning |\n|---|---|\n| id TEXT PK | slug |\n\n"
          "| positionings column | meaning |\n|---|---|\n| platform_id, document_id | TEXT |\n")
    assert schema_tables(md) == {"documents": ["id", "line_start", "line_end"], "platforms": ["id"],
                                 "positionings": ["platform_id", "document_id"]}


def test_store_has_every_table_and_column_of_the_schema(built_store):
    tables = schema_tables(support.need_shared(support.SCHEMA_MD).read_text(encoding="utf-8"))
    assert {"documents", "sections", "boxes", "box_items", "indicators", "platforms", "positionings"} <= set(tables)
    missing = []
    for table, cols in tables.items():
        have = {r[1] for r in built_store.db.execute(f"pragma table_info({table})").fetchall()}
        if not have:
            missing.append(f"table {table}")
        missing += [f"{table}.{c}" for c in cols if have and c not in have]
    assert not missing


def test_ids_follow_the_schema(built_store):
    for d in built_store.documents():
        did = d["id"]
        for s in built_store.sections(did):
            assert s["id"] == f"{did}:{s['path']}"
        for b in built_store.boxes(did):
            assert b["id"] == f"{did}:{b['label']}" and re.fullmatch(r"专栏\d+(-\d+)?", b["label"])
            assert [i["id"] for i in built_store.items(b["id"])] == [f"{b['id']}#{k}" for k in
                                                                      range(len(built_store.items(b["id"])))]


# ---- a plan the catalog does not list ----

def test_plan_not_in_catalog_gets_id_from_file_name(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(support.CORPUS, corpus)
    shutil.copy(support.source_path("003"), corpus / "extra_plan.txt")
    data = tmp_path / "data"
    data.mkdir()
    st = Store(build(corpus, data))
    try:
        docs = {d["id"]: d for d in st.documents()}
        assert set(docs) == {support.doc_id(p) for p in support.PREFIXES} | {"extra-plan"}
        extra, twin = docs["extra-plan"], docs[support.doc_id("003")]
        assert extra["source_file"] == "extra_plan.txt"
        assert extra["seq"] == max(d["seq"] for d in docs.values())
        assert extra["short_title"] == extra["title"] == twin["title"]
        assert [(s["path"], s["title"]) for s in st.sections("extra-plan")] == \
               [(s["path"], s["title"]) for s in st.sections(twin["id"])]
        assert all(s["id"].startswith("extra-plan:") for s in st.sections("extra-plan"))
    finally:
        st.close()
