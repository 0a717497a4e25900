"""user.sqlite: bookmarks, notes and recent searches, keyed by the store's stable ids.

Separate from plans.sqlite so that a rebuild or a corpus update never touches it.
A bookmark keeps a snapshot of what it pointed at (title, document), so one whose
target vanished after an update is still shown, as such.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

SCHEMA = """
create table if not exists bookmarks (
    id integer primary key,
    target_id text not null,
    kind text not null,             -- section | box
    document_id text,
    title text not null,            -- the user's name for it (defaults to the target's title)
    target_title text,              -- what the target was called when bookmarked
    document_title text,
    note text default '',
    created text not null,
    updated text not null
);
create index if not exists bookmarks_target on bookmarks(target_id);
create table if not exists recent_searches (
    query text primary key,
    used text not null
);
"""
EXPORT_FORMAT = "plandesk-bookmarks/1"


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class UserData:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.con = sqlite3.connect(str(self.path))
        self.con.row_factory = sqlite3.Row
        self.con.executescript(SCHEMA)

    def close(self):
        self.con.close()

    # ---- bookmarks ----
    def bookmarks(self) -> list[dict]:
        return [dict(r) for r in self.con.execute("select * from bookmarks order by created desc, id desc")]

    def bookmark(self, bid: int) -> dict | None:
        r = self.con.execute("select * from bookmarks where id=?", [bid]).fetchone()
        return dict(r) if r else None

    def find(self, target_id: str) -> dict | None:
        r = self.con.execute("select * from bookmarks where target_id=? order by id limit 1", [target_id]).fetchone()
        return dict(r) if r else None

    def add(self, target_id: str, kind: str, title: str, document_id: str | None = None,
            document_title: str | None = None, note: str = "") -> int:
        now = _now()
        with self.con:
            cur = self.con.execute(
                "insert into bookmarks (target_id, kind, document_id, title, target_title, document_title,"
                " note, created, updated) values (?,?,?,?,?,?,?,?,?)",
                [target_id, kind, document_id, title, title, document_title, note, now, now])
        return cur.lastrowid

    def rename(self, bid: int, title: str) -> None:
        with self.con:
            self.con.execute("update bookmarks set title=?, updated=? where id=?", [title, _now(), bid])

    def set_note(self, bid: int, note: str) -> None:
        with self.con:
            self.con.execute("update bookmarks set note=?, updated=? where id=?", [note, _now(), bid])

    def delete(self, bid: int) -> None:
        with self.con:
            self.con.execute("delete from bookmarks where id=?", [bid])

    def export_json(self) -> str:
        rows = self.bookmarks()
        for r in rows:
            r.pop("id")
        return json.dumps({"format": EXPORT_FORMAT, "bookmarks": rows}, ensure_ascii=False, indent=1)

    def import_json(self, text: str) -> int:
        """Add the bookmarks of an export; ones already present (same target and
        created time) are skipped. Returns how many were added."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise ValueError("不是 PlanDesk 书签文件")
        added = 0
        with self.con:
            for b in data.get("bookmarks", []):
                if not b.get("target_id") or not b.get("kind"):
                    continue
                dup = self.con.execute("select 1 from bookmarks where target_id=? and created=?",
                                       [b["target_id"], b.get("created")]).fetchone()
                if dup:
                    continue
                now = _now()
                self.con.execute(
                    "insert into bookmarks (target_id, kind, document_id, title, target_title, document_title,"
                    " note, created, updated) values (?,?,?,?,?,?,?,?,?)",
                    [b["target_id"], b["kind"], b.get("document_id"), b.get("title") or b["target_id"],
                     b.get("target_title"), b.get("document_title"), b.get("note") or "",
                     b.get("created") or now, b.get("updated") or now])
                added += 1
        return added

    # ---- recent searches ----
    def remember_search(self, query: str, keep: int = 30) -> None:
        query = query.strip()
        if not query:
            return
        with self.con:
            self.con.execute("insert or replace into recent_searches values (?,?)", [query, _now()])
            self.con.execute("delete from recent_searches where query not in "
                             "(select query from recent_searches order by used desc, rowid desc limit ?)", [keep])

    def recent_searches(self, n: int = 15) -> list[str]:
        return [r[0] for r in self.con.execute("select query from recent_searches order by used desc, rowid desc limit ?", [n])]
