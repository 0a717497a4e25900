"""Word's 目录 (table of contents) and text boxes: what a reader of the page does not
read as the plan's text, and what Word shows only once.

A 目录 is recognised however Word or another program wrote it (ECMA-376):
* a content control whose w:docPartGallery is "Table of Contents";
* a TOC field: w:fldChar begin … w:instrText "TOC …" … separate … end, over as many
  paragraphs as it has entries, or a w:fldSimple whose w:instr is a TOC;
* paragraphs whose text all links to a _Toc bookmark and ends in a page number;
* paragraphs in a TOC style: Word's built-in "toc 1"…"toc 9" and "TOC Heading",
  LibreOffice's "Contents 1"… and "Contents Heading", a Chinese "目录 1".
Its entries are kept (`TocEntry`), never read as headings or body text.

mc:AlternateContent (markup compatibility) holds the same content twice: a Choice
that needs a namespace and a Fallback for readers without it. `alternate_branch`
picks one, so a text box written both as DrawingML and as VML is read once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# namespaces whose Choice this reader understands: it reads text boxes (w:txbxContent)
# in DrawingML shapes, groups and canvases, and Word 2010+ run and paragraph extensions
UNDERSTOOD = {
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/word/2012/wordml",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "urn:schemas-microsoft-com:vml",
}
_TOC_STYLE = re.compile(r"^(toc|contents|目录|目次)\s*([1-9]|heading|标题)$")
_PAGE = re.compile(r"^(?P<text>.*?)[\s.·…．_\-]*(?P<page>\d{1,4}|[ivxlcdm]{1,8})$", re.I)


@dataclass
class TocEntry:
    """One line of a 目录: what it says (label and title) and the page it gives."""
    text: str
    page: str | None = None
    level: int | None = None       # the TOC style's level (1 for toc 1), when styled


def toc_entry(text: str, style_name: str = "") -> TocEntry | None:
    """A 目录 line split into its text and its page number (None for an empty line)."""
    text = " ".join(text.split())
    if not text:
        return None
    m = _PAGE.match(text)
    level = _TOC_STYLE.match(style_name or "")
    lv = int(level.group(2)) if level and level.group(2).isdigit() else None
    if m and m.group("text").strip():
        return TocEntry(m.group("text").strip(), m.group("page"), lv)
    return TocEntry(text, None, lv)


def is_toc_style(name: str) -> bool:
    """A style name (as styles.xml spells it, any case) that only a 目录 uses."""
    return bool(_TOC_STYLE.match((name or "").strip().lower()))


def is_toc_sdt(sdt) -> bool:
    """A content control Word made for a 目录 (its building block gallery says so)."""
    pr = sdt.find(f"{{{W}}}sdtPr")
    if pr is None:
        return False
    for g in pr.iter(f"{{{W}}}docPartGallery"):
        if "table of contents" in (g.get(f"{{{W}}}val") or "").lower():
            return True
    return False


def toc_linked(p) -> bool:
    """A paragraph all of whose text links to a heading's _Toc bookmark (w:hyperlink
    w:anchor="_Toc…"), as a 目录 entry does when its field codes were lost."""
    linked = False
    for t in p.iter(f"{{{W}}}t"):
        if not (t.text or "").strip():
            continue
        link = next((a for a in t.iterancestors(f"{{{W}}}hyperlink")), None)
        if link is None or not (link.get(f"{{{W}}}anchor") or "").startswith("_Toc"):
            return False
        linked = True
    return linked


def is_toc_instr(instr: str) -> bool:
    words = (instr or "").split()
    return bool(words) and words[0].upper() == "TOC"


class FieldState:
    """Complex fields (w:fldChar begin/separate/end with w:instrText) as they open and
    close across paragraphs: whether a TOC field's result is being shown."""

    def __init__(self):
        self.stack: list[list] = []          # [instruction text, past separate]

    def in_toc(self) -> bool:
        return any(is_toc_instr(f[0]) for f in self.stack)

    def paragraph(self, p, skip=lambda el: False) -> bool:
        """Follow the fields through a paragraph (elements `skip` says are not its own
        left out); True when its text is a TOC field's result (all of it that is
        inside a field at all: a paragraph that closes the 目录 and then goes on is not)."""
        inside = outside = False
        tags = (f"{{{W}}}fldChar", f"{{{W}}}instrText", f"{{{W}}}t")
        for el in p.iter(*tags):
            if skip(el):
                continue
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "t":
                if self.in_toc() or _in_toc_simple(el, p):
                    inside = True
                elif (el.text or "").strip():
                    outside = True
            elif tag == "instrText":
                if self.stack and not self.stack[-1][1]:
                    self.stack[-1][0] += el.text or ""
            else:
                self._char(el.get(f"{{{W}}}fldCharType"))
        return inside and not outside

    def _char(self, kind: str | None) -> None:
        if kind == "begin":
            self.stack.append(["", False])
        elif kind == "separate" and self.stack:
            self.stack[-1][1] = True
        elif kind == "end" and self.stack:
            self.stack.pop()


def _in_toc_simple(el, top) -> bool:
    """Whether a text element is inside a w:fldSimple TOC field within `top`."""
    for anc in el.iterancestors():
        if anc is top:
            return False
        if anc.tag == f"{{{W}}}fldSimple" and is_toc_instr(anc.get(f"{{{W}}}instr") or ""):
            return True
    return False


def _requires_understood(choice) -> bool:
    prefixes = (choice.get("Requires") or "").split()
    return bool(prefixes) and all(choice.nsmap.get(px) in UNDERSTOOD for px in prefixes)


def alternate_branch(ac):
    """The one branch of an mc:AlternateContent to read: the first Choice whose
    required namespaces are understood, else the Fallback (None when neither)."""
    for ch in ac:
        if ch.tag == f"{{{MC}}}Choice" and _requires_understood(ch):
            return ch
    return ac.find(f"{{{MC}}}Fallback")
