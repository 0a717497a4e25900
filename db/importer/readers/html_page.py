"""What a site's page template says about the document, outside its article.

Government sites print the document's title and 发文字号 in the page's template: the
<title> (with the site's name after it), a title block or <h1> over the article,
ArticleTitle/og:title meta tags, and the 政务公开 metadata table (索引号, 发文机关,
标题, 发文字号, 成文日期 …). The template is dropped with the rest of the chrome;
when the article itself lacks the title (or the 发文字号), what the template says
is put before the article's first line, where a printed document has it, so the
front matter is read from it as from any other plan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from ..lines import clean_line, norm_ws
from ..meta import DOC_NO, find_doc_number
from ..model import Line
from ..numbering import BOX_RE, CAPTION_RE

# the metadata table's labels, once white space and the colon are gone
_TITLE_LABELS = {"标题", "文件标题", "名称", "文件名称", "题名"}
_DOCNO_LABELS = {"发文字号", "文号", "发文文号"}
_META_LABELS = _TITLE_LABELS | _DOCNO_LABELS | {"索引号", "主题分类", "发文机关", "成文日期", "发布日期", "发文日期",
                                                "生效日期", "有效性", "信息来源", "主题词", "公开方式", "公开范围"}
_TITLE_CLASS = re.compile(r"(^|[-_\s])(tit|title|headline)([-_\s\d]|$)", re.I)
# a <title>'s trailing segment naming the site or the column: after _ | - –, with no
# digit or bracket (a title's own period, 2021-2025年, has both)
_SITE_TAIL = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|-)\s*[^_|｜\-–—\d（）()〔〕《》]{1,40}$")
_NAMED = re.compile(r"关于印发\s*《?(.{4,80}?)》?\s*的通知$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class PageMeta:
    titles: list[str] = field(default_factory=list)   # what the template calls the document, most trusted first
    doc_number: str | None = None


def _text(el, pieces: int = 40, limit: int = 400) -> str:
    """An element's text, read no further than its first pieces and characters (a
    title is short: an element wrapping the whole article is not read through)."""
    out, n = [], 0
    for piece in islice(el.itertext(), pieces):
        out.append(piece[:limit - n])
        n += len(out[-1])
        if n >= limit:
            break
    return clean_line(norm_ws("".join(out)))


def _label(s: str) -> str:
    return re.sub(r"[\s\u3000\u00a0:：]+", "", s)


def _metadata_table(root, meta: PageMeta) -> None:
    """The 政务公开 table: label cells followed by their values."""
    for table in root.iter("table"):
        cells = list(islice(table.iter("td", "th"), 61))
        if len(cells) > 60:                           # a data table, not the few label/value pairs
            continue
        texts = [_text(c) for c in cells]
        labels = [_label(t) for t in texts]
        if sum(1 for lb in labels if lb in _META_LABELS) < 2:
            continue
        for k, lb in enumerate(labels[:-1]):
            value = texts[k + 1]
            if not value or _label(value) in _META_LABELS:
                continue
            if lb in _TITLE_LABELS and _CJK.search(value):
                meta.titles.append(value)
            elif lb in _DOCNO_LABELS and DOC_NO.search(value) and not meta.doc_number:
                meta.doc_number = find_doc_number(value) or DOC_NO.search(value).group(0)


def site_title(title: str) -> str:
    """A <title> without the site's and the column's names after it."""
    t = title.strip()
    while True:
        m = _SITE_TAIL.search(t)
        if not m or m.start() < 4:
            return t
        t = t[:m.start()].strip()


def page_meta(root, is_chrome=lambda el: False) -> PageMeta:
    """What the page's template says (read before the chrome is dropped); title
    blocks inside the site's header, navigation or footer (`is_chrome`) don't count."""
    meta = PageMeta()
    _metadata_table(root, meta)
    for el in root.iter("h1", "h2", "div", "p", "span", "td", "strong"):
        ident = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if not (el.tag == "h1" or (ident and _TITLE_CLASS.search(ident))):
            continue
        t = _text(el)
        if 4 <= len(t) <= 120 and _CJK.search(t) and not re.search(r"[。；]", t) \
                and not any(is_chrome(a) for a in el.iterancestors()) and not is_chrome(el):
            meta.titles.append(t)
    for m in root.iter("meta"):
        if (m.get("name") or m.get("property") or "").lower() in ("articletitle", "og:title"):
            t = clean_line(norm_ws(m.get("content") or ""))
            if _CJK.search(t):
                meta.titles.append(t)
    for t in root.iter("title"):
        s = site_title(clean_line(norm_ws(t.text_content() or "")))
        if _CJK.search(s):
            meta.titles.append(s)
    meta.titles = [t for t in dict.fromkeys(meta.titles) if not (BOX_RE.match(t) or CAPTION_RE.match(t))]
    return meta


def _nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


def front_lines(meta: PageMeta, lines: list[Line], head_chars: int = 3000) -> list[Line]:
    """The lines to put before an article that lacks its title (and 发文字号): the
    template's title (the plan a 关于印发…的通知 names), the 发文字号 before it."""
    body = _nows("".join(ln.text for ln in lines if ln.table is None))
    head = body[:head_chars]
    out: list[Line] = []
    if meta.doc_number and _nows(meta.doc_number) not in head:
        out.append(Line(no=0, text=meta.doc_number, starts=True))
    plans = []                                      # (as printed, the plan it names)
    for t in meta.titles:
        m = _NAMED.search(t)
        plans.append((t, m.group(1) if m else t))
    if any(_nows(t) in head or _nows(p) in head for t, p in plans):
        return out                                  # the article prints its own title
    outside = [p for t, p in plans if _nows(t) not in body]   # not a heading of the article's own
    if outside:
        out.append(Line(no=0, text=outside[0], starts=True))
    return out
