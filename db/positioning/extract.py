"""Positioning statements and mentions, read from parsed documents.

A sentence is a platform's statement only when the platform is what it is
about: its subject, the topic of its section (the heading names it), of its
专栏 (the title names it) or of its paragraph (the lead sentence names it).
Where statements come from, most central first (the rank constants order them):
  1. positioning tables: a row per platform, its 定位/功能 cells (merged cells
     given to every row they cover);
  2. list boxes: an item led by a platform's name; every item of a box whose
     title names one platform; an item giving a role to several platforms;
  3. sections about one platform (its name in the heading; in a text whose order
     can't be trusted, only the sentences the importer anchored to the heading),
     paragraphs led by a sentence naming one, and in a plan about a platform (its
     name in the plan's title) its 定位/原则/目标 and 基础 sections;
  4. any sentence naming a platform with a positioning cue, or as its subject or
     one of at most two objects of a task.
Boilerplate (指导思想, 为…制定本规划, 责任单位, captions) is never a statement.
Other sentences naming a platform are mentions, kept apart and counted.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import partial

from ..importer.model import Box, ParsedDoc, Section
from ..importer.textutil import sentences
from ..place import DocPlaces
from .aspects import aspect_of, is_boilerplate, is_result
from .classes import ClassReader, plan_province
from .cues import cues
from .discovery import discover
from .gazetteer import Matcher, Platform, PlatformClass, load_classes

# ranks, most central first
TABLE_CELL = 100          # a positioning table's row for the platform
HOME_ROLE = 90            # in a plan about the platform: its 功能定位 / 发展定位 section
ITEM_LED = 80             # a box item led by the platform's name
PLATFORM_LIST = 70        # a box item giving several platforms a role
SECTION_TOPIC = 60        # a sentence of a section whose heading names the platform
BOX_TITLE = 58            # an item of a box whose title names the platform (often about its parts)
PARAGRAPH_TOPIC = 55      # a sentence of a paragraph led by a sentence naming it
HOME_POSITIONING = 52     # … its 原则 / 目标 sections
HOME_SECTION = 50         # … its 基础 / 成效 sections, and the sections about its parts
CUED_SENTENCE = 40        # a sentence naming it with a 定位/功能 cue
TASK_SENTENCE = 30        # a task whose subject (or one of two objects) it is
CLASS_SENTENCE = 20       # a statement about a class it belongs to (国家级经开区, 口岸 …)
ASPECT_BONUS = {"定位": 10, "功能": 5, "任务": 0, "成效": 0}

STOPS = "。！？；;"
_ENUMERATION = re.compile(r"[、，,和及与以及等（）()\s。；;：:]*")
# a list of platforms made into a kind of platform: 建设Ｘ、Ｘ、Ｘ四大龙头开放平台载体
_ROLE_LIST = re.compile(r"(建设|打造|建好|用好|提升|形成|构建|发挥|强化)Ｘ(、(Ｘ|[^，。；、]{1,8}))+等?([一二三四五六七八九十]+大|\d+个)?"
                        r"[^，。；、优势政策作用契机]{0,8}(平台|载体|枢纽地位|中心地位)"
                        r"|以Ｘ[^，。；]{0,30}为[^，。；]{0,4}(载体|平台)")
# platforms listed as the instruments of something else: 发挥Ｘ、Ｘ等…政策优势
# (or the members of a system: 由Ｘ和Ｘ构成的…体系)
_INSTRUMENTS = re.compile(r"Ｘ(、(Ｘ|[^，。；、]{1,8}))+等[^，。；]{0,14}(优势|作用|契机|机遇)|由Ｘ([和、及与]Ｘ)+[^，。；]{0,20}(构成|组成)"
                          r"|以Ｘ[^，。；]{0,12}为契机")


# a platform made another's role: 有利于推动重庆高新区加快打造国际交往中心
_ROLE_IS_PLATFORM = re.compile(r"(打造|建设|建成|成为)[^，。；]{0,30}Ｘ")
# the words that make one platform the base of an action
_BASE = re.compile(r"(?:依托|借助|立足|利用)$")
# what a situation section says of risks and shortcomings
_PROBLEM = re.compile(r"亟需|亟待|制约|差距|不足|短板|挑战|风险|面临|不确定")
_DUTY = re.compile(r"[（(]\s*(?:牵头|责任|配合)单位[：:][^（）()]*[）)]")


def statement_sentences(text: str) -> list[str]:
    """Sentences long enough to be a statement (line breaks end one too); the
    （责任单位：…；…） notes of an action plan are left out whole."""
    text = _DUTY.sub("", text or "")
    return [s for line in text.split("\n") for s in sentences(line, STOPS) if len(s) >= 6]


def is_enumeration(masked: str) -> bool:
    """Nothing but masked names, separators and short notes (Ｘ、Ｘ（临时开放）。)."""
    return not _ENUMERATION.sub("", re.sub(r"（[^（）]{0,8}）|\([^()]{0,8}\)", "", masked).replace("Ｘ", ""))


def list_size(clause: str, at: int, end: int) -> int:
    """How many items the 、-list the name at clause[at:end] is an item of has (1: none)."""
    item = clause[end:end + 1] in ("、", "等") or clause[at - 1:at] == "、"
    return clause.count("、") + 1 if item else 1


# an enumeration of names (Ｘ runs, one Ｘ per character) and short other items, joined by
# 、 / 和 / 及 (果园港、万州港、宜宾港、泸州港; 中德、中法…等; Ｘ和Ｘ)
_JOIN = r"(?:、|和|及|以及)"
_X = r"Ｘ+(?:[（(][^（）()，。；]{1,8}[）)])?"      # a name, and a note in brackets (照母山)
_ENUM = re.compile(_X + r"(?:" + _JOIN + r"(?:" + _X + r"|[^，。；：:、Ｘ]{1,10}(?=、)))*" + _JOIN + _X)
# the verb governing a list, right before it (巩固提升, 高标准举办, 积极推动, 加快建设)
_GOVERNS = re.compile(r"(?:推进|推动|加快|建设|支持|实施|完善|深化|争取|开展|提升|强化|优化|培育|打造|布局|设立|创建|"
                      r"发展|规划|谋划|拓展|共建|建好|用好|办好|举办|申办|巩固|做强|做优|做大|升级|建立|实施|推广|"
                      r"增设|新设|申建|开放|扩大|引导|鼓励|持续|高水平|高标准|积极|重点)[^，。；Ｘ]{0,4}$")
# what follows a list that makes it the group, not each member: 政策叠加, 联动发展, 等…优势
_GROUP = re.compile(r"^(?:等)?[^，。；]{0,8}?(?:政策叠加|叠加|联动发展|协同发展|联动|互动|对接|一体化|优势|作用|"
                    r"功能协作|错位发展|之间|间)")


def enumeration_around(masked: str, at: int) -> tuple[str, str] | None:
    """(before, after) the enumeration the name at `at` of a masked clause is an item
    of, or None when it is in none."""
    for m in _ENUM.finditer(masked):
        if m.start() <= at < m.end():
            return masked[:m.start()], masked[m.end():]
    return None


def list_positions_each(before: str, after: str) -> bool:
    """An enumeration positions each member when a verb governs it right before it
    (巩固提升Ｘ、Ｘ中转枢纽地位; 推动Ｘ、Ｘ等创建国家级高新区), when it is the subject of
    its clause (Ｘ、Ｘ等一批…在渝成功举办), or when it is made the clause's base (以Ｘ、Ｘ为
    支点); not when it is the group that acts together or whose advantages are used
    (探索Ｘ、Ｘ政策叠加; 发挥Ｘ、Ｘ等…优势), nor when its members are partners (与Ｘ、Ｘ合作)."""
    c = cues()
    p = c.partner.search(before[-10:])
    if p and not c.actions.search(before[-10:][p.end():]):
        return False
    if _GROUP.search(after):
        return False
    if re.search(r"以[^，。；Ｘ]{0,2}$", before) and re.match(r"为", after):
        return True
    if len(before.strip()) <= 2 and after.strip("等。 "):
        return True
    return bool(_GOVERNS.search(before))


def plan_start(doc: ParsedDoc) -> int | None:
    """The first year of the plan's period (or the year it was issued)."""
    for v in (doc.period, doc.issued_date):
        if v and v[:4].isdigit():
            return int(v[:4])
    return None


