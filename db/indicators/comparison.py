"""What the 指标 view, `plandesk indicators` and the exports show: one entry per
target (a prose target restating its plan's table row is that row, with both
places), with its citation; and one metric across plans and territories."""
from __future__ import annotations

from ..citation import SHORT, cite
from ..naming import plan_labels

JSON_KEYS = ("id", "document_id", "metric", "name", "scope", "table_label", "baseline", "baseline_value",
             "baseline_year", "target", "target_value", "target_low", "target_high", "target_year", "comparator",
             "direction", "unit", "norm_value", "norm_unit", "cumulative", "confidence", "source")
DIRECTIONS = {"level": "水平", "increase": "新增", "decrease": "下降", "rate": "增速"}


def citation(store, i: dict, form: str = SHORT) -> str:
    """《简称》第二章第四节表2-1第3行 for a table row; the target's place for a target."""
    return cite(store, i["id"], form)


def entries(store, doc_id: str | None = None, metric: str | None = None, scope: str | None = None) -> list[dict]:
    """Every indicator and target once: a prose target that restates a table row of
    its plan is folded into the row (its place added to `sources`)."""
    docs = {d["id"]: d for d in store.documents()}
    labels = plan_labels(list(docs.values()))
    rows = store.indicators(doc_id, metric, scope)
    by_id = {r["id"]: r for r in rows}
    restating: dict[str, list[dict]] = {}
    for r in rows:
        if r.get("same_as") in by_id:
            restating.setdefault(r["same_as"], []).append(r)
    out = []
    for r in rows:
        if r.get("same_as") and r["same_as"] in by_id:
            continue
        e = dict(r, source=citation(store, r), plan=docs[r["document_id"]]["short_title"],
                 plan_year=docs[r["document_id"]]["year"], plan_seq=docs[r["document_id"]]["seq"],
                 plan_label=labels[r["document_id"]])
        again = restating.get(r["id"], [])
        e["sources"] = [e["source"]] + [citation(store, x) for x in again]
        e["restated_by"] = [x["id"] for x in again]
        out.append(e)
    return out


def as_json(e: dict) -> dict:
    out = {k: e.get(k) for k in JSON_KEYS}
    out["cumulative"] = bool(e.get("cumulative"))
    out["sources"] = e["sources"]
    return out


def metric_comparison(store, metric: str) -> dict:
    """One metric across plans and territories, oldest plan first, grouped by the unit
    its values are compared in (亿元 and 亿美元 apart, never converted)."""
    es = entries(store, metric=metric)
    es.sort(key=lambda e: (e["plan_seq"], e["scope"] or "", e["table_label"] is None, e["seq"]))
    groups: dict[str, list[dict]] = {}
    for e in es:
        groups.setdefault(e["norm_unit"] or e["unit"] or "", []).append(e)
    return dict(metric=metric, entries=es, by_unit=groups)


def shown_value(e: dict, which: str = "target") -> str:
    """A value for a table cell: as printed, with the unit when the plan printed it apart."""
    v = e.get(which)
    if not v:
        return "—"
    unit = e.get("unit") or ""
    return v if (unit and unit in v) or not unit else f"{v}{unit}"


def bars_by_unit(es: list[dict]) -> dict[str, list[dict]]:
    """Chart bars of one metric's entries, one list per comparable unit: the baseline
    and the target's bounds in that unit, labelled by plan, territory and year."""
    groups: dict[str, list[dict]] = {}
    for e in sorted(es, key=lambda e: (e["plan_seq"], e["scope"] or "", e["table_label"] is None, e["seq"])):
        unit = e.get("norm_unit") or e.get("unit") or ""
        if e.get("norm_value") is None and e.get("target_value") is None:
            continue
        k = (e["norm_value"] / e["target_value"]) if e.get("target_value") and e.get("norm_value") is not None else 1
        note = "，".join(w for w, on in (("累计", e.get("cumulative")), ("每年", e.get("per_year")),
                                        (e.get("comparator"), e.get("comparator") in ("超过", "以上", "左右", "力争")),
                                        ("识别存疑", (e.get("confidence") or 1) < 1)) if on and w)
        low = e["target_low"] * k if e.get("target_low") is not None else e.get("norm_value")
        high = e["target_high"] * k if e.get("target_high") is not None else low
        groups.setdefault(unit, []).append(dict(
            label=f"{e.get('plan_label') or e['plan_year']}\n{e['scope'] or '—'}"
                  + (f" · {e['target_year']}年" if e.get("target_year") else ""),
            base=e.get("norm_baseline"), low=low, high=high, note=note, id=e["id"]))
    return groups
