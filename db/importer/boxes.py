"""专栏 boxes: title, items of list boxes, rows and columns of table boxes."""
from __future__ import annotations

import re

from .model import Item, Line, Para, Table
from .numbering import BOX_RE, CAPTION_RE, box_label
from .textutil import is_terminal, join_lines, lead_of, width


def parse_title(text: str):
    """'专栏 6-1  标题' -> ('专栏6-1', '标题')."""
    m = BOX_RE.match(text)
    if not m:
        return None
    return box_label(m.group(1)), m.group(2).strip().rstrip("。")


# ---- real tables (any reader's model.Table) ----

NOTE_RE = re.compile(r"^(备注|注)\s*\d?\s*[：:]")


def spanning_text(row: list[str]) -> str | None:
    """The text of a row that is one cell across the table (its cells empty or copies
    of one text), else None."""
    texts = {c.strip() for c in row if c and c.strip()}
    return texts.pop() if len(texts) == 1 else None


def take_title(t: Table) -> str | None:
    """A 专栏 title or a 表 caption printed as the table's first row (one cell across it,
    or its only filled cell): taken off the table and returned."""
    if len(t.rows) < 2:
        return None
    text = spanning_text(t.rows[0])
    if text is None or not ((BOX_RE.match(text) and parse_title(text)[1]) or CAPTION_RE.match(text)):
        return None
    t.rows, t.merged = t.rows[1:], t.merged[1:]
    return text


def take_note(t: Table) -> str | None:
    """A 备注/注 row at the table's foot (one cell across it): the table's note, not a
    row of data; taken off the table and returned."""
    if len(t.rows) < 3:
        return None
    text = spanning_text(t.rows[-1])
    if text is None or not NOTE_RE.match(text):
        return None
    t.rows, t.merged = t.rows[:-1], t.merged[:-1]
    return text


def cell_items(t: Table, line_start: int, line_end: int) -> list[Item]:
    """A one-column table (a list 专栏 drawn as a table): each paragraph of its cells an item."""
    items = []
    for row in t.rows:
        for part in "\n".join(c for c in row if c).split("\n"):
            part = part.strip()
            if part:
                items.append(Item(lead=lead_of(part), text=part, line_start=line_start, line_end=line_end))
    return _merge_sub_leads(items)


def lead_style(text: str) -> str | None:
    """'colon' for 'lead：…' items, 'period' for 'lead。…', None when neither is short."""
    c = min([i for i in (text.find("："), text.find(":")) if i >= 0], default=-1)
    p = text.find("。")
    if 0 < c <= 30 and (p < 0 or c < p):
        return "colon"
    if 0 < p <= 30:
        return "period"
    return None


def list_items(paras: list[Para]) -> list[Item]:
    items = [Item(lead=lead_of(p.text), text=p.text, line_start=p.line_start, line_end=p.line_end)
             for p in paras]
    return _merge_sub_leads(items)


