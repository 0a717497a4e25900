"""A web page saved from the browser: the article body only, as lines and tables.

A real HTML parser (lxml) reads the page; navigation, headers, footers, share
bars, scripts and form controls are dropped, and the element holding most of the
page's Chinese text (its article; a container, never a single <p>) is what is read.
Block elements start lines; <br> breaks one (an indented run, or one after <br><br>,
starts a paragraph); tables stay tables (rowspan/colspan understood, a cell's
paragraphs kept apart), their spanning title and 备注 rows lines before and after
them, a one-column table its paragraphs (`html_tables`). A title and 发文字号 the
article lacks come from the page's template (`html_page`). A form's text is
content (ASP.NET sites put the whole page in one <form>). Void elements libxml2
does not know (<embed>, <source>, <wbr> …) give back the text it put inside them.

Bounded: no network, no huge text nodes, at most MAX_HTML_TAGS elements, every
pass over the tree linear, and the text produced counted (`TextBudget`).
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..errors import UnimportableFile
from ..lines import clean_line, drop_web_chrome, norm_ws
from ..model import Line
from ..textio import TextBudget, clean_controls
from .html_page import front_lines, page_meta
from .html_tables import CellPara, indented, read_table, split_table

_DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "iframe", "button",
              "select", "input", "textarea", "svg", "canvas", "template", "object", "embed", "audio", "video",
              "map", "head", "title", "meta", "link"}
_CHROME = re.compile(r"(^|[-_\s])(nav|navbar|menu|breadcrumb|crumb|share|bdshare|footer|foot|header|head|top|"
                     r"sidebar|side|toolbar|tools|print|related|relate|comment|copyright|banner|logo|search|"
                     r"pagination|pager|fontsize|font-size|login|ad|ads|qrcode|wechat|weibo|location|position)"
                     r"($|[-_\s\d])", re.I)
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
           "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption", "caption", "hr",
           "tbody", "thead", "tfoot", "body", "td", "th", "form", "fieldset"}
# elements an article can be: what holds paragraphs, not a paragraph or a run of text
_CONTAINERS = {"div", "section", "article", "main", "form", "center", "blockquote", "fieldset", "table", "tbody",
               "thead", "tfoot", "tr", "td", "th", "body", "ul", "ol", "dl", "dd", "li"}
# elements that never hold content; libxml2's HTML parser nests what follows some of
# them (embed, source, track, wbr, keygen) inside them
_VOID = {"embed", "param", "source", "track", "wbr", "area", "base", "col", "img", "input", "keygen", "link", "meta"}
# elements (counted by their "<") in one page: a government page has a few thousand;
# each costs about 350 bytes and 10 µs, so this bounds a page to about 400 MB and 8 s
MAX_HTML_TAGS = 1_000_000
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def decode_html(data: bytes, path) -> str:
    """The page's text: by its byte-order mark, its <meta charset>, else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    m = _CHARSET.search(data[:4096])
    enc = m.group(1).decode("ascii").lower() if m else None
    if enc in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
        enc = "gb18030"
    for e in [x for x in (enc, "utf-8", "gb18030") if x]:
        try:
            return data.decode(e)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnimportableFile(path, "无法识别网页的文字编码")


def _is_chrome(el, by_class: bool = True) -> bool:
    if not isinstance(el.tag, str):
        return True
    if el.tag in _DROP_TAGS:
        return True
    if not by_class:
        return False
    ident = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
    return bool(ident) and bool(_CHROME.search(ident)) and el.tag not in ("body", "html")


def _unwrap_void(root) -> None:
    """What the parser put inside a void element (the rest of the article, after an
    <embed>) goes back where it was, and the element goes."""
    for el in list(root.iter(*_VOID)):
        if el.getparent() is not None and (len(el) or el.text):
            el.drop_tag()


def _strip_chrome(root, by_class: bool = True) -> None:
    _unwrap_void(root)
    for el in list(root.iter()):
        if el.getparent() is not None and _is_chrome(el, by_class):
            el.drop_tree()


def _cjk_len(s: str | None) -> int:
    return len(_NOT_CJK.sub("", s)) if s else 0


def cjk_counts(root) -> dict:
    """The Chinese characters under each element (its text, its descendants' text and
    tails), in one pass from the leaves up."""
    counts: dict = {}
    for el in reversed(list(root.iter())):
        if isinstance(el.tag, str):
            counts[el] = _cjk_len(el.text) + sum(counts.get(k, 0) + _cjk_len(k.tail) for k in el)
    return counts


