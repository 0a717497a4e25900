"""Web scrapes with very long lines: headings and 专栏 inline in running text.

Such a text (002) has no line structure to speak of: a page of HTML flattened
into a few dozen lines, headings glued to the sentences around them, passages
printed twice and sentences out of order. What it does have is a 目录: the
only trustworthy list of headings. So:

1. the 目录 gives every section, in order;
2. headings are found in the body as exact label+title strings at sentence
   boundaries; text goes to the section of the last heading printed before it;
3. a sentence printed a second time is dropped (counted), a second copy of
   the 目录 or notice block too;
4. 专栏 labels start boxes whose items are 'lead：…' runs;
5. the document's order is marked unreliable, with the reasons, so the reader
   can say so.
"""
from __future__ import annotations

import bisect
import re
from statistics import median

from . import meta
from .errors import ImportError_
from .indicators import Indicator, parse_value
from .model import Box, DocNote, Item, Line, ParsedDoc, Section
from .numbering import RANK, box_label, cn_to_int
from .textutil import lead_of

_CN = "一二三四五六七八九十百零〇"
_LABEL = re.compile(rf"第[{_CN}]+[篇章节]")
_SENT = re.compile(r"[^。！？]*[。！？]+[”’）)」』]*|[^。！？]+$")
_BOX_AT = re.compile(r"专栏\s*(\d+(?:\s*[-－]\s*\d+)?)\s*[：:]")
_LEAD = re.compile(r"[^。，；：:]{2,20}[：:]")
TITLE_ENDS = ("项目", "平台", "措施", "布局", "指标", "任务", "工程", "示范区", "事项", "清单", "行动", "计划")


def is_inline(lines: list[Line]) -> bool:
    if len(lines) > 400 or not lines:
        return False
    return median(len(ln.text) for ln in lines) > 400


def has_runin_toc(lines: list[Line]) -> bool:
    """A 目录 whose entries run on in one line: 目录第一篇…第一章…"""
    return any(re.search(rf"目\s*录\s*第[{_CN}]+[篇章]", ln.text) and len(_LABEL.findall(ln.text)) >= 5
               for ln in lines[:50])


class Text:
    """The whole text with a map from character offsets to source lines."""

    def __init__(self, lines: list[Line]):
        self.starts, parts, pos = [], [], 0
        self.nos = []
        for ln in lines:
            t = re.sub(r"<[A-Za-z/][^>]*>", "", ln.text)
            self.starts.append(pos)
            self.nos.append(ln.no)
            parts.append(t)
            pos += len(t) + 1
        self.s = "\n".join(parts)

    def line(self, pos: int) -> int:
        return self.nos[max(0, bisect.bisect_right(self.starts, pos) - 1)]


def parse_toc(s: str, start: int, title: str):
    """Entries (label, title, family, number) of a run-in 目录 starting at `start`."""
    entries = []
    pos = start
    matches = list(_LABEL.finditer(s, start))
    for k, m in enumerate(matches):
        if k and m.start() != pos:
            break
        nxt = matches[k + 1].start() if k + 1 < len(matches) else len(s)
        t = s[m.end():nxt]
        cut = len(t)
        for stop in (title, "。", "，", "\n"):
            if stop and stop in t:
                cut = min(cut, t.index(stop))
        if title and len(title) > 6:
            i = t.find(title[:8])
            if i >= 0:
                cut = min(cut, i)
        entries.append((m.group(0), t[:cut].strip(), m.group(0)[-1], cn_to_int(m.group(0)[1:-1])))
        pos = m.end() + cut
        if cut < len(t):
            break
    return entries, pos


def split_box_title(text: str) -> tuple[str, str]:
    """'国家级重点开放平台战略平台：…' -> ('国家级重点开放平台', '战略平台：…')."""
    colon = re.search(r"[：:]", text)
    head_end = colon.start() if colon and colon.start() <= 40 else None
    if head_end is None:
        m = re.search(r"序号|[，。；]", text)
        head_end = m.start() if m and m.start() <= 40 else min(len(text), 40)
        if m and m.group(0) == "序号":
            return text[:m.start()], text[m.start():]
    head = text[:head_end]
    for ends in (TITLE_ENDS, ("重点",)):
        best = -1
        for e in ends:
            for m in re.finditer(re.escape(e), head):
                if m.end() <= len(head) - 2 and m.end() >= 4:
                    best = max(best, m.end())
        if best > 0:
            return head[:best], text[best:]
    return head, text[head_end:]


