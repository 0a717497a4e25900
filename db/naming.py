"""Short names that tell the plans apart in narrow places (list columns, chart
labels, tabs): 2021 内陆开放高地 and 2021 高新区内陆开放高地, not「2021 重…」."""
from __future__ import annotations

import re

_PREFIX = re.compile(r"^(?:中国（重庆）|重庆市|重庆)")
# a plan stored under the notice that sent it: 「重庆市人民政府办公厅关于印发《重庆市…规划》的通知」
_NOTICE = re.compile(r"关于印发[《“]?(?P<own>.+?)[》”]?(?:的)?(?:通知|函)$")
_ISSUER = re.compile(r"^.{0,40}?(?:人民政府|办公厅|委员会|管委会|办公室)(?=关于)")
_SUFFIX = re.compile(r"(?:建设)?(?:“十四五”|十四五)?(?:实施)?(?:规划|方案|计划|意见)?(?:（[^）]*）)?$")


def own_title(title: str) -> str:
    """The plan's own title when `title` is the notice that sent it (关于印发《X》的通知 -> X)."""
    t = re.sub(r"^\d{4}\s*", "", (title or "").strip())
    m = _NOTICE.search(_ISSUER.sub("", t))
    return m.group("own").strip("《》“” ") if m and len(m.group("own")) >= 4 else t


def plan_tag(doc: dict) -> str:
    """The distinguishing words of a plan's short title."""
    t = own_title(doc.get("short_title") or doc.get("title") or doc.get("id") or "")
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
