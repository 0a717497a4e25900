"""Building plans.sqlite from a corpus folder: parse every plan, then write one
new database beside the old one and put it in place only when complete."""
from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
import sqlite3
from pathlib import Path
from typing import Callable, Iterator

from .. import paths
from ..atomic import Staged
from ..importer import corpus, parse_file, textio
from ..importer.errors import UnimportableFile
from ..importer.model import ParsedDoc
from ..importer.workers import Workers, ahead, answer, parse_outcome
from ..positioning import Platform, class_rows, load_classes, load_gazetteer, platform_rows
from ..positioning.extract import with_discovered
from ..progress import Progress
from .rows import doc_rows
from .schema import SCHEMA_VERSION, create
from .library import Library
from .userdata import accepted_platforms, decided_platforms, merged_platforms

log = logging.getLogger(__name__)
Parsed = list[tuple[corpus.Entry, ParsedDoc]]

# Parsing is pure: a file whose bytes (and name) were parsed before in this
# process is not parsed again (a rebuild, an import into a library).
_PARSED: OrderedDict[str, ParsedDoc] = OrderedDict()
_PARSED_MAX = 64


def clear_parse_cache() -> None:
    """Forget earlier parses (benchmarks measure cold builds)."""
    _PARSED.clear()


def _parse_key(path: Path, data: bytes) -> str:
    return hashlib.sha256(data).hexdigest() + "/" + Path(path).name


def _remember(key: str, doc: ParsedDoc) -> None:
    _PARSED[key] = doc
    if len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)


def parse_cached(path: Path) -> tuple[ParsedDoc, bytes]:
    """The file parsed (UnimportableFile for a bad one), and its bytes."""
    data = textio.read_bytes(path)
    key = _parse_key(path, data)
    doc = _PARSED.get(key)
    if doc is None:
        try:
            doc = parse_file(path, data)
        except UnimportableFile:
            raise
        except Exception as e:   # a text the importer cannot handle: a message, never a traceback
            log.exception("parsing %s failed", path)
            raise UnimportableFile(path, f"无法解析（{type(e).__name__}）") from None
        _remember(key, doc)
    else:
        _PARSED.move_to_end(key)
    return doc, data


def parses(files: list[Path], workers: Workers | None = None) -> Iterator[Callable[[], tuple[ParsedDoc, bytes]]]:
    """For each file in turn, what parse_cached(file) gives (call it: the plan and its
    bytes, or the UnimportableFile); the files not parsed before are parsed by the
    workers, all at once, when there are enough of them."""
    if workers is None or workers.pool(len(files)) is None:
        for f in files:
            yield lambda f=f: parse_cached(f)
        return
    reads, todo = [], {}
    for f in files:
        try:
            data = textio.read_bytes(f)
        except UnimportableFile as err:
            reads.append(err)
            continue
        key = _parse_key(f, data)
        reads.append((data, key))
        if key not in _PARSED and key not in todo:
            todo[key] = (str(f), data)
    outcomes = workers.map(parse_outcome, list(todo.values()))
    got: dict[str, tuple] = {}
    for f, r in zip(files, reads):
        yield lambda f=f, r=r: _parsed(f, r, outcomes, got)


def _parsed(f: Path, r, outcomes, got: dict) -> tuple[ParsedDoc, bytes]:
    """parse_cached's answer for a file whose bytes were read (r: (bytes, key), or the
    UnimportableFile reading it raised) and sent to the workers unless parsed before."""
    if isinstance(r, UnimportableFile):
        raise r
    data, key = r
    if key in _PARSED:
        _PARSED.move_to_end(key)
        return _PARSED[key], data
    if key not in got:
        got[key] = next(outcomes)        # in the order the files were sent
    doc = answer(f, got[key])
    _remember(key, doc)
    return doc, data


def display_key(seq: int | None, issued: str | None, period: str | None, did: str):
    """The order plans are shown in: the catalog's, then the others by date."""
    return (seq is None, seq or 0, issued or period or "", did)


def corpus_entries(corpus_dir: str | Path | None, data: Path | None) -> list[corpus.Entry]:
    """The corpus folder's plans and the library's (a library plan that replaces
    a bundled one takes its place)."""
    ents = corpus.entries(corpus_dir)
    if data is not None:
        lib = Library.load(data)
        gone = lib.replaced()
        ents = [e for e in ents if e.id not in gone] + lib.entries()
    return ents


