"""Paragraphs -> sections (by numbering), 专栏 boxes and tables, in document order."""
from __future__ import annotations

import re

from . import boxes as bx
from .indicators import cell_rows, table_indicators
from .model import Box, DocNote, Indicator, Item, Para, Section
from .numbering import BOX_RE, CAPTION_RE, RANK, int_to_cn, match_label
from .paragraphs import heading_parts
from .textutil import width

LEAD_FAMILIES = ("（一）", "一、", "1.", "（1）")
# the parts of a plan's 总体要求 chapter, by convention
OVERALL_PARTS = {"指导思想", "基本原则", "发展定位", "功能定位", "战略定位", "总体定位", "发展目标", "主要目标",
                 "建设目标", "总体目标", "总体思路", "发展思路"}


def table_text(caption: str, rows: list[list[str]]) -> str:
    """A table kept in a section's text, as markdown rows under its caption (one paragraph)."""
    md = [caption] if caption else []
    if rows:
        ncol = max(len(r) for r in rows)
        cell = lambda v: (v or "").replace("|", "｜").replace("\n", " ")   # noqa: E731
        md.append("| " + " | ".join(cell(v) for v in rows[0] + [""] * (ncol - len(rows[0]))) + " |")
        md.append("|" + "---|" * ncol)
        for r in rows[1:]:
            md.append("| " + " | ".join(cell(v) for v in r + [""] * (ncol - len(r))) + " |")
    return "\n".join(md)


