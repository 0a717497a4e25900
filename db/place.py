"""A place in a plan: one typed value, made here and parsed here.

Every id the store holds for a place, and every id the window passes around, is
the string form of a `Place`:

    doc:{doc}                 the plan itself (the reader's first page)
    {doc}:#preamble           its words before the first heading (a search unit)
    {doc}:{path}              a section: 第三章/第一节 (~2 for a heading printed twice)
    {doc}:{label}             a 专栏 or table: 专栏1 (~2 for a label printed twice)
    {doc}:{label}#{n}         a box's item n (from 0), or a table's row n (from 1)
    {doc}:target#{n}          a target stated in the running text
    {doc}:note#{k}            an importer's note; {doc}:check#{k} a self-check finding

A section path and a box label share one form, so do a box item and a table row:
`Place.parse` says UNIT or ROW for them, and `Store.place` tells which it is.
`pd:` links (the reader's HTML) carry the same string after `pd:`.

Ids are made once per document, after uniqueness (`DocPlaces`): the store's rows and
the positioning extraction take them from the same object, so a renamed duplicate
(a label printed twice: 专栏1, 专栏1~2) is the same id everywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DOCUMENT = "document"
PREAMBLE = "preamble"
SECTION = "section"
BOX = "box"
UNIT = "unit"              # a section or a box: the id alone can't say which
ITEM = "item"
INDICATOR = "indicator"    # a table's row
ROW = "row"                # a box item or a table row: the id alone can't say which
TARGET = "target"          # a target stated in the text
NOTE = "note"
CHECK = "check"

DOC_PREFIX = "doc:"
LINK_PREFIX = "pd:"
_NUMBERED = re.compile(r"^(.*)#(\d+)$")


@dataclass(frozen=True)
class Place:
    doc: str                  # the document's id
    kind: str = DOCUMENT
    key: str = ""             # the section path, the box or table label
    n: int | None = None      # the item, row, target or note number

    # ---- made ----
    @classmethod
    def document(cls, doc: str) -> "Place":
        return cls(doc, DOCUMENT)

    @classmethod
    def preamble(cls, doc: str) -> "Place":
        return cls(doc, PREAMBLE)

    @classmethod
    def section(cls, doc: str, path: str) -> "Place":
        return cls(doc, SECTION, path)

    @classmethod
    def box(cls, doc: str, label: str) -> "Place":
        return cls(doc, BOX, label)

    @classmethod
    def item(cls, doc: str, box_label: str, k: int) -> "Place":
        return cls(doc, ITEM, box_label, k)

    @classmethod
    def indicator(cls, doc: str, table_label: str | None, seq: int) -> "Place":
        """A table's row (表2-1, row seq), or a target in the text when there is no table."""
        return cls(doc, INDICATOR, table_label, seq) if table_label else cls(doc, TARGET, "target", seq)

    @classmethod
    def note(cls, doc: str, k: int) -> "Place":
        return cls(doc, NOTE, "note", k)

    @classmethod
    def check(cls, doc: str, k: int) -> "Place":
        return cls(doc, CHECK, "check", k)

    # ---- written ----
    @property
    def id(self) -> str:
        if self.kind == DOCUMENT:
            return DOC_PREFIX + self.doc
        if self.kind == PREAMBLE:
            return f"{self.doc}:#preamble"
        if self.n is not None:
            return f"{self.doc}:{self.key}#{self.n}"
        return f"{self.doc}:{self.key}"

    def __str__(self) -> str:
        return self.id

    @property
    def link(self) -> str:
        """The href of a link to it in the reader's HTML."""
        return LINK_PREFIX + self.id

    @property
    def opens(self) -> "Place":
        """What the reader shows for it: a plan's opening words are its first page."""
        return Place.document(self.doc) if self.kind == PREAMBLE else self

    # ---- read ----
    @classmethod
    def parse(cls, s: "str | Place | None") -> "Place | None":
        """Any id the store or the window uses (a `pd:` link too) -> a Place; None for
        what is no place (empty, no document, a bookmark or search link)."""
        if isinstance(s, Place):
            return s
        if not s or not isinstance(s, str):
            return None
        if s.startswith(LINK_PREFIX):
            s = s[len(LINK_PREFIX):]
        if s.startswith(DOC_PREFIX):
            doc = s[len(DOC_PREFIX):]
            return cls(doc, DOCUMENT) if doc and ":" not in doc else None
        doc, sep, rest = s.partition(":")
        if not sep or not doc or not rest:
            return None
        if rest == "#preamble":
            return cls(doc, PREAMBLE)
        m = _NUMBERED.match(rest)
        if m and m.group(1):
            key, n = m.group(1), int(m.group(2))
            kind = {"target": TARGET, "note": NOTE, "check": CHECK}.get(key, ROW)
            return cls(doc, kind, key, n)
        return cls(doc, UNIT, rest)


