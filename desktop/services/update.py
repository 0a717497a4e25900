"""Bringing a data folder up to date: the store and the search index, rebuilding
only what is stale, from the corpus the store was built from. No Qt.

Both are built beside the ones in use (`stage_update`) and put in place together
(`PendingUpdate.install`): the new index goes in, then the new store; if the store
can't go in, the old index comes back. So a failed build, a full disk or a
kill leaves the old pair, and a window can close its handles just around the
swap (Windows can't replace a file that is open). One writer at a time: the
folder's lock is held from staging to installing, and under it whatever a
killed run left behind is removed first.
"""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from db import atomic, paths
from db import store as dbstore
from db.lock import DataLock
from db.progress import Progress
from db.store.builder import gazetteer_for, user_gazetteer_hash
from db.store.reader import stale_meta
from db.store.trust import Untrusted, as_os_error, reason
from db.store.library import Library
from db.store.trust import move_aside

log = logging.getLogger(__name__)

# what a run leaves in the data folder while it writes (and a killed run leaves for good)
LEFTOVER_PREFIXES = (".plans-", ".index-", ".plandesk-", ".user-")
LEFTOVER_DIRS = ("library", "library/files")


@dataclass
class DataState:
    store: bool            # plans.sqlite exists, opens, has this program's schema and the user's gazetteer
    index: bool            # the search index is current for it
    corpus: str | None     # the corpus folder the store was built from (None: the bundled one)
    # why the store is not current: None, "missing", "gazetteer" (its statements only),
    # "library" (it and the library disagree), "schema" (another version's), "untrusted"
    stale: str | None = None
    problem: str | None = None     # for "untrusted": why (in Chinese)

    @property
    def readable(self) -> bool:
        """Can the read commands use the store as it is (it has this schema and the plans of the library)?"""
        return self.stale in (None, "gazetteer")


def state(data: Path, index_too: bool = True) -> DataState:
    """What is current in DATA (the index only checked when `index_too`). A store
    PlanDesk did not write as it is (views, triggers, other tables, not a database)
    is "untrusted": `stage_update` moves it aside and builds a new one."""
    data = Path(data)
    db = paths.plans_db(data)
    if not os.path.lexists(db):
        return DataState(False, False, None, "missing")
    try:
        with dbstore.Store(db) as st:
            return _state_of(data, st, index_too)
    except Untrusted as e:
        if e.stale:                    # PlanDesk's own store of another version: its corpus is kept
            return DataState(False, False, stale_meta(db).get("corpus") or None, "schema")
        return DataState(False, False, None, "untrusted", e.reason)
    except dbstore.StoreError as e:   # damaged where the schema is fine
        return DataState(False, False, None, "untrusted", reason(e))


def _state_of(data: Path, st, index_too: bool) -> DataState:
    from search import index  # lazy: the index and jieba load only where searching is done
    same_schema = st.meta("schema_version") == str(dbstore.SCHEMA_VERSION)
    corpus = dbstore.corpus_of(st)
    # a platform accepted or ignored since: the store's statements are stale
    # (its text, and so the index, are not)
    stale = None if same_schema else "schema"
    if stale is None and (st.meta("library") or "") != Library.load(data).digest():
        stale = "library"
    if stale is None and (st.meta("user_gazetteer") or "") != user_gazetteer_hash(gazetteer_for(data)):
        stale = "gazetteer"
    return DataState(stale is None, index_too and same_schema and index.built_from(data, st), corpus, stale)


def set_aside(data: Path, now: DataState) -> str | None:
    """Move an untrusted plans.sqlite aside (plans.sqlite.damaged-TIME, never deleted),
    so a new one is built; the one line that says so, or None when there was none.
    Call holding the folder's lock."""
    if now.stale != "untrusted":
        return None
    db = paths.plans_db(Path(data))
    aside = move_aside(db)
    msg = f"{db}: 未通过校验（{now.problem}），已另存为 {aside.name}，重新建立"
    log.info("%s", msg)           # in the window's log; the command line prints it itself
    return msg


