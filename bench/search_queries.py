"""The bench's query mix: 200 queries drawn by a seeded RNG from the texts searched,
typed the way people type, none of them the relevance key's (tests/keys/relevance.json).

Four classes (the bench reports each apart):
- "1": single common characters (江, 的): a sixth;
- "2": two-character words drawn from the text (口岸): a sixth;
- "3-8": random substrings of 3 to 8 characters (letters, digits and CJK only);
- "common": common terms, the frequent 2-4-character words.

Words are found without a segmenter (the bench must not change with the one the
index uses): n-grams of CJK characters counted over the texts, none holding a
function character, and none mostly seen inside a longer one (陆海新通 is a part
of 陆海新通道, not a word)."""
from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

CLASSES = ("1", "2", "3-8", "common")
CJK = re.compile(r"[\u4e00-\u9fff]+")
PLAIN = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")
#: characters that glue words together rather than make them (a bigram holding one is rarely a word)
FUNCTION = set("的和与及在是对等为了以其于之而或把被从向将由着也并且就都所这那个各该")
SAMPLE_CHARS = 1_500_000      # words are counted over at most about this much text
KEY = Path(__file__).resolve().parents[1] / "tests" / "keys" / "relevance.json"


def key_queries(key: Path = KEY) -> set[str]:
    """The relevance key's queries (never in the mix)."""
    if not key.exists():
        return set()
    data = json.loads(key.read_text(encoding="utf-8"))
    items = data.get("queries", data) if isinstance(data, dict) else data
    out = set()
    for q in items:
        out.add(q["query"] if isinstance(q, dict) else str(q))
    return out


def ngram_counts(texts: list[str], n: int) -> Counter:
    c: Counter = Counter()
    for t in texts:
        for run in CJK.findall(t):
            c.update(run[i:i + n] for i in range(len(run) - n + 1))
    return c


def words(texts: list[str], lengths=(2, 3, 4), top: int = 400) -> list[str]:
    """The frequent words of these lengths, most frequent first."""
    counts = {n: ngram_counts(texts, n) for n in range(min(lengths), max(lengths) + 2)}
    longer: dict[str, int] = {}          # an n-gram -> the count of its most frequent (n+1)-gram
    for n in range(min(lengths) + 1, max(lengths) + 2):
        for g, k in counts[n].items():
            for part in (g[:-1], g[1:]):
                if k > longer.get(part, 0):
                    longer[part] = k
    out = []
    for n in lengths:
        for g, k in counts[n].most_common(top * 4):
            if k < 3 or FUNCTION & set(g):
                continue
            if longer.get(g, 0) >= 0.6 * k:
                continue            # mostly a part of a longer word
            out.append((k, g))
    out.sort(key=lambda x: (-x[0], x[1]))
    return [g for _, g in out[:top]]


def common_chars(texts: list[str], top: int = 300) -> list[str]:
    c: Counter = Counter()
    for t in texts:
        for run in CJK.findall(t):
            c.update(run)
    return [ch for ch, _ in c.most_common(top)]


def substring(texts: list[str], rnd: random.Random) -> str | None:
    t = rnd.choice(texts)
    k = rnd.randint(3, 8)
    if len(t) <= k:
        return None
    i = rnd.randrange(0, len(t) - k)
    s = t[i:i + k]
    return s if PLAIN.fullmatch(s) else None


def sample(texts: list[str], rnd: random.Random, chars: int = SAMPLE_CHARS) -> list[str]:
    """The texts words are counted over: all of them, or a seeded sample of about `chars`."""
    if sum(map(len, texts)) <= chars:
        return texts
    out, n = [], 0
    for t in rnd.sample(texts, len(texts)):
        out.append(t)
        n += len(t)
        if n >= chars:
            break
    return out


def make(texts: list[str], n: int = 200, seed: int = 20261207) -> list[tuple[str, str]]:
    """n (class, query) pairs: a third of one or two characters, the rest split
    between substrings of 3-8 characters and common terms; no query twice, none
    of the relevance key's."""
    rnd = random.Random(seed)
    texts = [t for t in texts if len(t) > 20]
    avoid = key_queries()
    counted = sample(texts, rnd)
    chars = common_chars(counted)
    two = words(counted, (2,), 300)
    common = {k: w for k in (2, 3, 4) if (w := words(counted, (k,), 60))}   # the 60 most frequent of each length
    want = {"1": n // 6, "2": n // 3 - n // 6}
    want["3-8"] = (n - want["1"] - want["2"]) // 2
    want["common"] = n - sum(want.values())
    draw = {"1": lambda: rnd.choice(chars[:100]) if rnd.random() < 0.5 else rnd.choice(chars),
            "2": lambda: rnd.choice(two),
            "3-8": lambda: substring(texts, rnd),
            "common": lambda: rnd.choice(common[rnd.choice(sorted(common))])}
    out: list[tuple[str, str]] = []
    seen = set(avoid)
    for cls in CLASSES:
        got, tries = 0, 0
        while got < want[cls] and tries < 100_000:
            tries += 1
            q = draw[cls]()
            if not q or q in seen:
                continue
            seen.add(q)
            out.append((cls, q))
            got += 1
    rnd.shuffle(out)             # classes interleaved, as they come when typing
    return out
