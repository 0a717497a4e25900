"""PDF: text lines in reading order, running headers, footers and page numbers
dropped, ruled tables read as rows (pdfplumber, on pdfminer.six).

What a PDF knows and plain text doesn't: where a line starts (an indented line
begins a paragraph), which lines repeat at the top or bottom of every page (a
running header or footer), and the ruling of a table. Wrapped lines are joined
later by the shared pipeline, across page breaks too.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from statistics import median

from ..errors import ImportError_
from ..lines import _PAGE_NO, _PAGE_NO_DECOR, clean_line
from ..model import Line, Table
from ..textio import clean_controls
from ..textutil import join_lines

BAND = 0.09            # top and bottom share of a page where running headers and footers sit
_TABLE = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
          "intersection_tolerance": 5}


def _quiet() -> None:
    """pdfminer logs a warning per odd font; the person sees a result, not these."""
    import logging
    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _open(data: bytes, path):
    _quiet()
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages                                  # noqa: B018 (reading the page tree is where it fails)
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportError_(path, "PDF 已加密：请先用原软件取消密码（或另存为不加密的 PDF）后再导入") from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError, OSError) as e:
        raise ImportError_(path, f"不是有效的 PDF 文件（{type(e).__name__}）") from None
    except Exception as e:                         # pdfminer raises its own kinds for broken files
        if "password" in str(e).lower() or "encrypt" in str(e).lower():
            raise ImportError_(path, "PDF 已加密：请先用原软件取消密码后再导入") from None
        raise ImportError_(path, f"不是有效的 PDF 文件（{type(e).__name__}）") from None


def _inside(line, box) -> bool:
    x0, top, x1, bottom = box
    return line["top"] >= top - 1 and line["bottom"] <= bottom + 1 and line["x0"] >= x0 - 1 and line["x1"] <= x1 + 1


def _cell_text(s: str | None) -> str:
    out = ""
    for part in (s or "").split("\n"):
        out = join_lines(out, part.strip())
    return clean_line(clean_controls(out))


def table_of(t) -> Table:
    """A pdfplumber table as rows; a cell spanning rows has its text in each (marked
    merged), one spanning columns leaves the extra columns empty."""
    raw = t.extract()
    cells = [c for c in t.cells if c]
    tops = sorted({round(c[1]) for c in cells})
    lefts = sorted({round(c[0]) for c in cells})
    rows = [[_cell_text(c) for c in r] for r in raw]
    merged = [[False] * len(r) for r in raw]
    for x0, top, x1, bottom in cells:
        r0 = min(range(len(tops)), key=lambda k: abs(tops[k] - top))
        c0 = min(range(len(lefts)), key=lambda k: abs(lefts[k] - x0))
        down = [k for k in range(r0 + 1, len(tops)) if tops[k] < bottom - 2]
        for r in down:
            if r < len(rows) and c0 < len(rows[r]) and not rows[r][c0] and r0 < len(rows) and c0 < len(rows[r0]):
                rows[r][c0], merged[r][c0] = rows[r0][c0], True
    return Table(rows=rows, merged=merged)


def _page_items(page):
    """(top, kind, payload) for the page's text lines and ruled tables."""
    tables = [t for t in page.find_tables(_TABLE) if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
    boxes = [t.bbox for t in tables]
    items = []
    for ln in page.extract_text_lines(strip=True, return_chars=False, x_tolerance=1.5):
        if ln["text"].strip() and not any(_inside(ln, b) for b in boxes):
            items.append((ln["top"], "line", ln))
    for t in tables:
        items.append((t.bbox[1], "table", t))
    items.sort(key=lambda x: x[0])
    return items


def _running(pages_items, heights) -> set[str]:
    """Texts that recur in the top or bottom band of many pages (digits ignored)."""
    seen = Counter()
    for items, h in zip(pages_items, heights):
        keys = {re.sub(r"\d+", "#", it[2]["text"].replace(" ", "")) for it in items if it[1] == "line"
                and (it[2]["top"] < BAND * h or it[2]["bottom"] > (1 - BAND) * h)}
        seen.update(keys)
    need = max(3, len(pages_items) // 2)
    return {k for k, n in seen.items() if n >= need}


def read_pdf(data: bytes, path) -> tuple[list[Line], list[str]]:
    pdf = _open(data, path)
    try:
        pages = pdf.pages
        if not any(p.chars for p in pages):
            if any(p.images for p in pages):
                raise ImportError_(path, "这是扫描版 PDF，没有文字层：需要先做文字识别（OCR），再导入识别后的文件")
            raise ImportError_(path, "PDF 中没有文字")
        items = [_page_items(p) for p in pages]
        heights = [p.height for p in pages]
        running = _running(items, heights)
        return _lines(items, heights, running), []
    finally:
        pdf.close()


def continue_table(prev: Table, nxt: Table) -> bool:
    """A table the page break cut: the next page's part (its header repeated, a row
    cut in two) joined to the first. False when it is another table."""
    width = len(prev.rows[0]) if prev.rows else 0
    if not nxt.rows or width != len(nxt.rows[0]):
        return False
    rows, merged = list(nxt.rows), list(nxt.merged)
    if rows[0] == prev.rows[0]:
        rows, merged = rows[1:], merged[1:]
    if rows and not rows[0][0] and len(prev.rows) > 1:     # the rest of a row cut by the page break
        last = prev.rows[-1]
        prev.rows[-1] = [join_lines(a, b) if b and not (merged[0][k] if merged else False) else a
                         for k, (a, b) in enumerate(zip(last, rows[0]))]
        rows, merged = rows[1:], merged[1:]
    prev.rows.extend(rows)
    prev.merged.extend(merged)
    return True


def _lines(pages_items, heights, running) -> list[Line]:
    body = [it[2] for items in pages_items for it in items if it[1] == "line"]
    left = median([ln["x0"] for ln in body]) if body else 0
    size = median([ln["bottom"] - ln["top"] for ln in body]) if body else 10
    out: list[Line] = []
    for items, h in zip(pages_items, heights):
        prev_bottom = None
        gap = 2                                   # a page break
        for _, kind, x in items:
            if kind == "table":
                t = table_of(x)
                # a table at the top of a page right after one ending the page before
                if not (prev_bottom is None and out and out[-1].table is not None and continue_table(out[-1].table, t)):
                    out.append(Line(no=len(out) + 1, text="", gap=1, table=t))
                prev_bottom, gap = x.bbox[3], 1
                continue
            text = clean_line(clean_controls(x["text"]))
            in_band = x["top"] < BAND * h or x["bottom"] > (1 - BAND) * h
            if in_band and (re.sub(r"\d+", "#", text.replace(" ", "")) in running
                            or _PAGE_NO.match(text) or _PAGE_NO_DECOR.match(text)):
                continue                            # a running header, footer or page number
            if prev_bottom is not None:
                gap = 1 if x["top"] - prev_bottom > 0.9 * size else 0
            indented = x["x0"] > left + 1.2 * size
            out.append(Line(no=len(out) + 1, text=text, gap=gap, starts=True if indented else None))
            prev_bottom, gap = x["bottom"], 0
    return out
