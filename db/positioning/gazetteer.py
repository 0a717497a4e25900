"""The gazetteer of open platforms (resources/platforms.toml) and finding their names in text."""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths


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


def platform_rows(platforms: list[Platform]) -> list[dict]:
    """The platforms table's rows (aliases: every other name, home names included)."""
    return [dict(id=p.id, name=p.name, kind=p.kind,
                 aliases=json.dumps(p.aliases + p.formerly + p.later + p.home, ensure_ascii=False),
                 formerly=json.dumps(p.formerly, ensure_ascii=False) if p.formerly else None,
                 later=json.dumps(p.later, ensure_ascii=False) if p.later else None,
                 part_of=p.part_of) for p in platforms]


class Matcher:
    """Finds platform names in text: the longest name wins where names overlap
    (中国（重庆）自由贸易试验区西永片区 is the 片区, not the 自贸试验区). A platform's
    `home` names (高新区 …) count only in a plan whose title names it."""

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
