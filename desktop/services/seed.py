"""A bundle's first start: the plans it carries, already built (plans.sqlite and
the search index, `resources/prebuilt`), copied into the user's data folder, so
nothing is built on a laptop the first time.

Only when that is all the folder would hold: no current store there yet (none,
or one from an older version), no plans the user imported (the library), and no
corpus of their own. Bookmarks and notes (user.sqlite) are never touched. In any
other case the ordinary first-start check runs (it rebuilds from the corpus and the
library). The copied index is sealed with this installation's key: the bundle's
files are as trusted as its code (see search.integrity)."""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from db import atomic, paths
from db import store as dbstore
from db.store.builder import corpus_of
from db.store.library import Library
from db.store.reader import stale_meta
from db.store.trust import Untrusted
from db.lock import DataLock
from .update import set_aside, state

log = logging.getLogger(__name__)
DIRNAME = "prebuilt"


def prebuilt() -> Path | None:
    d = paths.resource(DIRNAME)
    return d if (d / "plans.sqlite").is_file() and (d / "index").is_dir() else None


def wanted(data: Path, source: Path | None = None) -> bool:
    source = source or prebuilt()
    if source is None:
        return False
    if Library.load(data).plans:
        return False                        # the user's imports: rebuild with them instead
    db = paths.plans_db(data)
    if not os.path.lexists(db):
        return True
    try:
        with dbstore.Store(db) as st:
            if corpus_of(st) is not None:
                return False                # built from a corpus of their own
            return st.meta("schema_version") != str(dbstore.SCHEMA_VERSION)
    except Untrusted as e:
        # an older PlanDesk's store from a corpus of their own stays; anything else is
        # replaced (one PlanDesk did not write as it is is moved aside first: `seed`)
        return not (e.stale and stale_meta(db).get("corpus"))
    except dbstore.StoreError:
        return True                         # not a store PlanDesk can read: replaced


def seed(data: Path, source: Path | None = None, notices: list[str] | None = None) -> bool:
    """Copy the prebuilt store and index into DATA when `wanted`; True if it did.
    `notices` gets the line saying a store was set aside on the way."""
    from search import index, integrity  # lazy: the index and jieba load only where searching is done
    data = Path(data)
    source = source or prebuilt()
    if source is None:
        return False
    data.mkdir(parents=True, exist_ok=True)
    with DataLock(data):
        if not wanted(data, source):
            return False
        aside = set_aside(data, state(data, index_too=False))      # kept, never deleted
        if aside and notices is not None:
            notices.append(aside)
        tmp_idx = Path(tempfile.mkdtemp(prefix=".index-", dir=data))
        try:
            shutil.rmtree(tmp_idx)
            shutil.copytree(source / "index", tmp_idx,
                            ignore=shutil.ignore_patterns(integrity.SEAL, "*.lock"))
            integrity.seal(tmp_idx)
            with atomic.replacing(paths.plans_db(data), overwrite=True, suffix=".sqlite",
                                  prefix=".plans-") as tmp_db:
                shutil.copyfile(source / "plans.sqlite", tmp_db)
                index.install(tmp_idx, data)
        except BaseException:
            shutil.rmtree(tmp_idx, ignore_errors=True)
            raise
        log.info("data folder %s seeded from the bundle's prebuilt plans", data)
        return True


def seed_if_bundled(data_arg=None, create: bool = True) -> list[str]:
    """In a bundle, before a command or the window reads the data folder: seed it
    when wanted. With create=False (a read-only command) a folder named by --data
    or $PLANDESK_DATA that does not exist is not made; the default one is (it is
    the user's, and this is their first start). A folder that can't be written is
    left as it is (the command then says what is missing). Returns the lines to tell
    the person (a store set aside on the way)."""
    notices: list[str] = []
    if prebuilt() is None:
        return notices
    named = data_arg or os.environ.get("PLANDESK_DATA")
    if not create and named and not paths.data_dir(data_arg, create=False).exists():
        return notices
    try:
        seed(paths.data_dir(data_arg), notices=notices)
    except OSError as e:
        log.warning("could not seed the data folder: %s", e)
    return notices
