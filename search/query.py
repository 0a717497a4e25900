"""The query language: words ANDed, OR, -exclude, "phrase", doc:, kind:.

Malformed input never raises: stray quotes, a lone '-', OR at either end and
unknown filters degrade to plain words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .terms import expand

KINDS = {"section": "section", "sections": "section", "章节": "section", "section:": "section",
         "box": "box", "boxes": "box", "专栏": "box",
         "indicator": "indicator", "indicators": "indicator", "指标": "indicator"}

_TOKEN = re.compile(r'-?"[^"]*"|-?“[^”]*”|\S+')


@dataclass
class Alt:
    text: str
    exact: bool          # a quoted phrase: verbatim only, no synonyms
    typed: str = ""      # the term typed that this stands for (a synonym of it when text differs)

    @property
    def synonym(self) -> bool:
        return bool(self.typed) and self.text != self.typed


@dataclass
class Query:
    clauses: list[list[Alt]] = field(default_factory=list)   # AND of ORs
    exclude: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)           # raw doc: values
    kinds: list[str] = field(default_factory=list)
    raw: str = ""

    @property
    def empty(self) -> bool:
        return not self.clauses

    def strings(self) -> list[str]:
        """Every string a hit may contain (for highlighting): terms and their variants."""
        out = []
        for c in self.clauses:
            for a in c:
                if a.text not in out:
                    out.append(a.text)
        return out


def _norm(s: str) -> str:
    s = "".join(ch for ch in s if ch >= " " or ch in "\t\n")   # no control characters (NUL…)
    return s.replace("\u3000", " ").strip()


_PAIRS = {'"': '"', "“": "”"}
# Bounds that keep any query well under a second: a person types a few words;
# thousands (a paste gone wrong, a fuzzer) are cut, repeats collapsed.
MAX_QUERY_CHARS = 400
MAX_CLAUSES = 12
MAX_EXCLUDES = 12


def parse(text: str) -> Query:
    q = Query(raw=text or "")
    text = _norm(text or "")[:MAX_QUERY_CHARS]
    if text.count('"') % 2:
        text = text.replace('"', " ")
    tokens = _TOKEN.findall(text)
    operators = []          # operator tokens, in case nothing else is left
    pending_or = False
    for tok in tokens:
        neg = tok.startswith("-") and len(tok) > 1
        body = tok[1:] if neg else tok
        opener = body[:1]
        exact = opener in _PAIRS and len(body) >= 2 and body.endswith(_PAIRS[opener])
        if exact:
            inner = body[1:-1]
            # spaces inside a Chinese phrase are layout, not meaning
            body = re.sub(r"\s+", "", inner) if re.search(r"[\u4e00-\u9fff]", inner) else inner.strip()
        if not body:
            continue
        if not exact and not neg:
            m = re.match(r"(?i)(doc|kind|文件|类型)[:：](.+)$", body)
            if m:
                key, val = m.group(1).lower(), m.group(2)
                if key in ("doc", "文件"):
                    q.docs.append(val)
                    continue
                if val.lower() in KINDS:
                    q.kinds.append(KINDS[val.lower()])
                    continue
            if body in ("OR", "|", "或"):
                operators.append(body)
                pending_or = bool(q.clauses)
                continue
            if body == "-":
                operators.append(body)
                continue
        if neg:
            q.exclude.append(body)
            continue
        alts = [Alt(body, True)] if exact else [Alt(v, False, body) for v in expand(body)]
        if pending_or and q.clauses:
            for a in alts:
                if all(a.text != b.text for b in q.clauses[-1]):
                    q.clauses[-1].append(a)
        else:
            q.clauses.append(alts)
        pending_or = False
    if not q.clauses and operators:
        # nothing but operators: search them as plain text
        for op in operators:
            q.clauses.append([Alt(op, True)])
    return _bounded(q)


def _bounded(q: Query) -> Query:
    """The same clause twice means it once; at most MAX_CLAUSES clauses and
    MAX_EXCLUDES exclusions are kept, in the order typed."""
    seen, clauses = set(), []
    for c in q.clauses:
        key = frozenset((a.text, a.exact) for a in c)
        if key not in seen:
            seen.add(key)
            clauses.append(c)
    q.clauses = clauses[:MAX_CLAUSES]
    q.exclude = list(dict.fromkeys(q.exclude))[:MAX_EXCLUDES]
    q.docs = list(dict.fromkeys(q.docs))[:MAX_EXCLUDES]
    q.kinds = list(dict.fromkeys(q.kinds))
    return q