def _merge_sub_leads(items: list[Item]) -> list[Item]:
    """An 'item' whose lead is a sub-heading found inside most of its siblings
    ('…。重点项目：…' in each 板块 item) is the tail of the item before it, split
    off by a line break that happened to fall right before the sub-heading."""
    if len(items) < 3:
        return items
    out: list[Item] = []
    for it in items:
        others = [o for o in items if o is not it]
        # 。/；/; then the lead then ：/: (substrings, not a pattern made and compiled per lead)
        inner_forms = [a + it.lead + b for a in "。；;" for b in "：:"]
        inner = sum(1 for o in others if any(f in o.text for f in inner_forms))
        if out and it.lead and inner >= max(2, len(others) // 2):
            prev = out[-1]
            prev.text = prev.text + it.text
            prev.line_end = it.line_end
            continue
        out.append(it)
    return out


# ---- tables laid out by a PDF extractor: one narrow column after another ----

def _spaced_run(text: str) -> tuple[str, list[str]] | None:
    """'开放平台 战 略 定 位 核 心 功 能' -> ('开放平台', ['战','略',...]) for letter-spaced headers."""
    toks = text.split()
    singles = [t for t in toks if len(t) == 1]
    if len(singles) < 4 or len(toks) - len(singles) > 2:
        return None
    i = 0
    while i < len(toks) and len(toks[i]) > 1:
        i += 1
    if any(len(t) != 1 for t in toks[i:]):
        return None
    return "".join(toks[:i]), toks[i:]


def _group_spaced(chars: list[str]) -> list[str]:
    """Split letter-spaced column names: 8 chars -> two 4-char names, 6 -> three of 2."""
    n = len(chars)
    for size in (4, 2, 3):
        if n % size == 0 and n // size >= 1:
            return ["".join(chars[i:i + size]) for i in range(0, n, size)]
    return ["".join(chars)]


def find_header(lines: list[Line]) -> tuple[list[str], list[str]] | None:
    """Detect a letter-spaced table header in the first lines of a box.

    Returns (column names, the header's lines as printed)."""
    prefix = ""
    for k, ln in enumerate(lines[:4]):
        run = _spaced_run(ln.text)
        if run:
            first, chars = run
            name0 = prefix + first
            cols = _group_spaced(chars)
            return ([name0] if name0 else []) + cols, [x.text for x in lines[: k + 1]]
        if width(ln.text) <= 6 and not is_terminal(ln.text):
            prefix += ln.text
        else:
            return None
    return None


def _page_breaks(lines: list[Line], header: list[str]) -> list[Line | None]:
    """The table's lines with each (repeated) header replaced by None: a page break."""
    seq: list[Line | None] = []
    i, h = 0, len(header)
    while i < len(lines):
        if h and [ln.text for ln in lines[i:i + h]] == header:
            seq.append(None)
            i += h
        else:
            seq.append(lines[i])
            i += 1
    return seq


class _RowReader:
    """Reads label and cell runs in reading order into rows of line lists."""
    LABEL_W = 6.0

    def __init__(self):
        self.rows: list[dict] = []
        self.mode = "start"          # start | label | cell | between
        self.cell: list[Line] = []
        self.pending: list[Line] = []  # a cell cut short by a page break

    def close_cell(self):
        if self.cell and self.rows:
            self.rows[-1]["cells"].append(self.cell)
        self.cell = []

    def page_break(self):
        if self.mode == "cell" and self.cell:
            self.pending, self.cell = self.cell, []
            self.mode = "between"

    def line(self, ln: Line):
        t = ln.text
        if self.mode == "cell":
            self.cell.append(ln)
            if is_terminal(t):
                self.close_cell()
                self.mode = "between"
            return
        if width(t) <= self.LABEL_W and not is_terminal(t):
            if self.mode != "label":
                self.rows.append({"label": [], "cells": []})
            self.rows[-1]["label"].append(ln)
            self.mode = "label"
            return
        if not self.rows:
            self.rows.append({"label": [], "cells": []})
        self.cell = [ln]
        if self.pending and not self.rows[-1]["cells"]:
            self.cell = self.pending + self.cell
            self.pending = []
        if is_terminal(t):
            self.close_cell()
            self.mode = "between"
        else:
            self.mode = "cell"

    def finish(self) -> list[dict]:
        if self.cell:
            self.close_cell()
        if self.pending and self.rows:
            self.rows[-1]["cells"].append(self.pending)
        return self.rows


def _row_item(r: dict, columns: list[str], last_seen: dict[str, str]) -> Item:
    """A row of line runs as an item; a missing cell is the merged cell of the row above."""
    label = "".join(ln.text for ln in r["label"])
    texts = []
    for c in r["cells"]:
        s = ""
        for ln in c:
            s = join_lines(s, ln.text)
        texts.append(s)
    ncols = len(columns) - 1
    if ncols >= 1 and len(texts) > ncols:
        texts = texts[: ncols - 1] + ["".join(texts[ncols - 1:])]
    cells = {columns[0]: label}
    inherited = []
    for k, name in enumerate(columns[1:]):
        if k < len(texts):
            cells[name] = texts[k]
            last_seen[name] = texts[k]
        elif name in last_seen:
            cells[name] = last_seen[name]
            inherited.append(name)
    nos = [ln.no for ln in r["label"] + [ln for c in r["cells"] for ln in c]] or [0]
    text = "\n".join(f"{k}：{v}" for k, v in cells.items())
    return Item(lead=label, text=text, cells=cells, inherited=inherited or None,
                line_start=min(nos), line_end=max(nos))


def pdf_table(lines: list[Line], columns: list[str], header: list[str]) -> list[Item]:
    """Rebuild rows of a narrow-column PDF table.

    Cells come out in reading order: row label, then each cell. A label is a
    run of short lines that do not end a sentence; a cell runs until a line that
    ends with 。. A cell left unfinished at a page break (before a repeated
    header) belongs to the next row: the PDF printed that row's first lines on
    the previous page before its label. A row with fewer cells than columns
    shares the missing cell with the row above (a vertically merged cell).
    """
    reader = _RowReader()
    for ln in _page_breaks(lines, header):
        if ln is None or _spaced_run(ln.text):
            reader.page_break()
        else:
            reader.line(ln)
    last_seen: dict[str, str] = {}
    return [_row_item(r, columns, last_seen) for r in reader.finish()]


def render_markdown(label: str, title: str, kind: str, columns, items: list[Item]) -> str:
    """The whole box as the reader shows it (markdown)."""
    out = [f"**{label}　{title}**", ""]
    if kind == "table" and columns:
        out.append("| " + " | ".join(columns) + " |")
        out.append("|" + "---|" * len(columns))
        for it in items:
            cells = it.cells or {}
            out.append("| " + " | ".join(_cell(cells.get(c, "")) for c in columns) + " |")
    else:
        for it in items:
            out.append(it.text)
            out.append("")
    return "\n".join(out).strip()


def _cell(s: str) -> str:
    return s.replace("|", "｜").replace("\n", " ")
