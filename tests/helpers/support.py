"""Helpers shared by the importer tests: where things are, answer keys, normalisation.

Imported as ``from tests.helpers import support``: tests/ is a package and the repo
root is on sys.path (pyproject.toml's ``pythonpath = ["."]`` under pytest; ``python -m``
from the repo root for the by-hand scripts).
"""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

TESTS = Path(__file__).absolute().parent.parent
REPO = TESTS.parent
SHARED = REPO.parent / "shared"          # ../shared relative to the repo root
GOLDEN = SHARED / "golden"
KEYS = TESTS / "keys"                     # hand-made keys for 001-003, always present
CORPUS = REPO / "resources" / "corpus"
SCORER = SHARED / "tools" / "score_import.py"
SCHEMA_MD = SHARED / "SCHEMA.md"

PREFIXES = ("000", "001", "002", "003", "004")
GOLDEN_PREFIXES = ("000", "004")          # keys published in ../shared/golden


def source_path(prefix: str) -> Path:
    (p,) = sorted(CORPUS.glob(f"{prefix}_*.txt"))
    return p


def catalog() -> dict[str, dict]:
    data = tomllib.loads((CORPUS / "catalog.toml").read_text(encoding="utf-8"))
    return {p["file"]: p for p in data["plan"]}


def doc_id(prefix: str) -> str:
    return catalog()[source_path(prefix).name]["id"]


def need_shared(path: Path = SHARED) -> Path:
    """Skip the calling test when ../shared (or a file in it) is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


def load_key(prefix: str) -> dict:
    """The answer key: ../shared/golden for 000/004 (skip if absent), tests/keys for 001-003."""
    name = source_path(prefix).stem + ".json"
    if prefix in GOLDEN_PREFIXES:
        return json.loads(need_shared(GOLDEN / name).read_text(encoding="utf-8"))
    return json.loads((KEYS / name).read_text(encoding="utf-8"))


# ---- normalisation, as ../shared/golden/README.md describes the comparison ----

DASHES = dict.fromkeys(map(ord, "―—－–‐‑‒"), "-")
_WS = re.compile(r"\s+")


def nows(s) -> str:
    """White space removed."""
    return _WS.sub("", s or "")


def norm(s) -> str:
    """Labels, titles, metadata: NFKC, dashes unified, white space removed."""
    if s is None:
        return ""
    return nows(unicodedata.normalize("NFKC", str(s)).translate(DASHES))


def norm_lead(s) -> str:
    """Box item leads: NFKC and white space removed."""
    return nows(unicodedata.normalize("NFKC", s or ""))


# ---- the store seen as the keys describe documents ----

def label_path(sec: dict | None, by_id: dict[str, dict]) -> str | None:
    """'第三章/第一节' for a section row: its labels from the top (None for no section)."""
    if sec is None:
        return None
    out = []
    while sec is not None:
        out.append(sec["label"])
        sec = by_id.get(sec["parent_id"]) if sec["parent_id"] else None
    return "/".join(reversed(out))


def store_sections(store, did: str) -> list[dict]:
    """Sections in order, each with 'parent' as a label path, like the keys."""
    secs = store.sections(did)
    by_id = {s["id"]: s for s in secs}
    return [dict(s, parent=label_path(by_id.get(s["parent_id"]), by_id) if s["parent_id"] else None)
            for s in secs]


def section_paths(store, did: str) -> dict[str, str]:
    """section id -> label path."""
    secs = store.sections(did)
    by_id = {s["id"]: s for s in secs}
    return {s["id"]: label_path(s, by_id) for s in secs}


def run_cli(capsys, *argv):
    """Run `plandesk ARGV…` in-process: (exit code, stdout, stderr)."""
    from desktop.cli import main
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err



def plandesk() -> list[str]:
    """The plandesk command for tests that run it in a fresh process: the checkout's,
    or the bundle's executable when PLANDESK_BUNDLE names one (`make test-bundle`
    runs the fault and two-window suites that way too)."""
    import os
    import sys
    exe = os.environ.get("PLANDESK_BUNDLE")
    return [exe] if exe else [sys.executable, "-m", "desktop"]


def make_user_v1(path, target="open-platforms-2018:专栏1", note="要看") -> None:
    """A version-1 user.sqlite, as the first release wrote it, holding one bookmark."""
    import sqlite3

    from db.store.userdata import MIGRATIONS
    con = sqlite3.connect(path)
    con.executescript(MIGRATIONS[1])
    con.execute("insert into bookmarks (target_id, kind, title, note, created, updated) "
                "values (?, 'box', '专栏1', ?, 'x', 'x')", (target, note))
    con.execute("pragma user_version = 1")
    con.commit()
    con.close()
