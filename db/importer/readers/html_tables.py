"""Tables in a web page: cells read paragraph by paragraph, and the parts of a table
that are not its grid (a title row spanning every column, a 备注 row closing it).

Site editors (TRS, UEditor, old hand-made pages) lay a 专栏 out as a table: its title
a first row of one cell spanning all columns, its items the paragraphs (<p>, <div>,
<br> runs) of one cell, its note a last spanning row. A cell's paragraphs stay
separate ('\n' between them in the Table's cell text); what spans the whole table
is not a row of the grid but a line before or after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lines import clean_line, norm_ws
from ..model import Table

# elements that start a new paragraph inside a cell
CELL_BLOCKS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
               "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption", "table", "tr",
               "td", "th", "tbody", "thead", "tfoot", "caption", "hr", "form", "fieldset"}
# a run of white space, no-break spaces or ideographic spaces opening a paragraph: its indent
_INDENT = re.compile(r"^[ \t\r\n\f]*(\u3000|[\u00a0 ]{2,}|\u00a0)")
NOTE_ROW = re.compile(r"^(备注|附注|注释?|说明)\s*\d?\s*[：:]")


def indented(raw: str) -> bool:
    """Does a paragraph's source text open with an indent (全角 spaces, &nbsp;s)?"""
    return bool(_INDENT.match(raw))


@dataclass
class CellPara:
    text: str
    starts: bool | None      # True: a block or an indented run; None: after a bare <br>


def cell_paras(cell) -> list[CellPara]:
    """A cell's paragraphs: each block element and each <br>-separated run its own."""
    out: list[CellPara] = []
    buf: list[str] = []
    state = {"starts": True}

    def flush(next_starts: bool | None) -> None:
        raw = "".join(buf)
        buf.clear()
        text = clean_line(norm_ws(raw))
        if text:
            out.append(CellPara(text, True if (state["starts"] or indented(raw)) else None))
        state["starts"] = next_starts

    def walk(el, top: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            flush(None)
        else:
            block = tag in CELL_BLOCKS and not top
            if block:
                flush(True)
            if el.text:
                buf.append(el.text)
            for k in el:
                walk(k, False)
            if block:
                flush(True)
        if el.tail and not top:
            buf.append(el.tail)

    walk(cell, True)
    flush(True)
    return out


def read_table(el) -> tuple[Table, list[list[list[CellPara]]]]:
    """(the table, each cell's paragraphs): a rowspan's text repeated below it (marked
    merged), a colspan's extra cells empty; a cell's paragraphs joined by '\n'."""
    rows, merged, paras, pending = [], [], [], {}   # pending: column -> (paragraphs, rows left)
    for tr in _rows(el):
        row, mrow, prow, col = [], [], [], 0
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        for cell in cells + [None]:
            while col in pending:
                ps, left = pending.pop(col)
                if left > 1:
                    pending[col] = (ps, left - 1)
                row.append("\n".join(p.text for p in ps))
                mrow.append(True)
                prow.append(ps)
                col += 1
            if cell is None:
                break
            ps = cell_paras(cell)
            row.append("\n".join(p.text for p in ps))
            mrow.append(False)
            prow.append(ps)
            if _span(cell, "rowspan") > 1:
                pending[col] = (ps, _span(cell, "rowspan") - 1)
            col += 1
            for _ in range(_span(cell, "colspan") - 1):
                row.append("")
                mrow.append(False)
                prow.append([])
                col += 1
        if any(c for c in row):
            rows.append(row)
            merged.append(mrow)
            paras.append(prow)
    return Table(rows=rows, merged=merged), paras


def _rows(table):
    """The table's own rows (not those of a table nested in one of its cells)."""
    for tr in table.iter("tr"):
        up = tr.getparent()
        while up is not None and up.tag != "table":
            up = up.getparent()
        if up is table:
            yield tr


def _span(cell, attr: str) -> int:
    v = (cell.get(attr) or "1").strip()
    return max(1, min(int(v), 1000)) if v.isdigit() else 1


def spanning_text(row: list[str], mrow: list[bool]) -> str | None:
    """The text of a row that is one cell across the whole table (a colspan, or the
    same text in every column with the copies marked merged), else None."""
    filled = [c for c in row if c]
    if len(row) < 2 or not filled:
        return None
    if len(filled) == 1 and row[0]:
        return row[0]
    if all(c == row[0] for c in row) and all(mrow[1:len(row)]):
        return row[0]
    return None


@dataclass
class TableParts:
    title: list[CellPara]          # a first row spanning the table: lines before it
    table: Table | None            # the grid, None when nothing but one column is left
    column: list[CellPara]         # a one-column table (a framed box): its paragraphs, in order
    note: list[CellPara]           # a closing 备注 row spanning the table: lines after it


def split_table(t: Table, paras: list[list[list[CellPara]]]) -> TableParts:
    """A table's title row, grid and note row, or the paragraphs of a one-column table."""
    rows, merged, paras = list(t.rows), list(t.merged), list(paras)
    parts = TableParts(title=[], table=None, column=[], note=[])
    if not rows:
        return parts
    if max(len(r) for r in rows) == 1:
        parts.column = [p for prow in paras for cell in prow[:1] for p in cell]
        return parts
    if len(rows) > 1 and spanning_text(rows[0], merged[0]) is not None:
        parts.title = paras[0][0]
        rows, merged, paras = rows[1:], merged[1:], paras[1:]
    last = spanning_text(rows[-1], merged[-1]) if len(rows) > 1 else None
    if last is not None and NOTE_ROW.match(last):
        parts.note = paras[-1][0]
        rows, merged, paras = rows[:-1], merged[:-1], paras[:-1]
    if all(sum(1 for c in r if c) <= 1 and r[0] for r in rows):
        # what is left is one column (the title row sat over a one-cell box)
        parts.column = [p for prow in paras for p in prow[0]]
        return parts
    parts.table = Table(rows=rows, merged=merged)
    return parts
