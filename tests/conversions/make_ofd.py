#!/usr/bin/env python
"""OFD fixtures: the five plans as OFD packages (GB/T 33190-2016), written here.

A by-hand developer script, like make_round2.py (whose store-reading helpers it
imports). It needs nothing but Python: a small OFD writer from the standard, with a
line breaker and a page maker of its own. The answer key of every file is the
content store built from the bundled texts:

    /work/main/.venv/bin/plandesk build --data /tmp/r2-key
    /work/main/.venv/bin/python -m tests.conversions.make_ofd --data /tmp/r2-key

Outputs (next to this script, one file per plan, named by the corpus stem):

    ofd-gongwen/  公文 layout: A4, 28 characters × 22 lines (3号, 5.57 mm), the plan title
                  as a running header on two TemplatePages (right on odd pages, left on
                  even ones, a rule under it), 「— N —」 page numbers on the outer side,
                  headings in a bold font, list 专栏 in stroked frames, table 专栏 with a
                  title line above, indicator tables ruled one PathObject a rule with a
                  repeated header row after a page break; 001 also carries an electronic
                  seal (Signatures.xml, a Signature.xml and a stamp annotation)
    ofd-plain/    12 pt body (4.2 mm, 35 a line), the running title at the BOTTOM of every
                  page (a Foreground template), 「第 N 页」 at the top right, text objects
                  scaled by a CTM (0.5: their coordinates and sizes doubled), package-
                  absolute locations, list 专栏 as filled grey rectangles without rules,
                  table 专栏 with the title and note ruled in as spanning rows, a whole table
                  drawn as ONE PathObject of many subpaths, and tables of twelve rows or
                  more on a page of their own in two columns

Every TextObject has a Boundary and per-character DeltaX ("g n v" where a run repeats).
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xesc
from xml.sax.saxutils import quoteattr

from tests.conversions.make_round2 import Box, Plan, blocks, box_heading, heading_text, load_plans, merge_runs, table_rows

HERE = Path(__file__).resolve().parent

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uff60\u3000-\u303f\u2014-\u201d\u2026]")


@dataclass
class Style:
    name: str
    size: float              # body text, mm
    pitch: float             # line pitch, mm
    left: float
    top: float
    width: float
    bottom: float            # the text area's lowest line bottom
    cell: float              # table text
    header: str              # "top-alt" | "bottom"
    box: str                 # "stroke" | "fill"
    ruled_caption: bool      # a table 专栏's title and note ruled in as spanning rows
    two_col: bool            # tables of 12+ rows on their own page in two columns
    ctm: float               # text objects drawn at 1/ctm scale, CTM scaling them back
    repeat_header: bool
    one_path_table: bool
    absolute_locs: bool
    head_space: float        # extra space before a heading, in pitches


GONGWEN = Style("ofd-gongwen", 156 / 28, 225 / 22, 28, 37, 156, 262, 3.9, "top-alt", "stroke", False, False, 1.0,
                True, False, False, 0.0)
PLAIN = Style("ofd-plain", 4.2, 7.0, 30, 32, 150, 262, 3.5, "bottom", "fill", True, True, 0.5,
              False, True, True, 0.5)


def char_w(ch: str, size: float) -> float:
    return size if WIDE.match(ch) else size / 2


def text_w(s: str, size: float) -> float:
    return sum(char_w(c, size) for c in s)


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[tuple[float, str]]:
    """(indent, line) of a paragraph: the first line indented, a line as full as it goes."""
    out, cur, w, ind = [], "", 0.0, indent
    for ch in text:
        cw = char_w(ch, size)
        if cur and w + cw > width - ind + 0.01:
            out.append((ind, cur))
            cur, w, ind = "", 0.0, 0.0
        cur += ch
        w += cw
    if cur or not out:
        out.append((ind, cur))
    return out


def deltas(s: str, size: float, k: float) -> str:
    """DeltaX for s (n-1 values, in the object's space), "g n v" for runs of 3+."""
    vals = [round(char_w(c, size) / k, 3) for c in s[:-1]]
    out, i = [], 0
    while i < len(vals):
        j = i
        while j < len(vals) and vals[j] == vals[i]:
            j += 1
        out += [f"g {j - i} {vals[i]:g}"] if j - i >= 3 else [f"{v:g}" for v in vals[i:j]]
        i = j
    return " ".join(out)


@dataclass
class Doc:
    """Pages of objects (XML strings) as the layout makes them."""
    st: Style
    ids: int = 100
    pages: list[list[str]] = field(default_factory=lambda: [[]])
    y: float = 0.0
    frame_top: float | None = None
    frame_x: tuple[float, float] = (0.0, 0.0)

    def __post_init__(self):
        self.y = self.st.top

    def nid(self) -> int:
        self.ids += 1
        return self.ids

    def text(self, x: float, base: float, s: str, size: float, bold=False, page=None) -> None:
        if not s:
            return
        k = self.st.ctm
        font = 3 if bold else 2
        w = text_w(s, size)
        obj = (f'<ofd:TextObject ID="{self.nid()}" Boundary="{x:.3f} {base - size:.3f} {w + 1:.3f} {size * 1.3:.3f}" '
               f'Font="{font}" Size="{size / k:.3f}"' + (f' CTM="{k:g} 0 0 {k:g} 0 0"' if k != 1 else "")
               + (' Weight="700"' if bold else "") + '><ofd:FillColor Value="0 0 0"/>'
               f'<ofd:TextCode X="0" Y="{size / k:.3f}" DeltaX="{deltas(s, size, k)}">{xesc(s)}</ofd:TextCode></ofd:TextObject>')
        (self.pages[-1] if page is None else page).append(obj)

    def path(self, data: str, box: tuple, stroke=True, fill=False, page=None) -> None:
        x0, y0, x1, y1 = box
        attrs = ("" if stroke else ' Stroke="false"') + (' Fill="true"' if fill else "")
        color = '<ofd:FillColor Value="230 230 230"/>' if fill else ""
        (self.pages[-1] if page is None else page).append(
            f'<ofd:PathObject ID="{self.nid()}" Boundary="{x0:.3f} {y0:.3f} {x1 - x0 + 0.5:.3f} {y1 - y0 + 0.5:.3f}" '
            f'LineWidth="0.25"{attrs}>{color}<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>')

    def rule(self, x0, y0, x1, y1, page=None) -> None:
        self.path(f"M 0 0 L {x1 - x0:.3f} {y1 - y0:.3f}", (x0, y0, x1, y1), page=page)

    def rect(self, x0, y0, x1, y1) -> None:
        w, h = x1 - x0, y1 - y0
        fill = self.st.box == "fill"
        self.path(f"M 0 0 L {w:.3f} 0 L {w:.3f} {h:.3f} L 0 {h:.3f} C", (x0, y0, x1, y1), stroke=not fill, fill=fill)

    def new_page(self) -> None:
        if self.frame_top is not None:
            self.rect(self.frame_x[0], self.frame_top, self.frame_x[1], self.y + 1.5)
            self.frame_top = self.st.top - 2
        self.pages.append([])
        self.y = self.st.top

    def need(self, h: float) -> None:
        if self.y + h > self.st.bottom and self.y > self.st.top + 0.1:
            self.new_page()

    def lines(self, text: str, size: float, indent_chars=2, align="left", bold=False, inset=0.0) -> None:
        """A paragraph: wrapped, placed line by line (a page break wherever one falls)."""
        st = self.st
        pitch = st.pitch * size / st.size
        x0, width = st.left + inset, st.width - 2 * inset
        for ind, ln in wrap(text, width, size, indent_chars * size):
            self.need(pitch)
            w = text_w(ln, size)
            x = {"center": x0 + (width - w) / 2, "right": x0 + width - w}.get(align, x0 + ind)
            self.text(x, self.y + 0.78 * pitch, ln, size, bold)
            self.y += pitch


# ---- tables ----

def col_widths(header: list[str], rows: list[list[str]], width: float) -> list[float]:
    weights = [max(2, min(18, max(len(r[c]) if c < len(r) else 0 for r in [header] + rows))) for c in range(len(header))]
    return [width * w / sum(weights) for w in weights]


@dataclass
class TableSpec:
    header: list[str]
    rows: list[list[str]]
    spans: dict = field(default_factory=dict)       # (row, col) -> rows spanned; 0 = covered
    caption: str | None = None                      # ruled in as a first spanning row
    note: str | None = None                         # ruled in as a last spanning row


def span(t: TableSpec, r: int, c: int) -> int:
    return t.spans.get((r, c), 1)


def row_heights(t: TableSpec, ws: list[float], size: float) -> list[float]:
    cp, pad = size * 1.35, 1.2
    hs = []
    for r, row in enumerate(t.rows):
        n = max([len(wrap(row[c], ws[c] - 2 * pad, size)) for c in range(len(ws)) if span(t, r, c) == 1] or [1])
        hs.append(n * cp + 2 * pad)
    for (r, c), k in t.spans.items():
        if k > 1:
            need = len(wrap(t.rows[r][c], ws[c] - 2 * pad, size)) * cp + 2 * pad
            have = sum(hs[r:r + k])
            if need > have:
                hs[r + k - 1] += need - have
    return hs


def groups(t: TableSpec) -> list[list[int]]:
    """Rows a merged cell ties together (never parted by a page break)."""
    out, r = [], 0
    while r < len(t.rows):
        end = r + max(span(t, r, c) for c in range(len(t.header)))
        k = r + 1
        while k < end:
            end = max(end, k + max(span(t, k, c) for c in range(len(t.header))))
            k += 1
        out.append(list(range(r, end)))
        r = end
    return out


class TableWriter:
    """A ruled table placed at the doc's current y, broken across pages between row groups."""

    def __init__(self, doc: Doc, t: TableSpec, x0: float, width: float, size: float, breaks=True):
        self.doc, self.t, self.x0, self.size, self.breaks = doc, t, x0, size, breaks
        self.ws = col_widths(t.header, t.rows, width)
        self.xs = [x0 + sum(self.ws[:i]) for i in range(len(self.ws) + 1)]
        self.hs = row_heights(t, self.ws, size)
        self.head_h = max(len(wrap(h, w - 2.4, size)) for h, w in zip(t.header, self.ws)) * size * 1.35 + 2.4
        self.part: list = []       # (top, height, kind, row index)

    def cell_text(self, x, w, top, text):
        for k, (_, ln) in enumerate(wrap(text, w - 2.4, self.size)):
            self.doc.text(x + 1.2, top + 1.2 + (k + 0.8) * self.size * 1.35, ln, self.size)

    def full_row(self, kind: str, text: str):
        h = len(wrap(text, self.xs[-1] - self.x0 - 2.4, self.size)) * self.size * 1.35 + 2.4
        self.doc.need(h)
        self.cell_text(self.x0, self.xs[-1] - self.x0, self.doc.y, text)
        self.part.append((self.doc.y, h, kind, -1))
        self.doc.y += h

    def header(self):
        for c, h in enumerate(self.t.header):
            self.cell_text(self.xs[c], self.ws[c], self.doc.y, h)
        self.part.append((self.doc.y, self.head_h, "header", -1))
        self.doc.y += self.head_h

    def write(self):
        if self.t.caption:
            self.full_row("span", self.t.caption)
        self.doc.need(self.head_h + self.hs[0])
        self.header()
        for g in groups(self.t):
            gh = sum(self.hs[r] for r in g)
            if self.breaks and self.doc.y + gh > self.doc.st.bottom:
                self.rules()
                self.doc.new_page()
                if self.doc.st.repeat_header:
                    self.header()
            for r in g:
                for c in range(len(self.ws)):
                    if span(self.t, r, c) >= 1:
                        self.cell_text(self.xs[c], self.ws[c], self.doc.y, self.t.rows[r][c])
                self.part.append((self.doc.y, self.hs[r], "row", r))
                self.doc.y += self.hs[r]
        if self.t.note:
            self.full_row("span", self.t.note)
        self.rules()

    def rules(self):
        """The part's rules: no rule across a merged cell, no column rule in a spanning row."""
        if not self.part:
            return
        segs = []
        top, bottom = self.part[0][0], self.part[-1][0] + self.part[-1][1]
        segs.append((self.x0, top, self.xs[-1], top))
        for (y, h, kind, r) in self.part[1:]:
            for c in range(len(self.ws)):
                if not (kind == "row" and span(self.t, r, c) == 0):
                    segs.append((self.xs[c], y, self.xs[c + 1], y))
        segs.append((self.x0, bottom, self.xs[-1], bottom))
        for i, x in enumerate(self.xs):
            inner = 0 < i < len(self.xs) - 1
            for (y, h, kind, r) in self.part:
                if not (inner and kind == "span"):
                    segs.append((x, y, x, y + h))
        self.draw(segs)
        self.part = []

    def draw(self, segs):
        if not self.doc.st.one_path_table:
            for s in segs:
                self.doc.rule(*s)
            return
        x0 = min(s[0] for s in segs)
        y0 = min(s[1] for s in segs)
        data = " ".join(f"M {a - x0:.3f} {b - y0:.3f} L {c - x0:.3f} {d - y0:.3f}" for a, b, c, d in segs)
        self.doc.path(data, (x0, y0, max(s[2] for s in segs), max(s[3] for s in segs)))


# ---- the plan, block by block ----

def write_notice(doc: Doc, text: str, align) -> None:
    st = doc.st
    if align == "center":
        doc.lines(text, st.size * (1.3 if "通知" in text else 1.0), 0, "center", bold="通知" in text)
    elif align in ("left", "right"):
        doc.lines(text, st.size, 0, align)
    else:
        doc.lines(text, st.size)


def write_heading(doc: Doc, s, fam1: str) -> None:
    st = doc.st
    doc.y += st.head_space * st.pitch
    doc.need(2 * st.pitch)
    if s.level == 1 and fam1 in ("篇", "章"):
        doc.lines(heading_text(s), st.size, 0, "center", bold=True)
    else:
        doc.lines(heading_text(s), st.size, 2, bold=True)


def write_list_box(doc: Doc, box: Box) -> None:
    st = doc.st
    doc.y += 0.4 * st.pitch
    doc.need(2 * st.pitch)
    doc.frame_top, doc.frame_x = doc.y - 1.5, (st.left, st.left + st.width)
    doc.y += 1.5
    doc.lines(box_heading(box), st.size, 0, "center", bold=True, inset=4)
    for it in box.items:
        doc.lines(it["text"], st.size * 0.95, 2, inset=4)
    doc.rect(doc.frame_x[0], doc.frame_top, doc.frame_x[1], doc.y + 1.5)
    doc.frame_top = None
    doc.y += 0.6 * st.pitch


def write_two_col(doc: Doc, title: str | None, header, rows, note: str | None) -> None:
    """A table on its own page, rows 1..n/2 on the left and the rest on the right."""
    st = doc.st
    doc.new_page()
    if title:
        doc.lines(title, st.size, 0, "center", bold=True)
    half = math.ceil(len(rows) / 2)
    w = (st.width - 6) / 2
    y0 = doc.y
    for k, part in enumerate((rows[:half], rows[half:])):
        doc.y = y0
        TableWriter(doc, TableSpec(header, part), st.left + k * (w + 6), w, st.cell * 0.85, breaks=False).write()
        y_end = doc.y if k == 0 else max(doc.y, y_end)
    doc.y = y_end + 0.5 * st.pitch
    if note:
        doc.lines(note, st.cell, 0)
    doc.new_page()


def write_table(doc: Doc, title: str | None, header, rows, spans=None, note=None) -> None:
    st = doc.st
    if st.two_col and len(rows) >= 12 and not spans:
        write_two_col(doc, title, header, rows, note)
        return
    doc.y += 0.3 * st.pitch
    ruled = st.ruled_caption and title is not None
    if title and not ruled:
        doc.need(3 * st.pitch)
        doc.lines(title, st.size, 0, "center", bold=True)
    TableWriter(doc, TableSpec(header, rows, spans or {}, title if ruled else None, note if ruled else None),
                st.left, st.width, st.cell).write()
    doc.y += 0.3 * st.pitch
    if note and not ruled:
        doc.lines(note, st.cell, 0)


def box_spans(box: Box) -> dict:
    cols = box.columns or []
    return {(r, cols.index(c)): k for (r, c), k in merge_runs(box).items() if k != 1}


def lay_out(plan: Plan, st: Style) -> Doc:
    doc = Doc(st)
    bl = blocks(plan)
    fam1 = next((s.family for s in plan.sections if s.level == 1), "")
    for i, b in enumerate(bl):
        kind = b[0]
        if kind == "notice":
            write_notice(doc, b[1], b[2])
        elif kind == "title":
            if plan.notice:
                doc.new_page()
            doc.y += st.pitch
            doc.lines(b[1], st.size * 1.4, 0, "center", bold=True)
            doc.y += st.pitch
        elif kind == "para":
            doc.lines(re.sub(r"\s*\n\s*", "", b[1]), st.size)
        elif kind == "heading":
            write_heading(doc, b[1], fam1)
        elif kind == "caption":
            if i + 1 < len(bl) and bl[i + 1][0] == "table":
                continue
            doc.lines(b[1], st.size, 0, "center", bold=True)
        elif kind == "table":
            cap = bl[i - 1][1] if i and bl[i - 1][0] == "caption" else None
            write_table(doc, cap, b[1], b[2])
        elif kind == "box" and b[1].kind == "list":
            write_list_box(doc, b[1])
        elif kind == "box":
            box = b[1]
            write_table(doc, box_heading(box), box.columns, table_rows(box), box_spans(box), box.note)
    return doc


# ---- the package ----

def template(doc: Doc, title: str, odd: bool) -> str:
    st, objs = doc.st, []
    size = st.size * 0.6
    if st.header == "top-alt":
        w = text_w(title, size)
        x = st.left + st.width - w if odd else st.left
        doc.text(x, 24, title, size, page=objs)
        doc.rule(st.left, 26, st.left + st.width, 26, page=objs)
    else:
        doc.text(st.left + (st.width - text_w(title, size)) / 2, 287, title, size, page=objs)
    return page_xml(doc, objs, None)


def page_xml(doc: Doc, objs: list[str], tpl: str | None, z="Background") -> str:
    t = f'<ofd:Template TemplateID="{tpl}" ZOrder="{z}"/>' if tpl else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page {NS}>{t}<ofd:Content>'
            f'<ofd:Layer ID="{doc.nid()}" Type="Body">' + "".join(objs) + "</ofd:Layer></ofd:Content></ofd:Page>\n")


