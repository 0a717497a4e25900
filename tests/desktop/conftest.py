"""Fixtures for the window tests: offscreen Qt, isolated QSettings, a built data dir."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def isolated_settings(tmp_path_factory):
    d = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(d))
    yield d


@pytest.fixture(scope="session")
def built_data(tmp_path_factory) -> Path:
    """Store and index of the bundled corpus, built once (read-only for tests)."""
    from db import store
    from search import index
    d = tmp_path_factory.mktemp("desk-data")
    store.build(None, d)
    index.build(d)
    return d


@pytest.fixture
def data_copy(built_data, tmp_path) -> Path:
    """A private copy of the built data dir, for tests that write to it."""
    d = tmp_path / "data"
    shutil.copytree(built_data, d)
    return d


@pytest.fixture
def clean_settings():
    from desktop import settings as st
    st.settings().clear()
    yield
    st.settings().clear()


@pytest.fixture
def window(qtbot, data_copy, clean_settings):
    from desktop.main_window import MainWindow
    w = MainWindow(data_copy)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.search.shutdown()


