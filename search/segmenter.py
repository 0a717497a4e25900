"""Which segmenter analyses the plans: rjieba (jieba-rs, compiled) where it can be
imported, jieba (pure Python) where it cannot.

Both cut with jieba's dictionary and HMM in search mode; rjieba does it about 20×
faster and starts in a fraction of jieba's second or two. `for_store` gives one
of its own per store (the base dictionary plus that store's words), so words added
for one store never leak into another's index. Everything the analyzer needs of a
segmenter is `search(text)` and `is_word(word)`.

`name()` says which one this process uses: the index stamp carries it, so an
index written by the other one is rebuilt, not mixed with."""
from __future__ import annotations

import threading
from pathlib import Path

_lock = threading.Lock()
_compiled: list = []          # [the rjieba module] or [None] once tried


def _rjieba():
    """The rjieba module, or None when it cannot be imported here (tried once)."""
    with _lock:
        if not _compiled:
            try:
                import rjieba  # lazy: the index and its segmenter load only where searching is done
            except ImportError:
                rjieba = None
            _compiled.append(rjieba)
        return _compiled[0]


def name() -> str:
    """"rjieba" or "jieba": the segmenter this process analyses with."""
    return "rjieba" if _rjieba() is not None else "jieba"


def word_freq(word: str) -> int:
    """The frequency a store's word is added with: high enough to be cut whole."""
    return max(2000, 400 * len(word))


class Compiled:
    """rjieba: a Jieba of its own (base dictionary + words)."""

    def __init__(self, words: list[str]):
        self.jb = _rjieba().Jieba()
        for w in words:
            self.jb.add_word(w, word_freq(w), None)

    def search(self, text: str):
        """(word, start, end) in jieba's search mode."""
        return self.jb.tokenize(text, mode="search")

    def is_word(self, word: str) -> bool:
        return self.jb.has_word(word)


class Fallback:
    """jieba: a Tokenizer (its own per store, copied from the process's base one)."""

    def __init__(self, tk):
        self.tk = tk

    @classmethod
    def for_store(cls, data_dir: Path, words: list[str]) -> "Fallback":
        from .terms import jieba_for  # lazy: the index and its segmenter load only where searching is done
        jieba = jieba_for(data_dir)
        base = jieba.dt
        tk = jieba.Tokenizer(base.dictionary)
        with _lock:
            tk.FREQ, tk.total = dict(base.FREQ), base.total
        tk.initialized = True
        for w in words:
            tk.add_word(w, freq=word_freq(w))
        return cls(tk)

    def search(self, text: str):
        return self.tk.tokenize(text, mode="search")

    def is_word(self, word: str) -> bool:
        return bool(self.tk.FREQ.get(word))


def for_store(data_dir: Path, words: list[str]):
    """A segmenter for one store: the base dictionary plus `words`."""
    if _rjieba() is not None:
        return Compiled(words)
    return Fallback.for_store(data_dir, words)


_plain: list = []


def plain():
    """The base dictionary alone (for analysing a string outside any store)."""
    if _rjieba() is None:
        import jieba  # lazy: the index and its segmenter load only where searching is done
        return Fallback(jieba.dt)
    if not _plain:
        seg = Compiled([])
        with _lock:
            if not _plain:
                _plain.append(seg)
    return _plain[0]
