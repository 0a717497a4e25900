"""A web page saved from the browser: the article body only, as lines and tables.

A real HTML parser (lxml) reads the page; navigation, headers, footers, share
bars, scripts and forms are dropped, and the element holding most of the page's
Chinese text (its article) is what is read. Block elements start lines; <br>
breaks one; tables stay tables (rowspan/colspan understood).
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..errors import ImportError_
from ..lines import clean_line, drop_web_chrome, norm_ws
from ..model import Line, Table
from ..textio import clean_controls

_DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button",
              "select", "input", "textarea", "svg", "canvas", "template", "object", "embed", "audio", "video",
              "map", "head", "title", "meta", "link"}
_CHROME = re.compile(r"(^|[-_\s])(nav|navbar|menu|breadcrumb|crumb|share|bdshare|footer|foot|header|head|top|"
                     r"sidebar|side|toolbar|tools|print|related|relate|comment|copyright|banner|logo|search|"
                     r"pagination|pager|fontsize|font-size|login|ad|ads|qrcode|wechat|weibo|location|position)"
                     r"($|[-_\s\d])", re.I)
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
           "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption", "caption", "hr",
           "tbody", "thead", "tfoot", "body", "td", "th"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
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
    raise ImportError_(path, "无法识别网页的文字编码")


def _is_chrome(el) -> bool:
    if not isinstance(el.tag, str):
        return True
    if el.tag in _DROP_TAGS:
        return True
    ident = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
    return bool(ident) and bool(_CHROME.search(ident)) and el.tag not in ("body", "html")


def _strip_chrome(root) -> None:
    for el in list(root.iter()):
        if el.getparent() is not None and _is_chrome(el):
            el.drop_tree()
    for c in root.iter(etree.Comment):
        if c.getparent() is not None:
            c.getparent().remove(c)


def _cjk(el) -> int:
    return len(_CJK.findall(el.text_content() or ""))


def article_root(root):
    """The element that holds the article: the deepest one still holding most of
    the page's Chinese text."""
    best = root.find("body") if root.find("body") is not None else root
    total = _cjk(best)
    if not total:
        return best
    while True:
        kids = [k for k in best if isinstance(k.tag, str)]
        big = max(kids, key=_cjk, default=None)
        if big is None or _cjk(big) < 0.6 * total:
            return best
        best = big


def _table(el) -> Table:
    """rows of cell texts; a rowspan's text repeated below it (marked merged), colspan's extra cells empty."""
    rows, merged, pending = [], [], {}   # pending: column -> (text, rows left)
    for tr in el.iter("tr"):
        row, mrow, col = [], [], 0
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        for cell in cells + [None]:
            while col in pending:
                text, left = pending[col]
                row.append(text)
                mrow.append(True)
                pending = {k: v for k, v in pending.items() if k != col} if left <= 1 else {**pending, col: (text, left - 1)}
                col += 1
            if cell is None:
                break
            text = clean_line(norm_ws(cell.text_content() or ""))
            span = max(1, int(cell.get("colspan", "1") or 1)) if (cell.get("colspan") or "1").isdigit() else 1
            down = int(cell.get("rowspan", "1")) if (cell.get("rowspan") or "1").isdigit() else 1
            row.append(text)
            mrow.append(False)
            if down > 1:
                pending[col] = (text, down - 1)
            col += 1
            for _ in range(span - 1):
                row.append("")
                mrow.append(False)
                col += 1
        if any(c for c in row):
            rows.append(row)
            merged.append(mrow)
    return Table(rows=rows, merged=merged)


class _Walk:
    def __init__(self):
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.gap = 1

    def flush(self, starts: bool | None = True) -> None:
        text = clean_line(clean_controls(norm_ws("".join(self.buf))))
        self.buf = []
        if text:
            self.lines.append(Line(no=len(self.lines) + 1, text=text, gap=self.gap, starts=starts))
            self.gap = 1

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            self.flush()
            cap = el.find("caption")
            if cap is not None:                        # <caption>专栏1 …</caption>: the box's title
                self.buf.append(cap.text_content() or "")
                self.flush()
                cap.drop_tree()
            t = _table(el)
            if t.rows and max(len(r) for r in t.rows) == 1:
                for r in t.rows:                       # a one-column table frames a box
                    self.buf.append(r[0])
                    self.flush()
                self.gap = 2
            elif t.rows:
                self.lines.append(Line(no=len(self.lines) + 1, text="", gap=self.gap, table=t))
                self.gap = 2
            self._tail(el)
            return
        if tag == "br":
            self.flush(None)
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


def read_html(data: bytes, path) -> tuple[list[Line], list[str]]:
    text = decode_html(data, path)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise ImportError_(path, f"无法解析网页（{e}）") from None
    _strip_chrome(root)
    w = _Walk()
    w.walk(article_root(root))
    w.flush()
    return drop_web_chrome(w.lines), []
