"""Binary Word's properties ([MS-DOC] 2.6, 2.9): single property modifiers (sprms),
the formatted-disk pages that give each run of text its character (CHPX) or
paragraph (PAPX) properties, and the style sheet (STSH) a paragraph's style number
points into.

Only what the reader uses is interpreted: tracked deletion and hidden text on runs;
on paragraphs the table marks (in table, row end, nesting depth, the row's cell
definitions), the list (ilfo, ilvl), the borders that frame a box, and the style.
Everything is read with bounds: an offset or count that points outside its stream
is refused by the caller's UnimportableFile, never followed.
"""
from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass, field

# sprms (the full 16-bit values: ispmd | fSpec | sgc | spra)
CF_RMARK_DEL = 0x0800          # sprmCFRMarkDel: a tracked deletion
CF_VANISH = 0x083C             # sprmCFVanish: hidden text
P_ILVL, P_ILFO = 0x260A, 0x460B
P_IN_TABLE, P_TTP, P_ITAP = 0x2416, 0x2417, 0x6649
P_INNER_CELL, P_INNER_TTP = 0x244B, 0x244C
T_DEF_TABLE = 0xD608
P_BORDERS = {0x6424, 0x6425, 0x6426, 0x6427, 0xC64E, 0xC64F, 0xC650, 0xC651}   # sprmPBrc{Top,Left,Bottom,Right}(80)
P_CHG_TABS = 0xC615
FKP = 512


def sprms(grpprl: bytes):
    """(sprm, operand) of a grpprl, in order; a sprm cut off by the end stops it."""
    i, n = 0, len(grpprl)
    while i + 2 <= n:
        sprm = grpprl[i] | grpprl[i + 1] << 8
        i += 2
        size = _operand_size(sprm, grpprl, i)
        if size is None or i + size > n:
            return
        yield sprm, grpprl[i:i + size]
        i += size


def _operand_size(sprm: int, b: bytes, i: int) -> int | None:
    spra = sprm >> 13
    fixed = (1, 1, 2, 4, 2, 2, None, 3)[spra]
    if fixed is not None:
        return fixed
    if i >= len(b):
        return None
    if sprm in (T_DEF_TABLE, 0xD606):          # sprmTDefTable(10): a 2-byte count, plus one
        if i + 2 > len(b):
            return None
        return 2 + max(0, (b[i] | b[i + 1] << 8) - 1)
    if sprm == P_CHG_TABS and b[i] == 255:     # PChgTabsOperand with cb 255: deletions, then additions
        dels = b[i + 1] if i + 1 < len(b) else 0
        j = i + 2 + 4 * dels
        adds = b[j] if j < len(b) else 0
        return 2 + 4 * dels + 1 + 3 * adds
    return 1 + b[i]


@dataclass
class Para:
    """What a paragraph's PAPX says that the reader uses."""
    istd: int = 0
    in_table: bool = False
    ttp: bool = False
    itap: int = 0
    inner_cell: bool = False
    inner_ttp: bool = False
    ilfo: int | None = None
    ilvl: int | None = None
    borders: bytes = b""
    cells: list[tuple[int, int, int]] = field(default_factory=list)   # (left, right, TC80 flags)


def para_props(istd: int, grpprl: bytes) -> Para:
    p = Para(istd=istd)
    borders = []
    for sprm, op in sprms(grpprl):
        v = op[0] if op else 0
        if sprm == P_IN_TABLE:
            p.in_table = bool(v)
        elif sprm == P_TTP:
            p.ttp = bool(v)
        elif sprm == P_ITAP and len(op) == 4:
            p.itap = struct.unpack("<i", op)[0]
        elif sprm == P_INNER_CELL:
            p.inner_cell = bool(v)
        elif sprm == P_INNER_TTP:
            p.inner_ttp = bool(v)
        elif sprm == P_ILFO and len(op) == 2:
            p.ilfo = struct.unpack("<h", op)[0]
        elif sprm == P_ILVL:
            p.ilvl = v
        elif sprm in P_BORDERS:
            borders.append(struct.pack("<H", sprm) + op)
        elif sprm == T_DEF_TABLE:
            p.cells = def_table(op)
    p.borders = b"".join(borders)
    if p.in_table and p.itap == 0:
        p.itap = 1
    return p


def def_table(op: bytes) -> list[tuple[int, int, int]]:
    """sprmTDefTable's operand: each cell's (left, right) edge in twips and its TC80
    flags (fVertMerge 0x20, fVertRestart 0x40; fMerged 0x02 for an old horizontal merge)."""
    if len(op) < 3:
        return []
    n = op[2]
    edges_at, tcs_at = 3, 3 + 2 * (n + 1)
    if tcs_at > len(op):
        return []
    edges = struct.unpack_from(f"<{n + 1}h", op, edges_at)
    out = []
    for k in range(n):
        at = tcs_at + 20 * k                    # TC80: tcgrf (2), wWidth (2), brcs (16)
        flags = struct.unpack_from("<H", op, at)[0] if at + 2 <= len(op) else 0
        out.append((edges[k], edges[k + 1], flags))
    return out


