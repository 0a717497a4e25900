"""What the comparison shows: a platform's statements per plan, in time order,
with citations, and what is new against the plan before; the marks every display
of it (window, command line, Word, CSV) shares: 未审核 for a platform nobody has
reviewed, 适用于全部… after a statement about a class the platform is in."""
from __future__ import annotations

import re

from ..citation import SHORT, cite, statement_place

from .aspects import ASPECTS  # noqa: F401  (the comparison's columns, in order)


UNREVIEWED = "未审核"
SOURCE_WORDS = {"discovered": "按名称形式从规划中发现", "user": "用户收录"}


def unreviewed(p: dict) -> bool:
    """A platform not in the reviewed gazetteer: found in a plan by its form
    (discovered), or accepted by the user from those."""
    return (p.get("source") or "reviewed") != "reviewed"


def unreviewed_note(p: dict) -> str:
    """「按名称形式从规划中发现，未审核」, or '' for a reviewed platform."""
    if not unreviewed(p):
        return ""
    return f"{SOURCE_WORDS.get(p.get('source'), '')}，{UNREVIEWED}".lstrip("，")


def class_note(via_class: str | None) -> str:
    """What follows a statement about a class of platforms: （适用于全部国家级经开区）."""
    return f"（适用于全部{via_class}）" if via_class else ""


def shown_text(x: dict) -> str:
    """A statement as every display shows it: its words as the plan has them, then
    the class it was said of (never stored in the text)."""
    return x["text"] + class_note(x.get("via_class"))


def comparison(store, platform_id: str, children: bool = False, aspect: str | None = None,
               include_class: bool = True) -> dict:
    """Everything the comparison shows for one platform, documents in chronological
    order; with `children`, the statements of its 片区/板块/sub-projects too, each
    marked with the part it is about (`part`); without `include_class`, not the
    statements about a class it is in (`via_class`)."""
    p = store.platform(platform_id)
    if not p:
        raise KeyError(platform_id)
    names = {platform_id: None}
    if children:
        names.update({k: store.platform(k)["name"] for k in store.children(platform_id)})
    docs = []
    for d in store.documents():
        pos = store.positionings(platform_id, d["id"], children=children, aspect=aspect,
                                 include_class=include_class)
        docs.append(dict(document_id=d["id"], title=d["short_title"], full_title=d["title"], year=d["year"],
                         order_reliable=bool(d["order_reliable"]),
                         positionings=[dict(id=x["id"], aspect=x["aspect"], text=x["text"],
                                            section_id=x["section_id"], box_id=x["box_id"], rank=x["rank"],
                                            line=x.get("line"), platform_id=x["platform_id"],
                                            part="、".join(names[k] for k in [x["platform_id"]] + x.get("also", []) if names.get(k))
                                            or None, via_class=x.get("via_class"))
                                       for x in pos],
                         mentions=store.mention_count(platform_id, d["id"])))
    return dict(platform=p["name"], id=p["id"], kind=p["kind"], aliases=list(p["aliases"] or []),
                source=p.get("source") or "reviewed", reviewed=not unreviewed(p), province=p.get("province"),
                classes=list(p.get("classes") or []), children=[n for k, n in names.items() if n],
                documents=docs)


def platform_label(c: dict) -> str:
    """A platform's name as a heading shows it: 某某综合保税区（未审核）."""
    return c["platform"] + ("" if c["reviewed"] else f"（{UNREVIEWED}）")


def statement_citation(store, x: dict, form: str = SHORT) -> str:
    """《简称》第三章第一节专栏1 for a statement (document_id, section_id, box_id, line);
    in a text whose order can't be trusted, the source line and a note saying so."""
    return cite(store, statement_place(x), form, line=x.get("line"))


def empty_cell(mentions: int) -> str:
    return f"仅提及 {mentions} 次" if mentions else "未提及"


# the first eight columns as before issue 26 (a spreadsheet made on them still reads them)
ROW_HEADER = ("平台", "年份", "文件", "方面", "排序", "表述", "出处", "所属片区、板块或子项目",
              "审核", "省市", "类别表述（适用于全部）")


def comparison_rows(store, platform_ids: list[str], doc_ids: list[str] | None = None, children: bool = False,
                    aspect: str | None = None, include_class: bool = True):
    """Rows under ROW_HEADER: (platform, year, document, aspect, rank, text with its
    class note, citation, part, 已审核/未审核, province, class); part is the 片区/板块/
    sub-project a rolled-up statement is about, class the class a statement was said
    of ('' for the platform itself)."""
    for pid in platform_ids:
        c = comparison(store, pid, children, aspect, include_class)
        tail = ("已审核" if c["reviewed"] else UNREVIEWED, c["province"] or "")
        for d in c["documents"]:
            if doc_ids and d["document_id"] not in doc_ids:
                continue
            if not d["positionings"]:
                yield (c["platform"], d["year"], d["title"], "", "", empty_cell(d["mentions"]), "", "") + tail + ("",)
            for x in d["positionings"]:
                yield (c["platform"], d["year"], d["title"], x["aspect"], x["rank"], shown_text(x),
                       statement_citation(store, dict(x, document_id=d["document_id"])), x["part"] or "") \
                    + tail + (x["via_class"] or "",)


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
