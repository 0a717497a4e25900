"""UI state in QSettings (window, docks, splitters, zoom, last position), typed reads."""
from __future__ import annotations

from PySide6.QtCore import QSettings

ORG, APP = "PlanDesk", "PlanDesk"


def settings() -> QSettings:
    return QSettings(ORG, APP)


def get(key: str, default, typ=None):
    s = settings()
    v = s.value(key, default)
    if typ is bool:
        return v in (True, "true", "1", 1)
    if typ is int:
        try:
            return int(v)
        except (TypeError, ValueError):
            return default
    if typ is float:
        try:
            return float(v)
        except (TypeError, ValueError):
            return default
    return v


def put(key: str, value) -> None:
    settings().setValue(key, value)
