"""Cleaned lines -> logical paragraphs: hard wraps and mid-sentence breaks joined."""
from __future__ import annotations

import re

from .model import Line, Para
from .numbering import BOX_RE, CAPTION_RE, FIGURE_RE, match_label
from .textutil import is_terminal, join_lines, width

MAX_TITLE = 40


def heading_parts(text: str):
    """(family, label, number, title) when the whole paragraph is a heading line."""
    m = match_label(text)
    if not m:
        return None
    family, label, num, rest = m
    title = rest.strip().rstrip("。.").strip()
    if not title or width(title) > MAX_TITLE:
        return None
    if re.search(r"[。；;：:！？]", title) or title[-1] in "，,、":
        return None
    if family in ("一、", "1.") and re.match(r"[\d%.．]", title):
        return None  # 1.5倍, 2.3% ...
    return family, label, num, title


def starts_numbered(text: str) -> bool:
    """A paragraph that opens with a label and a short lead phrase: （二）建设目标。…"""
    m = match_label(text)
    if not m or m[0] in ("篇", "章", "节"):
        return False
    k = m[3].find("。")
    return 0 < k <= 30


def starts_lead(text: str) -> bool:
    """A paragraph that opens with a short lead sentence: 南岸板块。… / 多式联运信息平台：…"""
    m = re.match(r"[^，。：:；,;、]{2,14}[。：:]", text)
    return bool(m)


def is_structural(text: str) -> bool:
    """A line that is never part of a running paragraph."""
    if not text or text in ("目录", "目 录"):
        return True
    if BOX_RE.match(text) and width(text) <= 60:
        return True
    if (CAPTION_RE.match(text) or FIGURE_RE.match(text)) and width(text) <= 50 and not is_terminal(text):
        return True
    return heading_parts(text) is not None


def build(lines: list[Line], wrap: float | None) -> list[Para]:
    paras: list[Para] = []
    cur: Para | None = None
    prev: Line | None = None
    slack = max(2.0, 0.08 * wrap) if wrap else 0
    # a text wrapped by character count rather than by visual width
    lens = sorted(len(ln.text) for ln in lines)
    wrap_chars = lens[int(len(lens) * 0.9)] if lens else 0
    # a PDF's line widths scatter (justification, half-width punctuation); a
    # program's wrap is exact
    near = [ln for ln in lines if wrap and width(ln.text) >= wrap - slack]
    tight = bool(near) and sum(1 for ln in near if width(ln.text) >= wrap - 1 or len(ln.text) >= wrap_chars) >= 0.9 * len(near)
    for ln in lines:
        join = False
        if cur is None or prev is None or ln.table is not None or prev.table is not None:
            pass                                    # a table is a paragraph of its own
        elif ln.starts is not None:
            # the reader knows (a Word paragraph, an indented PDF line): believe it,
            # but never run text into or out of a heading or box line
            join = not ln.starts and not is_structural(ln.text) and not is_structural(cur.text)
        elif not prev.tab and not ln.tab:
            full = bool(wrap) and (width(prev.text) >= wrap - slack or len(prev.text) >= wrap_chars - 1)
            if full and tight and is_terminal(prev.text):
                # wrapped by a program at an exact width: a line ending a sentence
                # counts as full only when it really fills it (the last line of a
                # paragraph is often just a little short)
                full = width(prev.text) >= wrap - 1 or len(prev.text) >= wrap_chars
            if full and not is_terminal(cur.text) and not is_structural(cur.text):
                join = True  # a wrapped line runs on, even into words that look like a heading
            elif not is_structural(prev.text) and not is_structural(ln.text) and not is_structural(cur.text):
                # a lead sentence opens a paragraph whose first line runs on; a short
                # last line is the end of the paragraph before
                lead = starts_lead(ln.text) and (not wrap or width(ln.text) >= wrap - slack)
                if is_terminal(cur.text) and (starts_numbered(ln.text) or lead):
                    join = False  # a new paragraph begins: （二）建设目标。… / 南岸板块。产业定位…
                elif wrap:
                    join = full or (not is_terminal(cur.text) and ln.gap <= 8 and (
                        width(ln.text) > 0.5 * wrap or cur.text[-1] in "、，,“（(《"))
                else:
                    join = not is_terminal(cur.text) and ln.gap <= 8
        if join:
            cur.text = join_lines(cur.text, ln.text)
            cur.line_end = ln.no
            cur.lines.append(ln)
        else:
            cur = Para(text=ln.text, line_start=ln.no, line_end=ln.no, gap=ln.gap, lines=[ln])
            paras.append(cur)
        prev = ln
    return paras


def structural_gap(lines: list[Line]) -> int | None:
    """The blank-line gap above which a gap marks structure (a box's end), or None.

    Paragraphs are separated by some usual gap; in a word-processor conversion a
    larger one follows a finished block (a box, a table). In a PDF extraction
    larger gaps are page breaks and fall anywhere, mid-sentence included: then
    gaps mean nothing.
    """
    pairs = list(zip(lines, lines[1:]))
    after_end = sorted(b.gap for a, b in pairs if is_terminal(a.text) and not a.tab)
    if not after_end:
        return None
    para_gap = after_end[len(after_end) // 2]
    big = [(a, b) for a, b in pairs if b.gap > para_gap]
    if not big:
        return None
    mid = sum(1 for a, _ in big if not is_terminal(a.text) and not is_structural(a.text) and not a.tab)
    return para_gap if mid <= 0.1 * len(big) else None