class Walker:
    def __init__(self, paras: list[Para], wrap: float | None, gap_threshold: int | None):
        self.paras = paras
        self.wrap = wrap
        self.gap_threshold = gap_threshold  # a larger blank-line gap ends a box
        self.sections: list[Section] = []
        self.boxes: list[Box] = []
        self.indicators: list[Indicator] = []
        self.notes: list[DocNote] = []
        self.stack: list[Section] = []
        self.last_local: dict[str, int] = {}
        self.last_global: dict[str, int] = {}
        self.orphans: list[str] = []   # body text before the first heading
        self.gaps: list[tuple] = []     # (family, previous number, number, section, line) of skipped numbers

    # ---- headings ----
    def _seq_ok(self, family: str, num: int | None) -> bool:
        if num is None:
            return False
        local = self.last_local.get(family, 0)
        glob = self.last_global.get(family, 0)
        if family in ("篇", "章", "节"):
            return num == 1 or num > local or num > glob
        if glob == 0:
            return num <= 2
        return num in (1, local + 1, local + 2, glob + 1, glob + 2)

    def heading_of(self, p: Para, inside_box: bool = False):
        """(family, label, num, title, body-or-None) when p opens a section."""
        hp = heading_parts(p.text)
        if hp and self._seq_ok(hp[0], hp[2]):
            return (*hp, None)
        if inside_box:
            return None
        m = match_label(p.text)
        if m and m[0] in LEAD_FAMILIES:
            family, label, num, rest = m
            k = rest.find("。")
            if 0 < k <= 30 and not re.search(r"[；：:]", rest[:k]) and self._seq_ok(family, num):
                return family, label, num, rest[:k].strip(), rest[k + 1:].strip()
        return None

    def open_section(self, family, label, num, title, p: Para) -> Section:
        r = RANK[family]
        while self.stack and RANK[self.stack[-1].family] >= r:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        sec = Section(label=label, title=title, family=family, line_start=p.line_start,
                      level=(parent.level + 1) if parent else 1, parent=parent)
        # the numbering of lower families restarts under a new heading
        for f in list(self.last_local):
            if RANK[f] > r:
                self.last_local[f] = 0
        prev = self.last_local.get(family, 0)
        if family in ("篇", "章") and num and prev and num > prev + 1:
            self.gaps.append((family, prev, num, sec, p.line_start))
        self.last_local[family] = num or 0
        self.last_global[family] = num or 0
        self.stack.append(sec)
        self.sections.append(sec)
        return sec

    @property
    def current(self) -> Section | None:
        return self.stack[-1] if self.stack else None

    def add_body(self, text: str, p: Para):
        if self.current is None:
            self.orphans.append(text)
        else:
            self.current.add(text, p.line_start, p.line_end)

    # ---- boxes ----
    def box_end(self, i: int, table: bool) -> int:
        j = i + 1
        style = None
        while j < len(self.paras):
            q = self.paras[j]
            if self.heading_of(q, inside_box=True):
                break
            if (BOX_RE.match(q.text) and width(q.text) <= 60) or CAPTION_RE.match(q.text) or q.table is not None:
                break
            if self.gap_threshold is not None and q.gap > self.gap_threshold and j > i + 1:
                break
            if table:
                if self.wrap and width(q.lines[0].text) > 0.75 * self.wrap:
                    break
            elif self.paras[i + 1].lines[0].starts is None and q.lines[0].starts:
                break        # an indented paragraph after a box printed flush: the text runs on
            else:
                s = bx.lead_style(q.text)
                if style is None:
                    style = s
                elif style == "colon" and s == "period":
                    break
            j += 1
        return j

    def parse_box(self, i: int, title_row: str | None = None) -> int:
        """A 专栏 from its title paragraph i, or (title_row given) from the table at i whose
        first row was its title."""
        p = self.paras[i]
        label, title = bx.parse_title(title_row or p.text)
        k = i if title_row else i + 1            # where the box's content starts
        first_lines = [ln for q in self.paras[k:k + 5] for ln in q.lines]
        header = None if title_row else bx.find_header(first_lines)
        real = k < len(self.paras) and self.paras[k].table is not None
        j = k + 1 if real else self.box_end(i, table=bool(header))
        body = self.paras[k:j]
        box = Box(label=label, title=title, section=self.current, line_start=p.line_start,
                  line_end=body[-1].line_end if body else p.line_end)
        if real:
            self.parse_table_box(box, body[0])
            if box.note is None and j < len(self.paras) and bx.NOTE_RE.match(self.paras[j].text) \
                    and width(self.paras[j].text) <= 80:
                box.note, box.line_end = self.paras[j].text, self.paras[j].line_end   # the note printed under it
                j += 1
        elif header:
            columns, header_lines = header
            lines = [ln for q in body for ln in q.lines][len(header_lines):]
            box.kind, box.columns = "table", columns
            box.items = bx.pdf_table(lines, columns, header_lines)
        else:
            rows = self._cell_table(body)
            if rows:
                box.kind, box.columns, box.items = "table", rows[0], rows[1]
            else:
                box.items = bx.list_items(body)
        if any(b.label == label for b in self.boxes):
            self.notes.append(DocNote("repeated_box", f"{label}重复出现，只保留第一次", p.line_start))
        else:
            self.boxes.append(box)
        return j

    def _cell_table(self, body: list[Para]):
        """A box laid out as a one-cell-per-line table (all tab-indented, >= 2 rows)."""
        lines = [ln for q in body for ln in q.lines]
        if len(lines) < 6 or not all(ln.tab for ln in lines):
            return None
        rows = cell_rows(lines)
        if len(rows) < 2 or len({len(r) for r in rows}) > 2:
            return None
        cols = [ln.text for ln in rows[0]]
        items = []
        for r in rows[1:]:
            cells = {c: (r[k].text if k < len(r) else "") for k, c in enumerate(cols)}
            items.append(bx.Item(lead=r[0].text, text="\n".join(f"{k}：{v}" for k, v in cells.items()),
                                 cells=cells, line_start=r[0].no, line_end=r[-1].no))
        return cols, items

    # ---- captioned tables (表2-1 …) ----
    def parse_caption_table(self, i: int, title_row: str | None = None) -> int:
        """A captioned table (表2-1 …) from its caption paragraph i, or (title_row given)
        from the table at i whose first row was its caption. A 备注 row at its foot is
        text under the table, not a row."""
        p = self.paras[i]
        m = CAPTION_RE.match(title_row or p.text)
        label = "表" + re.sub(r"\s+", "", m.group(1)).replace("－", "-").replace("—", "-")
        j = i if title_row else i + 1
        note = None
        if self.paras[j].table is not None:
            note = bx.take_note(self.paras[j].table)
            texts = self.paras[j].table.rows
            spans = [(self.paras[j].line_start, self.paras[j].line_end)] * len(texts)
            j += 1
        else:
            lines = []
            while j < len(self.paras) and self.paras[j].tab:
                lines.extend(self.paras[j].lines)
                j += 1
            rows = cell_rows(lines)
            texts = [[ln.text for ln in r] for r in rows]
            spans = [(r[0].no, r[-1].no) for r in rows]
        inds = table_indicators(label, texts, spans)
        for ind in inds:
            ind.section = self.current
        self.indicators.extend(inds)
        last = self.paras[j - 1]
        self.add_body(table_text(title_row or p.text, texts), Para(text="", line_start=p.line_start, line_end=last.line_end))
        if note:
            self.add_body(note, last)
        return j

    def parse_table_box(self, box: Box, q: Para) -> None:
        """A 专栏 laid out as a real table: header row, a row per item, merged cells
        marked, a 备注 row its note; a one-column table is a list whose items are its
        cells' paragraphs; a table of yearly values is an indicator table too."""
        t = q.table
        box.note = bx.take_note(t)
        if max((len(r) for r in t.rows), default=0) <= 1 or len(t.rows) < 2:
            box.items = bx.cell_items(t, q.line_start, q.line_end)
            return
        cols = [c or f"列{k + 1}" for k, c in enumerate(t.rows[0])]
        box.kind, box.columns = "table", cols
        for r, row in enumerate(t.rows[1:], start=1):
            cells = {c: (row[k] if k < len(row) else "") for k, c in enumerate(cols)}
            inherited = [c for k, c in enumerate(cols) if t.is_merged(r, k)] or None
            box.items.append(Item(lead=row[0] if row else "", text="\n".join(f"{k}：{v}" for k, v in cells.items()),
                                  cells=cells, inherited=inherited, line_start=q.line_start, line_end=q.line_end))
        inds = table_indicators(box.label, t.rows, [(q.line_start, q.line_end)] * len(t.rows))
        for ind in inds:
            ind.section, ind.box = self.current, box
        self.indicators.extend(inds)

    # ---- the walk ----
    def run(self):
        i = 0
        n = len(self.paras)
        while i < n:
            p = self.paras[i]
            h = self.heading_of(p)
            if h:
                family, label, num, title, rest = h
                self.open_section(family, label, num, title, p)
                if rest:
                    self.add_body(rest, p)
                i += 1
                continue
            if BOX_RE.match(p.text) and width(p.text) <= 60 and bx.parse_title(p.text)[1]:
                i = self.parse_box(i)
                continue
            if CAPTION_RE.match(p.text) and i + 1 < n and (self.paras[i + 1].tab or self.paras[i + 1].table):
                i = self.parse_caption_table(i)
                continue
            title_row = bx.take_title(p.table) if p.table is not None else None
            if title_row and BOX_RE.match(title_row):
                i = self.parse_box(i, title_row)      # a 专栏 whose title is its table's first row
                continue
            if title_row:
                i = self.parse_caption_table(i, title_row)
                continue
            if p.table is not None:               # a table without caption: kept readable in the text
                if p.table.rows:
                    self.add_body(table_text("", p.table.rows), p)
                i += 1
                continue
            self.add_body(p.text, p)
            i += 1
        for gap in self.gaps:
            self.restore_missing(*gap)
        return self

    def restore_missing(self, family: str, prev: int, num: int, after: Section, line: int) -> None:
        """A chapter whose heading the text lost (第一章 … 第三章).

        Where it began is shown by the 节 of the chapter before that belong to it:
        those from the first one whose title is a conventional part of a plan's
        总体要求 chapter (发展定位, 发展目标 …), when at least half of them are.
        The chapter is then restored as「总体要求」, marked inferred; otherwise
        the gap is only recorded in the document's notes.
        """
        missing = [f"第{int_to_cn(n)}{family}" for n in range(prev + 1, num)]
        note = f"原文缺少标题：{'、'.join(missing)}"
        before = next((s for s in reversed(self.sections[:self.sections.index(after)])
                       if s.family == family), None)
        if len(missing) == 1 and before is not None:
            kids = [s for s in self.sections if s.parent is before]
            k = next((i for i, s in enumerate(kids) if s.title in OVERALL_PARTS), None)
            if k is not None and sum(1 for s in kids[k:] if s.title in OVERALL_PARTS) * 2 >= len(kids[k:]):
                first = kids[k]
                ch = Section(label=missing[0], title="总体要求", family=family, line_start=first.line_start,
                             level=before.level, parent=before.parent, inferred=True)
                for s in kids[k:]:
                    s.parent = ch
                self.sections.insert(self.sections.index(first), ch)
                self.notes.append(DocNote("missing_heading",
                                          f"{note}；其下“{'”“'.join(s.title for s in kids[k:])}”按规划惯例归入推定的"
                                          f"“{missing[0]} 总体要求”", first.line_start))
                return
        self.notes.append(DocNote("missing_heading", f"{note}（其内容并入前一{family}）", line))
