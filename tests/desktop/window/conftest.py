"""Fixtures for the window tests: offscreen Qt, isolated QSettings; the data dir is
the session's (tests/conftest.py), copied for each window."""
from __future__ import annotations

from tests.helpers.deskhelp import open_window

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def isolated_settings(tmp_path_factory):
    d = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(d))
    yield d


@pytest.fixture(scope="session", autouse=True)
def chinese(qapp):
    """Qt's own dialogs in Chinese and a CJK application font, as the app starts them."""
    from desktop.window.fonts import ensure_cjk_font
    from desktop.window.locale import install_translations
    install_translations(qapp)
    ensure_cjk_font(qapp)


@pytest.fixture
def clean_settings():
    from desktop.window import settings as st
    st.settings().clear()
    yield
    st.settings().clear()


@pytest.fixture
def window(qtbot, data_copy, clean_settings):
    yield from open_window(qtbot, data_copy)


