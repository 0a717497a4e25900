"""The gazetteer of open platforms (resources/platforms.toml) and finding their names in text."""
from __future__ import annotations

import json
import re
from bisect import bisect_left
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import paths
from .cues import cues


@lru_cache(maxsize=64)
def _alternation(names: tuple[str, ...]) -> re.Pattern:
    """One pattern matching any of the names (longest first), compiled once per process
    for the same names: every plan's matcher asks for it, and `re`'s own cache, shared
    with the importer's many patterns, had let it go (at 250 plans, 2 s of a store build)."""
    return re.compile("|".join(re.escape(n) for n in names))


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
    source: str = "reviewed"      # reviewed (resources/platforms.toml), user (accepted candidates)
    #                               or discovered (found in a plan by its form, not reviewed)
    province: str | None = None   # 重庆 / 四川 / 川渝 (shared or joint)
    classes: list[str] = field(default_factory=list)   # its direct classes (国家级经开区 …)
    merged: list[str] = field(default_factory=list)    # names the user merged into it

    @property
    def names(self) -> list[str]:
        return [self.name] + self.aliases + self.formerly + self.later + self.merged


@dataclass
class PlatformClass:
    """A class of platforms the plans speak of as a whole (国家级经开区, 综合保税区, 口岸)."""
    name: str
    aliases: list[str] = field(default_factory=list)
    part_of: str | None = None

    @property
    def names(self) -> list[str]:
        return [self.name] + self.aliases


_READ: dict[Path, tuple[tuple[int, int], dict]] = {}


def _toml(path: str | Path | None) -> dict:
    """The file parsed, read again only when it changed (a build reads it once per
    plan); callers copy what they keep."""
    p = Path(path) if path else paths.resource("platforms.toml")
    st = p.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    got = _READ.get(p)
    if got is None or got[0] != stamp:
        got = _READ[p] = (stamp, tomllib.loads(p.read_text(encoding="utf-8")))
    return got[1]


def load_joint(path: str | Path | None = None) -> dict[str, list[str]]:
    """name -> the platforms it names together (川渝自贸试验区: both FTZs)."""
    return {n: list(x["platforms"]) for x in _toml(path).get("joint", []) for n in x["names"]}


def load_gazetteer(path: str | Path | None = None) -> list[Platform]:
    return [Platform(id=x["id"], name=x["name"], kind=x["kind"], aliases=list(x.get("aliases", [])),
                     home=list(x.get("home", [])), formerly=list(x.get("formerly", [])),
                     later=list(x.get("later", [])), part_of=x.get("part_of"), province=x.get("province"),
                     classes=list(x.get("classes", [])))
            for x in _toml(path).get("platform", [])]


def load_classes(path: str | Path | None = None) -> list[PlatformClass]:
    return [PlatformClass(name=x["name"], aliases=list(x.get("aliases", [])), part_of=x.get("part_of"))
            for x in _toml(path).get("class", [])]


def class_chain(direct: list[str], classes: list[PlatformClass]) -> list[str]:
    """Every class a platform with these direct classes belongs to, nearest first."""
    up = {c.name: c.part_of for c in classes}
    out: list[str] = []
    todo = list(direct)
    while todo:
        c = todo.pop(0)
        if c and c not in out:
            out.append(c)
            todo.append(up.get(c))
    return out


def platform_rows(platforms: list[Platform], classes: list[PlatformClass] | None = None) -> list[dict]:
    """The platforms table's rows (aliases: every other name, home names included;
    classes: every class it belongs to, nearest first)."""
    classes = load_classes() if classes is None else classes
    return [dict(id=p.id, name=p.name, kind=p.kind,
                 aliases=json.dumps(p.aliases + p.formerly + p.later + p.home + p.merged, ensure_ascii=False),
                 formerly=json.dumps(p.formerly, ensure_ascii=False) if p.formerly else None,
                 later=json.dumps(p.later, ensure_ascii=False) if p.later else None,
                 part_of=p.part_of, source=p.source, province=p.province,
                 classes=json.dumps(class_chain(p.classes, classes), ensure_ascii=False) if p.classes else None)
            for p in platforms]


def class_rows(classes: list[PlatformClass]) -> list[dict]:
    return [dict(name=c.name, aliases=json.dumps(c.aliases, ensure_ascii=False), part_of=c.part_of)
            for c in classes]


