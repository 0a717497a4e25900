"""Plan vocabulary: synonym groups (resources/terms) and the user dictionary for the segmenter."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from db import paths

from . import segmenter


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


def tokenizer_for(data_dir: Path, words: list[str]):
    """A segmenter of its own for one store (`search.segmenter`): the base dictionary
    plus that store's words, so the index is a function of the store alone (words
    added for another store earlier in the same process never leak into it)."""
    return segmenter.for_store(data_dir, words)
