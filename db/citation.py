"""How a place in a plan is cited: `cite(store, place, form)`, the one path every
citation the program shows takes (the reader, its status bar, bookmarks, the
comparison, indicators, the exports, the CLI), around one formatter.

《简称》第三章第一节 · 《简称》二、（四） · 《简称》第三章第一节专栏1 · 《简称》导言 ·
《简称》原文第12行（原文顺序不可靠，所属章节无法确定）; the official form leads with
the 印发 notice's title and 发文字号. A plan whose order can't be trusted says so in
every form, a whole plan's citation included: 《简称》（原文顺序不可靠）.
"""
from __future__ import annotations

import re

from . import place as pl
from .place import Place

SHORT, OFFICIAL = "short", "official"
UNRELIABLE = "原文顺序不可靠"


def where(path: str | None) -> str:
    """A section path as officials write it: 第三章/第一节 -> 第三章第一节, 二、/（四） -> 二、（四）.

    Labels are kept as printed (五、 keeps its 、: a bare 五 reads as a number);
    the ~2 of a repeated heading's path is dropped."""
    out = []
    for label in (path or "").split("/"):
        out.append(label.split("~")[0])
    return "".join(out)


def place(section_path: str | None, box_label: str | None = None) -> str:
    """Where something sits: its section, then its box; 导言 when it has neither."""
    loc = where(section_path) + (box_label or "")
    return loc or "导言"


def cite(store, where, form: str = SHORT, line: int | None = None) -> str:
    """The citation of a place (a Place, any id, or what `store.place` gave):
    short 《简称》第三章第一节专栏1 or official 《…的通知》（渝府发〔2021〕24号）第三章第一节专栏1;
    `line`, where a sentence sits (a statement's), for a plan whose order can't be
    trusted. '' for no such place."""
    at = where if hasattr(where, "document") and hasattr(where, "place") else store.place(where)
    if at is None:
        return ""
    d = at.document
    reliable = bool(d.get("order_reliable", 1))
    if form == OFFICIAL:
        head = f"《{official_title(d)}》" + (f"（{d['doc_number']}）" if d.get("doc_number") else "")
    else:
        head = f"《{d['short_title']}》"
    if at.kind == pl.DOCUMENT:                     # the plan as a whole
        return head + ("" if reliable else f"（{UNRELIABLE}）")
    label, at_line = _label(at)
    return head + formatted(None, at.path, label, reliable, line if line is not None else at_line)


def _label(at) -> tuple[str | None, int | None]:
    """What follows the section in a citation (专栏1, 表2-1第3行) and the source line."""
    r = at.record or {}
    if at.kind in (pl.INDICATOR, pl.TARGET):
        label = at.box["label"] if at.box else None
        if r.get("table_label"):
            label = (label or r["table_label"]) + f"第{r['seq']}行"
        return label, r.get("line_start")
    if at.kind == pl.ITEM:
        return (at.box["label"] if at.box else None), r.get("line_start")
    if at.kind == pl.NOTE or at.kind == pl.CHECK:
        return None, r.get("line")
    return (at.box["label"] if at.box else None), None


def statement_place(x: dict) -> Place:
    """Where a statement (document_id, section_id, box_id) sits: its box, its section,
    else the plan's opening words (`.opens` is what the reader shows for it)."""
    return Place.parse(x.get("box_id") or x.get("section_id")) or Place.preamble(x["document_id"])


def formatted(short_title: str | None, section_path: str | None = None, box_label: str | None = None,
         order_reliable: bool = True, line: int | None = None) -> str:
    """《short title》place — and, for a text whose order can't be trusted, where the
    sentence sits in the source and a note saying so: 《简称》第三篇第八章（原文第12行；
    原文顺序不可靠，所属章节仅供参考）, or 《简称》原文第12行（…所属章节无法确定）."""
    head = f"《{short_title}》" if short_title else ""
    if order_reliable:
        return head + place(section_path, box_label)
    loc = where(section_path) + (box_label or "")
    at = f"原文第{line}行" if line else ""
    if loc:
        return head + loc + f"（{at + '；' if at else ''}原文顺序不可靠，所属章节仅供参考）"
    return head + (at or "正文") + "（原文顺序不可靠，所属章节无法确定）"


def source_line(title: str, section_path: str | None = None, box_label: str | None = None) -> str:
    """（来源：《full title》第X章第X节）, for exported boxes."""
    return f"（来源：《{title}》{where(section_path)}{box_label or ''}）"


_ISSUER = re.compile(r"(人民政府|办公厅|办公室|管委会|管理委员会|委员会|厅|局|部)$")


def official_title(doc: dict) -> str:
    """The title an official document cites a plan by: the 印发 notice's (重庆市人民政府
    关于印发…的通知, its wrapped lines joined, joint issuers spaced, a 《》 inside it made
    〈〉) when the plan came with one, else the plan's full title."""
    lines = [ln.strip() for ln in (doc.get("notice") or "").splitlines() if ln.strip()]
    for k, ln in enumerate(lines):
        if "关于印发" not in ln:
            continue
        head, _, rest = ln.partition("关于印发")
        issuers = [head] if head else []
        j = k - 1
        while not head and j >= 0 and _ISSUER.search(lines[j]) and len(lines[j]) <= 20:
            issuers.insert(0, lines[j])
            j -= 1
        body = "关于印发" + rest
        j = k
        while "的通知" not in body and j + 1 < len(lines):
            j += 1
            body += lines[j]
        if "的通知" in body and issuers:
            body = body[: body.index("的通知") + 3]
            title = " ".join(issuers) + body
            return title.replace("《", "〈").replace("》", "〉")
    return doc.get("title") or doc.get("short_title") or ""


