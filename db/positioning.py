"""How each open platform is positioned in each plan: gazetteer, extraction, ranking.

Statements are verbatim sentences (or table cells) with an aspect:
  定位 — its role (打造…/建设成为…/定位, 战略定位 cells),
  功能 — core functions and industries (核心功能 cells, 重点发展…),
  任务 — concrete tasks and projects.
Where they come from, most central first:
  1. positioning tables: a row per platform, its 定位/功能 cells (merged cells
     given to every row they cover);
  2. list boxes organised by platform (an item led by its name), or listing
     platforms by category;
  3. sections about one platform (its name in the heading), and in a plan about
     a platform (its name in the plan's title) the sections on 定位/目标;
  4. any sentence naming a platform with a positioning cue.
Other sentences naming a platform are mentions, kept apart and counted.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import paths

_ROLE = (r"(中心|高地|枢纽|基地|示范区|试验区|先行区|先导区|窗口|门户|引擎|主战场|承载区|核心区|标杆|增长极|"
         r"策源地|新城|样板|试验田|支点|集聚区|引领区|功能区|桥头堡|载体|排头兵|制高点|新支撑)")
PARTNER = re.compile(r"((?<!参)与|(?<![协共认])同|联合|携手|对接|依托|借助|学习|借鉴)[^，。；：]{0,6}$")
ASPECT_DING = re.compile(
    r"(定位|打造成为|建设成为|建成为|成为.{0,40}" + _ROLE + r"|打造.{0,40}" + _ROLE + r"|建成.{0,40}" + _ROLE +
    r"|建设.{0,30}" + _ROLE + r"|形成.{0,40}" + _ROLE + r"|以.{2,40}为(核心|主体|重点)?载体|" + _ROLE + r"[。；]?$)")
ASPECT_GONG = re.compile(r"(核心功能|功能|重点发展|集聚发展|大力发展|产业定位|主导产业|产业集群|产业链|产业体系)")
ACTION = re.compile(r"(推进|推动|加快|建设|支持|实施|完善|探索|深化|争取|开展|提升|强化|优化|培育|引进|打造|布局|设立|创建|发展)")
SENT = re.compile(r"[^。！？；\n]+[。！？；]?")
HOME_SECTIONS = re.compile(r"(定位|目标|总体要求|指导思想)")


@dataclass
class Platform:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    home: list[str] = field(default_factory=list)
    formerly: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    part_of: str | None = None

    @property
    def names(self) -> list[str]:
        return [self.name] + self.aliases + self.formerly + self.later


def load_gazetteer(path: str | Path | None = None) -> list[Platform]:
    p = Path(path) if path else paths.resource("platforms.toml")
    data = tomllib.loads(p.read_text(encoding="utf-8"))
    return [Platform(id=x["id"], name=x["name"], kind=x["kind"], aliases=x.get("aliases", []),
                     home=x.get("home", []), formerly=x.get("formerly", []), later=x.get("later", []),
                     part_of=x.get("part_of")) for x in data.get("platform", [])]


_DEFAULT: list = []


def _gazetteer_matcher() -> "Matcher":
    if not _DEFAULT:
        _DEFAULT.append(Matcher(load_gazetteer()))
    return _DEFAULT[0]


def aspect_of(text: str, matcher: "Matcher | None" = None) -> str:
    """定位 / 功能 / 任务 by cue words; platform names are masked first, so the
    试验区 of 重庆自贸试验区 is not read as a role."""
    text = (matcher or _gazetteer_matcher()).mask(text)
    if ASPECT_DING.search(text):
        return "定位"
    if ASPECT_GONG.search(text):
        return "功能"
    return "任务"


class Matcher:
    """Finds platform names in text: the longest name wins where names overlap
    (中国（重庆）自由贸易试验区西永片区 is the 片区, not the 自贸试验区)."""

    def __init__(self, platforms: list[Platform], doc_title: str = ""):
        self.by_name: dict[str, str] = {}
        for p in platforms:
            for n in p.names:
                self.by_name.setdefault(n, p.id)
            if any(n in doc_title for n in p.names):
                for n in p.home:
                    self.by_name.setdefault(n, p.id)
        names = sorted(self.by_name, key=len, reverse=True)
        self.rx = re.compile("|".join(re.escape(n) for n in names)) if names else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if not self.rx or not text:
            return []
        return [(m.start(), m.end(), self.by_name[m.group(0)]) for m in self.rx.finditer(text)]

    def mask(self, text: str) -> str:
        return self.rx.sub("Ｘ", text) if self.rx and text else text

    def ids(self, text: str) -> list[str]:
        out = []
        for _, _, pid in self.find(text):
            if pid not in out:
                out.append(pid)
        return out

    def exact(self, text: str) -> str | None:
        """The platform a short text (a row key, an item lead) names, if it names one."""
        t = re.sub(r"\s+", "", text or "").rstrip("。：:")
        if t in self.by_name:
            return self.by_name[t]
        f = self.find(t)
        if len(f) == 1 and (f[0][1] - f[0][0]) >= 0.6 * len(t):
            return f[0][2]
        return None


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENT.findall(text or "") if len(s.strip()) >= 6]


def extract(conn, platforms: list[Platform]) -> tuple[list[dict], list[dict]]:
    """Positioning statements and mentions for every document in the store."""
    q = conn.execute
    pos: list[dict] = []
    mentions: list[dict] = []
    for (did, title, reliable) in q("select id, title, order_reliable from documents order by seq").fetchall():
        m = Matcher(platforms, title or "")
        # where the text's order can't be trusted, a sentence's section or paragraph
        # says nothing about what it is about: only sentences naming a platform count
        trust_place = bool(reliable)
        home = [p.id for p in platforms if any(n in (title or "") for n in [p.name] + p.aliases)]
        found: dict[tuple[str, str], dict] = {}
        order = [0]

        def add(pid, aspect, text, sid, bid, prio):
            text = text.strip()
            if not text:
                return
            key = (pid, text)
            order[0] += 1
            if key in found and found[key]["prio"] >= prio:
                return
            found[key] = dict(platform_id=pid, document_id=did, section_id=sid, box_id=bid, aspect=aspect,
                              text=text, prio=prio + (10 if aspect == "定位" else 5 if aspect == "功能" else 0),
                              order=order[0])

        sections = q("select id, title, text, path, parent_id from sections where document_id=? order by seq",
                     [did]).fetchall()
        titles = {sid: (t or "") for sid, t, _, _, _ in sections}
        parents = {sid: par for sid, _, _, _, par in sections}

        def about(sid):
            """The platform a section (or one above it) is about, by its heading."""
            while sid:
                ids = m.ids(titles.get(sid, ""))
                if len(ids) == 1:
                    return ids[0]
                sid = parents.get(sid)
            return None

        def in_home_section(sid):
            while sid:
                if HOME_SECTIONS.search(titles.get(sid, "")):
                    return True
                sid = parents.get(sid)
            return False

        covered: set[tuple[str, str]] = set()   # (platform, sentence) already a statement
        # 1-2: boxes
        for (bid, sid, btitle, kind, cols) in q(
                "select id, section_id, title, kind, columns from boxes where document_id=? order by seq", [did]):
            items = q("select lead, text, cells from box_items where box_id=? order by seq", [bid]).fetchall()
            if kind == "table" and cols:
                columns = json.loads(cols)
                for lead, text, cells in items:
                    pid = m.exact(lead) or m.exact(json.loads(cells).get(columns[0], "") if cells else "")
                    if not pid or not cells:
                        continue
                    c = json.loads(cells)
                    for name in columns[1:]:
                        v = c.get(name)
                        if not v:
                            continue
                        asp = "定位" if "定位" in name else "功能" if "功能" in name else aspect_of(v, m)
                        add(pid, asp, v, sid, bid, 100)
                        covered.add((pid, v))
                continue
            for lead, text, cells in items:
                pid = m.exact(lead)
                if pid:
                    parts = [p for p in re.split(r"(?<=。)", text) if p.strip()]
                    body = parts[1:] if len(parts) > 1 and m.exact(parts[0]) else parts
                    for s in body or parts:
                        add(pid, aspect_of(s, m), s, sid, bid, 80)
                        covered.add((pid, s.strip()))
                    continue
                named = m.ids(text)
                if len(named) >= 2 and "平台" in (btitle or "") + (lead or ""):
                    for p2 in named:
                        add(p2, "定位", text, sid, bid, 70)
                        covered.add((p2, text.strip()))
        # 3-4: sections (and the preamble), paragraph by paragraph
        pre = q("select preamble from documents where id=?", [did]).fetchone()[0] or ""
        units = [(None, "", pre)] + [(sid, st, text) for sid, st, text, _, _ in sections]
        for sid, stitle, text in units:
            topic = about(sid) if sid and trust_place else None
            for para in (text or "").split("\n\n"):
                if "\n|" in para:
                    continue            # a table kept in the text (its rows are indicators)
                sents = _sentences(para)
                # a paragraph led by a short sentence naming one platform is about it
                # (高标准实施中新互联互通项目。以“现代互联互通…”为主题…)
                lead_topic = None
                if trust_place and sents and len(sents[0]) <= 30:
                    ids0 = m.ids(sents[0])
                    if len(ids0) == 1:
                        lead_topic = ids0[0]
                for s in sents:
                    named = m.ids(s)
                    asp = aspect_of(s, m)
                    if asp == "任务" and sid and "定位" in titles.get(sid, ""):
                        asp = "定位"       # a sentence of a 功能定位 / 发展定位 section
                    for t, prio in ((topic, 60), (lead_topic, 55)):
                        if t and (not named or t in named):
                            add(t, asp, s, sid, None, prio)
                            covered.add((t, s))
                    for h in home:
                        if h not in named and sid and in_home_section(sid) and asp != "任务":
                            # its 功能定位 / 发展定位 section first, then 指导思想, 目标
                            add(h, asp, s, sid, None, 52 if "定位" in titles.get(sid, "") else 50)
                            covered.add((h, s))
                    for pid in named:
                        if (pid, s) in covered:
                            continue
                        first = min(a for a, _, p in m.find(s) if p == pid)
                        if PARTNER.search(s[max(0, first - 10):first]):
                            continue    # named as a partner (与两江新区…合作): a mention
                        # a positioning cue, or the platform is what the sentence is about:
                        # its subject, or one of at most two platforms a task names
                        if asp != "任务" or first <= 2 or (len(named) <= 2 and ACTION.search(s)):
                            add(pid, asp, s, sid, None, 40 if asp != "任务" else 30)
                            covered.add((pid, s))
        # mentions: every naming sentence that is not a statement for that platform
        for sid, stitle, text in units:
            for s in _sentences(text):
                for pid in m.ids(s):
                    if (pid, s) not in covered:
                        mentions.append(dict(platform_id=pid, document_id=did, section_id=sid, box_id=None, text=s))
        for (bid, sid) in q("select id, section_id from boxes where document_id=?", [did]).fetchall():
            for (text,) in q("select text from box_items where box_id=?", [bid]).fetchall():
                for s in _sentences(text):
                    for pid in m.ids(s):
                        if (pid, s) not in covered and (pid, text.strip()) not in covered:
                            mentions.append(dict(platform_id=pid, document_id=did, section_id=sid, box_id=bid, text=s))
        by_pid: dict[str, list[dict]] = {}
        for r in found.values():
            by_pid.setdefault(r["platform_id"], []).append(r)
        for pid, rows in by_pid.items():
            rows.sort(key=lambda r: (-r["prio"], r["order"]))
            for k, r in enumerate(rows, start=1):
                r["rank"] = k
                r["id"] = f"{did}:{pid}#{k}"
                r.pop("prio")
                r.pop("order")
                pos.append(r)
    for k, mrow in enumerate(mentions):
        mrow["id"] = f"{mrow['document_id']}:{mrow['platform_id']}:m{k}"
    return pos, mentions


def platform_rows(platforms: list[Platform]) -> list[dict]:
    return [dict(id=p.id, name=p.name, kind=p.kind,
                 aliases=json.dumps(p.aliases + p.formerly + p.later + p.home, ensure_ascii=False),
                 formerly=json.dumps(p.formerly, ensure_ascii=False) if p.formerly else None,
                 later=json.dumps(p.later, ensure_ascii=False) if p.later else None,
                 part_of=p.part_of) for p in platforms]
