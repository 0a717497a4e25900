"""Helpers for the search tests: brute-force answers and snippet plumbing."""
from __future__ import annotations

import html
import re

import pytest

from search.terms import expand

BIG = 100000                      # a limit no query reaches: every hit comes back
TAG = re.compile(r"</?b>")
BOLD = re.compile(r"<b>(.*?)</b>", re.S)
TERMINATORS = "。！？；"
CLOSERS = "”’）)」』"


def ids(hits) -> set[str]:
    return {h.id for h in hits}


def containing(units, s: str) -> set[str]:
    """Brute force: ids of the units whose text contains s verbatim."""
    return {u.id for u in units if s in u.text}


def expected(units, term: str) -> set[str]:
    """What an unquoted word must find: units containing it or one of its synonym variants."""
    out: set[str] = set()
    for v in expand(term):
        out |= containing(units, v)
    return out


def plain(snippet: str) -> tuple[str, bool, bool]:
    """A snippet's text without tags, unescaped, and whether it was cut before / after."""
    s = html.unescape(TAG.sub("", snippet))
    pre = s.startswith("…")
    suf = len(s) > int(pre) and s.endswith("…")
    return s[int(pre):len(s) - int(suf)], pre, suf


def positions(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def crosses(text: str, needles, x: int) -> bool:
    """Whether an occurrence of a needle in text spans position x (x strictly inside it)."""
    return any(a < x < a + len(n) for n in needles if n for a in positions(text, n))


def require(cond, what: str) -> None:
    """A precondition about the corpus: a plain failure (never an expected xfail) when unmet."""
    if not cond:
        pytest.fail(f"precondition failed: {what}", pytrace=False)
