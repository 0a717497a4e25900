"""Source text -> cleaned lines: conversion artifacts removed, line numbers kept."""
from __future__ import annotations

import itertools
import math
import re
from statistics import median

from .cjkfix import fix_radicals
from .model import Line, Table
from .numbering import BOX_RE, CAPTION_RE, match_label
from .textio import strip_invisible
from .textutil import is_terminal, width

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_PAGE_NO = re.compile(r"^[\s\-—–－―_·•]*(?:第\s*)?\d{1,3}\s*(?:页|/\s*\d{1,3})?[\s\-—–－―_·•]*$")
_PAGE_NO_DECOR = re.compile(r"^\s*[-—–－―]\s*\d{1,3}\s*[-—–－―]\s*$|^\s*第\s*\d{1,3}\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?\s*$")


def clean_line(raw: str) -> str:
    """One line's text as every reader gives it: invisible characters (controls, bidi
    overrides, zero-width spaces) and conversion artifacts gone, stripped."""
    s = fix_radicals(_BOOKMARK.sub("", strip_invisible(raw).replace("\n", " ")))
    s = _MD_HEADING.sub("", s)
    s = _MD_EMPH.sub(r"\2", s)
    s = s.replace("\u00a0", " ").replace("\u3000", " ")
    return s.strip()


def split_lines(text: str) -> list[Line]:
    """Non-blank cleaned lines, each with its 1-based number and the blank lines before
    it; a table the text carries (tab-separated rows, or one cell per line) is one line
    holding the Table."""
    out: list[Line] = []
    gap = 0
    raw_lines = text.split("\n")
    i = 0
    while i < len(raw_lines):
        raw = raw_lines[i]
        found = text_table(raw_lines, i)
        if found:
            end, table = found
            out.append(Line(no=i + 1, text="", gap=gap, table=table))
            i, gap = end, 0
            continue
        s = clean_line(raw)
        i += 1
        if not s:
            gap += 1
            continue
        out.append(Line(no=i, text=s, gap=gap, tab=raw.startswith("\t") or raw.lstrip("[ ]").startswith("\t")))
        gap = 0
    _mark_indents(out, raw_lines)
    return _drop_page_numbers(out)


_INDENT = re.compile(r"^(\u3000|[ \u00a0]{2})")


def _mark_indents(lines: list[Line], raw: list[str]) -> None:
    """In a text whose paragraphs are indented (a web page or Word document pasted as
    text keeps its 　　), an indented line starts a paragraph: the reader knows it. Lines
    that are not indented (headings, a 专栏's lines, table rows) stay unknown."""
    plain = [ln for ln in lines if ln.table is None and not ln.tab]
    indented = [ln for ln in plain if _INDENT.match(raw[ln.no - 1])]
    if len(plain) < 20 or len(indented) < 0.2 * len(plain):
        return
    for ln in indented:
        ln.starts = True


def _drop_page_numbers(lines: list[Line]) -> list[Line]:
    """Drop running page numbers: '- 12 -', '第3页'; bare numbers only when isolated
    between blank lines in a text that has many of them (a PDF footer)."""
    decorated = [i for i, ln in enumerate(lines) if _PAGE_NO_DECOR.match(ln.text)]
    bare = [i for i, ln in enumerate(lines)
            if not ln.tab and re.fullmatch(r"\d{1,3}", ln.text) and ln.gap >= 1
            and (i + 1 == len(lines) or lines[i + 1].gap >= 1)]
    drop = set(decorated)
    if len(bare) >= 3:
        # footers count upwards through the document
        nums = [int(lines[i].text) for i in bare]
        if sum(1 for a, b in zip(nums, nums[1:]) if b > a) >= 0.7 * (len(nums) - 1):
            drop |= set(bare)
    if not drop:
        return lines
    out = []
    carry = 0
    for i, ln in enumerate(lines):
        if i in drop:
            carry += ln.gap + 1
            continue
        if carry:
            ln.gap += carry
            carry = 0
        out.append(ln)
    return out


def wrap_width(lines: list[Line]) -> float | None:
    """The width a hard-wrapped text was wrapped at, or None if it is not hard-wrapped.

    A PDF extraction wraps every line of a paragraph at the same width; only the
    last line of a paragraph is shorter.
    """
    ws = [width(ln.text) for ln in lines if not ln.tab]
    if len(ws) < 20:
        return None
    top = sorted(ws)[int(len(ws) * 0.9)]
    if not 12 <= top <= 80:
        return None
    near = [w for w in ws if top - 2.5 <= w <= top + 1]
    if len(near) < 0.35 * len(ws):
        return None
    return median(near)


