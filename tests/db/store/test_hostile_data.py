"""Hostile and damaged data folders, round two (issue 23): nothing read from outside
it, nothing run from it, nothing in it deleted, nothing that blocks or grows without
end. In-process, on small stores; the command line's side is tests/system/test_faults_round2.py."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import support
from db import paths
from db.store import Store, StoreError, trust
from db.store.library import MANIFEST, Library
from db.store.userdata import UserData, accepted_platforms, backups, open_userdata, restore
from desktop.services import update
from search import index, integrity

ENDLESS = "with recursive r(x) as (select 1 union all select x + 1 from r) select x from r"
FIXTURES = support.TESTS / "fixtures" / "plans"


def plant(db: Path, script: str) -> None:
    con = sqlite3.connect(db)
    con.executescript(script)
    con.commit()
    con.close()


def within(seconds: float, fn, *args):
    """fn(*args) in a thread that must finish within `seconds` (a FIFO opened for
    reading would block it for ever); its result, or what it raised."""
    out: dict = {}

    def run():
        try:
            out["value"] = fn(*args)
        except BaseException as e:          # noqa: BLE001 - handed to the test
            out["error"] = e
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"{fn.__name__} still running after {seconds} s"
    return out.get("error", out.get("value"))


# ---- 3. the manifest's names: bare file names inside library/files ----

def write_manifest(data: Path, **plan) -> None:
    (data / "library" / "files").mkdir(parents=True, exist_ok=True)
    p = dict(id="imported-x", file="x.txt", original="x.txt", sha256="0" * 64, format="txt",
             imported="2024-01-01T00:00:00", title="某规划")
    p.update(plan)
    (data / "library" / MANIFEST).write_text(json.dumps({"format": "plandesk-library/1", "plans": [p]}),
                                             encoding="utf-8")


@pytest.mark.parametrize("name", ["../../victim.txt", "../victim.txt", "ABSOLUTE", "C:\\victim.txt", "c:victim.txt",
                                  "files/../../victim.txt", "sub\\victim.txt", "..", ".", "", "x\x00y.txt",
                                  "x\ny.txt", 7, None, ["x.txt"]])
def test_a_manifest_naming_anything_but_a_bare_name_is_set_aside(tmp_path, name):
    data = tmp_path / "data"
    victim = tmp_path / "victim.txt"
    victim.write_text("重庆市某规划", encoding="utf-8")
    write_manifest(data, file=str(victim) if name == "ABSOLUTE" else name)
    lib = Library.load(data)
    assert lib.plans == [] and "已另存为 manifest.json.damaged-" in lib.notice
    assert len(list((data / "library").glob(f"{MANIFEST}.damaged-*"))) == 1      # kept, never deleted
    assert Library.load(data).plans == [] and Library.load(data).notice is None   # the recovered one written back
    assert victim.read_text(encoding="utf-8") == "重庆市某规划"


def test_a_link_leading_out_of_the_library_is_not_a_plan(tmp_path):
    data = tmp_path / "data"
    victim = tmp_path / "victim.txt"
    victim.write_text("重庆市某规划", encoding="utf-8")
    write_manifest(data, file="x.txt")
    (data / "library" / "files" / "x.txt").symlink_to(victim)
    (data / "library" / "files" / "fifo.txt").parent.mkdir(exist_ok=True)
    os.mkfifo(data / "library" / "files" / "fifo.txt")
    lib = within(10, Library.load, data)                 # recovery reads no FIFO
    assert lib.plans == [] and lib.entries() == []
    assert victim.exists()


def test_a_library_folder_that_is_a_link_elsewhere_holds_no_plans(tmp_path):
    data = tmp_path / "data"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "abc-x.txt").write_text("重庆市某规划", encoding="utf-8")
    write_manifest(data, file="abc-x.txt")
    shutil.rmtree(data / "library" / "files")
    (data / "library" / "files").symlink_to(elsewhere, target_is_directory=True)
    lib = Library.load(data)
    assert lib.plans == [] and lib.entries() == []
    with pytest.raises(OSError):
        lib.stage_file(FIXTURES / "chapters.txt", "f" * 64)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["abc-x.txt"]


def test_removing_the_plan_of_a_hostile_manifest_deletes_nothing_outside(fixture_copy, tmp_path):
    from desktop.services.importing import stage_remove
    victim = tmp_path / "victim.txt"
    victim.write_text("重庆市某规划", encoding="utf-8")
    write_manifest(fixture_copy, file="../../victim.txt")
    with pytest.raises(KeyError):
        stage_remove(fixture_copy, "imported-x")
    assert victim.exists()


@pytest.mark.parametrize("name, ok", [("abc-plan.docx", True), ("计划.txt", True), (".hidden", True),
                                      ("a/b", False), ("..", False), ("a:b", False), ("", False), ("x" * 256, False)])
def test_inside(tmp_path, name, ok):
    if ok:
        assert paths.inside(tmp_path, name) == tmp_path / name
    else:
        with pytest.raises(paths.UnsafeName):
            paths.inside(tmp_path, name)


# ---- 4. a data folder named like a URI's query or fragment ----

def test_a_folder_with_hash_question_and_percent_opens_and_creates_nothing_beside(fixture_data, tmp_path):
    d = tmp_path / "Li#Wei?x%20y"
    d.mkdir()
    shutil.copy2(paths.plans_db(fixture_data), d)
    with Store(paths.plans_db(d)) as st:
        assert len(st.documents()) == 4
    ud = UserData(paths.user_db(d))
    ud.add("chapters:第一章", "section", "第一章")
    ud.close()
    assert accepted_platforms(paths.user_db(d)) == []
    assert trust.uri(d / "plans.sqlite").startswith("file:///") and "%23" in trust.uri(d / "plans.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Li#Wei?x%20y"]
    with pytest.raises(StoreError):                     # read-only: a missing store is never created
        Store(d / "none.sqlite")
    assert not (d / "none.sqlite").exists()


# ---- 6. plans.sqlite and user.sqlite verified before use ----

@pytest.mark.parametrize("script, says", [
    (f"create view endless as {ENDLESS};", "视图"),
    ("alter table documents rename to documents_kept; create view documents as select d.* from documents_kept d,"
     f" ({ENDLESS});", "视图（documents）"),
    ("create trigger t after insert on meta begin delete from documents; end;", "触发器"),
    ("create virtual table v using fts5(x);", "虚拟表"),
    ("create table mine (x);", "mine"),
    ("create index extra on documents (title);", "extra"),
    ("drop index idx_boxes_document_id_seq;", "缺少"),
])
def test_a_store_with_anything_planydesk_did_not_create_is_untrusted(fixture_copy, script, says):
    db = paths.plans_db(fixture_copy)
    plant(db, script)
    t0 = time.perf_counter()
    with pytest.raises(trust.Untrusted) as e:
        Store(db)
    assert time.perf_counter() - t0 < 1.0
    assert says in e.value.reason and not e.value.stale
    s = update.state(fixture_copy)
    assert not s.store and s.stale == "untrusted" and says in s.problem


def test_a_store_of_another_version_is_stale_not_untrusted(fixture_copy):
    db = paths.plans_db(fixture_copy)
    plant(db, "alter table documents drop column catalog_seq; update meta set value = '4' where key = 'schema_version';")
    with pytest.raises(trust.Untrusted) as e:
        Store(db)
    assert e.value.stale
    s = update.state(fixture_copy)
    assert s.stale == "schema" and s.corpus == str(FIXTURES.resolve())      # its corpus is still known


def test_an_untrusted_store_is_moved_aside_and_rebuilt(data_copy):
    db = paths.plans_db(data_copy)
    plant(db, f"create view endless as {ENDLESS};")
    before = db.read_bytes()
    built = update.update(data_copy)
    (aside,) = data_copy.glob("plans.sqlite.damaged-*")
    assert aside.read_bytes() == before                      # never deleted, never changed
    assert len(built.notices) == 1 and "视图" in built.notices[0] and aside.name in built.notices[0]
    assert built.index is None                               # the same texts: the index in use serves it
    assert update.up_to_date(data_copy)
    with Store(db) as st:
        assert len(st.documents()) == 5


def test_an_untrusted_stores_corpus_is_not_read(fixture_copy):
    """The corpus folder it names is not trusted either: the bundled corpus is used."""
    plant(paths.plans_db(fixture_copy), "create trigger t after insert on meta begin delete from documents; end;")
    update.update(fixture_copy)
    with Store(paths.plans_db(fixture_copy)) as st:
        assert len(st.documents()) == 5 and st.meta("corpus") == ""


def test_planted_triggers_never_run_during_an_import(fixture_copy):
    """A trigger in plans.sqlite that would abort any insert: the import moves the
    store aside and builds a new one, so it never fires."""
    from desktop.services.importing import import_files
    db = paths.plans_db(fixture_copy)
    plant(db, "create trigger t before insert on documents begin select raise(abort, 'the trigger ran'); end;")
    notices: list[str] = []
    res = import_files(fixture_copy, [support.source_path("003")], notices=notices)
    assert [c.status for c in res] == ["imported"]
    assert "触发器" in notices[0]
    with Store(db) as st:
        assert "chengyu-2022" in {d["id"] for d in st.documents()}


def test_no_statement_runs_past_its_budget(tmp_path):
    db = tmp_path / "x.sqlite"
    plant(db, "create table t (x);")
    con = trust.connect_ro(db, budget=0.3)
    t0 = time.perf_counter()
    with pytest.raises(sqlite3.OperationalError) as e:
        con.execute(f"select count(*) from ({ENDLESS})").fetchall()
    took = time.perf_counter() - t0
    assert 0.25 < took < 3.0 and e.value.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT
    assert "秒未完成" in trust.reason(e.value)
    assert con.execute("select 1").fetchone() == (1,)         # the next statement has its own budget
    con.close()


def test_no_value_grows_past_its_bound(tmp_path):
    db = tmp_path / "x.sqlite"
    plant(db, "create table t (x);")
    con = trust.connect_ro(db)
    with pytest.raises(sqlite3.DataError):                 # "string or blob too big"
        con.execute("select length(replace(hex(zeroblob(40000000)), '0', 'xx'))").fetchone()
    assert con.execute("select printf('%.*c', 500000000, 'x')").fetchone() == (None,)
    con.close()


def test_a_json_column_that_is_not_json_is_a_store_error(fixture_copy):
    db = paths.plans_db(fixture_copy)
    plant(db, "update boxes set columns = '[not json' where columns is not null;")
    with Store(db) as st:
        b = next(r for r in st._rows("select id from boxes where columns is not null"))
        with pytest.raises(StoreError):
            st.box(b["id"])


def test_a_fifo_in_place_of_a_store_or_user_file_blocks_nothing(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(paths.plans_db(data))
    assert isinstance(within(5, Store, paths.plans_db(data)), trust.Untrusted)
    assert within(5, update.state, data).stale == "untrusted"
    os.mkfifo(paths.user_db(data))

    def opened():
        ud, msg = open_userdata(paths.user_db(data))
        ud.close()
        return msg
    assert "已移到" in within(10, opened) and paths.user_db(data).is_file()
    assert len(list(data.glob("user.sqlite.damaged-*"))) == 1


def test_user_data_with_a_planted_trigger_is_moved_aside_and_the_bookmarks_kept(tmp_path):
    """The red team's file: a trigger that empties the bookmarks on the next search."""
    path = tmp_path / "user.sqlite"
    ud = UserData(path)
    ud.add("open-platforms-2018:专栏1", "box", "专栏1")
    ud.close()                                          # today's backup holds the bookmark
    plant(path, "create trigger wipe after insert on recent_searches begin delete from bookmarks; end;")
    ud, msg = open_userdata(path)
    try:
        assert "触发器" in msg and "从备份恢复" in msg
        ud.remember_search("两江新区")
    finally:
        ud.close()
    (aside,) = tmp_path.glob("user.sqlite.damaged-*")
    con = sqlite3.connect(aside)
    assert con.execute("select count(*) from bookmarks").fetchone() == (1,)     # untouched: nothing ran
    con.close()
    (good,) = backups(path)
    restore(path, good)
    ud = UserData(path)
    try:
        assert ud.find("open-platforms-2018:专栏1")
    finally:
        ud.close()