def parse_entries(ents: list[corpus.Entry], progress: Progress, refused: list | None = None,
                  strict: bool = False, workers: Workers | None = None) -> Parsed:
    """Every plan parsed, in display order, with unique ids. A bad file raises
    UnimportableFile, unless `refused` is a list: then it gets (file, reason) and the
    build goes on without it. `strict`: a file the self-check has findings on is
    refused too (its first finding as the reason). `workers`: to parse many in."""
    parsed = []
    for k, (e, parse) in enumerate(zip(ents, parses([e.file for e in ents], workers))):
        progress(k / len(ents), f"解析规划 {k + 1}/{len(ents)}")
        try:
            doc, data = parse()
            if strict and doc.checks:
                raise UnimportableFile(e.file, f"自检发现{len(doc.checks)}处问题：{doc.checks[0].text()}")
        except UnimportableFile as err:
            if refused is None:
                raise
            log.info("refused %s: %s", e.file, err.reason)
            refused.append((str(e.file), err.reason))
            continue
        e.sha256 = hashlib.sha256(data).hexdigest()
        parsed.append((e, doc))
    parsed.sort(key=lambda t: display_key(t[0].seq, t[1].issued_date, t[1].period, t[0].id))
    seen: dict[str, int] = {}
    for e, _ in parsed:
        seen[e.id] = seen.get(e.id, 0) + 1
        if seen[e.id] > 1:
            e.id = f"{e.id}-{seen[e.id]}"
    return parsed


def parse_corpus(corpus_dir: str | Path | None, progress: Progress, data: Path | None = None,
                 refused: list | None = None, strict: bool = False, workers: Workers | None = None) -> Parsed:
    """The corpus's and the library's plans parsed; with a `refused` list, the bad
    ones listed there (a store of the good ones is still built; none good: UnimportableFile)."""
    ents = corpus_entries(corpus_dir, data)
    if not ents:
        raise UnimportableFile(corpus_dir or "corpus", "文件夹中没有可导入的规划文件（.txt .md .docx .doc .wps .pdf .ofd .html）")
    parsed = parse_entries(ents, progress, refused, strict, workers)
    if not parsed:
        f, reason = refused[0]
        raise UnimportableFile(f, reason if len(refused) == 1 else f"{reason}（共{len(refused)}个文件都无法导入）")
    return parsed


REFUSED_KIND = "refused_file"


def refused_rows(refused: list[tuple[str, str]]) -> list[dict]:
    """The files a build refused, as doc_notes rows of no document (kind refused_file,
    message 「文件名：理由」)."""
    return [dict(id=f"refused#{k}:{Path(f).name}", document_id=None, kind=REFUSED_KIND,
                 message=f"{Path(f).name}：{reason}", line=None) for k, (f, reason) in enumerate(refused)]


def refused_files(db_path: Path) -> list[str]:
    """What the store at db_path records as refused by its build (one line each)."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return [m for (m,) in con.execute("select message from doc_notes where kind=? and document_id is null"
                                          " order by rowid", [REFUSED_KIND])]
    except sqlite3.Error:
        return []
    finally:
        con.close()


def content_hash(doc_shas: list[tuple[str, str]]) -> str:
    """What the store was built from: each plan's id and bytes, the gazetteer, the cue
    lists the statements are read with and the metric list targets are linked with."""
    h = hashlib.sha256()
    for did, sha in sorted(doc_shas):
        h.update(f"{did}:{sha}\n".encode())
    h.update(paths.resource("platforms.toml").read_bytes())
    h.update(paths.resource("positioning_cues.toml").read_bytes())
    h.update(paths.resource("indicator_terms.toml").read_bytes())
    return h.hexdigest()[:16]


class Gazetteer(list):
    """The platforms a build reads the plans with (a list of Platform), and the names the
    user rejected (`ignored`: never made a discovered platform)."""
    ignored: frozenset[str] = frozenset()


def gazetteer_for(data: Path | None) -> Gazetteer:
    """The reviewed gazetteer and the user's decisions (user.sqlite): the platforms the
    user accepted from the discovered ones, marked source=user (a name the reviewed list
    has is not added twice); names merged into a platform, as its names; rejected names."""
    plats = Gazetteer(load_gazetteer())
    if data is None:
        return plats
    udb = paths.user_db(Path(data))
    known = {n for p in plats for n in p.names + p.home}
    for u in accepted_platforms(udb):
        if u["name"] not in known:
            pid = "user-" + hashlib.sha1(u["name"].encode()).hexdigest()[:10]
            plats.append(Platform(id=pid, name=u["name"], kind=u["kind"], source="user"))
    by_id = {p.id: p for p in plats}
    for name, target in sorted(merged_platforms(udb).items()):
        if target in by_id and name not in known:
            by_id[target].merged.append(name)
    plats.ignored = frozenset(n for n, s in decided_platforms(udb).items() if s == "ignored")
    return plats


def user_gazetteer_hash(plats: list[Platform]) -> str:
    """What of the user's decisions a store was built with ('' for none)."""
    user = sorted(f"{p.name}\t{p.kind}" for p in plats if p.source == "user")
    user += sorted(f"{n}\t>{p.id}" for p in plats for n in p.merged)
    user += sorted(f"{n}\t-" for n in getattr(plats, "ignored", ()))
    return hashlib.sha256("\n".join(user).encode()).hexdigest()[:16] if user else ""


