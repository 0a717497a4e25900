"""The one read facade over plans.sqlite: every query the program makes, JSON columns decoded."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from .. import place as pl
from ..place import Place
from .schema import JSON_COLUMNS
from .trust import check_plans, connect_ro, objects, plans_objects
from ..positioning.gazetteer import resolve


def _decoder(table: str):
    cols = JSON_COLUMNS.get(table, ())

    def decode(row: dict) -> dict:
        for c in cols:
            v = row.get(c)
            if isinstance(v, str):
                try:
                    row[c] = json.loads(v)
                except ValueError:
                    raise sqlite3.DataError(f"{table}.{c} of {row.get('id')!r} is not JSON") from None
        return row
    return decode


def stale_meta(path: str | Path) -> dict[str, str]:
    """The meta table (schema version, corpus …) of a store PlanDesk wrote for another
    version, read only when that table is exactly PlanDesk's; else {}."""
    try:
        con = connect_ro(path)
    except sqlite3.Error:
        return {}
    try:
        if not {o for o in plans_objects() if o[2] == "meta"} <= objects(con):
            return {}
        return {k: v for k, v in con.execute("select key, value from meta limit 1000")
                if isinstance(k, str) and isinstance(v, str)}
    except sqlite3.Error:
        return {}
    finally:
        con.close()


@dataclass(frozen=True)
class Located:
    """What a place is, as the store holds it: `Store.place` gives it."""
    place: Place              # its kind told: document, preamble, section, box, item, indicator, target, note …
    document: dict
    record: dict | None       # the row itself; None for the plan and its opening words
    section: dict | None      # the section it is, or sits in
    box: dict | None          # the box it is, or sits in

    @property
    def kind(self) -> str:
        return self.place.kind

    @property
    def id(self) -> str:
        return self.place.id

    @property
    def path(self) -> str | None:
        return self.section["path"] if self.section else None

    @property
    def title(self) -> str:
        """What the place is called: 第一节 标题, 专栏1 标题, an indicator's name, the plan's short title."""
        r = self.record
        if self.kind in (pl.SECTION, pl.BOX):
            return f"{r['label']} {r['title']}".strip()
        if self.kind in (pl.INDICATOR, pl.TARGET):
            return r["name"] or ""
        if self.kind == pl.PREAMBLE:
            return "导言"
        return self.document["short_title"] or ""


