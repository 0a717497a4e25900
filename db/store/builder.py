"""Building plans.sqlite from a corpus folder: parse every plan, then write one
new database beside the old one and put it in place only when complete."""
from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
import sqlite3
from pathlib import Path

from .. import paths
from ..atomic import Staged
from ..importer import corpus, parse_text, textio
from ..importer.errors import ImportError_
from ..importer.model import ParsedDoc
from ..positioning import extract, load_gazetteer, platform_rows
from ..progress import Progress
from .rows import doc_rows
from .schema import SCHEMA_VERSION, create

log = logging.getLogger(__name__)
Parsed = list[tuple[corpus.Entry, ParsedDoc]]

# Parsing is pure: a file whose bytes (and name) were parsed before in this
# process is not parsed again (a rebuild, an import into a library).
_PARSED: OrderedDict[str, ParsedDoc] = OrderedDict()
_PARSED_MAX = 64


def clear_parse_cache() -> None:
    """Forget earlier parses (benchmarks measure cold builds)."""
    _PARSED.clear()


def parse_cached(path: Path) -> tuple[ParsedDoc, bytes]:
    """The file parsed (ImportError_ for a bad one), and its bytes."""
    data = textio.read_bytes(path)
    key = hashlib.sha256(data).hexdigest() + "/" + Path(path).name
    doc = _PARSED.get(key)
    if doc is None:
        text, enc = textio.decode(data, path)
        try:
            doc = parse_text(text, Path(path).name, enc)
        except ImportError_ as e:
            raise ImportError_(path, e.reason) from None
        except Exception as e:   # a text the importer cannot handle: a message, never a traceback
            log.exception("parsing %s failed", path)
            raise ImportError_(path, f"无法解析（{type(e).__name__}）") from None
        _PARSED[key] = doc
        if len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(key)
    return doc, data


def parse_corpus(corpus_dir: str | Path | None, progress: Progress) -> Parsed:
    """Every plan of the folder parsed (any bad file raises ImportError_), in
    display order (the catalog's, then the others by date), with unique ids."""
    ents = corpus.entries(corpus_dir)
    if not ents:
        raise ImportError_(corpus_dir or "corpus", "文件夹中没有 .txt 或 .md 规划文本")
    parsed = []
    for k, e in enumerate(ents):
        progress(k / len(ents), f"解析规划 {k + 1}/{len(ents)}")
        parsed.append((e, parse_cached(e.file)[0]))
    parsed.sort(key=lambda t: (t[0].seq is None, t[0].seq or 0, t[1].issued_date or t[1].period or "", t[0].id))
    seen: dict[str, int] = {}
    for e, _ in parsed:
        seen[e.id] = seen.get(e.id, 0) + 1
        if seen[e.id] > 1:
            e.id = f"{e.id}-{seen[e.id]}"
    return parsed


def write(parsed: Parsed, path: Path, corpus_dir: str | Path | None) -> None:
    """Write a complete store for the parsed plans into the empty file `path`."""
    import sqlite_utils  # writing only: the reader needs nothing but sqlite3

    conn = sqlite3.connect(path)
    try:
        db = sqlite_utils.Database(conn)
        create(db)
        digest = hashlib.sha256()
        with db.conn:
            for seq, (e, d) in enumerate(parsed, start=1):
                for table, rs in doc_rows(d, e, seq).items():
                    if rs:
                        db[table].insert_all(rs)
                digest.update(e.file.read_bytes())
            plats = load_gazetteer()
            digest.update(paths.resource("platforms.toml").read_bytes())
            db["platforms"].insert_all(platform_rows(plats))
            pos, ments = extract([(e.id, d) for e, d in parsed], plats)
            if pos:
                db["positionings"].insert_all(pos)
            if ments:
                db["mentions"].insert_all(ments)
            db["meta"].insert_all([
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                {"key": "content_hash", "value": digest.hexdigest()[:16]},
                {"key": "corpus", "value": str(Path(corpus_dir).resolve()) if corpus_dir else ""},
            ])
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def stage(corpus_dir: str | Path | None, data: Path, progress=None) -> Staged:
    """A complete new store beside plans.sqlite, not yet in place."""
    progress = Progress.of(progress)
    parsed = parse_corpus(corpus_dir, progress.part(0, 0.8))
    progress(0.8, "写入数据")
    st = Staged(paths.plans_db(data), suffix=".sqlite", prefix=".plans-")
    try:
        write(parsed, st.path, corpus_dir)
        progress.check()
    except BaseException:
        st.discard()
        raise
    progress(1.0, "数据已写入")
    return st


def build(corpus_dir: str | Path | None, data: Path, progress=None) -> Path:
    """Import every plan in corpus_dir into data/plans.sqlite, atomically.

    All files are parsed first; any bad file aborts the build (ImportError_)
    and the existing plans.sqlite is left untouched."""
    return stage(corpus_dir, Path(data), progress).commit()


def corpus_of(store) -> str | None:
    """The corpus folder a store was built from (None: the bundled corpus)."""
    return store.meta("corpus") or None