def doc_text(doc: ParsedDoc) -> str:
    return "\n".join([doc.preamble or ""] + [s.title + "\n" + s.text for s in doc.sections] +
                     [b.title + "\n" + "\n".join(it.text for it in b.items) for b in doc.boxes])


class DocExtractor:
    def __init__(self, did: str, doc: ParsedDoc, platforms: list[Platform],
                 classes: list[PlatformClass] | None = None):
        self.did, self.doc = did, doc
        self.places = DocPlaces(did, doc)        # the store's ids of its sections and boxes
        text = doc_text(doc)
        self.m = Matcher(platforms, doc.title or "", text)
        self.classes = ClassReader(load_classes() if classes is None else classes, platforms, self.m,
                                   set(self.m.ids(text)), plan_province(doc.title or ""))
        # where the text's order can't be trusted, a sentence's section or paragraph
        # says nothing about what it is about: only sentences the importer anchored
        # to a heading, and sentences naming a platform, count
        self.trust_place = bool(doc.order_reliable)
        self.home = [p.id for p in platforms if any(n in (doc.title or "") for n in [p.name] + p.aliases)]
        self.parent = {p.id: p.part_of for p in platforms if p.part_of}
        self.start = plan_start(doc)
        self.found: dict[tuple[str, str], dict] = {}
        self.order = 0
        self.covered: set[tuple[str, str]] = set()   # (platform, sentence) already a statement

    def sid(self, s: Section | None) -> str | None:
        return self.places.sid(s)

    def bid(self, b: Box | None) -> str | None:
        return self.places.bid(b)

    def aspect(self, text: str, cls: str = "") -> str:
        return aspect_of(text, self.m, self.start, results=cls != "all")

    def add(self, pid, aspect, text, section, box, prio, line=None, via_class=None) -> None:
        text = text.strip()
        if not text or is_boilerplate(text):
            return
        key = (pid, text)
        self.order += 1
        self.covered.add(key)
        if key in self.found and self.found[key]["prio"] >= prio + ASPECT_BONUS[aspect]:
            return
        self.found[key] = dict(platform_id=pid, document_id=self.did, section_id=self.sid(section),
                               box_id=self.bid(box), aspect=aspect, text=text, line=line, via_class=via_class,
                               prio=prio + ASPECT_BONUS[aspect], order=self.order)

    def is_child_of_home(self, pid: str | None) -> str | None:
        """The plan's own platform, when pid is one of its parts (its 片区, 联动创新区 …)."""
        seen = set()
        while pid and pid not in seen:
            seen.add(pid)
            pid = self.parent.get(pid)
            if pid in self.home:
                return pid
        return None

    # ---- 专栏 ----
    def table_box(self, b: Box) -> None:
        for it in b.items:
            cells = it.cells
            pid = self.m.exact(it.lead) or self.m.exact(cells.get(b.columns[0], "") if cells else "")
            if not pid or not cells:
                continue
            for name in b.columns[1:]:
                v = cells.get(name)
                if v:
                    asp = "定位" if "定位" in name else "功能" if "功能" in name else self.aspect(v)
                    self.add(pid, asp, v, b.section, b, TABLE_CELL, it.line_start)

    def box_topic(self, b: Box) -> tuple[str | None, int]:
        """The platform a box is about: its title names one (or, with no platform in
        the title, the section it sits in is about one)."""
        ids = self.m.primary_ids(b.title)
        if len(ids) == 1:
            return ids[0], BOX_TITLE
        if not ids and self.trust_place:
            t = self.about(b.section)
            if t:
                return t, SECTION_TOPIC
        return None, 0

    def list_box(self, b: Box) -> None:
        topic, prio = self.box_topic(b)
        results = bool(re.search(r"经验|成效|成果|案例", b.title or ""))
        for it in b.items:
            sents = statement_sentences(it.text)
            led = self.m.exact(it.lead) or self.m.leads(it.lead)
            if led:
                body = sents[1:] if len(sents) > 1 and self.m.exact(sents[0]) else sents
                for s in body:
                    self.add(led, self.aspect(s), s, b.section, b, ITEM_LED, it.line_start)
            if topic and topic != led:
                also = self.m.companions(b.title, topic) if prio == BOX_TITLE else []
                for s in sents:
                    for t in [topic] + also:
                        self.add(t, "成效" if results else self.aspect(s), s, b.section, b, prio, it.line_start)
            # and, like any sentence, each names its own subjects
            ctx = Context(section=b.section, line=it.line_start, topic=None, lead=None,
                          cls=self.section_class(b.section), box=b)
            for s in sents:
                self.sentence(ctx, s)

    # ---- sections ----
    def about(self, s: Section | None) -> str | None:
        """The platform a section (or one above it) is about, by its heading."""
        topics = self.about_all(s)
        return topics[0] if topics else None

    def about_all(self, s: Section | None) -> list[str]:
        """… and the platforms a joint name of that heading names with it."""
        while s is not None:
            ids = self.m.primary_ids(s.title)
            if len(ids) == 1:
                return ids + self.m.companions(s.title, ids[0])
            s = s.parent
        return []

    @staticmethod
    def section_class(s: Section | None) -> str:
        """What a section is, by the nearest title that says: 'all' (定位/原则/目标),
        'results' (基础/成效), 'none' (指导思想), 'situation' (形势), or ''."""
        c = cues()
        while s is not None:
            t = s.title or ""
            for cls, words in (("none", c.home_none), ("results", c.home_results), ("all", c.home_all),
                               ("situation", c.results_sections)):
                if t.endswith(words):
                    return cls
            s = s.parent
        return ""

    def units(self):
        """(section or None for the preamble, paragraph, its first line) in document order."""
        pre = self.doc.preamble_lines[0] if self.doc.preamble_lines else None
        for para in (self.doc.preamble or "").split("\n\n"):
            yield None, para, pre
        for s in self.doc.sections:
            for k, para in enumerate(s.paras):
                yield s, para, s.para_lines[k][0] if k < len(s.para_lines) else s.line_start

    def statements(self) -> None:
        for b in self.doc.boxes:
            (self.table_box if b.kind == "table" and b.columns else self.list_box)(b)
        for section, para, line in self.units():
            if "\n|" in para:        # a table kept in the text: its rows are indicators
                continue
            self.paragraph(section, para, line)
        if not self.trust_place:
            for s in self.doc.sections:
                self.anchored(s)

    def anchored(self, section: Section) -> None:
        """In a text whose order can't be trusted: the sentences the importer tied
        to a heading that names a platform (the first printed after it …)."""
        topic = self.about(section)
        if not topic:
            return
        for s in section.anchored:
            at, box, line = self.placed(s)
            for u in statement_sentences(s):
                named = [p for p in self.m.ids(u) if p not in self.home]
                if not named or topic in named:
                    self.add(topic, self.aspect(u), u, at, box, SECTION_TOPIC, line)

    def placed(self, sentence: str) -> tuple[Section | None, Box | None, int | None]:
        """Where the importer put a sentence (a scramble's first copy may sit far from
        the heading it belongs to): its section (None: the preamble), box and line."""
        key = re.sub(r"\s+", "", sentence)
        for section, para, line in self.units():
            if key in re.sub(r"\s+", "", para):
                return section, None, line
        for b in self.doc.boxes:
            for it in b.items:
                if key in re.sub(r"\s+", "", it.text):
                    return b.section, b, it.line_start
        return None, None, None

    def paragraph(self, section: Section | None, para: str, line: int | None) -> None:
        sents = statement_sentences(para)
        topics = self.about_all(section) if section is not None and self.trust_place else []
        topic = topics[0] if topics else None
        ctx = Context(section=section, line=line, topic=topic, lead=self.lead_topic(sents),
                      cls=self.section_class(section) if section is not None else "")
        ctx.topic_also = topics[1:]
        if section is not None and self.trust_place and not topic:
            ctx.topic_class = self.class_about(section)
        for s in sents:
            self.sentence(ctx, s)

    def lead_topic(self, sents: list[str]) -> str | None:
        """A paragraph led by a short sentence naming one platform is about it
        (高标准实施中新互联互通项目。以“现代互联互通…”为主题…)."""
        if not (self.trust_place and sents and len(sents[0]) <= 30):
            return None
        ids0 = [p for p in self.m.primary_ids(sents[0]) if p not in self.home]
        return ids0[0] if len(ids0) == 1 else None

    def sentence(self, ctx: "Context", s: str) -> None:
        if is_boilerplate(s) or ctx.cls == "none":
            return
        named = self.m.ids(s)
        others = [p for p in named if p not in self.home]
        asp = self.aspect(s, ctx.cls)
        if ctx.cls == "situation":
            if not self.gives_role(s, named, asp):
                return          # 面临环境, 国际环境, 问题和挑战: the situation, not a statement
            asp = "定位"        # … but a role it gives (有利于推动重庆高新区加快打造国际交往中心),
            named = self.in_role_clauses(s)     # to the platforms of the clauses that give it
            others = [p for p in named if p not in self.home]
        if ctx.cls == "results" and asp != "成效" and not cues().future.search(s):
            asp = "成效"
        elif asp in ("任务", "功能") and ctx.section is not None and "定位" in ctx.section.title:
            asp = "定位"       # a sentence of a 功能定位 / 发展定位 section
        own = self.own_subject(s, others)
        for t, prio in ((ctx.topic, SECTION_TOPIC), (ctx.lead, PARAGRAPH_TOPIC)):
            if t in others and self.only_partner(s, t):
                continue        # in a section about it, a sentence where it is the partner
            if t and (t in others or not own or self.is_below(own, t)):
                self.add(t, asp, s, ctx.section, ctx.box, prio, ctx.line)
                for also in (ctx.topic_also if t == ctx.topic else []):
                    self.add(also, asp, s, ctx.section, ctx.box, prio, ctx.line)
                home = self.is_child_of_home(t)
                if home and t == ctx.topic:
                    self.add(home, asp, s, ctx.section, ctx.box, HOME_SECTION, ctx.line)
        self.home_sentence(ctx, s, asp, named)
        for pid in named:
            if (pid, s) in self.covered:
                continue
            if pid in self.home or self.is_subject(s, pid, named, asp):
                self.add(pid, asp, s, ctx.section, ctx.box,
                         CUED_SENTENCE if asp in ("定位", "功能") else TASK_SENTENCE, ctx.line)
        self.class_sentence(ctx, s, asp, others)

    def class_about(self, section: Section | None) -> str | None:
        while section is not None:
            if self.m.ids(section.title or ""):
                return None
            c = self.classes.of_title(section.title)
            if c:
                return c
            section = section.parent
        return None

    def class_sentence(self, ctx: "Context", s: str, asp: str, others: list[str]) -> None:
        """A statement about a class of platforms, given to each member the plan names
        (marked with the class): the class is what the sentence speaks of, or the
        section is about the class and the sentence about no platform of its own."""
        spoken = self.classes.spoken_of(s, asp)
        if ctx.topic_class and not others and ctx.topic_class not in spoken:
            spoken.append(ctx.topic_class)
        for cls in spoken:
            for pid in self.classes.members.get(cls, []):
                if (pid, s) not in self.covered:
                    self.add(pid, asp, s, ctx.section, ctx.box, CLASS_SENTENCE, ctx.line, via_class=cls)

    def gives_role(self, s: str, named: list[str], asp: str) -> bool:
        """A sentence of a situation section that still positions a platform it names:
        a role given to it (有利于推动重庆高新区加快建设成为…引擎), not a trend, a risk or
        a shortcoming (面临…机遇和挑战并存, 利用外资制约因素增多)."""
        if not named:
            return False
        masked = self.m.mask(s)
        if is_result(masked, self.start) or _PROBLEM.search(masked):
            return False
        return asp == "定位" or bool(_ROLE_IS_PLATFORM.search(masked))

    def in_role_clauses(self, s: str) -> list[str]:
        """The platforms named in the clauses of s that give a role (将重庆高新区建设成为…),
        not in the others (强化重庆高新区和成都天府新区协同创新发展能力)."""
        out: list[str] = []
        for clause in re.split(r"[，,；;]", s):
            masked = self.m.mask(clause)
            if cues().ding.search(masked) or _ROLE_IS_PLATFORM.search(masked):
                out += [p for p in self.m.ids(clause) if p not in out]
        return out

    def own_subject(self, s: str, others: list[str]) -> str | None:
        """The platform a sentence begins with (its own subject), if any: a sentence in a
        section or paragraph about P that is led by another platform is about that one."""
        for a, _, pid in self.m.find(s):
            if a <= 2 and pid in others:
                return pid
        return None

    def is_below(self, pid: str, top: str) -> bool:
        seen = set()
        while pid and pid not in seen:
            seen.add(pid)
            pid = self.parent.get(pid)
            if pid == top:
                return True
        return False

    def home_sentence(self, ctx: "Context", s: str, asp: str, named: list[str]) -> None:
        """In a plan about a platform: its 定位/原则/目标 and 基础 sections are about it."""
        if ctx.section is None or ctx.box is not None or ctx.cls not in ("all", "results"):
            return
        for h in self.home:
            if h not in named:
                prio = HOME_SECTION if ctx.cls == "results" else \
                    HOME_ROLE if "定位" in ctx.section.title else HOME_POSITIONING
                self.add(h, "成效" if ctx.cls == "results" else asp, s, ctx.section, ctx.box, prio, ctx.line)

    def is_subject(self, s: str, pid: str, named: list[str], asp: str) -> bool:
        """A sentence naming pid is about it when pid leads one of its clauses (its
        subject), or is one of at most two platforms its clause gives a role or a
        task, or one of a list the sentence makes into a named kind of platform
        (建设A、B、C四大龙头开放平台载体); never when it is a partner (与…合作)."""
        return any(self.leads_clause(s, first, asp) for first, _, p in self.m.find(s) if p == pid)

    def name_len(self, s: str, at: int) -> int:
        return next((b - a for a, b, _ in self.m.find(s) if a == at), 0)

    def only_partner(self, s: str, pid: str) -> bool:
        return all(self.is_partner(s, a) for a, _, p in self.m.find(s) if p == pid)

    def is_partner(self, s: str, first: int) -> bool:
        """与两江新区…, 依托西部科学城…: the name is a partner or an instrument (not when a
        verb comes between: 与四川共建川渝…示范区 makes the 示范区 the object)."""
        before = self.m.mask(s, keep_length=True)[max(0, first - 10):first]
        m = cues().partner.search(before)
        return bool(m) and not cues().actions.search(before[m.end():])

    def is_base(self, s: str, first: int) -> bool:
        """依托两江数字经济产业园创建中国软件名园: one platform made the base of what is
        done — its function, so a statement (not one of a list of places: 立足Ａ、Ｂ和Ｃ)."""
        before = self.m.mask(s, keep_length=True)[max(0, first - 4):first]
        if not _BASE.search(before):
            return False
        end = first + self.name_len(s, first)
        return s[end:end + 1] not in ("、", "和", "及", "与", "等") and bool(cues().actions.search(s[end:end + 24]))

    def leads_clause(self, s: str, first: int, asp: str) -> bool:
        """The name at `first` is the subject of its clause, or one of at most two
        platforms the clause gives a role or a task, or in a list made a kind of platform."""
        if self.is_partner(s, first) and not self.is_base(s, first):
            return False
        a = max(s.rfind(c, 0, first) for c in "，,：:；") + 1
        b = min([i for i in (s.find(c, first) for c in "，,；;。") if i >= 0] or [len(s)])
        clause = s[a:b]
        if is_enumeration(self.m.mask(clause)):
            # a bare list of names; but a name alone before the sentence goes on is
            # its subject (邮轮母港片区，围绕窗口、贸易、旅游等功能，发展邮轮经济)
            return a == 0 and len(self.m.ids(clause)) == 1 and b < len(s) - 1 and s[b] in "，,"
        masked = self.m.mask(clause)
        if _ROLE_LIST.search(masked):
            return True
        if _INSTRUMENTS.search(masked):
            return False        # 发挥Ｘ、Ｘ等…优势: the platforms are instruments
        in_list = enumeration_around(self.m.mask(clause, keep_length=True), first - a)
        if in_list is not None:
            return list_positions_each(*in_list)
        in_clause = self.m.ids(clause)
        if len(in_clause) <= 2 and (first - a <= 2 or asp in ("定位", "功能", "成效")
                                    or cues().actions.search(clause)):
            return True
        return False

    def all_sentences(self):
        """(section id, box id, line, sentence) of every sentence, for discovery."""
        for section, para, line in self.units():
            for s in statement_sentences(para):
                yield self.sid(section), None, line, s
        for b in self.doc.boxes:
            for it in b.items:
                for s in statement_sentences(it.text):
                    yield self.sid(b.section), self.bid(b), it.line_start, s

    # ---- mentions, ranks ----
    def mentions(self) -> list[dict]:
        """Every naming sentence that is not a statement for that platform."""
        out = []
        for section, para, line in self.units():
            for s in statement_sentences(para):
                for pid in self.m.ids(s):
                    if (pid, s) not in self.covered:
                        out.append(dict(platform_id=pid, document_id=self.did, section_id=self.sid(section),
                                        box_id=None, text=s, line=line))
        for b in self.doc.boxes:
            for it in b.items:
                for s in statement_sentences(it.text):
                    for pid in self.m.ids(s):
                        if (pid, s) not in self.covered and (pid, it.text.strip()) not in self.covered:
                            out.append(dict(platform_id=pid, document_id=self.did, section_id=self.sid(b.section),
                                            box_id=self.bid(b), text=s, line=it.line_start))
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


