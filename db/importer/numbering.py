"""Heading labels of Chinese plans: 第X篇/章/节, 一、, （一）, 1., （1）.

Levels come from numbering, never from typography or markdown.
"""
from __future__ import annotations

import re

CN_DIGITS = "一二三四五六七八九十百零〇两"   # the one Chinese-numeral set of the importer
_CN = CN_DIGITS

# Family rank: lower ranks nest higher. 篇 > 章 > 节 > 一、 > （一） > 1. > （1）
FAMILIES = ["篇", "章", "节", "一、", "（一）", "1.", "（1）"]
RANK = {f: i for i, f in enumerate(FAMILIES)}

_RE_CHAPTER = re.compile(rf"^第\s*([{_CN}]+|\d+)\s*([篇章节])(?![a-zA-Z0-9])[\s\u3000\u00a0:：]*(.*)$", re.S)
_RE_CN_ITEM = re.compile(rf"^([{_CN}]+)\s*、\s*(.*)$", re.S)
_RE_PAREN_CN = re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]\s*(.*)$", re.S)
_RE_DIGIT = re.compile(r"^(\d{1,2})\s*[.．、](?![\d.．])\s*(.*)$", re.S)
_RE_PAREN_DIGIT = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$", re.S)

BOX_RE = re.compile(r"^专栏\s*(\d+(?:\s*[-－—–‐]\s*\d+)?)(?![\d])[\s\u3000\u00a0:：、.．]*(.*)$", re.S)
CAPTION_RE = re.compile(r"^表\s*(\d+(?:\s*[-－—–‐]\s*\d+)?)[\s\u3000\u00a0:：]*(.*)$", re.S)
FIGURE_RE = re.compile(r"^图\s*(\d+(?:\s*[-－—–‐]\s*\d+)?)[\s\u3000\u00a0:：]+(.*)$", re.S)


def cn_to_int(s: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十一 -> 21, 一百零三 -> 103; digits pass through."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    vals = {c: i for i, c in enumerate("零一二三四五六七八九")}
    vals["〇"] = 0
    vals["两"] = 2
    total, cur = 0, 0
    for ch in s:
        if ch in vals:
            cur = vals[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def match_label(text: str):
    """If text starts with a heading label, return (family, label, number, rest).

    The label is normalised: brackets full width, 1. with an ASCII dot.
    """
    t = text.lstrip()
    m = _RE_CHAPTER.match(t)
    if m:
        num = cn_to_int(m.group(1))
        label = f"第{m.group(1)}{m.group(2)}"
        return m.group(2), label, num, m.group(3)
    m = _RE_PAREN_CN.match(t)
    if m:
        return "（一）", f"（{m.group(1)}）", cn_to_int(m.group(1)), m.group(2)
    m = _RE_CN_ITEM.match(t)
    if m:
        return "一、", f"{m.group(1)}、", cn_to_int(m.group(1)), m.group(2)
    m = _RE_PAREN_DIGIT.match(t)
    if m:
        return "（1）", f"（{int(m.group(1))}）", int(m.group(1)), m.group(2)
    m = _RE_DIGIT.match(t)
    if m:
        return "1.", f"{int(m.group(1))}.", int(m.group(1)), m.group(2)
    return None


def box_label(raw: str) -> str:
    """专栏 6 - 1 -> 专栏6-1"""
    raw = re.sub(r"\s+", "", raw)
    raw = re.sub(r"[－—–‐]", "-", raw)
    return "专栏" + raw


def int_to_cn(n: int) -> str:
    """2 -> 二, 12 -> 十二, 21 -> 二十一 (for labels a text omits)."""
    d = "零一二三四五六七八九"
    if n < 10:
        return d[n]
    if n < 20:
        return "十" + (d[n % 10] if n % 10 else "")
    if n < 100:
        return d[n // 10] + "十" + (d[n % 10] if n % 10 else "")
    return str(n)
