"""The snippet looks only at the sentences a match reaches into (the others cannot beat
the first sentence): it is the snippet a look at every sentence gives."""
from __future__ import annotations

import random

from search.snippets import MAX, _SENT, mark, snippet, spans


def every_sentence(text: str, clauses: list[list[str]], limit: int = MAX) -> str:
    """The snippet with every sentence scored (as it was made before)."""
    needles = [n for c in clauses for n in c]
    best, best_key = None, None
    for m in _SENT.finditer(text):
        s = m.group(0)
        if not s.strip():
            continue
        hit = [max((len(n) for n in c if n in s), default=0) for c in clauses]
        key = (sum(1 for h in hit if h), sum(hit), -m.start())
        if best_key is None or key > best_key:
            best, best_key = (m.start(), m.end()), key
    if best is None:
        return ""
    a, b = best
    if best_key[0] == 0:
        sp = spans(text, needles)
        if sp:
            x, y = sp[0]
            a = max(text.rfind(c, 0, x) for c in "。！？；\n") + 1
            ends = [i for i in (text.find(c, y) for c in "。！？；\n") if i >= 0]
            b = min(ends) + 1 if ends else len(text)
    while b - a < 40 and b < len(text):
        m = _SENT.match(text, b)
        if not m or m.end() == b or "\n" in text[a:b]:
            break
        b = m.end()
    s = text[a:b].strip()
    prefix = suffix = ""
    if len(s) > limit:
        sp = spans(s, needles)
        first = sp[0][0] if sp else 0
        start = max(0, min(first - limit // 3, len(s) - limit))
        end = min(len(s), start + limit)
        for x, y in sp:
            if x < end < y:
                end = y
            if x < start < y:
                start = x
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(s) else ""
        s = s[start:end]
    return prefix + mark(s, needles) + suffix


def test_the_snippet_is_the_one_every_sentence_scored_gives(search_units):
    rng = random.Random(5)
    units = [u for u in search_units if len(u.body) > 60]
    for _ in range(1500):
        body = rng.choice(units).body
        clauses = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            alts = []
            for _ in range(rng.choice((1, 1, 2))):
                src = body if rng.random() < 0.8 else rng.choice(units).body
                k = rng.randint(1, 6)
                i = rng.randrange(0, len(src) - k)
                alts.append(src[i:i + k])
            clauses.append(alts)
        for limit in (MAX, 40):
            assert snippet(body, clauses, limit) == every_sentence(body, clauses, limit), (clauses, body[:80])
    for text, clauses in (("", [["x"]]), ("\n\n", [["x"]]), ("一。二。", []), ("一。二。", [[""]]), ("甲。乙", [["乙"]])):
        assert snippet(text, clauses) == every_sentence(text, clauses)