# A web page printed or saved keeps its site's furniture: navigation, share bars,
# font-size links, footers. A line made of such words is not the plan's text.
_CHROME_TOKENS = ("首页", "政务公开", "政策文件", "政务服务", "互动交流", "无障碍", "长者模式", "English", "分享到",
                  "微信", "微博", "QQ空间", "字号", "打印本页", "关闭窗口", "来源：", "浏览次数", "【大】", "【中】",
                  "【小】", "主办单位", "承办单位", "网站标识码", "ICP备", "版权所有", "联系我们", "网站地图", "当前位置",
                  "您现在的位置", "欢迎访问", "走进重庆", "收藏", "扫一扫")
_CHROME_START = re.compile(r"^(当前位置|您现在的位置|分享到|欢迎访问|主办单位|网站标识码|版权所有|【?字号)")


def is_web_chrome(text: str) -> bool:
    t = text.replace(" ", "")
    if len(t) > 80:
        return False
    return bool(_CHROME_START.match(t)) or sum(1 for k in _CHROME_TOKENS if k in t) >= 2


def drop_web_chrome(lines: list[Line]) -> list[Line]:
    """A printed or saved web page's furniture lines, left out (their gap kept)."""
    out, carry = [], 0
    for ln in lines:
        if ln.table is None and is_web_chrome(ln.text):
            carry = max(carry, ln.gap)
            continue
        if carry:
            ln.gap, carry = max(ln.gap, carry), 0
        out.append(ln)
    return out


_WIDE = r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f“”‘’]"


def norm_ws(s: str) -> str:
    """HTML white space: runs collapse to one space, none is kept next to Chinese
    (the source's line breaks inside a paragraph are layout, not text)."""
    s = re.sub(r"[ \t\r\n\f\u00a0]+", " ", s)
    return re.sub(rf"(?<={_WIDE}) | (?={_WIDE})", "", s)


# ---- tables a plain text carries: tab-separated rows, or one cell per line ----

_NOTE_ROW = re.compile(r"^(备注|注)\s*\d?\s*[：:]")
_NUMBER_CELL = re.compile(r"^[\d.,，%％＞＜<>≥≤【】\[\]（）()～~+\-—―－ ]+$")
MAX_CELLS = 12          # a plan's tables are narrow; more cells a row is not a table read here
HEADER_CELL_W = 16      # a column name is short


def text_table(raw: list[str], i: int) -> tuple[int, Table] | None:
    """The table that starts at raw line i, and the raw line after it; or None."""
    if "\t" in raw[i]:
        return _tab_table(raw, i)
    if i and _is_title(raw[i - 1]):
        return _cell_table(raw, i)       # the header's cells right under the table's title
    return None


def _is_title(raw: str) -> bool:
    s = clean_line(raw)
    return bool(BOX_RE.match(s) or CAPTION_RE.match(s)) and width(s) <= 60


def _tab_cells(raw: str) -> list[str] | None:
    """The cells of a tab-separated row ('序号\\t指标\\t2020'), or None. A line that starts
    with a tab is a cell of its own (one cell per line), and a tab after a heading's
    number is Word's numbering suffix ('第一章\\t总体要求'): neither is a row."""
    if raw.startswith("\t") or "\t" not in raw.strip():
        return None
    parts = raw.strip().split("\t")
    cells = [clean_line(c) for c in parts]
    if not 2 <= len(cells) <= MAX_CELLS or not cells[0] or match_label(parts[0].strip() + "题"):
        return None
    return cells


def _is_number(s: str) -> bool:
    return bool(_NUMBER_CELL.match(s))


def _fit(value: str, column: list[str]) -> float:
    """How unlike a column's other values a value is (0 = alike): numbers go with
    numbers, a short name with short names."""
    if not column:
        return 0.0
    nums = sum(1 for v in column if _is_number(v)) / len(column)
    mean = sum(math.log1p(width(v)) for v in column) / len(column)
    return abs(nums - _is_number(value)) * 3 + abs(math.log1p(width(value)) - mean)


