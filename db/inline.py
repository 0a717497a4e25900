"""Web scrapes with very long lines: headings and 专栏 inline in running text."""
from __future__ import annotations

from statistics import median

from .errors import ImportError_


def is_inline(lines) -> bool:
    if len(lines) > 400:
        return False
    long = [len(ln.text) for ln in lines]
    return bool(long) and median(long) > 400


def parse(lines, source_file, encoding, n_lines):
    raise ImportError_(source_file, "inline layout not supported yet")
