"""The cue lists of resources/positioning_cues.toml, compiled once."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .. import paths


def _any(parts: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in parts))


@dataclass(frozen=True)
class Cues:
    ding: re.Pattern
    gong: re.Pattern
    results: re.Pattern
    future: re.Pattern
    past_period: re.Pattern
    actions: re.Pattern
    partner: re.Pattern          # matched against the text just before a name
    boilerplate: re.Pattern
    org_suffix: re.Pattern       # matched right after a name
    home_named_after: re.Pattern  # … right after a short (home) name
    home_all: tuple[str, ...]
    home_results: tuple[str, ...]
    home_none: tuple[str, ...]
    results_sections: tuple[str, ...]
    places: tuple[str, ...]      # what a discovered platform's name begins with
    office_after: re.Pattern
    regions: tuple[str, ...]
    generic: re.Pattern          # a name's middle made only of these is a kind, not a place
    breaks: re.Pattern
    after_name: re.Pattern


@lru_cache(maxsize=1)
def cues() -> Cues:
    d = tomllib.loads(paths.resource("positioning_cues.toml").read_text(encoding="utf-8"))
    a, s, n, sec, disc = d["aspect"], d["sentence"], d["names"], d["sections"], d["discovery"]
    role = "(?:" + "|".join(a["roles"]) + ")"
    return Cues(
        ding=_any([p.replace("ROLE", role) for p in a["ding"]]),
        gong=_any(a["gong"]), results=_any(a["results"]), future=_any(a["future"]),
        past_period=_any(a["past_period"]), actions=_any(s["actions"]),
        partner=re.compile("(?:" + "|".join(s["partner"]) + r")(?=[^，。；：]{0,6}$)"),
        boilerplate=_any(s["boilerplate"]), org_suffix=re.compile("(?:" + "|".join(n["org_suffixes"]) + ")"),
        home_named_after=_any(n["home_named_after"]),
        home_all=tuple(sec["home_all"]), home_results=tuple(sec["home_results"]),
        home_none=tuple(sec["home_none"]), results_sections=tuple(sec["results"]),
        places=tuple(sorted(disc["places"], key=len, reverse=True)),
        office_after=re.compile("(?:" + "|".join(disc["office_after"]) + ")"),
        regions=tuple(disc["regions"]), generic=re.compile("(?:" + "|".join(disc["generic"]) + ")*"),
        breaks=_any(disc["breaks"]), after_name=_any(disc["after_name"]))
