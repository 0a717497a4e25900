"""Scoring the positioning statements of a store against tests/keys/positioning.json
(hand-made by reading): recall of the key's statements, precision of ours."""
from __future__ import annotations

import json
import re
import unicodedata

from tests.helpers import support

KEY = support.KEYS / "positioning.json"
# the key leaves out, on purpose, the FTZ plan's sentences about the FTZ that don't
# name it in chapters 三四六九十 (about 300): ours there are not judged wrong unless
# the key says they are not statements
PARTIAL = {("中国（重庆）自由贸易试验区", "ftz-2022")}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"\s+", "", s).rstrip("。.；;")


def bigrams(s: str) -> set[str]:
    s = norm(s)
    return {s[i:i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def contains(a: str, b: str) -> float:
    A, B = bigrams(a), bigrams(b)
    return len(A & B) / len(A) if A else 0.0


def same(key_text: str, ours: str) -> bool:
    """The scorer's rule: most of the key's statement is in ours, or ours (not tiny) is in it."""
    return contains(key_text, ours) >= 0.6 or (len(norm(ours)) >= 8 and contains(ours, key_text) >= 0.8)


def load() -> dict:
    return json.loads(KEY.read_text(encoding="utf-8"))


def score(store, key: dict | None = None, children: bool = False) -> dict:
    """{(platform, doc): dict(tp, fn, fp, missed, wrong)} and totals."""
    key = key or load()
    out = {}
    for p in key["platforms"]:
        row = store.find_platform(p["platform"])
        for did, d in p["documents"].items():
            want = [s["text"] for s in d["statements"]] + ([c["text"] for c in d.get("children", [])] if children else [])
            nots = [n["text"] for n in d.get("not_statements", [])]
            # statements given through a class (国家级经开区 …) are outside this key's
            # convention; the keys of 002 and 003 (tests/keys/positioning_*.json) judge them
            ours = [x["text"] for x in store.positionings(row["id"], did, children=children)
                    if not x.get("via_class")] if row else []
            missed = [w for w in want if not any(same(w, t) for t in ours)]
            if (p["platform"], did) in PARTIAL:
                wrong = [t for t in ours if any(same(n, t) for n in nots)]
            else:
                wrong = [t for t in ours if not any(same(w, t) for w in want)]
            out[(p["platform"], did)] = dict(want=len(want), ours=len(ours), missed=missed, wrong=wrong)
    tp = sum(v["want"] - len(v["missed"]) for v in out.values())
    want = sum(v["want"] for v in out.values())
    ours = sum(v["ours"] for v in out.values())
    wrong = sum(len(v["wrong"]) for v in out.values())
    return dict(pairs=out, recall=tp / want if want else 1.0, precision=(ours - wrong) / ours if ours else 1.0)


if __name__ == "__main__":
    import sys
    from db.store import Store
    st = Store(sys.argv[1])
    r = score(st, children="--children" in sys.argv)
    for (p, d), v in r["pairs"].items():
        print(f"{p[:12]:12} {d:20} want {v['want']:3} ours {v['ours']:3} missed {len(v['missed']):3} wrong {len(v['wrong']):3}")
    print(f"recall {r['recall']:.3f} precision {r['precision']:.3f}")
