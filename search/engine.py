"""Search: exact-substring recall over the units, BM25F ranking from Whoosh.

Every string typed is matched verbatim (a C-speed scan of the units' text,
jumping to the next unit after a hit), so anything that occurs in a plan is
found, a single character included; Whoosh's BM25F over jieba words (title >
heading > body) orders what was found. A quoted phrase matches only verbatim;
an unquoted word also matches through its synonyms.
"""
from __future__ import annotations

import bisect
import gc
import logging
import math
from collections import Counter, OrderedDict, deque
from contextlib import contextmanager
from functools import cached_property, partial
from itertools import accumulate, chain, compress, groupby, repeat
from operator import add, attrgetter, contains, eq, ge, gt, lt, sub
from pathlib import Path
from typing import AbstractSet

from whoosh import scoring  # BM25F, and (in _bm25) its scorer's private _score
from whoosh.util.numeric import byte_to_length

from db import paths
from db.store import Store

from . import chartable, index as sindex, postings, wordtable
from .query import Query, parse
from .snippets import snippet
from .units import Unit, from_rows, load_units

log = logging.getLogger(__name__)

SEP = "\x00"
DENSE = 512         # a string found in this many units: the rest are tested unit by unit
SCAN_CACHE = 512    # scans remembered (the strings of recent queries, the prefixes typed)
WORD_CACHE = 64     # words whose scores in a field are remembered (read whole: in many units)
TITLED = 16         # a string in more titles than the candidates / TITLED: their titles tested, not a title scan
WHOLE = 2           # a word in fewer than WHOLE x the candidates: read whole (and remembered), else skipped to
MEET = chartable.COMMON    # the second rarest character's units met only when in fewer than the units / MEET
TABLED = 16         # the same for a word in the word table (read whole at a fifth of the cost)


class Hits(list):
    """The hits of a search, best first (at most the limit asked), and `total`: how
    many units hold what was asked — exact, though only the hits returned are built."""

    def __init__(self, hits=(), total: int = 0):
        super().__init__(hits)
        self.total = total


class Hit:
    """One unit found. Its snippet is made when first read (the window shows a
    screenful of a query's hits; the rest are never drawn). `synonyms` names, for
    each term the unit holds only through a synonym, (the term typed, the synonym found).
    `about`: how many of the query's clauses the unit's own title (heading, 专栏 title,
    indicator name) names, verbatim or by a synonym — 0 when none: the unit is about
    what was asked, and comes first (the window shows these hits as a block of their own)."""
    __slots__ = ("kind", "id", "document_id", "title", "path", "_snippet", "score", "matches", "_src", "_synonyms",
                 "about")

    def __init__(self, kind: str, id: str, document_id: str, title: str, path: str, snippet: str | None,
                 score: float, matches: list[str], src: tuple | None = None,
                 synonyms: list[tuple[str, str]] | tuple | None = None, about: int = 0):
        """`synonyms`: the list, or (query, text) to find them in when first read."""
        self.kind, self.id, self.document_id, self.title, self.path = kind, id, document_id, title, path
        self._snippet, self.score, self.matches, self._src = snippet, score, matches, src
        self._synonyms = synonyms or []
        self.about = about

    @property
    def synonyms(self) -> list[tuple[str, str]]:
        if isinstance(self._synonyms, tuple):       # made when first read, like the snippet
            self._synonyms = synonyms_found(*self._synonyms)
        return self._synonyms

    @property
    def snippet(self) -> str:
        if self._snippet is None:
            self._snippet = _snippet_of(*self._src) if self._src else ""
        return self._snippet

    def as_json(self) -> dict:
        return dict(kind=self.kind, id=self.id, document_id=self.document_id, title=self.title, path=self.path,
                    snippet=self.snippet, score=self.score, about=self.about)

    def __repr__(self):
        return f"Hit({self.kind}, {self.id}, {self.score})"