def test_a_backup_with_a_trigger_is_not_offered_and_not_restored(tmp_path):
    path = tmp_path / "user.sqlite"
    ud = UserData(path)
    ud.add("open-platforms-2018:专栏1", "box", "专栏1")
    ud.close()
    (b,) = backups(path)
    plant(b, "create trigger wipe after insert on recent_searches begin delete from bookmarks; end;")
    assert backups(path) == []
    with pytest.raises(trust.Untrusted):
        restore(path, b)


@pytest.mark.parametrize("script", [
    f"drop table user_platforms; create view user_platforms as select 'x' as name, 'k' as kind, 'accepted' as status"
    f" from ({ENDLESS});",
    "create trigger t after insert on bookmarks begin delete from user_platforms; end;",
])
def test_a_build_reads_no_gazetteer_from_an_untrusted_user_file(tmp_path, script):
    path = tmp_path / "user.sqlite"
    UserData(path).close()
    plant(path, script)
    before = path.read_bytes()
    assert within(5, accepted_platforms, path) == []
    assert path.read_bytes() == before                 # a build only reads it: the window moves it aside


# ---- 8. nothing from the data folder opened that is not a regular file ----

def test_a_fifo_seal_or_stamp_is_not_read(fixture_copy):
    d = index.index_dir(fixture_copy)
    for name in (integrity.SEAL, index.STAMP):
        (d / name).unlink()
        os.mkfifo(d / name)
    assert within(5, integrity.verify, d) is False
    assert within(5, index.read_stamp, d) is None
    with Store(paths.plans_db(fixture_copy)) as st:
        assert within(5, index.built_from, fixture_copy, st) is False


