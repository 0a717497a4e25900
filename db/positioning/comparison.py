"""What the comparison shows: a platform's statements per plan, in time order,
with citations, and what is new against the plan before."""
from __future__ import annotations

import re

from ..citation import cite

from .aspects import ASPECTS  # noqa: F401  (the comparison's columns, in order)


def comparison(store, platform_id: str, children: bool = False, aspect: str | None = None) -> dict:
    """Everything the comparison shows for one platform, documents in chronological
    order; with `children`, the statements of its 片区/板块/sub-projects too, each
    marked with the part it is about (`part`)."""
    p = store.platform(platform_id)
    if not p:
        raise KeyError(platform_id)
    names = {platform_id: None}
    if children:
        names.update({k: store.platform(k)["name"] for k in store.children(platform_id)})
    docs = []
    for d in store.documents():
        pos = store.positionings(platform_id, d["id"], children=children, aspect=aspect)
        docs.append(dict(document_id=d["id"], title=d["short_title"], full_title=d["title"], year=d["year"],
                         order_reliable=bool(d["order_reliable"]),
                         positionings=[dict(id=x["id"], aspect=x["aspect"], text=x["text"],
                                            section_id=x["section_id"], box_id=x["box_id"], rank=x["rank"],
                                            line=x.get("line"), platform_id=x["platform_id"],
                                            part=names.get(x["platform_id"]))
                                       for x in pos],
                         mentions=store.mention_count(platform_id, d["id"])))
    return dict(platform=p["name"], id=p["id"], kind=p["kind"], aliases=list(p["aliases"] or []),
                source=p.get("source") or "reviewed", children=[n for k, n in names.items() if n],
                documents=docs)


def statement_citation(store, x: dict) -> str:
    """《简称》第三章第一节专栏1 for a statement (document_id, section_id, box_id, line);
    in a text whose order can't be trusted, the source line and a note saying so."""
    doc = store.document(x["document_id"]) if x.get("document_id") else None
    sec = store.section(x["section_id"]) if x.get("section_id") else None
    box = store.box(x["box_id"]) if x.get("box_id") else None
    return cite(doc["short_title"] if doc else None, sec["path"] if sec else None, box["label"] if box else None,
                order_reliable=bool(doc["order_reliable"]) if doc else True, line=x.get("line"))


def empty_cell(mentions: int) -> str:
    return f"仅提及 {mentions} 次" if mentions else "未提及"


def comparison_rows(store, platform_ids: list[str], doc_ids: list[str] | None = None, children: bool = False,
                    aspect: str | None = None):
    """(platform, year, document, aspect, rank, text, citation, part) rows; part is the
    片区/板块/sub-project a rolled-up statement is about ('' for the platform itself)."""
    for pid in platform_ids:
        c = comparison(store, pid, children, aspect)
        for d in c["documents"]:
            if doc_ids and d["document_id"] not in doc_ids:
                continue
            if not d["positionings"]:
                yield (c["platform"], d["year"], d["title"], "", "", empty_cell(d["mentions"]), "", "")
            for x in d["positionings"]:
                yield (c["platform"], d["year"], d["title"], x["aspect"], x["rank"], x["text"],
                       statement_citation(store, dict(x, document_id=d["document_id"])), x["part"] or "")


# ---- what changed against the previous plan ----

def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def bigrams(s: str) -> set[str]:
    s = _norm(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def is_new(text: str, previous: list[str], threshold: float = 0.6) -> bool:
    """A statement is new when no earlier statement holds most of its wording."""
    b = bigrams(text)
    if not b:
        return False
    return all(len(b & bigrams(p)) / len(b) < threshold for p in previous)


def new_runs(text: str, previous: list[str], min_len: int = 4) -> list[tuple[str, bool]]:
    """text cut into (segment, is_new) runs: a run of ≥ min_len characters whose
    bigrams no earlier statement has is a new key phrase."""
    old = set()
    for p in previous:
        old |= bigrams(p)
    n = len(text)
    fresh = [False] * n
    for i in range(n - 1):
        if text[i:i + 2] not in old and not re.match(r"[\W_]", text[i]):
            fresh[i] = fresh[i + 1] = True
    out, i = [], 0
    while i < n:
        j = i
        while j < n and fresh[j] == fresh[i]:
            j += 1
        out.append((text[i:j], bool(fresh[i] and j - i >= min_len and previous)))
        i = j
    return out