def connect_staged(path: Path) -> sqlite3.Connection:
    """A connection to write a staged store: no journal on disk and no fsync per
    transaction. A staged file is thrown away whole if anything goes wrong
    (Staged.discard) and is fsynced before it is put in place (durable_replace),
    so a journal and a sync per transaction would only cost time: at 250 plans,
    writing rows in sqlite_utils' chunks, each its own transaction, made them
    about a quarter of the build."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=MEMORY")
    conn.execute("PRAGMA synchronous=OFF")
    return conn


def write(parsed: Parsed, path: Path, corpus_dir: str | Path | None, plats: list[Platform] | None = None,
          library: str = "", refused: list | None = None, workers: Workers | None = None) -> None:
    """Write a complete store for the parsed plans into the empty file `path`;
    `library` is the digest of the library manifest it was built with; `refused`:
    the files the build left out, (file, reason), recorded in doc_notes; `workers`:
    to read many plans' statements in."""
    import sqlite_utils  # lazy: writing only: reading a store needs sqlite3 alone

    conn = connect_staged(path)
    try:
        db = sqlite_utils.Database(conn)
        create(db)
        with db.conn:
            plats = plats if plats is not None else load_gazetteer()
            classes = load_classes()
            # the statements are read (by the workers, for many plans) while the plans are written
            read = ahead(lambda: with_discovered([(e.id, d) for e, d in parsed], plats, classes,
                                                 getattr(plats, "ignored", frozenset()),
                                                 map_=workers.map if workers is not None else map),
                         workers, len(parsed))
            for seq, (e, d) in enumerate(parsed, start=1):
                for table, rs in doc_rows(d, e, seq).items():
                    if rs:
                        db[table].insert_all(rs)
            found, discovered = read()
            db["platforms"].insert_all(platform_rows(list(plats) + discovered, classes))
            if classes:
                db["platform_classes"].insert_all(class_rows(classes))
            for table, rs in (("positionings", found.positionings), ("mentions", found.mentions),
                              ("platform_candidates", found.candidates)):
                if rs:
                    db[table].insert_all(rs)
            if refused:
                db["doc_notes"].insert_all(refused_rows(refused))
            db["meta"].insert_all([
                {"key": "user_gazetteer", "value": user_gazetteer_hash(plats)},
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                {"key": "content_hash", "value": content_hash([(e.id, e.sha256) for e, _ in parsed])},
                {"key": "corpus", "value": str(Path(corpus_dir).resolve()) if corpus_dir else ""},
                {"key": "library", "value": library},
            ])
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def stage_store(corpus_dir: str | Path | None, data: Path, progress=None, refused: list | None = None,
          strict: bool = False) -> Staged:
    """A complete new store beside plans.sqlite, not yet in place. With a `refused`
    list, a bad file is listed there (and in the store) instead of stopping the build."""
    progress = Progress.of(progress)
    with Workers() as workers:      # started only for a library of many plans
        parsed = parse_corpus(corpus_dir, progress.part(0, 0.8), data, refused, strict, workers)
        return stage_store_of(parsed, data, corpus_dir, progress, refused=refused, workers=workers)


def stage_store_of(parsed: Parsed, data: Path, corpus_dir, progress=None, library: str | None = None,
                 refused: list | None = None, workers: Workers | None = None) -> Staged:
    """A complete new store of these parsed plans beside plans.sqlite, not yet in
    place; `library`: the digest of the library it holds (default: the one in DATA);
    `workers`: to read many plans in."""
    progress = Progress.of(progress)
    library = Library.load(data).digest() if library is None else library
    parsed = sorted(parsed, key=lambda t: display_key(t[0].seq, t[1].issued_date, t[1].period, t[0].id))
    progress(0.8, "写入数据")
    st = Staged(paths.plans_db(data), suffix=".sqlite", prefix=".plans-")
    try:
        write(parsed, st.path, corpus_dir, gazetteer_for(data), library, refused, workers)
        progress.check()
    except BaseException:
        st.discard()
        raise
    progress(1.0, "写入数据")
    return st


def build(corpus_dir: str | Path | None, data: Path, progress=None) -> Path:
    """Import every plan in corpus_dir into data/plans.sqlite, atomically.

    All files are parsed first; any bad file aborts the build (UnimportableFile)
    and the existing plans.sqlite is left untouched."""
    return stage_store(corpus_dir, Path(data), progress).commit()


def corpus_of(store) -> str | None:
    """The corpus folder a store was built from (None: the bundled corpus)."""
    return store.meta("corpus") or None