def test_a_fifo_manifest_or_lock_file_blocks_nothing(fixture_copy):
    from db.lock import DataLock
    (fixture_copy / "library").mkdir()
    os.mkfifo(fixture_copy / "library" / MANIFEST)
    lib = within(5, Library.load, fixture_copy)
    assert lib.plans == [] and lib.notice
    (fixture_copy / ".lock").unlink(missing_ok=True)
    os.mkfifo(fixture_copy / ".lock")
    err = within(5, DataLock(fixture_copy, wait=0.2).acquire)
    assert isinstance(err, OSError) and "锁文件" in str(err)


def test_an_index_file_that_is_a_link_fails_the_seal(fixture_copy, tmp_path):
    d = index.index_dir(fixture_copy)
    seg = next(p for p in d.iterdir() if p.suffix == ".seg")
    outside = tmp_path / "outside.seg"
    shutil.copy2(seg, outside)
    seg.unlink()
    seg.symlink_to(outside)
    assert not integrity.verify(d)


# ---- 8. a full disk, as a person reads it ----

def test_sqlite_saying_the_disk_is_full_becomes_one_line(tmp_path):
    from desktop.cli import error_line
    e = sqlite3.OperationalError("database or disk is full")
    e.sqlite_errorcode = sqlite3.SQLITE_FULL
    assert error_line(e, str(tmp_path)) == f"{tmp_path}: 磁盘空间不足"
    err = shutil.Error([("/a/x", str(tmp_path / "x"), "[Errno 28] No space left on device: 'x'")])
    assert error_line(err) == f"{tmp_path / 'x'}: 磁盘空间不足"
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    line = error_line(damaged, str(tmp_path))
    assert line.startswith(f"{tmp_path / 'plans.sqlite'}: 无法读取") and "plandesk build" in line


# ---- 8. an export title Word can't hold ----

@pytest.mark.parametrize("title, says", [("题" * 256, "过长"), ("第一行\n第二行", "控制字符"), ("铃\x07", "控制字符")])
def test_an_export_title_word_cannot_hold_is_refused(fixture_data, tmp_path, title, says):
    from desktop.services.export import export_boxes
    with Store(paths.plans_db(fixture_data)) as st:
        bid = st.boxes()[0]["id"]
        with pytest.raises(ValueError, match=says):
            export_boxes(st, [bid], tmp_path / "x.docx", title=title)
        assert export_boxes(st, [bid], tmp_path / "y.docx", title="题" * 255).is_file()
    assert not (tmp_path / "x.docx").exists()


def test_the_manifest_set_aside_says_which_name_in_one_line(tmp_path, caplog):
    data = tmp_path / "data"
    write_manifest(data, file="../../../victim.txt")
    lib = Library.load(data)
    assert lib.notice.startswith("导入规划的清单中的文件名 '../../../victim.txt' 不在 library/files 中，已另存为 ")
    assert [r.getMessage() for r in caplog.records] == [f"{data / 'library' / MANIFEST}: {lib.notice}"]
