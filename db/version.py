"""PlanDesk's version: the one number in pyproject.toml.

Read from the installed package's metadata (the checkout installs itself with
`pip install -e .`); a bundle carries no metadata, so the build writes the same
number to resources/VERSION; a bare source tree reads pyproject.toml."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as v

from . import paths


@lru_cache(maxsize=1)
def version() -> str:
    try:
        return v("plandesk")
    except PackageNotFoundError:
        pass
    try:
        return paths.resource("VERSION").read_text(encoding="utf-8").strip()
    except OSError:
        pass
    try:
        text = (paths.resource().parent / "pyproject.toml").read_text(encoding="utf-8")
        m = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
        if m:
            return m.group(1)
    except OSError:
        pass
    return "0+unknown"
