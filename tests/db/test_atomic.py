"""Durable writes: a staged file's data is on the disk before it is renamed into place,
and the rename is on the disk after (a power cut leaves the old file or the new one)."""
from __future__ import annotations

import os

from db import atomic


def _record(monkeypatch):
    """The order of fsyncs (by what was flushed) and renames."""
    events = []
    real_open, real_fsync, real_replace = os.open, os.fsync, os.replace
    names = {}

    def opening(path, flags, *a, **k):
        fd = real_open(path, flags, *a, **k)
        names[fd] = str(path)
        return fd

    def syncing(fd):
        events.append(("fsync", names.get(fd)))
        return real_fsync(fd)

    def replacing(src, dst):
        events.append(("replace", str(src), str(dst)))
        return real_replace(src, dst)
    monkeypatch.setattr(os, "open", opening)
    monkeypatch.setattr(os, "fsync", syncing)
    monkeypatch.setattr(os, "replace", replacing)
    return events


def test_a_staged_file_is_flushed_before_and_its_folder_after_the_rename(tmp_path, monkeypatch):
    events = _record(monkeypatch)
    target = tmp_path / "export.docx"
    with atomic.replacing(target) as tmp:
        tmp.write_bytes(b"PK\x03\x04 a whole file")
    kinds = [e[0] for e in events]
    r = kinds.index("replace")
    assert ("fsync", str(tmp)) in events[:r]                  # the data, before the rename
    assert ("fsync", str(tmp_path)) in events[r + 1:]          # the rename itself, after
    assert target.read_bytes().endswith(b"a whole file")


def test_a_staged_folder_has_every_file_flushed_before_it_goes_in(tmp_path, monkeypatch):
    staged = tmp_path / "index-new"
    (staged / "seg").mkdir(parents=True)
    for name in ("seg/a.bin", "b.toc"):
        (staged / name).write_bytes(b"x" * 10)
    events = _record(monkeypatch)
    atomic.replace_dir(staged, tmp_path / "index")
    last = max(k for k, e in enumerate(events) if e[0] == "replace")
    flushed = {e[1] for e in events[:last] if e[0] == "fsync"}
    assert {str(staged / "seg/a.bin"), str(staged / "b.toc")} <= flushed
    assert (tmp_path / "index" / "seg" / "a.bin").exists()


def test_a_folder_that_cannot_be_flushed_is_left_to_the_system(tmp_path, monkeypatch):
    import errno

    def refusing(fd):
        raise OSError(errno.EINVAL, "not supported here")
    monkeypatch.setattr(os, "fsync", refusing)
    atomic.fsync_path(tmp_path, directory=True)                # no error: the system flushes it later
    f = tmp_path / "f"
    f.write_text("x")
    atomic.fsync_path(f)                                       # EINVAL (a file system without fsync): tolerated
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    try:
        atomic.fsync_path(f)
    except OSError as e:
        assert e.errno == errno.EIO                            # data that may not be on the disk is an error
    else:
        raise AssertionError("an I/O error while flushing a file must not pass silently")


# ---- a file another program has open ----

import errno  # noqa: E402

import pytest  # noqa: E402


@pytest.mark.parametrize("lock", [".~lock.专栏汇编.docx#",     # LibreOffice
                                  "~$专栏汇编.docx",           # Word / WPS, short name
                                  "~$栏汇编.docx"])            # the owner file drops a character …
def test_a_file_open_in_an_office_program_is_not_replaced_and_that_is_said(tmp_path, lock):
    f = tmp_path / "专栏汇编.docx"
    f.write_bytes(b"old")
    (tmp_path / lock).write_bytes(b"owner")
    with pytest.raises(OSError) as e:
        with atomic.replacing(f, overwrite=True, suffix=".docx") as tmp:
            tmp.write_bytes(b"new")
    assert e.value.errno == errno.EBUSY
    assert atomic.describe(e.value) == f"{f}：文件正被其他程序（如 WPS/Word）打开，请关闭后重试"
    assert f.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f.name, lock])   # nothing left behind


def test_a_long_name_s_word_owner_file_is_recognised(tmp_path):
    f = tmp_path / "重庆市开放平台资料汇编.docx"
    f.write_bytes(b"old")
    (tmp_path / "~$市开放平台资料汇编.docx").write_bytes(b"owner")       # Word drops two characters
    assert atomic.lock_files(f) == [tmp_path / "~$市开放平台资料汇编.docx"]
    with pytest.raises(OSError, match="正被其他程序"):
        atomic.check_target(f, overwrite=True)


def test_another_document_s_lock_or_a_new_file_is_no_obstacle(tmp_path):
    (tmp_path / ".~lock.其他.docx#").write_bytes(b"x")
    (tmp_path / "~$其他.docx").write_bytes(b"x")
    f = tmp_path / "汇编.docx"
    assert atomic.lock_files(f) == []
    with atomic.replacing(f, overwrite=True) as tmp:
        tmp.write_bytes(b"new")
    f.write_bytes(b"old")
    with atomic.replacing(f, overwrite=True) as tmp:
        tmp.write_bytes(b"new")
    assert f.read_bytes() == b"new"


@pytest.mark.parametrize("winerror, said", [(32, "文件正被其他程序（如 WPS/Word）打开，请关闭后重试"),
                                             (5, "文件可能正被其他程序（如 WPS/Word）打开，或没有写入权限；请关闭后重试")])
def test_windows_refusing_to_replace_an_open_file_is_not_called_a_permission_problem(
        tmp_path, monkeypatch, winerror, said):
    f = tmp_path / "汇编.docx"
    f.write_bytes(b"old")

    def refusing(src, dst):                         # what Windows' MoveFileEx answers
        e = PermissionError(errno.EACCES, "拒绝访问。", str(src))
        e.winerror = winerror
        raise e
    monkeypatch.setattr(os, "replace", refusing)
    with pytest.raises(OSError) as e:
        with atomic.replacing(f, overwrite=True) as tmp:
            tmp.write_bytes(b"new")
    assert atomic.describe(e.value) == f"{f}：{said}"
    assert f.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == [f.name]


def test_a_plain_permission_error_stays_one(tmp_path, monkeypatch):
    f = tmp_path / "汇编.docx"

    def refusing(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))
    monkeypatch.setattr(os, "replace", refusing)
    with pytest.raises(PermissionError) as e:
        with atomic.replacing(f) as tmp:
            tmp.write_bytes(b"new")
    assert atomic.describe(e.value) == f"{f}：没有权限"
