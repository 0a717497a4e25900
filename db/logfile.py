"""The log: a rotating file in the data folder (plandesk.log, 1 MB × 3 kept), so an
error a person reports can be read afterwards; every error dialog names it."""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

NAME = "plandesk.log"
_installed: dict[str, logging.Handler] = {}


def log_path(data: Path) -> Path:
    return Path(data) / NAME


def install(data: Path, level=logging.INFO) -> Path | None:
    """Log to DATA/plandesk.log from now on (once per folder); None when the folder
    can't be written (a read-only data folder still opens)."""
    p = log_path(data)
    if str(p) in _installed:
        return p
    try:
        h = logging.handlers.RotatingFileHandler(p, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(h)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    _installed[str(p)] = h
    return p


def current() -> Path | None:
    """The log file in use (the window's data folder's), if any."""
    return Path(next(iter(_installed))) if _installed else None
