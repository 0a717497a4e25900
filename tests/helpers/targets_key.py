"""Scoring a store's targets against tests/keys/targets.json (hand-made by reading):
which prose targets are found, how many of their fields are right, and what the
store calls a target that the key says is not one."""
from __future__ import annotations

import json
import re
import unicodedata

from tests.helpers import support

KEY = support.KEYS / "targets.json"
FIELDS = ("metric", "value", "unit", "comparator", "year", "scope", "direction", "low", "high", "cumulative")
DASHES = dict.fromkeys(map(ord, "―—－–‐‑‒~～"), "-")


def norm(s) -> str:
    s = unicodedata.normalize("NFKC", str(s if s is not None else "")).translate(DASHES)
    return re.sub(r"\s+", "", s)


def bigrams(s: str) -> set[str]:
    s = norm(s)
    return {s[i:i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def contains(a: str, b: str) -> float:
    A = bigrams(a)
    return len(A & bigrams(b)) / len(A) if A else 0.0


def number(s) -> float | None:
    m = re.search(r"\d+(?:\.\d+)?", norm(s))
    return float(m.group(0)) if m else None


def load() -> dict:
    return json.loads(KEY.read_text(encoding="utf-8"))


def prose(store) -> list[dict]:
    return [i for i in store.indicators() if not i["table_label"]]


def pair(t: dict, ours: list[dict]) -> dict | None:
    """Our target for a key target: same plan, its clause in ours, the same number."""
    best, score = None, 0.0
    v = number(t["value"])
    for i in ours:
        if i["document_id"] != t["doc"] or number(i["target"]) != v:
            continue
        s = max(contains(t["text"], i["source_text"] or ""), contains(i["source_text"] or "", t["text"]))
        if s > score:
            best, score = i, s
    return best if score >= 0.5 else None


def field_ok(t: dict, i: dict, f: str) -> bool:
    if f == "metric":
        # the key writes the territory into some names (自贸试验区新增注册市场主体数量):
        # ours keeps it in scope; a trailing 数量/数 is the key's, not the plan's
        m = re.sub(r"^(重庆自贸试验区|自贸试验区|成渝地区|重庆高新区)", "", t["metric"].split("（")[0])
        return contains(re.sub(r"(数量|数)$", "", m), i["name"]) >= 0.6
    if f == "value":
        return norm(t["value"]) == norm(i["target"])
    if f == "unit":
        return norm(t["unit"]).replace("％", "%") == norm(i["unit"]).replace("％", "%")
    if f == "year":
        return t["year"] == i["target_year"]
    if f == "low":
        return t["low"] == i.get("target_low")
    if f == "high":
        return t["high"] == i.get("target_high")
    if f == "cumulative":
        return bool(t["cumulative"]) == bool(i["cumulative"])
    return t[f] == i.get(f)


def score(store, key: dict | None = None) -> dict:
    key = key or load()
    ours = prose(store)
    found, fields, missed, paired = 0, {f: 0 for f in FIELDS}, [], set()
    wrong_fields: dict[str, list] = {f: [] for f in FIELDS}
    required = [t for t in key["targets"] if t["required"]]
    for t in required:
        i = pair(t, ours)
        if i is None:
            missed.append(t)
            continue
        found += 1
        paired.add(i["id"])
        for f in FIELDS:
            ok = field_ok(t, i, f)
            fields[f] += ok
            if not ok:
                wrong_fields[f].append((t["id"], t[f] if f != "low" and f != "high" else t[f], i.get(
                    {"metric": "name", "value": "target", "year": "target_year", "low": "target_low",
                     "high": "target_high"}.get(f, f))))
    optional = {i["id"] for t in key["targets"] if not t["required"] for i in [pair(t, ours)] if i}
    false = []
    for n in key["not_targets"]:
        if n.get("borderline"):
            continue
        for i in ours:
            if i["document_id"] == n["doc"] and i["id"] not in paired | optional and \
                    contains(i["source_text"] or "", n["text"]) >= 0.6 and number(i["target"]) is not None and \
                    str(number(i["target"])).rstrip("0").rstrip(".") in norm(n["text"]):
                false.append((n["text"][:30], i["target"]))
    extra = [i for i in ours if i["id"] not in paired | optional]
    return dict(required=len(required), found=found, recall=found / len(required),
                fields={f: fields[f] / max(1, found) for f in FIELDS}, missed=missed, false=false,
                extra=extra, wrong_fields=wrong_fields,
                precision=len(paired) / max(1, len(ours) - len(optional)))


if __name__ == "__main__":
    import sys
    from db.store import Store
    r = score(Store(sys.argv[1]))
    print(f"found {r['found']}/{r['required']}  precision {r['precision']:.2f}  "
          + "  ".join(f"{f} {v:.2f}" for f, v in r["fields"].items()))
    if "-v" in sys.argv:
        for t in r["missed"]:
            print("MISS", t["id"], t["text"][:50], t["value"])
        for f in r["false"]:
            print("FALSE", f)
        for i in r["extra"]:
            print("EXTRA", i["document_id"][:8], i["target"], "|", (i["source_text"] or "")[:50])
        for f, ws in r["wrong_fields"].items():
            for w in ws:
                print("FIELD", f, w)