def repairs(data: Path, now: DataState) -> list[str]:
    """Before a store is built anew: an untrusted one moved aside (set_aside); one
    line for each thing found wrong (a store that disagrees with the library: an
    import or removal that did not finish)."""
    out = [m for m in [set_aside(data, now)] if m]
    if now.stale == "library":
        out.append(f"{paths.plans_db(Path(data))}: 与导入规划的清单不一致（上次导入或移除未完成），重新建立")
        log.info("%s", out[-1])
    return out


def up_to_date(data: Path) -> bool:
    """Are both the store and the index in DATA current (nothing to build)?"""
    s = state(Path(data))
    return s.store and s.index


def clean_leftovers(data: Path) -> list[str]:
    """Remove what a killed run left (temporary stores, indexes, journals, jieba's
    temp files). Call only holding the folder's lock: then no live writer owns them."""
    removed = []
    folders = [Path(data)] + [Path(data) / d for d in LEFTOVER_DIRS
                              if (Path(data) / d).is_dir() and not (Path(data) / d).is_symlink()]
    for p in (x for f in folders for x in f.iterdir()):
        n = p.name
        if n.startswith(LEFTOVER_PREFIXES) or (n.startswith("tmp") and p.is_file()):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
            removed.append(n)
    return removed


@dataclass
class PendingUpdate:
    """A new store and/or index (and for an import, the library's new files and
    manifest), complete, not yet in place; holds the folder's lock."""
    store: atomic.Staged | None = None
    index: Path | None = None
    lock: DataLock | None = field(default=None, repr=False)
    files: list[atomic.Staged] = field(default_factory=list)     # originals going into the library
    manifest: atomic.Staged | None = None
    delete_after: list[Path] = field(default_factory=list)       # originals of removed plans
    results: list = field(default_factory=list)                  # what an import did, per file
    notices: list[str] = field(default_factory=list)             # one line each: what was set aside
    refused: list[tuple[str, str]] = field(default_factory=list)  # files a build left out: (file, reason)

    def install(self, data: Path) -> None:
        """Put everything in place: library files, manifest, index, then the store.
        If the store can't go in, the old manifest and index come back."""
        from search import index  # lazy: the index and jieba load only where searching is done
        data = Path(data)
        target = index.index_dir(data)
        old_index, old_manifest, placed = None, None, []
        try:
            for f in self.files:
                placed.append(f.commit())
            self.files = []
            if self.manifest is not None:
                old_manifest = self.manifest.target.read_bytes() if self.manifest.target.exists() else b""
                self.manifest.commit()
            if self.index is not None:
                if target.exists():
                    old_index = data / f".index-old-{os.getpid()}"
                    os.replace(target, old_index)
                atomic.publish_mode(self.index, directory=True)
                atomic.durable_replace(self.index, target)
                self.index = None
            if self.store is not None:
                self.store.commit()
                self.store = None
        except BaseException:
            self._undo(target, old_index, old_manifest, placed)
            old_index = None
            raise
        finally:
            if old_index is not None:
                shutil.rmtree(old_index, ignore_errors=True)
            self.discard()
        for p in self.delete_after:
            p.unlink(missing_ok=True)

    def _undo(self, target: Path, old_index, old_manifest, placed) -> None:
        """The old pair (and library) back, after a failure half-way through install()."""
        if old_index is not None:
            shutil.rmtree(target, ignore_errors=True)
            os.replace(old_index, target)
        if self.manifest is not None and old_manifest is not None:
            if old_manifest:
                self.manifest.target.write_bytes(old_manifest)
            else:
                self.manifest.target.unlink(missing_ok=True)
        for p in placed:
            p.unlink(missing_ok=True)

    def discard(self) -> None:
        for f in self.files:
            f.discard()
        self.files = []
        if self.manifest is not None:
            self.manifest.discard()
            self.manifest = None
        if self.store is not None:
            self.store.discard()
            self.store = None
        if self.index is not None:
            shutil.rmtree(self.index, ignore_errors=True)
            self.index = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _corpus_for(explicit, recorded: str | None):
    if explicit:
        return explicit
    if recorded and Path(recorded).is_dir():
        return recorded
    return None     # the bundled corpus