def parse(lines: list[Line], source_file: str, encoding: str, n_lines: int) -> ParsedDoc:
    T = Text(lines)
    s = T.s
    s = re.sub(r"文件下载.{0,200}?\.(?:docx?|pdf|wps)", lambda m: " " * len(m.group(0)), s)
    toc_at = s.find("目录")
    if toc_at < 0:
        raise ImportError_(source_file, "no structure found (long lines without a 目录)")
    front = s[:toc_at]
    notice_lines = [Line(no=T.line(0), text=x) for x in front.split("\n") if x]
    m = re.search(r"印发\s*《([^》]{4,80})》", front) or re.search(r"关于印发(.{4,80}?)的通知", front)
    title = m.group(1) if m else source_file
    entries, toc_end = parse_toc(s, toc_at + 2, title)
    if len(entries) < 3:
        raise ImportError_(source_file, "no structure found (目录 without headings)")
    doc_no = meta.find_doc_number(front)
    issuer = None
    mi = re.match(r"\s*(.{2,30}?)关于印发", front)
    if mi:
        issuer = mi.group(1)
    md = meta.DATE.search(front)
    date = f"{int(md.group(1)):04d}-{int(md.group(2)):02d}-{int(md.group(3)):02d}" if md else None
    period = None
    mp = meta.PERIOD.search(title)
    if mp:
        period = f"{mp.group(1)}-{mp.group(2)}"

    notes: list[DocNote] = []
    # the title printed again after the 目录 heads the body, not the preamble
    m_t = re.compile(r"\s*" + re.escape(title)).match(s, toc_end) if title else None
    if m_t:
        toc_end = m_t.end()
    # drop second copies of the 目录 block
    toc_block = s[toc_at:m_t.start() if m_t else toc_end]
    dropped = 0
    body_start = toc_end
    k = s.find(toc_block, body_start)
    while k >= 0:
        s = s[:k] + " " * len(toc_block) + s[k + len(toc_block):]
        dropped += 1
        k = s.find(toc_block, k + len(toc_block))

    # sections from the 目录
    sections: list[Section] = []
    stack: list[Section] = []
    keyed: dict[str, Section] = {}
    for label, t, fam, num in entries:
        while stack and RANK[stack[-1].family] >= RANK[fam]:
            stack.pop()
        parent = stack[-1] if stack else None
        sec = Section(label=label, title=t, family=fam, line_start=T.line(toc_at),
                      level=parent.level + 1 if parent else 1, parent=parent)
        sections.append(sec)
        stack.append(sec)
        keyed.setdefault(label + t, sec)

    # markers in the body: headings (at sentence starts) and 专栏 labels
    marks = []
    for key, sec in keyed.items():
        for m in re.finditer(re.escape(key), s[body_start:]):
            p = body_start + m.start()
            if p == body_start or s[p - 1] in "。！？\n”" or _ends_heading(s, p, keyed):
                marks.append((p, p + len(key), "h", sec))
    for m in _BOX_AT.finditer(s, body_start):
        marks.append((m.start(), m.end(), "b", box_label(m.group(1))))
    marks.sort(key=lambda x: x[0])

    # the notice is often printed again inside the body: its sentences count as seen
    seen: set[str] = {m.group(0).strip() for m in _SENT.finditer(front) if len(m.group(0).strip()) >= 6}
    preamble: list[str] = []
    boxes: dict[str, Box] = {}
    box_order: list[Box] = []
    seen_heading: dict[int, list[int]] = {}
    cur: Section | None = None
    box: Box | None = None
    first_line = {}

    def text_units(a: int, b: int):
        chunk = s[a:b]
        pos = a
        for part in re.split(r"(\n)", chunk):
            if part == "\n":
                yield "\n", pos
            else:
                for m in _SENT.finditer(part):
                    u = m.group(0).strip()
                    if u:
                        yield u, pos + m.start()
            pos += len(part)

    bounds = marks + [(len(s), len(s), "end", None)]
    prev_end = body_start
    joinable = box_run = False
    misses = 0
    for (a, b, kind, what) in bounds:
        for u, upos in text_units(prev_end, a):
            if u == "\n":
                joinable = box_run = False
                if box is not None and box.items and not box.items[0].lead:
                    box = None  # a box of plain sentences ends with its line
                continue
            if len(u) >= 6 and u in seen:
                dropped += 1
                joinable = box_run = False
                continue
            seen.add(u)
            if box is not None:
                leads = not box.items or bool(box.items[0].lead)
                reopened = getattr(box, "_reopened", False)
                if not box.items or (leads and _LEAD.match(u)) or (box_run and not reopened):
                    _add_to_box(box, u, T.line(upos))
                    box_run, misses = True, 0
                    continue
                # a scrape interleaves box items with body text: keep the box open
                # for a few foreign sentences, unless it is a second copy
                misses += 1
                box_run = False
                if reopened or misses >= 3 or not leads:
                    box = None
            if cur is None:
                preamble.append(u)
            else:
                ln = T.line(upos)
                if cur.paras and joinable and cur.para_lines[-1][1] == ln:
                    cur.paras[-1] += u  # consecutive sentences of one source line: one paragraph
                else:
                    cur.add(u, ln, ln)
                joinable = True
                first_line.setdefault(id(cur), ln)
        joinable = False
        if kind == "h":
            cur = what
            box = None
            misses = 0
            seen_heading.setdefault(id(what), []).append(T.line(a))
        elif kind == "b":
            label = what
            rest = s[b:b + 200]
            btitle, _ = split_box_title(rest)
            if label in boxes:
                box = boxes[label]
                box._reopened = True
                box_run, misses = False, 0
                notes.append(DocNote("repeated_box", f"{label}在原文中重复出现，内容合并保存一次", T.line(a)))
                # skip the repeated title
                if s[b:b + len(box.title)] == box.title:
                    b += len(box.title)
            else:
                box = Box(label=label, title=btitle, section=cur, line_start=T.line(a), line_end=T.line(a))
                boxes[label] = box
                box_order.append(box)
                box_run, misses = False, 0
                b += len(btitle)
        prev_end = b

    # the indicator table of a table box ('序号…' right after its title)
    indicators: list[Indicator] = []
    for bx in box_order:
        if bx.items and bx.items[0].text.startswith("序号"):
            raw = "".join(it.text for it in bx.items)
            cols, rows, inds, rest = fused_table(raw, bx)
            if rows:
                bx.kind, bx.columns, bx.items = "table", cols, rows
                if rest:
                    bx.note = rest
                indicators.extend(inds)
        for it in bx.items:
            if it.lead == "":
                it.lead = lead_of(it.text)

    # section line ranges and paths
    for k, sec in enumerate(sections):
        sec.seq = k
        sec.path = (sec.parent.path + "/" if sec.parent else "") + sec.label
        occ = seen_heading.get(id(sec))
        sec.line_start = occ[0] if occ else first_line.get(id(sec), sec.line_start)
        sec.line_end = max([sec.line_start] + [b for _, b in sec.para_lines])
    never = [sec for sec in sections if id(sec) not in seen_heading]
    twice = [sec for sec in sections if len(seen_heading.get(id(sec), [])) > 1]
    order = [sections.index(sec) for p, _, kind, sec in marks if kind == "h"]
    inversions = sum(1 for x, y in zip(order, order[1:]) if y < x)
    reliable = not (dropped or inversions or never)
    if not reliable:
        parts = []
        if never:
            parts.append(f"{len(never)}个标题只见于目录、正文中未出现")
        if twice:
            parts.append(f"{len(twice)}个标题在正文中出现两次")
        if inversions:
            parts.append(f"正文中标题顺序与目录不符{inversions}处")
        if dropped:
            parts.append(f"重复段落{dropped}处已删去")
        notes.insert(0, DocNote("order_unreliable",
                                "本文档转换文本顺序混乱：" + "；".join(parts) +
                                "。章节结构取自目录；正文句子按其在原文中所处位置归入最近的标题之下，部分句子可能不属于所在章节。", None))
    for k, bx in enumerate(box_order):
        bx.seq = k
    doc = ParsedDoc(
        source_file=source_file, encoding=encoding, title=title, doc_number=doc_no, issuer=issuer,
        issued_date=date, period=period, notice="\n".join(ln.text for ln in notice_lines),
        preamble="\n\n".join(preamble), preamble_lines=None, sections=sections, boxes=box_order,
        indicators=indicators, notes=notes, order_reliable=reliable, n_lines=n_lines,
        dropped_repeats=dropped)
    from .importer import finish
    finish(doc, last_line=lines[-1].no, keep_paths=True)
    return doc


