"""Positioning statements and mentions, read from parsed documents.

Where statements come from, most central first (the rank constants order them):
  1. positioning tables: a row per platform, its 定位/功能 cells (merged cells
     given to every row they cover);
  2. list boxes organised by platform (an item led by its name), or listing
     platforms by category;
  3. sections about one platform (its name in the heading), paragraphs led by
     a sentence naming one, and in a plan about a platform (its name in the
     plan's title) the sentences of its 定位/目标 sections;
  4. any sentence naming a platform with a positioning cue, or as its subject
     or one of at most two objects of a task.
Other sentences naming a platform are mentions, kept apart and counted.
"""
from __future__ import annotations

import re

from ..importer.model import Box, ParsedDoc, Section
from ..importer.textutil import sentences
from .aspects import ACTION, HOME_SECTIONS, PARTNER, aspect_of
from .gazetteer import Matcher, Platform

# ranks, most central first
TABLE_CELL = 100          # a positioning table's row for the platform
ITEM_LED = 80             # a box item led by the platform's name
PLATFORM_LIST = 70        # a box listing platforms by category
SECTION_TOPIC = 60        # a sentence of a section whose heading names the platform
PARAGRAPH_TOPIC = 55      # a sentence of a paragraph led by a sentence naming it
HOME_POSITIONING = 52     # in a plan about the platform: its 定位 section
HOME_SECTION = 50         # … its 目标 / 指导思想 / 总体要求 sections
CUED_SENTENCE = 40        # a sentence naming it with a 定位/功能 cue
TASK_SENTENCE = 30        # a task whose subject (or one of two objects) it is
ASPECT_BONUS = {"定位": 10, "功能": 5, "任务": 0}

STOPS = "。！？；"


def statement_sentences(text: str) -> list[str]:
    """Sentences long enough to be a statement (line breaks end one too)."""
    return [s for line in (text or "").split("\n") for s in sentences(line, STOPS) if len(s) >= 6]


