"""user.sqlite: bookmarks, notes, recent searches (keyed by the store's stable ids)
and the user's gazetteer (platforms found in the plans accepted, ignored, or merged
into a reviewed platform).

Separate from plans.sqlite so that a rebuild or a corpus update never touches it.
A bookmark keeps a snapshot of what it pointed at (title, document), so one whose
target vanished after an update is still shown, as such.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from .trust import Objects, Untrusted, connect_ro, connect_rw, foreign, move_aside, objects_of, read_objects
from ..atomic import durable_replace
from ..lock import FileLock

# MIGRATIONS[n] brings a user.sqlite of version n-1 to version n (PRAGMA
# user_version). A file made before versions were kept has version 0 and the
# tables of version 1: the script is idempotent.
log = logging.getLogger(__name__)
MIGRATIONS = {
    1: """
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
""",
    # the user's gazetteer: candidate platforms accepted (used in every build) or ignored
    2: """
create table if not exists user_platforms (
    name text primary key,
    kind text not null,
    status text not null check (status in ('accepted', 'ignored')),
    example text,                   -- the sentence it was found in, when decided
    document_title text,
    decided text not null
);
""",
    # highlights and notes on passages: a bookmark of kind 'highlight' anchored by the
    # unit's stable id and the quote with its context (survives rebuilds)
    3: """
alter table bookmarks add column quote text;
alter table bookmarks add column prefix text;
alter table bookmarks add column suffix text;
""",
    # a found name merged into an existing platform (it becomes one of its aliases):
    # status 'merged' and the platform's id (SQLite can't change a check: the table is made anew)
    4: """
create table user_platforms_v4 (
    name text primary key,
    kind text not null,
    status text not null check (status in ('accepted', 'ignored', 'merged')),
    example text,
    document_title text,
    decided text not null,
    merge_into text,                -- the platform id a merged name becomes an alias of
    check ((status = 'merged') = (merge_into is not null))
);
insert into user_platforms_v4 (name, kind, status, example, document_title, decided)
    select name, kind, status, example, document_title, decided from user_platforms;
drop table user_platforms;
alter table user_platforms_v4 rename to user_platforms;
""",
    # the name the person gave a plan, shown wherever a short label is (never in a citation)
    5: """
create table if not exists plan_names (
    document_id text primary key,
    name text not null,
    updated text not null
);
""",
    # 专题: named collections of places, each entry keeping its text when added (an entry
    # whose plan is gone still shows it) and the user's 按语 (note). The bookmarks are the
    # default 专题「书签」 and stay where they are.
    6: """
create table if not exists topics (
    id integer primary key,
    name text not null unique,
    created text not null,
    updated text not null
);
create table if not exists topic_entries (
    id integer primary key,
    topic_id integer not null references topics(id) on delete cascade,
    position integer not null,
    target_id text not null,
    kind text not null,
    document_id text,
    document_title text,
    title text not null,
    text text not null default '',
    quote text,
    note text not null default '',
    created text not null,
    updated text not null
);
create index if not exists topic_entries_topic on topic_entries(topic_id, position);
""",
}
USER_SCHEMA_VERSION = max(MIGRATIONS)
EXPORT_FORMAT = "plandesk-bookmarks/1"
BACKUPS = "backups"
KEEP_DAILY, KEEP_MIGRATION = 7, 3


@lru_cache(maxsize=8)
def user_objects(version: int) -> Objects:
    return objects_of("\n".join(MIGRATIONS[v] for v in range(1, version + 1)))


def check_user(con: sqlite3.Connection, path: Path, version: int) -> None:
    """Untrusted unless user.sqlite holds the tables and indexes of its version
    (a file from before versions were kept: some of version 1's; a newer version's:
    tables and indexes only), nothing else."""
    found = read_objects(con, path)
    if version > USER_SCHEMA_VERSION:         # a newer PlanDesk's (read, never changed): plain tables only
        why = next((foreign(frozenset([o]), frozenset()) for o in found if o[0] not in ("table", "index")
                    or (o[3] or "").startswith("create virtual")), None)
    elif version == 0:
        extra = found - user_objects(1)
        why = foreign(extra, frozenset()) if extra else None
    else:
        why = foreign(found, user_objects(version))
    if why is not None:
        raise Untrusted(path, why)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class NewerUserData(Exception):
    """user.sqlite was written by a newer PlanDesk: it is left as it is."""


def _backup_dir(path: Path) -> Path | None:
    """DATA/backups when it is a folder of the data folder (not a link elsewhere)."""
    d = Path(path).parent / BACKUPS
    return d if d.is_dir() and not d.is_symlink() else None


def trusted(path: Path) -> bool:
    """Is this a user.sqlite PlanDesk could have written: a regular file holding the
    tables of its version and nothing else (no trigger, no view)?"""
    try:
        con = connect_ro(path, budget=5.0)
    except (sqlite3.Error, OSError):
        return False
    try:
        v = con.execute("pragma user_version").fetchone()[0]
        if not 0 <= v <= USER_SCHEMA_VERSION:
            return False
        check_user(con, Path(path), v)
        return con.execute("pragma quick_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False
    finally:
        con.close()


def backups(path: Path) -> list[Path]:
    """The rolling backups of a user.sqlite that can be restored (regular files,
    trusted), newest first."""
    d = _backup_dir(path)
    if d is None:
        return []
    found = [p for p in d.glob("user-*.sqlite") if not p.is_symlink() and p.is_file() and trusted(p)]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _copy(con: sqlite3.Connection, dest: Path) -> None:
    """A consistent copy of the open database (SQLite's online backup), written atomically."""
    if dest.parent.is_symlink():            # backups/ leads elsewhere: nothing is written there
        log.warning("%s is a link; no backup written", dest.parent)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".user-{os.getpid()}-{dest.name}")     # two windows may back up at once
    out = sqlite3.connect(tmp)
    try:
        con.backup(out)
    finally:
        out.close()
    durable_replace(tmp, dest)


