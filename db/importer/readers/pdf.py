"""PDF: text lines in reading order, running headers, footers and page numbers
dropped, ruled tables read as rows (pypdfium2: the PDFium engine of Chromium).

PDFium reads CJK text through the fonts' own maps (no stray radicals for common
characters) and fast. What a PDF knows and plain text doesn't: where a line
starts (an indented line begins a paragraph), which lines repeat at the top or
bottom of every page (running headers and footers), the ruling of a table (its
merged cells are where rules are missing) and the frame drawn around a box.
Wrapped lines are joined later by the shared pipeline, across page breaks too.

A scan (pages that are images, whatever page numbers or running header they carry
as text) gets the advice to run OCR first. Bounded: at most MAX_PDF_PAGES pages and
MAX_PDF_CHARS characters are read, and the text produced is counted (`TextBudget`).
"""
from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from ..errors import UnimportableFile
from ..lines import _PAGE_NO, _PAGE_NO_DECOR, clean_line, drop_web_chrome, norm_ws
from ..model import Line, Table
from ..textio import TextBudget, clean_controls
from ..textutil import is_terminal, join_lines
from . import pdfgeom

BAND = 0.09            # top and bottom share of a page where running headers and footers sit
# A plan is tens to a few hundred pages and 20–150 thousand characters; the reader
# takes 15–25 µs a character, so these bound it to about 20 s.
MAX_PDF_PAGES = 2000
MAX_PDF_CHARS = 1_000_000
# A page's geometry is read only within these (the bundled plans' pages have at
# most 1,200 objects and 12,000 crossings of rules); past them (a vector map, a
# hostile page) the page's text is read without tables or frames.
MAX_PATHS = 20_000             # drawn paths
MAX_RULE_PAIRS = 1_000_000     # horizontal × vertical rules, each pair tested for a crossing
MAX_GRID_CELLS = 2_000         # cells of one ruled table
# every character is tested against every table cell and frame of its page: past
# this many tests (a real page: under a million) the page is read without them
MAX_PLACE_TESTS = 20_000_000
# a page with fewer characters than this may be a scan (its page number, a header);
# a PDF whose image pages give fewer than SCAN_CHARS characters each is one
FEW_CHARS = 200
SCAN_CHARS = 30
OCR_ADVICE = "这是扫描版 PDF，没有文字层：需要先做文字识别（OCR），再导入识别后的文件"


@dataclass
class PLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    framed: bool = False


@dataclass
class Page:
    height: float
    items: list = field(default_factory=list)      # (top, "line", PLine) | (top, "table", Table, bbox)


def _open(data: bytes, path):
    import pypdfium2 as pdfium  # lazy: a reader's library loads only for its format
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise UnimportableFile(path, "PDF 已加密：请先用原软件取消密码（或另存为不加密的 PDF）后再导入") from None
        raise UnimportableFile(path, f"不是有效的 PDF 文件（{e}）") from None


def _chars(tp, height: float):
    """(char, x0, top, x1, bottom) of the page's text, newlines PDFium inserts kept."""
    n = tp.count_chars()
    text = tp.get_text_range(0, n) if n else ""
    out = []
    for i, ch in enumerate(text[:n]):
        if ch in "\r\n":
            out.append(("\n", 0, 0, 0, 0))
            continue
        left, bottom, right, top = tp.get_charbox(i, loose=True)
        # PDFium reports a hyphen that ends a line as U+FFFE (a soft hyphen to a
        # Western reader); in Chinese text it is the hyphen printed
        out.append(("-" if ch == "\ufffe" else ch, left, height - top, right, height - bottom))
    return out


def _geometry(page, height: float) -> pdfgeom.Rules:
    """The page's drawn paths as rules and rectangles (none past MAX_PATHS)."""
    import pypdfium2.raw as raw  # lazy: a reader's library loads only for its format
    rules = pdfgeom.Rules()
    for k, o in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=4)):
        if k >= MAX_PATHS:
            return pdfgeom.Rules()
        l, b, r, t = o.get_bounds()
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(o.raw, fill, stroke)
        pdfgeom.add_path(rules, (l, height - t, r, height - b), bool(stroke.value))
    return rules