class Store:
    """Read-only facade over plans.sqlite. One per thread.

    Opening checks the file (db.store.trust): a regular file, holding exactly the
    tables and indexes PlanDesk creates; else `trust.Untrusted` (a StoreError).
    Every statement has a time budget, every value a size bound."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = connect_ro(self.path)
        try:
            check_plans(self.db, self.path)
        except BaseException:
            self.db.close()
            raise

    def close(self):
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()

    def _rows(self, sql: str, args: Iterable = (), table: str | None = None) -> list[dict]:
        cur = self.db.execute(sql, list(args))
        cols = [c[0] for c in cur.description]
        dec = _decoder(table) if table else None
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
        return [dec(r) for r in rows] if dec else rows

    def _one(self, sql: str, args: Iterable = (), table: str | None = None) -> dict | None:
        r = self._rows(sql, args, table)
        return r[0] if r else None

    def meta(self, key: str) -> str | None:
        r = self.db.execute("select value from meta where key=?", [key]).fetchone()
        return r[0] if r else None

    # ---- documents, sections, boxes ----
    def documents(self) -> list[dict]:
        return self._rows("select * from documents order by seq")

    def document(self, doc_id: str) -> dict | None:
        return self._one("select * from documents where id=?", [doc_id])

    def sections(self, doc_id: str) -> list[dict]:
        return self._rows("select * from sections where document_id=? order by seq", [doc_id], "sections")

    def section(self, sid: str) -> dict | None:
        return self._one("select * from sections where id=?", [sid], "sections")

    def boxes(self, doc_id: str | None = None) -> list[dict]:
        if doc_id:
            return self._rows("select * from boxes where document_id=? order by seq", [doc_id], "boxes")
        return self._rows("select b.* from boxes b join documents d on d.id=b.document_id order by d.seq, b.seq",
                          (), "boxes")

    def box(self, bid: str) -> dict | None:
        return self._one("select * from boxes where id=?", [bid], "boxes")

    def items(self, bid: str) -> list[dict]:
        return self._rows("select * from box_items where box_id=? order by seq", [bid], "box_items")

    def item(self, item_id: str) -> dict | None:
        return self._one("select * from box_items where id=?", [item_id], "box_items")

    def place(self, where: "Place | str | None") -> Located | None:
        """The one resolver of places: an id (any form, a pd: link too) or a Place ->
        what it is, with its plan, its section and its box. None: no such place.
        A `{doc}:{x}` is a section, else a box; a `{doc}:{x}#n` a table row, else a box item."""
        p = Place.parse(where)
        if p is None:
            return None
        d = self.document(p.doc)
        if d is None:
            return None
        if p.kind in (pl.DOCUMENT, pl.PREAMBLE):
            return Located(p, d, None, None, None)
        pid = p.id
        if p.kind in (pl.SECTION, pl.UNIT):
            s = self.section(pid)
            if s:
                return Located(replace(p, kind=pl.SECTION), d, s, s, None)
        if p.kind in (pl.BOX, pl.UNIT):
            b = self.box(pid)
            if b:
                return Located(replace(p, kind=pl.BOX), d, b, self._section_of(b), b)
        if p.kind in (pl.INDICATOR, pl.TARGET, pl.ROW):
            i = self.indicator(pid)
            if i:
                kind = pl.INDICATOR if i.get("table_label") else pl.TARGET
                box = self.box(i["box_id"]) if i.get("box_id") else None
                return Located(replace(p, kind=kind), d, i, self._section_of(i), box)
        if p.kind in (pl.ITEM, pl.ROW):
            it = self.item(pid)
            if it:
                b = self.box(it["box_id"])
                return Located(replace(p, kind=pl.ITEM), d, it, self._section_of(b) if b else None, b)
        if p.kind in (pl.NOTE, pl.CHECK):
            n = self._one("select * from doc_notes where id=?", [pid])
            if n:
                return Located(p, d, n, None, None)
        return None

    def _section_of(self, r: dict) -> dict | None:
        return self.section(r["section_id"]) if r.get("section_id") else None

    def unit_text(self, target: "Place | str") -> str | None:
        """All the words a place shows (a section with its 专栏, a 专栏, a plan's
        opening): what a highlight's quote is looked for in. None: no such place."""
        at = self.place(target)
        if at is None:
            return None
        if at.kind in (pl.DOCUMENT, pl.PREAMBLE):
            d = at.document
            return "\n".join(x for x in (d["title"], d.get("notice"), d.get("preamble")) if x)
        if at.kind == pl.SECTION:
            s = at.record
            boxes = [b for b in self.boxes(s["document_id"]) if b["section_id"] == s["id"]]
            return "\n".join([s["title"] or "", s["text"] or ""] + [self._box_text(b) for b in boxes])
        if at.kind == pl.BOX:
            return self._box_text(at.record)
        return None

    def _box_text(self, b: dict) -> str:
        return "\n".join([b["title"] or ""] + [i["text"] for i in self.items(b["id"])])

    def box_summaries(self) -> list[dict]:
        """Every box with its item count and the text of its items (for the 专栏 list)."""
        rows = self._rows(
            "select b.id, b.document_id, b.label, b.title, count(i.id) as n_items,"
            " coalesce(group_concat(i.text, ' '), '') as items_text"
            " from boxes b join documents d on d.id=b.document_id left join box_items i on i.box_id=b.id"
            " group by b.id order by d.seq, b.seq")
        return rows

    # ---- indicators ----
    def indicators(self, doc_id: str | None = None, metric: str | None = None,
                   scope: str | None = None) -> list[dict]:
        """Table rows and targets (of a plan, a linked metric, a territory), plans in
        their order, a plan's table rows first."""
        where, args = [], []
        for col, v in (("i.document_id", doc_id), ("i.metric", metric), ("i.scope", scope)):
            if v:
                where.append(f"{col}=?")
                args.append(v)
        return self._rows("select i.* from indicators i join documents d on d.id=i.document_id"
                          + (" where " + " and ".join(where) if where else "")
                          + " order by d.seq, i.table_label is null, i.table_label, i.seq", args, "indicators")

    def indicator_metrics(self) -> list[dict]:
        """The linked metrics: in how many plans and rows each is found."""
        return self._rows("select metric, count(distinct document_id) as n_docs, count(*) as n from indicators"
                          " where metric is not null group by metric order by n_docs desc, n desc, metric")

    def indicator_scopes(self) -> list[str]:
        return [r[0] for r in self.db.execute("select distinct scope from indicators where scope is not null"
                                              " order by scope")]

    def indicator(self, iid: str) -> dict | None:
        return self._one("select * from indicators where id=?", [iid], "indicators")

    # ---- platforms ----
    def platforms(self, province: str | None = None) -> list[dict]:
        """Every platform (of one province: 重庆, 四川, 川渝 …), in the gazetteer's order."""
        if province:
            return self._rows("select * from platforms where province=? order by rowid", [province], "platforms")
        return self._rows("select * from platforms order by rowid", (), "platforms")

    def provinces(self) -> list[str]:
        """The provinces the platforms are in (重庆, 四川, 川渝 …), most platforms first."""
        return [r[0] for r in self.db.execute("select province from platforms where province is not null"
                                              " group by province order by count(*) desc, province")]

    def platform_classes(self) -> list[dict]:
        """The classes the plans speak of as a whole (国家级经开区, 综合保税区, 口岸 …)."""
        return self._rows("select * from platform_classes order by rowid", (), "platform_classes")

    def platform_class(self, name: str) -> dict | None:
        """A class by its name or any alias (white space ignored)."""
        want = "".join(name.split())
        for c in self.platform_classes():
            if want in ["".join(n.split()) for n in [c["name"]] + list(c["aliases"] or [])]:
                return c
        return None

    def class_members(self, name: str) -> list[dict]:
        """The platforms of a class (its sub-classes' included: a platform's `classes`
        holds every class it is in), in the gazetteer's order."""
        return [p for p in self.platforms() if name in (p.get("classes") or [])]

    def platform(self, pid: str) -> dict | None:
        return self._one("select * from platforms where id=?", [pid], "platforms")

    def find_platform(self, name: str, variants=None) -> dict | None:
        """A platform by id, name or any alias (white space ignored), else by one of
        the name's `variants` (synonyms): the one alias resolution of the program."""
        return resolve(name, self.platforms(), variants or (lambda n: []))

    def children(self, pid: str) -> list[str]:
        """The platforms under this one (its 片区, 板块, sub-projects), all levels down."""
        out, todo = [], [pid]
        while todo:
            kids = [r[0] for r in self.db.execute("select id from platforms where part_of=? order by rowid",
                                                  [todo.pop(0)])]
            out += kids
            todo += kids
        return out

    def positionings(self, pid: str, doc_id: str | None = None, children: bool = False,
                     aspect: str | None = None, include_class: bool = True) -> list[dict]:
        """A platform's statements (of one aspect), with its children's after its own when
        asked, each marked by its platform_id; a sentence that is the platform's own and
        a child's is given once, as its own; one given to several children, once, as the
        first's, the others' ids in `also`. Without `include_class`, not the statements
        about a class it is in (via_class)."""
        ids = [pid] + (self.children(pid) if children else [])
        where = f"platform_id in ({','.join('?' * len(ids))})"
        args: list = list(ids)
        if doc_id:
            where, args = where + " and document_id=?", args + [doc_id]
        if aspect:
            where, args = where + " and aspect=?", args + [aspect]
        if not include_class:
            where += " and via_class is null"
        rows = self._rows(f"select * from positionings where {where} "
                          "order by document_id, platform_id != ?, rank", [*args, pid])
        if not children:
            return rows
        own = {(r["document_id"], r["text"]) for r in rows if r["platform_id"] == pid}
        out, kept = [], {}
        for r in rows:
            key = (r["document_id"], r["text"])
            if r["platform_id"] == pid:
                out.append(r)
            elif key in kept:              # a sentence given to several parts: once, naming each (`also`)
                kept[key].setdefault("also", []).append(r["platform_id"])
            elif key not in own:
                kept[key] = r
                out.append(r)
        return out

    def candidates(self) -> list[dict]:
        """Names that look like a platform's but are not in the gazetteer, one row per
        name: kind, in how many plans and how often, and where it is first positioned."""
        return self._rows(
            "select c.name, c.kind, count(distinct c.document_id) as n_docs, sum(c.count) as n,"
            " (select x.id from platform_candidates x join documents dx on dx.id = x.document_id"
            "  where x.name = c.name order by dx.seq limit 1) as first_id"
            " from platform_candidates c group by c.name order by n_docs desc, n desc, c.name")

    def candidate(self, cid: str) -> dict | None:
        return self._one("select * from platform_candidates where id=?", [cid])

    def positioning(self, pos_id: str) -> dict | None:
        return self._one("select * from positionings where id=?", [pos_id])

    def platform_document_counts(self) -> dict[str, int]:
        """platform id -> in how many documents it has statements."""
        return dict(self.db.execute(
            "select platform_id, count(distinct document_id) from positionings group by platform_id").fetchall())

    def mentions(self, pid: str, doc_id: str) -> list[dict]:
        return self._rows("select * from mentions where platform_id=? and document_id=? order by rowid",
                          [pid, doc_id])

    def mention_count(self, pid: str, doc_id: str) -> int:
        return self.db.execute("select count(*) from mentions where platform_id=? and document_id=?",
                               [pid, doc_id]).fetchone()[0]

    def notes(self, doc_id: str) -> list[dict]:
        return self._rows("select * from doc_notes where document_id=? order by line", [doc_id])

    def references(self, doc_id: str | None = None) -> list[dict]:
        """The 《…》 references of one plan (None: of every plan, in display order), one row
        per occurrence in reading order; unresolved (db.references.resolve reads them)."""
        if doc_id is not None:
            return self._rows("select * from plan_refs where document_id=? order by seq", [doc_id])
        return self._rows("select r.* from plan_refs r join documents d on d.id=r.document_id"
                          " order by d.seq, r.seq")

    # ---- whole-store views ----
    def vocabulary(self) -> list[str]:
        """Titles of sections and boxes, and indicator names: the plans' own terms."""
        return [t for (t,) in self.db.execute(
            "select title from sections union select title from boxes union select name from indicators") if t]

    def stats(self) -> list[dict]:
        """Per document: sections by level, boxes, box items, table rows, targets in text."""
        out = []
        for d in self.documents():
            did = d["id"]
            q = self.db.execute
            out.append(dict(
                document=d,
                levels=q("select level, count(*) from sections where document_id=? group by level order by level",
                         [did]).fetchall(),
                boxes=q("select count(*) from boxes where document_id=?", [did]).fetchone()[0],
                items=q("select count(*) from box_items i join boxes b on b.id=i.box_id where b.document_id=?",
                        [did]).fetchone()[0],
                table_rows=q("select count(*) from indicators where document_id=? and table_label is not null",
                             [did]).fetchone()[0],
                targets=q("select count(*) from indicators where document_id=? and table_label is null",
                          [did]).fetchone()[0]))
        return out
