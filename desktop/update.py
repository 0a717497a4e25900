"""Bringing a data folder up to date: the store and the search index, rebuilding
only what is stale, from the corpus the store was built from. No Qt.

Both are built beside the ones in use (`stage`) and put in place together
(`Staged.install`), so a window can close its handles just around the swap
(Windows can't replace a file that is open) and a failed build changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db import atomic, paths
from db import store as dbstore
from db.progress import Progress


@dataclass
class DataState:
    store: bool            # plans.sqlite exists, opens, and has this program's schema
    index: bool            # the search index is current for it
    corpus: str | None     # the corpus folder the store was built from (None: the bundled one)


def state(data: Path) -> DataState:
    from search import index
    db = paths.plans_db(data)
    if not db.exists():
        return DataState(False, False, None)
    try:
        with dbstore.Store(db) as st:
            ok = st.meta("schema_version") == str(dbstore.SCHEMA_VERSION)
            corpus = dbstore.corpus_of(st)
            return DataState(ok, ok and index.is_current(data, st), corpus)
    except dbstore.StoreError:
        return DataState(False, False, None)


def is_current(data: Path) -> bool:
    s = state(Path(data))
    return s.store and s.index


@dataclass
class Staged:
    """A new store and/or index, complete, not yet in place."""
    store: atomic.Staged | None = None
    index: Path | None = None

    def install(self, data: Path) -> None:
        from search import index
        if self.store is not None:
            self.store.commit()
        if self.index is not None:
            index.install(self.index, data)

    def discard(self) -> None:
        import shutil
        if self.store is not None:
            self.store.discard()
        if self.index is not None:
            shutil.rmtree(self.index, ignore_errors=True)


def _corpus_for(explicit, recorded: str | None):
    if explicit:
        return explicit
    if recorded and Path(recorded).is_dir():
        return recorded
    return None     # the bundled corpus


def stage(data: Path, corpus=None, force: bool = False, progress=None) -> Staged:
    """Build what is stale (everything when `force` or a corpus is given) beside
    what is in use. Raises ImportError_/OSError/Cancelled with nothing changed."""
    from search import index
    progress = Progress.of(progress)
    data = Path(data)
    now = state(data)
    rebuild_store = force or corpus is not None or not now.store
    staged = Staged()
    try:
        if rebuild_store:
            staged.store = dbstore.stage(_corpus_for(corpus, now.corpus), data, progress.part(0, 0.35))
        if rebuild_store or not now.index:
            src = staged.store.path if staged.store else None
            staged.index = index.stage(data, src, progress.part(0.35 if rebuild_store else 0, 1))
    except BaseException:
        staged.discard()
        raise
    return staged


def update(data: Path, corpus=None, force: bool = False, progress=None) -> Staged:
    """stage() then install(): for the command line and the first start."""
    staged = stage(data, corpus, force, progress)
    staged.install(Path(data))
    Progress.of(progress)(1.0, "完成")
    return staged
