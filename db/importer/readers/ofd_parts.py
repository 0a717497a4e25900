"""An OFD package's parts (GB/T 33190-2016): XML read safely, locations resolved
inside the package, and a page's text and path objects turned into characters with
boxes and drawn paths, in millimetres on the page (y grows down, as in OFD).

Elements are matched by their local name: the standard's namespace
(http://www.ofdspec.org/2016) is what producers write, but a missing or other
prefix changes nothing a reader needs.
"""
from __future__ import annotations

import math
import posixpath
import re
from dataclasses import dataclass, field


from ..errors import UnimportableFile
from .xmlparts import parse_part
from .ziplimits import Package

MM = 72 / 25.4            # points in a millimetre: the PDF reader's geometry works in points
MAX_PATH_TOKENS = 200_000  # numbers and commands of one path's AbbreviatedData
# CJK characters are set a full em wide; others (digits, Latin, punctuation
# halves) about half, when no DeltaX says where the next one goes
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uff60\u3000-\u303f\u2014-\u201d\u2026]")


def local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def children(el, name: str) -> list:
    return [c for c in el if local(c.tag) == name] if el is not None else []


def child(el, name: str):
    return next((c for c in el if local(c.tag) == name), None) if el is not None else None


def num(s) -> float | None:
    try:
        v = float(s)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def num_list(s) -> list[float] | None:
    """Numbers separated by white space (ST_Array); None when any is not a number."""
    vals = [num(t) for t in (s or "").split()]
    return None if any(v is None for v in vals) else vals


def deltas(s: str | None, n: int) -> list[float] | None:
    """A DeltaX/DeltaY list for n characters, "g k v" standing for v repeated k times
    (at most n values are made, whatever k says); None when malformed."""
    toks, out, i = (s or "").split(), [], 0
    while i < len(toks) and len(out) < n:
        if toks[i] == "g":
            k, v = (num(toks[i + 1]), num(toks[i + 2])) if i + 2 < len(toks) else (None, None)
            if k is None or v is None or k < 0:
                return None
            out += [v] * min(int(k), n - len(out))
            i += 3
        else:
            v = num(toks[i])
            if v is None:
                return None
            out.append(v)
            i += 1
    return out


class OfdPackage:
    """The package's parts within ziplimits' limits, parsed without entities, DTD or
    network, their elements counted; locations resolved inside the package only."""

    def __init__(self, data: bytes, path):
        self.path, self.tags, self.warnings = path, 0, []
        self.pkg = Package(data, path, " OFD 文件")
        self._parsed: dict[str, object] = {}

    def names(self) -> list[str]:
        return self.pkg.zip.namelist()

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def resolve(self, base: str, loc: str | None) -> str | None:
        """A ST_Loc: from the package root when it starts with "/", else from `base`;
        None (with a warning) for a URL, a drive, or a path leading out of the package."""
        loc = (loc or "").strip().replace("\\", "/")
        if not loc:
            return None
        if "://" in loc or loc.startswith("//") or re.match(r"^[A-Za-z]:", loc):
            self.warn(f"包内引用了外部位置（{loc[:60]}），未读取")
            return None
        full = posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc))
        if full == ".." or full.startswith("../") or full in (".", ""):
            self.warn(f"包内引用了包外的位置（{loc[:60]}），未读取")
            return None
        return full

    def xml(self, name: str):
        """A part parsed once (None when the package has no such part)."""
        if name in self._parsed:
            return self._parsed[name]
        data = self.pkg.read(name)
        if data is None:
            data = next((self.pkg.read(n) for n in self.names() if n.lstrip("/").lower() == name.lower()), None)
        self._parsed[name] = None if data is None else self._parse(name, data)
        return self._parsed[name]

    def _parse(self, name: str, data: bytes):
        root, self.tags = parse_part(self.path, name, data, self.tags, "OFD")
        return root


@dataclass
class PageObjects:
    """What a page (or a template) draws: characters (char, x0, top, x1, bottom,
    baseline) and paths ((x0, top, x1, bottom), stroked), in mm on the page."""
    chars: list = field(default_factory=list)
    paths: list = field(default_factory=list)
    glyph_only: int = 0       # text objects whose characters are glyph ids only
    images: int = 0
    bad: int = 0              # objects whose numbers could not be read