def _prune(d: Path, pattern: str, keep: int) -> None:
    if d.is_symlink():
        return
    for old in sorted(d.glob(pattern), reverse=True)[keep:]:
        old.unlink(missing_ok=True)


class UserData:
    """Bookmarks and recent searches. Opening checks the file (`sqlite3.DatabaseError`
    if it is damaged: see `open_userdata`), migrates it forward with a backup
    taken first, and keeps a daily backup."""

    def __init__(self, path: str | Path, keep_backups: bool = True):
        self.path = Path(path)
        self.keep_backups = keep_backups and str(path) != ":memory:"
        self.con = connect_rw(self.path)
        try:
            self.con.row_factory = sqlite3.Row
            if self.con.execute("pragma quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            if str(path) != ":memory:":
                self._check()                          # no trigger or view of anyone else's
            self._migrate()
            if self.keep_backups:
                self._daily_backup()
        except BaseException:
            self.con.close()
            raise

    def _migrate(self) -> None:
        """Bring the file to USER_SCHEMA_VERSION, a backup of it as it was written
        first. Under a lock file beside it, so two windows opening an older file at
        once migrate it once (the second finds it done)."""
        if self._version() == USER_SCHEMA_VERSION:
            return

        lock = contextlib.nullcontext() if str(self.path) == ":memory:" else \
            FileLock(self.path.with_name("." + self.path.name + ".migrating"))
        with lock:
            have = self._version()
            if have > USER_SCHEMA_VERSION:
                raise NewerUserData(f"{self.path}: version {have} > {USER_SCHEMA_VERSION}")
            if have == USER_SCHEMA_VERSION:
                return
            if self.keep_backups and (have > 0 or self.con.execute("select count(*) from sqlite_master").fetchone()[0]):
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                d = self.path.parent / BACKUPS
                _copy(self.con, d / f"user-before-v{have + 1}-{stamp}.sqlite")
                _prune(d, "user-before-v*.sqlite", KEEP_MIGRATION)
            for v in range(have + 1, USER_SCHEMA_VERSION + 1):
                # one transaction, the version with it: another window never sees half a migration
                try:
                    self.con.executescript(f"begin immediate;\n{MIGRATIONS[v]}\npragma user_version = {v};\ncommit;")
                except BaseException:
                    if self.con.in_transaction:
                        self.con.execute("rollback")
                    raise

    def _version(self) -> int:
        return self.con.execute("pragma user_version").fetchone()[0]

    def _check(self) -> None:
        """The file's version and its tables read in one transaction (a window that
        is migrating it commits the new tables and the new version together)."""
        self.con.execute("begin")
        try:
            v = self._version()
            if v <= USER_SCHEMA_VERSION:
                check_user(self.con, self.path, v)
        finally:
            self.con.execute("rollback")

    def _daily_backup(self, refresh: bool = False) -> None:
        """Today's copy (made at the first open of the day, brought up to date at
        close); the last KEEP_DAILY days are kept."""
        d = self.path.parent / BACKUPS
        today = d / f"user-{datetime.now():%Y-%m-%d}.sqlite"
        has = self.con.execute("select (select count(*) from bookmarks) + (select count(*) from user_platforms)"
                               " + (select count(*) from topics)")
        if (refresh or not today.exists()) and has.fetchone()[0]:
            _copy(self.con, today)
            _prune(d, "user-20*.sqlite", KEEP_DAILY)

    def close(self):
        try:
            if self.keep_backups:
                self._daily_backup(refresh=True)
        except (OSError, sqlite3.Error):
            log.warning("could not back up %s", self.path, exc_info=True)
        finally:
            self.con.close()

    # ---- bookmarks ----
    def bookmarks(self) -> list[dict]:
        return [dict(r) for r in self.con.execute("select * from bookmarks order by created desc, id desc")]

    def bookmark(self, bid: int) -> dict | None:
        r = self.con.execute("select * from bookmarks where id=?", [bid]).fetchone()
        return dict(r) if r else None

    def find(self, target_id: str) -> dict | None:
        r = self.con.execute("select * from bookmarks where target_id=? and kind in ('section', 'box')"
                             " order by id limit 1", [target_id]).fetchone()
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

    def add_highlight(self, target_id: str, anchor: dict, document_id: str | None = None,
                      document_title: str | None = None, target_title: str | None = None, note: str = "") -> int:
        """A highlight (a note when it has one) on a passage: the unit's id plus the
        quote and its context, so it is found again after a rebuild."""
        now = _now()
        title = target_title or anchor["quote"][:40]          # the place; the quote has its own column
        with self.con:
            cur = self.con.execute(
                "insert into bookmarks (target_id, kind, document_id, title, target_title, document_title, note,"
                " created, updated, quote, prefix, suffix) values (?,?,?,?,?,?,?,?,?,?,?,?)",
                [target_id, "highlight", document_id, title, target_title, document_title, note, now, now,
                 anchor["quote"], anchor.get("prefix", ""), anchor.get("suffix", "")])
        return cur.lastrowid

    def highlights(self, target_id: str | None = None) -> list[dict]:
        q = "select * from bookmarks where kind='highlight'" + (" and target_id=?" if target_id else "")
        return [dict(r) for r in self.con.execute(q + " order by id", [target_id] if target_id else [])]

    def rename(self, bid: int, title: str) -> None:
        with self.con:
            self.con.execute("update bookmarks set title=?, updated=? where id=?", [title, _now(), bid])

    def set_note(self, bid: int, note: str) -> None:
        with self.con:
            self.con.execute("update bookmarks set note=?, updated=? where id=?", [note, _now(), bid])

    def delete(self, bid: int) -> None:
        with self.con:
            self.con.execute("delete from bookmarks where id=?", [bid])

    # ---- 专题 (topics) ----
    def topics(self) -> list[dict]:
        """Every 专题 (not the bookmarks' own): id, name, n_entries, updated; oldest first."""
        return [dict(r) for r in self.con.execute(
            "select t.id, t.name, t.updated, (select count(*) from topic_entries e where e.topic_id=t.id)"
            " as n_entries from topics t order by t.id")]

    def topic(self, tid_or_name: int | str) -> dict | None:
        """A 专题 by its id (an int) or its name."""
        col = "id" if isinstance(tid_or_name, int) else "name"
        r = self.con.execute(f"select t.*, (select count(*) from topic_entries e where e.topic_id=t.id)"
                             f" as n_entries from topics t where t.{col}=?", [tid_or_name]).fetchone()
        return dict(r) if r else None

    def add_topic(self, name: str) -> int:
        name = _topic_name(name)
        now = _now()
        try:
            with self.con:
                return self.con.execute("insert into topics (name, created, updated) values (?,?,?)",
                                        [name, now, now]).lastrowid
        except sqlite3.IntegrityError:
            raise ValueError(f"专题「{name}」已存在") from None

    def rename_topic(self, tid: int, name: str) -> None:
        name = _topic_name(name)
        try:
            with self.con:
                self.con.execute("update topics set name=?, updated=? where id=?", [name, _now(), tid])
        except sqlite3.IntegrityError:
            raise ValueError(f"专题「{name}」已存在") from None

    def delete_topic(self, tid: int) -> None:
        with self.con:
            self.con.execute("delete from topic_entries where topic_id=?", [tid])
            self.con.execute("delete from topics where id=?", [tid])

    def entries(self, tid: int) -> list[dict]:
        return [dict(r) for r in self.con.execute(
            "select * from topic_entries where topic_id=? order by position, id", [tid])]

    def entry(self, eid: int) -> dict | None:
        r = self.con.execute("select * from topic_entries where id=?", [eid]).fetchone()
        return dict(r) if r else None

    def add_entry(self, tid: int, entry: dict, note: str = "") -> int:
        """Append a place to a 专题 (`entry` as desktop.services.topics.entry_for gives it)."""
        now = _now()
        with self.con:
            pos = self.con.execute("select coalesce(max(position) + 1, 0) from topic_entries where topic_id=?",
                                   [tid]).fetchone()[0]
            cur = self.con.execute(
                "insert into topic_entries (topic_id, position, target_id, kind, document_id, document_title,"
                " title, text, quote, note, created, updated) values (?,?,?,?,?,?,?,?,?,?,?,?)",
                [tid, pos, entry["target_id"], entry["kind"], entry.get("document_id"),
                 entry.get("document_title"), entry.get("title") or entry["target_id"], entry.get("text") or "",
                 entry.get("quote"), note or "", now, now])
            self._touch(tid, now)
        return cur.lastrowid

    def set_entry_note(self, eid: int, note: str) -> None:
        now = _now()
        with self.con:
            self.con.execute("update topic_entries set note=?, updated=? where id=?", [note or "", now, eid])
            self._touch_entry(eid, now)

    def move_entry(self, eid: int, position: int) -> None:
        """Put an entry at `position` (0-based, clamped) of its 专题; the others shift."""
        e = self.entry(eid)
        if e is None:
            return
        ids = [r["id"] for r in self.entries(e["topic_id"]) if r["id"] != eid]
        ids.insert(max(0, min(position, len(ids))), eid)
        with self.con:
            self._renumber(ids)
            self._touch(e["topic_id"], _now())

    def remove_entry(self, eid: int) -> None:
        e = self.entry(eid)
        if e is None:
            return
        with self.con:
            self.con.execute("delete from topic_entries where id=?", [eid])
            self._renumber([r["id"] for r in self.entries(e["topic_id"])])
            self._touch(e["topic_id"], _now())

    def _renumber(self, ids: list[int]) -> None:
        self.con.executemany("update topic_entries set position=? where id=?", [(k, i) for k, i in enumerate(ids)])

    def _touch(self, tid: int, now: str) -> None:
        self.con.execute("update topics set updated=? where id=?", [now, tid])

    def _touch_entry(self, eid: int, now: str) -> None:
        self.con.execute("update topics set updated=? where id=(select topic_id from topic_entries where id=?)",
                         [now, eid])

    # ---- plan names ----
    def plan_names(self) -> dict[str, str]:
        """document id -> the short name the person gave it."""
        return {r[0]: r[1] for r in self.con.execute("select document_id, name from plan_names")}

    def rename_plan(self, document_id: str, name: str | None) -> None:
        """Give a plan a short name; an empty one goes back to the label made from its title."""
        name = (name or "").strip()
        with self.con:
            if name:
                self.con.execute("insert into plan_names (document_id, name, updated) values (?,?,?)"
                                 " on conflict(document_id) do update set name=excluded.name,"
                                 " updated=excluded.updated", [document_id, name[:60], _now()])
            else:
                self.con.execute("delete from plan_names where document_id=?", [document_id])

    def export_json(self) -> str:
        rows = self.bookmarks()
        for r in rows:
            r.pop("id")
        return json.dumps({"format": EXPORT_FORMAT, "bookmarks": rows}, ensure_ascii=False, indent=1)

    def import_json(self, text: str) -> int:
        """Add the bookmarks and highlights of an export; ones already present (same
        target, kind, created time and quote) are skipped. Returns how many were added."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise ValueError("不是 PlanDesk 书签文件")
        added = 0
        with self.con:
            for b in data.get("bookmarks", []):
                if not b.get("target_id") or not b.get("kind"):
                    continue
                dup = self.con.execute("select 1 from bookmarks where target_id=? and kind=? and created=?"
                                       " and coalesce(quote, '')=?",
                                       [b["target_id"], b["kind"], b.get("created"), b.get("quote") or ""]).fetchone()
                if dup:
                    continue
                now = _now()
                self.con.execute(
                    "insert into bookmarks (target_id, kind, document_id, title, target_title, document_title,"
                    " note, created, updated, quote, prefix, suffix) values (?,?,?,?,?,?,?,?,?,?,?,?)",
                    [b["target_id"], b["kind"], b.get("document_id"), b.get("title") or b["target_id"],
                     b.get("target_title"), b.get("document_title"), b.get("note") or "",
                     b.get("created") or now, b.get("updated") or now, b.get("quote"), b.get("prefix"),
                     b.get("suffix")])
                added += 1
        return added

    # ---- the user's gazetteer ----
    def user_platforms(self, status: str | None = None) -> list[dict]:
        q = "select * from user_platforms" + (" where status=?" if status else "") + " order by rowid"
        return [dict(r) for r in self.con.execute(q, [status] if status else [])]

    def decide_platform(self, name: str, status: str, kind: str, example: str | None = None,
                        document_title: str | None = None, merge_into: str | None = None) -> None:
        """Accept a name found in the plans into the user's gazetteer, ignore it (not a
        platform), or merge it into an existing platform (`merge_into`: its id; the name
        becomes one of its aliases): kept across rebuilds."""
        if status not in ("accepted", "ignored", "merged"):
            raise ValueError(status)
        if (status == "merged") != bool(merge_into):
            raise ValueError("merge_into goes with status 'merged', and only with it")
        with self.con:
            self.con.execute("insert or replace into user_platforms (name, kind, status, example, document_title,"
                             " decided, merge_into) values (?,?,?,?,?,?,?)",
                             [name, kind, status, example, document_title, _now(), merge_into or None])

    def forget_platform(self, name: str) -> None:
        """Undo a decision: the name is a candidate again."""
        with self.con:
            self.con.execute("delete from user_platforms where name=?", [name])

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


BOOKMARKS_TOPIC = "书签"          # the default 专题: the bookmarks themselves (no row of topics)


def _topic_name(name: str) -> str:
    name = (name or "").strip()[:60]
    if not name:
        raise ValueError("专题名称不能为空")
    if name == BOOKMARKS_TOPIC:
        raise ValueError(f"「{BOOKMARKS_TOPIC}」是默认专题")
    return name


def open_userdata(path: str | Path) -> tuple[UserData, str | None]:
    """Open user.sqlite; a damaged one is moved aside (kept, never deleted) and a
    fresh one started. Returns (userdata, a message for the person or None)."""
    path = Path(path)
    try:
        return UserData(path), None
    except NewerUserData:
        return UserData(":memory:"), ("书签和批注数据由更新版本的 PlanDesk 写入，本版本不能修改它（文件保持原样）。"
                                      "本次所做的书签不会保存。")
    except sqlite3.DatabaseError as e:
        aside = move_aside(path)
        log.warning("%s is damaged (%s); moved to %s", path, e, aside)
        what = f"未通过校验（{e.reason}）" if isinstance(e, Untrusted) else "已损坏"
        msg = (f"书签和批注数据文件{what}，已移到 {aside.name} 保存，并新建了一个空的。"
               + ("可在“书签 › 从备份恢复…”中恢复最近的备份。" if backups(path) else "没有可用的备份。"))
        return UserData(path), msg


def restore(path: str | Path, backup: str | Path) -> None:
    """Put a backup in place of user.sqlite (the current one kept as …replaced-TIME)."""
    path, backup = Path(path), Path(backup)
    if not trusted(backup):
        raise Untrusted(backup, "不是可恢复的书签备份（已损坏或含有 PlanDesk 未创建的内容）")
    if path.exists():
        shutil.copy2(path, path.with_name(f"{path.name}.replaced-{datetime.now():%Y%m%d-%H%M%S}"))
    tmp = path.with_name(".user-restore.sqlite")
    shutil.copy2(backup, tmp)
    durable_replace(tmp, path)


def _read_user_platforms(path: str | Path) -> list[tuple[str, str, str, str | None]]:
    """(name, kind, status, merge_into) of the user's gazetteer, read without opening
    user.sqlite for writing (a build runs beside the window; a file of an older version
    is read as it is): [] when there is none, or it can't be read."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        con = connect_ro(path, budget=5.0)
        try:
            v = con.execute("pragma user_version").fetchone()[0]
            check_user(con, path, v)
            merge = "merge_into" if v >= 4 else "null"
            return [r for r in con.execute(f"select name, kind, status, {merge} from user_platforms order by name")
                    if all(isinstance(x, str) for x in r[:3]) and (r[3] is None or isinstance(r[3], str))]
        finally:
            con.close()
    except sqlite3.Error:
        return []


def accepted_platforms(path: str | Path) -> list[dict]:
    """The platforms the user accepted into the gazetteer."""
    return [dict(name=n, kind=k) for n, k, s, _ in _read_user_platforms(path) if s == "accepted"]


def decided_platforms(path: str | Path) -> dict[str, str]:
    """name -> accepted / ignored / merged, for every name the user decided on."""
    return {n: s for n, _, s, _ in _read_user_platforms(path)}


def merged_platforms(path: str | Path) -> dict[str, str]:
    """name -> the id of the platform the user merged it into (it is that platform's alias)."""
    return {n: m for n, _, s, m in _read_user_platforms(path) if s == "merged" and m}