def _ends_heading(s: str, p: int, keyed: dict) -> bool:
    """A heading glued right after another heading (第二篇…第五章…)."""
    return any(s.endswith(k, 0, p) for k in keyed)


def _add_to_box(box: Box, u: str, line: int) -> None:
    """A 'lead：…' sentence starts an item; a plain one continues it (or, in a box
    of plain sentences, is an item of its own)."""
    m = _LEAD.match(u)
    if m or not box.items or not box.items[0].lead:
        box.items.append(Item(lead=m.group(0)[:-1] if m else "", text=u, line_start=line, line_end=line))
    else:
        box.items[-1].text += u
        box.items[-1].line_end = line
    box.line_end = max(box.line_end, line)


# ---- 002's 专栏1: a table flattened into one string, digits of adjacent cells fused ----

_UNITS = sorted(["个", "亿吨", "万吨", "列", "条", "亿元", "万亿元", "亿美元", "万美元", "家", "万人次", "人次",
                 "万人", "%", "％", "万标箱", "标箱", "次", "项", "公里", "平方公里", "天", "小时", "元", "吨"],
                key=len, reverse=True)
_VAL = r"[＞>＜<≥≤]?[【\[]?\d+(?:\.\d+)?[】\]]?(?:左右|以上)?"


def _decimals(v: str) -> int:
    m = re.search(r"\.(\d+)", v)
    return len(m.group(1)) if m else 0