def stage_update(data: Path, corpus=None, force: bool = False, progress=None, wait: float = 30.0,
          on_wait=None, reindex: bool = False, strict: bool = False) -> PendingUpdate:
    """Build what is stale (everything when `force` or a corpus is given; the index
    when `reindex`) beside what is in use. A file that can't be read is left out
    (`refused`, and one notice each) and the others are built; `strict`: so is a file
    the importer's self-check has findings on. Raises UnimportableFile (no file could be
    read)/OSError/DataLocked/Cancelled with nothing changed."""
    data = Path(data)
    data.mkdir(parents=True, exist_ok=True)
    staged = PendingUpdate(lock=DataLock(data, wait, on_wait).acquire())
    try:
        clean_leftovers(data)
        stage_update_locked(staged, data, corpus, force, progress, reindex, strict)
    except BaseException as e:
        staged.discard()
        raise disk_error(e, data) from None
    return staged


def stage_reindex(data: Path, progress=None) -> PendingUpdate:
    """The search index rebuilt beside the one in use (and the store first, when it
    is stale): what a window runs (stage, release, `PendingUpdate.install`, reopen) when
    the search engine reports its index missing, stale or damaged, or the person
    asks for a rebuild. `progress` reports and may cancel; nothing changes until
    install."""
    return stage_update(data, progress=progress, reindex=True)


def stage_update_locked(staged: PendingUpdate, data: Path, corpus=None, force: bool = False, progress=None,
                 reindex: bool = False, strict: bool = False) -> None:
    """stage_update()'s work, the folder's lock held: an untrusted store moved aside, then
    what is stale built into `staged`."""
    from search import index  # lazy: the index and jieba load only where searching is done
    progress = Progress.of(progress)
    now = state(data)
    for notice in repairs(data, now):
        staged.notices.append(notice)
        progress(0.0, notice)
    rebuild_store = force or corpus is not None or not now.store
    if rebuild_store:
        staged.store = dbstore.stage_store(_corpus_for(corpus, now.corpus), data, progress.part(0, 0.35),
                                     refused=staged.refused, strict=strict)
        for f, why in staged.refused:
            staged.notices.append(f"{f}: 未导入（{why}）")
            log.info("%s", staged.notices[-1])
    if rebuild_store and not force and corpus is None and now.stale in ("gazetteer", "library", "untrusted"):
        # only the statements were stale (the user's gazetteer changed), or the store
        # was set aside: when the texts are the same, the index in use serves the new store
        with dbstore.Store(staged.store.path) as new:
            reindex = reindex or not index.built_from(data, new)
    else:
        reindex = reindex or rebuild_store or not now.index
    if reindex:
        src = staged.store.path if staged.store else None
        staged.index = index.stage_index_build(data, src, progress.part(0.35 if rebuild_store else 0, 1))


def disk_error(e: BaseException, data: Path) -> BaseException:
    """What to raise for e: a full disk or a read-only folder as an OSError naming
    the data folder (SQLite, Whoosh and copytree say "disk full" without saying where)."""
    if isinstance(e, shutil.Error):            # a copy of the index (its temporary name says nothing)
        e = atomic.copy_error(e)
        e.filename = str(data)
    if isinstance(e, OSError):
        if not e.filename:
            e.filename = str(data)
        return e
    return as_os_error(e, data) or e


def update(data: Path, corpus=None, force: bool = False, progress=None, wait: float = 30.0,
           on_wait=None, strict: bool = False) -> PendingUpdate:
    """stage_update() then install(): for the command line and the first start. Returns
    what was staged (its store/index fields say what was rebuilt; notices, what was
    set aside; refused, the files left out)."""
    staged = stage_update(data, corpus, force, progress, wait, on_wait, strict=strict)
    built = PendingUpdate(store=staged.store, index=staged.index, results=staged.results, notices=staged.notices,
                   refused=staged.refused)
    staged.install(Path(data))
    Progress.of(progress)(1.0, "完成")
    return built
