"""The user's own plans: each imported original kept in DATA/library/ with a manifest.

The store is built from the bundled corpus plus the library, so an imported plan
survives every rebuild. The manifest (manifest.json) records, per plan, its id,
the original file name, sha256, format, import time, title and 发文字号, and the
bundled plan it replaces, if any (then it keeps that plan's id, and bookmarks
into it keep working). Written atomically; a damaged one is set aside and the
entries recovered from the files themselves.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from ..atomic import Staged
from ..importer.corpus import Entry

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
        lib = cls(Path(data))
        f = lib.root / MANIFEST
        if not f.exists():
            return lib
        try:
            raw = json.loads(f.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT:
                raise ValueError("unknown format")
            lib.plans = [Plan(**p) for p in raw.get("plans", [])]
        except (ValueError, TypeError, KeyError, OSError):
            aside = f.with_name(f"{MANIFEST}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
            os.replace(f, aside)
            lib.plans = lib._recover()
            lib.notice = f"导入规划的清单已损坏（已另存为 {aside.name}），已根据保存的原文件恢复 {len(lib.plans)} 份"
        return lib

    def _recover(self) -> list[Plan]:
        out = []
        for p in sorted(self.files.glob("*")) if self.files.is_dir() else []:
            sha = hashlib.sha256(p.read_bytes()).hexdigest()
            original = p.name.split("-", 1)[1] if "-" in p.name else p.name
            out.append(Plan(id=f"imported-{sha[:8]}", file=p.name, original=original, sha256=sha,
                            format=p.suffix.lstrip(".").lower(), imported=datetime.fromtimestamp(
                                p.stat().st_mtime).isoformat(timespec="seconds")))
        return out

    # ---- queries ----
    def by_sha(self, sha: str) -> Plan | None:
        return next((p for p in self.plans if p.sha256 == sha), None)

    def by_id(self, pid: str) -> Plan | None:
        return next((p for p in self.plans if p.id == pid), None)

    def entries(self) -> list[Entry]:
        return [Entry(file=self.files / p.file, id=p.id, short_title=p.short_title, seq=None, origin="imported",
                      source_name=p.original)
                for p in self.plans if (self.files / p.file).is_file()]

    def replaced(self) -> set[str]:
        return {p.replaces for p in self.plans if p.replaces}

    # ---- changes (staged: nothing is in place until commit) ----
    def stage_file(self, src: Path, sha: str) -> tuple[Staged, str]:
        """A copy of the original, to go into library/files/ at commit."""
        name = f"{sha[:12]}-{safe_name(src.name)}"
        st = Staged(self.files / name, prefix=".plandesk-")
        st.path.write_bytes(Path(src).read_bytes())
        return st, name

    def stage_manifest(self) -> Staged:
        st = Staged(self.root / MANIFEST, suffix=".json", prefix=".plandesk-")
        st.path.write_text(json.dumps({"format": FORMAT, "plans": [asdict(p) for p in self.plans]},
                                      ensure_ascii=False, indent=1), encoding="utf-8")
        return st


def safe_name(name: str) -> str:
    """A file name safe on every system (no separators, no control characters)."""
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", name).strip(" .") or "plan"
    return name[-120:]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
