"""Short names that tell the plans apart in narrow places (list columns, chart
labels, tabs): 2021 内陆开放高地 and 2021 高新区内陆开放高地, not「2021 重…」."""
from __future__ import annotations

import re

_PREFIX = re.compile(r"^(?:中国（重庆）|重庆市|重庆)")
_SUFFIX = re.compile(r"(?:建设)?(?:“十四五”|十四五)?(?:规划|方案|计划|意见)?(?:（[^）]*）)?$")


def plan_tag(doc: dict) -> str:
    """The distinguishing words of a plan's short title."""
    t = doc.get("short_title") or doc.get("title") or doc.get("id") or ""
    tag = _SUFFIX.sub("", _PREFIX.sub("", t)).strip("　 ")
    return tag if len(tag) >= 2 else t


def plan_labels(docs: list[dict]) -> dict[str, str]:
    """document id -> "year tag", unique among the documents given (a clash gets its
    发文字号, else its full short title)."""
    out = {d["id"]: f"{d.get('year') or ''} {plan_tag(d)}".strip() for d in docs}
    for d in docs:
        if list(out.values()).count(out[d["id"]]) > 1:
            extra = d.get("doc_number") or d.get("short_title") or d["id"]
            out[d["id"]] = f"{out[d['id']]}（{extra}）"
    return out
