"""The numbers a target clause sets: value as printed, bounds, unit, qualifier; and
the relation the clause puts them in (comparator, direction)."""
from __future__ import annotations

import re
from dataclasses import dataclass

# units the plans set targets in, longest first (no 小时/天/次/平方公里: those are
# service standards, frequencies and areas in these texts, never a plan's target)
UNITS = ("个百分点", "万亿元", "亿美元", "万美元", "亿元", "万元", "亿吨", "万吨", "万标箱", "标箱", "万人次", "人次",
         "万户", "万人", "公里", "个", "项", "家", "条", "列", "户", "人", "名", "座", "所", "倍", "%", "％")
_NUM = r"\d+(?:\.\d+)?"
QTY = re.compile(
    rf"(?P<low>{_NUM})\s*(?:(?P<dash>[―—\-－~～至到])\s*(?P<high>{_NUM})\s*)?"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})(?P<cur>人民币)?\s*(?P<qual>以上|左右|以下|以内)?")

# the relation words, in the order one wins over another (下降20%以上 is a decrease)
COMPARATORS = (("下降", ("下降", "降低", "减少", "压缩")), ("年均增长", ("年均增长", "年均增速", "年均")),
               ("保持", ("保持在", "保持", "稳定在")), ("超过", ("超过", "多于", "超")), ("突破", ("突破",)),
               ("以上", ("以上",)), ("左右", ("左右",)), ("新增", ("新增", "增加")), ("达到", ("达到", "达")))
ASPIRE = re.compile(r"力争|争取|谋划")


@dataclass
class Quantity:
    start: int
    end: int
    value: str           # as printed, spaces removed: 2―3个, 20%以上, 1000亿元人民币
    low: float
    high: float
    unit: str            # as printed: ％ stays ％
    qualifier: str       # 以上 / 左右 / 以下 / 以内 / ''


def _excluded(clause: str, m: re.Match) -> bool:
    """Numbers that are no quantity to reach: ordinals (第4个), size classes (5000吨级,
    100亿级), counts of items just listed (等6类, 等 5 个), descriptors (15%的税率),
    names and slogans in quotes (“20证合一”, “7天*24小时*313平方公里”)."""
    before, after = clause[:m.start()], clause[m.end():]
    if re.search(r"第\s*$", before) or re.match(r"\s*(级|强|吋|的)", after):
        return True
    if re.search(r"等\s*$", before):
        return True
    opened = before.count("“") + before.count("「") - before.count("”") - before.count("」")
    return opened > 0


def quantities(clause: str) -> list[Quantity]:
    out = []
    for m in QTY.finditer(clause):
        if _excluded(clause, m) or re.fullmatch(r"(19|20)\d\d", m.group("low")):
            continue
        low = float(m.group("low"))
        high = float(m.group("high")) if m.group("high") else low
        value = re.sub(r"\s+", "", m.group(0))
        out.append(Quantity(m.start(), m.end(), value, low, high, m.group("unit"), m.group("qual") or ""))
    return out


def comparator(clause: str, q: Quantity, sentence_before: str = "") -> tuple[str, list[str]]:
    """The main relation of a quantity and the relation words printed: 下降 and 年均增长
    first, then 保持/超过/突破/以上/左右, then 新增 (only as the verb right before the
    number), then 达到; 力争 when the sentence aspires (力争, 争取) and nothing else."""
    head = clause[:q.start]
    words = [w for _, ws in COMPARATORS for w in ws if w in head] + ([q.qualifier] if q.qualifier else [])
    for name, ws in COMPARATORS:
        hit = [w for w in ws if w in head] or ([q.qualifier] if q.qualifier in ws else [])
        if name == "新增":
            hit = [w for w in ws if re.search(w + r"\s*$", head)]
        if name in ("以上", "左右"):
            hit = [w for w in ws if w == q.qualifier]
        if hit:
            return name, words
    if ASPIRE.search(sentence_before + head):
        return "力争", words + ASPIRE.findall(sentence_before + head)[:1]
    return "达到", words


def direction(comparator_: str, metric: str) -> str:
    """decrease / rate (a growth rate) / increase (a count of additions) / level."""
    if comparator_ == "下降":
        return "decrease"
    if comparator_ == "年均增长":
        return "rate"
    share = re.search(r"占|比重|比例|率$", metric)
    if comparator_ == "新增" or (metric.startswith(("新增", "增加")) and not share):
        return "increase"
    return "level"
