"""The corpus: plan files in a folder, and the catalog of what the texts don't state."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .errors import UnimportableFile

CATALOG = "catalog.toml"
FORMATS = (".txt", ".md", ".docx", ".doc", ".wps", ".pdf", ".ofd", ".html", ".htm")
_FIELDS = {"file": str, "id": str, "short_title": str, "seq": int}


@dataclass
class Entry:
    file: Path
    id: str
    short_title: str | None
    seq: int | None
    origin: str = "bundled"        # bundled | corpus (a --corpus folder) | imported (the library)
    sha256: str = ""               # of the file's bytes, once read
    source_name: str | None = None  # the name to show (an imported original's), if not the file's


def load_catalog(folder: Path) -> dict[str, dict]:
    """The folder's catalog.toml (else the bundled one), checked: a broken one is an
    UnimportableFile naming it and saying what is wrong."""
    f = folder / CATALOG
    if not f.exists():
        f = paths.resource("corpus") / CATALOG
    if not f.exists():
        return {}
    try:
        data = tomllib.loads(f.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise UnimportableFile(f, f"无法读取目录文件（{getattr(e, 'strerror', None) or e}）") from None
    except tomllib.TOMLDecodeError as e:
        raise UnimportableFile(f, f"目录文件格式有误（{e}）") from None
    plans = data.get("plan", [])
    if not isinstance(plans, list) or not all(isinstance(p, dict) for p in plans):
        raise UnimportableFile(f, "目录文件格式有误（plan 应为 [[plan]] 表的列表）")
    out = {}
    for k, p in enumerate(plans, start=1):
        if "file" not in p:
            raise UnimportableFile(f, f"目录文件第 {k} 个 [[plan]] 缺少 file")
        for key, typ in _FIELDS.items():
            if key in p and (not isinstance(p[key], typ) or isinstance(p[key], bool)):
                raise UnimportableFile(f, f"目录文件第 {k} 个 [[plan]] 的 {key} 类型不对（应为{'文字' if typ is str else '整数'}）")
        out[p["file"]] = p
    return out


def slug(name: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", Path(name).stem).strip("-").lower()
    return s or "plan"


def entries(folder: str | Path | None = None) -> list[Entry]:
    folder = Path(folder) if folder else paths.resource("corpus")
    if not folder.is_dir():
        raise UnimportableFile(folder, "不是一个文件夹" if folder.exists() else "文件夹不存在")
    cat = load_catalog(folder)
    by_stem = {Path(k).stem: v for k, v in cat.items()}      # the same plan in another format
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FORMATS and p.is_file()
                   and not p.name.startswith("."))
    origin = "bundled" if folder.resolve() == paths.resource("corpus").resolve() else "corpus"
    out = []
    for p in files:
        c = cat.get(p.name) or by_stem.get(p.stem, {})
        out.append(Entry(file=p, id=c.get("id") or slug(p.name), short_title=c.get("short_title"),
                         seq=c.get("seq"), origin=origin))
    return out
