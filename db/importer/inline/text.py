"""A run-in scrape as one string, with a map from character offsets back to source lines."""
from __future__ import annotations

import bisect
import re

from ..model import Line
from ..textutil import FULL_STOPS, sentence_spans

_TAG = re.compile(r"<[A-Za-z/][^>]*>")


class Text:
    """The whole text joined by newlines; `line(pos)` is the source line of an offset."""

    def __init__(self, lines: list[Line]):
        self.starts: list[int] = []
        self.nos: list[int] = []
        parts, pos = [], 0
        for ln in lines:
            t = _TAG.sub("", ln.text)
            self.starts.append(pos)
            self.nos.append(ln.no)
            parts.append(t)
            pos += len(t) + 1
        self.s = "\n".join(parts)

    def line(self, pos: int) -> int:
        return self.nos[max(0, bisect.bisect_right(self.starts, pos) - 1)]


def sentences_in(s: str, a: int, b: int):
    """The sentences of s[a:b] (ending at a full stop) with their offsets, and a
    "\\n" unit for each line break between them (a break ends a run of a box)."""
    pos = a
    for part in re.split(r"(\n)", s[a:b]):
        if part == "\n":
            yield "\n", pos
        else:
            for x, y in sentence_spans(part, FULL_STOPS):
                u = part[x:y].strip()
                if u:
                    yield u, pos + x
        pos += len(part)


def front_sentences(front: str, min_len: int = 6) -> set[str]:
    """The notice's sentences: a scrape prints the notice again inside the body."""
    out = set()
    for x, y in sentence_spans(front, FULL_STOPS):
        u = front[x:y].strip()
        if len(u) >= min_len:
            out.add(u)
    return out
