"""The SQL of `plandesk publish`: a consistent copy of plans.sqlite with foreign keys
and a search table for Datasette, and the canned queries a department runs against it.

The copy is the store's tables, rows unchanged, re-created with foreign keys
(FOREIGN_KEYS: a unit to its document, section, box or indicator, a section to its
parent …) so that Datasette shows every reference as a link labelled with a title.
The store itself never has them: its schema is the public contract (../shared/SCHEMA.md)
and PlanDesk checks it as written (db.store.trust).

`db.publish` decides what is written where; everything that touches SQLite is here.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterable

from .schema import INDEXES, PKS, TABLES, index_sql
from .trust import check_plans, connect_ro

SEARCH_TABLE = "search_units"
SEARCH_FTS = "search_units_fts"
# what a unit gives (any object with these attributes: search.units.Unit)
SEARCH_COLUMNS = ("id", "document_id", "kind", "title", "path", "body")
# the published table: the unit's place as references (the row it links to), and
# `page`, that row's address under the database as Datasette spells it (sections/…)
_UNIT_COLUMNS = ("id", "kind", "document_id", "section_id", "box_id", "indicator_id", "title", "path", "body",
                 "page")

# child table -> {column: (parent table, its key)}; every one holds in the store PlanDesk builds
FOREIGN_KEYS = {
    "sections": {"document_id": ("documents", "id"), "parent_id": ("sections", "id")},
    "boxes": {"document_id": ("documents", "id"), "section_id": ("sections", "id")},
    "box_items": {"box_id": ("boxes", "id")},
    "indicators": {"document_id": ("documents", "id"), "box_id": ("boxes", "id"),
                   "section_id": ("sections", "id"), "same_as": ("indicators", "id")},
    "platforms": {"part_of": ("platforms", "id")},
    "platform_classes": {"part_of": ("platform_classes", "name")},
    "positionings": {"platform_id": ("platforms", "id"), "document_id": ("documents", "id"),
                     "section_id": ("sections", "id"), "box_id": ("boxes", "id"),
                     "via_class": ("platform_classes", "name")},
    "mentions": {"platform_id": ("platforms", "id"), "document_id": ("documents", "id"),
                 "section_id": ("sections", "id"), "box_id": ("boxes", "id")},
    "platform_candidates": {"document_id": ("documents", "id"), "section_id": ("sections", "id"),
                            "box_id": ("boxes", "id")},
    "doc_notes": {"document_id": ("documents", "id")},
    "plan_refs": {"document_id": ("documents", "id")},
    SEARCH_TABLE: {"document_id": ("documents", "id"), "section_id": ("sections", "id"),
                   "box_id": ("boxes", "id"), "indicator_id": ("indicators", "id")},
}

_TYPES = {str: "TEXT", int: "INTEGER", float: "REAL"}


def _table_sql(name: str, columns: dict, pk: str | None) -> str:
    """CREATE TABLE with these columns and types, the primary key, and the foreign keys
    of FOREIGN_KEYS."""
    refs = FOREIGN_KEYS.get(name, {})
    cols = []
    for c, t in columns.items():
        line = f'   "{c}" {_TYPES[t]}' + (" PRIMARY KEY" if c == pk else "")
        if c in refs:
            line += ' REFERENCES "{}"("{}")'.format(*refs[c])
        cols.append(line)
    return f'CREATE TABLE "{name}" (\n' + ",\n".join(cols) + "\n)"


_CREATE_SEARCH = [
    _table_sql(SEARCH_TABLE, {c: str for c in _UNIT_COLUMNS}, None),       # rowid: what the index keys
    index_sql(SEARCH_TABLE, ["id"]),
    # external content: the text is stored once, in search_units; Datasette finds the
    # index by its content=[…] and offers a search box on the table's page
    f"CREATE VIRTUAL TABLE {SEARCH_FTS} USING fts5(title, body, content=[{SEARCH_TABLE}], "
    "tokenize='trigram')",
]

# where each unit stands: its own row (a section, box or indicator; the preamble has
# none), the section and box around it, and that row's page
_PLACE_UNITS = [
    f"update {SEARCH_TABLE} set section_id = id where kind = 'section' and id in (select id from sections)",
    f"update {SEARCH_TABLE} set box_id = id, section_id = (select b.section_id from boxes b where b.id = "
    f"{SEARCH_TABLE}.id) where kind = 'box' and id in (select id from boxes)",
    f"update {SEARCH_TABLE} set indicator_id = id, box_id = (select i.box_id from indicators i where i.id = "
    f"{SEARCH_TABLE}.id), section_id = (select i.section_id from indicators i where i.id = {SEARCH_TABLE}.id) "
    "where kind = 'indicator' and id in (select id from indicators)",
    f"update {SEARCH_TABLE} set page = case kind when 'box' then 'boxes/' || row_path(box_id) "
    "when 'indicator' then 'indicators/' || row_path(indicator_id) "
    "else coalesce('sections/' || row_path(section_id), 'documents/' || row_path(document_id)) end",
]

# ---- the canned queries ----

# the user's text is a value everywhere: one FTS5 phrase (its " doubled), a LIKE
# pattern with \ % _ escaped; 3 characters or more go to the trigram index (ranked
# by bm25), 1–2 characters (which a trigram cannot hold) to LIKE over the same units
_Q = "trim(coalesce(:q, ''))"
_LIKE = (f"'%' || replace(replace(replace({_Q}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'")
# a hit's row as an absolute address (Datasette links a value only when it is a whole
# http(s) URL): the host the reader asked, the scheme a proxy in front says
_LINK = ("case when :_header_host != '' then "
         "(case when :_header_x_forwarded_proto = 'https' then 'https' else 'http' end) "
         "|| '://' || :_header_host || '/plans/' || u.page end")

SEARCH_SQL = (
    "with long_hits(unit, score, snippet) as (\n"
    f"  select f.rowid, f.rank, snippet({SEARCH_FTS}, 1, '【', '】', '…', 24)\n"
    f"  from {SEARCH_FTS} f\n"
    f"  where length({_Q}) >= 3 and {SEARCH_FTS} match '\"' || replace({_Q}, '\"', '\"\"') || '\"'\n"
    "),\n"
    "short_hits(unit, at) as (\n"
    f"  select u.rowid, instr(lower(u.body), lower({_Q}))\n"
    f"  from {SEARCH_TABLE} u\n"
    f"  where length({_Q}) between 1 and 2\n"
    f"    and (u.title like {_LIKE} escape '\\' or u.body like {_LIKE} escape '\\')\n"
    "),\n"
    "hits(unit, score, snippet) as (\n"
    "  select unit, score, snippet from long_hits\n"
    "  union all\n"
    "  select h.unit, h.unit, case when h.at = 0 then substr(u.body, 1, 48) || '…' else\n"
    "    (case when h.at > 25 then '…' else '' end) || substr(u.body, max(1, h.at - 24), min(h.at - 1, 24))\n"
    f"    || '【' || substr(u.body, h.at, length({_Q})) || '】' || substr(u.body, h.at + length({_Q}), 24) || '…' end\n"
    f"  from short_hits h join {SEARCH_TABLE} u on u.rowid = h.unit\n"
    ")\n"
    "select u.id, u.kind, u.document_id, d.short_title as document, u.title, u.path, h.snippet,\n"
    f"       {_LINK} as link\n"
    f"from hits h join {SEARCH_TABLE} u on u.rowid = h.unit join documents d on d.id = u.document_id\n"
    "order by h.score\nlimit 50")

QUERIES = {
    "search": dict(
        title="全文检索",
        description="标题或正文中原样含有 q 的章节、专栏和指标，最多 50 条；与 plandesk search 找到的相同。"
                    "3 个字及以上按相关度排序（全文索引），1–2 个字逐条查找、按文件顺序。"
                    "link 是命中的章节、专栏或指标本身的页面，document_id 链接到规划文件。",
        sql=SEARCH_SQL),
    "platform_statements": dict(
        title="平台定位表述",
        description="某个开放平台的全部定位表述（定位 / 功能 / 任务 / 成效），platform 填平台的"
                    "名称、别名或 id，按规划顺序。",
        sql="select d.year, d.short_title as document, p.name as platform, s.aspect, s.text,\n"
            "       s.section_id, s.box_id, s.line\n"
            "from platforms p\n"
            "join positionings s on s.platform_id = p.id\n"
            "join documents d on d.id = s.document_id\n"
            "where :platform in (p.id, p.name)\n"
            "   or exists (select 1 from json_each(p.aliases) where value = :platform)\n"
            "order by d.seq, s.rank"),
    "indicators_by_metric": dict(
        title="同一指标跨规划对比",
        description="同一指标在各规划中的基期与目标（按原文），metric 填统一指标名（如 货物进出口总额）"
                    "或指标原名，按规划顺序。",
        sql="select d.year, d.short_title as document, i.scope, i.name, i.metric, i.unit,\n"
            "       i.baseline_year, i.baseline, i.target_year, i.target, i.comparator,\n"
            "       i.table_label, i.source_text, i.id\n"
            "from indicators i join documents d on d.id = i.document_id\n"
            "where i.metric = :metric or i.name = :metric\n"
            "order by d.seq, i.table_label is null, i.table_label, i.seq"),
}

# Datasette's `:_header_…` magic parameters: given by Datasette, never asked of the reader
MAGIC = {"_header_host": "", "_header_x_forwarded_proto": ""}


# ---- writing the copy ----

def _tilde(value: str) -> str:
    """A row key as Datasette writes it in a URL (its tilde encoding: letters, digits,
    _ and - as they are, a space as +, every other byte of UTF-8 as ~XX)."""
    out = []
    for b in value.encode("utf-8"):
        c = chr(b)
        out.append(c if c.isascii() and (c.isalnum() or c in "_-") else "+" if c == " " else f"~{b:02X}")
    return "".join(out)


def row_path(value: str | None) -> str | None:
    return None if value is None else _tilde(value)


def copy(src: Path, dst: Path) -> None:
    """A consistent copy of the store at `src` into the (empty) file `dst`, through
    SQLite's backup API: a build writing meanwhile is seen whole or not at all."""
    source = connect_ro(src)
    try:
        check_plans(source, Path(src))          # a store PlanDesk did not write is not published
        target = sqlite3.connect(dst)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def add_foreign_keys(path: Path) -> None:
    """Re-create every table of the copy at `path` with its foreign keys, rows
    unchanged (SQLite cannot add one to a table): each is renamed aside, created
    anew under its name, filled from the old one, which is dropped; then the indexes."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("PRAGMA legacy_alter_table = ON")     # a rename touches no other table's references
        con.execute("begin")
        for table, cols in INDEXES:
            con.execute(f'drop index if exists "idx_{table}_{"_".join(cols)}"')
        for name, columns in TABLES.items():
            names = ", ".join(f'"{c}"' for c in columns)
            con.execute(f'alter table "{name}" rename to "_old_{name}"')
            con.execute(_table_sql(name, columns, PKS.get(name, "id")))
            con.execute(f'insert into "{name}" ({names}) select {names} from "_old_{name}"')
            con.execute(f'drop table "_old_{name}"')
        for table, cols in INDEXES:
            con.execute(index_sql(table, cols))
        con.execute("commit")
    except BaseException:
        if con.in_transaction:
            con.execute("rollback")
        raise
    finally:
        con.close()


def add_search(path: Path, units: Iterable) -> int:
    """Create search_units (with its full-text index) in the copy at `path` and fill
    it: one row per unit (any object with the attributes of SEARCH_COLUMNS), placed
    by foreign keys. Returns the number of rows."""
    con = sqlite3.connect(path)
    con.create_function("row_path", 1, row_path, deterministic=True)
    try:
        with con:
            con.execute(f"drop table if exists {SEARCH_FTS}")
            con.execute(f"drop table if exists {SEARCH_TABLE}")
            for sql in _CREATE_SEARCH:
                con.execute(sql)
            con.executemany(f"insert into {SEARCH_TABLE} ({', '.join(SEARCH_COLUMNS)}) values (?, ?, ?, ?, ?, ?)",
                            ([getattr(u, c) or "" for c in SEARCH_COLUMNS] for u in units))
            for sql in _PLACE_UNITS:
                con.execute(sql)
            con.execute(f"insert into {SEARCH_FTS} ({SEARCH_FTS}) values ('rebuild')")
            con.execute(f"insert into {SEARCH_FTS} ({SEARCH_FTS}) values ('optimize')")
        return con.execute(f"select count(*) from {SEARCH_TABLE}").fetchone()[0]
    finally:
        con.close()


def broken_references(path: Path) -> list[tuple[str, int, str, str]]:
    """PRAGMA foreign_key_check of the copy: (table, rowid, column, parent table) for
    each reference to a row that is not there; [] when every link leads somewhere."""
    con = sqlite3.connect(path)
    try:
        out = []
        for table, rowid, parent, fkid in con.execute("PRAGMA foreign_key_check").fetchall():
            col = next((r[3] for r in con.execute(f'PRAGMA foreign_key_list("{table}")') if r[0] == fkid), "?")
            out.append((table, rowid, col, parent))
        order = list(FOREIGN_KEYS)                  # the store's own tables first: search_units follows them
        return sorted(out, key=lambda b: (order.index(b[0]) if b[0] in order else len(order), b[1]))
    finally:
        con.close()


def check_references(path: Path) -> None:
    """Raise sqlite3.IntegrityError naming the first broken reference of the copy, if any."""
    broken = broken_references(path)
    if broken:
        table, rowid, col, parent = broken[0]
        raise sqlite3.IntegrityError(f"规划库中有 {len(broken)} 处引用指向不存在的行（如表 {table} 第 {rowid} 行的 "
                                     f"{col} 在表 {parent} 中没有），请先运行 plandesk build")


def finish(path: Path) -> None:
    """Make the copy a single self-contained file for read-only serving: no WAL, compacted."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("VACUUM")
    finally:
        con.close()
