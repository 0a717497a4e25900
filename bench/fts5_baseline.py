"""The floor to approach: the same units and queries through SQLite FTS5 (trigram),
with a LIKE fallback for strings under 3 characters."""
from __future__ import annotations

import sqlite3

from search.query import parse


class Fts5:
    def __init__(self, units):
        self.con = sqlite3.connect(":memory:")
        self.con.execute("create virtual table u using fts5(id unindexed, doc unindexed, kind unindexed, "
                         "title, body, tokenize='trigram')")
        self.con.executemany("insert into u values (?,?,?,?,?)",
                             [(x.id, x.document_id, x.kind, x.title, x.body) for x in units])
        self.con.commit()

    def search(self, text: str, limit: int = 50):
        q = parse(text)
        if q.empty:
            return []
        match, where, args = [], [], []
        for clause in q.clauses:
            longs = [a.text for a in clause if len(a.text) >= 3]
            shorts = [a.text for a in clause if len(a.text) < 3]
            parts = []
            if longs and not shorts:
                match.append("(" + " OR ".join('"' + s.replace('"', '""') + '"' for s in longs) + ")")
                continue
            for s in longs + shorts:
                parts.append("(title like ? or body like ?)")
                args += [f"%{s}%", f"%{s}%"]
            where.append("(" + " or ".join(parts) + ")")
        for neg in q.exclude:
            where.append("not (title like ? or body like ?)")
            args += [f"%{neg}%", f"%{neg}%"]
        if q.kinds:
            where.append("kind in (%s)" % ",".join("?" * len(q.kinds)))
            args += q.kinds
        if q.docs:
            where.append("(" + " or ".join("doc like ?" for _ in q.docs) + ")")
            args += [f"{d}%" for d in q.docs]
        sql = "select id, snippet(u, 4, '<b>', '</b>', '…', 24) from u"
        conds = []
        params = []
        if match:
            conds.append("u match ?")
            params.append(" AND ".join(match))
        conds += where
        params += args
        if conds:
            sql += " where " + " and ".join(conds)
        sql += (" order by rank" if match else "") + f" limit {int(limit)}"
        return self.con.execute(sql, params).fetchall()
