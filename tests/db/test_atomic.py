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