class Runs:
    """FC ranges and their property bytes, from a PlcBteChpx or PlcBtePapx and its
    FKP pages in the WordDocument stream: lookup by file position (FC)."""

    def __init__(self, word: bytes, plc: bytes, papx: bool):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.props: list[tuple[int, bytes]] = []        # (istd, grpprl); istd 0 for runs
        n = (len(plc) - 4) // 8
        pns = struct.unpack_from(f"<{n}I", plc, 4 * (n + 1)) if n > 0 else ()
        for pn in dict.fromkeys(p & 0x3FFFFF for p in pns):
            page = word[pn * FKP:(pn + 1) * FKP]
            if len(page) == FKP:
                self._page(page, papx)
        order = sorted(range(len(self.starts)), key=self.starts.__getitem__)
        self.starts = [self.starts[k] for k in order]
        self.ends = [self.ends[k] for k in order]
        self.props = [self.props[k] for k in order]

    def _page(self, page: bytes, papx: bool) -> None:
        crun = page[511]
        if 4 * (crun + 1) + (13 if papx else 1) * crun > 511:
            return
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for k in range(crun):
            off = page[4 * (crun + 1) + (13 * k if papx else k)] * 2
            self.starts.append(fcs[k])
            self.ends.append(fcs[k + 1])
            self.props.append(_papx(page, off) if papx else _chpx(page, off))

    def at(self, fc: int) -> tuple[int, bytes]:
        k = bisect.bisect_right(self.starts, fc) - 1
        if k >= 0 and fc < self.ends[k]:
            return self.props[k]
        return 0, b""

    def spans(self, lo: int, hi: int):
        """(start, end, props) of the runs that meet [lo, hi)."""
        k = max(0, bisect.bisect_right(self.starts, lo) - 1)
        while k < len(self.starts) and self.starts[k] < hi:
            if self.ends[k] > lo:
                yield self.starts[k], self.ends[k], self.props[k]
            k += 1


def _chpx(page: bytes, off: int) -> tuple[int, bytes]:
    if off == 0 or off >= 511:
        return 0, b""
    return 0, page[off + 1:min(511, off + 1 + page[off])]


def _papx(page: bytes, off: int) -> tuple[int, bytes]:
    if off == 0 or off >= 510:
        return 0, b""
    cb = page[off]
    start, size = (off + 1, 2 * cb - 1) if cb else (off + 2, 2 * page[off + 1])
    body = page[start:min(511, start + size)]
    if len(body) < 2:
        return 0, b""
    return struct.unpack_from("<H", body)[0], body[2:]


def run_dropped(grpprl: bytes) -> bool:
    """A run Word does not show as text: a tracked deletion or hidden text."""
    return any(s in (CF_RMARK_DEL, CF_VANISH) and op[:1] not in (b"\x00", b"\x80") for s, op in sprms(grpprl))


class Styles:
    """The style sheet: each paragraph style's PAPX grpprl and its base style, so a
    property (a list) a style carries, or inherits, is found."""

    def __init__(self, stsh: bytes):
        self.base: dict[int, int] = {}
        self.papx: dict[int, bytes] = {}
        if len(stsh) < 6:
            return
        cb_stshi = struct.unpack_from("<H", stsh)[0]
        cstd, cb_base = struct.unpack_from("<HH", stsh, 2)
        at = 2 + cb_stshi
        for istd in range(cstd):
            if at + 2 > len(stsh):
                break
            cb = struct.unpack_from("<H", stsh, at)[0]
            std = stsh[at + 2:at + 2 + cb]
            at += 2 + cb
            if cb:
                self._std(istd, std, cb_base)

    def _std(self, istd: int, std: bytes, cb_base: int) -> None:
        if len(std) < 10:
            return
        w1, w2 = struct.unpack_from("<HH", std, 2)
        stk, base = w1 & 0xF, w1 >> 4
        cupx = w2 & 0xF
        at = cb_base
        if at + 2 > len(std):
            return
        cch = struct.unpack_from("<H", std, at)[0]
        at += 2 + 2 * (cch + 1)
        self.base[istd] = base
        if stk != 1 or cupx < 1 or at + 2 > len(std):
            return
        cbupx = struct.unpack_from("<H", std, at)[0]
        upx = std[at + 2:at + 2 + cbupx]
        self.papx[istd] = upx[2:] if len(upx) >= 2 else b""

    def chain(self, istd: int) -> list[bytes]:
        """The style's PAPX grpprls from its farthest base to itself."""
        out, seen = [], set()
        while istd in self.papx and istd not in seen and istd != 0x0FFF:
            seen.add(istd)
            out.append(self.papx[istd])
            istd = self.base.get(istd, 0x0FFF)
        return out[::-1]
