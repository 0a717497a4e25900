"""Chinese analysis for the index: jieba's search mode (`search.segmenter`: rjieba,
or jieba where it is missing), plus the long dictionary words inside longer words.

The index is written from `terms()` (a word → count mapping per field value),
computed in worker processes for a large library (`search.segmenting`): the
`PreAnalyzedText` field takes that mapping as it is. `analyzer()` gives the same
words as Whoosh tokens, for a plain string value and for reading the index's
analysis in tests."""
from __future__ import annotations

import re
from collections import Counter
from weakref import WeakKeyDictionary

from whoosh.analysis import LowercaseFilter, Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.system import pack_uint

from . import segmenter

_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)


def words(seg, value: str):
    """(word, start, end) for jieba's search mode (`seg`: from `search.segmenter`),
    plus the dictionary words of 4+ characters inside a longer word (知识产权 inside
    加强知识产权保护), which search mode leaves out. Words without a letter, digit or character are left out."""
    for word, a, b in seg.search(value):
        yield from _given(seg, word, a)


def _given(seg, word: str, a: int):
    """What one word search mode cut at `a` gives (`words`): itself when word-like,
    and the dictionary words of 4+ characters inside it."""
    if _WORDLIKE.search(word):
        yield word, a, a + len(word)
    n = len(word)
    if 5 <= n <= 16:
        is_word = seg.is_word
        for k in range(4, n):
            for i in range(0, n - k + 1):
                sub = word[i:i + k]
                if is_word(sub):
                    yield sub, a + i, a + i + k


# per segmenter (its dictionary never changes once made): the terms each word it cuts gives
_TERMS: WeakKeyDictionary = WeakKeyDictionary()
_TERMS_MAX = 500_000


def terms(seg, value: str) -> dict[str, int]:
    """The index terms of a field value (lower-cased) and how often each occurs;
    `seg` is a store's segmenter (`search.terms.tokenizer_for`). The terms a word
    gives (itself when word-like, and the dictionary words inside it, lower-cased)
    are worked out once per segmenter: an index worker meets most words hundreds of
    times (at 250 plans, 2.4 -> 1.1 s per worker, rjieba's own cut being 1.0 s)."""
    seen = _TERMS.get(seg)
    if seen is None or len(seen) > _TERMS_MAX:
        seen = _TERMS[seg] = {}
    out: list[str] = []
    for word, _a, _b in seg.search(value):
        got = seen.get(word)
        if got is None:
            got = seen[word] = tuple(w.lower() for w, _, _ in _given(seg, word, 0))
        out += got
    return dict(Counter(out))


class JiebaTokenizer(Tokenizer):
    """`words()` as Whoosh tokens. Positions are token indexes (not character
    offsets, unlike jieba's own analyzer), characters are offsets into the text."""

    def __eq__(self, other):
        return isinstance(other, JiebaTokenizer)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for word, a, b in words(segmenter.plain(), value):
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + a, start_char + b
            pos += 1
            yield t


def analyzer():
    return JiebaTokenizer() | LowercaseFilter()


class PreAnalyzedText(TEXT):
    """A TEXT field that also takes its value already analysed: a mapping of term
    to count, from `terms()`. Postings, weights and field length come out as
    Whoosh's Frequency format makes them from the same words."""

    def index(self, value, **kwargs):
        if isinstance(value, dict):
            fb = self.format.field_boost
            return ((w.encode("utf-8"), n, n * fb, pack_uint(n)) for w, n in value.items())
        return super().index(value, **kwargs)
