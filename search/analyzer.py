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
        for word, a, b in jieba.tokenize(value, mode="search"):
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


def analyzer():
    return JiebaTokenizer() | LowercaseFilter()
