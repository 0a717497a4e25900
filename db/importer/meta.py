"""Front matter: the covering notice, the plan's title, 发文字号, issuer, date, period."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Line

DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,8}〔\s*\d{4}\s*〕\s*\d+\s*号")
_DOC_NO_TAIL = re.compile(r"〔\s*\d{4}\s*〕\s*\d+\s*号")


def find_doc_number(text: str) -> str | None:
    """渝府办发〔2022〕58号: the issuer's code is the run of characters before 〔,
    back to the end of the words before it (…的通知, a space, a line start)."""
    m = _DOC_NO_TAIL.search(text)
    if not m:
        return None
    i = m.start()
    while i > 0 and m.start() - i < 6 and "\u4e00" <= text[i - 1] <= "\u9fff" and text[i - 1] not in "的知告号日":
        i -= 1
    if i == m.start():
        return None
    return re.sub(r"\s+", "", text[i:m.end()])
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
PERIOD = re.compile(r"[（(]\s*(\d{4})\s*[-—―－–~至到]+\s*(\d{4})\s*年?\s*[）)]")
PLAN_WORDS = re.compile(r"(规划|方案|纲要|计划|意见|办法)")
NOTICE_END = re.compile(r"(此件公开发布|此件主动公开|印发给你们|请认真贯彻执行|请结合实际认真贯彻|遵照执行)")
FYP = {"十三五": "2016-2020", "十四五": "2021-2025", "十五五": "2026-2030"}


@dataclass
class FrontMatter:
    title: str
    doc_number: str | None
    issuer: str | None
    issued_date: str | None
    period: str | None
    notice: list[Line]
    title_lines: list[Line]
    preamble: list[Line]


def _is_period_line(s: str) -> bool:
    return bool(PERIOD.fullmatch(s.strip()))


def _notice_end(texts: list[str]) -> int:
    """Index of the covering notice's last line (its signature date), or -1."""
    if not re.search(r"关于印发|印发给你们|的通知", "".join(texts)[:3000]):
        return -1
    end = -1
    for i, t in enumerate(texts):
        if NOTICE_END.search(t) or (DATE.search(t) and len(t) <= 20):
            end = i
        elif end >= 0 and len(t) <= 20 and i - end <= 3 and (
                re.search(r"(人民政府|办公厅|委员会|管委会)$", t) or DATE.fullmatch(t.strip())):
            end = i
        elif end >= 0 and len(t) > 40:
            break
    return end


