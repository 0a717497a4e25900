"""Binary Word's automatic numbering ([MS-DOC] 2.9.131 LSTF, 2.9.150 LVL, 2.9.147 LFO):
the label a numbered paragraph shows.

A paragraph (or its style) names a list override (ilfo, 1-based, in the PlfLfo) and
a level (ilvl). The override names a list (lsid, in the PlfLst, whose levels follow
it in the table stream) and may restart levels (LFOLVL fStartAt). Each level has a
start, a number format (nfc: the MSONFC values, which ECMA-376's ST_NumberFormat
lists in the same order, so docx_numfmt renders them), the level text (xst: the
characters 0–8 stand for the numbers of levels 1–9) and what follows it (tab, space,
nothing). Counters are per list; a deeper level restarts after a higher one unless
fNoRestart says otherwise (ilvlRestartLim then names the levels that still restart it).
"""
from __future__ import annotations

import struct

from .docx_numfmt import format_number

# MSONFC, in ECMA-376 ST_NumberFormat's order
NFC = ("decimal upperRoman lowerRoman upperLetter lowerLetter ordinal cardinalText ordinalText hex chicago "
       "ideographDigital japaneseCounting aiueo iroha decimalFullWidth decimalHalfWidth japaneseLegal "
       "japaneseDigitalTenThousand decimalEnclosedCircle decimalFullWidth2 aiueoFullWidth irohaFullWidth "
       "decimalZero bullet ganada chosung decimalEnclosedFullstop decimalEnclosedParen "
       "decimalEnclosedCircleChinese ideographEnclosedCircle ideographTraditional ideographZodiac "
       "ideographZodiacTraditional taiwaneseCounting ideographLegalTraditional taiwaneseCountingThousand "
       "taiwaneseDigital chineseCounting chineseLegalSimplified chineseCountingThousand koreanDigital "
       "koreanCounting koreanLegal koreanDigital2").split()
MAX_LISTS = 10_000


def _level(tbl: bytes, at: int) -> tuple[dict, int]:
    """One LVL at `at`: (the level, where the next one starts)."""
    start, nfc, flags = struct.unpack_from("<iBB", tbl, at)
    follow = tbl[at + 15]
    cb_chpx, cb_papx, restart_lim = tbl[at + 24], tbl[at + 25], tbl[at + 26]
    at += 28 + cb_papx + cb_chpx
    cch = struct.unpack_from("<H", tbl, at)[0]
    text = tbl[at + 2:at + 2 + 2 * cch].decode("utf-16-le", "replace")
    if len(text) != cch:
        raise struct.error("level text cut off")
    fmt = "none" if nfc == 255 else (NFC[nfc] if nfc < len(NFC) else "decimal")
    return dict(start=start, fmt=fmt, text=text, follow=follow, no_restart=bool(flags & 0x08),
                legal=bool(flags & 0x04), restart_lim=restart_lim), at + 2 + 2 * cch


class Lists:
    def __init__(self, tbl: bytes, fc_lst: int, lcb_lst: int, fc_lfo: int, lcb_lfo: int):
        self.lists: dict[int, list[dict]] = {}        # lsid -> levels
        self.lfos: list[tuple[int, dict[int, int]]] = []   # (lsid, ilvl -> start override)
        self.counters: dict[int, list[int | None]] = {}
        self.used: set[int] = set()
        self.pending: dict[int, dict[int, int]] = {}    # lsid -> ilvl -> start of its next count
        if lcb_lst >= 2 and fc_lst + lcb_lst <= len(tbl):
            self._read_lst(tbl, fc_lst)
        if lcb_lfo >= 4 and fc_lfo + lcb_lfo <= len(tbl):
            self._read_lfo(tbl, fc_lfo, fc_lfo + lcb_lfo)

    def _read_lst(self, tbl: bytes, at: int) -> None:
        n = min(struct.unpack_from("<h", tbl, at)[0], MAX_LISTS)
        heads = []
        for k in range(max(0, n)):
            o = at + 2 + 28 * k
            lsid, = struct.unpack_from("<i", tbl, o)
            heads.append((lsid, 1 if tbl[o + 26] & 1 else 9))
        at += 2 + 28 * max(0, n)
        for lsid, count in heads:
            levels = []
            for _ in range(count):
                lvl, at = _level(tbl, at)
                levels.append(lvl)
            self.lists[lsid] = levels

    def _read_lfo(self, tbl: bytes, at: int, end: int) -> None:
        n = min(struct.unpack_from("<I", tbl, at)[0], MAX_LISTS)
        heads = [struct.unpack_from("<i8xB", tbl, at + 4 + 16 * k) for k in range(n)]
        at += 4 + 16 * n
        for lsid, clfolvl in heads:          # LFOData: cp, then its LFOLVLs
            starts = {}
            at += 4
            for _ in range(clfolvl):
                start, flags = struct.unpack_from("<iI", tbl, at)
                at += 8
                if flags & 0x10:
                    starts[flags & 0xF] = start
                if flags & 0x20 and at < len(tbl):      # fFormatting: an LVL follows
                    _, at = _level(tbl, at)
            self.lfos.append((lsid, starts))

    def label(self, ilfo: int | None, ilvl: int | None) -> str:
        """The label shown before a paragraph of this list and level ('' when none); counts it."""
        if not ilfo or ilfo < 1 or ilfo > len(self.lfos):
            return ""
        lsid, starts = self.lfos[ilfo - 1]
        levels = self.lists.get(lsid)
        ilvl = ilvl or 0
        if not levels or ilvl >= len(levels):
            return ""
        lvl = levels[ilvl]
        if lvl["fmt"] in ("none", "bullet"):
            return ""
        cnt = self._count(lsid, ilfo, starts, levels, ilvl)
        out = []
        for ch in lvl["text"]:
            k = ord(ch)
            if k < 9 and k <= ilvl and k < len(levels):
                v = cnt[k] if cnt[k] is not None else levels[k]["start"]
                out.append(format_number(v, "decimal" if lvl["legal"] and k < ilvl else levels[k]["fmt"]))
            elif k >= 9:
                out.append(ch)
        return "".join(out)

    def _count(self, lsid: int, ilfo: int, starts: dict, levels: list[dict], ilvl: int) -> list[int | None]:
        cnt = self.counters.setdefault(lsid, [None] * 9)
        pending = self.pending.setdefault(lsid, {})
        if ilfo not in self.used:
            self.used.add(ilfo)
            for k, v in starts.items():
                if 0 <= k < 9:
                    cnt[k], pending[k] = None, v
        cnt[ilvl] = pending.pop(ilvl, levels[ilvl]["start"]) if cnt[ilvl] is None else cnt[ilvl] + 1
        for deeper in range(ilvl + 1, min(9, len(levels))):
            d = levels[deeper]
            if not d["no_restart"] or (d["restart_lim"] and ilvl < d["restart_lim"]):
                cnt[deeper] = None
        return cnt
