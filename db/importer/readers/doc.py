"""Binary Word (.doc, Word 97–2003; WPS's .wps is the same format): the main
document's paragraphs and tables in reading order, list labels restored.

The file is a compound file (doc_cfb, read within limits). Its WordDocument stream
starts with the FIB, which says where the main document's text ends (ccpText),
which table stream holds the rest (0Table/1Table) and where, in that stream, the
piece table (CLX → PlcPcd) lies: the text is the pieces in CP order, each either
UTF-16 or "compressed" one byte per character ([MS-DOC] 2.4.1). Runs whose CHPX
marks a tracked deletion or hidden text are dropped; fields (0x13 code 0x14 result
0x15) keep their result; a TOC field's result is a 目录, kept apart as its entries.
Paragraphs end at 0x0D and at the cell mark 0x07; a paragraph's PAPX (doc_props)
says whether it is in a table, ends a row (whose sprmTDefTable gives the cells'
edges and vertical merges) and which list level numbers it (doc_lists), directly
or through its style. Boxes and tables then come out as the Word (.docx) reader
makes them: a one-column table or a run of bordered paragraphs is a box, its
paragraphs lines set apart by gaps; other tables are `Table`s with merged cells.
Headers, footers, footnotes, comments and text boxes are other stories after
ccpText and are not read (text boxes are named in a warning).
"""
from __future__ import annotations

import bisect
import struct

from ..errors import UnimportableFile
from ..model import Line
from ..textio import MAX_FILE_BYTES, TextBudget, size_text
from .doc_cfb import MAGIC, Compound
from .doc_lists import Lists
from .doc_props import Para, Runs, Styles, para_props, run_dropped
from .docx import BodyLines, _prune, emit_table
from .docx_fields import toc_entry

WORKS = "这是 Microsoft Works 格式的 .wps 文件（不是 WPS 文字）：请用 WPS 或 Works 另存为 .docx 后再导入"
ENCRYPTED = "文档已加密（或经过混淆）：请在 Word 或 WPS 中取消密码，另存为 .docx 后再导入"
# fibRgFcLcb97 pairs used: (fc, lcb) of each, by index
FC_STSHF, FC_PLCF_BTE_CHPX, FC_PLCF_BTE_PAPX, FC_CLX, FC_PLF_LST, FC_PLF_LFO = 1, 12, 13, 33, 73, 74
MAX_PIECES = 1_000_000
_SPECIAL = {"\x0b": "\n", "\x0c": "\n", "\x1e": "-", "\t": " ", "\xa0": " "}   # line/page break, nb hyphen, tab
_CORRUPT = (struct.error, IndexError, ValueError, OverflowError, UnicodeDecodeError)


class Fib:
    """What the File Information Block says ([MS-DOC] 2.5.1)."""

    def __init__(self, word: bytes, path):
        if len(word) < 34 or struct.unpack_from("<H", word)[0] != 0xA5EC:
            raise UnimportableFile(path, "不是有效的 Word 文件（WordDocument 流的文件头不对）")
        self.nfib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 10)[0]
        self.encrypted, self.obfuscated = bool(flags & 0x0100), bool(flags & 0x8000)
        self.table = "1Table" if flags & 0x0200 else "0Table"
        csw = struct.unpack_from("<H", word, 32)[0]
        at = 34 + 2 * csw
        cslw = struct.unpack_from("<H", word, at)[0]
        lw = struct.unpack_from(f"<{cslw}i", word, at + 2)
        if len(lw) < 10:
            raise UnimportableFile(path, "不是有效的 Word 文件（FIB 不完整）")
        self.ccp_text, self.ccp_txbx = lw[3], lw[9]
        at += 2 + 4 * cslw
        cb = struct.unpack_from("<H", word, at)[0]
        self.fclcb = struct.unpack_from(f"<{2 * cb}I", word, at + 2)

    def pair(self, k: int) -> tuple[int, int]:
        return (self.fclcb[2 * k], self.fclcb[2 * k + 1]) if 2 * k + 1 < len(self.fclcb) else (0, 0)