def _nows(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def notice_title(notice_text: str) -> str | None:
    """The plan's title as the covering notice names it: 印发《…》 / 关于印发…的通知."""
    m = (re.search(r"印发\s*《([^》]{4,80})》", notice_text)
         or re.search(r"将\s*《([^》]{4,80})》[^《。]{0,12}印发", notice_text)      # 根据《Y》，现将《X》印发给你们
         or re.search(r"《([^》]{4,80})》[^《。]{0,20}印发", notice_text)           # 《X》已经市政府同意，现印发
         or re.search(r"《([^》]{4,80})》", notice_text))
    if not m:
        m = re.search(r"关于印发(.{4,80}?)的通知", notice_text)
    return _nows(m.group(1)) if m else None


def _balanced(s: str) -> bool:
    return s.count("“") <= s.count("”") and s.count("（") + s.count("(") <= s.count("）") + s.count(")")


def _title_lines(rest: list[Line], named: str | None) -> list[Line]:
    """The plan's title line(s) (and its period line) right after the notice. A title
    printed over two lines is one; where the notice names the title, the lines that
    spell it are it."""
    if not rest:
        return []
    if named:
        for k in (1, 2, 3):
            joined = _nows("".join(ln.text for ln in rest[:k]))
            if joined == named or (joined.startswith(named) and PERIOD.fullmatch(joined[len(named):])):
                return rest[:k + (len(rest) > k and _is_period_line(rest[k].text))]
            if not named.startswith(joined):
                break
        return []                                  # only the lines that spell the named title are it
    first = rest[0].text
    if len(first) <= 70 and PLAN_WORDS.search(first) and not re.search(r"[。，；]", first):
        k = 1
        if not _balanced(first) and len(rest) > 1 and _balanced(first + rest[1].text) and len(rest[1].text) <= 30:
            k = 2                                 # （2021— / 2025年）: one title over two lines
        if len(rest) > k and _is_period_line(rest[k].text):
            k += 1
        return rest[:k]
    return []


def _find_title(rest: list[Line], named: str | None) -> tuple[int, list[Line]]:
    """Where the title starts (a short name line or two, such as a site's or an
    office's, may come first) and its lines."""
    for k in range(0, min(3, len(rest))):
        lines = _title_lines(rest[k:], named)
        if lines:
            return k, lines
        if len(rest[k].text) > 20 or re.search(r"[。；]", rest[k].text):
            break
    return 0, []


def _title(title_lines: list[Line], named: str | None, fallback: str) -> str:
    if title_lines:
        return _nows("".join(ln.text for ln in title_lines))
    return named or _nows(fallback)


def _period(title: str, preamble: list[Line]) -> str | None:
    """2021-2025: from the title's (2021—2025年), its 十四五, or the preamble's 规划期为…"""
    m = PERIOD.search(title)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    for k, v in FYP.items():
        if k in title:
            return v
    m = re.search(r"规划期(?:限)?为\s*(\d{4})\s*[-—―－–至到]+\s*(\d{4})", "".join(ln.text for ln in preamble))
    return f"{m.group(1)}-{m.group(2)}" if m else None


def parse(lines: list[Line], fallback_title: str) -> FrontMatter:
    """Split the lines before the first heading into notice / title / preamble."""
    texts = [ln.text for ln in lines]
    end = _notice_end(texts)
    notice, rest = lines[: end + 1], lines[end + 1:]
    notice_text = "".join(ln.text for ln in notice)
    named = notice_title(notice_text)
    skip, title_lines = _find_title(rest, named)
    if named and not title_lines:
        # the title isn't printed right after the notice (a web page's date or links
        # are in between): it is in one of the next lines, or only in the notice
        k = next((k for k in range(1, min(6, len(rest))) if _title_lines(rest[k:], named)), None)
        if k is not None:
            title_lines = _title_lines(rest[k:], named)
    elif skip:                                  # the name lines before the title are front matter
        notice, rest = notice + rest[:skip], rest[skip:]
    preamble = [ln for ln in rest if not any(ln is t for t in title_lines)]
    title = _title(title_lines, named, fallback_title)
    date = None
    for ln in reversed(notice):
        m = DATE.search(ln.text)
        if m:
            date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            break
    # the 发文字号 on a line of its own (or ending one), else anywhere in the front
    doc_number = next((n for n in (find_doc_number(ln.text) for ln in notice) if n), None) \
        or find_doc_number(notice_text or "".join(texts)[:2000])
    return FrontMatter(title, doc_number, _issuer(notice), date, _period(title, preamble), notice, title_lines,
                       preamble)


def _issuer(notice: list[Line]) -> str | None:
    """The issuing bodies: the lines (or the text) before 关于印发 in the notice title."""
    if not notice:
        return None
    names: list[str] = []
    for ln in notice:
        t = ln.text
        if DOC_NO.fullmatch(t.strip()):
            continue
        i = t.find("关于")
        if i > 0:
            head = t[:i]
            head = DOC_NO.sub("", head)
            head = re.sub(r"^.*?(发布日期[:：]\S*)", "", head)
            names.append(head.strip())
            break
        if i == 0:
            break
        if len(t) <= 20 and re.search(r"(政府|办公厅|委员会|管委会|厅|局|部)$", t):
            names.append(t.strip())
        else:
            names = []
    names = [n for n in names if n]
    return "、".join(names) if names else None
