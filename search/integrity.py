"""Only an index this installation wrote is ever opened.

Whoosh unpickles parts of its index (the table of contents), so opening an index
someone else made could run code. The index is derived data: every file of it
is sealed with an HMAC under a per-installation key kept outside the data
folder (`paths.config_dir()`), and checked before Whoosh touches any file. A
missing, extra, changed or unsealed file means: not ours, rebuild.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import mmap
import os
import secrets
from pathlib import Path

from db import paths
from db.atomic import durable_replace

SEAL = "seal.json"
KEYFILE = "index.key"
_CHUNK = 1 << 20


def installation_key() -> bytes:
    """The key, made on first use (readable by its owner only)."""
    d = paths.config_dir()
    f = d / KEYFILE
    try:
        key = bytes.fromhex(f.read_text(encoding="ascii").strip())
        if len(key) >= 32:
            return key
    except (OSError, ValueError):
        pass
    d.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = d / f".{KEYFILE}-{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.hex())
    durable_replace(tmp, f)
    return key


def _mac(key: bytes, path: Path) -> str:
    h = hmac.new(key, path.name.encode("utf-8") + b"\0", hashlib.sha256)
    with open(path, "rb") as f:
        try:                                # the file's pages hashed where they are, not copied out first
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):       # (an empty file; a file system that maps none)
            mm = None
        if mm is None:
            while chunk := f.read(_CHUNK):
                h.update(chunk)
        else:
            with mm:
                h.update(mm)
    return h.hexdigest()


def _files(d: Path) -> list[Path]:
    return sorted(p for p in d.iterdir() if p.name != SEAL)


def seal(d: Path) -> None:
    """Seal every file of the index folder d (call last, when it is complete)."""
    key = installation_key()
    macs = {p.name: _mac(key, p) for p in _files(d) if p.is_file()}
    (d / SEAL).write_text(json.dumps({"files": macs}, ensure_ascii=False), encoding="utf-8")


def verify(d: Path) -> bool:
    """Is every file of d one this installation sealed, unchanged, and nothing else there?
    Nothing but regular files is opened (a FIFO would block, a device never end), and
    no link is followed: the seal is read only when small, and only from a real folder."""
    try:
        if d.is_symlink() or not d.is_dir():
            return False
        macs = json.loads(paths.read_small(d / SEAL, 1 << 20).decode("utf-8"))["files"]
        files = _files(d)
        if not isinstance(macs, dict) or sorted(macs) != [p.name for p in files]:
            return False
        if not all(not p.is_symlink() and p.is_file() for p in files):
            return False
        key = installation_key()
        return all(hmac.compare_digest(_mac(key, p), str(macs[p.name])) for p in files)
    except (OSError, ValueError, KeyError, TypeError):
        return False
