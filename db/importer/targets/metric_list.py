"""The reviewed metric list (resources/indicator_terms.toml): which cross-plan metric
a name is, the territory some metrics are only counted for, comparable units."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .metric import terms

# unit -> (unit values are compared in, factor); 亿元 and 亿美元 stay apart
NORM_UNITS = {"万亿元": ("亿元", 1e4), "亿元": ("亿元", 1.0), "万元": ("亿元", 1e-4), "亿美元": ("亿美元", 1.0),
              "万美元": ("亿美元", 1e-4), "万户": ("户", 1e4), "万人次": ("人次", 1e4), "万人": ("人", 1e4),
              "亿吨": ("万吨", 1e4), "％": ("%", 1.0), "家": ("个", 1.0)}   # 家 and 个 count the same things


_UNKEYED = re.compile(r"[\s“”\"「」]")


@dataclass(frozen=True)
class Metric:
    canonical: str
    names: tuple[str, ...]
    unless: tuple[str, ...]
    scope: str | None


@lru_cache(maxsize=1 << 16)     # the list's own names are keyed for every name compared
def key(name: str) -> str:
    """A name as compared: NFKC, no spaces or quotes."""
    return _UNKEYED.sub("", unicodedata.normalize("NFKC", name or ""))


@lru_cache(maxsize=1)
def metrics() -> tuple[Metric, ...]:
    return tuple(Metric(m["canonical"], tuple(m["names"]), tuple(m.get("unless", [])), m.get("scope"))
                 for m in terms()["metric"])


def metric_of(name: str) -> Metric | None:
    """The cross-plan metric a name is (its longest matching name wins), or None."""
    k = key(name)
    best: tuple[int, Metric] | None = None
    for m in metrics():
        for n in m.names:
            if key(n) in k and not any(key(u) in k for u in m.unless):
                if best is None or len(key(n)) > best[0]:
                    best = (len(key(n)), m)
    return best[1] if best else None


def find(name: str) -> Metric | None:
    """A metric by its canonical name or any of its names (for --metric)."""
    k = key(name)
    for m in metrics():
        if k == key(m.canonical) or k in (key(n) for n in m.names):
            return m
    hit = metric_of(name)
    if hit:
        return hit
    # a shortening of one metric's name (服务贸易 → 服务贸易总额)
    part = [m for m in metrics() if k and any(k in key(n) for n in (m.canonical,) + m.names)]
    return part[0] if len(part) == 1 else None


def normalise(value: float | None, unit: str | None) -> tuple[float | None, str | None]:
    if unit is None:
        return value, None
    to, f = NORM_UNITS.get(unit, (unit, 1.0))
    return (round(value * f, 6) if value is not None else None), to
