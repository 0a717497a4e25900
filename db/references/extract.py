"""Every 《…》 reference in a parsed plan, where it stands (its section, box or item
as a db.place id, the source lines of its paragraph), the 发文字号 or short form
printed right after it, a guess at what kind of document it names, and whether it
is the plan's own title (in the notice that sends it, or its title written out):
such a mention is not a reference to another document.

The text is read as the store keeps it (notice, opening words, headings, paragraphs,
专栏 titles, items and notes), plus the sentences the importer dropped as second
copies (ParsedDoc.copies, with the lines they were printed on), so each occurrence in
the file is counted once. A title broken over lines is joined; a 《…》 inside another
is part of it; 「（以下简称《Y》）」 makes 《Y》 a short name of the title before it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..importer.model import ParsedDoc
from ..naming import own_title
from ..place import DocPlaces, Place
from .resolve import norm, norm_number

MAX_QUOTE = 120     # characters between 《 and 》: longer is no title (an unclosed 《)

PLAN, LAW, AGREEMENT, POLICY, OTHER = "plan", "law", "agreement", "policy", "other"
# the words a title ends with, by kind: the last one in the title decides
KIND_WORDS = {
    PLAN: ("规划", "纲要", "方案", "计划", "规划纲要", "行动计划", "总体方案"),
    LAW: ("法", "条例", "法典", "规定", "规则"),
    AGREEMENT: ("协定", "协议", "备忘录", "公约", "条约", "议定书", "宣言", "RCEP", "CPTPP", "DEPA", "CEPA"),
    POLICY: ("意见", "通知", "办法", "决定", "措施", "政策", "指导意见", "若干意见", "细则", "指南", "决议"),
}
# how each kind is named to a person (the reader's lists, plandesk refs)
KIND_NAMES = {PLAN: "规划方案", LAW: "法律法规", AGREEMENT: "协定协议", POLICY: "政策文件", OTHER: "其他"}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, KIND_NAMES[OTHER])
_NUMBER_AFTER = re.compile(r"^\s*[（(]\s*([^（()）]{1,14}?[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,4}\s*号)\s*[）)]")
_ABBR_AFTER = re.compile(r"^\s*[（(]\s*(?:(?:以下)?简称\s*“?([^（()）“”《》，。；]{1,12}?)”?|([A-Za-z][A-Za-z0-9\-]{1,11}))\s*[）)]")
_ALIAS = re.compile(r"^\s*[（(]\s*(?:以下)?简称\s*《")
_SENT = re.compile(r"(?:印发|现将|转发)\s*$")
_SENT_AFTER = re.compile(r"^[^。；《]{0,40}?(?:印发给你们|现印发|印发你们|予以印发)")


@dataclass
class Ref:
    quote: str                     # as written between 《》, lines joined
    place: str                     # the db.place id of the unit it stands in
    line_start: int | None = None  # the source lines of its paragraph (or unit)
    line_end: int | None = None
    doc_number: str | None = None  # the 发文字号 printed right after it
    abbr: str | None = None        # the short form printed right after it: RCEP, 纲要 …
    means: str | None = None       # for a short name (以下简称《Y》): the full title it stands for
    kind: str = OTHER
    self: bool = False
    end: int = field(default=0, repr=False, compare=False)   # where its 发文字号 or short form ends


def kind_of(title: str) -> str:
    """plan | law | agreement | policy | other, by the last kind word of the title
    (the period and the notice around it set aside)."""
    t = re.sub(r"[（(][^（()）]*[）)]$", "", own_title(title).strip())
    best, end, size = OTHER, -1, 0
    for kind, words in KIND_WORDS.items():
        for w in words:
            k = t.rfind(w)
            if k >= 0 and (k + len(w), len(w)) > (end, size):
                best, end, size = kind, k + len(w), len(w)
    return best


_BRACKET = re.compile("[《》]")


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost 《…》 in text (end after the 》); only the
    brackets are visited (most of a plan's text has none)."""
    out, depth, start = [], 0, 0
    if "《" not in text:
        return out
    for m in _BRACKET.finditer(text):
        k, ch = m.start(), m.group()
        if ch == "《":
            if depth == 0:
                start = k
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0 and k - start - 1 <= MAX_QUOTE:
                out.append((start, k + 1))
    return out


