"""Box items a scrape printed away from their box.

In a run-in scrape whose order can't be trusted, a 专栏's items are sometimes
printed elsewhere without its label: a run of 'lead：正文' sentences inside
running text (plans' own prose doesn't open sentences that way; boxes do). Each
such run is given to the box its items resemble most — the same kind of lead
(…领域, …平台), words of the box's title, the item its run continues — when one
box is clearly the likeliest; the items carry a confidence below 1.
"""
from __future__ import annotations

import re

from ..model import Box, Item, Section
from ..textutil import FULL_STOPS, sentences
from .body import LEAD

CONFIDENCE = 0.6
MIN_SCORE = 2.5


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[^\u4e00-\u9fff]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _score(lead: str, text: str, before: str, box: Box) -> float:
    """How much one stranded 'lead：正文' sentence looks like an item of this box."""
    leads = [it.lead for it in box.items if it.lead]
    if not leads or lead in leads:
        return 0.0                                  # a box has each lead once
    suffix = max(_suffix(lead, x) for x in leads)
    s = 2.0 * suffix if suffix >= 2 else 0.0        # the same kind of lead: …领域, …平台, …通道
    s += 1.0 * len(_bigrams(lead) & set().union(*map(_bigrams, leads)))   # …班列 beside …班列
    s += 0.5 * len(_bigrams(lead + text) & _bigrams(box.title))
    s += 0.25 * len(_bigrams(before) & _bigrams(box.items[-1].text))   # it carries on the box's last item
    return s


def _stranded(sec: Section):
    """(paragraph, sentence index in it, lead, sentence, the sentence before) of each
    'lead：正文' sentence of a section, in order."""
    prev = ""
    for k, para in enumerate(sec.paras):
        for n, x in enumerate(sentences(para, FULL_STOPS)):
            m = LEAD.match(x)
            if m and len(m.group(0)) <= 14:
                yield k, n, m.group(0)[:-1], x, prev
            prev = x


def _choose(found, lists: list[Box]) -> list[int | None]:
    """The box each stranded sentence goes to (None: none clearly), decided most
    certain first: an item placed makes its box likelier for the leads like it. A
    sentence's own likeness is helped by its stranded neighbours' (a run shares its box)."""
    out: list[int | None] = [None] * len(found)
    placed = {n: [it.lead for it in b.items] for n, b in enumerate(lists)}
    todo = set(range(len(found)))
    while todo:
        own = {i: [_score(found[i][2], found[i][3], found[i][4], b) for b in lists] for i in range(len(found))}
        for j, n in enumerate(out):                 # a placed neighbour speaks for its box only
            if n is not None:
                own[j] = [max(own[j][n], MIN_SCORE * 2) if k == n else 0.0 for k in range(len(lists))]
        best = None
        for i in todo:
            total = [own[i][n] + 0.5 * sum(own[j][n] for j in range(i - 2, i + 3) if j != i and 0 <= j < len(found))
                     for n in range(len(lists))]
            order = sorted(range(len(lists)), key=lambda n: -total[n])
            margin = total[order[0]] - (total[order[1]] if len(order) > 1 else 0)
            if total[order[0]] >= MIN_SCORE and margin >= 1 and (best is None or margin > best[0]):
                best = (margin, i, order[0])
        if best is None:
            break
        _, i, n = best
        out[i] = n
        todo.discard(i)
        lists[n].items.append(Item(lead=found[i][2], text=found[i][3], confidence=CONFIDENCE))  # counts for the next
        placed[n].append(found[i][2])
    for n, b in enumerate(lists):                    # undo the trial items: recover() places them for real
        b.items = [it for it in b.items if not (it.confidence == CONFIDENCE and it.line_start == 0)]
    return out


def recover(sections: list[Section], boxes: list[Box]) -> int:
    """Move stranded item sentences into their boxes; returns how many moved."""
    moved = 0
    lists = [b for b in boxes if b.kind == "list" and b.items]
    if not lists:
        return 0
    for sec in sections:
        found = list(_stranded(sec))
        drop: dict[int, set[int]] = {}
        for (k, n, lead, x, _), choice in zip(found, _choose(found, lists)):
            if choice is None:
                continue
            line = sec.para_lines[k][0] if k < len(sec.para_lines) else sec.line_start
            lists[choice].items.append(Item(lead=lead, text=x, line_start=line, line_end=line, confidence=CONFIDENCE))
            drop.setdefault(k, set()).add(n)
            moved += 1
        for k, ns in drop.items():
            sec.paras[k] = "".join(x for n, x in enumerate(sentences(sec.paras[k], FULL_STOPS)) if n not in ns)
        keep = [(p, span) for p, span in zip(sec.paras, sec.para_lines) if p]
        sec.paras, sec.para_lines = [p for p, _ in keep], [s for _, s in keep]
    return moved
