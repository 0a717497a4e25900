"""Helpers for the fault tests: the CLI in a subprocess, tiny and read-only folders."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import support

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def cli(*argv, env=None, timeout=120, **kw) -> subprocess.CompletedProcess:
    """`plandesk ARGV…` in a fresh process (its own jieba, its own failures)."""
    e = dict(os.environ, **(env or {}))
    return subprocess.run([*support.plandesk(), *map(str, argv)], cwd=support.REPO, env=e,
                          capture_output=True, text=True, timeout=timeout, **kw)


def one_error_line(r: subprocess.CompletedProcess, *must: str) -> str:
    """The command failed with exit 1 and one line on stderr naming what it must."""
    assert r.returncode == 1, (r.returncode, r.stdout[-500:], r.stderr[-2000:])
    lines = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("[") and " waiting: " not in ln]
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr
    for m in must:
        assert m in lines[0], (m, lines[0])
    return lines[0]


def snapshot(d: Path) -> dict:
    """Every file under d with its bytes (what 'nothing changed' compares)."""
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(Path(d).rglob("*"))
            if p.is_file() and p.name not in (".lock", "jieba.cache")}


@contextmanager
def tmpfs(size: str):
    """A mounted tmpfs of `size` (root only; skips otherwise)."""
    if not IS_ROOT or not shutil.which("mount"):
        pytest.skip("needs root to mount a tmpfs")
    d = Path("/tmp") / f"plandesk-tmpfs-{uuid.uuid4().hex[:8]}"
    d.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(d)], capture_output=True)
    if r.returncode:
        d.rmdir()
        pytest.skip(f"cannot mount a tmpfs: {r.stderr.decode(errors='replace').strip()}")
    try:
        yield d
    finally:
        subprocess.run(["umount", "-l", str(d)], capture_output=True)
        shutil.rmtree(d, ignore_errors=True)


@contextmanager
def read_only(d: Path):
    """d made read-only for this process: a read-only remount of a tmpfs copy when
    root (root ignores permissions), else chmod."""
    if IS_ROOT:
        with tmpfs("64m") as mnt:
            target = mnt / d.name
            shutil.copytree(d, target)
            r = subprocess.run(["mount", "-o", "remount,ro", str(mnt)], capture_output=True)
            if r.returncode:
                pytest.skip("cannot remount read-only")
            try:
                yield target
            finally:
                subprocess.run(["mount", "-o", "remount,rw", str(mnt)], capture_output=True)
    else:
        modes = {p: p.stat().st_mode for p in [d, *d.rglob("*")]}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield d
        finally:
            for p, m in modes.items():
                p.chmod(m)