def _blob(tbl: bytes, fib: Fib, k: int, path, what: str) -> bytes:
    fc, lcb = fib.pair(k)
    if fc + lcb > len(tbl):
        raise UnimportableFile(path, f"不是有效的 Word 文件（{what}超出表格流：{fc}+{lcb} > {len(tbl)}）")
    return tbl[fc:fc + lcb]


def pieces(clx: bytes, path) -> list[tuple[int, int, int, bool]]:
    """The piece table: (first CP, CP after, byte offset in WordDocument, compressed)."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:          # Prc: property modifiers of pieces
        at += 3 + struct.unpack_from("<H", clx, at + 1)[0]
    if at >= len(clx) or clx[at] != 0x02:
        raise UnimportableFile(path, "不是有效的 Word 文件（找不到文字的分段表 PlcPcd）")
    lcb = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5:at + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n < 1 or n > MAX_PIECES or len(plc) != 4 + 12 * n:
        raise UnimportableFile(path, "不是有效的 Word 文件（文字分段表的大小不对）")
    cps = struct.unpack_from(f"<{n + 1}i", plc)
    out = []
    for k in range(n):
        fc = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * k + 2)[0]
        compressed = bool(fc & 0x40000000)
        fc &= 0x3FFFFFFF
        if cps[k + 1] < cps[k] or cps[k] < 0:
            raise UnimportableFile(path, "不是有效的 Word 文件（文字分段的位置倒序）")
        out.append((cps[k], cps[k + 1], fc // 2 if compressed else fc, compressed))
    return out


class Text:
    """The main document's characters (CP 0..ccpText), each with its file position,
    and which of them Word shows (not deleted, not hidden)."""

    def __init__(self, word: bytes, pcs, ccp: int, chpx: Runs, path, budget: TextBudget):
        parts, self.starts, self.pieces, total = [], [], [], 0
        for cp0, cp1, fc, comp in pcs:
            cp1 = min(cp1, ccp)
            if cp0 >= cp1:
                continue
            width = 1 if comp else 2
            raw = word[fc:fc + (cp1 - cp0) * width]
            if len(raw) != (cp1 - cp0) * width:
                raise UnimportableFile(path, "不是有效的 Word 文件（文字分段超出 WordDocument 流）")
            budget.reserve((cp1 - cp0) // 2)
            parts.append(raw.decode("cp1252", "replace") if comp else raw.decode("utf-16-le", "replace"))
            self.starts.append(total)
            total += len(parts[-1])
            self.pieces.append((fc, width))
        self.chars = "".join(parts)
        self.keep = bytearray(b"\x01") * len(self.chars)
        for k, (fc, width) in enumerate(self.pieces):
            self._drop_runs(k, fc, width, chpx)

    def _drop_runs(self, k: int, fc: int, width: int, chpx: Runs) -> None:
        cp0 = self.starts[k]
        cp1 = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.chars)
        hi = fc + (cp1 - cp0) * width
        for lo_r, hi_r, (_, grpprl) in chpx.spans(fc, hi):
            if run_dropped(grpprl):
                a = cp0 + (max(lo_r, fc) - fc) // width
                b = cp0 + (min(hi_r, hi) - fc + width - 1) // width
                self.keep[a:b] = bytes(b - a)

    def fc(self, cp: int) -> int:
        k = bisect.bisect_right(self.starts, cp) - 1
        fc, width = self.pieces[k]
        return fc + (cp - self.starts[k]) * width


def paragraphs(text: Text):
    """(text, CP of the paragraph mark, the mark, inside a TOC field) of each paragraph:
    field codes dropped, results kept; deleted and hidden characters dropped."""
    stack: list[list] = []                 # per open field: [in result?, code characters]
    buf: list[str] = []
    for i, ch in enumerate(text.chars):
        if ch in "\r\x07":
            in_toc = any(f[0] and "".join(f[1]).split()[:1] == ["TOC"] for f in stack)
            yield "".join(buf), i, ch, in_toc
            buf = []
            continue
        if not text.keep[i]:
            continue
        if ch == "\x13":
            stack.append([False, []])
        elif ch == "\x14":
            if stack:
                stack[-1][0] = True
        elif ch == "\x15":
            if stack:
                stack.pop()
        elif stack and not stack[-1][0]:
            stack[-1][1].append(ch)
        elif not any(not f[0] for f in stack):
            buf.append(_SPECIAL.get(ch, ch))
    if any(buf):
        yield "".join(buf), len(text.chars), "\r", False


class Body:
    """Paragraphs into lines: tables gathered cell by cell, row by row, then emitted
    as the Word reader emits them; bordered runs of paragraphs as boxes."""

    def __init__(self, props, lists: Lists, budget: TextBudget):
        self.props, self.lists = props, lists
        self.out = BodyLines(None, budget)
        self.rows: list[tuple[list[list[str]], list]] = []
        self.row: list[list[str]] = []
        self.cell: list[str] = []
        self.frame: bytes | None = None
        self.toc: list = []

    def paragraph(self, text: str, cp: int, mark: str, in_toc: bool) -> None:
        p: Para = self.props(cp)
        if in_toc:
            entry = toc_entry(text)
            if entry is not None and entry.page:
                self.toc.append(entry)
            return
        label = self.lists.label(p.ilfo, p.ilvl) if p.ilfo else ""
        if label and text.strip() and not label.endswith(("、", ".", "．", "）", ")")):
            label += " "
        text = label + text if text.strip() or label else text
        if p.itap >= 1:
            self._in_table(text, mark, p)
            return
        self.flush_table()
        if self.frame and (p.borders or None) != self.frame:
            self.out.end_frame()
        self.frame = p.borders or None
        if text.strip():
            self.out.emit(text)

    def _in_table(self, text: str, mark: str, p: Para) -> None:
        if self.frame:
            self.out.end_frame()
            self.frame = None
        if p.itap > 1 or p.inner_cell or p.inner_ttp:     # a nested table: its text stays in the cell
            if text.strip() and not p.inner_ttp:
                self.cell.append(text.strip())
            return
        if p.ttp:
            self.rows.append((self.row, p.cells))
            self.row, self.cell = [], []
            return
        if text.strip():
            self.cell.append(text.strip())
        if mark == "\x07":
            self.row.append(self.cell)
            self.cell = []

    def flush_table(self) -> None:
        if self.row or self.cell:
            self.rows.append((self.row + ([self.cell] if self.cell else []), []))
        self.row, self.cell = [], []
        if not self.rows:
            return
        rows, merged, paras = _prune(*grid(self.rows))
        self.rows = []
        if rows:
            emit_table(self.out, rows, merged, paras)


def grid(rows: list[tuple[list[list[str]], list]]):
    """(texts, merged flags, paragraphs) on the table's grid: columns are the distinct
    cell edges of all rows; a cell covering several columns leaves the others empty,
    a vertically merged cell that continues repeats the text above (marked merged)."""
    edges = sorted({e for _, defs in rows for left, right, _ in defs for e in (left, right)})
    out_t, out_m, out_p = [], [], []
    for cells, defs in rows:
        exact = len(defs) == len(cells) and len(edges) > 1
        width = len(edges) - 1 if exact else len(cells)
        t, m, ps = [""] * width, [False] * width, [[] for _ in range(width)]
        for k, cell in enumerate(cells):
            col = bisect.bisect_left(edges, defs[k][0]) if exact else k
            if col >= width:
                continue
            flags = defs[k][2] if exact else 0
            if flags & 0x20 and not flags & 0x40 and out_t and col < len(out_t[-1]):
                t[col], m[col], ps[col] = out_t[-1][col], True, out_p[-1][col]
            elif not flags & 0x02:
                t[col], ps[col] = "".join(cell), cell
        out_t.append(t)
        out_m.append(m)
        out_p.append(ps)
    return out_t, out_m, out_p


def _open(data: bytes, path) -> tuple[Compound, bytes]:
    """The compound file and its WordDocument stream; a Works file or another Office
    file refused with what it is."""
    is_wps = str(path).lower().endswith(".wps")
    if data[:8] != MAGIC:
        if is_wps:
            raise UnimportableFile(path, WORKS)
        raise UnimportableFile(path, "不是有效的 Word 97–2003 文件（不是复合文档）")
    cf = Compound(data, path)
    word = cf.read("WordDocument")
    if word is None:
        names = cf.names()
        if "EncryptedPackage" in names:        # an encrypted .docx ([MS-OFFCRYPTO]) is a compound file too
            raise UnimportableFile(path, ENCRYPTED)
        if {"MatOST", "CONTENTS", "SPELLING"} & names or is_wps:
            raise UnimportableFile(path, WORKS)
        other = {"Workbook": "Excel 表格", "Book": "Excel 表格", "PowerPoint Document": "PowerPoint 演示文稿"}
        kind = next((v for k, v in other.items() if k in names), None)
        raise UnimportableFile(path, f"这是{kind}，不是 Word 文档" if kind else "不是 Word 文档（复合文档中没有 WordDocument 流）")
    return cf, word


def _props(text: Text, papx: Runs, styles: Styles):
    cache: dict = {}

    def props(cp: int) -> Para:
        key = papx.at(text.fc(cp)) if cp < len(text.chars) else (0, b"")
        if key not in cache:
            istd, grpprl = key
            p = para_props(istd, b"".join(styles.chain(istd)) + grpprl)
            p.borders = para_props(istd, grpprl).borders    # a frame drawn on the paragraph, not its style
            cache[key] = p
        return cache[key]
    return props


def _read(data: bytes, path, budget: TextBudget, toc: list | None) -> tuple[list[Line], list[str]]:
    cf, word = _open(data, path)
    fib = Fib(word, path)
    if fib.encrypted or fib.obfuscated:
        raise UnimportableFile(path, ENCRYPTED)
    if fib.nfib < 0x00C1:
        raise UnimportableFile(path, f"这是 Word 6.0/95 或更早的格式（nFib {fib.nfib}）：请在 Word 或 WPS 中另存为 .docx 后再导入")
    tbl = cf.read(fib.table)
    if tbl is None:
        raise UnimportableFile(path, f"不是有效的 Word 文件（缺少 {fib.table} 流）")
    if not 0 <= fib.ccp_text <= len(word):
        raise UnimportableFile(path, f"不是有效的 Word 文件（正文长度 {fib.ccp_text} 超出文件）")
    pcs = pieces(_blob(tbl, fib, FC_CLX, path, "分段表"), path)
    chpx = Runs(word, _blob(tbl, fib, FC_PLCF_BTE_CHPX, path, "字符格式表"), papx=False)
    papx = Runs(word, _blob(tbl, fib, FC_PLCF_BTE_PAPX, path, "段落格式表"), papx=True)
    styles = Styles(_blob(tbl, fib, FC_STSHF, path, "样式表"))
    lists = Lists(tbl, *fib.pair(FC_PLF_LST), *fib.pair(FC_PLF_LFO))
    text = Text(word, pcs, fib.ccp_text, chpx, path, budget)
    body = Body(_props(text, papx, styles), lists, budget)
    for para in paragraphs(text):
        body.paragraph(*para)
    body.flush_table()
    warnings = []
    if fib.ccp_txbx > 0:
        warnings.append("Word 文件中有文本框，其中的文字未读取（请在 Word 或 WPS 中另存为 .docx 后再导入以读取文本框）")
    if toc is not None:
        toc.extend(body.toc)
        return body.out.lines, warnings
    marked = [Line(no=0, text=f"{e.text} {e.page or ''}".strip(), toc=True) for e in body.toc]
    return marked + body.out.lines, warnings


def read_doc(data: bytes, path, budget: TextBudget | None = None,
             toc: list | None = None) -> tuple[list[Line], list[str]]:
    """(lines, warnings) of a .doc or .wps (Word 97–2003 binary). The 目录's entries go
    to `toc` when a list is given, else they lead the lines marked `toc`."""
    if len(data) > MAX_FILE_BYTES:
        raise UnimportableFile(path, f"文件过大（{size_text(len(data), MAX_FILE_BYTES)}）")
    budget = budget or TextBudget(path)
    try:
        return _read(data, path, budget, toc)
    except _CORRUPT as e:
        raise UnimportableFile(path, f"Word 文件已损坏，无法读取（{type(e).__name__}）") from None