def _tables_and_frames(rules: pdfgeom.Rules, width: float, height: float):
    if len(rules.h) * len(rules.v) > MAX_RULE_PAIRS:
        return [], []
    gs = [g for g in pdfgeom.grids(rules) if (len(g.xs) - 1) * (len(g.ys) - 1) <= MAX_GRID_CELLS]
    return gs, pdfgeom.frames(rules, gs, width, height)


def _in(box, x0, top, x1, bottom) -> bool:
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _text_of(chars) -> str:
    """Chars of one cell in the order PDFium reads them, its line breaks joined."""
    out, cur = "", []
    for c in chars + [("\n", 0, 0, 0, 0)]:
        if c[0] == "\n" or (cur and c[2] > cur[-1][4] - 1):
            out = join_lines(out, "".join(x[0] for x in cur).strip())
            cur = [] if c[0] == "\n" else [c]
        else:
            cur.append(c)
    return clean_line(clean_controls(norm_ws(out)))


def _table(g: pdfgeom.Grid, chars) -> tuple[Table, str | None, str | None]:
    """The grid's rows, its caption and its note: a first row that is one cell across
    the whole table (a 专栏 title or 表 caption ruled in with it) and a last one (备注)
    are not rows of data."""
    nr, nc = len(g.ys) - 1, len(g.xs) - 1
    rows = [[""] * nc for _ in range(nr)]
    merged = [[False] * nc for _ in range(nr)]
    cells = pdfgeom.cells(g)
    for r0, c0, r1, c1 in cells:
        box = (g.xs[c0], g.ys[r0], g.xs[c1 + 1], g.ys[r1 + 1])
        text = _text_of([c for c in chars if c[0] == "\n" or _in(box, c[1], c[2], c[3], c[4])])
        for r in range(r0, r1 + 1):
            rows[r][c0], merged[r][c0] = text, r > r0
    caption = foot = None
    if nc >= 2 and nr >= 3 and (0, 0, 0, nc - 1) in cells and rows[0][0]:
        caption, rows, merged, nr = rows[0][0], rows[1:], merged[1:], nr - 1
    if nc >= 2 and nr >= 3 and (len(g.ys) - 2, 0, len(g.ys) - 2, nc - 1) in cells and rows[-1][0]:
        foot, rows, merged = rows[-1][0], rows[:-1], merged[:-1]
    return Table(rows=rows, merged=merged), caption, foot


def _lines_of(chars, tables, frames) -> list[PLine]:
    """The text outside tables, cut into lines where PDFium breaks them."""
    out, cur = [], []

    def flush():
        if cur:
            t = clean_line(clean_controls(norm_ws("".join(c[0] for c in cur))))
            if t:
                box = [c for c in cur if c[3] > c[1]] or cur
                ln = PLine(t, min(c[1] for c in box), max(c[3] for c in box), min(c[2] for c in box),
                           max(c[4] for c in box))
                ln.framed = any(_in(f, ln.x0, ln.top, ln.x1, ln.bottom) for f in frames)
                out.append(ln)
        cur.clear()

    for c in chars:
        if c[0] == "\n":
            flush()
        elif not any(_in(t, c[1], c[2], c[3], c[4]) for t in tables) or c[3] <= c[1]:
            if cur and cur[-1][3] > cur[-1][1] and c[3] > c[1] and c[2] > cur[-1][4] + 2:
                flush()                               # a new line PDFium did not mark
            cur.append(c)
    flush()
    return out


def _page(page, tp) -> Page:
    width, height = page.get_size()
    return layout_page(_chars(tp, height), _geometry(page, height), width, height)