def parse(s) -> Place | None:
    return Place.parse(s)


def document_of(s) -> str | None:
    """The id of the plan a place is in (None: no place)."""
    p = Place.parse(s)
    return p.doc if p else None


class DocPlaces:
    """The ids of one parsed document's places, made once: duplicates (a heading path
    or a label printed twice) get ~2, ~3 … before any id is used, so rows, their
    references and the positioning extraction agree."""

    def __init__(self, did: str, doc):
        self.did = did
        self._sections = _unique((id(s), s.path) for s in doc.sections)
        self._boxes = _unique((id(b), b.label) for b in doc.boxes)
        self._indicators: dict[int, Place] = {}
        taken: set[tuple[str, int]] = set()
        for ind in doc.indicators:
            label = ind.table_label or "target"
            lab, k = label, 1
            while (lab, ind.seq) in taken:
                k += 1
                lab = f"{label}~{k}"
            taken.add((lab, ind.seq))
            self._indicators[id(ind)] = Place(did, INDICATOR if ind.table_label else TARGET, lab, ind.seq)
        self._first_row = {}
        for ind in doc.indicators:
            if ind.table_label:
                self._first_row.setdefault(f"{ind.table_label}#{ind.seq}", self._indicators[id(ind)])

    def document(self) -> Place:
        return Place.document(self.did)

    def section(self, s) -> Place | None:
        return Place.section(self.did, self._sections[id(s)]) if s is not None else None

    def box(self, b) -> Place | None:
        return Place.box(self.did, self._boxes[id(b)]) if b is not None else None

    def item(self, b, k: int) -> Place:
        return Place.item(self.did, self._boxes[id(b)], k)

    def indicator(self, ind) -> Place:
        return self._indicators[id(ind)]

    def row(self, ref: str | None) -> Place | None:
        """The table row a reference `表2-1#3` names (a prose target's same_as)."""
        if not ref:
            return None
        return self._first_row.get(ref) or Place.parse(f"{self.did}:{ref}")

    def note(self, k: int) -> Place:
        return Place.note(self.did, k)

    def check(self, k: int) -> Place:
        return Place.check(self.did, k)

    # the string forms, as the rows and the extraction store them
    def sid(self, s) -> str | None:
        p = self.section(s)
        return p.id if p else None

    def bid(self, b) -> str | None:
        p = self.box(b)
        return p.id if p else None


def _unique(pairs) -> dict[int, str]:
    """object id -> its key, the later of two equal keys with ~2, ~3 …"""
    seen: dict[str, int] = {}
    out: dict[int, str] = {}
    taken = set()
    for oid, key in pairs:
        k = key
        if k in taken:
            n = seen.get(key, 1)
            while f"{key}~{n + 1}" in taken:
                n += 1
            seen[key] = n + 1
            k = f"{key}~{n + 1}"
        taken.add(k)
        out[oid] = k
    return out
