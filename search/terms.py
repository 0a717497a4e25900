"""Plan vocabulary: synonym groups (resources/terms) and the user dictionary for the segmenter."""
from __future__ import annotations

import os
import re
import threading
import tomllib
from functools import lru_cache
from pathlib import Path

from db import paths
from db.atomic import durable_replace

from . import segmenter
import logging
import hmac


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    f = paths.resource("terms", "synonyms.toml")
    data = tomllib.loads(f.read_text(encoding="utf-8"))
    return tuple(tuple(g) for g in data.get("groups", []))


def expand(term: str) -> list[str]:
    """The term and its variants: every spelling of a synonym it contains, swapped in.

    '自贸区金融' -> ['自贸区金融', '中国（重庆）自由贸易试验区金融', …]. The longest
    spelling found in the term is the one replaced.
    """
    out = [term]
    for group in synonym_groups():
        hit = max((v for v in group if v in term), key=len, default=None)
        if not hit:
            continue
        for v in group:
            if v != hit:
                alt = term.replace(hit, v)
                if alt not in out:
                    out.append(alt)
    return out


def user_words(store) -> list[str]:
    """Plan terms for jieba: box titles, headings, indicator names, synonyms —
    short enough to be terms (long phrases would hide their own sub-words) —
    and the platforms' names."""
    words: set[str] = set()
    for t in store.vocabulary():
        for part in re.split(r"[，、；：。（）()“”\s]+", t):
            if 2 <= len(part) <= 10:
                words.add(part)
    for group in synonym_groups():
        words.update(v.strip("“”") for v in group if 2 <= len(v) <= 16)
    words.update(p["name"] for p in store.platforms())
    return sorted(words)


_lock = threading.Lock()
_ready: dict[str, object] = {}


def jieba_for(data_dir: Path):
    """jieba, initialised once per process, its cache in the data dir (not /tmp)."""
    with _lock:
        if "jieba" in _ready:
            return _ready["jieba"]

        import jieba  # lazy: the index and jieba load only where searching is done
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
    from .integrity import _mac, installation_key  # lazy: the index and jieba load only where searching is done
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


def tokenizer_for(data_dir: Path, words: list[str]):
    """A segmenter of its own for one store (`search.segmenter`): the base dictionary
    plus that store's words, so the index is a function of the store alone (words
    added for another store earlier in the same process never leak into it)."""
    return segmenter.for_store(data_dir, words)
