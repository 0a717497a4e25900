"""Reviewing the platforms nobody has reviewed: a name found in a plan by its form
(a discovered platform, or a candidate) accepted, merged into a reviewed platform
as one of its names, or rejected. The decisions are user data (user.sqlite) and are
applied by the next build; the window and the command line both decide here."""
from __future__ import annotations

from db.positioning.comparison import statement_citation
from search.terms import expand

ACTIONS = {"accepted": "收录", "merged": "并入已有平台", "ignored": "不是平台"}


class ReviewError(ValueError):
    """A decision that can't be made (no such name, a merge into an unreviewed platform …),
    with the reason in Chinese."""


def _example(store, pid: str) -> dict | None:
    """The first statement (else mention) of a platform, in plan order."""
    for d in store.documents():
        rows = store.positionings(pid, d["id"]) or store.mentions(pid, d["id"])
        if rows:
            return dict(rows[0], document_id=d["id"], document_title=d["short_title"])
    return None


def discovered(store, decided: dict[str, str] | None = None) -> list[dict]:
    """The discovered platforms, each with in how many plans it has statements, its first
    statement and citation, and the user's decision on it if any (applied at the next
    build: until then it is still here)."""
    decided = decided or {}
    counts = store.platform_document_counts()
    out = []
    for p in store.platforms():
        if p.get("source") != "discovered":
            continue
        x = _example(store, p["id"])
        out.append(dict(id=p["id"], name=p["name"], kind=p["kind"], province=p.get("province"),
                        documents=counts.get(p["id"], 0), decision=decided.get(p["name"]),
                        example=x["text"] if x else None, cite=statement_citation(store, x) if x else None))
    return out


def reviewable(store, name: str) -> dict | None:
    """What a decision on `name` is about: a discovered platform (by any of its names)
    or a candidate name; with its kind and the sentence it was found in. None: neither."""
    p = store.find_platform(name)
    if p and p.get("source") in ("discovered", "user"):        # a user's platform: the decision can change
        x = _example(store, p["id"])
        return dict(name=p["name"], kind=p["kind"], platform_id=p["id"],
                    example=x["text"] if x else None, document_title=x["document_title"] if x else None)
    c = next((c for c in store.candidates() if c["name"] == "".join(name.split())), None)
    if c:
        x = store.candidate(c["first_id"])
        doc = store.document(x["document_id"]) if x else None
        return dict(name=c["name"], kind=c["kind"], platform_id=None, example=x["text"] if x else None,
                    document_title=doc["short_title"] if doc else None)
    return None


def merge_targets(store) -> list[dict]:
    """The platforms a name can be merged into: the reviewed ones."""
    return [p for p in store.platforms() if (p.get("source") or "reviewed") == "reviewed"]


def decide(store, userdata, name: str, status: str, target: str | None = None) -> dict:
    """Record the user's decision on a discovered platform or a candidate (`status`:
    accepted / merged / ignored; `target`: for merged, the reviewed platform's name,
    alias or id). Returns what was decided on, with merge_into (the target's id) and
    target (its name)."""
    if status not in ACTIONS:
        raise ReviewError(f"未知的决定：{status}")
    r = reviewable(store, name)
    if r is None:
        raise ReviewError(f"“{name}”不是待审核的平台（`plandesk platforms --review` 列出待审核的平台）")
    merge_into = None
    if status == "merged":
        t = store.find_platform(target, expand) if target else None
        if t is None:
            raise ReviewError(f"没有名为“{target or ''}”的平台，无法并入")
        if (t.get("source") or "reviewed") != "reviewed":
            raise ReviewError(f"“{t['name']}”本身未审核，只能并入已审核的平台")
        merge_into = t["id"]
        r["target"] = t["name"]
    userdata.decide_platform(r["name"], status, r["kind"], r["example"], r["document_title"], merge_into=merge_into)
    return dict(r, status=status, merge_into=merge_into)
