"""Where things live: bundled resources (source tree or PyInstaller bundle) and the data dir."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "PlanDesk"


def resource(*parts: str) -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def data_dir(explicit: str | os.PathLike | None = None, create: bool = True) -> Path:
    """--data DIR, else $PLANDESK_DATA, else the platform's user data dir; created
    only for a command that writes (create=True)."""
    if explicit:
        d = Path(explicit)
    elif os.environ.get("PLANDESK_DATA"):
        d = Path(os.environ["PLANDESK_DATA"])
    else:
        from platformdirs import user_data_dir
        d = Path(user_data_dir(APP, appauthor=False))
    if create:
        d.mkdir(parents=True, exist_ok=True)
    return d


def config_dir() -> Path:
    """Per-installation settings outside the data folder ($PLANDESK_CONFIG, else the
    platform's user config dir): the index key lives here, so that a data folder
    copied from someone else carries nothing this installation trusts."""
    if os.environ.get("PLANDESK_CONFIG"):
        return Path(os.environ["PLANDESK_CONFIG"])
    from platformdirs import user_config_dir
    return Path(user_config_dir(APP, appauthor=False))


def plans_db(data: Path) -> Path:
    return data / "plans.sqlite"


def user_db(data: Path) -> Path:
    return data / "user.sqlite"