# an enumeration: items (a short run of name characters) joined by 、, the last one
# running on to what follows it (等国际合作产业园, 机场口岸)
_ITEM = r"[\u4e00-\u7b48\u7b4a-\u9fff（）()—－·]{1,12}"      # no 等 (U+7B49)
_LIST = re.compile(_ITEM + r"(?:、" + _ITEM + r")+(?:等[\u4e00-\u9fff（）()\d]{1,14})?"
                   r"|[\u4e00-\u9fff]{2,8}等[\u4e00-\u9fff（）()]{2,14}")


_RIVALS: dict[tuple, list[str]] = {}
# a gazetteer's names -> their ends (Matcher._ends_of_names), and the heads of each
# enumeration read with them (Matcher._heads_of)
_NAME_ENDS: dict[frozenset, tuple[dict[str, set[str]], dict]] = {}
_ENUMS: dict[str, tuple] = {}                  # a text -> its enumerations


def _overlaps(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    """Does a span of `spans` overlap a..b? They are a matcher's names in text order:
    starts ascending, ends too (names don't overlap), so the last one starting before
    b is the one that reaches furthest."""
    i = bisect_left(starts, b)
    return i > 0 and spans[i - 1][1] > a


def _enumerations(text: str) -> tuple:
    """(items, start of the last, last item, tail) of each enumeration of a text: items
    are (start, text), the last one cut before its 等, or None when it has no 等 (its
    end is the shared head); tail: what follows 等 (None without). Kept per text:
    every plan's matcher reads the same sentences."""
    got = _ENUMS.get(text)
    if got is None:
        out = []
        for lm in _LIST.finditer(text):
            items, at, spans = lm.group(0).split("、"), lm.start(), []
            for it in items:
                spans.append((at, it))
                at += len(it) + 1
            last_at, last = spans[-1]
            tail = None
            if "等" in last:            # …等国际合作产业园: the head is a word of the tail
                k = last.index("等")
                spans[-1] = (last_at, last[:k])
                tail = last[k + 1:]
            else:                       # …南充机场口岸: the head ends the last item
                spans[-1] = None
            out.append((spans, last_at, last, tail))
        got = tuple(out)
        if len(_ENUMS) > 50000:
            _ENUMS.clear()
        _ENUMS[text] = got
    return got


class Matcher:
    """Finds platform names in text.

    - The longest name wins where names overlap (中国（重庆）自由贸易试验区西永片区
      is the 片区, not the 自贸试验区).
    - Names are whole names: one followed by an organisation's word (中新项目管理局,
      科学城建设工作领导小组) names the organisation, not the platform.
    - A parent's name run into its child's (中新互联互通项目南向通道) names the child.
    - A platform's `home` names (高新区, 自贸区 …) count in a plan whose title names
      it, and in a plan that names it in full and names no other platform those
      short names could mean as often (a plan naming 西部（成都）科学城 about as often
      as 西部（重庆）科学城 keeps bare 科学城 off; one naming it once in passing does not).
    """

    def __init__(self, platforms: list[Platform], doc_title: str = "", doc_text: str = "",
                 joint: dict[str, list[str]] | None = None):
        self.org = cues().org_suffix
        self.named_after = cues().home_named_after
        self.home_names: set[str] = set()
        self.parent = {p.id: p.part_of for p in platforms if p.part_of}
        self.by_name: dict[str, str] = {}
        for p in platforms:
            for n in p.names:
                self.by_name.setdefault(n, p.id)
        # names of two platforms at once (川渝自贸试验区: Chongqing's and Sichuan's FTZ)
        ids = {p.id for p in platforms}
        self.joint = {n: [q for q in qs if q in ids] for n, qs in (load_joint() if joint is None else joint).items()}
        self.joint = {n: qs for n, qs in self.joint.items() if qs}
        for n, qs in self.joint.items():
            self.by_name.setdefault(n, qs[0])
        self.rx = self._compile()
        named: dict[str, int] = {}
        for _, _, pid in self.find(doc_text):
            named[pid] = named.get(pid, 0) + 1
        for p in platforms:
            if p.home and self._home_counts(p, platforms, doc_title, named):
                for n in p.home:
                    self.by_name.setdefault(n, p.id)
                    self.home_names.add(n)
        if self.home_names:     # else the names are those already compiled (and found in doc_text)
            self.rx = self._compile()

    def _compile(self):
        self._seen: dict[str, list[tuple[int, int, str]]] = {}
        self._name_ends: dict[str, set[str]] | None = None     # every end of a name (_heads)
        names = sorted(self.by_name, key=len, reverse=True)
        return _alternation(tuple(names)) if names else None

    def _family(self, a: str, b: str) -> bool:
        """One is the other, or above it."""
        return self._above(a, b) or self._above(b, a)

    def _above(self, a: str, b: str) -> bool:
        seen = set()
        while b and b not in seen:
            if a == b:
                return True
            seen.add(b)
            b = self.parent.get(b)
        return False

    def _home_counts(self, p: Platform, platforms: list[Platform], title: str, named: dict[str, int]) -> bool:
        if any(n in title for n in p.names):
            return True
        rivals = self._rivals(p, platforms)
        return named.get(p.id, 0) >= 3 * sum(named.get(q, 0) for q in rivals) + 1

    def _rivals(self, p: Platform, platforms: list[Platform]) -> list[str]:
        """The platforms outside p's family a home name of p is part of a name of (the
        same for every plan read with these platforms: kept)."""
        key = (p.id, tuple(p.home), tuple((q.id, q.part_of, tuple(q.names)) for q in platforms))
        got = _RIVALS.get(key)
        if got is None:
            if len(_RIVALS) > 4096:
                _RIVALS.clear()
            got = _RIVALS[key] = [q.id for q in platforms if not self._family(p.id, q.id)
                                  and any(h in n for h in p.home for n in q.names)]
        return got

    def find(self, text: str) -> list[tuple[int, int, str]]:
        hit = self._seen.get(text)
        if hit is None:
            found = self._find_names(text)
            shared = self._shared_heads(text, found) if "、" in text or "等" in text else []
            hit = sorted(found + shared) if shared else found
            if len(self._seen) > 50000:
                self._seen.clear()
            self._seen[text] = hit
        return list(hit)

    def _shared_heads(self, text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Members of an enumeration that writes their shared head once (中德、中瑞（士）、中以等
        国际合作产业园; 推动涪陵、綦江等创建国家级高新区; 四川宜宾机场、南充机场口岸): each item
        with the head put to it, where that makes a gazetteer name for at least two items
        (one, when the enumeration ends in 等: 推动增设长寿等综合保税区). The span is the item."""
        taken = ([(a, b) for a, b, _ in found], [a for a, _, _ in found])
        out: list[tuple[int, int, str]] = []
        found_ends = None
        for spans, last_at, last, tail in _enumerations(text):
            best: list[tuple[int, int, str]] = []
            for head in self._heads_of(tail, last):
                got = self._put_head(spans, head, last_at, last, taken)
                if len(got) > len(best):
                    best = got
            if not best:
                continue
            # an item already a whole name counts (四川宜宾机场、南充机场口岸): a name found
            # ends where the item ends
            if found_ends is None:
                found_ends = {b for a, b, _ in found if a < b}
            whole = sum(1 for a0, it in [sp for sp in spans if sp] + [(last_at, last)]
                        if a0 + len(it) in found_ends)
            if len(best) + whole >= (1 if "等" in last else 2):
                out += best
        return out

    def _ends_of_names(self) -> dict[str, set[str]]:
        """Every end of a name (the whole name and nothing included) -> the beginnings it
        follows in the names (the same for every plan read with these names: kept)."""
        if self._name_ends is None:
            key = frozenset(self.by_name)
            got = _NAME_ENDS.get(key)
            if got is None:
                if len(_NAME_ENDS) > 64:
                    _NAME_ENDS.clear()
                ends: dict[str, set[str]] = {}
                for n in key:
                    for i in range(len(n) + 1):
                        ends.setdefault(n[i:], set()).add(n[:i])
                got = _NAME_ENDS[key] = (ends, {})
            self._name_ends, self._heads_seen = got
        return self._name_ends

    def _heads_of(self, tail: str | None, last: str) -> tuple[str, ...]:
        """_heads, kept per enumeration for these names (a list is read in its plan's
        text, its sentence and its clause)."""
        self._ends_of_names()
        got = self._heads_seen.get((tail, last))
        if got is None:
            if len(self._heads_seen) > 100000:
                self._heads_seen.clear()
            got = self._heads_seen[(tail, last)] = tuple(self._heads(tail, last))
        return got

    def _heads(self, tail: str | None, last: str):
        """The heads worth putting to the items, longest first as they are tried: a word of
        the tail after 等 (tail None: an end of the last item) that ends a name, or does
        without 国家级 (x + head is a name only then). A head ends at j only if the two
        characters before j end a name, or one of them is of 国家级."""
        ends = self._ends_of_names()
        if tail is None:
            tail, starts = last, lambda j: range(1, len(last) - 1)
            stops = (len(last),) if len(last) >= 3 else ()
        else:
            starts, stops = (lambda j: range(0, j - 1)), range(len(tail), 1, -1)
        for j in stops:
            if tail[j - 2:j] not in ends and tail[j - 2] not in "国家级" and tail[j - 1] not in "国家级":
                continue
            for i in starts(j):
                head = tail[i:j]
                if head in ends or head.lstrip("国家级") in ends:
                    yield head

    def _put_head(self, spans, head: str, last_at: int, last: str, taken) -> list[tuple[int, int, str]]:
        """Each item's longest end x (2 to 8 characters: the item may begin with the verb,
        推动涪陵) that makes a name with the head, where no name found overlaps it.
        `taken`: the found names' spans and their starts, in text order."""
        got = []
        spans_, starts = taken
        short = head.lstrip("国家级")
        ends = self._ends_of_names()
        before, before_short = ends.get(head, ()), ends.get(short, ())    # what precedes it in a name
        for sp in spans + ([None] if spans[-1] is None else []):
            if sp is None:      # no 等: the last item holds the head (南充机场口岸)
                if not last.endswith(head):
                    continue
                sp = (last_at, last[:len(last) - len(head)])
            a0, item = sp
            for k in range(max(0, len(item) - 8), len(item) - 1):
                x = item[k:]
                if x not in before and x not in before_short:
                    continue
                pid = self.by_name.get(x + head) or self.by_name.get(x + short)
                a = a0 + k
                if pid and not _overlaps(spans_, starts, a, a + len(x)):
                    got.append((a, a + len(x), pid))
                    break
        return list(dict.fromkeys(got))

    def _find_names(self, text: str) -> list[tuple[int, int, str]]:
        if not self.rx or not text:
            return []
        out: list[tuple[int, int, str]] = []
        for m in self.rx.finditer(text):
            if self.org.match(text, m.end()) or (m.group(0) in self.home_names
                                                  and self.named_after.match(text, m.end())):
                continue
            pid = self.by_name[m.group(0)]
            if out and out[-1][1] == m.start() and out[-1][2] != pid and self._above(out[-1][2], pid):
                out.pop()       # 中新互联互通项目 + 南向通道: the child is named
            out.append((m.start(), m.end(), pid))
            for other in self.joint.get(m.group(0), []):
                if other != pid:
                    out.append((m.start(), m.end(), other))
        return out

    def mask(self, text: str, keep_length: bool = False) -> str:
        """The text with every platform name replaced by Ｘ (one, or one per character)."""
        if not self.rx or not text:
            return text
        out, at = [], 0
        for a, b, _ in self.find(text):
            if a < at:
                continue        # the same name again, as the other of a joint name
            out += [text[at:a], "Ｘ" * (b - a) if keep_length else "Ｘ"]
            at = b
        return "".join(out) + text[at:]

    def primary_ids(self, text: str) -> list[str]:
        """ids(), a joint name counted once (as its first platform): what a title is about."""
        out, spans = [], set()
        for a, b, pid in self.find(text):
            if (a, b) not in spans and pid not in out:
                out.append(pid)
            spans.add((a, b))
        return out

    def companions(self, text: str, pid: str) -> list[str]:
        """The other platforms a joint name of `text` names with pid (川渝自贸试验区: the
        Sichuan FTZ with Chongqing's)."""
        f = self.find(text)
        spans = {(a, b) for a, b, p in f if p == pid}
        return list(dict.fromkeys(p for a, b, p in f if (a, b) in spans and p != pid))

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
        f = list({(a, b): (a, b, p) for a, b, p in self.find(t)}.values())
        if len(f) == 1 and (f[0][1] - f[0][0]) >= 0.6 * len(t):
            return f[0][2]
        return None

    def leads(self, text: str) -> str | None:
        """The platform a text begins with (重庆自贸试验区深化“放管服”改革 → the FTZ)."""
        f = self.find(text or "")
        return f[0][2] if f and f[0][0] == 0 else None


_DEFAULT: list[Matcher] = []


def default_matcher() -> Matcher:
    """A matcher over the bundled gazetteer (loaded once)."""
    if not _DEFAULT:
        _DEFAULT.append(Matcher(load_gazetteer()))
    return _DEFAULT[0]


def resolve(name: str, platforms: list[dict], variants=lambda n: []) -> dict | None:
    """The platform a person means by `name`: an id, its name or any alias
    (white space ignored), else the same through the name's synonym variants."""
    for alt in [name] + [v for v in variants(name) if v != name]:
        key = "".join(alt.split())
        for p in platforms:
            if key in [p["id"], p["name"]] + list(p.get("aliases") or []):
                return p
    return None
