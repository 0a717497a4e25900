"""Small text helpers shared by the importer's stages."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

TERMINAL = set("。！？；：!?;:")
CLOSERS = set("”’）)」』】]")
SENT_END = set("。！？；!?;")


# the characters that count half: below the CJK blocks, but for the quotes and dashes
_HALF = re.compile("[^\u2e80-\U0010ffff“”‘’—…―]")


def width(s: str) -> float:
    """Display width: CJK and full-width characters count 1, ASCII 0.5."""
    if not s:
        return 0
    return len(s) - 0.5 * len(_HALF.findall(s))


def is_terminal(s: str) -> bool:
    """Does this line end a paragraph by its punctuation?"""
    s = s.rstrip()
    if not s:
        return True
    last = s[-1]
    if last in TERMINAL:
        return True
    if last in CLOSERS:
        core = s.rstrip("".join(CLOSERS))
        if core and core[-1] in SENT_END:
            return True
        if last in "）)":
            # a whole parenthetical paragraph, e.g. （责任单位：市商务委）
            opener = max(s.rfind("（"), s.rfind("("))
            if opener == 0 or (opener > 0 and s[opener - 1] in SENT_END):
                return True
            if opener < 0:
                return True  # closes a parenthetical opened on an earlier line
    return False


def join_lines(a: str, b: str) -> str:
    """Join two wrapped pieces of one paragraph (no space between CJK)."""
    if not a:
        return b
    if not b:
        return a
    if re.match(r"[A-Za-z0-9]", a[-1]) and re.match(r"[A-Za-z]", b[0]):
        return a + " " + b
    return a + b


# The one sentence splitter of PlanDesk. A sentence ends at a full stop (。！？);
# for statements and targets a clause ending ； counts as one too. Closing
# quotes and brackets stay with the sentence they close.
FULL_STOPS = "。！？"
CLAUSE_STOPS = "。！？；!?;"
_CLOSE = "”’）)」』"


@lru_cache(maxsize=8)
def _sentence_re(stops: str) -> re.Pattern:
    s = re.escape(stops)
    return re.compile(rf"[^{s}]*[{s}]+[{_CLOSE}]*|[^{s}]+$")


def sentence_spans(text: str, stops: str = CLAUSE_STOPS) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, leading white space included."""
    for m in _sentence_re(stops).finditer(text):
        if m.end() > m.start():
            yield m.start(), m.end()


def sentences(text: str, stops: str = CLAUSE_STOPS) -> list[str]:
    """Split Chinese text into sentences, keeping the end punctuation."""
    return [s for s in (text[a:b].strip() for a, b in sentence_spans(text, stops)) if s]


def lead_of(text: str, limit: int = 40) -> str:
    """The lead phrase of an item: text before the first ：/。, else a short prefix."""
    m = re.search(r"[：:。]", text)
    if m and m.start() > 0 and m.start() <= limit:
        return text[: m.start()].strip()
    if m and m.start() > 0:
        # no short lead: the first clause stands for it
        c = re.search(r"[，,；;]", text)
        if c and 0 < c.start() <= limit:
            return text[: c.start()].strip()
        return text[: m.start()].strip()[:limit]
    return text.rstrip("。")[:limit]


def occurrences(text: str, sub: str, start: int = 0) -> Iterator[int]:
    """Where `sub` starts in text from `start` on, non-overlapping, left to right:
    re.finditer(re.escape(sub)) without a pattern compiled per string (an empty
    one, as there: at every position; `start` held to the text, as there)."""
    start = max(0, min(start, len(text)))
    if not sub:
        yield from range(start, len(text) + 1)
        return
    k = text.find(sub, start)
    while k >= 0:
        yield k
        k = text.find(sub, k + len(sub))