class DocExtractor:
    def __init__(self, did: str, doc: ParsedDoc, platforms: list[Platform]):
        self.did, self.doc = did, doc
        self.m = Matcher(platforms, doc.title or "")
        # where the text's order can't be trusted, a sentence's section or paragraph
        # says nothing about what it is about: only sentences naming a platform count
        self.trust_place = bool(doc.order_reliable)
        self.home = [p.id for p in platforms if any(n in (doc.title or "") for n in [p.name] + p.aliases)]
        self.found: dict[tuple[str, str], dict] = {}
        self.order = 0
        self.covered: set[tuple[str, str]] = set()   # (platform, sentence) already a statement

    def sid(self, s: Section | None) -> str | None:
        return f"{self.did}:{s.path}" if s is not None else None

    def bid(self, b: Box | None) -> str | None:
        return f"{self.did}:{b.label}" if b is not None else None

    def add(self, pid, aspect, text, section, box, prio) -> None:
        text = text.strip()
        if not text:
            return
        key = (pid, text)
        self.order += 1
        self.covered.add(key)
        if key in self.found and self.found[key]["prio"] >= prio:
            return
        self.found[key] = dict(platform_id=pid, document_id=self.did, section_id=self.sid(section),
                               box_id=self.bid(box), aspect=aspect, text=text,
                               prio=prio + ASPECT_BONUS[aspect], order=self.order)

    # ---- sources ----
    def table_box(self, b: Box) -> None:
        for it in b.items:
            cells = it.cells
            pid = self.m.exact(it.lead) or self.m.exact(cells.get(b.columns[0], "") if cells else "")
            if not pid or not cells:
                continue
            for name in b.columns[1:]:
                v = cells.get(name)
                if v:
                    asp = "定位" if "定位" in name else "功能" if "功能" in name else aspect_of(v, self.m)
                    self.add(pid, asp, v, b.section, b, TABLE_CELL)

    def list_box(self, b: Box) -> None:
        for it in b.items:
            pid = self.m.exact(it.lead)
            if pid:
                parts = [p for p in re.split(r"(?<=。)", it.text) if p.strip()]
                body = parts[1:] if len(parts) > 1 and self.m.exact(parts[0]) else parts
                for s in body or parts:
                    self.add(pid, aspect_of(s, self.m), s, b.section, b, ITEM_LED)
                continue
            named = self.m.ids(it.text)
            if len(named) >= 2 and "平台" in (b.title or "") + (it.lead or ""):
                for p2 in named:
                    self.add(p2, "定位", it.text, b.section, b, PLATFORM_LIST)

    def about(self, s: Section | None) -> str | None:
        """The platform a section (or one above it) is about, by its heading."""
        while s is not None:
            ids = self.m.ids(s.title)
            if len(ids) == 1:
                return ids[0]
            s = s.parent
        return None

    @staticmethod
    def in_home_section(s: Section | None) -> bool:
        while s is not None:
            if HOME_SECTIONS.search(s.title):
                return True
            s = s.parent
        return False

    def paragraph(self, section: Section | None, para: str, topic: str | None) -> None:
        sents = statement_sentences(para)
        # a paragraph led by a short sentence naming one platform is about it
        # (高标准实施中新互联互通项目。以“现代互联互通…”为主题…)
        lead_topic = None
        if self.trust_place and sents and len(sents[0]) <= 30:
            ids0 = self.m.ids(sents[0])
            if len(ids0) == 1:
                lead_topic = ids0[0]
        for s in sents:
            self.sentence(section, s, topic, lead_topic)

    def sentence(self, section: Section | None, s: str, topic: str | None, lead_topic: str | None) -> None:
        named = self.m.ids(s)
        title = section.title if section is not None else ""
        asp = aspect_of(s, self.m)
        if asp == "任务" and section is not None and "定位" in title:
            asp = "定位"       # a sentence of a 功能定位 / 发展定位 section
        for t, prio in ((topic, SECTION_TOPIC), (lead_topic, PARAGRAPH_TOPIC)):
            if t and (not named or t in named):
                self.add(t, asp, s, section, None, prio)
        for h in self.home:
            if h not in named and section is not None and self.in_home_section(section) and asp != "任务":
                # its 功能定位 / 发展定位 section first, then 指导思想, 目标
                self.add(h, asp, s, section, None, HOME_POSITIONING if "定位" in title else HOME_SECTION)
        for pid in named:
            if (pid, s) in self.covered:
                continue
            first = min(a for a, _, p in self.m.find(s) if p == pid)
            if PARTNER.search(s[max(0, first - 10):first]):
                continue    # named as a partner (与两江新区…合作): a mention
            # a positioning cue, or the platform is what the sentence is about:
            # its subject, or one of at most two platforms a task names
            if asp != "任务" or first <= 2 or (len(named) <= 2 and ACTION.search(s)):
                self.add(pid, asp, s, section, None, CUED_SENTENCE if asp != "任务" else TASK_SENTENCE)

    def units(self):
        """(section or None for the preamble, text) in document order."""
        yield None, self.doc.preamble or ""
        for s in self.doc.sections:
            yield s, s.text

    def statements(self) -> None:
        for b in self.doc.boxes:
            (self.table_box if b.kind == "table" and b.columns else self.list_box)(b)
        for section, text in self.units():
            topic = self.about(section) if section is not None and self.trust_place else None
            for para in text.split("\n\n"):
                if "\n|" not in para:        # a table kept in the text: its rows are indicators
                    self.paragraph(section, para, topic)

    def mentions(self) -> list[dict]:
        """Every naming sentence that is not a statement for that platform."""
        out = []
        for section, text in self.units():
            for s in statement_sentences(text):
                for pid in self.m.ids(s):
                    if (pid, s) not in self.covered:
                        out.append(dict(platform_id=pid, document_id=self.did, section_id=self.sid(section),
                                        box_id=None, text=s))
        for b in self.doc.boxes:
            for it in b.items:
                for s in statement_sentences(it.text):
                    for pid in self.m.ids(s):
                        if (pid, s) not in self.covered and (pid, it.text.strip()) not in self.covered:
                            out.append(dict(platform_id=pid, document_id=self.did, section_id=self.sid(b.section),
                                            box_id=self.bid(b), text=s))
        return out

    def ranked(self) -> list[dict]:
        by_pid: dict[str, list[dict]] = {}
        for r in self.found.values():
            by_pid.setdefault(r["platform_id"], []).append(r)
        out = []
        for pid, rows in by_pid.items():
            rows.sort(key=lambda r: (-r["prio"], r["order"]))
            for k, r in enumerate(rows, start=1):
                r["rank"] = k
                r["id"] = f"{self.did}:{pid}#{k}"
                r.pop("prio")
                r.pop("order")
                out.append(r)
        return out


def extract(docs: list[tuple[str, ParsedDoc]], platforms: list[Platform]) -> tuple[list[dict], list[dict]]:
    """Positioning statements and mentions for parsed documents (id, doc), in display order."""
    pos: list[dict] = []
    mentions: list[dict] = []
    for did, doc in docs:
        x = DocExtractor(did, doc, platforms)
        x.statements()
        pos.extend(x.ranked())
        ms = x.mentions()
        for k, mrow in enumerate(ms):       # numbered within the document: another plan changes nothing here
            mrow["id"] = f"{did}:{mrow['platform_id']}:m{k}"
        mentions.extend(ms)
    return pos, mentions
