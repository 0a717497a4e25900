"""Reading a plan straight through: its pages in outline order (the plan's first page,
then chapter, its 节, …), which sections a page shows inline, and the page before and
after any place (Qt-free; the reader's 上一节/下一节 and the links on every page).

A chapter (篇, 一、…) whose subsections and boxes are short together is one page: it
reads as printed, in one go, instead of a list of links to pages of a few lines each.
A long one (2018 第三章: three positioning tables) shows its own text and a list of its
节, each read on its own page, so a page stays a few screens long and prints as one unit.
"""
from __future__ import annotations

from db import place as pl
from db.place import Place

INLINE_MAX_CHARS = 2500      # ~3 screens at 1280×800: a chapter this short is read as one page


def _children(sections: list[dict]) -> dict[str | None, list[dict]]:
    kids: dict[str | None, list[dict]] = {}
    for s in sections:
        kids.setdefault(s["parent_id"], []).append(s)
    return kids


def _subtree_chars(sid: str, kids: dict, box_chars: dict) -> int:
    return sum(len(k["text"] or "") + box_chars.get(k["id"], 0) + _subtree_chars(k["id"], kids, box_chars)
               for k in kids.get(sid, ()))


class Outline:
    """One plan's sections in order, and which of them are read inside an ancestor's page."""

    def __init__(self, store, doc_id: str):
        self.doc_id = doc_id
        self.sections = store.sections(doc_id)
        self.kids = _children(self.sections)
        box_chars: dict[str, int] = {}
        for b in store.boxes(doc_id):
            box_chars[b["section_id"]] = box_chars.get(b["section_id"], 0) + len(b["text"] or "")
        self.by_id = {s["id"]: s for s in self.sections}
        self.order = [s["id"] for s in self.sections]
        self.inline = {s["id"] for s in self.sections
                       if s["id"] in self.kids and _subtree_chars(s["id"], self.kids, box_chars) <= INLINE_MAX_CHARS}

    def inlines(self, sid: str) -> bool:
        """True when the page of `sid` shows its subsections in full."""
        return sid in self.inline

    def ancestors(self, sid: str) -> list[str]:
        out, p = [], self.by_id[sid]["parent_id"] if sid in self.by_id else None
        while p:
            out.append(p)
            p = self.by_id[p]["parent_id"] if p in self.by_id else None
        return out

    def page_of(self, sid: str) -> str:
        """The page a section is read on: its highest ancestor that shows it inline, else itself."""
        top = sid
        for a in self.ancestors(sid):
            if a in self.inline:
                top = a
        return top

    def last_shown(self, sid: str) -> str:
        """The last section the page of `sid` shows (itself, or its last descendant when inline)."""
        if sid not in self.inline:
            return sid
        last = sid
        while self.kids.get(last):
            last = self.kids[last][-1]["id"]
        return last

    def next_page(self, sid: str | None) -> str | None:
        """The page after the one showing `sid` (None: the plan's first page, before every section)."""
        k = 0 if sid is None else self.order.index(self.last_shown(sid)) + 1
        if k >= len(self.order):
            return None
        n = self.order[k]
        page = self.page_of(n)
        return n if sid is not None and page in self.ancestors(sid) else page

    def prev_page(self, sid: str) -> str | None:
        """The page before `sid`'s; the plan's first page before its first section."""
        k = self.order.index(sid)
        if k == 0:
            return Place.document(self.doc_id).id
        p = self.order[k - 1]
        page = self.page_of(p)
        return p if page in self.ancestors(sid) and page != p else page


def section_of(store, target) -> tuple[str | None, str | None, str | None]:
    """(plan id, the section a place belongs to, its kind): a box or an indicator is read in its section."""
    at = store.place(target)
    if at is None:
        return None, None, None
    did = at.document["id"]
    if at.kind in (pl.DOCUMENT, pl.PREAMBLE):
        return did, None, at.kind
    if at.kind == pl.SECTION:
        return did, at.id, at.kind
    return did, (at.section or {}).get("id"), at.kind


def next_place(store, target) -> str | None:
    """The page to read after `target`, in the plan's order; None at the plan's end."""
    did, sid, kind = section_of(store, target)
    if did is None:
        return None
    o = Outline(store, did)
    if sid is not None and sid not in o.by_id:
        return None
    return o.next_page(sid)


def prev_place(store, target) -> str | None:
    """The page to read before `target`; None on the plan's first page. A box or an
    indicator read alone goes back to the page of its section."""
    did, sid, kind = section_of(store, target)
    if did is None or sid is None or sid not in (o := Outline(store, did)).by_id:
        return None
    if kind != pl.SECTION:
        return o.page_of(sid)
    return o.prev_page(sid)
