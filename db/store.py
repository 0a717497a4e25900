"""Writing plans.sqlite atomically, and the one read facade over it."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from . import corpus, paths
from .model import ParsedDoc
from .schema import PKS, SCHEMA_VERSION, TABLES

Progress = Callable[[float, str], None]


def _create(db) -> None:
    for name, cols in TABLES.items():
        db[name].create(cols, pk=PKS.get(name, "id"))
    db["sections"].create_index(["document_id", "seq"])
    db["boxes"].create_index(["document_id", "seq"])
    db["box_items"].create_index(["box_id", "seq"])
    db["indicators"].create_index(["document_id"])
    db["positionings"].create_index(["platform_id", "document_id", "rank"])
    db["mentions"].create_index(["platform_id", "document_id"])


def doc_rows(doc: ParsedDoc, entry: corpus.Entry, seq: int) -> dict[str, list[dict]]:
    did = entry.id
    sec_id = {id(s): f"{did}:{s.path}" for s in doc.sections}
    rows: dict[str, list[dict]] = {k: [] for k in TABLES}
    year = int(doc.issued_date[:4]) if doc.issued_date else (int(doc.period[:4]) if doc.period else None)
    rows["documents"].append(dict(
        id=did, source_file=doc.source_file, title=doc.title,
        short_title=entry.short_title or doc.title, doc_number=doc.doc_number, issuer=doc.issuer,
        issued_date=doc.issued_date, period=doc.period, seq=seq, year=year, encoding=doc.encoding,
        notice=doc.notice, preamble=doc.preamble,
        preamble_line_start=doc.preamble_lines[0] if doc.preamble_lines else None,
        preamble_line_end=doc.preamble_lines[1] if doc.preamble_lines else None,
        n_lines=doc.n_lines, order_reliable=int(doc.order_reliable),
        order_note=next((n.message for n in doc.notes if n.kind == "order_unreliable"), None),
        dropped_repeats=doc.dropped_repeats))
    for s in doc.sections:
        rows["sections"].append(dict(
            id=sec_id[id(s)], document_id=did, parent_id=sec_id[id(s.parent)] if s.parent else None,
            level=s.level, label=s.label, title=s.title, path=s.path, seq=s.seq, text=s.text,
            line_start=s.line_start, line_end=s.line_end, family=s.family,
            inferred=int(s.inferred), para_lines=json.dumps(s.para_lines) if s.para_lines else None))
    from .boxes import cells_json, render_markdown
    for b in doc.boxes:
        bid = f"{did}:{b.label}"
        rows["boxes"].append(dict(
            id=bid, document_id=did, section_id=sec_id.get(id(b.section)) if b.section else None,
            label=b.label, title=b.title, kind=b.kind,
            columns=json.dumps(b.columns, ensure_ascii=False) if b.columns else None, seq=b.seq,
            text=render_markdown(b.label, b.title, b.kind, b.columns, b.items),
            line_start=b.line_start, line_end=b.line_end, note=b.note))
        for k, it in enumerate(b.items):
            rows["box_items"].append(dict(
                id=f"{bid}#{k}", box_id=bid, seq=k, lead=it.lead, text=it.text, cells=cells_json(it),
                inherited=json.dumps(it.inherited, ensure_ascii=False) if it.inherited else None,
                line_start=it.line_start, line_end=it.line_end))
    for ind in doc.indicators:
        key = ind.table_label or "target"
        rows["indicators"].append(dict(
            id=f"{did}:{key}#{ind.seq}", document_id=did,
            box_id=f"{did}:{ind.box.label}" if ind.box else None, table_label=ind.table_label,
            seq=ind.seq, category=ind.category, name=ind.name, unit=ind.unit,
            baseline_year=ind.baseline_year, target_year=ind.target_year, baseline=ind.baseline,
            target=ind.target, baseline_value=ind.baseline_value, target_value=ind.target_value,
            cumulative=ind.cumulative, nature=ind.nature,
            section_id=sec_id.get(id(ind.section)) if ind.section else None,
            source_text=ind.source_text, confidence=ind.confidence,
            line_start=ind.line_start or None, line_end=ind.line_end or None))
    for k, n in enumerate(doc.notes):
        rows["doc_notes"].append(dict(id=f"{did}:note#{k}", document_id=did, kind=n.kind,
                                      message=n.message, line=n.line))
    return rows


def build(corpus_dir: str | Path | None, data: Path, progress: Progress | None = None,
          cancelled: Callable[[], bool] | None = None) -> Path:
    """Import every plan in corpus_dir into data/plans.sqlite, atomically.

    All files are parsed first; any bad file aborts the build (ImportError_)
    and the existing plans.sqlite is left untouched.
    """
    import sqlite_utils  # writing only: the reader needs nothing but sqlite3

    from .importer import parse_file
    progress = progress or (lambda f, m: None)
    ents = corpus.entries(corpus_dir)
    if not ents:
        raise FileNotFoundError(f"{corpus_dir}: no .txt or .md plan found")
    parsed = []
    for k, e in enumerate(ents):
        if cancelled and cancelled():
            raise KeyboardInterrupt("cancelled")
        progress(k / (len(ents) + 1), f"导入 {e.file.name}")
        parsed.append((e, parse_file(e.file)))
    # display order: the catalog's, then the others by year
    parsed.sort(key=lambda t: (t[0].seq is None, t[0].seq or 0, t[1].issued_date or t[1].period or "", t[0].id))
    ids = [e.id for e, _ in parsed]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        seen: dict[str, int] = {}
        for k, (e, d) in enumerate(parsed):
            if e.id in dupes:
                seen[e.id] = seen.get(e.id, 0) + 1
                if seen[e.id] > 1:
                    e.id = f"{e.id}-{seen[e.id]}"
    progress(len(ents) / (len(ents) + 1), "写入 plans.sqlite")
    target = paths.plans_db(data)
    fd, tmp = tempfile.mkstemp(prefix=".plans-", suffix=".sqlite", dir=data)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        db = sqlite_utils.Database(conn)
        _create(db)
        digest = hashlib.sha256()
        with db.conn:
            for seq, (e, d) in enumerate(parsed, start=1):
                rows = doc_rows(d, e, seq)
                for table, rs in rows.items():
                    if rs:
                        db[table].insert_all(rs)
                digest.update(e.file.read_bytes())
            from .positioning import extract, load_gazetteer, platform_rows
            plats = load_gazetteer()
            digest.update(paths.resource("platforms.toml").read_bytes())
            db["platforms"].insert_all(platform_rows(plats))
            pos, ments = extract(conn, plats)
            if pos:
                db["positionings"].insert_all(pos)
            if ments:
                db["mentions"].insert_all(ments)
            db["meta"].insert_all([
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                {"key": "content_hash", "value": digest.hexdigest()[:16]},
            ])
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
        if cancelled and cancelled():
            raise KeyboardInterrupt("cancelled")
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    progress(1.0, "完成")
    return target


class Store:
    """Read-only facade over plans.sqlite. One per thread."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=True)

    def close(self):
        self.db.close()

    def meta(self, key: str) -> str | None:
        r = self.db.execute("select value from meta where key=?", [key]).fetchone()
        return r[0] if r else None

    def _rows(self, sql: str, args: Iterable = ()) -> list[dict]:
        cur = self.db.execute(sql, list(args))
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def documents(self) -> list[dict]:
        return self._rows("select * from documents order by seq")

    def document(self, doc_id: str) -> dict | None:
        r = self._rows("select * from documents where id=?", [doc_id])
        return r[0] if r else None

    def sections(self, doc_id: str) -> list[dict]:
        return self._rows("select * from sections where document_id=? order by seq", [doc_id])

    def section(self, sid: str) -> dict | None:
        r = self._rows("select * from sections where id=?", [sid])
        return r[0] if r else None

    def boxes(self, doc_id: str | None = None) -> list[dict]:
        if doc_id:
            return self._rows("select * from boxes where document_id=? order by seq", [doc_id])
        return self._rows("select b.* from boxes b join documents d on d.id=b.document_id order by d.seq, b.seq")

    def box(self, bid: str) -> dict | None:
        r = self._rows("select * from boxes where id=?", [bid])
        return r[0] if r else None

    def items(self, bid: str) -> list[dict]:
        return self._rows("select * from box_items where box_id=? order by seq", [bid])

    def indicators(self, doc_id: str | None = None) -> list[dict]:
        if doc_id:
            return self._rows("select * from indicators where document_id=? order by table_label is null, table_label, seq", [doc_id])
        return self._rows("select * from indicators order by document_id, table_label is null, table_label, seq")

    def indicator(self, iid: str) -> dict | None:
        r = self._rows("select * from indicators where id=?", [iid])
        return r[0] if r else None

    def platforms(self) -> list[dict]:
        return self._rows("select * from platforms order by rowid")

    def platform(self, pid: str) -> dict | None:
        r = self._rows("select * from platforms where id=?", [pid])
        return r[0] if r else None

    def find_platform(self, name: str) -> dict | None:
        """A platform by id, name or any alias (whitespace ignored)."""
        name = "".join(name.split())
        for p in self.platforms():
            names = [p["id"], p["name"]] + json.loads(p["aliases"] or "[]")
            if name in names:
                return p
        return None

    def positionings(self, pid: str, doc_id: str | None = None) -> list[dict]:
        if doc_id:
            return self._rows("select * from positionings where platform_id=? and document_id=? order by rank",
                              [pid, doc_id])
        return self._rows("select * from positionings where platform_id=? order by document_id, rank", [pid])

    def mentions(self, pid: str, doc_id: str) -> list[dict]:
        return self._rows("select * from mentions where platform_id=? and document_id=? order by rowid", [pid, doc_id])

    def mention_count(self, pid: str, doc_id: str) -> int:
        return self.db.execute("select count(*) from mentions where platform_id=? and document_id=?",
                               [pid, doc_id]).fetchone()[0]

    def notes(self, doc_id: str) -> list[dict]:
        return self._rows("select * from doc_notes where document_id=? order by line", [doc_id])
