"""Shared fixtures. The bundled corpus is built once per run (store and search index)
into one data dir that every test module and the window tests share; tests that
write take a private copy. Small fixture plans (tests/fixtures/plans) give stage
and store tests something quick to build."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# the installation's index key lives outside any data dir: a private one for the run
if "PLANDESK_CONFIG" not in os.environ:
    os.environ["PLANDESK_CONFIG"] = _CONFIG = tempfile.mkdtemp(prefix="plandesk-config-")
    atexit.register(shutil.rmtree, _CONFIG, True)

import hypothesis.configuration
import pytest

from tests.helpers import support

# the bundle's own suites need dist/PlanDesk (and its .deb): make test-bundle runs them
collect_ignore = [] if os.environ.get("PLANDESK_BUNDLE") else ["bundle", "build/test_notices_bundle.py",
                                                            "build/test_make_deb.py"]
from db import paths
from db.importer import parse_file
from db.importer.model import ParsedDoc
from db.store import Store

# hypothesis keeps caches in ./.hypothesis; keep them out of the source tree
hypothesis.configuration.set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "plandesk-tests-hypothesis")

FIXTURE_PLANS = support.TESTS / "fixtures" / "plans"


@pytest.fixture(scope="session")
def built_data(tmp_path_factory) -> Path:
    """The bundled corpus built once: DATA/plans.sqlite and DATA/index. Read-only."""
    from desktop.services.update import update
    d = tmp_path_factory.mktemp("built-data")
    update(d)
    return d


@pytest.fixture(scope="session")
def built_store(built_data) -> Store:
    st = Store(paths.plans_db(built_data))
    yield st
    st.close()


@pytest.fixture(scope="session")
def parsed_docs() -> dict[str, ParsedDoc]:
    """The five bundled plans parsed, by prefix '000'..'004'."""
    return {p: parse_file(support.source_path(p)) for p in support.PREFIXES}


@pytest.fixture(scope="session")
def search_engine(built_data):
    """An open SearchEngine on the session's data (its index is current: opening
    rebuilds nothing). Tests must not write into engine.data: take data_copy."""
    from search.engine import SearchEngine
    engine = SearchEngine(built_data)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def search_units(built_store):
    """The searchable units, loaded afresh from the store (not taken from the engine)."""
    from search.units import load_units
    return load_units(built_store)


@pytest.fixture
def data(built_data):
    """The built data dir, for read-only commands."""
    return str(built_data)


@pytest.fixture
def data_copy(built_data, tmp_path) -> Path:
    """A private copy of the built data dir (store, index), for tests that write to it."""
    d = tmp_path / "data"
    shutil.copytree(built_data, d, ignore=shutil.ignore_patterns("jieba.cache", "user.sqlite"))
    return d


@pytest.fixture(scope="session")
def fixture_data(tmp_path_factory) -> Path:
    """The small fixture plans built once (store and index). Read-only."""
    from desktop.services.update import update
    d = tmp_path_factory.mktemp("fixture-data")
    update(d, corpus=FIXTURE_PLANS)
    return d


@pytest.fixture
def fixture_copy(fixture_data, tmp_path) -> Path:
    d = tmp_path / "fixture-data"
    shutil.copytree(fixture_data, d, ignore=shutil.ignore_patterns("jieba.cache", "user.sqlite"))
    return d
