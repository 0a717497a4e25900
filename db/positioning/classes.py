"""Statements about a class of platforms (国家级经开区, 综合保税区, 口岸 …) that apply
to each member: 「支持国家级经开区在开发建设…方面探索创新」 is a statement of every
国家级经开区 the plan names. The classes and who belongs to them are reviewed data
(resources/platforms.toml, [[class]] and each platform's `classes`).

A class statement is given to a member only where the plan speaks of the existing
members: not of new ones to be set up (新设/增设/创建/争取设立), nor of an unnamed
batch (新获批一批), nor of the platform system as a whole (开放平台体系).
"""
from __future__ import annotations

import re

from .cues import cues
from .gazetteer import Matcher, Platform, PlatformClass, class_chain

# before a class word in its clause: the class's new or unnamed members are meant
_NEW = re.compile(r"新设|增设|新增|新获批|一批|创建|申建|申报|争取设立|设立|培育|新建|谋划|储备|布局")
# after it: the class as a system or a kind, not its members
# (or new ones: 国家级开发区申报创建; or a modifier: 国家物流枢纽的城市)
# (or their number: 国家级开发区增加2个)
_AS_WHOLE = re.compile(r"^(?:体系|建设储备|梯度|布局|类型|申报|申建|创建|的|增加|新增|达到?|累计|总数|数量|政策)")


# after a short class word (口岸): it heads its phrase — the end, a joint, or what the
# members have or do together (口岸功能, 口岸合作, 口岸建设, 口岸开放)
_HEAD = re.compile(r"$|[，。；,;：:与在）)]|功能|合作|建设|开放|扩大|发展")
_KIND_BEFORE = re.compile(r"(?:智慧|指定|临时|综合|国际|铁路|水运|航空|公路|开放)$")


def plan_province(title: str) -> str | None:
    """Whose plan it is, by its title: 川渝 for a joint one (成渝, 川渝), else 重庆 or 四川."""
    if re.search(r"成渝|川渝", title or ""):
        return "川渝"
    if "重庆" in (title or ""):
        return "重庆"
    if re.search(r"四川|成都", title or ""):
        return "四川"
    return None


class ClassReader:
    def __init__(self, classes: list[PlatformClass], platforms: list[Platform], m: Matcher, named: set[str],
                 province: str | None = None):
        self.m = m
        self.by_name: dict[str, str] = {}
        for c in classes:
            for n in c.names:
                self.by_name.setdefault(n, c.name)
        names = sorted(self.by_name, key=len, reverse=True)
        self.rx = re.compile("|".join(re.escape(n) for n in names)) if names else None
        # the members of each class this plan names, in gazetteer order; a plan of one
        # province speaks of its own (a Chongqing plan's 自贸试验区 are not Sichuan's)
        self.members: dict[str, list[str]] = {}
        for p in platforms:
            if p.id in named and (province in (None, "川渝") or p.province in (None, province, "川渝")):
                for c in class_chain(p.classes, classes):
                    self.members.setdefault(c, []).append(p.id)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, class) of the class words of a text, platform names masked
        first (the 综合保税区 of 西永综合保税区 is the platform's name, not the class)."""
        if not self.rx or not text:
            return []
        masked = self.m.mask(text, keep_length=True)
        return [(h.start(), h.end(), self.by_name[h.group(0)]) for h in self.rx.finditer(masked)]

    def of_title(self, title: str) -> str | None:
        """The class a heading is about (推动园区平台做高做新), if it names exactly one and
        no platform."""
        if self.m.ids(title or ""):
            return None
        found = {c for _, _, c in self.find(title or "")}
        return found.pop() if len(found) == 1 else None

    def in_list_of_others(self, masked: str, start: int, a: int, b: int, end: int) -> bool:
        """The class word at masked[a:b] is an item of a 、-list whose neighbour items are
        neither platforms nor classes."""
        neighbours = []
        if masked[a - 1:a] == "、":
            k = max(masked.rfind(ch, start, a - 1) for ch in "、，,；;：:") + 1
            neighbours.append(masked[max(k, start):a - 1])
        if masked[b:b + 1] == "、":
            k = min([i for i in (masked.find(ch, b + 1, end) for ch in "、，,；;") if i >= 0] or [end])
            neighbours.append(masked[b + 1:k])
        return bool(neighbours) and not any("Ｘ" in n or (self.rx and self.rx.search(n)) for n in neighbours)

    def spoken_of(self, s: str, asp: str) -> list[str]:
        """The classes a sentence says something of, whose existing members it means:
        the class word leads its clause, or a verb of the clause governs it, or the
        clause gives a role or a function."""
        out: list[str] = []
        masked = self.m.mask(s, keep_length=True)
        c = cues()
        for a, b, cls in self.find(s):
            if cls in out or not self.members.get(cls):
                continue
            start = max(masked.rfind(ch, 0, a) for ch in "，,：:；;。") + 1
            end = min([i for i in (masked.find(ch, b) for ch in "，,；;。") if i >= 0] or [len(masked)])
            before, after = masked[start:a], masked[b:end]
            if masked[b:b + 1] in ("：", ":"):
                continue        # 园区平台：Ａ、Ｂ、Ｃ — the heading of a list of members
            if _NEW.search(before) or _AS_WHOLE.match(after) or "体系" in after or "＋" in masked[a - 1:b + 1] \
                    or "Ｘ" in before[-6:] or re.match(r"^等", after):
                continue        # new ones, the system, or a kind a list of named members is made into
            if b - a <= 2 and (len(before) > 2 or not _HEAD.match(masked[b:])):
                continue        # a short class word (口岸) counts only leading its clause and heading
                #                 its phrase (拓展口岸功能, 促进口岸与产业互动): not in a compound
                #                 (口岸经济, 口岸作业) or a list of functions (统筹口岸、通关、物流)
            if self.in_list_of_others(masked, start, a, b, end):
                continue        # 推进开放通道、开放平台、开放口岸建设: one of a list of other things
            if b - a <= 2 and _KIND_BEFORE.search(masked[:a]):
                continue        # 智慧口岸, 指定口岸: a kind to build, not the ports there are
            p = c.partner.search(before[-10:])
            if p and not c.actions.search(before[-10:][p.end():]):
                continue        # 与…口岸合作: the partner, not the subject
            if len(before) <= 2 or c.actions.search(before) or asp in ("定位", "功能", "成效"):
                out.append(cls)
        return out
