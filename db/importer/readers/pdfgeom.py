"""A PDF page's geometry: ruling lines into tables (merged cells found by the
missing rules between them) and frames (a box drawn around text). Coordinates are
top-down (y grows down the page), in points."""
from __future__ import annotations

from dataclasses import dataclass, field

TOL = 2.0          # rules this close are the same line
THIN = 2.5         # a path no thicker than this is a rule


@dataclass
class Rules:
    h: list[tuple[float, float, float]] = field(default_factory=list)   # (y, x0, x1)
    v: list[tuple[float, float, float]] = field(default_factory=list)   # (x, y0, y1)
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)  # (x0, top, x1, bottom)


def add_path(rules: Rules, box: tuple[float, float, float, float], stroked: bool) -> None:
    """A drawn path by its bounding box: a rule, a rectangle's four edges, or a filled area."""
    x0, top, x1, bottom = box
    w, h = x1 - x0, bottom - top
    if h <= THIN and w >= 8:
        rules.h.append(((top + bottom) / 2, x0, x1))
    elif w <= THIN and h >= 8:
        rules.v.append(((x0 + x1) / 2, top, bottom))
    elif w > THIN and h > THIN:
        rules.rects.append(box)
        if stroked:
            rules.h += [(top, x0, x1), (bottom, x0, x1)]
            rules.v += [(x0, top, bottom), (x1, top, bottom)]


def _cluster(vals: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(vals):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def _components(rules: Rules) -> list[tuple[list, list]]:
    """Groups of rules that cross each other (union-find over H×V intersections)."""
    hs, vs = rules.h, rules.v
    parent = list(range(len(hs) + len(vs)))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if hx0 - TOL <= x <= hx1 + TOL and vy0 - TOL <= y <= vy1 + TOL:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, r in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(r)
    for j, r in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(r)
    return list(groups.values())


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    hs: list[tuple[float, float, float]]
    vs: list[tuple[float, float, float]]

    @property
    def bbox(self):
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def has_v(self, c: int, r: int) -> bool:
        """Is there a rule between column c-1 and c in row r?"""
        x, mid = self.xs[c], (self.ys[r] + self.ys[r + 1]) / 2
        return any(abs(vx - x) <= TOL and y0 - TOL <= mid <= y1 + TOL for vx, y0, y1 in self.vs)

    def has_h(self, r: int, c: int) -> bool:
        """Is there a rule between row r-1 and r in column c?"""
        y, mid = self.ys[r], (self.xs[c] + self.xs[c + 1]) / 2
        return any(abs(hy - y) <= TOL and x0 - TOL <= mid <= x1 + TOL for hy, x0, x1 in self.hs)


def grids(rules: Rules) -> list[Grid]:
    """Every ruled grid of at least two columns (an n × 1 one is a frame); a single
    row is kept too (the last row of a table the page break cut off)."""
    out = []
    for hs, vs in _components(rules):
        xs, ys = _cluster([v[0] for v in vs]), _cluster([h[0] for h in hs])
        if len(xs) < 3 or not ys:
            continue
        # a table the page break cut has no rule at its open end: its column rules
        # run past the last row rule, and that end closes the row
        top, bottom = min(v[1] for v in vs), max(v[2] for v in vs)
        if top < ys[0] - 4 * TOL:
            ys, hs = [top] + ys, hs + [(top, xs[0], xs[-1])]
        if bottom > ys[-1] + 4 * TOL:
            ys, hs = ys + [bottom], hs + [(bottom, xs[0], xs[-1])]
        if len(ys) >= 2:
            out.append(Grid(xs, ys, hs, vs))
    return out


def frames(rules: Rules, grids_: list[Grid], page_w: float, page_h: float) -> list[tuple]:
    """Areas drawn around text that are not tables: filled or stroked rectangles of
    some size, and 1 × n ruled boxes; never the page's own background."""
    out = []
    for x0, top, x1, bottom in rules.rects:
        if x1 - x0 > 0.3 * page_w and 24 < bottom - top < 0.85 * page_h:
            out.append((x0, top, x1, bottom))
    for hs, vs in _components(rules):
        xs = _cluster([v[0] for v in vs])
        if len(xs) == 2 and xs[1] - xs[0] > 0.3 * page_w:
            # a 1 × n ruled box: as tall as its side rules (a box cut by a page
            # break has no rule at its open end)
            ys = [h[0] for h in hs] + [v[1] for v in vs] + [v[2] for v in vs]
            if max(ys) - min(ys) > 8:
                out.append((xs[0], min(ys), xs[1], max(ys)))
    inside_table = lambda f: any(g.bbox[0] - TOL <= f[0] and f[2] <= g.bbox[2] + TOL and g.bbox[1] - TOL <= f[1]  # noqa: E731
                                 and f[3] <= g.bbox[3] + TOL for g in grids_)
    return [f for f in out if not inside_table(f)]


def cells(g: Grid) -> list[tuple[int, int, int, int]]:
    """The grid's cells as (row, col, last row, last col): where a rule is missing
    between two grid cells they are one (merged) cell."""
    nr, nc = len(g.ys) - 1, len(g.xs) - 1
    owner = [[None] * nc for _ in range(nr)]
    out = []
    for r in range(nr):
        for c in range(nc):
            if owner[r][c] is not None:
                continue
            c1 = c
            while c1 + 1 < nc and not g.has_v(c1 + 1, r):
                c1 += 1
            r1 = r
            while r1 + 1 < nr and not any(g.has_h(r1 + 1, k) for k in range(c, c1 + 1)):
                r1 += 1
            for rr in range(r, r1 + 1):
                for cc in range(c, c1 + 1):
                    owner[rr][cc] = len(out)
            out.append((r, c, r1, c1))
    return out
