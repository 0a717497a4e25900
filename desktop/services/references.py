"""References between plans (引用 / 被引用), for the reader's side list and
`plandesk refs`. The store keeps each plan's 《…》 as written; they are resolved
here, when read, against the plans the store holds now — so a plan imported today
is found by every plan that cites it, without rebuilding anything."""
from __future__ import annotations

from db.references.resolve import Resolver
from db.store import Store


def _grouped(rows: list[dict]) -> list[dict]:
    """One entry per quoted title (and 发文字号) of one plan, first occurrence first."""
    out: dict[tuple, dict] = {}
    for r in rows:
        key = (r["document_id"], r["means"] or r["quote"], r["doc_number"], bool(r["is_self"]))
        e = out.get(key)
        if e is None:
            e = out[key] = dict(document=r["document_id"], quote=r["quote"], means=r["means"], count=0, places=[],
                                lines=[], doc_number=r["doc_number"], abbr=r["abbr"], kind=r["kind"],
                                self=bool(r["is_self"]))
        e["count"] += 1
        if r["place"] not in e["places"]:
            e["places"].append(r["place"])
        if r["line_start"] is not None:
            e["lines"].append([r["line_start"], r["line_end"]])
        e["doc_number"] = e["doc_number"] or r["doc_number"]
        e["abbr"] = e["abbr"] or r["abbr"]
    return list(out.values())


def _resolved(entries: list[dict], resolver: Resolver) -> list[dict]:
    for e in entries:
        rid = resolver.resolve(e["means"] or e["quote"], e["doc_number"])
        e["resolved"] = e["document"] if e["self"] else rid
    return entries


def references(store: Store, doc_id: str) -> list[dict]:
    """What the plan cites: one dict per quoted title, in reading order — quote, count,
    places (place ids), lines ([first, last] of each paragraph), doc_number, abbr, kind,
    resolved (the id of the plan in the library, else None: 未收录), self (the plan's
    own title: not a reference to another document)."""
    return _resolved(_grouped(store.references(doc_id)), Resolver(store.documents()))


def cited_by(store: Store, doc_id: str) -> list[dict]:
    """The references in the other plans that resolve to `doc_id`, in display order;
    each names its plan in `document`."""
    resolver = Resolver(store.documents())
    entries = _resolved(_grouped(store.references()), resolver)
    return [e for e in entries if e["resolved"] == doc_id and e["document"] != doc_id and not e["self"]]


def links(store: Store, doc_id: str) -> dict[str, dict[str, str | None]]:
    """For the reader's links in the text: place id -> {quote as written: the id of the
    plan it resolves to, or None}; the plan's own title is left out (no link to itself)."""
    out: dict[str, dict[str, str | None]] = {}
    for e in references(store, doc_id):
        if not e["self"]:
            for p in e["places"]:
                out.setdefault(p, {})[e["quote"]] = e["resolved"]
    return out
