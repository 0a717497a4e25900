"""The corpus: plan files in a folder, and the catalog of what the texts don't state."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .. import paths

CATALOG = "catalog.toml"


@dataclass
class Entry:
    file: Path
    id: str
    short_title: str | None
    seq: int | None


def load_catalog(folder: Path) -> dict[str, dict]:
    f = folder / CATALOG
    if not f.exists():
        f = paths.resource("corpus") / CATALOG
    if not f.exists():
        return {}
    data = tomllib.loads(f.read_text(encoding="utf-8"))
    return {p["file"]: p for p in data.get("plan", [])}


def slug(name: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", Path(name).stem).strip("-").lower()
    return s or "plan"


def entries(folder: str | Path | None = None) -> list[Entry]:
    folder = Path(folder) if folder else paths.resource("corpus")
    cat = load_catalog(folder)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".txt", ".md") and p.is_file())
    out = []
    for p in files:
        c = cat.get(p.name, {})
        out.append(Entry(file=p, id=c.get("id") or slug(p.name), short_title=c.get("short_title"),
                         seq=c.get("seq")))
    return out
