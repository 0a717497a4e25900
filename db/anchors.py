"""Text anchors for highlights and notes (calibre's and Hypothes.is's kind): a
passage is kept as its quote plus a little context on each side, and found again
in the unit's text after a rebuild — or reported as changed."""
from __future__ import annotations

CONTEXT = 24


def _squash(s: str) -> str:
    return "".join((s or "").split())


def anchor(text: str, start: int, end: int) -> dict:
    """The selection [start, end) of text as quote, prefix and suffix."""
    return dict(quote=text[start:end].strip(), prefix=text[max(0, start - CONTEXT):start],
                suffix=text[end:end + CONTEXT])


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_head(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def locate(text: str, a: dict) -> tuple[int, int] | None:
    """Where the anchored quote is in text (the occurrence whose context agrees
    best), or None when the text no longer holds it."""
    q = a.get("quote") or ""
    if not q:
        return None
    spots, at = [], text.find(q)
    while at >= 0:
        spots.append(at)
        at = text.find(q, at + 1)
    if not spots:
        return None
    pre, suf = a.get("prefix") or "", a.get("suffix") or ""
    best = max(spots, key=lambda s: _common_tail(text[max(0, s - len(pre)):s], pre)
               + _common_head(text[s + len(q):s + len(q) + len(suf)], suf))
    return best, best + len(q)


def still_there(text: str, a: dict) -> bool:
    """Is the quote still in the text (spacing aside)?"""
    return bool(a.get("quote")) and _squash(a["quote"]) in _squash(text)
