"""Word (.docx): paragraphs and tables in body order, numbering labels restored.

Styles are hints at most: headings are found by their numbering later on, so a
heading's label matters, and one that Word numbers automatically (w:numPr on the
paragraph or its style, or a list level naming the style; the label not in the
text) gets it back from numbering.xml, in any of Word's Chinese number formats
(docx_numfmt). Boxes come as framed paragraphs (w:pBdr, w:framePr), single-column
tables or text boxes (w:txbxContent, DrawingML or VML, read once: one branch of an
mc:AlternateContent) and become plain lines set apart by gaps; other tables stay
tables (w:gridSpan, w:vMerge understood). A 目录 (TOC field, content control or
style) is not text: its entries are kept apart (docx_fields). Bookmarks, field
codes, comments, footnote marks, tracked deletions and hidden text are dropped;
headers and footers are never read; nothing else is dropped. An embedded chunk
(w:altChunk) of HTML or text is read in place; one of another kind is named in a
warning.

The package is read within `ziplimits` (no zip bomb inflates), its XML without
entities, DTDs or network and with at most xmlparts.MAX_XML_TAGS elements, and the text
produced is counted (`TextBudget`).
"""
from __future__ import annotations

import email
import posixpath
from email import policy

from lxml import etree

from ..errors import UnimportableFile
from ..lines import clean_line
from ..model import Line, Table
from ..numbering import BOX_RE
from ..textio import TextBudget, decode, strip_invisible
from .docx_fields import (FieldState, TocEntry, alternate_branch, is_toc_sdt, is_toc_style, toc_entry,
                          toc_linked)
from .docx_numfmt import cn_count, format_number  # noqa: F401  (cn_count: part of this reader's API)
from .xmlparts import parse_part
from .ziplimits import Package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
# Elements (counted by their "<") in one package's XML parts: a plan's document.xml
# has a few thousand to two hundred thousand; each costs libxml2 about 200 bytes and
# the reader about 10 µs, so this bounds a package to about 400 MB and 12 s.
_SKIP = {"del", "moveFrom", "instrText", "delText", "rt", "footnoteReference", "endnoteReference",
         "commentReference", "fldChar", "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
         "pPr", "rPr", "proofErr", "lastRenderedPageBreak", "sectPr"}


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(el, tag: str) -> str | None:
    if el is None:
        return None
    return el.get(q(tag))


