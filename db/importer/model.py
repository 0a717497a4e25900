"""Records the importer produces: plain dataclasses, no I/O."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    """A real table a reader found (Word, PDF ruling, HTML): rows of cell texts, a
    merged cell's text repeated in every row it covers, `merged` marking the copies."""
    rows: list[list[str]]
    merged: list[list[bool]] = field(default_factory=list)

    def is_merged(self, r: int, c: int) -> bool:
        return r < len(self.merged) and c < len(self.merged[r]) and self.merged[r][c]


@dataclass
class Line:
    no: int            # 1-based line number in the source file (a paragraph's number in Word, HTML)
    text: str          # cleaned text (artifacts removed, stripped)
    gap: int = 0       # blank lines before this line
    tab: bool = False  # the raw line started with a tab (one-cell-per-line tables)
    starts: bool | None = None   # the reader knows a paragraph starts here (True) or runs on (False)
    table: Table | None = None   # a whole table, as one line of the stream
    toc: bool = False            # the reader knows this is a table-of-contents entry (kept for the self-check)


@dataclass
class Para:
    """A logical paragraph after line-wrap repair, with its source line range."""
    text: str
    line_start: int
    line_end: int
    gap: int = 0                      # blank lines before it
    lines: list[Line] = field(default_factory=list)

    @property
    def tab(self) -> bool:
        return bool(self.lines) and self.lines[0].tab

    @property
    def table(self) -> "Table | None":
        return self.lines[0].table if self.lines else None


@dataclass
class Section:
    label: str
    title: str
    family: str          # numbering family: 篇 章 节 一、 （一） 1. （1）
    line_start: int
    line_end: int = 0
    level: int = 0
    parent: "Section | None" = None
    paras: list[str] = field(default_factory=list)
    para_lines: list[tuple[int, int]] = field(default_factory=list)  # source lines of each paragraph
    path: str = ""
    seq: int = 0
    inferred: bool = False  # a heading the text lost, restored by inference
    # in a text whose order can't be trusted: the sentences that surely belong
    # here (printed right after a copy of the heading), for readers of its topic
    anchored: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p for p in self.paras if p)

    def add(self, text: str, line_start: int, line_end: int) -> None:
        self.paras.append(text)
        self.para_lines.append((line_start, line_end))


@dataclass
class Item:
    lead: str
    text: str
    cells: dict | None = None
    inherited: list[str] | None = None  # columns whose text is a merged cell shared with rows above
    line_start: int = 0
    line_end: int = 0
    confidence: float = 1.0             # below 1: placed in its box by inference (a scrape's stray item)


@dataclass
class Box:
    label: str
    title: str
    section: Section | None
    line_start: int
    line_end: int = 0
    kind: str = "list"
    columns: list[str] | None = None
    items: list[Item] = field(default_factory=list)
    note: str | None = None
    seq: int = 0


@dataclass
class Indicator:
    name: str
    table_label: str | None
    seq: int
    unit: str | None = None
    category: str | None = None
    baseline_year: int | None = None
    target_year: int | None = None
    baseline: str | None = None
    target: str | None = None
    baseline_value: float | None = None
    target_value: float | None = None
    cumulative: int = 0
    nature: str | None = None
    section: Section | None = None
    box: Box | None = None
    source_text: str = ""
    confidence: float = 1.0
    line_start: int = 0
    line_end: int = 0
    # a target's reading and linking (db/importer/targets)
    metric: str | None = None          # the cross-plan metric (canonical name), None when unlinked
    scope: str | None = None           # the territory: 全市, 自贸试验区, 高新区, 成渝地区 …
    comparator: str | None = None      # 达到 超过 突破 以上 左右 保持 新增 下降 年均增长 力争
    comparator_words: list[str] = field(default_factory=list)
    direction: str | None = None       # level, increase, decrease, rate
    target_low: float | None = None
    target_high: float | None = None
    norm_value: float | None = None    # in norm_unit (万亿元 → 亿元, 万户 → 户, ％ → %)
    norm_unit: str | None = None
    norm_baseline: float | None = None  # the baseline in norm_unit
    year_stated: bool = True
    per_year: bool = False
    sentence: str = ""                 # the whole sentence the clause is in
    baseline_source: str | None = None  # table / prose: where the baseline comes from
    baseline_text: str | None = None
    same_as: str | None = None         # the table row a prose target restates (its id)
    printed_at: list[int] = field(default_factory=list)   # every line it is printed on


@dataclass
class DocNote:
    kind: str      # e.g. missing_heading, order_unreliable, repeated_passage
    message: str   # Chinese, for the reader
    line: int | None = None


@dataclass
class Check:
    """One disagreement the self-check found between what was built and the source
    lines (db/importer/selfcheck.py): Chinese, with the line it is about and the
    source text around that line (for 查看原文)."""
    kind: str       # box_missing, box_gap, heading_gap, table_lost, indicators_missing, toc_missing,
    #                 toc_extra, toc_as_heading, item_cut, item_merged, title_from_name
    message: str
    line: int | None = None
    context: list[tuple[int, str]] = field(default_factory=list)

    def text(self) -> str:
        return f"第{self.line}行：{self.message}" if self.line else self.message


@dataclass
class ParsedDoc:
    source_file: str
    encoding: str
    title: str
    doc_number: str | None
    issuer: str | None
    issued_date: str | None
    period: str | None
    notice: str
    preamble: str
    preamble_lines: tuple[int, int] | None
    sections: list[Section]
    boxes: list[Box]
    indicators: list[Indicator]
    notes: list[DocNote]
    order_reliable: bool = True
    n_lines: int = 0
    dropped_repeats: int = 0
    copies: dict[str, list[int]] = field(default_factory=dict)   # a sentence printed again -> those lines
    format: str = "text"            # text | docx | pdf | html
    warnings: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)   # the self-check's findings (also in warnings)