class SearchEngine:
    """One per thread (it holds a Whoosh searcher and a sqlite connection).

    Opening only opens: the units are read from the store and the index is opened
    when it is current (its seal verified once, the index opened once). A missing,
    stale or damaged index is never rebuilt here: `index_status` says which
    (`search.index.MISSING`, `STALE`, `DAMAGED`; None when in use), searches run
    without it (every hit still found, ranked more plainly), and the caller decides
    to rebuild it with progress (`search.index.ensure`, or the window's staged rebuild)
    and opens a new engine."""

    INDEX_ERRORS = {sindex.MISSING: "搜索索引缺失", sindex.STALE: "搜索索引已过期",
                    sindex.DAMAGED: "搜索索引未通过校验"}

    def __init__(self, data: str | Path):
        with _no_collection():              # tens of thousands of objects made, none of them garbage
            self._open(Path(data))

    def _open(self, data: Path) -> None:
        self.data = data
        with Store(paths.plans_db(self.data)) as store:
            self.docs = store.documents()
            ix, self.index_status = sindex.open_current(self.data, store)
            side = sindex.read_units(self.data) if ix is not None else None
            self.units = from_rows(side["units"]) if side else load_units(store)
        self._plan_titles = ([d["id"] for d in self.docs], [d["title"] or "" for d in self.docs],
                             [d["short_title"] or "" for d in self.docs])     # (for `plans_about`)
        self._join_units()
        self._scan_cache: OrderedDict[str, frozenset[int]] = OrderedDict()
        self._title_cache: OrderedDict[str, frozenset[int]] = OrderedDict()
        self.ix = self.searcher = None
        self.vocab: set[str] = set()
        self.maxword = 1
        self.doc_of_unit: dict[int, int] = {}      # unit index -> Whoosh docnum
        self._dfl: dict[tuple[int, str], dict[int, int]] = {}   # (segment, field) -> field lengths read
        self._lbytes: dict[tuple[int, str], bytes | None] = {}  # (segment, field) -> each doc's length byte
        self._seg_units: dict[int, list[int]] = {}              # segment -> each docnum's unit (-1: none)
        self._word_scores: OrderedDict[tuple[str, str], list[float]] = OrderedDict()
        self.unit_of_doc: dict[int, int] = {}       # Whoosh docnum -> unit index
        self.chars: chartable.Table | None = None   # the index's character table (`_find_by_chars`)
        self.words: wordtable.Table | None = None   # its frequent words' postings (`_read_word`)
        self._sids: list[str] = []                  # each segment's id, by its position
        self._leaf_of: dict[str, tuple[int, object, int]] = {}  # segment id -> (k, its reader, its first docnum)
        self.index_error: str | None = None
        if ix is not None:
            self._open_index(ix, side)
        else:
            self.index_error = self.INDEX_ERRORS[self.index_status]

    def _join_units(self) -> None:
        """One string of all units (and one of their titles) for the verbatim scan; the
        units of each plan and of each kind, for doc: and kind:. (Each list made in C
        from the one before: this is done at every start, for every unit.)"""
        units = self.units
        self.by_doc: dict[str, list[int]] = {}
        at = 0
        for d, run in groupby(map(attrgetter("document_id"), units)):     # (a plan's units: one run, in C)
            n = sum(1 for _ in run)
            self.by_doc.setdefault(d, []).extend(range(at, at + n))
            at += n
        kinds = list(map(attrgetter("kind"), units))
        self.by_kind: dict[str, list[int]] = {k: list(compress(range(len(kinds)), map(eq, kinds, repeat(k))))
                                              for k in dict.fromkeys(kinds)}
        self.texts = list(map(Unit.text.fget, units))
        for lazy in ("big", "_bounds"):               # (made when first asked for: `_find`, without the table)
            self.__dict__.pop(lazy, None)
        self.title_list = list(map(attrgetter("title"), units))
        self.tstarts = _spans(self.title_list)[0]
        self.titles = SEP.join(self.title_list)

    @cached_property
    def big(self) -> str:
        """One string of all units' text, joined by SEP, for a scan without the character table."""
        return SEP.join(self.texts)

    @cached_property
    def _bounds(self) -> tuple[list[int], list[int]]:
        """Where each unit's text starts and ends in `big`."""
        return _spans(self.texts)

    @property
    def starts(self) -> list[int]:
        return self._bounds[0]

    @property
    def ends(self) -> list[int]:
        return self._bounds[1]

    def _open_index(self, ix, side: dict | None = None) -> None:
        """Whoosh (the index `ix`, opened and checked), for ranking; an index that fails
        when read leaves the engine searching without it. `side`: what the index keeps
        beside itself (`index.read_units`), read instead of its lexicons and stored fields."""
        self.ix = ix
        try:
            self.searcher = self.ix.searcher(weighting=scoring.BM25F())
            # the index's words, for turning a query string into index terms without jieba
            if side is not None:
                self.vocab = set(side["vocab"])
            else:
                for f in sindex.FIELD_BOOST:
                    self.vocab.update(t.decode("utf-8") if isinstance(t, bytes) else t
                                      for t in self.searcher.reader().lexicon(f))
            self.maxword = max(map(len, self.vocab), default=1)
            # unit index <-> docnum by the unit's stable id (an index updated in place
            # keeps its documents in the order they were added, not the units')
            self.unit_of_id = {u.id: i for i, u in enumerate(self.units)}
            ids = (enumerate(side["docs"]) if side is not None
                   else ((d, f["id"]) for d, f in self.searcher.reader().iter_docs()))
            for docnum, uid in ids:
                i = self.unit_of_id.get(uid)
                if i is not None:
                    self.doc_of_unit[i] = docnum
                    self.unit_of_doc[docnum] = i
            if side is not None and len(self.doc_of_unit) == len(self.units):
                leaves = self.searcher.reader().leaf_readers()
                self._leaf_of = {leaf.segment().segment_id(): (k, leaf, off) for k, (leaf, off) in enumerate(leaves)}
                self._sids = list(self._leaf_of)           # (in the segments' order: k)
                table = chartable.Table.open(sindex.index_dir(self.data) / sindex.CHARS)
                if table is not None and set(table.segments) == set(self._leaf_of):
                    self.chars = table
                elif table is not None:
                    table.close()
                words = wordtable.Table.open(sindex.index_dir(self.data) / sindex.WORDS)
                if words is not None and set(words.segments) <= set(self._leaf_of):
                    self.words = words
                elif words is not None:
                    words.close()
        except Exception as e:
            self._lose_index(e)

    def _lose_index(self, e: BaseException) -> None:
        log.warning("search index unusable (%s: %s); ranking without it", type(e).__name__, e)
        self.index_status = sindex.DAMAGED
        self.index_error = f"搜索索引损坏（{type(e).__name__}）"
        self.close()
        self.vocab, self.maxword, self.doc_of_unit, self.unit_of_doc = set(), 1, {}, {}

    @property
    def broken(self) -> bool:
        """True when searches run without the index (recall is unchanged, ranking plainer)."""
        return self.index_error is not None

    def close(self):
        if self.searcher is not None:
            self.searcher.close()
        if self.ix is not None:
            self.ix.close()
        if self.chars is not None:
            self.chars.close()
        if self.words is not None:
            self.words.close()
        self.ix = self.searcher = self.chars = self.words = None
        self._dfl, self._lbytes, self._seg_units, self._leaf_of = {}, {}, {}, {}
        self._word_scores = OrderedDict()

    # ---- recall ----
    def scan(self, s: str) -> frozenset[int]:
        """Units whose text contains s verbatim.

        Remembered: a string typed on (口 then 口岸) is looked for only in the units
        holding its longest remembered prefix, when they are fewer than the table would
        have tested (`_tested`). Otherwise, with the index's character table, only in the
        units holding its rarest characters or a pair of them (`_find_by_chars`); without it, one
        C-speed `find` over the joined text, jumping to the next unit after a hit; once
        DENSE units hold it (的, 发展), the rest are tested unit by unit in C, so a string
        in every unit costs one test per unit rather than a Python step per hit."""
        cache = self._scan_cache
        hit = cache.get(s)
        if hit is not None:
            cache.move_to_end(s)
            return hit
        # (the order a set of candidates iterates in decides nothing: ties are broken by
        # the unit's number wherever they are)
        sup = next((cache[s[:k]] for k in range(len(s) - 1, 0, -1) if s[:k] in cache), None)
        if sup is not None and (self.chars is None or len(sup) <= self._tested(s)):
            res = frozenset(self._holding(s, sup))
        else:
            res = frozenset(self._find(s)) if self.chars is None else self._find_by_chars(s)
        cache[s] = res
        if len(cache) > SCAN_CACHE:
            cache.popitem(last=False)
        return res

    def _find(self, s: str) -> set[int]:
        out = set()
        big, starts, ends = self.big, self.starts, self.ends
        pos = big.find(s)
        while pos >= 0:
            u = bisect.bisect_right(starts, pos) - 1
            out.add(u)
            if len(out) == DENSE:
                rest = self.texts[u + 1:]
                out.update(compress(range(u + 1, u + 1 + len(rest)), map(contains, rest, repeat(s))))
                break
            pos = big.find(s, ends[u] + 1)
        return out

    def _find_by_chars(self, s: str) -> frozenset[int]:
        """`_find` through the index's character table: the units holding the rarest
        character of s are the only ones s can be in, tested with `in` in C (a single
        character: they are the answer); those holding the second rarest too, when it
        is in fewer than 1/MEET of the units (meeting two common characters' units,
        开 and 放 in 10,000 of 17,000, cost more than the tests it spares). Where the
        table holds a pair of characters of s (a segment's pairs of common characters), the units
        holding the pair with the fewest are the ones tested there, and a string of two
        characters is that pair: its units are the answer, none tested. The same set as
        the scan's; a character no unit holds: none."""
        table = self.chars
        rare = sorted(set(s), key=table.count)[:2]
        paired: dict = {}                   # segment id -> the docnums of its tabled pair of s held by fewest
        for pair in dict.fromkeys(map(add, s, s[1:])):
            for sid, docnums in table.docs(pair):
                if sid not in paired or len(docnums) < len(paired[sid]):
                    paired[sid] = docnums
        other = None
        if len(rare) > 1 and MEET * table.count(rare[1]) < len(self.units):
            other = dict(table.docs(rare[1]))
        found, known = [], []               # by segment, the units to test, and those holding s for certain
        for sid, docnums in table.docs(rare[0]):
            if sid in paired:
                docnums = paired[sid]
            elif other is not None:         # (both characters' docnums met in the segment, then units)
                docnums = set(docnums).intersection(other.get(sid, ()))
            k, leaf, off = self._leaf_of[sid]
            (known if len(s) == 2 and sid in paired else found).append(
                map(self._segment_units(k, leaf, off).__getitem__, docnums))
        if len(s) == 1:
            res = frozenset(chain.from_iterable(found))
        else:                               # (in C: each segment's units mapped, tested, joined)
            res = frozenset(chain(self._holding(s, list(chain.from_iterable(found))), chain.from_iterable(known)))
        return res - {-1} if -1 in res else res    # (-1: a deleted document's, no unit)

    def _tested(self, s: str) -> int:
        """About how many units `_find_by_chars` tests for s: in each segment holding its
        rarest character, those holding its tabled pair held by fewest (none for a string
        of two characters tabled there), else those holding the character."""
        table = self.chars
        pairs = [table.counts(p) for p in dict.fromkeys(map(add, s, s[1:]))]
        out = 0
        for sid, n in table.counts(min(set(s), key=table.count)).items():
            held = [c[sid] for c in pairs if sid in c]
            out += n if not held else 0 if len(s) == 2 else min(held)
        return out

    def _holding(self, s: str, units):
        """The `units` whose text holds s, tested in C (an iterator)."""
        return compress(units, map(contains, map(self.texts.__getitem__, units), repeat(s)))

    def resolve_docs(self, values: list[str]) -> set[str]:
        """doc: values -> document ids (an id, its prefix, a year, or part of a title)."""
        out = set()
        for v in values:
            v = v.strip().lower()
            if not v:
                continue
            for d in self.docs:
                if v.isdigit():
                    hit = v == str(d["year"]) or v == d["source_file"][:3]    # a year, or 000-style file number
                else:
                    hit = (d["id"] == v or d["id"].startswith(v) or v in (d["short_title"] or "").lower()
                           or v in (d["title"] or "").lower())
                if hit:
                    out.add(d["id"])
        return out

    def words_of(self, s: str) -> list[str]:
        """The index terms a string stands for: the longest vocabulary words in it
        (a word inside a longer one found there adds nothing but noise)."""
        s = s.lower()
        found = []
        n = len(s)
        for i in range(n):
            for j in range(min(n, i + self.maxword), i, -1):
                if s[i:j] in self.vocab:
                    found.append((i, j))
                    break
        out = []
        for i, j in found:
            if not any(a <= i and j <= b and (a, b) != (i, j) for a, b in found):
                w = s[i:j]
                if w not in out:
                    out.append(w)
        return out

    # ---- the search ----
    def search(self, text: str, doc: str | None = None, kind: str | None = None, limit: int = 50) -> Hits:
        q = parse(text)
        if doc:
            q.docs.append(doc)
        if kind:
            q.kinds.append(kind)
        return self.run(q, limit)

    def run(self, q: Query, limit: int = 50) -> Hits:
        if q.empty:
            return Hits()
        cand = self.candidates(q)
        if not cand:
            return Hits()
        top, scores, named = self.rank(q, cand, limit)
        top.sort(key=self._grouped(q, top, scores, named))
        clauses = [[a.text for a in c] for c in q.clauses]
        hits = Hits(total=len(cand))
        matches, texts = [a for c in clauses for a in c], self.texts
        for i in top:
            u = self.units[i]
            hits.append(Hit(u.kind, u.id, u.document_id, u.title, u.path, None,
                            round(scores[i], 3), list(matches), (u.body, texts[i], clauses),
                            (q, texts[i]), named.get(i, 0)))
        return hits

    def candidates(self, q: Query) -> AbstractSet[int]:
        """Every unit the query finds (verbatim: each clause, or a synonym of it, holds;
        no excluded string; within the doc:/kind: filters). Not to be changed: a single
        string's is the scan's own set."""
        allowed = None
        if q.docs:
            ids = self.resolve_docs(q.docs)
            allowed = set(chain.from_iterable(self.by_doc.get(d, ()) for d in ids))
        if q.kinds:
            kset = set(chain.from_iterable(self.by_kind.get(k, ()) for k in set(q.kinds)))
            allowed = kset if allowed is None else allowed & kset
        # rarest clause first
        sets = [self.scan(clause[0].text) if len(clause) == 1 else
                frozenset().union(*(self.scan(alt.text) for alt in clause)) for clause in q.clauses]
        sets.sort(key=len)
        cand = sets[0] if sets else frozenset()
        for s in sets[1:]:
            cand = cand & s
            if not cand:
                break
        if allowed is not None:
            cand = cand & allowed
        for neg in q.exclude:
            cand = cand - self.scan(neg)
        return cand

    def _grouped(self, q: Query, top: list[int], scores: dict[int, float], named: dict[int, int]):
        """The sort key grouping hits by plan, in tiers: first the units whose own title
        (heading, 专栏 title, indicator name) names the most clauses of what was asked
        (`named`), down to the units whose title names none. Within a tier, first the plans
        whose title names what was asked (`plans_about`), then by each plan's best hit in
        any tier (so the plans stand in the same order in every tier: the window merges the
        tiers' orders into its plan groups' order); within a plan, best first. A unit about the query
        thus reaches the first screen whichever plan it is in, instead of waiting behind
        every passage of a better plan that merely mentions it."""
        best: dict[str, float] = {}
        for i in top:
            d = self.units[i].document_id
            best[d] = max(best.get(d, 0.0), scores[i])
        about = self.plans_about(q)

        def key(i):
            d = self.units[i].document_id
            return (-named.get(i, 0), d not in about, -best[d], d, -scores[i], i)
        return key

    def plans_about(self, q: Query) -> set[str]:
        """The plans whose title names every term of the query (the term or a synonym
        of it): the plan is about what was asked (自贸区: the FTZ's plan; 成渝: the 成渝
        plan). A term named in the titles of more than half the plans (开放, 重庆)
        tells no plan apart and is left out; a title naming only some of the terms
        (自贸试验区 制度创新) says where, not what: the hits decide."""
        ids, titles, shorts = self._plan_titles
        about = None
        for clause in q.clauses:
            named = set()
            for a in clause:            # (each plan's title and short title tested in C)
                named.update(compress(ids, map(contains, titles, repeat(a.text))))
                named.update(compress(ids, map(contains, shorts, repeat(a.text))))
            if 2 * len(named) > len(self.docs):
                continue
            about = named if about is None else about & named
        return about or set()

    def rank(self, q: Query, cand: set[int], limit: int) -> tuple[list[int], dict[int, float], dict[int, int]]:
        """The `limit` best candidates, the scores, and `named`: for each candidate whose
        own title names a clause of the query (verbatim or a synonym), how many it names.

        The scores: BM25F from Whoosh, plus a bonus for each clause found verbatim in
        the title, and for how often it occurs (counted in the best candidates only).
        The cut is by tier, then score: the units naming the most clauses in their title
        first (equal scores in document order), so a unit about the query is never cut
        away by units that merely mention it more often; then the next tier, down to the
        units whose title names none. Only the tiers that can reach the cut are scored
        (`_reaching`: 开放 is in 3,706 of its 8,486 candidates' titles, and those fill any
        screen): `scores` holds their units only."""
        words = []
        for clause in q.clauses:
            for alt in clause:
                for w in self.words_of(alt.text):
                    if w not in words:
                        words.append(w)
        named, titled_by = self._named(q, cand)
        reach = _reaching(named, limit)
        # the units that can reach the cut (all, or the reaching tiers': titled ones), in C
        scores = dict.fromkeys(cand if reach is None else compress(named, map(reach.__le__, named.values())), 0.0)
        if words and self.searcher is not None:
            try:
                self._bm25(words, scores)
            except Exception as e:          # a damaged segment: rank without Whoosh from now on
                self._lose_index(e)
                scores = dict.fromkeys(scores, 0.0)
        if self.searcher is None:
            scores = dict.fromkeys(scores, 1.0)     # without BM25: title and frequency bonuses order the hits
        for ids in titled_by:               # the title bonus, clause by clause, after BM25 (the same floats)
            if reach is not None:
                ids = ids & scores.keys()
            scores.update(zip(ids, map(add, map(scores.__getitem__, ids), repeat(10.0))))
        # each tier's scores, made in C: tier 0 (no clause named) only when every tier can
        # reach the cut; one tier that every unit scored is in: `scores` itself
        titled = list(scores) if reach is not None else list(named)
        tiers: dict[int, dict[int, float]] = {}
        if reach is None:
            tiers[0] = dict(scores) if named else scores
            deque(map(tiers[0].pop, titled), maxlen=0)
        ns = set(map(named.__getitem__, titled))
        for n in ns:
            if reach is not None and len(ns) == 1:
                tiers[n] = scores
                break
            ids = titled if len(ns) == 1 else [i for i in titled if named[i] == n]
            tiers[n] = dict(zip(ids, map(scores.__getitem__, ids)))
        top: list[int] = []
        for n in sorted(tiers, reverse=True):
            if len(top) >= limit:
                break
            top += self._best(q, tiers[n], scores, limit - len(top), max(3 * limit, 100))
        return top, scores, named

    def _named(self, q: Query, cand: set[int]) -> tuple[dict[int, int], list[set[int]]]:
        """How many clauses each candidate's own title names (those naming none left
        out), and for each clause the candidates whose title names it."""
        named: dict[int, int] = {}
        cands, titles, titled_by = list(cand), self.title_list, []
        for clause in q.clauses:
            ids: set[int] = set()
            for alt in clause:
                a = alt.text
                if a in self._title_cache or SEP in a or len(cands) > TITLED * self.titles.count(a):
                    ids |= self.scan_titles(a) & cand
                else:       # in many titles: only the candidates' tested, in C, not a find step per title
                    ids.update(compress(cands, map(contains, map(titles.__getitem__, cands), repeat(a))))
            titled_by.append(ids)
            named.update(zip(ids, map(add, map(named.get, ids, repeat(0)), repeat(1))))
        return named, titled_by

    def _best(self, q: Query, tier: dict[int, float], scores: dict[int, float], limit: int,
              counted: int) -> list[int]:
        """The `limit` best of one tier's candidates (`tier`: their scores), best first,
        equal scores in document order; the frequency bonus is added into `scores` for
        the `counted` best.

        Only what can reach the screen is sorted: the candidates outside the counted
        best score no more than any of them, so the first screen comes from the best,
        with those outside joining only when they tie the last place shown."""
        # the frequency bonus (at most log1p(n) per clause) can only reorder hits near the
        # top: count occurrences in the best candidates only, not in every unit that matched
        best = _largest(tier, counted)
        self._add_frequency(q, best, scores)
        top = _by_score(best, scores)[:limit]
        last = scores[top[-1]] if len(top) == limit else -math.inf
        if len(best) < len(tier) and last <= min((scores[i] for i in best), default=math.inf):
            # the units outside the best score no more than any of them: those that tie the
            # last place shown, or fill a screen the best do not (all scoring the same), come
            # in document order
            chosen = set(best)
            rest = sorted(i for i, sc in tier.items() if sc >= last and i not in chosen)[:limit]
            top = _by_score(top + rest, scores)[:limit]
        return top

    def _bm25(self, words: list[str], scores: dict[int, float]) -> None:
        """Whoosh's BM25F score of every candidate (`scores`' keys), summed over words
        and fields, added to its score, read straight from each term's postings: only
        the candidates (the units holding the query verbatim) are scored, not every unit
        a word occurs in.

        Segment by segment (an index written by several workers has several): each
        segment's own postings and field lengths, scored by Whoosh's BM25F scorer
        with the whole index's statistics — the score Whoosh gives, without its
        multi-segment wrappers around every posting. The field boosts
        (`index.FIELD_BOOST`) are in the postings' weights already: applied once.

        Whoosh internals this relies on (pyproject holds whoosh3 to >=3.54,<3.55, the
        series it was tested on; check these when that bound moves):
        - `BM25FScorer._score(weight, length)` (private): the BM25F formula for one
          posting, with idf and average field length taken from the top-level
          searcher by the scorer's constructor. Whoosh's public way (a query's
          matcher) scores every posting of a word across all segments; this scores
          only the candidates, which is what keeps a query fast at 50x.
        - `reader().leaf_readers()`: each segment's reader and its first docnum (top-level docnums).
        - per segment, `postings()` (a matcher: is_active, id, skip_to, weight, next),
          `doc_frequency`, `doc_count_all` and `doc_field_length`: public reader API.
        - for a word in many candidates, the leaf matcher's block arrays (`search.postings`).
        - a posting's weight is its term frequency times the field's `field_boost`
          (Frequency format, and `analyzer.PreAnalyzedText.index` writing the same)."""
        if not self.doc_of_unit:
            return
        sr, w = self.searcher, self.searcher.weighting
        docs = leaves = None            # the candidates' docnums by segment, when first skipped to
        # the words read whole are added to the candidates' scores in C, kept in a list beside
        # `keys` (the candidates, in the scores' order) until a word is skipped to, then put in
        # `scores`: a unit's scores are added in the order of the fields and words all the same
        keys, vals = list(scores), None
        for field in sindex.FIELD_BOOST:
            for word in words:
                df = sr.doc_frequency(field, word)
                if not df:
                    continue
                ws = self._word_scores.get((field, word))
                score = None if ws is not None else w.scorer(sr, field, word)._score    # BM25F, index-wide idf and lengths
                if ws is None and len(keys) * (TABLED if self._tabled(field, word) else WHOLE) >= df:
                    ws = self._read_word(field, word, score)    # many candidates: every posting, once
                if ws is not None:
                    self._word_scores.move_to_end((field, word))
                    vals = list(map(add, scores.values() if vals is None else vals, map(ws.__getitem__, keys)))
                    continue
                if vals is not None:
                    scores.update(zip(keys, vals))
                    vals = None
                if docs is None:
                    docs, leaves = self._by_segment(keys)
                for k, leaf, off, mine in leaves:               # few: skip to each candidate
                    if leaf.doc_frequency(field, word):
                        self._score_some(k, leaf, off, mine, field, word, score, docs, scores)
        if vals is not None:
            scores.update(zip(keys, vals))

    def _tabled(self, field: str, word: str) -> bool:
        """Does the word table hold the word's postings in `field` (of some segment)?"""
        return self.words is not None and any(self.words.holds(sid, field, word) for sid in self._sids)

    def _score_some(self, k: int, leaf, off: int, mine: list[int], field: str, word: str, score,
                    docs: dict[int, int], scores: dict[int, float]) -> None:
        """Add `word`'s score in `field` to each candidate of segment k (`mine`: their
        docnums, in order) that holds it: the postings blocks holding none of them are
        passed by their header (the block's last docnum), the others decoded in C
        (`postings.block`) and looked up; posting by posting through Whoosh's public matcher
        when the index is read another way; a word in the word table looked up there.
        The same floats either way."""
        held = self.words.postings(self._sids[k], field, word) if self.words is not None else None
        if held is not None:                # each candidate looked up in the word's docnums, in C
            tdocs, keys, pairs = held
            rel = list(map(sub, mine, repeat(off)))
            at = list(map(bisect.bisect_left, repeat(tdocs), rel))
            has = list(map(eq, map(tdocs.__getitem__, map(min, at, repeat(len(tdocs) - 1))), rel))
            sc = map(_Memo(score).__getitem__, map(pairs.__getitem__, map(keys.__getitem__, compress(at, has))))
            ids = list(map(docs.__getitem__, compress(mine, has)))
            scores.update(zip(ids, map(add, map(scores.__getitem__, ids), sc)))
            return
        m = leaf.postings(field, word)
        lb = self._length_bytes(k, leaf, field)
        if lb is None or not postings.bulk(m, "_maxid"):
            dfl = self._lengths(k, leaf, field)
            for d in mine:
                if not m.is_active():
                    break
                if m.id() < d - off:
                    m.skip_to(d - off)
                if m.is_active() and m.id() == d - off:
                    scores[docs[d]] += score(m.weight(), dfl(d - off, field, 1))
            return
        memo, j, n = _Memo(score), 0, len(mine)
        while j < n and m.is_active():
            hi = bisect.bisect_right(mine, m._maxid + off, j)
            if hi > j:                      # candidates up to this block's last docnum
                ids, wts = postings.block(m)
                held = dict(zip(ids, wts))
                for d in mine[j:hi]:
                    wt = held.get(d - off)
                    if wt is not None:
                        scores[docs[d]] += memo[wt, lb[d - off]]
                j = hi
            m._next_block()

    def _by_segment(self, cand):
        """The candidates' docnums (docnum -> unit), and for each segment holding some:
        (k, its reader, its first docnum, their docnums in order)."""
        docs = {self.doc_of_unit[i]: i for i in cand if i in self.doc_of_unit}
        order, leaves = sorted(docs), []
        for k, (leaf, off) in enumerate(self.searcher.reader().leaf_readers()):
            lo = bisect.bisect_left(order, off)
            hi = bisect.bisect_left(order, off + leaf.doc_count_all())
            if hi > lo:
                leaves.append((k, leaf, off, order[lo:hi]))
        return docs, leaves

    def _read_word(self, field: str, word: str, score) -> list[float]:
        """The BM25F score in `field` of every unit (0.0: not holding `word`; indexed by
        unit, one more place at the end for postings of no unit), read in one pass over
        its postings and remembered (the last WORD_CACHE words: 口岸 typed on to 口岸 物流,
        a filter changed, reuse it).

        A frequent word from the word table (search.wordtable): each posting's key to its
        (weight, length byte) pair, scored once. Any other, a block of Whoosh's postings
        at a time, with no Python step per posting: its docnums map to units and to
        their length bytes through a list and a bytes object of the segment
        (`_segment_units`, `_length_bytes`), and (weight, length byte) to a score
        through a memo — a word in ten thousand units holds a few dozen such pairs. The
        same float as `score(weight, doc_field_length(...))` for each posting, either way."""
        ws = [0.0] * (len(self.units) + 1)     # (-1, the last: postings of documents that are no unit)
        memo, put = _Memo(score), ws.__setitem__
        for k, (leaf, off) in enumerate(self.searcher.reader().leaf_readers()):
            if not leaf.doc_frequency(field, word):
                continue
            held = self.words.postings(self._sids[k], field, word) if self.words is not None else None
            if held is not None:                # the word table: each posting its pair's score, in C
                docs, keys, pairs = held
                sc = list(map(memo.__getitem__, pairs))
                deque(map(put, map(self._segment_units(k, leaf, off).__getitem__, docs), map(sc.__getitem__, keys)),
                      maxlen=0)
                continue
            m = leaf.postings(field, word)
            lb = self._length_bytes(k, leaf, field)
            if lb is None or not postings.bulk(m):
                few: dict[int, float] = {}
                self._read_postings(k, leaf, off, field, m, score, few)
                for i, sc in few.items():
                    ws[i] = sc
                continue
            units = self._segment_units(k, leaf, off)
            for ids, wts in postings.blocks(m):
                deque(map(put, map(units.__getitem__, ids), map(memo.__getitem__, zip(wts, map(lb.__getitem__, ids)))),
                      maxlen=0)
        ws[-1] = 0.0
        self._word_scores[field, word] = ws
        if len(self._word_scores) > WORD_CACHE:
            self._word_scores.popitem(last=False)
        return ws

    def _read_postings(self, k: int, leaf, off: int, field: str, m, score, ws: dict[int, float]) -> None:
        """`_read_word` one posting at a time (a matcher or a lengths column read another way)."""
        unit_of_doc = self.unit_of_doc
        lens, read = self._dfl.setdefault((k, field), {}), leaf.doc_field_length
        memo: dict[tuple[float, int], float] = {}   # a score per (weight, length)
        for d, wt in postings.postings(m):
            i = unit_of_doc.get(d + off)
            if i is not None:
                ln = lens.get(d)
                if ln is None:
                    ln = lens[d] = read(d, field, 1)
                sc = memo.get((wt, ln))
                if sc is None:
                    sc = memo[wt, ln] = score(wt, ln)
                ws[i] = sc

    def _segment_units(self, k: int, leaf, off: int) -> list[int]:
        """The unit of each docnum of segment k (-1: none), made once."""
        units = self._seg_units.get(k)
        if units is None:
            get = self.unit_of_doc.get
            units = self._seg_units[k] = [get(d, -1) for d in range(off, off + leaf.doc_count_all())]
        return units

    def _length_bytes(self, k: int, leaf, field: str) -> bytes | None:
        """Each document's length byte in `field` (segment k), read once
        (`postings.length_bytes`); None when the index is read another way (then
        `_read_postings`)."""
        key = (k, field)
        if key not in self._lbytes:
            self._lbytes[key] = postings.length_bytes(leaf, field)
        return self._lbytes[key]

    def _lengths(self, k: int, leaf, field: str):
        """dfl(docnum, field, default) of segment k, remembered: a unit's field length
        is read from the index once, not once per query word."""
        cache = self._dfl.setdefault((k, field), {})
        read = leaf.doc_field_length

        def dfl(d, f, default, _c=cache):
            v = _c.get(d)
            if v is None:
                v = _c[d] = read(d, f, default)
            return v
        return dfl

    def _add_frequency(self, q: Query, best: list[int], scores: dict[int, float]) -> None:
        """Add to each of `best` the frequency bonus: for each clause, log1p of how often
        its strings occur in the unit's body. Counted in C, clause by clause, string by
        string; the same floats as `scores[i] += sum(log1p(sum(counts)) for clauses)`."""
        if not best:
            return
        bodies = list(map(attrgetter("body"), map(self.units.__getitem__, best)))
        bonus = None
        for clause in q.clauses:
            counts = None
            for a in clause:
                c = map(str.count, bodies, repeat(a.text))
                counts = list(c) if counts is None else list(map(add, counts, c))
            logs = map(math.log1p, counts)
            bonus = list(logs) if bonus is None else list(map(add, bonus, logs))
        if bonus is not None:
            scores.update(zip(best, map(add, map(scores.__getitem__, best), bonus)))

    def scan_titles(self, s: str) -> frozenset[int]:
        """Units whose title contains s verbatim (remembered like `scan`): every unit's
        (a search looks in its candidates' titles only)."""
        cache = self._title_cache
        hit = cache.get(s)
        if hit is None:
            out = set()
            pos = self.titles.find(s)
            while pos >= 0:
                u = bisect.bisect_right(self.tstarts, pos) - 1
                out.add(u)
                if len(out) == DENSE:           # in many titles: the rest tested title by title in C
                    rest = self.title_list[u + 1:]
                    out.update(compress(range(u + 1, u + 1 + len(rest)), map(contains, rest, repeat(s))))
                    break
                pos = self.titles.find(s, self.tstarts[u + 1] if u + 1 < len(self.tstarts) else len(self.titles))
            hit = cache[s] = frozenset(out)
            if len(cache) > SCAN_CACHE:
                cache.popitem(last=False)
        return hit


