"""Chinese analysis for the index: jieba in search mode, with real token positions."""
from __future__ import annotations

import re

from whoosh.analysis import LowercaseFilter, Token, Tokenizer

_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)


class JiebaTokenizer(Tokenizer):
    """Words and the dictionary words inside them (西部陆海新通道 → 西部, 陆海, 新通道 …).

    Positions are token indexes (not character offsets, unlike jieba's own
    analyzer), characters are offsets into the text."""

    def __eq__(self, other):
        return isinstance(other, JiebaTokenizer)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        import jieba  # initialised by search.terms.jieba_for before indexing
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for word, a, b in _with_long_subwords(jieba, value):
            if not _WORDLIKE.search(word):
                continue
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


def _with_long_subwords(jieba, value):
    """jieba's search mode, plus the dictionary words of 4+ characters inside a
    longer word (知识产权 inside 加强知识产权保护), which search mode leaves out."""
    freq = jieba.dt.FREQ
    for word, a, b in jieba.tokenize(value, mode="search"):
        yield word, a, b
        n = len(word)
        if 5 <= n <= 16:
            for k in range(4, n):
                for i in range(0, n - k + 1):
                    sub = word[i:i + k]
                    if freq.get(sub):
                        yield sub, a + i, a + i + k


def analyzer():
    return JiebaTokenizer() | LowercaseFilter()
