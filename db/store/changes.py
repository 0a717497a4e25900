"""Changing a few plans of a large store without rebuilding it: a copy of
plans.sqlite with some documents taken out and new ones put in. Only the new
plans' rows and statements are computed; everything else is copied."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .. import paths
from ..atomic import Staged
from ..positioning import Platform, load_classes, platform_rows
from ..positioning.extract import with_discovered
from ..progress import Progress
from .builder import Parsed, connect_staged, content_hash, display_key, gazetteer_for, user_gazetteer_hash
from .rows import doc_rows
from .schema import SCHEMA_VERSION
from .trust import check_plans, connect_ro

_BY_DOCUMENT = ("sections", "boxes", "indicators", "positionings", "mentions", "platform_candidates", "doc_notes",
                "plan_refs")


class NeedsRebuild(Exception):
    """The store was built with another gazetteer or schema: change it by a full build."""


def _delete(con: sqlite3.Connection, ids: set[str]) -> None:
    marks = ",".join("?" * len(ids))
    args = list(ids)
    con.execute(f"delete from box_items where box_id in (select id from boxes where document_id in ({marks}))", args)
    for t in _BY_DOCUMENT:
        con.execute(f"delete from {t} where document_id in ({marks})", args)
    con.execute(f"delete from documents where id in ({marks})", args)


def _renumber(con: sqlite3.Connection) -> None:
    rows = con.execute("select id, catalog_seq, issued_date, period from documents").fetchall()
    rows.sort(key=lambda r: display_key(r[1], r[2], r[3], r[0]))
    con.executemany("update documents set seq=? where id=?", [(k, r[0]) for k, r in enumerate(rows, start=1)])


def _check_same_build(con: sqlite3.Connection, plats, library: tuple[str, str]) -> None:
    """The store is this program's build of the plans it lists, with this gazetteer,
    and of the library as it was (`library`: its digest before and after the change)."""
    meta = dict(con.execute("select key, value from meta").fetchall())
    docs = con.execute("select id, sha256 from documents").fetchall()
    if meta.get("schema_version") != str(SCHEMA_VERSION) or meta.get("content_hash") != content_hash(docs) \
            or meta.get("user_gazetteer", "") != user_gazetteer_hash(plats) or (meta.get("library") or "") != library[0]:
        raise NeedsRebuild()


def _source(data: Path) -> sqlite3.Connection:
    """The store in use, read-only and checked: none, or one PlanDesk did not write
    as it is, means a full build."""
    try:
        src = connect_ro(paths.plans_db(data))
    except sqlite3.Error:
        raise NeedsRebuild() from None
    try:
        check_plans(src, paths.plans_db(data))
    except sqlite3.Error:
        src.close()
        raise NeedsRebuild() from None
    return src


def stage_store_change(data: Path, add: Parsed, remove: set[str], progress=None, library: tuple[str, str] = ("", "")
                 ) -> Staged:
    """plans.sqlite with the `remove` documents (and any being replaced) taken out
    and the `add` ones put in, staged beside the one in use. `library`: the library's
    digest the store in use was built with, and the one it is changed to."""
    import sqlite_utils  # lazy: writing only: reading a store needs sqlite3 alone

    progress = Progress.of(progress)
    src = _source(data)
    st = Staged(paths.plans_db(data), suffix=".sqlite", prefix=".plans-")
    try:
        dst = connect_staged(st.path)
        try:
            src.backup(dst)
            src.close()
            plats = gazetteer_for(data)
            _check_same_build(dst, plats, library)
            progress(0.3, "写入数据")
            db = sqlite_utils.Database(dst)
            with dst:
                _delete(dst, set(remove) | {e.id for e, _ in add})
                for e, d in add:
                    for table, rs in doc_rows(d, e, 0).items():
                        if rs:
                            db[table].insert_all(rs)
                # the platforms discovered in the plans kept are known to the new ones too
                kept = [Platform(id=r[0], name=r[1], kind=r[2], source="discovered") for r in dst.execute(
                    "select id, name, kind from platforms where source='discovered'")]
                found, new = with_discovered([(e.id, d) for e, d in add], list(plats) + kept, load_classes(),
                                             getattr(plats, "ignored", frozenset()))
                if new:
                    db["platforms"].insert_all(platform_rows(new, load_classes()))
                for table, rs in (("positionings", found.positionings), ("mentions", found.mentions),
                                  ("platform_candidates", found.candidates)):
                    if rs:
                        db[table].insert_all(rs)
                # a discovered platform of a plan taken out, positioned nowhere now
                dst.execute("delete from platforms where source='discovered' and id not in"
                            " (select platform_id from positionings)")
                _renumber(dst)
                docs = dst.execute("select id, sha256 from documents").fetchall()
                dst.execute("update meta set value=? where key='content_hash'", [content_hash(docs)])
                dst.execute("insert or replace into meta (key, value) values ('library', ?)", [library[1]])
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        progress.check()
    except BaseException:
        src.close()
        st.discard()
        raise
    progress(1.0, "数据已写入")
    return st
