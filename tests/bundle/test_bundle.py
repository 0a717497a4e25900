"""The bundle (dist/PlanDesk, from `make bundle`) as an official's laptop meets it:
a clean environment (env -i, an empty HOME), no Python, no network; the command
line through the bundle's own executable; a read-only install location and a
non-ASCII home; an older user.sqlite; fuzzed files and queries. Run by
`make test-bundle` (PLANDESK_BUNDLE names the executable)."""
from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from tests.helpers import support

EXE = Path(os.environ.get("PLANDESK_BUNDLE", support.TESTS.parent / "dist" / "PlanDesk" / "PlanDesk"))
TRACEBACK = "Traceback (most recent call last)"


def run(args, home: Path, exe: Path = EXE, timeout=120, **env):
    e = {"HOME": str(home), "LANG": "C.UTF-8", **env}          # nothing else: no PATH, no Python
    return subprocess.run([str(exe), *map(str, args)], env=e, capture_output=True, text=True,
                          timeout=timeout, cwd=str(home))


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    h.mkdir()
    return h


def data_of(home: Path) -> Path:
    return home / ".local" / "share" / "PlanDesk"


def test_the_executable_is_there_and_carries_no_python_dependency():
    assert EXE.is_file() and os.access(EXE, os.X_OK), f"build it first: make bundle ({EXE})"
    internal = EXE.parent / "_internal"
    assert (internal / "resources" / "prebuilt" / "plans.sqlite").is_file()
    assert (internal / "resources" / "corpus").is_dir()
    assert (internal / "jieba" / "dict.txt").is_file()
    assert list((internal / "PySide6" / "Qt" / "translations").glob("qtbase_zh_CN.qm"))
    assert not list(internal.rglob("QtWebEngine*"))                   # only the Qt modules used


def test_the_bundle_puts_itself_in_the_menu_by_its_absolute_path(home):
    shipped = EXE.parent / "PlanDesk.desktop"
    r = subprocess.run(["desktop-file-validate", str(shipped)], capture_output=True, text=True)
    assert r.returncode == 0 and not (r.stdout + r.stderr).strip(), r.stdout + r.stderr
    text = shipped.read_text(encoding="utf-8")
    assert "Exec=/opt/PlanDesk/PlanDesk %F" in text
    icon = next(ln[5:] for ln in text.splitlines() if ln.startswith("Icon="))
    assert (EXE.parent / Path(icon).relative_to("/opt/PlanDesk")).is_file(), icon
    r = run(["desktop-entry"], home)
    assert r.returncode == 0, r.stderr
    entry = home / ".local" / "share" / "applications" / "plandesk.desktop"
    assert f"Exec={EXE.resolve()} %F" in entry.read_text(encoding="utf-8")
    assert (home / ".local" / "share" / "icons" / "hicolor" / "48x48" / "apps" / "plandesk.png").is_file()


def test_the_window_starts_in_chinese_from_the_bundle(home):
    r = run(["--start-and-quit"], home, QT_QPA_PLATFORM="offscreen", LANG="zh_CN.UTF-8")
    assert r.returncode == 0, r.stderr[-1500:]
    assert "started in" in r.stdout
    assert TRACEBACK not in r.stderr


