"""Hostile files and damaged folders, round two (issue 23), through the command line
in fresh processes (tests/helpers/faults.py's cli(): the checkout's or the bundle's
executable): nothing inflates, nothing is read, nothing is deleted, and a person
gets one line, never a traceback or a hang."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import support
from db import paths
from db.store.library import MANIFEST
from desktop.services import update
from tests.helpers.faults import cli, one_error_line, snapshot, tmpfs

FIXTURES = support.TESTS / "fixtures" / "plans"
# the red team's store: `documents` a view joined with an endless recursive query (every read of it hung)
ENDLESS_VIEW = ("alter table documents rename to documents_kept; create view documents as select d.* from"
                " documents_kept d, (with recursive r(x) as (select 1 union all select x + 1 from r) select x from r);")
OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


def plant(db: Path, script: str) -> None:
    con = sqlite3.connect(db)
    con.executescript(script)
    con.commit()
    con.close()


def listed(data) -> list[str]:
    r = cli("list", "--json", "--data", data)
    assert r.returncode == 0, r.stderr
    return [d["id"] for d in json.loads(r.stdout)]


def notices(r: subprocess.CompletedProcess) -> list[str]:
    return [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("[")]


# ---- 4. a data folder named like a URI's query or fragment ----

def test_a_data_folder_named_li_wei_works_for_every_command(tmp_path):
    """`file:{path}?mode=ro` read `Li#Wei?x%20y` as the file `Li`, opened read-write:
    every command failed and an empty database appeared beside the folder."""
    parent = tmp_path / "parent"
    parent.mkdir()
    data = parent / "Li#Wei?x%20y"
    assert cli("build", "--corpus", FIXTURES, "--data", data).returncode == 0
    for argv in (["list"], ["stats"], ["search", "开放"], ["show", "chapters:第一章"]):
        r = cli(*argv, "--data", data)
        assert r.returncode == 0 and not notices(r), (argv, r.stderr)
    new = support.source_path("003")
    r = cli("import", new, "--data", data)
    assert r.returncode == 0, r.stderr
    did = next(d for d in listed(data) if d not in ("chapters", "numbered", "runin", "wrapped"))
    assert cli("remove", did, "--data", data).returncode == 0
    assert did not in listed(data)
    r = cli("--data", data, "--start-and-quit", env=OFFSCREEN, timeout=180)
    assert r.returncode == 0 and "PlanDesk started" in r.stdout, r.stderr[-2000:]
    assert [p.name for p in parent.iterdir()] == ["Li#Wei?x%20y"]        # nothing made beside it


# ---- 6. a store that never answers, a damaged store ----

@pytest.mark.parametrize("argv", [["list"], ["stats"], ["show", "open-platforms-2018:专栏1"], ["search", "开放"]])
def test_an_endless_view_in_the_store_is_set_aside_not_run(fixture_copy, argv):
    db = paths.plans_db(fixture_copy)
    plant(db, ENDLESS_VIEW)
    before = db.read_bytes()
    t0 = time.perf_counter()
    r = cli(*argv, "--data", fixture_copy, timeout=120)
    took = time.perf_counter() - t0
    assert r.returncode == 0, r.stderr[-2000:]
    (line,) = notices(r)
    assert line.startswith(f"plandesk {argv[0]}: {db}: 未通过校验（含有 PlanDesk 未创建的视图（documents））")
    (aside,) = fixture_copy.glob("plans.sqlite.damaged-*")
    assert aside.name in line and aside.read_bytes() == before
    assert took < 60, took                        # a rebuild of the bundled corpus, not a hang
    assert "Traceback" not in r.stderr


def test_the_window_starts_on_a_store_with_an_endless_view(fixture_copy):
    plant(paths.plans_db(fixture_copy), ENDLESS_VIEW)
    r = cli("--data", fixture_copy, "--start-and-quit", env=OFFSCREEN, timeout=180)
    assert r.returncode == 0 and "PlanDesk started" in r.stdout, r.stderr[-2000:]
    assert len(list(fixture_copy.glob("plans.sqlite.damaged-*"))) == 1
    assert update.up_to_date(fixture_copy)


def _damage_table(db: Path, table: str) -> None:
    """Overwrite the root page of one table with garbage: its rows can't be read, the schema can."""
    con = sqlite3.connect(db)
    page = con.execute("pragma page_size").fetchone()[0]
    root = con.execute("select rootpage from sqlite_master where name = ?", [table]).fetchone()[0]
    con.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * page)
        f.write(b"\xa5" * page)