def layout_page(chars: list, rules: pdfgeom.Rules, width: float, height: float) -> Page:
    """A page of any fixed-layout format (PDF, OFD) from its characters, each
    (char, x0, top, x1, bottom) in points from the top left with "\\n" where a line
    ends, and its drawn rules: lines outside tables, tables rebuilt from the rules,
    lines in a frame marked, in reading order."""
    grids, frames = _tables_and_frames(rules, width, height)
    areas = sum((len(g.xs) - 1) * (len(g.ys) - 1) for g in grids) + len(frames)
    if areas * len(chars) > MAX_PLACE_TESTS:
        grids, frames = [], []
    tboxes = [g.bbox for g in grids]
    p = Page(height=height)
    for ln in _lines_of(chars, tboxes, frames):
        p.items.append((ln.top, "line", ln))
    for g in grids:
        table, caption, foot = _table(g, chars)
        x0, top, x1, bottom = g.bbox
        if caption:
            p.items.append((top - 0.01, "line", PLine(caption, x0, x1, top - 0.01, top)))
        p.items.append((top, "table", table, g.bbox))
        if foot:
            p.items.append((bottom - 0.01, "line", PLine(foot, x0, x1, bottom - 0.01, bottom)))
    p.items.sort(key=lambda x: x[0])
    _side_by_side(p.items)
    return p


def _side_by_side(items: list) -> None:
    """Tables set side by side (one table printed in two columns): the left one first."""
    for i in range(len(items) - 1):
        a, b = items[i], items[i + 1]
        if a[1] == b[1] == "table" and b[3][0] < a[3][0] and b[3][1] < a[3][3] and a[3][1] < b[3][3]:
            items[i], items[i + 1] = b, a


def _running(pages: list[Page]) -> set[str]:
    """Texts that recur in the top or bottom band of many pages (digits ignored)."""
    seen = Counter()
    for p in pages:
        seen.update({_key(it[2].text) for it in p.items if it[1] == "line" and _in_band(it[2], p.height)})
    need = max(3, len(pages) // 2)
    return {k for k, n in seen.items() if n >= need}


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def _in_band(ln: PLine, h: float) -> bool:
    return ln.top < BAND * h or ln.bottom > (1 - BAND) * h


def _read_pages(pdf, path) -> tuple[list[Page], int]:
    """Every page read, and how many of them are images with little or no text."""
    import pypdfium2.raw as raw  # lazy: a reader's library loads only for its format
    if len(pdf) > MAX_PDF_PAGES:
        raise UnimportableFile(path, f"PDF 页数过多（{len(pdf)} 页，上限 {MAX_PDF_PAGES} 页），不是一份规划")
    pages, image_pages, chars = [], 0, 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        n = tp.count_chars()
        chars += n
        if chars > MAX_PDF_CHARS:
            raise UnimportableFile(path, f"PDF 中的文字过多（超过 {MAX_PDF_CHARS // 10000} 万字），不是一份规划")
        if n < FEW_CHARS and any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE])):
            image_pages += 1
        pages.append(_page(page, tp))
        tp.close()
        page.close()
    return pages, image_pages


def read_pdf(data: bytes, path, budget: TextBudget | None = None) -> tuple[list[Line], list[str]]:
    budget = budget or TextBudget(path)
    pdf = _open(data, path)
    try:
        pages, image_pages = _read_pages(pdf, path)
    finally:
        pdf.close()
    lines = page_lines(pages)
    chars = 0
    for ln in lines:
        chars += len(budget.add(ln.text)) + sum(len(budget.add("".join(r))) for r in (ln.table.rows if ln.table else ()))
    # a scan: its text (once page numbers and running headers are gone) is a few
    # characters a page at most
    if image_pages and chars < SCAN_CHARS * image_pages:
        raise UnimportableFile(path, OCR_ADVICE)
    if not lines:
        raise UnimportableFile(path, "PDF 中没有文字")
    return lines, []


def page_lines(pages: list[Page]) -> list[Line]:
    """The document's lines from its pages: running headers, footers and page
    numbers dropped, paragraph starts and gaps read from the layout."""
    return drop_web_chrome(_lines(pages, _running(pages))) if any(p.items for p in pages) else []