def _split_values(run: str, next_seq: int | None, mode_dec: int | None = None):
    """'260330004' with next row 4 -> ('2603', '3000'): the last digits are the next
    row's number; of the splits of the rest into two numbers, the one whose
    target/baseline ratio is nearest 1 wins (plans set targets near baselines)."""
    if next_seq is not None:
        tail = str(next_seq)
        if not run.endswith(tail):
            return None
        run = run[: -len(tail)]
    cands = []
    for i in range(1, len(run)):
        a, b = run[:i], run[i:]
        if not re.fullmatch(_VAL, a) or not re.fullmatch(_VAL, b):
            continue
        if re.match(r"0\d", re.sub(r"^\D+", "", a)) or re.match(r"0\d", re.sub(r"^\D+", "", b)):
            continue
        va, _ = parse_value(a)
        vb, _ = parse_value(b)
        if not va or not vb:
            continue
        import math
        score = abs(math.log(vb / va))
        if "【" in b or "[" in b:
            score = abs(math.log(max(vb / 5, va) / max(va, 1e-9))) * 0.5  # five-year sums
        if _decimals(a) > 2 or _decimals(b) > 2:
            score += 10
        if mode_dec and _decimals(a) and _decimals(a) != mode_dec:
            score += 2.5  # the column's other values show how many decimals it prints
        cand = (score, a, b)
        cands.append(cand)
    if not cands:
        return None
    cands.sort()
    best = cands[0]
    margin = cands[1][0] - best[0] if len(cands) > 1 else 99
    return best[1], best[2], margin


def _tokens(body: str):
    """(text-run, unit, value-run) per row of the fused string; rows start after their number."""
    unit_re = "|".join(re.escape(u) for u in _UNITS)
    pos, out = 0, []
    while pos < len(body):
        start = pos
        tm = re.match(r"(.+?)(" + unit_re + r")(?=[＞>【\[\d])", body[pos:])
        if not tm:
            break
        pos += tm.end()
        vm = re.match(r"[＞>＜<【\[\]】\d.左右以上]+", body[pos:])
        if not vm:
            break
        pos += vm.end()
        out.append([tm.group(1), tm.group(2), vm.group(0), body[start:pos]])
    return out


