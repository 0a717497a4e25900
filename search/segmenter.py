"""Which segmenter analyses the plans: rjieba (jieba-rs, compiled) where it can be
imported, jieba (pure Python) where it cannot.

Both cut with jieba's dictionary and HMM in search mode; rjieba does it about 20×
faster and starts in a fraction of jieba's second or two. `for_store` gives one
of its own per store (the base dictionary plus that store's words), so words added
for one store never leak into another's index. Everything the analyzer needs of a
segmenter is `search(text)` and `is_word(word)`.

`name()` says which one is installed: the index stamp carries it, so an index
written by the other one is rebuilt, not mixed with."""
from __future__ import annotations

import hmac
import importlib.util
import logging
import os
import threading
from pathlib import Path

from db import paths
from db.atomic import durable_replace

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
    """"rjieba" where it is installed, else "jieba": told without importing it (the
    index stamp asks on every start, and a search never needs the segmenter). An
    rjieba present that fails to import (cut by jieba then) is named all the same,
    the same at every start: its index is not rebuilt over and over."""
    try:
        found = importlib.util.find_spec("rjieba") is not None
    except (ImportError, ValueError):
        found = False
    return "rjieba" if found else "jieba"


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


_ready: dict[str, object] = {}


def jieba_for(data_dir: Path):
    """jieba, initialised once per process, its cache in the data dir (not /tmp)."""
    with _lock:
        if "jieba" in _ready:
            return _ready["jieba"]

        import jieba  # lazy: the index and its segmenter load only where searching is done
        # jieba logs a traceback when it can't write its cache (a full disk): the
        # cache only saves start-up time, so it says nothing below CRITICAL
        jieba.setLogLevel(logging.CRITICAL)
        jieba.dt.tmp_dir = str(data_dir)
        jieba.dt.cache_file = CACHE
        cache = Path(data_dir) / CACHE
        if not _cache_is_ours(cache):
            cache.unlink(missing_ok=True)       # derived: jieba writes it anew
        jieba.initialize()
        _seal_cache(cache)
        _ready["jieba"] = jieba
        return jieba


CACHE = "jieba.cache"
_MAC = "jieba.cache.mac"


def _cache_mac(cache: Path) -> str | None:
    from .integrity import _mac, installation_key  # lazy: the index and its segmenter load only where searching is done
    try:
        paths.regular_file(cache, 64 * 1024 * 1024)
        return None if cache.is_symlink() else _mac(installation_key(), cache)
    except OSError:
        return None


def _cache_is_ours(cache: Path) -> bool:
    """jieba unmarshals its cache (marshal is not safe against crafted data): one in a
    data folder from someone else is not loaded. Ours carries this installation's
    HMAC (kept in the config folder, beside the index key); none there is fine."""
    if not os.path.lexists(cache):
        return True
    try:
        want = (paths.config_dir() / _MAC).read_text(encoding="ascii").strip()
    except OSError:
        return False
    got = _cache_mac(cache)
    return got is not None and hmac.compare_digest(got, want)


def _seal_cache(cache: Path) -> None:
    """Remember the HMAC of the cache jieba has just written (or loaded, when ours)."""
    mac = _cache_mac(cache)
    if mac is None:
        return
    try:
        d = paths.config_dir()
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f".{_MAC}-{os.getpid()}"
        tmp.write_text(mac, encoding="ascii")
        durable_replace(tmp, d / _MAC)
    except OSError:
        pass                                  # unsealed: the next start writes it anew


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
