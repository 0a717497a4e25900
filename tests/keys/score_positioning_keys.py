"""Score a built store against the hand-checked positioning keys of 002 and 003
(tests/keys/positioning_inland_2021.json, tests/keys/positioning_chengyu_2022.json).

    plandesk build --data DIR
    python -m tests.keys.score_positioning_keys DIR   (from the repo root) [--list]

Reads DIR/plans.sqlite directly (tables platforms, positionings) and reports per plan:
- statements found: the key's distinct statement texts that the store has under any platform;
- pairs recall / precision: (platform, statement) pairs of the key found under the right
  platform / the store's positionings of the plan that are a key pair (the keys are complete
  for their plan, so anything else is wrong);
- names resolved: the key's platforms whose name or a written name is a gazetteer platform
  (name, alias, former or later name) of the store.
Texts are matched with the scorer's rule of tests/helpers/positioning_key.py (same()).
"""
from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path

from tests.helpers.positioning_key import norm, same

HERE = Path(__file__).resolve().parent

KEYS = [HERE / "positioning_inland_2021.json", HERE / "positioning_chengyu_2022.json"]


def gazetteer(con) -> dict[str, str]:
    """normalised name -> platform id, over names, aliases, former and later names"""
    out = {}
    for pid, name, *lists in con.execute("select id, name, aliases, formerly, later from platforms"):
        out.setdefault(norm(name), pid)
        for js in lists:
            for a in json.loads(js or "[]"):
                out.setdefault(norm(a), pid)
    return out


def resolve(p: dict, gaz: dict) -> str | None:
    for n in [p["platform"]] + p.get("as_written", []):
        if norm(n) in gaz:
            return gaz[norm(n)]
    return None


def score(con, key: dict) -> dict:
    doc = key["document"]
    gaz = gazetteer(con)
    ours = con.execute("select platform_id, text from positionings where document_id=?", (doc,)).fetchall()
    by_pid: dict[str, list[str]] = {}
    for pid, t in ours:
        by_pid.setdefault(pid, []).append(t)
    pairs, resolved, unresolved = [], {}, []
    for p in key["platforms"]:
        pid = resolve(p, gaz)
        resolved[p["platform"]] = pid
        if pid is None:
            unresolved.append(p["platform"])
        for s in p["documents"][doc]["statements"]:
            pairs.append((p["platform"], pid, s))
    texts = {s["text"] for _, _, s in pairs}
    all_ours = [t for _, t in ours]
    found = [t for t in texts if any(same(t, o) for o in all_ours)]
    missed_pairs = [(n, s) for n, pid, s in pairs if not (pid and any(same(s["text"], o) for o in by_pid.get(pid, [])))]
    key_by_pid: dict[str, list[str]] = {}
    for n, pid, s in pairs:
        if pid:
            key_by_pid.setdefault(pid, []).append(s["text"])
    wrong = [(pid, t) for pid, t in ours if not any(same(w, t) for w in key_by_pid.get(pid, []))]
    return dict(doc=doc, platforms=len(key["platforms"]), statements=len(texts), found=len(found),
                pairs=len(pairs), pairs_found=len(pairs) - len(missed_pairs), ours=len(ours), wrong=wrong,
                missed_pairs=missed_pairs, resolved=len(key["platforms"]) - len(unresolved), unresolved=unresolved)


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    con = sqlite3.connect(Path(argv[0]) / "plans.sqlite")
    for kp in KEYS:
        r = score(con, json.loads(kp.read_text(encoding="utf-8")))
        prec = (r["ours"] - len(r["wrong"])) / r["ours"] if r["ours"] else 1.0
        print(f"{r['doc']}: statements found {r['found']}/{r['statements']} ({r['found'] / r['statements']:.3f}); "
              f"pairs recall {r['pairs_found']}/{r['pairs']} ({r['pairs_found'] / r['pairs']:.3f}), "
              f"precision {r['ours'] - len(r['wrong'])}/{r['ours']} ({prec:.3f}); "
              f"names resolved {r['resolved']}/{r['platforms']}")
        basis = Counter(s.get("basis") for _, s in r["missed_pairs"])
        print("  missed pairs by basis:", dict(basis))
        if "--list" in argv:
            print("  unresolved:", "、".join(r["unresolved"]))
            for n, s in r["missed_pairs"]:
                print(f"  MISSED {n} [{s['basis']}] {s['text'][:60]}")
            for pid, t in r["wrong"]:
                print(f"  WRONG  {pid} {t[:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