def test_version(home):
    want = tomllib.loads((support.TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    r = run(["--version"], home)
    assert r.returncode == 0 and r.stdout.strip() == f"PlanDesk {want}"


def test_first_search_uses_the_bundled_data_without_building(home):
    t = time.perf_counter()
    r = run(["search", "两江新区", "--json"], home)
    took = time.perf_counter() - t
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert hits and any("两江新区" in h["title"] for h in hits[:5])
    data = data_of(home)
    assert (data / "plans.sqlite").is_file() and (data / "index").is_dir()
    assert "建立" not in r.stderr            # seeded, not built
    assert took < 10, took


def test_import_and_a_clean_error_for_a_bad_file(home, tmp_path):
    # a plan of its own (a bundled plan under a new title is now recognised by its text)
    f = tmp_path / "新方案.txt"
    shutil.copy(support.TESTS / "fixtures" / "plans" / "chapters.txt", f)
    r = run(["import", f], home)
    assert r.returncode == 0, r.stderr
    r = run(["list"], home)
    assert "某某区对外开放" in r.stdout
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    r = run(["import", bad], home)
    assert r.returncode != 0 and "坏文件.docx" in (r.stdout + r.stderr) and TRACEBACK not in r.stderr


def test_from_a_read_only_location_with_a_non_ascii_home(tmp_path):
    ro = tmp_path / "只读U盘" / "PlanDesk"
    shutil.copytree(EXE.parent, ro, symlinks=True)
    for p in [ro, *ro.rglob("*")]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    home = tmp_path / "用户" / "张三"
    home.mkdir(parents=True)
    try:
        r = run(["search", "自贸试验区", "--json"], home, exe=ro / "PlanDesk")
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)
        assert (data_of(home) / "plans.sqlite").is_file()
    finally:
        for p in [ro, *ro.rglob("*")]:
            if not p.is_symlink():
                p.chmod(p.stat().st_mode | stat.S_IWUSR)


def test_an_older_user_file_is_migrated_with_a_backup_and_keeps_bookmarks(home):
    data = data_of(home)
    data.mkdir(parents=True)
    from db.store.userdata import backups
    support.make_user_v1(data / "user.sqlite")
    r = run(["--start-and-quit"], home, QT_QPA_PLATFORM="offscreen")   # the window opens user.sqlite
    assert r.returncode == 0 and "started in" in r.stdout, r.stderr[-1500:]
    con = sqlite3.connect(data / "user.sqlite")
    try:
        assert con.execute("pragma user_version").fetchone()[0] > 1
        assert con.execute("select note from bookmarks where target_id = 'open-platforms-2018:专栏1'").fetchone() == ("要看",)
    finally:
        con.close()
    assert backups(data / "user.sqlite"), "a backup is kept before the migration"


MAGIC = {".txt": b"", ".docx": b"PK\x03\x04", ".pdf": b"%PDF-1.4\n", ".html": b"<html><body>", ".md": b"# "}


@pytest.mark.parametrize("ext", sorted(MAGIC))
def test_fuzzed_files_through_the_bundle_give_clean_errors(home, tmp_path, ext):
    rnd = random.Random(ext)
    seed_text = next((support.TESTS.parent / "resources" / "corpus").glob("001_*.txt")).read_bytes()
    for k in range(3):
        f = tmp_path / f"fuzz{k}{ext}"
        if k == 0:
            body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 3000)))
        else:                                      # a real text, mutated
            b = bytearray(seed_text[: 4000 * k])
            for _ in range(50):
                b[rnd.randrange(len(b))] = rnd.randrange(256)
            body = bytes(b)
        f.write_bytes(MAGIC[ext] + body)
        r = run(["import", f], home)
        assert TRACEBACK not in r.stderr, r.stderr[-2000:]
        assert r.returncode in (0, 1), (r.returncode, r.stderr[-500:])
        if r.returncode:
            assert f.name in r.stdout + r.stderr


def test_random_queries_through_the_bundle(home):
    rnd = random.Random(7)
    alphabet = "两江新区自贸（）“”\"'()-|* OR AND NOT 2025 abc，。：:；!@#$%^&~`\\/"
    qs = ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(1, 20))) for _ in range(12)]
    r = run(["search", "--json", *qs[:1]], home)       # seeds the data
    for q in qs:
        r = run(["search", "--json", "--", q], home)
        assert TRACEBACK not in r.stderr, (q, r.stderr[-1500:])
        assert r.returncode in (0, 1, 2), (q, r.returncode)
        if r.returncode == 0:
            assert isinstance(json.loads(r.stdout), list)


def test_an_update_under_an_older_store_rebuilds_it_keeping_imports_and_bookmarks(home, tmp_path):
    """The app updated under existing data: the store says an older schema; the
    user has an imported plan and a bookmark. Starting the window rebuilds the
    store from the corpus and the library; nothing of theirs is lost."""
    f = tmp_path / "升级前导入.txt"
    shutil.copy(support.TESTS / "fixtures" / "plans" / "chapters.txt", f)
    assert run(["import", f], home).returncode == 0
    data = data_of(home)
    from db.store import UserData
    u = UserData(data / "user.sqlite")
    u.add("open-platforms-2018:专栏1", "box", "专栏1", "open-platforms-2018", "规划")
    u.close()
    con = sqlite3.connect(data / "plans.sqlite")
    con.execute("update meta set value = '1' where key = 'schema_version'")
    con.commit()
    con.close()
    r = run(["--start-and-quit"], home, QT_QPA_PLATFORM="offscreen")
    assert r.returncode == 0 and "started in" in r.stdout, r.stderr[-1500:]
    out = run(["list"], home).stdout
    assert "某某区对外开放" in out and "开放平台协同发展规划" in out
    u = UserData(data / "user.sqlite")
    try:
        assert u.find("open-platforms-2018:专栏1")
    finally:
        u.close()


def test_word_export_through_the_bundle(home, tmp_path):
    out = tmp_path / "专栏.docx"
    r = run(["export", "--doc", "open-platforms-2018", "--all-boxes", "-o", out], home)
    assert r.returncode == 0, r.stderr[-1500:]
    from docx import Document
    doc = Document(str(out))
    assert doc.tables and doc.sections[0].even_page_footer.paragraphs[0].text.startswith("—")
