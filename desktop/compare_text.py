"""What changed between two documents' statements (no Qt): new statements and new key phrases."""
from __future__ import annotations

import html
import re


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def bigrams(s: str) -> set[str]:
    s = _norm(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def is_new(text: str, previous: list[str], threshold: float = 0.6) -> bool:
    """A statement is new when no earlier statement holds most of its wording."""
    b = bigrams(text)
    if not b:
        return False
    return all(len(b & bigrams(p)) / len(b) < threshold for p in previous)


def mark_new_phrases(text: str, previous: list[str], min_len: int = 4) -> str:
    """HTML of text with the runs (≥ min_len characters) absent from the earlier
    statements highlighted: the new key phrases."""
    old = set()
    for p in previous:
        old |= bigrams(p)
    n = len(text)
    fresh = [False] * n
    for i in range(n - 1):
        if text[i:i + 2] not in old and not re.match(r"[\W_]", text[i]):
            fresh[i] = fresh[i + 1] = True
    out, i = [], 0
    while i < n:
        j = i
        while j < n and fresh[j] == fresh[i]:
            j += 1
        seg = html.escape(text[i:j], quote=False)
        if fresh[i] and j - i >= min_len and previous:
            out.append(f'<span style="background-color:#d3f5d0;">{seg}</span>')
        else:
            out.append(seg)
        i = j
    return "".join(out)