def continue_table(prev: Table, nxt: Table) -> bool:
    """A table the page break (or a second column) cut: the next part (its header
    repeated, a row cut in two) joined to the first. False when it is another table."""
    width = len(prev.rows[0]) if prev.rows else 0
    if not nxt.rows or width != len(nxt.rows[0]):
        return False
    rows, merged = [list(r) for r in nxt.rows], [list(m) for m in nxt.merged]
    if rows[0] == prev.rows[0]:
        rows, merged = rows[1:], merged[1:]
    if rows and len(prev.rows) > 1 and _cut_row(prev, rows):     # the rest of a row cut by the break
        last, first = prev.rows[-1], rows[0]
        joined = [join_lines(a, b) if b else a for a, b in zip(last, first)]
        for r in range(1, len(rows)):            # a merged cell's copies below hold all of it
            rows[r] = [j if m and c == f else c for c, m, f, j in zip(rows[r], merged[r], first, joined)]
        prev.rows[-1] = joined
        rows, merged = rows[1:], merged[1:]
    elif rows and len(prev.rows) > 1:
        _merged_goes_on(prev, rows[0], merged[0])
    prev.rows.extend(rows)
    prev.merged.extend(merged)
    return True


def _merged_goes_on(prev: Table, first: list[str], merged: list[bool]) -> None:
    """An empty cell opening the next part, under a column of merged cells: the merged
    cell above goes on across the break (its text printed once, before it)."""
    for c, text in enumerate(first):
        if not text and prev.rows[-1][c] and any(m[c] for m in prev.merged if c < len(m)):
            first[c], merged[c] = prev.rows[-1][c], True


def _cut_row(prev: Table, rows: list[list[str]]) -> bool:
    """Does the page break cut prev's last row? Its first cell goes on empty, or a
    cell of a column whose cells end sentences stops mid-sentence."""
    if not rows[0][0]:
        return True
    last = prev.rows[-1]
    body = prev.rows[1:-1] + rows[1:]
    for c, text in enumerate(last):
        col = [r[c] for r in body if c < len(r) and r[c]]
        if (text and rows[0][c] and len(col) >= 2 and not is_terminal(text)
                and sum(1 for x in col if is_terminal(x)) >= 0.8 * len(col)):
            return True
    return False


def _spacing(pages: list[Page]) -> float:
    """The usual white space between two lines of one paragraph."""
    d = []
    for p in pages:
        lines = [it[2] for it in p.items if it[1] == "line"]
        d += [b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.top > a.bottom]
    return median(d) if d else 0.0


@dataclass
class _Layout:
    """What the document's lines say about its paragraphs, for body text and for
    text in frames apart (a box has its own margins)."""
    size: float                  # a line's usual height
    usual: float                 # the usual white space between two lines of a paragraph
    left: dict                   # framed -> the left edge of the text
    right: dict                  # framed -> the right edge a full line reaches
    indents: dict                # framed -> paragraphs begin with an indented first line


def _layout(pages: list[Page]) -> _Layout:
    body = [it[2] for p in pages for it in p.items if it[1] == "line"]
    size = median([ln.bottom - ln.top for ln in body]) if body else 10
    left, right, indents = {}, {}, {}
    for k in (False, True):
        lines = [ln for ln in body if ln.framed == k]
        left[k] = median([ln.x0 for ln in lines]) if lines else 0
        x1s = sorted(ln.x1 for ln in lines)
        right[k] = x1s[int(0.75 * len(x1s))] if x1s else 0
        first = sum(1 for ln in lines if left[k] + 1.2 * size < ln.x0 < left[k] + 3.5 * size)
        indents[k] = bool(lines) and first >= 0.1 * len(lines)
    return _Layout(size, _spacing(pages), left, right, indents)


