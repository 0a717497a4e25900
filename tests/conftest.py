"""Shared fixtures: the bundled corpus built once into a store, and the parsed documents."""
from __future__ import annotations

import tempfile
from pathlib import Path

import hypothesis.configuration
import pytest

import support
from db.importer import parse_file
from db.importer.model import ParsedDoc
from db.store import Store, build

# hypothesis keeps caches in ./.hypothesis; keep them out of the source tree
hypothesis.configuration.set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "plandesk-tests-hypothesis")


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Store:
    """The bundled corpus (resources/corpus) built once into a temporary data dir."""
    data = tmp_path_factory.mktemp("bundled-data")
    target = build(support.CORPUS, data)
    st = Store(target)
    yield st
    st.close()


@pytest.fixture(scope="session")
def parsed_docs() -> dict[str, ParsedDoc]:
    """The five bundled plans parsed, by prefix '000'..'004'."""
    return {p: parse_file(support.source_path(p)) for p in support.PREFIXES}


@pytest.fixture(scope="session")
def search_engine(tmp_path_factory):
    """The bundled corpus built once, store and search index, into a temporary data
    dir; an open SearchEngine on it (its index is current, so opening rebuilds nothing).
    Tests must not write into engine.data: the index tests copy it first."""
    from search import index
    from search.engine import SearchEngine

    data = tmp_path_factory.mktemp("search-data")
    build(support.CORPUS, data)
    index.build(data)
    engine = SearchEngine(data)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def search_units(search_engine):
    """The searchable units, loaded afresh from the store (not taken from the engine)."""
    from db import paths
    from search.units import load_units

    st = Store(paths.plans_db(search_engine.data))
    try:
        return load_units(st)
    finally:
        st.close()


@pytest.fixture
def data(built_store):
    """The built store's data dir, for the command line."""
    return str(built_store.path.parent)
