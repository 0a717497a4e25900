"""One writer at a time per data folder.

DATA/.lock carries the owner's pid; the OS lock on it (flock / msvcrt) is what
counts, so a killed writer's lock goes with it. A second writer waits a while,
saying who holds the folder, then gives up with `DataLocked`.
"""
from __future__ import annotations

import errno
import os
import stat
import sys
import time
from pathlib import Path
from .paths import read_small

LOCKFILE = ".lock"


class DataLocked(OSError):
    def __init__(self, data: Path, pid: int | None):
        who = f"另一个 PlanDesk（进程 {pid}）" if pid else "另一个 PlanDesk"
        super().__init__(f"{who}正在更新此数据文件夹，请稍后再试")
        self.filename = str(data)
        self.strerror = str(self.args[0])
        self.pid = pid


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt  # lazy: this platform's module only
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl  # lazy: this platform's module only
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt  # lazy: this platform's module only
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl  # lazy: this platform's module only
        fcntl.flock(fd, fcntl.LOCK_UN)


def owner(data: Path) -> int | None:
    """The pid written in the lock file, if any."""
    try:
        return int(read_small(Path(data) / LOCKFILE, 64).decode("ascii").strip() or 0) or None
    except (OSError, ValueError):
        return None


def _open_lockfile(path: Path, mode: int = 0o666) -> int:
    """The lock file, opened without blocking; an OSError naming it when it is not
    a regular file (a FIFO or a device put there: never waited on)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0), mode)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "锁文件不是普通文件（请删除它）", str(path))
    return fd


class DataLock:
    """`with DataLock(data, wait=30, on_wait=…):` — the folder is ours inside."""

    def __init__(self, data: Path, wait: float = 30.0, on_wait=None):
        self.data = Path(data)
        self.wait = wait
        self.on_wait = on_wait
        self.fd: int | None = None

    def acquire(self) -> "DataLock":
        self.data.mkdir(parents=True, exist_ok=True)
        fd = _open_lockfile(self.data / LOCKFILE)
        deadline = time.monotonic() + self.wait
        told = False
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise DataLocked(self.data, owner(self.data))
            if not told and self.on_wait:
                self.on_wait(owner(self.data))
                told = True
            time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
            _unlock(self.fd)
        finally:
            os.close(self.fd)
            self.fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *_):
        self.release()


class FileLock:
    """An exclusive lock on one file beside the data (e.g. user.sqlite's migration),
    waited for up to `wait` seconds; released on exit and when the process dies."""

    def __init__(self, path: Path, wait: float = 30.0):
        self.path, self.wait, self.fd = Path(path), wait, None

    def __enter__(self):
        self.fd = _open_lockfile(self.path, 0o600)
        deadline = time.monotonic() + self.wait
        while not _try_lock(self.fd):
            if time.monotonic() > deadline:
                os.close(self.fd)
                self.fd = None
                raise TimeoutError(f"{self.path}: still locked after {self.wait:.0f} s")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = None
