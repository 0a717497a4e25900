"""Writing files and folders so that no reader ever sees half of one."""
from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "所在磁盘是只读的",
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名太长", errno.EIO: "读写出错（磁盘或设备故障）",
    errno.EBUSY: "文件正被其他程序（如 WPS/Word）打开，请关闭后重试",
    errno.ETXTBSY: "文件正被其他程序（如 WPS/Word）打开，请关闭后重试",
}
IN_USE = _REASONS[errno.EBUSY]
# Windows' answers when a file held open by another program is replaced:
# ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (certain), ERROR_ACCESS_DENIED (also
# what a read-only file or folder gives, so it is said as a possibility)
_WIN_IN_USE, _WIN_DENIED = (32, 33), 5


def describe(e: OSError, sep: str = "：") -> str:
    """'PATH：原因' for a person: the path and the reason in Chinese where it is a common one."""
    own = e.strerror if e.strerror and any(ord(c) > 0x2E80 for c in e.strerror) else None
    reason = own or _REASONS.get(e.errno) or e.strerror or str(e)
    name = e.filename if e.filename not in (None, "") else ""
    return f"{name}{sep}{reason}" if name else reason


def copy_error(e: shutil.Error) -> OSError:
    """The first failure of a copytree (shutil.Error holds a list of (src, dst, why)
    strings) as an OSError with its errno, so `describe` can say it in one line."""
    items = e.args[0] if e.args and isinstance(e.args[0], list) else []
    src, dst, why = (list(items[0]) + ["", "", ""])[:3] if items and isinstance(items[0], (tuple, list)) \
        else ("", "", str(e))
    m = re.search(r"\[Errno (\d+)\] ([^:']+)", str(why))
    if m:
        return OSError(int(m.group(1)), m.group(2).strip(), str(dst or src))
    return OSError(errno.EIO, str(why)[:200], str(dst or src))


def lock_files(path: str | Path) -> list[Path]:
    """The lock files an office program keeps beside a document it has open:
    LibreOffice's `.~lock.NAME#`, Word's and WPS's owner file `~$NAME` (which drops the
    name's first one or two characters when it is long)."""
    p = Path(path)
    n = p.name
    names = {f".~lock.{n}#", f"~${n}"} | {f"~${n[k:]}" for k in (1, 2) if len(p.stem) > k}
    return sorted(p.parent / x for x in names if (p.parent / x).is_file())


def in_use_error(path: str | Path) -> OSError:
    return OSError(errno.EBUSY, IN_USE, str(path))


def check_target(path, overwrite: bool = False) -> Path:
    """An output path a file can be written to, or an OSError saying why not: empty,
    a folder, (without overwrite) an existing file — a dangling link included — or a
    file another program has open (its lock file is beside it)."""
    if path is None or str(path).strip() == "":
        raise OSError(errno.EINVAL, "没有给出输出文件名", "")
    p = Path(path)
    if p.is_dir():
        raise IsADirectoryError(errno.EISDIR, "这是一个文件夹，请给出文件名", str(p))
    if os.path.lexists(p) and not overwrite:
        raise FileExistsError(errno.EEXIST, "文件已存在（要替换请加 --force）", str(p))
    if not p.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "所在文件夹不存在", str(p.parent))
    if p.is_file() and lock_files(p):
        raise in_use_error(p)
    return p


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


def publish_mode(path: str | Path, directory: bool = False) -> None:
    """Give a temporary file (or folder tree) the permissions a normal one gets
    under the umask: mkstemp/mkdtemp make them private (0600/0700)."""
    mask = _umask()
    p = Path(path)
    if not directory:
        os.chmod(p, 0o666 & ~mask)
        return
    os.chmod(p, 0o777 & ~mask)
    for root, dirs, files in os.walk(p):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o777 & ~mask)
        for f in files:
            os.chmod(os.path.join(root, f), 0o666 & ~mask)


def fsync_path(path: str | Path, directory: bool = False) -> None:
    """Flush a file's data (or a folder's entries) to the disk. A folder that cannot be
    opened or flushed (Windows, some file systems) is left to the system; a file that
    cannot be flushed is an error (its data may not be on the disk)."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if directory:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as e:
        if not directory and e.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def durable_replace(src: str | Path, dst: str | Path) -> None:
    """os.replace made durable: what `src` holds is on the disk before the rename (a
    folder: every file in it), and the rename is on the disk after it — a power cut
    leaves the old file or the new one, never an empty one."""
    src, dst = Path(src), Path(dst)
    if src.is_dir():
        for f in src.rglob("*"):
            if f.is_file() and not f.is_symlink():
                fsync_path(f)
        fsync_path(src, directory=True)
    elif src.is_file():
        fsync_path(src)
    try:
        os.replace(src, dst)
    except PermissionError as e:
        raise _held_open(e, dst) from e
    fsync_path(dst.parent, directory=True)


def _held_open(e: PermissionError, dst: Path) -> OSError:
    """Windows refuses to replace a file another program holds open, and says only
    「没有权限」: say what it most likely is."""
    code = getattr(e, "winerror", None)
    if code in _WIN_IN_USE:
        return in_use_error(dst)
    if code == _WIN_DENIED and dst.is_file():
        return OSError(e.errno, "文件可能正被其他程序（如 WPS/Word）打开，或没有写入权限；请关闭后重试", str(dst))
    return e


class Staged:
    """A temporary file beside `target`, written in full, then put in place by
    `commit()` (os.replace: atomic) or thrown away by `discard()`."""

    def __init__(self, target: str | Path, suffix: str = "", prefix: str = ".plandesk-"):
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=self.target.parent)
        os.close(fd)
        self.path = Path(tmp)

    def commit(self) -> Path:
        publish_mode(self.path)
        durable_replace(self.path, self.target)
        return self.target

    def discard(self) -> None:
        for p in (self.path, Path(str(self.path) + "-journal")):
            if p.exists():
                p.unlink()


@contextmanager
def replacing(path: str | Path, overwrite: bool = False, suffix: str = "", prefix: str = ".plandesk-"):
    """Yield a temporary path beside `path`; on success it becomes `path` (with the
    usual permissions), on any error it is removed. An existing file is kept
    unless overwrite=True."""
    path = check_target(path, overwrite)
    st = Staged(path, suffix=suffix, prefix=prefix)
    try:
        yield st.path
        st.commit()
    except BaseException:
        st.discard()
        raise


def replace_dir(staged: str | Path, target: str | Path) -> None:
    """Put a complete folder in place of another: the old one is moved aside,
    the new one renamed in, the old one removed."""
    staged, target = Path(staged), Path(target)
    publish_mode(staged, directory=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    durable_replace(staged, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
