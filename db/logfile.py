"""The log: a rotating file in the data folder (plandesk.log, 1 MB × 3 kept), so an
error a person reports can be read afterwards; every error dialog names it.

Several PlanDesk processes may write the same log at once (two windows, a window and
the command line). Each write and each rotation is done holding a lock on
plandesk.log.lock, shared by every process, and a process whose file was rotated away by
another one follows it to the new file; so the log is rotated once when it is full, never
twice, and nobody goes on writing into a file already rotated away."""
from __future__ import annotations

import logging
import logging.handlers
import os
from contextlib import contextmanager
from pathlib import Path

NAME = "plandesk.log"
MAX_BYTES = 1_000_000
KEPT = 3
_installed: dict[str, logging.Handler] = {}

try:
    import fcntl
except ImportError:                                 # Windows
    fcntl = None
    import msvcrt


def log_path(data: Path) -> Path:
    return Path(data) / NAME


@contextmanager
def _locked(fd: int | None):
    """Hold the lock shared by every process for the span of one write or rotation; a
    lock that cannot be taken (a file system without locks) lets the write go on."""
    if fd is None:
        yield
        return
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        held = True
    except OSError:
        held = False
    try:
        yield
    finally:
        if held:
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                else:
                    os.lseek(fd, 0, os.SEEK_SET)
                    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass


class SharedRotatingHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler that several processes can share (see the module's text)."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, kept: int = KEPT):
        super().__init__(path, maxBytes=max_bytes, backupCount=kept, encoding="utf-8")
        try:
            self._lock_fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            self._lock_fd = None

    def _follow(self) -> None:
        """Reopen the log when another process has rotated it away from our stream."""
        if self.stream is None:
            return
        try:
            now, ours = os.stat(self.baseFilename), os.fstat(self.stream.fileno())
            moved = (now.st_dev, now.st_ino) != (ours.st_dev, ours.st_ino)
        except OSError:
            moved = True
        if moved:
            self.stream.close()
            self.stream = None                      # FileHandler.emit reopens it

    def emit(self, record: logging.LogRecord) -> None:
        try:
            with _locked(self._lock_fd):
                self._follow()
                super().emit(record)                # rotates first when the file is full
                if self.stream is not None:
                    self.stream.flush()
        except Exception:
            self.handleError(record)

    def doRollover(self) -> None:
        """Rotate; where the system refuses (Windows, a file another process holds open)
        go on writing to the same file rather than lose the message."""
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def install(data: Path, level=logging.INFO) -> Path | None:
    """Log to DATA/plandesk.log from now on (once per folder); None when the folder
    can't be written (a read-only data folder still opens)."""
    p = log_path(data)
    if str(p) in _installed:
        return p
    try:
        h = SharedRotatingHandler(p)
    except OSError:
        return None
    h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(h)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    _installed[str(p)] = h
    return p


def current() -> Path | None:
    """The log file in use (the window's data folder's), if any."""
    return Path(next(iter(_installed))) if _installed else None
