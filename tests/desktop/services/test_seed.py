"""A bundle's first start: its prebuilt store and index copied in, and only when
nothing of the user's would be lost or ignored."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from db import paths
from desktop.services import seed
from db.store import Store, UserData
from desktop.services.update import state


@pytest.fixture
def source(built_data, tmp_path):
    """A prebuilt folder as the bundle carries it (sealed by another installation)."""
    d = tmp_path / "prebuilt"
    d.mkdir()
    shutil.copy2(paths.plans_db(built_data), d / "plans.sqlite")
    shutil.copytree(built_data / "index", d / "index")
    (d / "index" / "seal.json").write_text('{"files": {}}', encoding="utf-8")   # not this installation's
    return d


def test_an_empty_data_folder_is_seeded_and_current_at_once(source, tmp_path):
    data = tmp_path / "data"
    assert seed.wanted(data, source)
    assert seed.seed(data, source)
    s = state(data)
    assert s.store and s.index                       # nothing to build
    with Store(paths.plans_db(data)) as st:
        assert len(st.documents()) == 5
    assert not seed.seed(data, source)               # once


def test_an_older_store_is_replaced_and_bookmarks_kept(source, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy2(source / "plans.sqlite", paths.plans_db(data))
    with sqlite3.connect(paths.plans_db(data)) as c:
        c.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    ud = UserData(paths.user_db(data))
    ud.add("open-platforms-2018:专栏1", "box", "专栏1", "open-platforms-2018", "规划")
    ud.close()
    assert seed.seed(data, source)
    assert state(data).store
    ud = UserData(paths.user_db(data))
    try:
        assert ud.find("open-platforms-2018:专栏1")
    finally:
        ud.close()


def test_a_current_store_or_the_users_imports_are_left_alone(source, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy2(source / "plans.sqlite", paths.plans_db(data))
    assert not seed.wanted(data, source)             # current: nothing to do
    from db.store.library import Library, Plan
    monkeypatch.setattr(Library, "load", classmethod(lambda cls, d: Library(d, plans=[object()])))
    (data / "plans.sqlite").unlink()
    assert not seed.wanted(data, source)             # imported plans: rebuilt with them instead


def test_no_prebuilt_data_outside_a_bundle_means_no_seeding(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "resource", lambda *p: tmp_path.joinpath("none", *p))
    assert seed.prebuilt() is None
    assert not seed.seed(tmp_path / "data")