def _align(rows: list[list[str]], n: int) -> list[list[bool]]:
    """A row short of cells lost those a merged cell above it covers (a web page's
    rowspan, copied as text): its cells are put in the columns whose other values they
    fit best, and each covered cell takes the text above it, marked merged. In place."""
    full = [r for r in rows[1:] if len(r) == n] or rows[1:]
    columns = [[r[c] for r in full if c < len(r)] for c in range(n)]
    merged = [[False] * n]
    for k in range(1, len(rows)):
        r = rows[k]
        if len(r) == n:
            merged.append([False] * n)
            continue
        # on a tie the covered cells are the leftmost (a category spanning its rows)
        keep = min(reversed(list(itertools.combinations(range(n), len(r)))),
                   key=lambda cols: sum(_fit(v, columns[c]) for v, c in zip(r, cols)))
        row = list(rows[k - 1])
        for v, c in zip(r, keep):
            row[c] = v
        rows[k] = row
        merged.append([c not in keep for c in range(n)])
    return merged


def _note_line(raw: list[str], j: int) -> str | None:
    """A 备注/注 line printed right after a table, not indented as a paragraph is: the
    table's last row, one cell across all columns."""
    if j < len(raw) and raw[j][:1] not in (" ", "\t", "\u3000", "\u00a0"):
        s = clean_line(raw[j])
        if _NOTE_ROW.match(s):
            return s
    return None


def _tab_table(raw: list[str], i: int) -> tuple[int, Table] | None:
    """A run of tab-separated rows from raw line i (a blank line between rows allowed),
    the header first."""
    rows: list[list[str]] = []
    j = end = i
    while j < len(raw):
        cells = _tab_cells(raw[j])
        if cells is None:
            if raw[j].strip() or j + 1 >= len(raw) or _tab_cells(raw[j + 1]) is None:
                break
            j += 1
            continue
        if rows and len(cells) > len(rows[0]):
            break
        rows.append(cells)
        j = end = j + 1
    if len(rows) < 2:
        return None
    n = len(rows[0])
    merged = _align(rows, n)
    return _with_note(raw, end, Table(rows=rows, merged=merged))


def _with_note(raw: list[str], end: int, t: Table) -> tuple[int, Table]:
    note = _note_line(raw, end)
    if note is None:
        return end, t
    n = len(t.rows[0])
    t.rows.append([note] + [""] * (n - 1))
    t.merged.append([False] * n)
    return end + 1, t


def _cell_table(raw: list[str], i: int) -> tuple[int, Table] | None:
    """A table copied from Word as text: the header's cells one per line, then each row's
    cells one per line, a blank line after every row. A merged cell that continues is
    an empty cell, so an empty line: it takes the text above it, marked merged."""
    head = []
    j = i
    while j < len(raw) and raw[j].strip() and len(head) <= MAX_CELLS:
        s = clean_line(raw[j])
        if width(s) > HEADER_CELL_W or is_terminal(s) or match_label(s) or BOX_RE.match(s) or "\t" in raw[j]:
            return None
        head.append(s)
        j += 1
    n = len(head)
    if not 2 <= n <= MAX_CELLS or j >= len(raw):
        return None
    rows, merged = [head], [[False] * n]
    j += 1                                       # the blank line after the header
    while j + n <= len(raw) and (j + n == len(raw) or not raw[j + n].strip()):
        cells = [clean_line(x) for x in raw[j:j + n]]
        if not any(cells) or any(_not_a_cell(c) for c in cells):
            break
        rows.append(cells)
        merged.append([False] * n)
        j += n + 1
    if len(rows) < 3:
        return None
    _fill_continued(rows, merged)
    return _with_note(raw, min(j, len(raw)), Table(rows=rows, merged=merged))


def _not_a_cell(s: str) -> bool:
    m = match_label(s)
    return bool(BOX_RE.match(s) or CAPTION_RE.match(s) or (m and m[0] in ("篇", "章", "节")))


def _fill_continued(rows: list[list[str]], merged: list[list[bool]]) -> None:
    """An empty cell under a cell of text continues it (a vertically merged cell);
    under a number it is a value not given."""
    for r in range(2, len(rows)):
        for c, v in enumerate(rows[r]):
            above = rows[r - 1][c]
            if not v and above and not _is_number(above):
                rows[r][c] = above
                merged[r][c] = True