class _Placed:
    """An object's coordinates to the page's: CTM (a b c d e f), then the Boundary's origin."""

    def __init__(self, el):
        b = num_list(el.get("Boundary"))
        m = num_list(el.get("CTM")) if el.get("CTM") else [1, 0, 0, 1, 0, 0]
        if b is None or len(b) != 4 or m is None or len(m) != 6:
            raise ValueError
        self.ox, self.oy, self.m = b[0], b[1], m

    def at(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.m
        return self.ox + a * x + c * y + e, self.oy + b * x + d * y + f

    @property
    def scale(self) -> tuple[float, float]:
        a, b, c, d = self.m[:4]
        return math.hypot(a, b), math.hypot(c, d)


def _text(el, out: PageObjects) -> None:
    where, size = _Placed(el), num(el.get("Size"))
    if size is None or size <= 0:
        raise ValueError
    sx, sy = where.scale
    x = y = 0.0
    for tc in children(el, "TextCode"):
        text = tc.text or ""
        x, y = num(tc.get("X", x)), num(tc.get("Y", y))
        dx, dy = deltas(tc.get("DeltaX"), len(text)), deltas(tc.get("DeltaY"), len(text))
        if x is None or y is None or dx is None or dy is None:
            raise ValueError
        for i, ch in enumerate(text):
            width = size if _WIDE.match(ch) else size / 2
            step = dx[i] if i < len(dx) else (dx[-1] if dx else width)
            px, py = where.at(x, y)
            if not (math.isfinite(px) and math.isfinite(py) and abs(px) < 1e6 and abs(py) < 1e6):
                raise ValueError
            w = min(width, step) if step > 0 else width
            out.chars.append((ch, px, py - 0.88 * size * sy, px + w * sx, py + 0.12 * size * sy, py))
            x, y = x + step, y + (dy[i] if i < len(dy) else 0)
    if not any((tc.text or "").strip() for tc in children(el, "TextCode")) and children(el, "CGTransform"):
        out.glyph_only += 1


def _subpaths(data: str) -> list[tuple[list, bool]]:
    """AbbreviatedData's subpaths: (points, has curves). S/M start one, L Q B A go
    on (a curve's end point and control points kept), C closes it."""
    toks = re.findall(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", data)
    if len(toks) > MAX_PATH_TOKENS:
        raise ValueError
    arity = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0, "Z": 0}
    out, cur, i = [], None, 0
    while i < len(toks):
        op, i = toks[i], i + 1
        n = arity.get(op)
        if n is None or i + n > len(toks):
            raise ValueError
        vals = [float(t) for t in toks[i:i + n]]
        i += n
        if op in "SM" or cur is None:
            cur = ([], False)
            out.append(cur)
        if op in "CZ":
            continue
        pts = [(vals[k], vals[k + 1]) for k in range(0, n - 1, 2)] if op != "A" else [(vals[5], vals[6])]
        cur[0].extend(pts)
        if op in "QBA":
            out[-1] = cur = (cur[0], True)
    return out


def _path(el, out: PageObjects) -> None:
    stroked = el.get("Stroke", "true").strip().lower() != "false"
    filled = el.get("Fill", "false").strip().lower() == "true"
    if not (stroked or filled):
        return
    where = _Placed(el)
    for pts, curved in _subpaths(child(el, "AbbreviatedData").text or "" if child(el, "AbbreviatedData") is not None else ""):
        pts = [where.at(x, y) for x, y in pts]
        if not pts:
            continue
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        bbox = (min(xs), min(ys), max(xs), max(ys))
        straight = all(abs(a[0] - b[0]) < 0.2 or abs(a[1] - b[1]) < 0.2 for a, b in zip(pts, pts[1:]))
        corners = {(round(p[0], 1), round(p[1], 1)) for p in pts}
        if curved or len(pts) <= 2 or (straight and len(corners) <= 4):
            out.paths.append((bbox, stroked))          # a rule, a rectangle, a rounded frame
        elif stroked:
            for a, b in zip(pts, pts[1:]):             # a polyline: its straight strokes are rules
                out.paths.append(((min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])), True))


def read_objects(root, path) -> PageObjects:
    """Every text, path and image object of a page or template (in its layers and
    page blocks, at any depth); an object whose numbers can't be read is skipped."""
    out = PageObjects()
    for el in root.iter():
        name = local(el.tag)
        try:
            if name == "TextObject":
                _text(el, out)
            elif name == "PathObject":
                _path(el, out)
            elif name == "ImageObject":
                out.images += 1
        except (ValueError, TypeError, OverflowError, IndexError):
            out.bad += 1
    return out
