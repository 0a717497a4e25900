"""专题 (topics): named collections of places an official assembles 材料 from.

An entry is made from a place id as `plandesk show` and `search --json` give it (a
section, a 专栏, an item, an indicator row, a positioning statement, a search unit)
by `entry_for`, which keeps the place's text as it is now: an entry whose plan is
later removed says so (`entry_state`) and still has its words. The entries are kept
in user data (db.store.userdata); the bookmarks are the default 专题「书签」.
`compile_topic` writes a 资料汇编 (desktop.services.export.compilation);
`topic_markdown` and `topic_csv` are the analysts' forms.
"""
from __future__ import annotations

from db import place as pl
from db.citation import OFFICIAL, cite, statement_place
from db.store.userdata import BOOKMARKS_TOPIC

SECTION, BOX, INDICATOR, STATEMENT, HIGHLIGHT, HIT = "section", "box", "indicator", "statement", "highlight", "hit"
KINDS = (SECTION, BOX, INDICATOR, STATEMENT, HIGHLIGHT, HIT)
OK, GONE = "ok", "gone"
GONE_NOTE = "原文已不存在"
GROUPS = ("manual", "plan", "year", "platform")


# ---- an entry made from a place ----
def entry_for(store, place_id: str, quote: str | None = None) -> dict | None:
    """What a 专题 keeps of a place: target_id, kind, title, document_id, document_title,
    text (its words now) and quote (the highlighted words, when adding a highlight).
    None: no such place."""
    s = store.positioning(place_id) if isinstance(place_id, str) else None
    if s is not None:
        return _statement_entry(store, s)
    at = store.place(place_id)
    if at is None:
        return None
    d = at.document
    e = dict(target_id=at.id, document_id=d["id"], document_title=d["title"], quote=None)
    if quote:
        return dict(e, kind=HIGHLIGHT, title=_title(at), text=quote, quote=quote)
    if at.kind == pl.SECTION:
        return dict(e, kind=SECTION, title=at.title, text=at.record["text"] or "")
    if at.kind == pl.BOX:
        return dict(e, kind=BOX, title=at.title, text=box_text(store, at.record))
    if at.kind in (pl.INDICATOR, pl.TARGET):
        return dict(e, kind=INDICATOR, title=at.title, text=indicator_text(at.record))
    if at.kind == pl.ITEM:
        return dict(e, kind=BOX, title=_title(at), text=at.record["text"] or "")
    if at.kind in (pl.DOCUMENT, pl.PREAMBLE):
        return dict(e, kind=HIT, title=_title(at), text=d.get("preamble") or "")
    return None


def _title(at) -> str:
    """A place's label and title, its box's or section's for a passage in it."""
    if at.kind in (pl.SECTION, pl.BOX, pl.INDICATOR, pl.TARGET):
        return at.title
    if at.box:
        return f"{at.box['label']} {at.box['title']}".strip()
    if at.section:
        return f"{at.section['label']} {at.section['title']}".strip()
    return "导言" if at.kind == pl.PREAMBLE else (at.document["short_title"] or "")


def _statement_entry(store, s: dict) -> dict:
    d = store.document(s["document_id"]) or {}
    p = store.platform(s["platform_id"]) or {}
    title = "：".join(x for x in (p.get("name") or s["platform_id"], s.get("aspect")) if x)
    return dict(target_id=s["id"], kind=STATEMENT, title=title, document_id=s["document_id"],
                document_title=d.get("title"), text=s["text"] or "", quote=None)


def box_text(store, b: dict) -> str:
    """A 专栏 as its rows: a table's cells 「列：值」 joined, one row a line; else its items."""
    lines = []
    for it in store.items(b["id"]):
        cells = it.get("cells") or {}
        lines.append("；".join(f"{k}：{v}" for k, v in cells.items() if v) if cells else it["text"])
    return "\n".join(x for x in lines if x)


def indicator_text(i: dict) -> str:
    """「指标：基期 → 目标（年份）」: 正式开放口岸数量：2个（2020年）→ 3个（2025年）."""
    unit = i.get("unit") or ""

    def value(v, year):
        if v in (None, ""):
            return "—"
        v = str(v)
        return v + ("" if v.endswith(unit) else unit) + (f"（{year}年）" if year else "")
    return f"{i['name']}：{value(i.get('baseline'), i.get('baseline_year'))} → {value(i.get('target'), i.get('target_year'))}"


# ---- an entry read against the store ----
def entry_state(store, e: dict) -> str:
    """ok, or gone: its place is no longer in the store (the entry keeps its text)."""
    if e["kind"] == STATEMENT:
        return OK if store.positioning(e["target_id"]) else GONE
    return OK if store.place(e["target_id"]) is not None else GONE


