"""A place dragged from one view to another (a 目录 item or a search hit onto a 专题):
the place id as the drag's data, under PlanDesk's own type — never a file, a URL or
markup, so a drop elsewhere does nothing with it."""
from __future__ import annotations

from PySide6.QtCore import QMimeData

PLACE_MIME = "application/x-plandesk-place"


def place_mime(place_id: str | None) -> QMimeData | None:
    if not place_id:
        return None
    m = QMimeData()
    m.setData(PLACE_MIME, place_id.encode("utf-8"))
    return m


def place_of(mime) -> str | None:
    """The place id a drag carries, or None (another program's data, or not ours)."""
    if mime is None or not mime.hasFormat(PLACE_MIME):
        return None
    try:
        s = bytes(mime.data(PLACE_MIME)).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return s if 0 < len(s) <= 500 else None