class Context:
    """Where a sentence sits: its section (and what kind of section), the source
    line of its paragraph, the section's and the paragraph's topic platform."""
    __slots__ = ("section", "line", "topic", "lead", "cls", "box", "topic_class", "topic_also")

    def __init__(self, section, line, topic, lead, cls, box=None):
        self.section, self.line, self.topic, self.lead, self.cls, self.box = section, line, topic, lead, cls, box
        self.topic_class = None     # the class of platforms the section is about (推动园区平台做高做新)
        self.topic_also: list[str] = []     # the others a joint name of the heading names


@dataclass
class Extracted:
    positionings: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)   # names not in the gazetteer (discovery)

    def __iter__(self):             # pos, mentions = extract(…)
        return iter((self.positionings, self.mentions))


def extract(docs: list[tuple[str, ParsedDoc]], platforms: list[Platform],
            classes: list[PlatformClass] | None = None, candidates: bool = True, map_=map) -> Extracted:
    """Positioning statements, mentions and candidate platforms for parsed documents
    (id, doc), in display order; `classes`: the gazetteer's classes (default: bundled);
    `candidates`: False when the caller has them already (none are looked for);
    `map_`: how the plans are read, in order (db/importer/workers.py: in processes)."""
    out = Extracted()
    classes = load_classes() if classes is None else classes
    read = partial(read_doc, platforms=platforms, classes=classes, candidates=candidates)
    for positionings, mentions, found in map_(read, docs):
        out.positionings.extend(positionings)
        out.mentions.extend(mentions)
        out.candidates.extend(found)
    return out


