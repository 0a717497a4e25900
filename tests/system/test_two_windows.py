"""Two PlanDesk windows at once on the same data: both work, nothing is lost.

(PlanDesk does not force a single instance: an official may keep two plans side by
side in two windows. The data folder's writer lock serialises builds and imports;
SQLite serialises writes to user.sqlite; an older user.sqlite is migrated once.)"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

from tests.helpers import support
from db import paths
from db.store import UserData
from db.store.userdata import USER_SCHEMA_VERSION

ROOT = support.TESTS.parent


def _python(code: str, **env):
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                            env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_windows_opening_an_older_user_file_at_once_migrate_it_once(tmp_path):
    p = tmp_path / "user.sqlite"
    support.make_user_v1(p)
    at = time.time() + 1.5
    code = f"""
        import time; from db.store import UserData
        time.sleep(max(0, {at} - time.time()))
        u = UserData({str(p)!r}); u.close(); print("ok")
    """
    procs = [_python(code) for _ in range(2)]
    outs = [pr.communicate(timeout=60) for pr in procs]
    assert [pr.returncode for pr in procs] == [0, 0], [e for _, e in outs]
    u = UserData(p)
    try:
        assert u.con.execute("pragma user_version").fetchone()[0] == USER_SCHEMA_VERSION
        assert u.find("open-platforms-2018:专栏1")["note"] == "要看"
    finally:
        u.close()
    assert len(list((tmp_path / "backups").glob("user-before-v2-*.sqlite"))) == 1     # one migration


def test_two_windows_bookmarking_at_once_keep_every_bookmark(tmp_path):
    p = tmp_path / "user.sqlite"
    UserData(p).close()
    at = time.time() + 1.5
    code = """
        import sys, time; from db.store import UserData
        time.sleep(max(0, {at} - time.time()))
        u = UserData({p!r})
        for k in range(25):
            u.add(f"doc:第{{k}}章-{{sys.argv[-1]}}", "section", f"第{{k}}章", "doc", "规划")
        u.close()
    """
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code.format(at=at, p=str(p))), tag], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in ("A", "B")]
    outs = [pr.communicate(timeout=60) for pr in procs]
    assert [pr.returncode for pr in procs] == [0, 0], [e for _, e in outs]
    u = UserData(p)
    try:
        assert len(u.bookmarks()) == 50
    finally:
        u.close()


def test_two_windows_started_at_once_on_a_new_data_folder_both_open_it(tmp_path):
    data = tmp_path / "数据"
    env = dict(QT_QPA_PLATFORM="offscreen", PLANDESK_CONFIG=str(tmp_path / "config"))
    procs = [subprocess.Popen([*support.plandesk(), "--data", str(data), "--start-and-quit"],
                              cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = [pr.communicate(timeout=180) for pr in procs]
    assert [pr.returncode for pr in procs] == [0, 0], [e[-1500:] for _, e in outs]
    assert all("started in" in o for o, _ in outs)
    assert paths.plans_db(data).is_file()
    assert not [f.name for f in data.iterdir() if f.name.startswith((".plans-", ".index-"))]
