"""The floor to approach: the same units and queries through SQLite FTS5 (trigram),
with a LIKE fallback for strings under 3 characters (unranked: a trigram index
cannot hold them).

As a results list built on FTS5 would do it: `limit` hits ranked (ids only), and
snippets for the `shown` first (FTS5's snippet() over the MATCH, or for a LIKE
query the text around the first occurrence)."""
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

    def search(self, text: str, limit: int = 50, shown: int = 20):
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
        conds = []
        params = []
        if match:
            conds.append("u match ?")
            params.append(" AND ".join(match))
        conds += where
        params += args
        cond = (" where " + " and ".join(conds)) if conds else ""
        rows = self.con.execute(f"select rowid, id from u{cond}" + (" order by rank" if match else "")
                                + f" limit {int(limit)}", params).fetchall()
        first = [r[0] for r in rows[:shown]]
        if not first:
            return rows
        ids = ",".join(str(r) for r in first)
        if match:
            snip = "snippet(u, 4, '<b>', '</b>', '…', 24)"
            cond += f" and rowid in ({ids})"
            got = self.con.execute(f"select rowid, {snip} from u{cond}", params).fetchall()
        else:
            s = q.clauses[0][0].text if q.clauses and q.clauses[0] else ""
            got = self.con.execute(f"select rowid, substr(body, max(1, instr(body, ?) - 24), 64) from u "
                                   f"where rowid in ({ids})", [s]).fetchall()
        snippets = dict(got)
        return [(rid, uid, snippets.get(rid)) for rid, uid in rows]
