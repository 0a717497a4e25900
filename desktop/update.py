"""Bringing a data folder up to date: the store and the search index, rebuilding
only what is stale, from the corpus the store was built from. No Qt.

Both are built beside the ones in use (`stage`) and put in place together
(`Staged.install`): the new index goes in, then the new store; if the store
can't go in, the old index comes back. So a failed build, a full disk or a
kill leaves the old pair, and a window can close its handles just around the
swap (Windows can't replace a file that is open). One writer at a time: the
folder's lock is held from staging to installing, and under it whatever a
killed run left behind is removed first.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from db import atomic, paths
from db import store as dbstore
from db.lock import DataLock
from db.store.builder import gazetteer_for, user_gazetteer_hash
from db.progress import Progress

# what a run leaves in the data folder while it writes (and a killed run leaves for good)
LEFTOVER_PREFIXES = (".plans-", ".index-", ".plandesk-", ".user-")
LEFTOVER_DIRS = ("library", "library/files")


@dataclass
class DataState:
    store: bool            # plans.sqlite exists, opens, has this program's schema and the user's gazetteer
    index: bool            # the search index is current for it
    corpus: str | None     # the corpus folder the store was built from (None: the bundled one)


def state(data: Path) -> DataState:
    from search import index
    db = paths.plans_db(data)
    if not db.exists():
        return DataState(False, False, None)
    try:
        with dbstore.Store(db) as st:
            same_schema = st.meta("schema_version") == str(dbstore.SCHEMA_VERSION)
            corpus = dbstore.corpus_of(st)
            # a platform accepted or ignored since: the store's statements are stale
            # (its text, and so the index, are not)
            ok = same_schema and (st.meta("user_gazetteer") or "") == user_gazetteer_hash(gazetteer_for(data))
            return DataState(ok, same_schema and index.is_current(data, st), corpus)
    except dbstore.StoreError:
        return DataState(False, False, None)


def is_current(data: Path) -> bool:
    s = state(Path(data))
    return s.store and s.index


def clean_leftovers(data: Path) -> list[str]:
    """Remove what a killed run left (temporary stores, indexes, journals, jieba's
    temp files). Call only holding the folder's lock: then no live writer owns them."""
    removed = []
    folders = [Path(data)] + [Path(data) / d for d in LEFTOVER_DIRS if (Path(data) / d).is_dir()]
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
class Staged:
    """A new store and/or index (and for an import, the library's new files and
    manifest), complete, not yet in place; holds the folder's lock."""
    store: atomic.Staged | None = None
    index: Path | None = None
    lock: DataLock | None = field(default=None, repr=False)
    files: list[atomic.Staged] = field(default_factory=list)     # originals going into the library
    manifest: atomic.Staged | None = None
    delete_after: list[Path] = field(default_factory=list)       # originals of removed plans
    results: list = field(default_factory=list)                  # what an import did, per file

    def install(self, data: Path) -> None:
        """Put everything in place: library files, manifest, index, then the store.
        If the store can't go in, the old manifest and index come back."""
        from search import index
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
                os.replace(self.index, target)
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


def stage(data: Path, corpus=None, force: bool = False, progress=None, wait: float = 30.0,
          on_wait=None, reindex: bool = False) -> Staged:
    """Build what is stale (everything when `force` or a corpus is given; the index
    when `reindex`) beside what is in use. Raises ImportError_/OSError/DataLocked/
    Cancelled with nothing changed."""
    from search import index
    progress = Progress.of(progress)
    data = Path(data)
    data.mkdir(parents=True, exist_ok=True)
    staged = Staged(lock=DataLock(data, wait, on_wait).acquire())
    try:
        clean_leftovers(data)
        now = state(data)
        rebuild_store = force or corpus is not None or not now.store
        if rebuild_store:
            staged.store = dbstore.stage(_corpus_for(corpus, now.corpus), data, progress.part(0, 0.35))
        if rebuild_store and not force and corpus is None and now.index:
            # only the statements were stale (the user's gazetteer changed): when the
            # texts are the same, the index in use serves the new store
            with dbstore.Store(staged.store.path) as new:
                reindex = reindex or not index.is_current(data, new)
        elif rebuild_store:
            reindex = True
        if reindex or not now.index:
            src = staged.store.path if staged.store else None
            staged.index = index.stage(data, src, progress.part(0.35 if rebuild_store else 0, 1))
    except OSError as e:
        staged.discard()
        if not e.filename:          # sqlite and Whoosh say "disk full" without saying where
            e.filename = str(data)
        raise
    except BaseException:
        staged.discard()
        raise
    return staged


def update(data: Path, corpus=None, force: bool = False, progress=None, wait: float = 30.0,
           on_wait=None) -> Staged:
    """stage() then install(): for the command line and the first start. Returns
    what was staged (its store/index fields say what was rebuilt)."""
    staged = stage(data, corpus, force, progress, wait, on_wait)
    built = Staged(store=staged.store, index=staged.index, results=staged.results)
    staged.install(Path(data))
    Progress.of(progress)(1.0, "完成")
    return built
