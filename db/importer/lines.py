"""Source text -> cleaned lines: conversion artifacts removed, line numbers kept."""
from __future__ import annotations

import re
from statistics import median

from .cjkfix import fix_radicals
from .model import Line
from .textio import strip_invisible
from .textutil import width

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_PAGE_NO = re.compile(r"^[\s\-—–－―_·•]*(?:第\s*)?\d{1,3}\s*(?:页|/\s*\d{1,3})?[\s\-—–－―_·•]*$")
_PAGE_NO_DECOR = re.compile(r"^\s*[-—–－―]\s*\d{1,3}\s*[-—–－―]\s*$|^\s*第\s*\d{1,3}\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?\s*$")


def clean_line(raw: str) -> str:
    """One line's text as every reader gives it: invisible characters (controls, bidi
    overrides, zero-width spaces) and conversion artifacts gone, stripped."""
    s = fix_radicals(_BOOKMARK.sub("", strip_invisible(raw).replace("\n", " ")))
    s = _MD_HEADING.sub("", s)
    s = _MD_EMPH.sub(r"\2", s)
    s = s.replace("\u00a0", " ").replace("\u3000", " ")
    return s.strip()


def split_lines(text: str) -> list[Line]:
    """Non-blank cleaned lines, each with its 1-based number and the blank lines before it."""
    out: list[Line] = []
    gap = 0
    raw_lines = text.split("\n")
    for i, raw in enumerate(raw_lines, start=1):
        s = clean_line(raw)
        if not s:
            gap += 1
            continue
        out.append(Line(no=i, text=s, gap=gap, tab=raw.startswith("\t") or raw.lstrip("[ ]").startswith("\t")))
        gap = 0
    return _drop_page_numbers(out)


def _drop_page_numbers(lines: list[Line]) -> list[Line]:
    """Drop running page numbers: '- 12 -', '第3页'; bare numbers only when isolated
    between blank lines in a text that has many of them (a PDF footer)."""
    decorated = [i for i, ln in enumerate(lines) if _PAGE_NO_DECOR.match(ln.text)]
    bare = [i for i, ln in enumerate(lines)
            if not ln.tab and re.fullmatch(r"\d{1,3}", ln.text) and ln.gap >= 1
            and (i + 1 == len(lines) or lines[i + 1].gap >= 1)]
    drop = set(decorated)
    if len(bare) >= 3:
        # footers count upwards through the document
        nums = [int(lines[i].text) for i in bare]
        if sum(1 for a, b in zip(nums, nums[1:]) if b > a) >= 0.7 * (len(nums) - 1):
            drop |= set(bare)
    if not drop:
        return lines
    out = []
    carry = 0
    for i, ln in enumerate(lines):
        if i in drop:
            carry += ln.gap + 1
            continue
        if carry:
            ln.gap += carry
            carry = 0
        out.append(ln)
    return out


def wrap_width(lines: list[Line]) -> float | None:
    """The width a hard-wrapped text was wrapped at, or None if it is not hard-wrapped.

    A PDF extraction wraps every line of a paragraph at the same width; only the
    last line of a paragraph is shorter.
    """
    ws = [width(ln.text) for ln in lines if not ln.tab]
    if len(ws) < 20:
        return None
    top = sorted(ws)[int(len(ws) * 0.9)]
    if not 12 <= top <= 80:
        return None
    near = [w for w in ws if top - 2.5 <= w <= top + 1]
    if len(near) < 0.35 * len(ws):
        return None
    return median(near)


# A web page printed or saved keeps its site's furniture: navigation, share bars,
# font-size links, footers. A line made of such words is not the plan's text.
_CHROME_TOKENS = ("首页", "政务公开", "政策文件", "政务服务", "互动交流", "无障碍", "长者模式", "English", "分享到",
                  "微信", "微博", "QQ空间", "字号", "打印本页", "关闭窗口", "来源：", "浏览次数", "【大】", "【中】",
                  "【小】", "主办单位", "承办单位", "网站标识码", "ICP备", "版权所有", "联系我们", "网站地图", "当前位置",
                  "您现在的位置", "欢迎访问", "走进重庆", "收藏", "扫一扫")
_CHROME_START = re.compile(r"^(当前位置|您现在的位置|分享到|欢迎访问|主办单位|网站标识码|版权所有|【?字号)")


def is_web_chrome(text: str) -> bool:
    t = text.replace(" ", "")
    if len(t) > 80:
        return False
    return bool(_CHROME_START.match(t)) or sum(1 for k in _CHROME_TOKENS if k in t) >= 2


def drop_web_chrome(lines: list[Line]) -> list[Line]:
    """A printed or saved web page's furniture lines, left out (their gap kept)."""
    out, carry = [], 0
    for ln in lines:
        if ln.table is None and is_web_chrome(ln.text):
            carry = max(carry, ln.gap)
            continue
        if carry:
            ln.gap, carry = max(ln.gap, carry), 0
        out.append(ln)
    return out


_WIDE = r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f“”‘’]"


def norm_ws(s: str) -> str:
    """HTML white space: runs collapse to one space, none is kept next to Chinese
    (the source's line breaks inside a paragraph are layout, not text)."""
    s = re.sub(r"[ \t\r\n\f\u00a0]+", " ", s)
    return re.sub(rf"(?<={_WIDE}) | (?={_WIDE})", "", s)