class Numbering:
    """Word's automatic numbering: the label a numbered paragraph shows.

    A paragraph is numbered by its own w:numPr or by its style's (along basedOn), or
    by a level that names its style (w:lvl/w:pStyle); w:numId 0 switches numbering
    off. Instances (w:num) of one list (w:abstractNum) count together; an instance's
    w:lvlOverride restarts a level at its w:startOverride where it is first used, or
    replaces the level (w:lvl). w:lvlRestart and w:isLgl are followed."""

    def __init__(self, numbering_xml, styles_xml):
        self.levels: dict[str, dict[int, dict]] = {}      # abstractNumId -> ilvl -> level
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.num_levels: dict[str, dict[int, dict]] = {}  # numId -> ilvl -> level replaced by an override
        self.counters: dict[str, list[int | None]] = {}
        self.pending: dict[str, dict[int, int]] = {}      # abstractNumId -> ilvl -> start of its next count
        self.used: set[str] = set()
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.style_based: dict[str, str] = {}
        self.style_names: dict[str, str] = {}
        self.level_style: dict[str, tuple[str, int]] = {}  # styleId -> (abstractNumId, ilvl) naming it
        if numbering_xml is not None:
            self._read_numbering(numbering_xml)
        if styles_xml is not None:
            self._read_styles(styles_xml)

    @staticmethod
    def _level(lvl) -> dict:
        restart = lvl.find(q("lvlRestart"))
        lgl = lvl.find(q("isLgl"))
        return dict(start=int(_attr(lvl.find(q("start")), "val") or 1),
                    fmt=_attr(lvl.find(q("numFmt")), "val"), text=_attr(lvl.find(q("lvlText")), "val") or "",
                    restart=int(_attr(restart, "val") or 0) if restart is not None else None,
                    legal=lgl is not None and _attr(lgl, "val") not in ("0", "false"))

    def _read_numbering(self, root):
        for a in root.iterfind(q("abstractNum")):
            aid, lv = _attr(a, "abstractNumId"), {}
            for lvl in a.iterfind(q("lvl")):
                ilvl = int(_attr(lvl, "ilvl") or 0)
                lv[ilvl] = self._level(lvl)
                sid = _attr(lvl.find(q("pStyle")), "val")
                if sid:
                    self.level_style.setdefault(sid, (aid, ilvl))
            self.levels[aid] = lv
        for n in root.iterfind(q("num")):
            nid, overrides, replaced = _attr(n, "numId"), {}, {}
            for o in n.iterfind(q("lvlOverride")):
                ilvl = int(_attr(o, "ilvl") or 0)
                st = o.find(q("startOverride"))
                if st is not None:
                    overrides[ilvl] = int(_attr(st, "val") or 0)
                if o.find(q("lvl")) is not None:
                    replaced[ilvl] = self._level(o.find(q("lvl")))
            self.nums[nid] = (_attr(n.find(q("abstractNumId")), "val"), overrides)
            self.num_levels[nid] = replaced

    def _read_styles(self, root):
        for s in root.iterfind(q("style")):
            sid = _attr(s, "styleId")
            self.style_names[sid] = (_attr(s.find(q("name")), "val") or "").strip()
            based = s.find(q("basedOn"))
            if based is not None:
                self.style_based[sid] = _attr(based, "val")
            np_ = s.find(f"{q('pPr')}/{q('numPr')}")
            if np_ is not None:
                ilvl = _attr(np_.find(q("ilvl")), "val")
                self.style_num[sid] = (_attr(np_.find(q("numId")), "val"), int(ilvl) if ilvl else None)

    def style_name(self, sid: str) -> str:
        return self.style_names.get(sid) or sid

    def _num_of_abstract(self, aid: str) -> str | None:
        return next((nid for nid, (a, ov) in self.nums.items() if a == aid and not ov), None) or next(
            (nid for nid, (a, _) in self.nums.items() if a == aid), None)

    def _style_num(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style numbers with, along its basedOn chain; a list
        level naming the style gives its level (and its list when the style has none)."""
        seen, num, ilvl, first = set(), None, None, sid
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.style_num:
                n, lv = self.style_num[sid]
                num = n if num is None else num
                ilvl = lv if ilvl is None else ilvl
                if num is not None and ilvl is not None:
                    break
            sid = self.style_based.get(sid)
        linked = self.level_style.get(first or "")
        if linked and num is None:
            num = self._num_of_abstract(linked[0])
        if ilvl is None and linked and num in self.nums and self.nums[num][0] == linked[0]:
            ilvl = linked[1]
        return num, ilvl

    def num_of(self, p) -> tuple[str, int] | None:
        """(numId, ilvl) a paragraph is numbered with: its own numPr, else its style's."""
        ppr = p.find(q("pPr"))
        np_ = ppr.find(q("numPr")) if ppr is not None else None
        own_num = _attr(np_.find(q("numId")), "val") if np_ is not None else None
        own_lvl = _attr(np_.find(q("ilvl")), "val") if np_ is not None else None
        if own_num is not None and own_lvl is not None:
            return own_num, int(own_lvl)
        sid = _attr(ppr.find(q("pStyle")), "val") if ppr is not None else None
        num, ilvl = self._style_num(sid)
        num = own_num if own_num is not None else num
        ilvl = int(own_lvl) if own_lvl is not None else ilvl
        return (num, ilvl or 0) if num is not None else None

    def _lvl(self, nid: str, ilvl: int) -> dict | None:
        return self.num_levels.get(nid, {}).get(ilvl) or self.levels.get(self.nums[nid][0], {}).get(ilvl)

    def _count(self, nid: str, ilvl: int) -> list[int | None]:
        """Advance the list's counter for this level (restarts first, where an instance
        with a start override is first used) and return the counters."""
        abs_id, overrides = self.nums[nid]
        cnt = self.counters.setdefault(abs_id, [None] * 9)
        pending = self.pending.setdefault(abs_id, {})
        if nid not in self.used:
            self.used.add(nid)
            for k, v in overrides.items():
                if 0 <= k < 9:
                    cnt[k], pending[k] = None, v
        lvl = self._lvl(nid, ilvl)
        cnt[ilvl] = pending.pop(ilvl, lvl["start"]) if cnt[ilvl] is None else cnt[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            # a deeper level restarts after a higher one, unless its lvlRestart says
            # never (0) or only after a level above this one
            r = (self._lvl(nid, deeper) or {}).get("restart")
            if r is None or (r > 0 and ilvl + 1 <= r):
                cnt[deeper] = None
        return cnt

    def label(self, p) -> str:
        """The label Word shows before this paragraph ('' when none); counts it."""
        nn = self.num_of(p)
        if not nn or nn[0] in (None, "0") or nn[0] not in self.nums or not 0 <= nn[1] < 9:
            return ""
        nid, ilvl = nn
        lvl = self._lvl(nid, ilvl)
        if lvl is None or lvl["fmt"] in ("none", "bullet"):
            return ""
        cnt = self._count(nid, ilvl)
        pending = self.pending.get(self.nums[nid][0], {})
        text = lvl["text"]
        for k in range(ilvl + 1):
            lk = self._lvl(nid, k) or {}
            v = cnt[k] if cnt[k] is not None else pending.get(k, lk.get("start", 1))
            fmt = "decimal" if lvl["legal"] and k < ilvl else lk.get("fmt")
            text = text.replace(f"%{k + 1}", format_number(v, fmt))
        return text

# ---- text ----

def _hidden(r) -> bool:
    rpr = r.find(q("rPr"))
    return rpr is not None and rpr.find(q("vanish")) is not None and _attr(rpr.find(q("vanish")), "val") not in (
        "0", "false")


class TextBox:
    """A text box (w:txbxContent, from DrawingML or VML) met in a paragraph's runs."""

    def __init__(self, content):
        self.content = content


def para_parts(el, out: list | None = None) -> list:
    """What a reader sees of a paragraph, in order: strings (runs' text, tabs as
    spaces, breaks as newlines; deletions, field codes, marks and hidden text left
    out) and the `TextBox`es anchored in it; of an mc:AlternateContent one branch."""
    out = [] if out is None else out
    for ch in el:
        tag = local(ch.tag)
        if tag in _SKIP:
            continue
        if tag == "t":
            out.append(ch.text or "")
        elif tag in ("tab", "ptab"):
            out.append(" ")
        elif tag in ("br", "cr"):
            out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
        elif tag == "r" and _hidden(ch):
            continue
        elif tag == "txbxContent":
            out.append(TextBox(ch))
        elif tag == "AlternateContent":
            branch = alternate_branch(ch)
            if branch is not None:
                para_parts(branch, out)
        else:
            para_parts(ch, out)
    return out


def para_text(el) -> str:
    """A paragraph's own text (its text boxes' left out)."""
    return "".join(x for x in para_parts(el) if isinstance(x, str))


def _style_name(p) -> str:
    ppr = p.find(q("pPr"))
    return (_attr(ppr.find(q("pStyle")), "val") or "") if ppr is not None else ""


def _in_text_box(el) -> bool:
    return any(local(a.tag) == "txbxContent" for a in el.iterancestors())


def frame_key(p) -> bytes | None:
    """What frames a paragraph (its borders, its text frame), None when nothing does:
    consecutive paragraphs with the same key share one box, as Word draws them. A drop
    cap's frame is not a box."""
    ppr = p.find(q("pPr"))
    if ppr is None:
        return None
    bdr, frame = ppr.find(q("pBdr")), ppr.find(q("framePr"))
    if frame is not None and _attr(frame, "dropCap") in ("drop", "margin"):
        frame = None
    if bdr is None and frame is None:
        return None
    return b"".join(etree.tostring(x) for x in (bdr, frame) if x is not None)


def blocks(parent):
    """w:p, w:tbl and w:altChunk children in body order (content controls and custom
    XML opened); a content control holding a 目录 comes whole (a w:sdt)."""
    for ch in parent:
        tag = local(ch.tag)
        if tag in ("p", "tbl", "altChunk"):
            yield ch
        elif tag == "sdt" and is_toc_sdt(ch):
            yield ch
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from blocks(ch)


# ---- tables ----

def _cell_paragraphs(tc, num: Numbering) -> list[str]:
    out = []
    for b in blocks(tc):
        if local(b.tag) == "p":
            parts = para_parts(b)
            t = strip_invisible(num.label(b) + "".join(x for x in parts if isinstance(x, str))).strip()
            if t:
                out.append(t)
            for box in (x for x in parts if isinstance(x, TextBox)):
                out.extend(_cell_paragraphs(box.content, num))
        elif local(b.tag) == "tbl":
            out.extend(" ".join(c for c in row if c) for row in grid(b, num)[0])
    return out


def grid(tbl, num: Numbering):
    """(rows of cell texts, merged flags, rows of cell paragraphs): a vertically merged
    cell's text in every row it covers (marked merged), a horizontal span's extra
    columns empty."""
    rows, merged, paras = [], [], []
    for tr in tbl.iterchildren(q("tr")):
        row, mrow, prow = [], [], []
        cells = [c for c in tr.iter(q("tc")) if c.getparent() is tr or local(c.getparent().tag) in ("sdtContent",)]
        for tc in cells:
            tcpr = tc.find(q("tcPr"))
            span = int(_attr(tcpr.find(q("gridSpan")), "val") or 1) if tcpr is not None and tcpr.find(q("gridSpan")) is not None else 1
            vm = tcpr.find(q("vMerge")) if tcpr is not None else None
            cont = vm is not None and _attr(vm, "val") in (None, "continue")
            ps = _cell_paragraphs(tc, num)
            col = len(row)
            if cont and rows and col < len(rows[-1]):
                text, ps = rows[-1][col], paras[-1][col]
            else:
                text = "".join(ps)
            row.append(text)
            mrow.append(cont)
            prow.append(ps)
            for _ in range(span - 1):
                row.append("")
                mrow.append(False)
                prow.append([])
        rows.append(row)
        merged.append(mrow)
        paras.append(prow)
    return rows, merged, paras


def _prune(rows, merged, paras):
    """Drop rows and columns that hold nothing."""
    keep_r = [k for k, r in enumerate(rows) if any(c.strip() for c in r)]
    rows, merged, paras = [rows[k] for k in keep_r], [merged[k] for k in keep_r], [paras[k] for k in keep_r]
    ncol = max((len(r) for r in rows), default=0)
    keep_c = [c for c in range(ncol) if any(c < len(r) and r[c].strip() for r in rows)]
    pick = lambda rs, fill: [[r[c] if c < len(r) else fill for c in keep_c] for r in rs]  # noqa: E731
    return pick(rows, ""), pick(merged, False), pick(paras, [])


class BodyLines:
    """A Word body (.docx, or a .doc's text) made into lines as it is walked: paragraphs,
    tables and text boxes emitted in order, the 目录's entries kept aside, warnings."""

    def __init__(self, num: Numbering, budget: TextBudget | None = None, chunks=None):
        self.num = num
        self.budget = budget or TextBudget("<docx>")
        self.chunks = chunks              # r:id -> (lines, warning) of an embedded chunk
        self.lines: list[Line] = []
        self.warnings: list[str] = []
        self.gap_next = 0
        self.fields = FieldState()
        self.toc: list[TocEntry] = []     # the 目录's entries, in order

    def emit(self, text: str, starts=True, table=None) -> None:
        parts = text.split("\n") if table is None else [""]
        if table is not None:
            for row in table.rows:
                self.budget.add("".join(row))
        for k, part in enumerate(parts):
            t = self.budget.add(clean_line(part))
            if not t and table is None:
                continue
            self.lines.append(Line(no=len(self.lines) + 1, text=t, gap=1 + self.gap_next,
                                   starts=starts if k == 0 else None, table=table))
            self.gap_next = 0

    def end_frame(self) -> None:
        self.gap_next = 2          # a box ends here: a larger gap than between paragraphs

    def toc_paragraph(self, p) -> bool:
        """Whether a paragraph is a line of a 目录 (kept as an entry, not emitted): a
        TOC style's, or a TOC field's result. Every paragraph passes here, so the
        fields are followed across paragraphs."""
        in_field = self.fields.paragraph(p, skip=_in_text_box)
        sid = _style_name(p)
        name = self.num.style_name(sid)
        if not (in_field or is_toc_style(name) or is_toc_style(sid) or toc_linked(p)):
            return False
        entry = toc_entry(para_text(p), name.lower())
        if not (in_field or is_toc_style(name) or is_toc_style(sid)) and (entry is None or not entry.page):
            return False             # linked to a heading but no page number: not a 目录 line
        if entry is not None and (entry.page or entry.level):
            self.toc.append(entry)
        return True

    def toc_control(self, sdt) -> None:
        """A content control holding a 目录: its entries kept, nothing emitted."""
        for p in sdt.iter(q("p")):
            if not self.toc_paragraph(p):
                entry = toc_entry(para_text(p))
                if entry is not None and entry.page:
                    self.toc.append(entry)

    def paragraph(self, p, in_frame: bytes | None) -> bytes | None:
        """Emit a paragraph (and the text boxes anchored in it, in place); returns what
        frames it (`frame_key`), None when it is not part of a framed box."""
        if self.toc_paragraph(p):
            return in_frame          # a table of contents' entries: page numbers, not headings
        framed = frame_key(p)
        if in_frame and framed != in_frame:
            self.end_frame()
        label = self.num.label(p)
        text: list[str] = []
        for part in para_parts(p):
            if isinstance(part, str):
                text.append(part)
                continue
            if "".join(text).strip() or label:
                label = self._emit_labelled(label, "".join(text))
            text = []
            self.text_box(part)
        if label or "".join(text).strip():
            self._emit_labelled(label, "".join(text))
        return framed

    def _emit_labelled(self, label: str, text: str) -> str:
        if label and text and not label.endswith(("、", ".", "．", "）", ")")):
            label += " "
        self.emit(label + text)
        return ""

    def text_box(self, box: TextBox) -> None:
        """A text box's paragraphs and tables as a box (a 专栏 set apart from the text
        around it): its lines in order, then the gap that ends a box."""
        if self.lines and self.gap_next == 0:
            self.gap_next = 1
        in_frame = None
        for b in blocks(box.content):
            tag = local(b.tag)
            if tag == "p":
                in_frame = self.paragraph(b, in_frame)
            elif tag == "tbl":
                self.table(b)
            elif tag == "sdt":
                self.toc_control(b)
            else:
                self.alt_chunk(b)
        self.end_frame()

    def table(self, tbl) -> None:
        rows, merged, paras = _prune(*grid(tbl, self.num))
        if not rows:
            return
        emit_table(self, rows, merged, paras)

    def alt_chunk(self, el) -> None:
        """An embedded chunk's lines in place (HTML, text), or a warning naming it."""
        lines, warning = self.chunks(el.get(f"{{{R}}}id")) if self.chunks else ([], "嵌入内容（altChunk）未读取")
        if warning:
            self.warnings.append(warning)
        for ln in lines:
            ln.no = len(self.lines) + 1
            self.lines.append(ln)
        self.gap_next = 1 if lines else self.gap_next

    def body(self, root) -> None:
        in_frame = None
        for b in blocks(root):
            tag = local(b.tag)
            if tag == "p":
                in_frame = self.paragraph(b, in_frame)
                continue
            if in_frame:
                self.end_frame()
            in_frame = None
            if tag == "tbl":
                self.table(b)
            elif tag == "sdt":
                self.toc_control(b)
            else:
                self.alt_chunk(b)


class _Parts:
    """The package's XML parts and embedded chunks, each read within the limits."""

    def __init__(self, data: bytes, path, budget: TextBudget):
        self.path, self.budget, self.tags = path, budget, 0
        self.pkg = Package(data, path, " .docx 文件")
        self._rels: dict | None = None
        self._types = None

    def xml(self, name: str):
        """A part parsed (None when absent): no entities, no DTD, no network, no huge
        text nodes, nesting within libxml2's 256 levels, elements counted."""
        data = self.pkg.read(name)
        if data is None:
            return None
        root, self.tags = parse_part(self.path, name, data, self.tags, ".docx")
        return root

    def relationships(self) -> dict[str, tuple[str, str]]:
        """document.xml's relationships: id -> (part name or external target, mode)."""
        root = self.xml("word/_rels/document.xml.rels")
        out = {}
        for r in root.iter(f"{{{PR}}}Relationship") if root is not None else ():
            target, mode = r.get("Target") or "", r.get("TargetMode") or ""
            if mode != "External":
                target = posixpath.normpath(target.lstrip("/") if target.startswith("/") else f"word/{target}")
            out[r.get("Id")] = (target, mode)
        return out

    def content_type(self, name: str) -> str:
        if self._types is None:
            self._types = self.xml("[Content_Types].xml")
        root = self._types
        if root is None:
            return ""
        for o in root.iter(f"{{{CT}}}Override"):
            if (o.get("PartName") or "").lstrip("/") == name:
                return (o.get("ContentType") or "").lower()
        ext = name.rsplit(".", 1)[-1].lower()
        for d in root.iter(f"{{{CT}}}Default"):
            if (d.get("Extension") or "").lower() == ext:
                return (d.get("ContentType") or "").lower()
        return ""

    def chunk(self, rid: str | None) -> tuple[list[Line], str | None]:
        """An altChunk's lines (HTML through the web-page reader, text as lines, MIME
        HTML's HTML part), or no lines and a warning naming it."""
        if self._rels is None:
            self._rels = self.relationships()
        name, mode = self._rels.get(rid, ("", ""))
        if not name or mode == "External":
            return [], f"Word 文件中的嵌入内容（altChunk {rid or '?'}）找不到或在文件之外，未读取"
        kind, data = _chunk_kind(name, self.content_type(name)), self.pkg.read(name)
        if data is None:
            return [], f"Word 文件中的嵌入内容 {name} 缺失，未读取"
        if kind == "mht":
            kind, data = "html", _mht_html(data)
        if kind == "html" and data:
            from .html import html_lines  # lazy: a reader's library loads only for its format
            return html_lines(data, self.path, self.budget, article=False), None
        if kind == "text":
            try:
                return _text_lines(data, self.path, self.budget), None
            except UnimportableFile as e:
                return [], f"Word 文件中嵌入的 {posixpath.basename(name)} 未能读取（{e.reason}）"
        return [], f"Word 文件中嵌入的 {posixpath.basename(name)}（{kind or '未知格式'}）未能读取，其内容不在导入结果中"


def _chunk_kind(name: str, ctype: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower()
    if ctype in ("text/html", "application/xhtml+xml") or ext in ("htm", "html", "xhtml"):
        return "html"
    if ctype == "message/rfc822" or ext in ("mht", "mhtml"):
        return "mht"
    if ctype == "text/plain" or ext == "txt":
        return "text"
    return {"rtf": "RTF", "docx": "Word 文档", "xml": "XML"}.get(ext, ext.upper())


def _mht_html(data: bytes) -> bytes:
    """The HTML part of a MIME HTML (.mht) chunk (b"" when it has none)."""
    msg = email.message_from_bytes(data, policy=policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True) or b""
    return b""


def _text_lines(data: bytes, path, budget: TextBudget) -> list[Line]:
    text, _ = decode(data, path)
    return [Line(no=k, text=budget.add(t), gap=1, starts=True)
            for k, t in enumerate(filter(None, map(clean_line, text.split("\n"))), start=1)]


def read_docx(data: bytes, path, budget: TextBudget | None = None,
              toc: list[TocEntry] | None = None) -> tuple[list[Line], list[str]]:
    """(lines, warnings) of a .docx; a list passed as `toc` receives its 目录's entries
    (what each says and the page it gives), which are not among the lines."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnimportableFile(path, "这是加密的 Word 文件（或旧版 .doc）：请先取消密码，另存为 .docx 后再导入")
    budget = budget or TextBudget(path)
    parts = _Parts(data, path, budget)
    body = parts.xml("word/document.xml")
    if body is None:
        raise UnimportableFile(path, "不是有效的 .docx 文件（缺少 word/document.xml）")
    try:
        num = Numbering(parts.xml("word/numbering.xml"), parts.xml("word/styles.xml"))
    except ValueError as e:
        raise UnimportableFile(path, f"不是有效的 .docx 文件（编号或样式有误：{type(e).__name__}）") from None
    root = body.find(q("body"))
    if root is None:
        raise UnimportableFile(path, "不是有效的 .docx 文件（没有正文）")
    r = BodyLines(num, budget, parts.chunk)
    r.body(root)
    if toc is not None:
        toc.extend(r.toc)
    return r.lines, r.warnings


def emit_table(out: "BodyLines", rows, merged, paras) -> None:
    """A Word table (.docx or .doc) into the reader's lines: a first row that is a
    专栏 title as the box's title, a one-column table's paragraphs as the box's
    lines (a framed box), else a `Table`; the box's end set apart."""
    first = [c for c in rows[0] if c.strip()]
    if len(first) == 1 and BOX_RE.match(first[0]) and len(rows) > 1:
        out.emit(first[0])
        rows, merged, paras = rows[1:], merged[1:], paras[1:]
    if max(len(r) for r in rows) == 1:
        for cell in paras:
            for t in cell[0] if cell else []:
                out.emit(t)
        out.end_frame()
        return
    out.emit("", table=Table(rows=rows, merged=merged))
    out.end_frame()