def read_doc(item: tuple[str, ParsedDoc], platforms: list[Platform], classes: list[PlatformClass],
             candidates: bool = True) -> tuple[list[dict], list[dict], list[dict]]:
    """One plan's (positionings, mentions, candidates): a plan is read on its own (in a
    worker process, for a build of many)."""
    did, doc = item
    x = DocExtractor(did, doc, platforms, classes)
    x.statements()
    positionings = x.ranked()
    ms = x.mentions()
    for k, mrow in enumerate(ms):       # numbered within the document: another plan changes nothing here
        mrow["id"] = f"{did}:{mrow['platform_id']}:m{k}"
    return positionings, ms, discover(did, x.m, x.all_sentences()) if candidates else []


def read_candidates(item: tuple[str, ParsedDoc], platforms: list[Platform]) -> list[dict]:
    """One plan's candidate platforms alone: what `read_doc` gives as its third part
    (discovery reads the plan's sentences with the matcher; no statement is read)."""
    did, doc = item
    x = DocExtractor(did, doc, platforms)
    return discover(did, x.m, x.all_sentences())


def discovered_id(name: str) -> str:
    """A discovered platform's id: the same name, the same id in every build."""
    return "found-" + hashlib.sha1(name.encode()).hexdigest()[:10]


def with_discovered(docs: list[tuple[str, ParsedDoc]], platforms: list[Platform],
                    classes: list[PlatformClass] | None = None,
                    ignored: frozenset[str] | set[str] = frozenset(), map_=map) -> tuple[Extracted, list[Platform]]:
    """extract() with the names the plans were found to position that the gazetteer
    lacks as platforms of their own (source 'discovered', not reviewed), so a newly
    imported plan's platforms are compared at once; names the user rejected
    (`ignored`) stay out. The candidates (where each was found, how often) are looked
    for first, with the gazetteer alone; then the statements are read once, with the
    names found: what extract() then extract() again with them gave, without reading
    every plan's statements twice (at 250 plans, a third of a store build's reading)."""
    candidates = [c for found in map_(partial(read_candidates, platforms=platforms), docs) for c in found]
    known = {n for p in platforms for n in p.names + p.home} | set(ignored)
    new: dict[str, Platform] = {}
    for c in candidates:
        if c["name"] not in known and c["name"] not in new:
            new[c["name"]] = Platform(id=discovered_id(c["name"]), name=c["name"], kind=c["kind"],
                                      source="discovered")
    found = extract(docs, platforms + list(new.values()), classes, candidates=False, map_=map_)
    found.candidates = candidates
    return found, list(new.values())