def joined(quote: str) -> str:
    """The quote with its line breaks and stray spaces taken out (a space between two
    Latin letters or digits kept)."""
    return re.sub(r"\s+", lambda m: " " if _latin(quote, m.start() - 1) and _latin(quote, m.end()) else "",
                  quote).strip()


def _latin(s: str, k: int) -> bool:
    return 0 <= k < len(s) and s[k].isascii() and s[k].isalnum()


def in_text(text: str, place: str, lines: tuple | None, notice: bool = False) -> list[Ref]:
    """The references in one piece of text (a paragraph, a heading, an item)."""
    refs: list[Ref] = []
    for a, b in spans(text or ""):
        if refs and refs[-1].abbr is None and _ALIAS.match(text[refs[-1].end:a + 1]):
            refs[-1].abbr, refs[-1].end = joined(text[a + 1:b - 1]), b
            continue
        after = text[b:b + 40]
        quote = joined(text[a + 1:b - 1])
        r = Ref(quote, place, *(lines or (None, None)), kind=kind_of(quote))
        num = _NUMBER_AFTER.match(after)
        r.doc_number = norm_number(num.group(1)) if num else None
        ab = None if num or _ALIAS.match(after) else _ABBR_AFTER.match(after)
        r.abbr = (ab.group(1) or ab.group(2)) if ab else None
        r.self = notice and bool(_SENT.search(text[max(0, a - 6):a]) or _SENT_AFTER.match(text[b:b + 60]))
        r.end = b + (num.end() if num else ab.end() if ab else 0)
        refs.append(r)
    return refs


def _units(doc: ParsedDoc, ids: DocPlaces):
    """(text, place id, (first line, last line), in the notice) for every piece of text."""
    did = ids.did
    body = doc.preamble_lines[0] if doc.preamble_lines else (doc.sections[0].line_start if doc.sections else None)
    yield doc.notice, Place.document(did).id, (1, body - 1) if body and body > 1 else None, True
    yield doc.preamble, Place.preamble(did).id, doc.preamble_lines, False
    for s in doc.sections:
        yield s.title, ids.sid(s), (s.line_start, s.line_start), False
        for p, lines in zip(s.paras, s.para_lines):
            yield p, ids.sid(s), tuple(lines), False
    for b in doc.boxes:
        yield b.title, ids.bid(b), (b.line_start, b.line_start), False
        for k, it in enumerate(b.items):
            yield f"{it.lead or ''}{it.text or ''}", ids.item(b, k).id, (it.line_start, it.line_end), False
        yield b.note, ids.bid(b), (b.line_start, b.line_end), False


def _copies(doc: ParsedDoc, ids: DocPlaces, units: list) -> list:
    """The sentences dropped as second copies, each at the lines it was printed on,
    in the unit that keeps the first copy."""
    out = []
    for sentence, lines in doc.copies.items():
        if "《" not in sentence:
            continue
        home = next((u for u in units if u[0] and sentence in u[0]), None)
        place, notice = (home[1], home[3]) if home else (Place.document(ids.did).id, False)
        out += [(sentence, place, (n, n), notice) for n in lines]
    return out


def extract(doc: ParsedDoc, ids: DocPlaces) -> list[Ref]:
    """Every reference in the plan, in reading order, copies last."""
    units = list(_units(doc, ids))
    refs = [r for text, place, lines, notice in units + _copies(doc, ids, units) if text
            for r in in_text(text, place, lines, notice)]
    _short_names(refs)
    own = own_titles(doc, refs)
    for r in refs:
        r.self = norm(r.means or r.quote) in own
    return refs


def own_titles(doc: ParsedDoc, refs: list[Ref]) -> set[str]:
    """The plan's own title, written one way: as its notice sends it (现将《X》印发 …,
    关于印发《X》的通知), else as the importer read it."""
    sent = {norm(r.quote) for r in refs if r.self}
    return sent or {norm(t) for t in (doc.title, own_title(doc.title)) if t}


def _short_names(refs: list[Ref]) -> None:
    """A quote that is the short name a reference gave itself (以下简称《Y》) stands for
    that reference's title."""
    short = {r.abbr: r for r in refs if r.abbr and not r.means}
    for r in refs:
        full = short.get(r.quote)
        if full is not None and full is not r:
            r.means, r.kind, r.doc_number = full.quote, full.kind, r.doc_number or full.doc_number
