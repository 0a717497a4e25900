"""A fresh process opening the index ranks exactly as the process that built it (the
test session builds the index in process, `update`; the app opens one it built at an
earlier start): nothing the build leaves in the process — the segmenter and its user
words, caches, term statistics — nor what a long session remembers (scans, word
scores) changes a ranking. Both measure with the index in use: a process under
another installation key (another PLANDESK_CONFIG) finds the index unsealed and ranks
without it, more plainly (first key top-3 0.931 -> 0.897 before the title tier), which
is what a ranking figure taken from such a process measured."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import support

LIMITS = (10, 200)

CHILD = """
import json, sys
from search.engine import SearchEngine
data, queries, limits = sys.argv[1], json.loads(sys.stdin.read()), json.loads(sys.argv[2])
e = SearchEngine(data)
out = {"status": e.index_status,
       "ranks": {f"{q}@{k}": [[h.id, h.score, h.about] for h in e.search(q, limit=k)] for q in queries for k in limits}}
print(json.dumps(out, ensure_ascii=False))
"""


def queries() -> list[str]:
    out = []
    for key, field in (("relevance.json", "query"), ("relevance_outside.json", "query")):
        out += [q[field] for q in json.loads((support.KEYS / key).read_text(encoding="utf-8"))["queries"]]
    return list(dict.fromkeys(out + ["的", "江", "口岸", "发展 开放", "物流 OR 金融", "kind:box 物流"]))


def fresh(data, qs: list[str], env: dict[str, str]) -> dict:
    r = subprocess.run([sys.executable, "-c", CHILD, str(data), json.dumps(LIMITS)], input=json.dumps(qs),
                       capture_output=True, text=True, encoding="utf-8", env=env, cwd=support.REPO, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)


def test_a_fresh_process_ranks_as_the_one_that_built_the_index(search_engine, built_data):
    qs = queries()
    assert search_engine.index_status is None       # the session's engine ranks with the index
    got = fresh(built_data, qs, dict(os.environ))
    assert got["status"] is None                    # and so does the fresh one (the same installation key)
    here = {f"{q}@{k}": [[h.id, h.score, h.about] for h in search_engine.search(q, limit=k)] for q in qs
            for k in LIMITS}
    differ = [k for k in here if here[k] != got["ranks"][k]]
    assert not differ, differ[:10]


def test_a_process_under_another_installation_key_does_not_use_the_index(built_data, tmp_path):
    """What made the two figures differ: the index is sealed by the installation that
    wrote it; another key (a data folder measured from another PLANDESK_CONFIG) finds it
    damaged, and ranks without it — said in `index_status`, never silently."""
    got = fresh(built_data, ["物流"], {**os.environ, "PLANDESK_CONFIG": str(tmp_path / "other-config")})
    assert got["status"] == "damaged" and got["ranks"]["物流@10"]
