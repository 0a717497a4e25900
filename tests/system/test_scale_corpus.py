"""The bench's scale corpus is fair: every derived plan differs from the others and
from its source, yet keeps the source's structure (what the importer finds)."""
from __future__ import annotations

import hashlib

from bench.scale_corpus import derive, make
from db.importer import parse_file, parse_text
from tests.helpers import support


def test_derived_plans_are_all_different(tmp_path):
    files = make(tmp_path / "c", 4)
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    assert len(files) == 20 and len(digests) == 20


def test_a_derived_plan_keeps_the_structure_and_changes_the_words(parsed_docs):
    src = support.source_path("001")
    text = src.read_text(encoding="utf-8")
    d = parse_text(derive(text, 7), "s07_001.txt")
    t = parsed_docs["001"]
    assert [(s.label, s.level) for s in d.sections] == [(s.label, s.level) for s in t.sections]
    assert [b.label for b in d.boxes] == [b.label for b in t.boxes]
    assert "重庆" not in derive(text, 7)
    body = lambda doc: "".join(p for s in doc.sections for p in s.paras)  # noqa: E731
    assert body(d) != body(t)
    assert derive(text, 7) == derive(text, 7)          # deterministic: the same bench every run
    assert parse_file(src).title == t.title
