"""Where things live: bundled resources (source tree or PyInstaller bundle) and the data dir."""
from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from platformdirs import user_data_dir
from platformdirs import user_config_dir

APP = "PlanDesk"


def resource(*parts: str) -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def data_dir(explicit: str | os.PathLike | None = None, create: bool = True) -> Path:
    """--data DIR, else $PLANDESK_DATA, else the platform's user data dir; created
    only for a command that writes (create=True)."""
    if explicit:
        d = Path(explicit)
    elif os.environ.get("PLANDESK_DATA"):
        d = Path(os.environ["PLANDESK_DATA"])
    else:
        d = Path(user_data_dir(APP, appauthor=False))
    if create:
        d.mkdir(parents=True, exist_ok=True)
    return d


def config_dir() -> Path:
    """Per-installation settings outside the data folder ($PLANDESK_CONFIG, else the
    platform's user config dir): the index key lives here, so that a data folder
    copied from someone else carries nothing this installation trusts."""
    if os.environ.get("PLANDESK_CONFIG"):
        return Path(os.environ["PLANDESK_CONFIG"])
    return Path(user_config_dir(APP, appauthor=False))


def plans_db(data: Path) -> Path:
    return data / "plans.sqlite"


def user_db(data: Path) -> Path:
    return data / "user.sqlite"


# ---- reading what the data folder holds: it may come from someone else ----

class UnsafeName(ValueError):
    """A name read from data that is not a bare file name inside its folder."""

    def __init__(self, name, why: str):
        super().__init__(f"{why}: {name!r}")
        self.name = name


def inside(folder: Path, name) -> Path:
    """folder/name for a bare file name read from data (a manifest, a seal): no
    separators, no `..`, no absolute path or drive letter, no NUL or other control
    character, and the path, resolved (links followed), still inside the folder."""
    if not isinstance(name, str) or not name or name in (".", "..") or len(name) > 255:
        raise UnsafeName(name, "not a file name")
    if any(c in name for c in "/\\:") or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UnsafeName(name, "not a bare file name")
    p = Path(folder) / name
    if p.is_absolute() != Path(folder).is_absolute() or p.name != name:
        raise UnsafeName(name, "not a bare file name")
    root = Path(folder).resolve()
    if p.resolve().parent != root:
        raise UnsafeName(name, f"leads outside {folder}")
    return p


def regular_file(path: Path, limit: int | None = None) -> os.stat_result:
    """The stat of a regular file (links followed), or an OSError: a FIFO, a device or
    a folder is never opened for reading (it could block or never end), nor a file
    larger than `limit`."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "不是普通文件", str(path))
    if limit is not None and st.st_size > limit:
        raise OSError(errno.EFBIG, f"文件过大（{st.st_size} 字节，上限 {limit}）", str(path))
    return st


def read_small(path: Path, limit: int = 4 * 1024 * 1024) -> bytes:
    """The bytes of a small regular file of the data folder (a seal, a stamp, the
    manifest): checked first, opened without blocking, read no further than `limit`."""
    regular_file(path, limit)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):          # changed since the check
            raise OSError(errno.EINVAL, "不是普通文件", str(path))
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"文件过大（上限 {limit} 字节）", str(path))
    return data