def _starts(x: PLine, prev: PLine | None, last: Line | None, gap: int, lay: _Layout) -> bool | None:
    """Does this line begin a paragraph (True), run on (False), or can't it tell (None)?
    An indented line begins one. A line at the margin runs on after a line that did
    not end a sentence (even when short: the paragraph's last line), and, where
    paragraphs begin indented, after a full line whatever it ended with (。 or ；
    falling at the line's end begins nothing)."""
    k = x.framed
    if x.x0 > lay.left[k] + 1.2 * lay.size:
        return True
    if last is None or not last.text or last.table is not None or gap > 1:
        return None
    if not is_terminal(last.text):
        return False
    if (lay.indents[k] and prev is not None and prev.framed == k
            and prev.x1 >= lay.right[k] - 1.5 * lay.size):
        return False
    return None


def _centred_run_on(x: PLine, prev: PLine | None, last: Line | None, gap: int, lay: _Layout) -> bool:
    """A centred line right under a full line that began a block at the margin (where
    paragraphs begin indented: a title) and did not end a sentence: the rest of a
    title (a 专栏's, a plan's) too long for one line, centred line by line."""
    if prev is None or last is None or not last.text or last.table is not None or gap or prev.framed != x.framed:
        return False
    k = x.framed
    mid = (lay.left[k] + lay.right[k]) / 2
    return (lay.indents[k] and last.gap >= 1 and prev.x0 < lay.left[k] + 1.2 * lay.size
            and prev.x1 >= lay.right[k] - 1.5 * lay.size and not is_terminal(last.text)
            and x.x0 > lay.left[k] + 1.2 * lay.size and abs((x.x0 + x.x1) / 2 - mid) < lay.size)


# a 发文字号 (渝府发〔2021〕24号) the line's end cut: the issuer's code on one line, 〔year〕 on the next
_DOC_NO_CUT = re.compile(r"^[\u4e00-\u9fff]{0,5}[〔［\[]\s*\d{4}\s*[〕］\]]\s*\d+\s*号")


def _cuts_doc_number(last: Line, text: str) -> bool:
    return bool(last.text) and "\u4e00" <= last.text[-1] <= "\u9fff" and bool(_DOC_NO_CUT.match(text))


def _lines(pages: list[Page], running: set[str]) -> list[Line]:
    lay = _layout(pages)
    out: list[Line] = []
    was_framed, prev = False, None
    for p in pages:
        prev_bottom, gap = None, 1                  # a page break (a frame going on ends nothing)
        for item in p.items:
            if item[1] == "table":
                t = item[2]
                # a table at the top of a page right after one ending the page before, or
                # right after another with the same header (one table set in two columns)
                if not (out and out[-1].table is not None and t.rows
                        and (prev_bottom is None or t.rows[0] == out[-1].table.rows[0])
                        and continue_table(out[-1].table, t)):
                    out.append(Line(no=len(out) + 1, text="", gap=1, table=t))
                prev_bottom, gap, prev = item[3][3], 1, None
                continue
            x = item[2]
            if _in_band(x, p.height) and (_key(x.text) in running or _PAGE_NO.match(x.text)
                                          or _PAGE_NO_DECOR.match(x.text)):
                continue                            # a running header, footer or page number
            if prev_bottom is not None:
                gap = 1 if x.top - prev_bottom > max(1.6 * lay.usual, lay.usual + 0.4 * lay.size) else 0
            if was_framed and not x.framed:
                gap = max(gap, 2)                   # out of a drawn frame: a box ends here
            was_framed = x.framed
            last = out[-1] if out else None
            starts = _starts(x, prev, last, gap, lay)
            if (starts is False and _cuts_doc_number(last, x.text)) or _centred_run_on(x, prev, last, gap, lay):
                last.text = join_lines(last.text, x.text)      # the 发文字号, a wrapped title read whole
            else:
                out.append(Line(no=len(out) + 1, text=x.text, gap=gap, starts=starts))
            prev_bottom, gap, prev = x.bottom, 0, x
    return out
