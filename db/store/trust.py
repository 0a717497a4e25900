"""Opening the data folder's SQLite files without trusting them.

A data folder may come from someone else, or be damaged. Before plans.sqlite or
user.sqlite is used, its schema (sqlite_master) is compared with what PlanDesk
itself creates: the same tables and indexes, and no view, trigger or virtual
table (a view can run an endless recursive query on read, a trigger runs on
write). A file that differs is `Untrusted`. Every connection is read through a
correctly quoted URI (a folder named `Li#Wei?x%20y` is a folder, not a query
string), only a regular file is opened, no value may grow beyond MAX_VALUE, and no
statement runs longer than its time budget (SQLite's progress handler interrupts it).
"""
from __future__ import annotations

import errno
import os
import re
import sqlite3
import time
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from .. import paths
from .schema import create_script
from .schema import SCHEMA_VERSION

READ_BUDGET = 20.0            # seconds one statement may run (a real one takes milliseconds)
MAX_VALUE = 64 * 1024 * 1024  # bytes in one string or blob (a whole plan is well under 8 MB)
_STEPS = 20_000               # VM steps between looks at the clock


class Untrusted(sqlite3.DatabaseError):
    """A database file that is not as PlanDesk writes it: not a regular file, not a
    database, or holding objects PlanDesk does not create. `stale` marks a store of
    PlanDesk's own making from another version (plain tables, its own meta table):
    rebuilt in place rather than moved aside."""

    def __init__(self, path, reason: str, stale: bool = False):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.stale = Path(path), reason, stale


class _Budgeted(sqlite3.Connection):
    """A connection whose every statement has `budget` seconds (from its execute)."""
    budget: float | None = None
    _t0 = 0.0

    def execute(self, *args, **kw):
        self._t0 = time.monotonic()
        return super().execute(*args, **kw)

    def executemany(self, *args, **kw):
        self._t0 = time.monotonic()
        return super().executemany(*args, **kw)

    def executescript(self, *args, **kw):
        self._t0 = time.monotonic()
        return super().executescript(*args, **kw)

    def _over(self) -> int:
        return int(self.budget is not None and time.monotonic() - self._t0 > self.budget)


def move_aside(db: Path) -> Path:
    """Move an SQLite file PlanDesk will not use to DB.damaged-TIME beside it, its
    journal, WAL and shared-memory files with it (kept, never deleted)."""
    db = Path(db)
    aside = db.with_name(f"{db.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
    os.replace(db, aside)
    for extra in ("-journal", "-wal", "-shm"):
        j = db.with_name(db.name + extra)
        if os.path.lexists(j):
            os.replace(j, aside.with_name(aside.name + extra))
    return aside


def bound(con: sqlite3.Connection, budget: float | None = READ_BUDGET) -> sqlite3.Connection:
    """Give a connection its limits: values no larger than MAX_VALUE, statements no
    longer than `budget` seconds (a `_Budgeted` connection), recursion kept shallow."""
    con.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE)
    con.setlimit(sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 10)
    if isinstance(con, _Budgeted):
        con.budget = budget
        con._t0 = time.monotonic()
        con.set_progress_handler(con._over, _STEPS)
    return con


def uri(path: str | Path, mode: str = "ro") -> str:
    """A `file:` URI for path, every special character quoted (Path.as_uri)."""
    return Path(path).absolute().as_uri() + f"?mode={mode}"


def connect_ro(path: str | Path, budget: float | None = READ_BUDGET, check_same_thread: bool = True
               ) -> sqlite3.Connection:
    """A read-only connection to an existing regular file (never creates one)."""
    path = Path(path)
    try:
        paths.regular_file(path)
    except FileNotFoundError:
        raise sqlite3.OperationalError(f"unable to open database file: {path}") from None
    except OSError as e:
        raise Untrusted(path, e.strerror or str(e)) from None
    con = sqlite3.connect(uri(path), uri=True, check_same_thread=check_same_thread, factory=_Budgeted)
    return bound(con, budget)


def connect_rw(path: str | Path, budget: float | None = READ_BUDGET) -> sqlite3.Connection:
    """A read-write connection to a regular file (created when missing)."""
    path = Path(path)
    if str(path) != ":memory:" and path.exists():
        try:
            paths.regular_file(path)
        except OSError as e:
            raise Untrusted(path, e.strerror or str(e)) from None
    return bound(sqlite3.connect(str(path), factory=_Budgeted), budget)


# ---- the schema compared ----

_TOKENS = re.compile(r"('(?:[^']|'')*')|--[^\n]*|/\*.*?\*/|[\"`\[\]]", re.S)


def _token(m: re.Match) -> str:
    if m.group(1):
        return m.group(1)                              # a string literal, as it is
    return " " if m.group(0)[0] in "-/" else ""        # a comment; an identifier quote


