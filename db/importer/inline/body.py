"""The body of a run-in scrape: text to the section of the last heading printed
before it, 专栏 items to their box, second copies of sentences dropped."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Box, DocNote, Item, Section
from ..numbering import box_label
from ..textutil import occurrences
from .text import Text, sentences_in

BOX_AT = re.compile(r"专栏\s*(\d+(?:\s*[-－]\s*\d+)?)\s*[：:]")
LEAD = re.compile(r"[^。，；：:]{2,20}[：:]")
TITLE_ENDS = ("项目", "平台", "措施", "布局", "指标", "任务", "工程", "示范区", "事项", "清单", "行动", "计划")


@dataclass
class Mark:
    start: int
    end: int
    kind: str          # "h" a heading, "b" a box label, "end"
    section: int = -1  # index into the sections (headings)
    label: str = ""    # the box label (boxes)


def markers(s: str, body_start: int, keyed: dict[str, int]) -> list[Mark]:
    """Headings (exact label+title at a sentence start, or right after another
    heading) and 专栏 labels in the body, in text order."""
    marks = []
    body = s[body_start:]
    for key, k in keyed.items():
        for at in occurrences(body, key):
            p = body_start + at
            if p == body_start or s[p - 1] in "。！？\n”" or any(s.endswith(o, 0, p) for o in keyed):
                marks.append(Mark(p, p + len(key), "h", section=k))
    for m in BOX_AT.finditer(s, body_start):
        marks.append(Mark(m.start(), m.end(), "b", label=box_label(m.group(1))))
    marks.sort(key=lambda x: x.start)
    return marks


def split_box_title(text: str) -> tuple[str, str]:
    """'国家级重点开放平台战略平台：…' -> ('国家级重点开放平台', '战略平台：…')."""
    colon = re.search(r"[：:]", text)
    head_end = colon.start() if colon and colon.start() <= 40 else None
    if head_end is None:
        m = re.search(r"序号|[，。；]", text)
        head_end = m.start() if m and m.start() <= 40 else min(len(text), 40)
        if m and m.group(0) == "序号":
            return text[:m.start()], text[m.start():]
    head = text[:head_end]
    for ends in (TITLE_ENDS, ("重点",)):
        best = -1
        for e in ends:
            for at in occurrences(head, e):
                if 4 <= at + len(e) <= len(head) - 2:
                    best = max(best, at + len(e))
        if best > 0:
            return head[:best], text[best:]
    return head, text[head_end:]


@dataclass
class BodyState:
    """What the walk through the body has seen so far."""
    seen: set[str]                                   # sentences already placed (a copy is dropped)
    preamble: list[str] = field(default_factory=list)
    boxes: dict[str, Box] = field(default_factory=dict)
    box_order: list[Box] = field(default_factory=list)
    reopened: set[str] = field(default_factory=set)  # boxes whose label came a second time
    heading_lines: dict[int, list[int]] = field(default_factory=dict)  # section -> lines it is printed on
    first_line: dict[int, int] = field(default_factory=dict)           # section -> its first text's line
    notes: list[DocNote] = field(default_factory=list)
    dropped: int = 0
    cur: int = -1                 # the section text goes to (-1: the preamble)
    box: Box | None = None        # the open box
    joinable: bool = False        # the next sentence may continue the last paragraph
    box_run: bool = False         # the last sentence went into the box
    misses: int = 0               # foreign sentences since the box's last item
    in_box: dict[str, str] = field(default_factory=dict)   # sentence -> the box it went into
    resume: Box | None = None     # a box whose sentence was just printed again: its run may go on here
    recovered: int = 0            # items found printed away from their box
    runs: dict[int, list[list[str]]] = field(default_factory=dict)  # section -> sentences after each copy
    run: list[str] | None = None  # the sentences after the heading just printed, until a break
    copies: dict[str, list[int]] = field(default_factory=dict)   # a dropped copy's sentence -> its lines


class BodyWalk:
    def __init__(self, T: Text, s: str, sections: list[Section], seen: set[str], dropped: int):
        self.T, self.s, self.sections = T, s, sections
        self.st = BodyState(seen=seen, dropped=dropped)

    def run(self, marks: list[Mark], body_start: int) -> BodyState:
        prev_end = body_start
        for mk in marks + [Mark(len(self.s), len(self.s), "end")]:
            for u, upos in sentences_in(self.s, prev_end, mk.start):
                self.unit(u, upos)
            self.st.joinable = False
            prev_end = self.heading(mk) if mk.kind == "h" else self.box_label(mk) if mk.kind == "b" else mk.end
        return self.st

    # ---- text ----
    def unit(self, u: str, upos: int) -> None:
        st = self.st
        if st.run is not None:
            if u == "\n":
                st.run = None
            else:
                st.run.append(u)
        if u == "\n":
            st.joinable = st.box_run = False
            if st.box is not None and st.box.items and not st.box.items[0].lead:
                st.box = None  # a box of plain sentences ends with its line
            return
        if len(u) >= 6 and u in st.seen:
            st.dropped += 1
            st.copies.setdefault(u, []).append(self.T.line(upos))
            st.joinable = st.box_run = False
            label = st.in_box.get(u)
            # the scrape printed a box's sentence again: the items after it that lost
            # their label ('领域：正文' runs) are that box's
            st.resume = st.boxes[label] if label and st.box is None and st.boxes[label].items[0].lead else None
            return
        st.seen.add(u)
        if st.box is not None and self.into_box(u, upos):
            return
        if st.resume is not None:
            if LEAD.match(u):
                add_to_box(st.resume, u, self.T.line(upos), confidence=0.7)
                st.in_box[u] = st.resume.label
                st.recovered += 1
                return
            st.resume = None
        self.into_section(u, upos)

    def into_box(self, u: str, upos: int) -> bool:
        """Add u to the open box if it belongs there; close the box when the text
        has clearly moved on."""
        st, box = self.st, self.st.box
        leads = not box.items or bool(box.items[0].lead)
        reopened = box.label in st.reopened
        if not box.items or (leads and LEAD.match(u)) or (st.box_run and not reopened):
            add_to_box(box, u, self.T.line(upos))
            st.in_box[u] = box.label
            st.box_run, st.misses = True, 0
            return True
        # a scrape interleaves box items with body text: keep the box open for a
        # few foreign sentences, unless it is a second copy
        st.misses += 1
        st.box_run = False
        if reopened or st.misses >= 3 or not leads:
            st.box = None
        return False

    def into_section(self, u: str, upos: int) -> None:
        st = self.st
        if st.cur < 0:
            st.preamble.append(u)
            st.first_line.setdefault(-1, self.T.line(upos))   # -1: the preamble
            return
        cur = self.sections[st.cur]
        ln = self.T.line(upos)
        if cur.paras and st.joinable and cur.para_lines[-1][1] == ln:
            cur.paras[-1] += u  # consecutive sentences of one source line: one paragraph
        else:
            cur.add(u, ln, ln)
        st.joinable = True
        st.first_line.setdefault(st.cur, ln)

    # ---- marks ----
    def heading(self, mk: Mark) -> int:
        st = self.st
        st.resume = None
        st.cur = mk.section
        st.box = None
        st.misses = 0
        st.heading_lines.setdefault(mk.section, []).append(self.T.line(mk.start))
        st.run = []
        st.runs.setdefault(mk.section, []).append(st.run)
        return mk.end

    def box_label(self, mk: Mark) -> int:
        st, s, b = self.st, self.s, mk.end
        label = mk.label
        cur = self.sections[st.cur] if st.cur >= 0 else None
        if label in st.boxes:
            box = st.boxes[label]
            st.reopened.add(label)
            st.notes.append(DocNote("repeated_box", f"{label}在原文中重复出现，内容合并保存一次", self.T.line(mk.start)))
            if s[b:b + len(box.title)] == box.title:
                b += len(box.title)   # skip the repeated title
        else:
            btitle, _ = split_box_title(s[b:b + 200])
            box = Box(label=label, title=btitle, section=cur, line_start=self.T.line(mk.start),
                      line_end=self.T.line(mk.start))
            st.boxes[label] = box
            st.box_order.append(box)
            b += len(btitle)
        st.box, st.resume = box, None
        st.box_run, st.misses = False, 0
        st.run = None
        return b


# two-character words too common in headings and plans to tie a sentence to one
_COMMON = set("推动 加快 建设 推进 发展 积极 提升 加强 深化 完善 打造 支持 实施 探索 开展 国际 开放 重庆 全面 "
              "强化 优化 提高 促进 构建 形成 高水 水平 高质 质量 创新 体系 机制".split())


def _words(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1) if s[i:i + 2].isalnum()} - _COMMON


def anchor(sections: list[Section], runs: dict[int, list[list[str]]]) -> None:
    """The sentences that surely belong to each section of a scrambled text: the
    first printed after each copy of its heading, and those after it that still
    share a word with the heading (the scramble cuts in after a few)."""
    for k, copies in runs.items():
        sec, keep = sections[k], []
        title = _words(sec.title)
        for run in copies:
            for i, u in enumerate(run):
                if i and not (_words(u) & title):
                    break
                if u not in keep:
                    keep.append(u)
        sec.anchored = keep


def add_to_box(box: Box, u: str, line: int, confidence: float = 1.0) -> None:
    """A 'lead：…' sentence starts an item; a plain one continues it (or, in a box
    of plain sentences, is an item of its own). An item found away from its box's
    run has a confidence below 1."""
    m = LEAD.match(u)
    if m or not box.items or not box.items[0].lead:
        box.items.append(Item(lead=m.group(0)[:-1] if m else "", text=u, line_start=line, line_end=line,
                              confidence=confidence))
    else:
        box.items[-1].text += u
        box.items[-1].line_end = line
    box.line_end = max(box.line_end, line)
