"""Bringing a data dir up to date: only what is stale is rebuilt, from the corpus the
store was built from; both are published with the umask's permissions."""
from __future__ import annotations

import os
import stat

import pytest

from tests.helpers import support

from db import paths
from db.store import Store
from desktop.services import update
from search import index

FIXTURES = support.TESTS / "fixtures" / "plans"


def ids(data):
    with Store(paths.plans_db(data)) as st:
        return sorted(d["id"] for d in st.documents())


def test_a_stale_index_alone_is_rebuilt_from_the_store_in_place(fixture_copy, monkeypatch):
    """The index's stamp no longer matches (a new synonyms file, a new format): the
    store built from another corpus is kept, only the index is rebuilt."""
    db = paths.plans_db(fixture_copy)
    before = (db.stat().st_ino, db.read_bytes())
    monkeypatch.setattr(index, "INDEX_FORMAT", index.INDEX_FORMAT + 1)
    s = update.state(fixture_copy)
    assert s.store and not s.index and s.corpus == str(FIXTURES.resolve())
    staged = update.update(fixture_copy)
    assert staged.store is None and staged.index is not None
    assert (db.stat().st_ino, db.read_bytes()) == before
    assert ids(fixture_copy) == ["chapters", "numbered", "runin", "wrapped"]
    assert update.up_to_date(fixture_copy)


def test_a_store_of_an_older_schema_is_rebuilt_from_its_own_corpus(fixture_copy, monkeypatch):
    from db import store
    monkeypatch.setattr(store, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)
    assert not update.state(fixture_copy).store
    staged = update.update(fixture_copy)
    assert staged.store is not None and staged.index is not None
    assert ids(fixture_copy) == ["chapters", "numbered", "runin", "wrapped"]   # not the bundled corpus


def test_nothing_stale_nothing_built(fixture_copy):
    staged = update.update(fixture_copy)
    assert staged.store is None and staged.index is None


@pytest.mark.parametrize("mask,file_mode", [(0o022, 0o644), (0o027, 0o640)])
def test_store_and_index_follow_the_umask(tmp_path, mask, file_mode):
    old = os.umask(mask)
    try:
        update.update(tmp_path, corpus=FIXTURES)
    finally:
        os.umask(old)
    assert stat.S_IMODE(paths.plans_db(tmp_path).stat().st_mode) == file_mode
    d = index.index_dir(tmp_path)
    assert stat.S_IMODE(d.stat().st_mode) == 0o777 & ~mask
    assert {stat.S_IMODE(p.stat().st_mode) for p in d.iterdir()} == {file_mode}