@pytest.mark.parametrize("argv", [["list"], ["stats"], ["show", "chapters"], ["search", "开放"]])
def test_a_damaged_store_gives_one_line_in_the_read_commands(fixture_copy, argv):
    db = paths.plans_db(fixture_copy)
    _damage_table(db, "documents")
    r = cli(*argv, "--data", fixture_copy)
    line = one_error_line(r, str(db), "无法读取", f"plandesk build --data {fixture_copy}")
    assert line.startswith(f"plandesk {argv[0]}: error: ")


# ---- 3. the manifest names a file outside the library ----

def test_remove_never_deletes_what_the_manifest_points_outside_to(fixture_copy, tmp_path):
    victim = tmp_path / "victim.txt"
    shutil.copy2(FIXTURES / "chapters.txt", victim)
    lib = fixture_copy / "library"
    (lib / "files").mkdir(parents=True)
    plan = dict(id="imported-x", file=os.path.relpath(victim, lib / "files"), original="x.txt",
                sha256="0" * 64, format="txt", imported="2024-01-01T00:00:00", title="某规划")
    (lib / MANIFEST).write_text(json.dumps({"format": "plandesk-library/1", "plans": [plan]}), encoding="utf-8")
    r = cli("remove", "imported-x", "--data", fixture_copy)
    assert r.returncode == 1 and "is not an imported plan" in r.stderr and "Traceback" not in r.stderr
    assert victim.exists()
    assert cli("build", "--corpus", FIXTURES, "--data", fixture_copy).returncode == 0
    assert "imported-x" not in listed(fixture_copy)            # never read as a plan
    assert victim.exists() and list(lib.glob(f"{MANIFEST}.damaged-*"))


# ---- 5. a kill between the library's commit and the store's ----

KILL = """
import os, sys
from pathlib import Path
from db import atomic
from desktop.services import importing

data, point, what = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
real = atomic.Staged.commit

def commit(self):
    if point == "before-manifest" and self.target.name == "manifest.json":
        os._exit(9)
    if point == "before-store" and self.target.name == "plans.sqlite":
        os._exit(9)
    out = real(self)
    if point == "before-index" and self.target.name == "manifest.json":
        os._exit(9)
    return out

atomic.Staged.commit = commit
if what == "remove":
    importing.remove_plan(data, sys.argv[4])
else:
    importing.import_files(data, [what])
os._exit(0)
"""