def citation(store, e: dict) -> str:
    """The entry's official citation; for a gone one, its plan's title and 原文已不存在."""
    if e["kind"] == STATEMENT:
        s = store.positioning(e["target_id"])
        c = cite(store, statement_place(s), OFFICIAL, line=s.get("line")) if s else ""
    else:
        c = cite(store, e["target_id"], OFFICIAL)
    return c or f"《{e.get('document_title') or e['document_id'] or ''}》（{GONE_NOTE}）"


# ---- a topic's entries (the bookmarks' too) ----
def bookmark_entries(store, userdata) -> list[dict]:
    """The default 专题「书签」: the bookmarks, oldest first, each as an entry (its note the 按语)."""
    out = []
    for b in reversed(userdata.bookmarks()):
        now = entry_for(store, b["target_id"], b.get("quote")) if b["kind"] != "highlight" or b.get("quote") else None
        e = now or dict(target_id=b["target_id"], kind=b["kind"] if b["kind"] in KINDS else SECTION,
                        document_id=b["document_id"], document_title=b["document_title"],
                        text=b.get("quote") or "", quote=b.get("quote"))
        out.append(dict(e, id=b["id"], title=b["title"] or e.get("title") or b["target_id"], note=b["note"] or "",
                        position=len(out)))
    return out


def topic_entries(store, userdata, name_or_id) -> tuple[str, list[dict]]:
    """(the 专题's name, its entries in order); KeyError: no such 专题."""
    if name_or_id == BOOKMARKS_TOPIC:
        return BOOKMARKS_TOPIC, bookmark_entries(store, userdata)
    t = userdata.topic(name_or_id)
    if t is None and isinstance(name_or_id, str) and name_or_id.isdigit():
        t = userdata.topic(int(name_or_id))
    if t is None:
        raise KeyError(f"没有名为「{name_or_id}」的专题")
    return t["name"], userdata.entries(t["id"])


def group_key(store, e: dict, group: str) -> str:
    """The heading an entry falls under: its plan, its plan's year, or a platform it names."""
    d = store.document(e["document_id"]) if e.get("document_id") else None
    if group == "plan":
        return (d["title"] if d else e.get("document_title")) or "其他"
    if group == "year":
        return f"{d['year']}年" if d and d.get("year") else "年份不详"
    if group == "platform":
        return _platform_of(store, e) or "其他"
    return ""


def _platform_of(store, e: dict) -> str | None:
    if e["kind"] == STATEMENT:
        s = store.positioning(e["target_id"])
        p = store.platform(s["platform_id"]) if s else None
        if p:
            return p["name"]
    words = f"{e.get('title') or ''}\n{e.get('text') or ''}"
    for p in store.platforms():
        if any(n and n in words for n in [p["name"]] + list(p.get("aliases") or [])):
            return p["name"]
    return None


def grouped(store, entries: list[dict], group: str = "manual") -> list[tuple[str, list[dict]]]:
    """[(heading, entries)] in the user's order; a group stands where its first entry stood."""
    if group not in GROUPS:
        raise ValueError(f"group: one of {', '.join(GROUPS)}")
    out: dict[str, list[dict]] = {}
    for e in entries:
        out.setdefault(group_key(store, e, group), []).append(e)
    return list(out.items())


# ---- the analysts' forms ----
CSV_COLUMNS = ["序号", "分组", "标题", "类型", "规划", "引用", "原文", "按语", "状态"]


def topic_csv(store, userdata, name_or_id, group: str = "manual") -> list[list[str]]:
    """The rows of 导出为 CSV, the header first."""
    _, entries = topic_entries(store, userdata, name_or_id)
    rows, k = [CSV_COLUMNS], 0
    for head, es in grouped(store, entries, group):
        for e in es:
            k += 1
            gone = entry_state(store, e) == GONE
            rows.append([str(k), head, e["title"], e["kind"], e.get("document_title") or "", citation(store, e),
                         e.get("text") or "", e.get("note") or "", GONE_NOTE if gone else ""])
    return rows


def topic_markdown(store, userdata, name_or_id, group: str = "manual") -> str:
    """导出为 Markdown: the 专题 as a heading, each entry with its text quoted, its citation and 按语."""
    name, entries = topic_entries(store, userdata, name_or_id)
    out = [f"# {_md(name)}", ""]
    for head, es in grouped(store, entries, group):
        if head:
            out += [f"## {_md(head)}", ""]
        for e in es:
            out += [f"{'###' if head else '##'} {_md(e['title'])}", ""]
            if entry_state(store, e) == GONE:
                out += [f"*{GONE_NOTE}*", ""]
            out += ["> " + _md(ln) if ln else ">" for ln in (e.get("text") or "").splitlines()] + [""]
            out += [f"来源：{_md(citation(store, e))}", ""]
            if e.get("note"):
                out += [f"**按语：** {_md(e['note'])}", ""]
    return "\n".join(out).rstrip() + "\n"


def _md(s: str) -> str:
    """Plan and user text as literal Markdown (its markup characters escaped)."""
    return "".join("\\" + c if c in "\\`*_{}[]<>#|!" else c for c in (s or ""))
