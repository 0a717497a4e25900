"""What a target measures (its metric's name, not the clause) and for which territory."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from ... import paths

# words before a metric that are not part of it: years, periods, aspiration, verbs of doing
_LEADING = re.compile(
    r"^(?:到\s*20\d\d\s*年|20\d\d\s*年|“?十四五”?(?:期间|时期|末)?|期间|力争|争取|确保|努力|全面|基本|初步|逐步|"
    r"共同|推动|实现|开通|培育|集聚|引进|建成|建设|谋划|打造|新建|全年|每年|各类|在建及|累计|其中|使|将|全市|"
    r"拓展|完善|提升|优化|加快|推进|深化|强化|仅有|拥有|共有|已有)+")
# words after it: the relation, or a verb standing for one
_TRAILING = re.compile(r"(?:分别|每年均?|累计|均|力争|争取|稳定|已上线|上线|已|仅有|共有|拥有|年均增长|年均|保持在|保持|稳定在|达到|达|超过|突破|增加|新增|下降|降低|"
                       r"减少|提高到|提升到|提高|提升|增长|控制在|为|至|到|在|运行|开通|集聚|储备|建成|引进|培育|实现)+$")
# a verb in a metric name: the subject stops before it (重大科技基础设施|在建及建成)
_VERB = re.compile(r"(?:在建|建成|新增|引进|培育|集聚|建设|开通|实现|达到|储备|稳定运行|运行|落实|复制推广)")


_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def terms() -> dict:
    return tomllib.loads(paths.resource("indicator_terms.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def scope_words() -> tuple[tuple[str, str], ...]:
    """(word, territory) pairs, longest word first."""
    pairs = [(w, label) for label, ws in terms()["scopes"].items() for w in ws]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def scope_in(text: str) -> str | None:
    """The territory a text names first (全市, 自贸试验区, 高新区, 成渝地区 …)."""
    best = None
    for w, label in scope_words():
        k = text.find(w)
        if k >= 0 and (best is None or k < best[0]):
            best = (k, label)
    return best[1] if best else None


@lru_cache(maxsize=1 << 16)      # a plan's clauses are read several times over
def leading_scope(head: str) -> tuple[str | None, str]:
    """A territory the metric name begins with, and the name without it
    (重庆高新区检验检测机构 → 高新区, 检验检测机构; 全域… → the whole area)."""
    for w, label in scope_words():
        if head.startswith(w):
            return label, head[len(w):]
    for w in terms()["areas"]["whole"]:
        if head.startswith(w):
            return "", head[len(w):]
    return None, head


@lru_cache(maxsize=1 << 16)
def clean_name(head: str) -> str:
    head = _SPACE.sub("", head)
    prev = None
    while prev != head:
        prev = head
        head = _LEADING.sub("", head)
        head = _TRAILING.sub("", head)
        head = head.strip("，、：:的和及")
    return head


def subject_of(metric: str) -> str:
    """The thing a metric is about, before its verb (重大科技基础设施在建及建成 → 重大科技基础设施)."""
    m = _VERB.search(metric, 2)
    return metric[:m.start()] if m else metric


def is_thin(name: str) -> bool:
    """Too little to name a metric on its own (识别率, 占全市比重, 储备)."""
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", name)
    return len(cjk) <= 3 or name.startswith(("占", "比重", "其中"))