def _killed(data: Path, point: str, *what) -> None:
    r = subprocess.run([sys.executable, "-c", KILL, str(data), point, *map(str, what)], cwd=support.REPO,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 9, r.stderr[-2000:]


def _manifest_ids(data: Path) -> set[str]:
    f = data / "library" / MANIFEST
    return {p["id"] for p in json.loads(f.read_text(encoding="utf-8"))["plans"]} if f.exists() else set()


FIXTURE_IDS = {"chapters", "numbered", "runin", "wrapped"}


@pytest.mark.parametrize("point", ["before-manifest", "before-index", "before-store"])
def test_a_killed_import_leaves_store_and_library_agreeing(fixture_copy, point):
    new = support.source_path("003")
    _killed(fixture_copy, point, new)
    assert update.state(fixture_copy).store == (point == "before-manifest")     # the window's start check
    ids = _manifest_ids(fixture_copy)
    assert set(listed(fixture_copy)) == FIXTURE_IDS | ids       # a read command rebuilt what disagreed
    r = cli("import", new, "--data", fixture_copy)
    assert r.returncode == 0, r.stderr[-2000:]
    assert ("already imported" in r.stdout) == bool(ids)
    assert set(listed(fixture_copy)) == FIXTURE_IDS | _manifest_ids(fixture_copy) and _manifest_ids(fixture_copy)
    assert update.up_to_date(fixture_copy)


@pytest.mark.parametrize("point", ["before-index", "before-store"])
def test_a_killed_import_is_repaired_by_the_next_import(fixture_copy, point):
    """The red team's case: without a read command in between, importing the same file
    again said 「已导入」 and nothing repaired the store."""
    new = support.source_path("003")
    _killed(fixture_copy, point, new)
    r = cli("import", new, "--data", fixture_copy)
    assert r.returncode == 0 and "already imported" in r.stdout, r.stderr[-2000:]
    assert notices(r) == [f"plandesk import: {paths.plans_db(fixture_copy)}: 与导入规划的清单不一致（上次导入或移除未完成），"
                          "重新建立"]
    (did,) = _manifest_ids(fixture_copy)
    assert did in listed(fixture_copy)


def test_a_killed_import_is_repaired_by_the_import_code_alone(fixture_copy):
    """The window imports through stage_import, which checks the store against the library too."""
    from desktop.services.importing import import_files
    new = support.source_path("003")
    _killed(fixture_copy, "before-store", new)
    (c,) = import_files(fixture_copy, [new])
    assert c.status == "unchanged"
    from db.store import Store
    with Store(paths.plans_db(fixture_copy)) as st:
        assert c.doc_id in {d["id"] for d in st.documents()}


@pytest.mark.parametrize("point", ["before-index", "before-store"])
def test_a_killed_remove_leaves_store_and_library_agreeing(fixture_copy, point):
    new = support.source_path("003")
    assert cli("import", new, "--data", fixture_copy).returncode == 0
    (did,) = _manifest_ids(fixture_copy)
    _killed(fixture_copy, point, "remove", did)
    assert not update.state(fixture_copy).store
    assert did not in listed(fixture_copy)
    assert update.state(fixture_copy).store


# ---- 8. a FIFO in the index, a full disk during import, an export title ----

def test_a_fifo_seal_does_not_hang_search(fixture_copy):
    seal = fixture_copy / "index" / "seal.json"
    seal.unlink()
    os.mkfifo(seal)
    r = cli("search", "开放", "--data", fixture_copy, timeout=60)
    assert r.returncode == 0 and "chapters" in r.stdout, r.stderr[-2000:]
    assert seal.is_file()                                      # rebuilt, sealed


@pytest.mark.parametrize("room", ["no room for the store's copy", "no room for the index's copy"])
def test_an_import_on_a_full_disk_says_so_in_one_line(tmp_path, room):
    new = support.source_path("003")
    with tmpfs("24m") as mnt:
        data = mnt / "data"
        assert cli("build", "--corpus", FIXTURES, "--data", data).returncode == 0
        before = snapshot(data)
        keep = new.stat().st_size + 65536 + (paths.plans_db(data).stat().st_size + 65536 if "index" in room else 0)
        with open(mnt / "filler", "wb") as f:
            f.write(b"\0" * max(0, shutil.disk_usage(mnt).free - keep))
        line = one_error_line(cli("import", new, "--data", data), "磁盘空间不足")
        assert str(mnt) in line
        assert {k: v for k, v in snapshot(data).items() if not k.startswith("library")} == before
        assert not list((data / "library").rglob("*.txt"))
        (mnt / "filler").unlink()
        assert update.up_to_date(data)


@pytest.mark.parametrize("title, says", [("题" * 300, "标题过长（300 个字符，最多 255 个）"),
                                         ("铃\x07声", "控制字符"), ("两\n行", "控制字符")])
def test_an_export_title_word_cannot_hold_gives_one_line(data, tmp_path, title, says):
    out = tmp_path / "x.docx"
    r = cli("export", "--box", "open-platforms-2018:专栏1", "-o", out, "--title", title, "--data", data)
    line = one_error_line(r, says)
    assert line.startswith("plandesk export: error: --title: ")
    assert not out.exists()


# ---- 8. jieba's cache in the data folder is unmarshalled: only ours is loaded ----

def test_a_jieba_cache_from_someone_else_is_not_loaded(fixture_data, tmp_path):
    import marshal
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy2(paths.plans_db(fixture_data), data)
    (data / "jieba.cache").write_bytes(marshal.dumps(({"伪造的词典": 1}, 1)))
    # jieba is the fallback segmenter (where rjieba has no wheel): rjieba made unimportable
    code = ("import sys, pathlib, jieba; sys.modules['rjieba'] = None; from search import index; "
            "d = pathlib.Path(sys.argv[1]); index.build(d); print(len(jieba.dt.FREQ))")
    env = dict(os.environ, PLANDESK_CONFIG=str(tmp_path / "config"))
    r = subprocess.run([sys.executable, "-c", code, str(data)], cwd=support.REPO, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert int(r.stdout.split()[-1]) > 100_000                   # jieba's own dictionary, not the planted one
    assert (data / "jieba.cache").stat().st_size > 1_000_000      # written anew, and sealed
    assert (tmp_path / "config" / "jieba.cache.mac").is_file()
    r = subprocess.run([sys.executable, "-c", code, str(data)], cwd=support.REPO, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and int(r.stdout.split()[-1]) > 100_000
