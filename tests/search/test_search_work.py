"""What a search does not do any more (the same hits, less work): a string's two rarest
characters' docnums are met in each segment before any is turned into a unit, and the
hits are built without making each unit's text again (a hit's snippet source is chosen
when its snippet is first read)."""
from __future__ import annotations


from search import engine as sengine
from search.engine import SearchEngine
from search.snippets import snippet
from search.units import Unit
from tests.search.test_char_table import agree, engines, plain  # noqa: F401 (engines: the fixture, the plain path beside the engine)
from tests.search.test_short_queries import MIXED, SHORT, reference


class Counting(list):
    """A segment's docnum -> unit list that counts the docnums looked up."""
    looked = 0

    def __getitem__(self, d):
        Counting.looked += 1
        return super().__getitem__(d)


def test_only_the_docnums_that_can_hold_the_string_are_turned_into_units(engines, monkeypatch):
    """In a segment where the table holds a pair of its characters, those holding the
    pair held by fewest; elsewhere those holding its rarest character, and the second
    rarest too when that one is in fewer than 1/MEET of the units (always, never, and
    as shipped)."""
    a, b = engines
    seg_units = a._segment_units
    monkeypatch.setattr(a, "_segment_units", lambda k, leaf, off: Counting(seg_units(k, leaf, off)))
    paired_somewhere = []
    for meet in (0, 10**9, sengine.MEET):
        monkeypatch.setattr(sengine, "MEET", meet)
        for s in ("口岸", "发展", "跨境电商", "重庆市", "江", "建设", "加快建设"):
            rare = sorted(set(s), key=a.chars.count)[:2]
            docs = [dict(a.chars.docs(c)) for c in rare]
            pairs = [dict(a.chars.docs(s[i:i + 2])) for i in range(len(s) - 1)]
            met = len(rare) > 1 and meet * a.chars.count(rare[1]) < len(a.units)
            want_looked = 0
            for sid, d in docs[0].items():
                tabled = [p[sid] for p in pairs if sid in p]
                if tabled:
                    want_looked += min(map(len, tabled))
                    paired_somewhere.append(s)
                else:
                    want_looked += len(set(d).intersection(docs[-1].get(sid, ()))) if met else len(d)
            a._scan_cache.clear()
            b._scan_cache.clear()
            Counting.looked = 0
            found, want = a.scan(s), b.scan(s)
            assert Counting.looked == want_looked, (s, meet)
            assert found == want, s
            agree(a, b, [s])
    assert {"发展", "建设", "加快建设"} <= set(paired_somewhere) and "江" not in paired_somewhere


def test_hits_are_built_without_making_unit_texts_again(engines, monkeypatch):
    a, _ = engines
    made = []
    text = Unit.text.fget
    monkeypatch.setattr(Unit, "text", property(lambda u: made.append(u.id) or text(u)))
    hits = a.search("发展 口岸", limit=200)
    assert len(hits) > 20 and made == []
    units = {u.id: u for u in a.units}
    clauses = [["发展"], ["口岸"]]
    for h in hits:
        u = units[h.id]
        src = u.body if any(m in u.body for m in ("发展", "口岸")) else text(u)
        assert h.snippet == snippet(src, clauses), h.id




def test_a_string_in_many_titles_is_looked_for_in_the_candidates_titles_only(built_data):
    """The title bonus (and the title tiers): a string in many titles beside the candidates
    from the candidates' titles, with no scan of every title made (nor remembered); the
    others by the scan. The hits and scores those of a scan of every title either way."""
    e = SearchEngine(built_data)
    try:
        scanned = []
        for q in SHORT + MIXED:
            e._title_cache.clear()
            hits = e.search(q, limit=200)
            scanned.append(bool(e._title_cache))
            assert [(h.id, h.score) for h in hits] == reference(e, q, 200), q     # (which scans them)
        assert any(scanned) and not all(scanned)
        e._title_cache.clear()
        assert e.search("发展", limit=200).total > 0 and "发展" not in e._title_cache
    finally:
        e.close()
