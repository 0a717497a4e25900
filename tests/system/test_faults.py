"""Nothing lost, nothing run from data: faults and hostile inputs, each through the real
code paths (subprocesses, tiny and read-only folders, crafted files)."""
from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import support
from db import paths
from db.store import Store
from desktop.services import update
from tests.helpers.faults import cli, one_error_line, read_only, snapshot, tmpfs
from search import index, integrity
from search.engine import SearchEngine

FIXTURES = support.TESTS / "fixtures" / "plans"


def small_corpus(tmp_path, prefixes=("003", "004")) -> Path:
    d = tmp_path / "corpus"
    d.mkdir(exist_ok=True)
    for p in prefixes:
        shutil.copy(support.source_path(p), d)
    shutil.copy(support.CORPUS / "catalog.toml", d)
    return d


# ---- 1. a data folder from someone else can't run code ----

class _Payload:
    """Unpickling this creates a marker file: what a crafted index would do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def craft_toc(data: Path, marker: Path) -> None:
    for toc in index.index_dir(data).glob("*.toc"):
        toc.write_bytes(pickle.dumps(_Payload(marker)))


def test_a_crafted_index_is_never_unpickled(fixture_copy, tmp_path):
    marker = tmp_path / "pwned"
    craft_toc(fixture_copy, marker)
    r = cli("search", "两江新区", "--json", "--data", fixture_copy)
    assert r.returncode == 0, r.stderr
    assert not marker.exists()                   # never loaded: rebuilt instead
    assert '"id"' in r.stdout
    with Store(paths.plans_db(fixture_copy)) as st:
        assert index.built_from(fixture_copy, st)


def test_an_index_sealed_by_another_installation_is_rebuilt(fixture_copy, tmp_path):
    """Someone else's folder, their key: ours doesn't verify it, it is rebuilt."""
    other = tmp_path / "other-config"
    r = cli("search", "两江新区", "--data", fixture_copy, env={"PLANDESK_CONFIG": str(other)})
    assert r.returncode == 0 and (other / integrity.KEYFILE).exists()
    assert not integrity.verify(index.index_dir(fixture_copy))     # sealed under the other key now
    before = snapshot(index.index_dir(fixture_copy))
    e = SearchEngine(fixture_copy)                # our key: not ours, never opened, reported
    try:
        assert e.broken and e.index_status == index.DAMAGED and e.ix is None
    finally:
        e.close()
    index.ensure(fixture_copy)                    # rebuilt when asked (the window and the CLI do)
    e = SearchEngine(fixture_copy)
    try:
        assert e.search("两江新区") and not e.broken
    finally:
        e.close()
    assert snapshot(index.index_dir(fixture_copy)) != before
    assert integrity.verify(index.index_dir(fixture_copy))


@pytest.mark.parametrize("how", ["flip a byte mid-segment", "extra file", "missing seal", "seal edited"])
def test_any_change_to_the_index_fails_the_seal(fixture_copy, how):
    d = index.index_dir(fixture_copy)
    assert integrity.verify(d)
    if how == "flip a byte mid-segment":
        seg = max(d.glob("*.seg"), key=lambda p: p.stat().st_size)
        b = bytearray(seg.read_bytes())
        b[len(b) // 2] ^= 0xFF                   # same size, same counts: only the content differs
        seg.write_bytes(bytes(b))
    elif how == "extra file":
        (d / "_MAIN_9.toc").write_bytes(b"x")
    elif how == "missing seal":
        (d / integrity.SEAL).unlink()
    else:
        (d / integrity.SEAL).write_text('{"files": {}}', encoding="utf-8")
    assert not integrity.verify(d)
    with Store(paths.plans_db(fixture_copy)) as st:
        assert not index.built_from(fixture_copy, st)


def test_the_installation_key_is_private(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANDESK_CONFIG", str(tmp_path / "cfg"))
    k = integrity.installation_key()
    f = tmp_path / "cfg" / integrity.KEYFILE
    assert len(k) == 32 and (f.stat().st_mode & 0o077) == 0
    assert integrity.installation_key() == k


# ---- 5. a runtime index failure: searches go on without it ----

def test_a_failing_index_falls_back_to_the_verbatim_scan(fixture_data, monkeypatch):
    e = SearchEngine(fixture_data)
    try:
        want = {h.id for h in e.search("开放平台", limit=1000)}

        def broken(*a, **k):
            raise RuntimeError("CorruptIndexError: bad segment")

        for leaf, _off in e.searcher.reader().leaf_readers():   # where ranking reads a damaged segment
            monkeypatch.setattr(leaf, "postings", broken)
        e._word_scores.clear()          # scores already read are remembered: the next read meets the damage
        got = {h.id for h in e.search("开放平台", limit=1000)}
        assert got == want and e.broken and "损坏" in e.index_error
        assert {h.id for h in e.search("开放平台", limit=1000)} == want     # and it stays usable
    finally:
        e.close()


def test_an_engine_without_any_index_still_finds_everything(fixture_copy, monkeypatch):
    def no_room(*a, **k):
        raise OSError(28, "No space left on device")

    shutil.rmtree(index.index_dir(fixture_copy))
    monkeypatch.setattr(index, "build", no_room)
    e = SearchEngine(fixture_copy)
    try:
        assert e.broken and e.search("创新驱动引领区")[0].id == "wrapped:专栏1"
    finally:
        e.close()


# ---- 3. a repeated table row ----

def test_a_table_row_printed_twice_is_stored_once(tmp_path):
    corpus = small_corpus(tmp_path, ("004",))
    f = next(corpus.glob("004_*.txt"))
    lines = f.read_text(encoding="utf-8").split("\n")
    i = lines.index("\t3")
    f.write_text("\n".join(lines[:i + 6] + lines[i:i + 6] + lines[i + 6:]), encoding="utf-8")
    data = tmp_path / "data"
    r = cli("build", "--corpus", corpus, "--data", data)
    assert r.returncode == 0, r.stderr
    with Store(paths.plans_db(data)) as st:
        rows = [i for i in st.indicators("hightech-zone-2021") if i["table_label"] == "表2-1"]
        assert [i["seq"] for i in rows] == list(range(1, 16))


# ---- 6. control characters never reach the Word writer ----

def test_control_characters_are_dropped_and_export_works(tmp_path):
    corpus = small_corpus(tmp_path, ("000",))
    f = next(corpus.glob("000_*.txt"))
    text = f.read_text(encoding="utf-8")
    k = text.index("专栏1")
    text = text[:5000] + "\x00" + text[5000:k] + "\x0b\x01" + text[k:]
    f.write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    assert cli("build", "--corpus", corpus, "--data", data).returncode == 0
    with Store(paths.plans_db(data)) as st:
        for s in st.sections("open-platforms-2018"):
            assert not any(ord(c) < 32 and c not in "\n\t" for c in s["text"] or "")
    out = tmp_path / "x.docx"
    r = cli("export", "--doc", "open-platforms-2018", "--all-boxes", "-o", out, "--data", data)
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 10000


# ---- 7. messages, not tracebacks ----

@pytest.mark.parametrize("catalog,reason", [
    ("[[plan]\nfile = 'x'", "格式有误"),
    ("[[plan]]\nid = 'no-file'", "缺少 file"),
    ("[[plan]]\nfile = '003_32612307c233c21c.txt'\nseq = 'first'", "seq 类型不对"),
    ("[[plan]]\nfile = 7", "file 类型不对"),
    ("plan = 3", "格式有误"),
])
def test_a_broken_catalog_is_named_with_its_reason(tmp_path, catalog, reason):
    corpus = small_corpus(tmp_path, ("003",))
    (corpus / "catalog.toml").write_text(catalog, encoding="utf-8")
    r = cli("build", "--corpus", corpus, "--data", tmp_path / "data")
    one_error_line(r, "catalog.toml", reason)
    assert not (tmp_path / "data" / "plans.sqlite").exists()


def test_output_that_is_a_folder_empty_or_a_dangling_link(data, tmp_path):
    d = tmp_path / "out"
    d.mkdir()
    one_error_line(cli("export", "--box", "open-platforms-2018:专栏1", "-o", d, "--data", data), str(d), "文件夹")
    one_error_line(cli("export", "--box", "open-platforms-2018:专栏1", "-o", "", "--data", data), "没有给出输出文件名")
    link = tmp_path / "link.docx"
    link.symlink_to(tmp_path / "nowhere.docx")
    one_error_line(cli("export", "--box", "open-platforms-2018:专栏1", "-o", link, "--data", data), "已存在", "--force")
    assert link.is_symlink() and not (tmp_path / "nowhere.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.docx", "out"]


def test_export_into_a_read_only_folder(data, tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    with read_only(out) as ro:
        line = one_error_line(cli("export", "--box", "open-platforms-2018:专栏1", "-o", ro / "x.docx",
                                  "--data", data), str(ro))
        assert "只读" in line or "权限" in line
        assert list(ro.iterdir()) == []


def test_build_into_a_read_only_data_folder_changes_nothing(fixture_copy):
    with read_only(fixture_copy) as ro:
        before = snapshot(ro)
        line = one_error_line(cli("build", "--corpus", FIXTURES, "--data", ro), str(ro))
        assert "只读" in line or "权限" in line
        assert snapshot(ro) == before


def test_build_on_a_full_disk_changes_nothing(tmp_path):
    corpus = small_corpus(tmp_path)
    with tmpfs("24m") as mnt:
        data = mnt / "data"
        assert cli("build", "--corpus", corpus, "--data", data).returncode == 0
        before = snapshot(data)
        filler = mnt / "filler"
        with open(filler, "wb") as f:        # leave room for a store but not for an index
            free = shutil.disk_usage(mnt).free
            f.write(b"\0" * max(0, free - 1_200_000))
        line = one_error_line(cli("build", "--corpus", corpus, "--data", data), "磁盘空间不足")
        assert str(mnt) in line
        assert snapshot(data) == before          # 8. the old pair, store and index, kept together
        assert not [p.name for p in data.iterdir() if p.name.startswith((".plans-", ".index-"))]
        filler.unlink()
        with Store(paths.plans_db(data)) as st:
            assert index.built_from(data, st)


def test_export_on_a_full_disk_leaves_nothing_half_written(data):
    with tmpfs("1m") as mnt:
        (mnt / "filler").write_bytes(b"\0" * (shutil.disk_usage(mnt).free - 20_000))
        line = one_error_line(cli("export", "--doc", "hightech-zone-2021", "--all-boxes", "-o", mnt / "x.docx",
                                  "--data", data), "磁盘空间不足")
        assert sorted(p.name for p in mnt.iterdir()) == ["filler"], line


# ---- 8. store and index go in together ----

def test_no_room_for_the_index_keeps_the_old_pair(fixture_copy, monkeypatch):
    before = snapshot(fixture_copy)

    def no_room(*a, **k):
        raise OSError(28, "No space left on device", str(fixture_copy))

    monkeypatch.setattr(index, "write", no_room)
    with pytest.raises(OSError):
        update.update(fixture_copy, corpus=FIXTURES)
    assert snapshot(fixture_copy) == before


def test_a_store_that_cannot_go_in_brings_the_old_index_back(fixture_copy, monkeypatch):
    before = snapshot(fixture_copy)
    real = update.atomic.Staged.commit

    def refuse(self):
        raise OSError(13, "Permission denied", str(self.target))

    staged = update.stage_update(fixture_copy, corpus=FIXTURES)
    monkeypatch.setattr(update.atomic.Staged, "commit", refuse)
    with pytest.raises(OSError):
        staged.install(fixture_copy)
    monkeypatch.setattr(update.atomic.Staged, "commit", real)
    assert snapshot(fixture_copy) == before
    assert not [p for p in fixture_copy.iterdir() if p.name.startswith((".plans-", ".index-"))]


# ---- 9, 10. a killed build leaves leftovers the next run removes; one writer at a time ----

def _build_in_background(corpus, data, *extra):
    return subprocess.Popen([*support.plandesk(), "build", "--corpus", str(corpus), "--data",
                             str(data), *extra], cwd=support.REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_killed_build_leaves_nothing_the_next_one_keeps(tmp_path):
    corpus = small_corpus(tmp_path, ("002", "003", "004"))
    data = tmp_path / "data"
    assert cli("build", "--corpus", corpus, "--data", data).returncode == 0
    before = snapshot(data)
    p = _build_in_background(corpus, data)
    deadline = time.time() + 60
    while time.time() < deadline and not [x for x in data.iterdir() if x.name.startswith(".index-")]:
        time.sleep(0.02)
    p.send_signal(signal.SIGKILL)
    p.communicate()
    left = [x.name for x in data.iterdir() if x.name.startswith((".plans-", ".index-"))]
    assert left                                   # the kill happened mid-build
    in_place = {k: v for k, v in snapshot(data).items() if not k.startswith((".plans-", ".index-"))}
    assert in_place == before                     # what is in use is the old pair, untouched
    with Store(paths.plans_db(data)) as st:
        assert index.built_from(data, st)         # the killed run changed nothing in use
    # the next run, holding the folder, removes what the dead one left
    assert cli("build", "--corpus", corpus, "--data", data).returncode == 0
    assert not [x.name for x in data.iterdir() if x.name.startswith((".plans-", ".index-", "tmp"))]


def test_two_builds_at_once_take_turns(tmp_path):
    corpus = small_corpus(tmp_path)
    data = tmp_path / "data"
    a = _build_in_background(corpus, data)
    b = _build_in_background(corpus, data)
    ra, rb = a.communicate(timeout=180), b.communicate(timeout=180)
    assert a.returncode == 0 and b.returncode == 0, (ra, rb)
    assert not [x.name for x in data.iterdir() if x.name.startswith((".plans-", ".index-"))]
    with Store(paths.plans_db(data)) as st:
        assert index.built_from(data, st)


def test_a_second_writer_says_who_holds_the_folder(fixture_copy):
    from db.lock import DataLock
    with DataLock(fixture_copy):
        r = cli("build", "--corpus", FIXTURES, "--data", fixture_copy, "--wait", "0.3")
    line = one_error_line(r, str(fixture_copy), f"进程 {os.getpid()}")
    assert "正在更新" in line


# ---- 12. the minor ones ----

def test_read_only_commands_create_no_folder(tmp_path):
    d = tmp_path / "nothing-here"
    for argv in (["stats"], ["search", "x"], ["show", "x"], ["compare", "x"]):
        r = cli(*argv, "--data", d)
        assert r.returncode == 2 and "no store" in r.stderr
    assert not d.exists()


def refused_line(r, *must: str) -> str:
    """A build that left one file out: exit 3, one line naming it and why, the rest built."""
    assert r.returncode == 3, (r.returncode, r.stderr[-2000:])
    lines = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("[")]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for m in must:
        assert m in lines[0], (m, lines[0])
    return lines[0]


def test_no_structure_names_the_whole_path(tmp_path):
    corpus = small_corpus(tmp_path, ("003",))
    (corpus / "flat.txt").write_text("只有一段话，没有任何标题。\n", encoding="utf-8")
    refused_line(cli("build", "--corpus", corpus, "--data", tmp_path / "d"), str(corpus / "flat.txt"), "章节结构")


def test_a_huge_file_is_refused_quickly(tmp_path):
    corpus = small_corpus(tmp_path, ("003",))
    big = corpus / "big.txt"
    with open(big, "w", encoding="utf-8") as f:
        line = "第一章 总则\n" + "开放发展。" * 2000 + "\n"
        while f.tell() < 9 * 1024 * 1024:
            f.write(line)
    t = time.perf_counter()
    refused_line(cli("build", "--corpus", corpus, "--data", tmp_path / "d"), str(big), "文件过大")
    assert time.perf_counter() - t < 20


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_files_follow_the_umask(tmp_path, mask):
    data = tmp_path / "data"
    code = (f"import os, sys; os.umask({mask}); from desktop.cli import main; "
            f"sys.exit(main(['build', '--corpus', r'{FIXTURES}', '--data', r'{data}']))")
    r = subprocess.run([sys.executable, "-c", code], cwd=support.REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for p in [paths.plans_db(data), data / ".lock", *index.index_dir(data).iterdir()]:
        assert (p.stat().st_mode & 0o777) == 0o666 & ~mask, (p, oct(p.stat().st_mode))
