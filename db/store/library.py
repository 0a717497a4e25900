"""The user's own plans: each imported original kept in DATA/library/ with a manifest.

The store is built from the bundled corpus plus the library, so an imported plan
survives every rebuild. The manifest (manifest.json) records, per plan, its id,
the original file name, sha256, format, import time, title and 发文字号, and the
bundled plan it replaces, if any (then it keeps that plan's id, and bookmarks
into it keep working). Written atomically; a damaged one is set aside and the
entries recovered from the files themselves.
"""
from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from .. import paths
from ..atomic import Staged
from ..importer.corpus import Entry

log = logging.getLogger(__name__)
DIRNAME = "library"
MANIFEST = "manifest.json"
FORMAT = "plandesk-library/1"


@dataclass
class Plan:
    id: str
    file: str                      # name inside library/files/
    original: str                  # the name the person imported
    sha256: str
    format: str
    imported: str
    title: str = ""
    doc_number: str | None = None
    replaces: str | None = None    # a bundled plan's id this one stands in for
    short_title: str | None = None


@dataclass
class Library:
    data: Path
    plans: list[Plan] = field(default_factory=list)
    notice: str | None = None

    @property
    def root(self) -> Path:
        return Path(self.data) / DIRNAME

    @property
    def files(self) -> Path:
        return self.root / "files"

    @classmethod
    def load(cls, data: Path) -> "Library":
        """The library of DATA. A manifest that is damaged or names a file outside
        library/files (`../x`, an absolute path, a link leading out) is set aside
        (never deleted) and the plans recovered from the files themselves."""
        lib = cls(Path(data))
        f = lib.root / MANIFEST
        if not os.path.lexists(f):
            return lib
        try:
            raw = json.loads(paths.read_small(f).decode("utf-8"))
            if not isinstance(raw, dict) or raw.get("format") != FORMAT or not isinstance(raw.get("plans", []), list):
                raise ValueError("unknown format")
            lib.plans = [_plan(p) for p in raw.get("plans", [])]
            for p in lib.plans:
                lib.path_of(p)
        except paths.UnsafeName as e:
            lib._set_aside(f, f"导入规划的清单中的文件名 {e.name!r} 不在 library/files 中")
        except (ValueError, TypeError, KeyError, OSError):
            lib._set_aside(f, "导入规划的清单已损坏")
        return lib

    def _set_aside(self, f: Path, why: str) -> None:
        aside = f.with_name(f"{MANIFEST}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
        self.plans = self._recover()
        try:
            os.replace(f, aside)
            self.stage_manifest().commit()     # written back: the next start finds the same library
        except OSError:                        # a read-only folder: recovered for this run only
            aside = f
        self.notice = f"{why}，已另存为 {aside.name}，已根据保存的原文件恢复 {len(self.plans)} 份"
        log.warning("%s: %s", f, self.notice)      # the window's log; the command line's stderr

    def _recover(self) -> list[Plan]:
        out = []
        for p in sorted(self.files.glob("*")) if self._files_ok() else []:
            if p.name.startswith("."):
                continue                      # a copy being written
            try:
                self.path_of(p.name)
                st = paths.regular_file(p)
                sha = sha256_of(p)
            except (OSError, ValueError):
                continue                      # a link out, a FIFO, a folder: not a plan
            original = p.name.split("-", 1)[1] if "-" in p.name else p.name
            out.append(Plan(id=f"imported-{sha[:8]}", file=p.name, original=original, sha256=sha,
                            format=p.suffix.lstrip(".").lower(), imported=datetime.fromtimestamp(
                                st.st_mtime).isoformat(timespec="seconds")))
        return out

    def _files_ok(self) -> bool:
        """library/files is a folder of this data folder (not a link to one elsewhere)."""
        want = Path(self.data).resolve() / DIRNAME / "files"
        return self.files.is_dir() and self.files.resolve() == want

    def path_of(self, plan: "Plan | str") -> Path:
        """Where a plan's original is: its bare file name inside library/files
        (paths.UnsafeName, a ValueError, for any other name)."""
        name = plan.file if isinstance(plan, Plan) else plan
        p = paths.inside(self.files, name)
        if self.files.exists() and not self._files_ok():
            raise paths.UnsafeName(name, f"{self.files} is not a folder of {self.data}")
        return p

    def digest(self) -> str:
        """What of the library a store is built from ('' for none): recorded in the
        store's meta table, so a store and a library that disagree (a run killed
        between their commits) are seen and the store rebuilt."""
        if not self.plans:
            return ""
        keys = ("id", "file", "sha256", "replaces", "short_title", "original")
        rows = sorted([getattr(p, k) or "" for k in keys] for p in self.plans)
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]

    # ---- queries ----
    def by_sha(self, sha: str) -> Plan | None:
        return next((p for p in self.plans if p.sha256 == sha), None)

    def by_id(self, pid: str) -> Plan | None:
        return next((p for p in self.plans if p.id == pid), None)

    def entries(self) -> list[Entry]:
        """The plans whose original is a regular file in library/files."""
        out = []
        for p in self.plans:
            f = self.path_of(p)
            if f.is_file():
                out.append(Entry(file=f, id=p.id, short_title=p.short_title, seq=None, origin="imported",
                                 source_name=p.original))
        return out

    def replaced(self) -> set[str]:
        return {p.replaces for p in self.plans if p.replaces}

    # ---- changes (staged: nothing is in place until commit) ----
    def stage_file(self, src: Path, sha: str) -> tuple[Staged, str]:
        """A copy of the original, to go into library/files/ at commit."""
        name = f"{sha[:12]}-{safe_name(src.name)}"
        if self.files.exists() and not self._files_ok():
            raise OSError(errno.ENOTDIR, "不是数据文件夹中的文件夹（是指向别处的链接）", str(self.files))
        st = Staged(self.files / name, prefix=".plandesk-")
        st.path.write_bytes(Path(src).read_bytes())
        return st, name

    def stage_manifest(self) -> Staged:
        st = Staged(self.root / MANIFEST, suffix=".json", prefix=".plandesk-")
        st.path.write_text(json.dumps({"format": FORMAT, "plans": [asdict(p) for p in self.plans]},
                                      ensure_ascii=False, indent=1), encoding="utf-8")
        return st


def _plan(raw) -> Plan:
    """A manifest entry, every field of the type it must have (TypeError if not)."""
    if not isinstance(raw, dict):
        raise TypeError("a plan is not an object")
    p = Plan(**raw)
    for k in ("id", "file", "original", "sha256", "format", "imported", "title"):
        if not isinstance(getattr(p, k), str) or (k in ("id", "file") and not getattr(p, k)):
            raise TypeError(f"plan.{k}")
    for k in ("doc_number", "replaces", "short_title"):
        if getattr(p, k) is not None and not isinstance(getattr(p, k), str):
            raise TypeError(f"plan.{k}")
    return p


def safe_name(name: str) -> str:
    """A file name safe on every system (no separators, no control characters)."""
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", name).strip(" .") or "plan"
    return name[-120:]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