@lru_cache(maxsize=512)
def normal_sql(sql: str | None) -> str | None:
    """CREATE text with comments and identifier quotes dropped (literals kept), white
    space collapsed, case folded: what PlanDesk wrote, in any of its spellings."""
    if sql is None:
        return None
    s = _TOKENS.sub(_token, sql)
    s = re.sub(r"\s+", " ", s).strip().lower()
    s = re.sub(r" ?([(),]) ?", r"\1", s)
    return re.sub(r"^create (table|index) if not exists ", r"create \1 ", s)


Objects = frozenset[tuple[str, str, str, str | None]]


def objects(con: sqlite3.Connection) -> Objects:
    """What the file's sqlite_master lists: (type, name, table, normalised SQL); a
    thousand objects at most, and no statement longer than PlanDesk's own would be
    normalised (neither can be PlanDesk's)."""
    rows = con.execute("select type, name, tbl_name, sql from sqlite_master limit 1000").fetchall()
    return frozenset((t, n, tb, normal_sql(s) if s is None or len(s) < 65536 else "(too long)") for t, n, tb, s in rows)


def objects_of(script: str) -> Objects:
    """The objects a script creates, in an empty in-memory database."""
    con = sqlite3.connect(":memory:")
    try:
        con.executescript(script)
        return objects(con)
    finally:
        con.close()


def foreign(found: Objects, wanted: Objects) -> str | None:
    """Why `found` is not `wanted` (the first difference, in Chinese), or None."""
    extra = sorted(found - wanted)
    kinds = {"view": "视图", "trigger": "触发器"}
    for t, n, _tb, s in extra:
        if t in kinds:
            return f"含有 PlanDesk 未创建的{kinds[t]}（{n}）"
        if s and s.startswith("create virtual table"):
            return f"含有 PlanDesk 未创建的虚拟表（{n}）"
    if extra:
        t, n = extra[0][:2]
        return f"{'表' if t == 'table' else '索引'} {n} 与 PlanDesk 所建的不同"
    missing = sorted(wanted - found)
    if missing:
        return f"缺少{'表' if missing[0][0] == 'table' else '索引'} {missing[0][1]}"
    return None


@lru_cache(maxsize=1)
def plans_objects() -> Objects:
    return objects_of(create_script())


def read_objects(con: sqlite3.Connection, path: Path) -> Objects:
    try:
        return objects(con)
    except sqlite3.DatabaseError as e:           # not a database, encrypted, truncated header
        raise Untrusted(path, f"不是可读的数据库（{e}）") from None


def check_plans(con: sqlite3.Connection, path: Path) -> None:
    """Untrusted unless the store holds exactly the tables and indexes PlanDesk
    creates. `stale` when it is PlanDesk's own store of another schema version:
    plain tables, PlanDesk's meta table, and another version written in it (a store
    of this version that differs was changed by someone: it is moved aside)."""
    found = read_objects(con, path)
    why = foreign(found, plans_objects())
    if why is None:
        return
    meta = {o for o in plans_objects() if o[2] == "meta"}
    plain = all(t in ("table", "index") and not (s or "").startswith("create virtual") for t, _n, _tb, s in found)
    stale = False
    if plain and meta <= found:
        row = con.execute("select value from meta where key = 'schema_version'").fetchone()
        stale = row is not None and row[0] != str(SCHEMA_VERSION)
    raise Untrusted(path, why, stale=stale)


# ---- errors as a person reads them ----

_OS_CODES = {sqlite3.SQLITE_FULL: (errno.ENOSPC, "磁盘空间不足"),
             sqlite3.SQLITE_READONLY: (errno.EROFS, "所在磁盘是只读的"),
             sqlite3.SQLITE_IOERR: (errno.EIO, "读写出错（磁盘或设备故障）"),
             sqlite3.SQLITE_CANTOPEN: (errno.EACCES, "无法打开数据库文件"),
             sqlite3.SQLITE_PERM: (errno.EACCES, "没有权限")}


def as_os_error(e: BaseException, where: str | Path) -> OSError | None:
    """A SQLite error that is really the disk's (full, read-only, failing) as an
    OSError naming `where`; None for any other."""
    code = getattr(e, "sqlite_errorcode", None)
    if not isinstance(e, sqlite3.Error) or code is None:
        return None
    hit = _OS_CODES.get(code & 0xFF)
    return OSError(hit[0], hit[1], str(where)) if hit else None


def reason(e: BaseException) -> str:
    """Why a store could not be read, for the one-line message."""
    if isinstance(e, Untrusted):
        return e.reason
    if getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT:
        return f"查询超过 {READ_BUDGET:.0f} 秒未完成，已中止"
    return f"无法读取（{e}）"
