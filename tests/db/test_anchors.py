"""Text anchors: a quote with its context is found again after the text around it
changed, the right one of several occurrences is picked, a changed quote is told."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from db.anchors import anchor, locate, still_there

TEXT = "加快建设内陆开放高地。两江新区要发挥龙头作用。西永综保区要发挥龙头作用。"


def test_the_occurrence_whose_context_agrees_is_found():
    start = TEXT.index("发挥龙头作用", TEXT.index("西永"))
    a = anchor(TEXT, start, start + 6)
    assert locate(TEXT, a) == (start, start + 6)
    first = TEXT.index("发挥龙头作用")
    assert locate(TEXT, anchor(TEXT, first, first + 6)) == (first, first + 6)


def test_found_after_text_is_inserted_before_it():
    start = TEXT.index("两江新区")
    a = anchor(TEXT, start, start + 4)
    edited = "（修订）" + TEXT
    s, e = locate(edited, a)
    assert edited[s:e] == "两江新区"


def test_a_changed_quote_is_not_found_and_says_so():
    start = TEXT.index("两江新区要")
    a = anchor(TEXT, start, start + 8)
    edited = TEXT.replace("两江新区要发挥", "两江新区应当发挥")
    assert locate(edited, a) is None and not still_there(edited, a)
    assert still_there(TEXT.replace("两江", "两江 "), dict(quote="两江新区"))     # spacing aside


@given(st.text(alphabet="开放平台两江新区西永。，", min_size=4, max_size=60), st.data())
def test_any_selection_is_found_where_it_was(text, data):
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    a = anchor(text, s, e)
    if not a["quote"]:
        return
    got = locate(text, a)
    assert got is not None and text[got[0]:got[1]] == a["quote"]
