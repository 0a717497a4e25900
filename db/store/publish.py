"""The SQL of `plandesk publish`: a consistent copy of plans.sqlite with a full-text
table for Datasette, and the canned queries a department runs against it.

`db.publish` decides what is written where; everything that touches SQLite is here.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterable

from .trust import check_plans, connect_ro

SEARCH_TABLE = "search_units"
# id, document_id, kind and path are shown, not searched: a query matches a unit's
# title and body only, as `plandesk search` does
SEARCH_COLUMNS = ("id", "document_id", "kind", "title", "path", "body")
_CREATE_SEARCH = (f"create virtual table {SEARCH_TABLE} using fts5(id unindexed, document_id unindexed, "
                  "kind unindexed, title, path unindexed, body, tokenize='trigram')")

# FTS5 matches on the table's own name, not an alias
_SHOWN = ("search_units.id, search_units.kind, search_units.document_id, d.short_title as document, "
          "search_units.title, search_units.path")

QUERIES = {
    "search": dict(
        title="全文检索（3 个字及以上）",
        description="标题或正文中原样含有 q 的章节、专栏和指标，按相关度排序（FTS5 trigram，bm25），"
                    "最多 50 条；与 plandesk search 找到的相同。1–2 个字请用“短词检索”（search_short）。",
        sql=f"select {_SHOWN}, snippet(search_units, 5, '【', '】', '…', 24) as snippet\n"
            "from search_units join documents d on d.id = search_units.document_id\n"
            "where search_units match '\"' || replace(:q, '\"', '\"\"') || '\"'\n"
            "order by rank\nlimit 50"),
    "search_short": dict(
        title="短词检索（1–2 个字）",
        description="标题或正文中原样含有 q 的章节、专栏和指标，按文件顺序，最多 50 条："
                    "用于全文检索索引不支持的 1–2 个字（更长的词也可用）。",
        sql=f"select {_SHOWN}, substr(search_units.body, max(1, instr(search_units.body, :q) - 24), 60)"
            " as snippet\n"
            "from search_units join documents d on d.id = search_units.document_id\n"
            "where :q != '' and (instr(search_units.title, :q) > 0 or instr(search_units.body, :q) > 0)\n"
            "order by search_units.rowid\nlimit 50"),
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


def add_search(path: Path, units: Iterable) -> int:
    """Create search_units in the copy at `path` and fill it: one row per unit (any
    object with the attributes of SEARCH_COLUMNS). Returns the number of rows."""
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(f"drop table if exists {SEARCH_TABLE}")
            con.execute(_CREATE_SEARCH)
            con.executemany(f"insert into {SEARCH_TABLE} ({', '.join(SEARCH_COLUMNS)}) values (?, ?, ?, ?, ?, ?)",
                            ([getattr(u, c) or "" for c in SEARCH_COLUMNS] for u in units))
            con.execute(f"insert into {SEARCH_TABLE} ({SEARCH_TABLE}) values ('optimize')")
        return con.execute(f"select count(*) from {SEARCH_TABLE}").fetchone()[0]
    finally:
        con.close()


def finish(path: Path) -> None:
    """Make the copy a single self-contained file for read-only serving: no WAL, compacted."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("VACUUM")
    finally:
        con.close()
