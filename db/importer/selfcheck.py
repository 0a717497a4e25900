"""The importer checks itself: after a parse, what was built is compared with
independent evidence in the source lines, and each disagreement is reported in
plain Chinese with the line it is about.

The evidence is read straight from the lines, not through the pipeline's
decisions: a 专栏 label printed as a line of its own, the numbers of the boxes
and headings that were built, the rows of the tables a reader found, the entries
of a table of contents, the leads inside a box item, and where the title came
from. Nothing here changes the parse; it only says where it may be wrong.
"""
from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from .model import Check, Line, ParsedDoc, Section
from .numbering import BOX_RE, CAPTION_RE, box_label, match_label
from .paragraphs import heading_parts
from .numbering import int_to_cn

PER_KIND = 5                     # findings of one kind listed one by one
log = logging.getLogger(__name__)
CONTEXT = 4                      # source lines shown on each side of a finding
BOX_LINE_MAX = 40                # a 专栏 title line is short …
_SENTENCE_END = "。；;！!？?…"    # … and does not end a sentence
_TOC_PAGE = re.compile(r"^(.*?\S)[\s.．·…⋯_\-—]*?(\d{1,3})$")
_LEAD = re.compile(r"(?:^|[。；;！？!?：:\s])(?:(\d{1,2})[.．、](?![\d.．])|[（(](\d{1,2})[）)])")
_LEAD_SENT = re.compile(r"(?:^|[。；;])([^，。：:；;,、“”\s]{2,16})([。：:])(?=\S)")
_CUT_TAIL = "，,、（(“《的和与及或"
_CONT_HEAD = re.compile(r"^[，,、；;。：:）)」》”a-z]")


def norm(s: str | None) -> str:
    """What two texts are compared by: NFKC, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def check(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    """Every finding for this parse, in line order, each with its context."""
    found: list[Check] = []
    for step in (_box_mentions, _box_gaps, _heading_gaps, _tables, _captions, _toc, _items, _title):
        found += step(doc, lines)
    found = _cap(_dedupe(found))
    by_no = {ln.no: k for k, ln in enumerate(lines)}
    for c in found:
        c.context = context(lines, by_no, c.line)
    return sorted(found, key=lambda c: (c.line is None, c.line or 0, c.kind))


def apply(doc: ParsedDoc, lines: list[Line]) -> ParsedDoc:
    """Run the check and put its findings in doc.checks and doc.warnings (a check
    that fails is logged: it never costs the parse)."""
    try:
        doc.checks = check(doc, lines)
    except Exception:                  # noqa: BLE001 - a check is advice, the plan is still read
        log.exception("self-check of %s failed", doc.source_file)
        return doc
    doc.warnings = doc.warnings + [c.text() for c in doc.checks]
    return doc


def _dedupe(found: list[Check]) -> list[Check]:
    seen, out = set(), []
    for c in found:
        key = (c.kind, c.line, c.message)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


KIND_NAMES = {"box_missing": "未识别的专栏", "box_gap": "专栏编号缺号", "heading_gap": "标题编号缺号",
              "table_lost": "未存入的表格", "indicators_missing": "未读出的指标表", "toc_missing": "目录有而正文无的标题",
              "toc_extra": "正文有而目录无的标题", "toc_as_heading": "当作标题的目录", "item_cut": "被截断的专栏条目",
              "item_merged": "合并了的专栏条目", "title_from_name": "取自文件名的标题"}


def _cap(found: list[Check]) -> list[Check]:
    """At most PER_KIND findings of a kind, then one that counts the rest."""
    out, n = [], defaultdict(int)
    for c in found:
        n[c.kind] += 1
        if n[c.kind] <= PER_KIND:
            out.append(c)
    for kind, k in n.items():
        if k > PER_KIND:
            out.append(Check(kind, f"另有{k - PER_KIND}处同类问题（{KIND_NAMES.get(kind, kind)}）", None))
    return out


def line_text(ln: Line, width: int = 120) -> str:
    """A source line as plain text (a table as its rows, cells split by ｜)."""
    if ln.table is not None:
        rows = ["｜".join(c for c in r) for r in ln.table.rows]
        return "［表格］" + " / ".join(rows)[:width * 4]
    return ln.text


def context(lines: list[Line], by_no: dict[int, int], no: int | None) -> list[tuple[int, str]]:
    """The source lines around line `no` (the nearest line when it has none)."""
    if not lines or no is None:
        return []
    k = by_no.get(no)
    if k is None:
        k = min(range(len(lines)), key=lambda i: abs(lines[i].no - no))
    return [(ln.no, line_text(ln)) for ln in lines[max(0, k - CONTEXT):k + CONTEXT + 1]]


# ---- 专栏 ----

def _box_line_label(text: str) -> str | None:
    """The label of a line that opens a 专栏 (专栏3 标题, or the whole box run into
    one line: 专栏3标题第一项…), else None."""
    t = text.strip()
    m = BOX_RE.match(t)
    if not m:
        return None
    rest = m.group(2)
    if not rest or rest[0] in "，,。；;的所中和及与）)":
        return None                 # 专栏3所列… : a mention in running text
    if len(t) <= BOX_LINE_MAX and t[-1] in _SENTENCE_END and "。" not in t[:-1]:
        return None                 # a short sentence about a box
    return box_label(m.group(1))


def _printed_box_labels(lines: list[Line]):
    """(label, line) for every 专栏 title printed as a line or as a table's title cell."""
    for ln in lines:
        texts = [ln.text]
        if ln.table is not None:
            texts = [r[0] for r in ln.table.rows[:2] if r and r[0]]
        for t in texts:
            lab = _box_line_label(t)
            if lab:
                yield lab, ln.no