def article_root(root, counts: dict | None = None):
    """The element that holds the article: the deepest container still holding most
    of the page's Chinese text (never a paragraph: a page may put its whole body in
    one <p> of <br> runs, after the notice's own paragraphs)."""
    counts = cjk_counts(root) if counts is None else counts
    best = root.find("body") if root.find("body") is not None else root
    total = counts.get(best, 0)
    if not total:
        return best
    while True:
        kids = [k for k in best if isinstance(k.tag, str) and k.tag in _CONTAINERS]
        big = max(kids, key=lambda k: counts.get(k, 0), default=None)
        if big is None or counts.get(big, 0) < 0.6 * total:
            return best
        best = big


class _Walk:
    def __init__(self, budget: TextBudget):
        self.budget = budget
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.gap = 1
        self.next_starts: bool | None = True   # a block began (True) or a <br> broke the line (None)

    def flush(self, then: bool | None = True) -> None:
        """The text in hand as a line; `then`: how the next one begins."""
        raw = "".join(self.buf)
        text = self.budget.add(clean_line(clean_controls(norm_ws(raw))))
        self.buf = []
        if text:
            starts = self.next_starts
            if starts is None and (indented(raw) or self.gap > 1):
                starts = True                        # after <br>: indented, or after a blank line
            self.lines.append(Line(no=len(self.lines) + 1, text=text, gap=self.gap, starts=starts))
            self.gap = 1
            self.next_starts = then
        else:                                        # nothing in hand: a block boundary still counts
            self.next_starts = True if True in (then, self.next_starts) else then

    def emit(self, paras: list[CellPara]) -> None:
        for p in paras:
            self.buf.append(p.text)
            self.next_starts = p.starts
            self.flush()

    def table(self, el) -> None:
        self.flush()
        cap = el.find("caption")
        if cap is not None:                        # <caption>专栏1 …</caption>: the box's title
            self.buf.append(cap.text_content() or "")
            self.flush()
            cap.drop_tree()
        t, paras = read_table(el)
        for r in t.rows:
            self.budget.add("".join(r))
        parts = split_table(t, paras)
        self.emit(parts.title)                     # a title row spanning the table: its caption
        self.emit(parts.column)                    # a one-column table frames a box: its paragraphs
        if parts.table is not None:
            self.lines.append(Line(no=len(self.lines) + 1, text="", gap=self.gap, table=parts.table))
        self.emit(parts.note)                      # a 备注 row closing it: the note under it
        if t.rows:
            self.gap = 2

    def br(self) -> None:
        if self.next_starts is None and not "".join(self.buf).strip():
            self.gap += 1                          # <br><br>: a blank line between paragraphs
        self.flush(None)

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("table", "br"):
            self.table(el) if tag == "table" else self.br()
            self._tail(el)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if el.text:
            self.buf.append(el.text)
        for k in el:
            self.walk(k)
        if block:
            self.flush()
            if tag in ("div", "section", "blockquote") and el.get("class") and "box" in el.get("class", ""):
                self.gap = 2                            # a framed box ends
        self._tail(el)

    def _tail(self, el) -> None:
        if el.tail:
            self.buf.append(el.tail)


def out_of_memory(e: etree.LxmlError) -> bool:
    """Did libxml2 fail for want of memory (it then says "unknown error")?"""
    log = getattr(e, "error_log", None) or ()
    return any(x.type_name == "ERR_NO_MEMORY" for x in log) or "memory" in str(e).lower()


def parse_page(text: str, path):
    """The page's tree, parsed without network access or huge text nodes."""
    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.LxmlError, ValueError) as e:
        if isinstance(e, etree.LxmlError) and out_of_memory(e):
            raise MemoryError(str(e)) from None
        raise UnimportableFile(path, f"无法解析网页（{str(e).splitlines()[0] if str(e) else type(e).__name__}）") from None


def html_lines(data: bytes, path, budget: TextBudget | None = None, article: bool = True) -> list[Line]:
    """A page's lines: its article's (`article`), else its whole body's (an HTML
    chunk embedded in a Word file), page furniture by tag (and class) left out."""
    if data.count(b"<") > MAX_HTML_TAGS:
        raise UnimportableFile(path, f"网页的元素过多（超过 {MAX_HTML_TAGS // 10000} 万个），不是一份规划")
    root = parse_page(decode_html(data, path), path)
    meta = page_meta(root, _is_chrome) if article else None
    _strip_chrome(root, by_class=article)
    w = _Walk(budget or TextBudget(path))
    if article:
        counts = cjk_counts(root)
        start = article_root(root, counts)
        w.budget.reserve(3 * counts.get(start, 0))     # its Chinese alone is over the limit: no walk
    else:
        start = root.find("body") if root.find("body") is not None else root
    w.walk(start)
    w.flush()
    lines = drop_web_chrome(w.lines)
    if meta is not None:                               # the title the article lacks, from the template
        lines = front_lines(meta, lines) + lines
        for k, ln in enumerate(lines, start=1):
            ln.no = k
    return lines


def read_html(data: bytes, path, budget: TextBudget | None = None) -> tuple[list[Line], list[str]]:
    return html_lines(data, path, budget), []