_CAT = re.compile(r"^(.{2,10}?(?:平台|经济|水平|”|领域|方面|体系|环境|建设))(.{4,})$")


def fused_table(raw: str, box: Box):
    """Rebuild rows of a table whose cells were concatenated without separators
    ('…数量列260330004…' = 2603 | 3000 | next row 4).

    The next row's number fixes where a row's values end; the split of the rest
    into baseline|target is the one nearest a plausible ratio, printed with the
    column's usual number of decimals. A merged 一级指标 cell is printed once,
    in the middle row of its group, glued before that row's name: it is split
    off when no other row's name starts the same way, and given to the rows it
    centres on.
    """
    m = re.match(r"序号(.*?)((?:19|20)\d{2}年?)((?:19|20)\d{2}年?)", raw)
    if not m or not raw[m.end():].startswith("1"):
        return None, [], [], ""
    cols = ["序号"] + re.findall(r"一级指标|二级指标|指标名称|指标|单位|属性", m.group(1)) + [m.group(2), m.group(3)]
    y0, y1 = int(m.group(2)[:4]), int(m.group(3)[:4])
    body = raw[m.end() + 1:]
    rest = ""
    nb = re.search(r"备注[：:]", body)
    if nb:
        rest, body = body[nb.start():], body[:nb.start()]
    toks = _tokens(body)
    n = len(toks)
    # pass 1: splits without a decimals preference, to learn the column's decimals
    first = [_split_values(v, k + 2 if k + 1 < n else None) for k, (_, _, v, _) in enumerate(toks)]
    decs = [_decimals(f[0]) for f in first if f and f[2] >= 1.0 and _decimals(f[0])]
    mode_dec = max(set(decs), key=decs.count) if decs else None
    splits = [_split_values(v, k + 2 if k + 1 < n else None, mode_dec) or _split_values(v, None, mode_dec)
              for k, (_, _, v, _) in enumerate(toks)]
    # categories
    texts = [t for t, _, _, _ in toks]
    cats: dict[int, str] = {}
    for k, t in enumerate(texts):
        cm = _CAT.match(t)
        if not cm or re.search(r"(数量|总额|额|量)$", cm.group(1)):
            continue
        c = cm.group(1)
        if any(j != k and (texts[j].startswith(c) or (_CAT.match(texts[j]) and _CAT.match(texts[j]).group(2).startswith(c)))
               for j in range(n)):
            continue
        cats[k] = c
        texts[k] = cm.group(2)
    row_cat: list[str | None] = [None] * n
    start = 0
    keys = sorted(cats)
    for gi, p in enumerate(keys):
        end = n - 1 if gi == len(keys) - 1 else min(n - 1, max(p, 2 * p - start))
        for r in range(start, end + 1):
            row_cat[r] = cats[p]
        start = end + 1
    rows, inds = [], []
    for k, ((_, unit, run, raw_row), text, sp) in enumerate(zip(toks, texts, splits)):
        if not sp:
            break
        base, target, margin = sp
        bv, bc = parse_value(base)
        tv, tc = parse_value(target)
        seq = k + 1
        ind = Indicator(name=text, table_label=box.label, seq=seq, unit=unit, category=row_cat[k],
                        baseline_year=y0, target_year=y1, baseline=base, target=target,
                        baseline_value=bv, target_value=tv, cumulative=int(bc or tc),
                        section=box.section, box=box, source_text=(str(seq) if k == 0 else "") + raw_row,
                        confidence=1.0 if margin >= 1.0 else 0.6,
                        line_start=box.line_start, line_end=box.line_end)
        inds.append(ind)
        cells = {c: "" for c in cols}
        cells["序号"] = str(seq)
        names = [c for c in cols if c in ("二级指标", "指标名称", "指标")]
        if names:
            cells[names[0]] = text
        if "一级指标" in cells:
            cells["一级指标"] = row_cat[k] or ""
        if "单位" in cells:
            cells["单位"] = unit
        cells[cols[-2]], cells[cols[-1]] = base, target
        rows.append(Item(lead=text, text=" | ".join(v for v in cells.values() if v), cells=cells,
                         line_start=box.line_start, line_end=box.line_end))
    return cols, rows, inds, rest