def _box_mentions(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    have = {b.label for b in doc.boxes}
    out, told = [], set()
    for lab, no in _printed_box_labels(lines):
        if lab not in have and lab not in told:
            told.add(lab)
            out.append(Check("box_missing", f"原文有「{lab}」，但没有识别出这个专栏", no))
    return out


def _box_number(label: str) -> tuple[str, int] | None:
    m = re.fullmatch(r"专栏(?:(\d+)-)?(\d+)", label)
    return (m.group(1) or "", int(m.group(2))) if m else None


def _box_gaps(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    printed = {lab for lab, _ in _printed_box_labels(lines)}
    nums = defaultdict(dict)
    for b in doc.boxes:
        n = _box_number(b.label)
        if n:
            nums[n[0]].setdefault(n[1], b)
    out = []
    for prefix, got in nums.items():
        for n in range(1, max(got)):
            lab = f"专栏{prefix + '-' if prefix else ''}{n}"
            if n in got or lab in printed:     # a printed label with no box is told above
                continue
            nxt = got[min(k for k in got if k > n)]
            out.append(Check("box_gap", f"专栏编号不连续：{nxt.label}之前缺少{lab}", nxt.line_start))
    return out


# ---- headings ----

def _number(s: Section) -> int | None:
    m = match_label(s.label + ("" if s.label.endswith(("、", ".")) else " ") + "题")
    return m[2] if m else None


def _explained(doc: ParsedDoc, s: Section) -> bool:
    """A gap the parse already knows (a heading the text lost, noted or inferred)."""
    if s.inferred or (s.parent is not None and s.parent.inferred):
        return True
    return any(n.kind == "missing_heading" and n.line in (s.line_start, None) for n in doc.notes)


def _heading_gaps(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    if not doc.order_reliable:
        return []                    # the order is unreliable: the parse says so already
    last_in: dict[tuple, int] = {}
    last_all: dict[str, int] = {}
    out = []
    for s in doc.sections:
        n = _number(s)
        if n is None:
            continue
        key = (id(s.parent), s.family)
        prev = last_in.get(key)
        ok = n == prev + 1 if prev is not None else n in (1, last_all.get(s.family, 0) + 1)
        if not ok and (prev is None or n > prev) and not _explained(doc, s):
            want = (prev or 0) + 1
            out.append(Check("heading_gap", f"标题编号不连续：「{s.label}{s.title}」之前缺少"
                             f"{_label_like(s.label, want)}", s.line_start))
        last_in[key] = n
        last_all[s.family] = n
    return out


def _label_like(label: str, n: int) -> str:
    m = re.match(r"^(第|（|\()?([一二三四五六七八九十百零〇两]+|\d+)(.*)$", label)
    if not m:
        return f"第{n}个"
    num = str(n) if m.group(2).isdigit() else int_to_cn(n)
    return f"{m.group(1) or ''}{num}{m.group(3)}"


# ---- tables ----

def stored_text(doc: ParsedDoc) -> str:
    """Everything the store keeps of the plan's words, normalised and joined."""
    parts = [doc.title, doc.notice, doc.preamble, doc.doc_number or "", doc.issuer or "",
             doc.issued_date or "", doc.period or ""]
    for s in doc.sections:
        parts += [s.label + s.title, s.text] + list(s.anchored)
    for b in doc.boxes:
        parts += [b.label + b.title, b.note or "", " ".join(b.columns or [])]
        for it in b.items:
            parts += [it.lead, it.text] + [str(v) for v in (it.cells or {}).values()]
    for i in doc.indicators:
        parts += [i.name, i.baseline or "", i.target or "", i.source_text, i.category or "", i.unit or "",
                  i.nature or "", i.table_label or ""]
    return "\n".join(norm(p) for p in parts if p)


def _row_stored(row: list[str], store: str) -> bool:
    cells = sorted({norm(c) for c in row if norm(c) and norm(c)[-1] not in "：:"}, key=len, reverse=True)
    if not cells:
        return True
    found = sum(1 for c in cells if c in store)
    return cells[0] in store or 2 * found >= len(cells)


def _metadata(rows: list[list[str]]) -> bool:
    """A table of 名称：值 pairs (a web page's 发文机关/成文日期 box): about the file, not the plan."""
    cells = [norm(c) for r in rows for c in r if norm(c)]
    return bool(cells) and 3 * sum(1 for c in cells if c[-1] in "：:") >= len(cells)


def _tables(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    tables = [ln for ln in lines if ln.table is not None and len(ln.table.rows) >= 2]
    if not tables:
        return []
    store = stored_text(doc)
    out = []
    for ln in tables:
        if _metadata(ln.table.rows):
            continue
        lost = [k for k, r in enumerate(ln.table.rows) if not _row_stored(r, store)]
        if lost:
            out.append(Check("table_lost", f"原文表格（{len(ln.table.rows)}行）中有{len(lost)}行未存入"
                             f"（第{lost[0] + 1}行起：「{'｜'.join(ln.table.rows[lost[0]])[:30]}」）", ln.no))
    return out


def _captions(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    """An indicator table's caption (表2-1 …指标…) printed, with no indicator row read from it."""
    have = {re.sub(r"\s+", "", i.table_label) for i in doc.indicators if i.table_label}
    out = []
    for ln in lines:
        m = CAPTION_RE.match(ln.text.strip()) if ln.table is None else None
        if m and "指标" in m.group(2) and len(ln.text) <= 60:
            lab = "表" + re.sub(r"\s+", "", m.group(1))
            if lab not in have:
                out.append(Check("indicators_missing", f"原文有指标表「{lab}」，但没有从中读出指标", ln.no))
    return out


# ---- table of contents ----

def _toc_entry(ln: Line):
    """(label, title) of a 目录 entry: marked by its reader, or a heading ending in a page number."""
    if ln.table is not None:
        return None
    if ln.toc:
        m = _TOC_PAGE.match(ln.text.strip())
        hp = heading_parts(m.group(1) if m else ln.text)
        return (hp[1], hp[3]) if hp else None
    m = _TOC_PAGE.match(ln.text.strip())
    if not m:
        return None
    hp = heading_parts(m.group(1))
    return (hp[1], hp[3]) if hp else None


def toc_entries(lines: list[Line]) -> list[tuple[str, str, int]]:
    """The 目录's entries (label, title, line): lines marked TOC, and runs of at least
    three heading lines that end in page numbers."""
    out, run = [], []
    for ln in lines + [Line(no=-1, text="")]:
        e = _toc_entry(ln)
        if e is not None:
            run.append((e[0], e[1], ln.no, ln.toc))
            continue
        if len(run) >= 3 or any(r[3] for r in run):
            out += [r[:3] for r in run]
        run = []
    return out


def _toc(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    toc = toc_entries(lines)
    if not toc:
        return []
    at_toc = {no for _, _, no in toc}
    body = {(norm(s.label), norm(s.title)): s for s in doc.sections if s.line_start not in at_toc}
    listed = {(norm(lab), norm(t)) for lab, t, _ in toc}
    out = [Check("toc_missing", f"目录中的「{lab} {t}」在正文中没有对应的标题", no)
           for lab, t, no in toc if (norm(lab), norm(t)) not in body]
    taken = [s for s in doc.sections if s.line_start in at_toc]
    if taken:
        out.append(Check("toc_as_heading", f"目录的{len(taken)}条被当作了正文标题（如「{taken[0].label} "
                         f"{taken[0].title}」）", taken[0].line_start))
    families = {(match_label(lab + " 题") or ("",))[0] for lab, _, _ in toc}
    for key, s in body.items():
        if s.family in families and key not in listed and not s.inferred:
            out.append(Check("toc_extra", f"标题「{s.label} {s.title}」不在目录中", s.line_start))
    return out


# ---- box items ----

def _leads(text: str) -> list[int]:
    return [int(m.group(1) or m.group(2)) for m in _LEAD.finditer(text)]


def _whole(it) -> str:
    """An item's words once (its text may repeat its lead)."""
    text, lead = it.text or "", it.lead or ""
    return text if text.startswith(lead) else lead + text


def _cut(whole: str, head: str) -> bool:
    """An item that ends mid-sentence: running prose with no end mark, or a tail that
    cannot end a sentence, or a next item that reads on."""
    t = whole.rstrip()
    if not t or t[-1] in _SENTENCE_END + "”）)":
        return False
    return bool(_CONT_HEAD.match(head)) or t[-1] in _CUT_TAIL or (len(t) > 15 and ("，" in t or "。" in t))


def _paragraphs_merged(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    """List items that run over several source paragraphs (lines the reader knows
    start a paragraph): the box's items were joined."""
    starts = sorted(ln.no for ln in lines if ln.starts and ln.table is None)
    if not starts:
        return []
    out = []
    for b in doc.boxes:
        joined = []
        for k, it in enumerate(b.items):
            if it.cells is None and it.line_end > it.line_start:
                n = bisect.bisect_right(starts, it.line_end) - bisect.bisect_right(starts, it.line_start)
                if n:
                    joined.append((k, n + 1))
        if joined:
            k, n = joined[0]
            out.append(Check("item_merged", f"{b.label}有{len(joined)}项合并了原文的几段（第{k + 1}项含{n}段）",
                             b.items[k].line_start))
    return out


def _items(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    out = _paragraphs_merged(doc, lines)
    for b in doc.boxes:
        cut = []
        for k, it in enumerate(b.items):
            if it.cells is not None:
                continue
            whole = _whole(it)
            ns = _leads(whole)
            leads = _LEAD_SENT.findall(whole)
            if len(leads) >= 2 and _LEAD_SENT.match(whole) and len({m[1] for m in leads}) == 1:
                out.append(Check("item_merged", f"{b.label}第{k + 1}项似乎合并了几项（「{leads[0][0]}」「{leads[1][0]}」…）",
                                 it.line_start or b.line_start))
            if any(b_ == a + 1 for a, b_ in zip(ns, ns[1:])):
                out.append(Check("item_merged", f"{b.label}第{k + 1}项似乎合并了几项（含编号{ns[0]}、{ns[1]}…）",
                                 it.line_start or b.line_start))
            nxt = b.items[k + 1] if k + 1 < len(b.items) else None
            if nxt is not None and nxt.cells is None and _cut(whole, _whole(nxt).lstrip()):
                cut.append(k)
        if cut:
            first = b.items[cut[0]]
            out.append(Check("item_cut", f"{b.label}有{len(cut)}项似乎在句中被截断（第{cut[0] + 1}项起，"
                             "后一项是它的后半）", first.line_start or b.line_start))
    return out


# ---- title ----

def _title(doc: ParsedDoc, lines: list[Line]) -> list[Check]:
    stem = Path(doc.source_file).stem
    if doc.title and norm(doc.title) == norm(stem):
        return [Check("title_from_name", f"正文中没有读到标题，标题「{doc.title}」取自文件名",
                      lines[0].no if lines else 1)]
    return []
