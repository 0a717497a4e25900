"""Snippets cut at Chinese sentence ends, with every match highlighted."""
from __future__ import annotations

import html
import re

_SENT = re.compile(r"[^。！？；\n]*(?:[。！？；]+[”’）)」』]*|\n|$)")
MAX = 150


def spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """All occurrences of any needle, overlapping ones merged, in order."""
    found = []
    for n in needles:
        if not n:
            continue
        i = text.find(n)
        while i >= 0:
            found.append((i, i + len(n)))
            i = text.find(n, i + 1)
    found.sort()
    merged: list[list[int]] = []
    for a, b in found:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def mark(text: str, needles: list[str], open_="<b>", close="</b>") -> str:
    """HTML-escaped text with every needle wrapped in <b>…</b>."""
    out, last = [], 0
    for a, b in spans(text, needles):
        out.append(html.escape(text[last:a], quote=False))
        out.append(open_ + html.escape(text[a:b], quote=False) + close)
        last = b
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def snippet(text: str, clauses: list[list[str]], limit: int = MAX) -> str:
    """The sentence that matches the most clauses (the earliest among equals),
    trimmed around its first match if long, with matches marked."""
    needles = [n for c in clauses for n in c]
    best, best_key = None, None
    # only a sentence holding a whole match can beat the first one (with none, all
    # score (0, 0), and the earliest wins): the others are passed without a look
    found = spans(text, needles)
    ends = [b for _, b in found]
    k = 0
    for m in _SENT.finditer(text):
        start, end = m.span()
        while k < len(ends) and ends[k] <= start:
            k += 1
        if best_key is not None and not (k < len(ends) and found[k][0] < end):
            continue                    # no match reaches into it: (0, 0) at best
        s = m.group(0)
        if not s.strip():
            continue
        hit = [max((len(n) for n in c if n in s), default=0) for c in clauses]
        # most clauses, then the most specific (longest) matches, then the earliest
        key = (sum(1 for h in hit if h), sum(hit), -start)
        if best_key is None or key > best_key:
            best, best_key = (start, end), key

    if best is None:
        return ""
    a, b = best
    if best_key[0] == 0:
        # no sentence holds a match: a match may span a sentence end (求。加大);
        # take the sentences around the first one
        sp = spans(text, needles)
        if sp:
            x, y = sp[0]
            a = max(text.rfind(c, 0, x) for c in "。！？；\n") + 1
            ends = [i for i in (text.find(c, y) for c in "。！？；\n") if i >= 0]
            b = min(ends) + 1 if ends else len(text)
    # a short sentence (a lead such as '西永综合保税区板块。') takes the next ones with it
    while b - a < 40 and b < len(text):
        m = _SENT.match(text, b)
        if not m or m.end() == b or "\n" in text[a:b]:
            break
        b = m.end()
    s = text[a:b].strip()
    prefix = suffix = ""
    if len(s) > limit:
        sp = spans(s, needles)
        first = sp[0][0] if sp else 0
        start = max(0, min(first - limit // 3, len(s) - limit))
        end = min(len(s), start + limit)
        # never cut through a match
        for x, y in sp:
            if x < end < y:
                end = y
            if x < start < y:
                start = x
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(s) else ""
        s = s[start:end]
    return prefix + mark(s, needles) + suffix