def page_number(doc: Doc, n: int) -> None:
    st = doc.st
    if st.header == "top-alt":
        s, size = f"— {n} —", st.size * 0.8
        x = st.left + st.width - text_w(s, size) if n % 2 else st.left
        doc.text(x, 282, s, size, page=doc.pages[n - 1])
    else:
        s, size = f"第 {n} 页", st.size * 0.75
        doc.text(st.left + st.width - text_w(s, size), 16, s, size, page=doc.pages[n - 1])


SIGNATURES = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Signatures {NS}><ofd:MaxSignId>1</ofd:MaxSignId>
<ofd:Signature ID="1" Type="Seal" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>
"""

SIGNATURE = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Signature {NS}><ofd:SignedInfo><ofd:Provider ProviderName="make_ofd" Version="1.0"/>
<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod><ofd:SignatureDateTime>20261207000000Z</ofd:SignatureDateTime>
<ofd:References CheckMethod="1.2.156.10197.1.401"><ofd:Reference FileRef="/Doc_0/Document.xml"><ofd:CheckValue>AAAA</ofd:CheckValue></ofd:Reference></ofd:References>
<ofd:StampAnnot ID="1" PageRef="1" Boundary="120 200 42 42"/></ofd:SignedInfo>
<ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>
"""


def package(plan: Plan, st: Style, out: Path, signed=False) -> int:
    doc = lay_out(plan, st)
    for n in range(1, len(doc.pages) + 1):
        page_number(doc, n)
    pre = "/Doc_0/" if st.absolute_locs else ""
    parts = {}
    tpls = [("2", "Tpls/Tpl_0/Content.xml", True)] + ([("3", "Tpls/Tpl_1/Content.xml", False)] if st.header == "top-alt" else [])
    z = "Foreground" if st.header == "bottom" else "Background"
    for tid, loc, odd in tpls:
        parts[f"Doc_0/{loc}"] = template(doc, plan.title, odd)
    page_refs = []
    for i, objs in enumerate(doc.pages):
        tid = tpls[0][0] if (i % 2 == 0 or len(tpls) == 1) else tpls[1][0]
        loc = f"Pages/Page_{i}/Content.xml"
        parts[f"Doc_0/{loc}"] = page_xml(doc, objs, tid, z)
        page_refs.append(f'<ofd:Page ID="{doc.nid()}" BaseLoc="{pre}{loc}"/>')
    fonts = ('<ofd:Fonts><ofd:Font ID="2" FontName="仿宋_GB2312" FamilyName="仿宋"/>'
             '<ofd:Font ID="3" FontName="黑体" FamilyName="黑体" Bold="true"/></ofd:Fonts>')
    parts["Doc_0/PublicRes.xml"] = f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res {NS} BaseLoc="Res">{fonts}</ofd:Res>\n'
    tpl_xml = "".join(f'<ofd:TemplatePage ID="{t}" BaseLoc="{pre}{loc}" ZOrder="{z}"/>' for t, loc, _ in tpls)
    annots = ""
    if signed:
        annots = f"<ofd:Annotations>{pre}Annots/Annotations.xml</ofd:Annotations>"
        parts["Doc_0/Annots/Annotations.xml"] = f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Annotations {NS}/>\n'
        parts["Doc_0/Signs/Signatures.xml"] = SIGNATURES
        parts["Doc_0/Signs/Sign_0/Signature.xml"] = SIGNATURE
        parts["Doc_0/Signs/Sign_0/SignedValue.dat"] = b"\x30\x00"
    parts["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>{doc.ids + 1}</ofd:MaxUnitID>'
        f'<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>'
        f'{tpl_xml}</ofd:CommonData><ofd:Pages>{"".join(page_refs)}</ofd:Pages>{annots}</ofd:Document>\n')
    sig = "<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>" if signed else ""
    ofd = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
           f'<ofd:DocID>{plan.id[:32]}</ofd:DocID><ofd:Title>{xesc(plan.title)}</ofd:Title><ofd:CreationDate>2026-12-07</ofd:CreationDate>'
           f'<ofd:Creator>make_ofd.py</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>{sig}</ofd:DocBody></ofd:OFD>\n')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z_:
        z_.writestr("OFD.xml", ofd)
        for name, data in parts.items():
            z_.writestr(name, data)
    return len(doc.pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--data", required=True, type=Path, help="a data folder built from the bundled texts")
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    plans = load_plans(args.data / "plans.sqlite")
    for st in (GONGWEN, PLAIN):
        d = args.out / st.name
        d.mkdir(parents=True, exist_ok=True)
        for plan in plans:
            f = d / f"{plan.stem}.ofd"
            n = package(plan, st, f, signed=st is GONGWEN and plan.stem.startswith("001"))
            print(f"{st.name}/{f.name}: {n} pages, {f.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