@contextmanager
def _no_collection():
    """Python's cyclic garbage collector held off (as it was before, after): opening
    makes a unit, a list and strings for each of 17,000 units at 250 plans, and each
    collection on the way walks them all again, for no garbage (a fifth of the time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _snippet_of(body: str, text: str, clauses: list[list[str]]) -> str:
    """A hit's snippet: from its body when that holds a string asked for, else from its
    title and body (chosen when the snippet is first read: a screenful of the hits is drawn)."""
    return snippet(body if any(a in body for c in clauses for a in c) else text, clauses)


def _spans(texts: list[str]) -> tuple[list[int], list[int]]:
    """Where each of `texts` starts and ends in `SEP.join(texts)`."""
    lens = list(map(len, texts))
    starts = [0, *accumulate(map(add, lens[:-1], repeat(len(SEP))))] if texts else []
    return starts, list(map(add, starts, lens))


class _Memo(dict):
    """score(weight, length) by (weight, length byte), each pair computed once: what
    `doc_field_length` gives for the byte (None for 0, as it does)."""

    def __init__(self, score):
        super().__init__()
        self.score = score

    def __missing__(self, key):
        wt, lb = key
        sc = self[key] = self.score(wt, byte_to_length(lb) if lb else None)
        return sc


def _reaching(named: dict[int, int], limit: int) -> int | None:
    """The lowest tier (units whose titles name that many clauses) that can reach the
    `limit` hits `rank` keeps, or None when every tier can (then every candidate is
    scored). The tiers are cut in turn from the highest, and each title-named unit
    scores above 0 (its title bonus), so a tier gives as many hits as it has units, up
    to what is left of the limit: once the tiers from the highest hold `limit` units,
    no unit of a lower tier is shown, whatever its BM25F score — it is not scored."""
    if limit <= 0 or len(named) < limit:
        return None
    counts = Counter(named.values())
    held = 0
    for t in sorted(counts, reverse=True):
        held += counts[t]
        if held >= limit:
            return t
    return None


def _by_score(units: list[int], scores: dict[int, float]) -> list[int]:
    """The units best first, equal scores in document order: what sorting by (-score,
    unit) gives, by two sorts in C (a stable sort by score, descending, of the units in order)."""
    out = sorted(units)
    out.sort(key=scores.__getitem__, reverse=True)
    return out


def _largest(scores: dict[int, float], k: int) -> list[int]:
    """The keys (units) of the k highest positive scores, with every one equal to the
    k-th (copies of a passage score alike, and are counted alike: all of them), unless
    those are more than k more: then the first of them in document order (the lowest
    units), up to k in all — whatever order the dict holds them in. By one C-speed sort
    of the values and passes in C (`compress`), not a Python step per candidate into a heap."""
    vals = sorted(filter(partial(lt, 0.0), scores.values()), reverse=True)
    if len(vals) <= k:
        return list(compress(scores, map(lt, repeat(0.0), scores.values())))
    cut, j = vals[k - 1], k
    while j < len(vals) and j <= 2 * k and vals[j] == cut:
        j += 1
    if j <= 2 * k:
        return list(compress(scores, map(ge, scores.values(), repeat(cut))))
    out = list(compress(scores, map(gt, scores.values(), repeat(cut))))
    return out + sorted(compress(scores, map(eq, scores.values(), repeat(cut))))[:k - len(out)]


def synonyms_found(q: Query, text: str) -> list[tuple[str, str]]:
    """(term typed, synonym) for each synonym through which `text` satisfies a clause
    that it does not satisfy by what was typed: every synonym that occurs on its own
    (中国（重庆）自由贸易试验区, and 自由贸易试验区 only where it is not inside that), in
    the order they first occur."""
    out = []
    for clause in q.clauses:
        if any(not a.synonym and a.text in text for a in clause):
            continue
        claimed: list[tuple[int, int]] = []
        firsts = []
        for a in sorted((a for a in clause if a.synonym and a.text in text), key=lambda a: -len(a.text)):
            spans = [(m, m + len(a.text)) for m in _occurrences(text, a.text)]
            free = [(i, j) for i, j in spans if not any(x <= i and j <= y for x, y in claimed)]
            if free:
                claimed += free
                firsts.append((free[0][0], a.typed, a.text))
        out += [(typed, v) for _, typed, v in sorted(firsts)]
    return out


def _occurrences(text: str, s: str):
    pos = text.find(s)
    while pos >= 0:
        yield pos
        pos = text.find(s, pos + 1)
