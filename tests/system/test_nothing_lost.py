"""Nothing lost, nothing doubled: every sentence of each source is in the store.

A document's *blob* is the white-space-free concatenation ('\\x00' between
fields) of everything the store holds for it: documents.title/notice/preamble,
each section's label+title and text, each box's label, title, columns (joined),
note and every item's text and cell values, and each indicator's source_text.

Each source line, cleaned of conversion artifacts (db.lines.clean_line drops
[bookmark:…] and markdown '#'; HTML tags such as <BR> and 002's web footer
'文件下载….doc' go too), is cut into units at 。！？； (punctuation kept) and
stripped of white space. A unit passes when it is a substring of the blob, or
when it can be covered left to right by pieces that are each in the blob and at
least 6 characters long. Shorter pieces are allowed when they are a heading
(a section's or box's label+title, as printed: bracket width, a separator after
the label and a trailing 。 may differ; or the 目录 that opens a run-in table of
contents, which the sections table represents), and as the last piece when they
are a whole stored field. This lets a hard-wrapped sentence be split by a
heading, a box label or a table-cell boundary.

The other half: a unit of >= 15 characters is stored at most as often as it is
printed (002, whose repeated passages are dropped: at most once). Counted in the
blob without its derived views (see primary_copies).
"""
from __future__ import annotations

import json
import re

import pytest

from tests.helpers import support
from db.importer import textio
from db.importer.lines import clean_line
from tests.helpers.support import nows

MIN_PIECE = 6
_UNIT = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
_HTML = re.compile(r"<[A-Za-z/][^>]*>")
_FOOTER = re.compile(r"文件下载.{0,200}?\.(?:docx?|pdf|wps)")
_WIDTH = str.maketrans("（）：", "():")        # bracket/colon width, length-preserving
_TOC = re.compile(r"目录(?=第[一二三四五六七八九十百零〇]+[篇章节])")


def source_units(prefix: str) -> tuple[str, list[tuple[int, str]]]:
    """(the whole cleaned source without white space, [(line number, unit)])."""
    text, _ = textio.read(support.source_path(prefix))
    units, clean = [], []
    for no, raw in enumerate(text.split("\n"), start=1):
        s = _FOOTER.sub("", _HTML.sub("", clean_line(raw)))
        clean.append(nows(s))
        units += [(no, u) for u in (nows(m.group(0)) for m in _UNIT.finditer(s)) if u]
    return "".join(clean), units


class Blob:
    """What the store holds for one document."""

    def __init__(self, store, did: str, drop=lambda field: False):
        fields, heads = [], []
        d = store.document(did)
        fields += [d["title"], d["notice"], d["preamble"]]
        for s in store.sections(did):
            fields += [s["label"] + s["title"], s["text"]]
            heads.append((s["label"], s["title"]))
        for b in store.boxes(did):
            heads.append((b["label"], b["title"]))
            fields += [b["label"], b["title"], "".join(b["columns"] or []), b["note"]]
            for it in store.items(b["id"]):
                fields.append(it["text"])
                fields += [str(v) for v in (it["cells"] or {}).values()]
        fields += [i["source_text"] for i in store.indicators(did)]
        self.fields = [f for f in (nows(x) for x in fields if x) if f and not drop(f)]
        self.text = "\x00".join(self.fields)
        self.whole = set(self.fields)
        self.heads = [re.compile(re.escape(nows(lb).translate(_WIDTH)) + r"[:、.．]?"
                                 + re.escape(nows(t).translate(_WIDTH)) + "。?") for lb, t in heads] + [_TOC]

    def covers(self, u: str) -> bool:
        if u in self.text:
            return True
        n, ut = len(u), u.translate(_WIDTH)
        reach = [False] * (n + 1)
        reach[0] = True
        top = 0   # u[i:top] is in the blob for the start i being looked at (substrings of a hit are hits)
        for i in range(n):
            if not reach[i]:
                continue
            if u[i:] in self.whole:
                return True
            for h in self.heads:
                m = h.match(ut, i)
                if m and m.end() > i:
                    reach[m.end()] = True
            j = max(top, i + MIN_PIECE)
            while j <= n and u[i:j] in self.text:
                j += 1
            top = j - 1
            for k in range(i + MIN_PIECE, j):
                reach[k] = True
        return reach[n]

    def lost(self, units) -> list[str]:
        return [f"l.{no}: {u}" for no, u in units if not self.covers(u)]


def primary_copies(store, did: str) -> str:
    """The blob without views derived from other fields: a table row's text (a
    rendering of its cells), a merged cell repeated in the rows that share it
    (box_items.inherited), indicators' source_text (rows and sentences stored in
    their box or section). What is left should hold each sentence once per print."""
    fields = []
    d = store.document(did)
    fields += [d["title"], d["notice"], d["preamble"]]
    for s in store.sections(did):
        fields += [s["label"] + s["title"], s["text"]]
    for b in store.boxes(did):
        fields += [b["label"], b["title"], "".join(b["columns"] or []), b["note"]]
        for it in store.items(b["id"]):
            if it["cells"]:
                shared = set(it["inherited"] or [])
                fields += [str(v) for c, v in it["cells"].items() if c not in shared]
            else:
                fields.append(it["text"])
    return "\x00".join(nows(x) for x in fields if x)


@pytest.mark.parametrize("prefix", support.PREFIXES)
def test_every_sentence_is_stored(built_store, prefix):
    _, units = source_units(prefix)
    assert len(units) > 100
    lost = Blob(built_store, support.doc_id(prefix)).lost(units)
    assert not lost, f"{prefix}: {len(lost)} of {len(units)} source units not in the store:\n" + "\n".join(lost)


def _doubled(store, prefix) -> list[str]:
    src, units = source_units(prefix)
    blob = primary_copies(store, support.doc_id(prefix))
    out = []
    for no, u in units:
        if len(u) < 15:
            continue
        limit = min(src.count(u), 1) if prefix == "002" else src.count(u)
        if blob.count(u) > limit:
            out.append(f"l.{no}: stored {blob.count(u)}x, printed {src.count(u)}x: {u}")
    return out


@pytest.mark.parametrize("prefix", support.PREFIXES)
def test_no_sentence_stored_more_often_than_printed(built_store, prefix):
    """Units of >= 15 characters: stored at most as often as printed (002: once,
    its repeats are dropped)."""
    doubled = _doubled(built_store, prefix)
    assert not doubled, f"{prefix}:\n" + "\n".join(doubled)


@pytest.mark.parametrize("prefix", support.PREFIXES)
def test_dropped_repeats_counted(built_store, prefix):
    n = built_store.document(support.doc_id(prefix))["dropped_repeats"]
    if prefix == "002":
        assert n > 0
    else:
        assert n == 0


def test_the_check_sees_a_lost_paragraph(built_store):
    """Self-test: take one box item out of the blob and its sentences show up as lost."""
    did = support.doc_id("004")
    item = built_store.items(f"{did}:专栏6-7")[2]
    gone = nows(item["text"])
    _, units = source_units("004")
    lost = Blob(built_store, did, drop=lambda f: f == gone).lost(units)
    assert lost
    assert all(u.split(": ", 1)[1] in gone for u in lost)
    assert len(lost) >= 2
