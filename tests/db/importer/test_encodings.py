"""The same plan in another encoding, with other line endings or hard-wrapped
parses to the same structure."""
from __future__ import annotations

import unicodedata

import pytest

from tests.helpers import support
from db.importer import parse_file
from db.importer.lines import clean_line
from tests.helpers.support import norm, norm_lead


def sections(doc):
    return [(s.label, s.title, s.level) for s in doc.sections]


def boxes(doc):
    return [(b.label, b.title, [norm_lead(it.lead) for it in b.items]) for b in doc.boxes]


def indicators(doc):
    return [(i.table_label, i.seq, i.name, i.unit, i.category, i.baseline, i.target, i.cumulative,
             i.nature, i.source_text) for i in doc.indicators]


def _read(prefix) -> str:
    return support.source_path(prefix).read_bytes().decode("utf-8")


VARIANTS = {
    "gb18030": (lambda t: t.encode("gb18030"), "gb18030"),
    "utf-8-bom": (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
    "crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    "utf-16-le-bom": (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16"),
    "utf-16-be-bom": (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16"),
}
CASES = [(p, v) for p in support.PREFIXES for v in ("gb18030", "utf-8-bom", "crlf")] + \
        [(p, v) for p in ("000", "004") for v in ("utf-16-le-bom", "utf-16-be-bom")]


@pytest.mark.parametrize("prefix,variant", CASES)
def test_reencoded_source_parses_the_same(parsed_docs, tmp_path, prefix, variant):
    encode, encoding = VARIANTS[variant]
    f = tmp_path / support.source_path(prefix).name
    f.write_bytes(encode(_read(prefix)))
    doc, orig = parse_file(f), parsed_docs[prefix]
    assert doc.encoding == encoding
    assert sections(doc) == sections(orig)
    assert boxes(doc) == boxes(orig)
    assert indicators(doc) == indicators(orig)
    assert (doc.title, doc.doc_number, doc.period) == (orig.title, orig.doc_number, orig.period)


# ---- hard-wrapped like a PDF extraction ----

def _width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


def wrap(line: str, by: str, limit: float = 40) -> list[str]:
    """Cut a line into pieces of 40 characters (by='chars') or 40 full-width
    characters, ASCII counting half, as a PDF lays text out (by='width')."""
    size = _width if by == "width" else (lambda ch: 1.0)
    out, cur, w = [], "", 0.0
    for ch in line:
        if cur and w + size(ch) > limit:
            out.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += size(ch)
    return out + [cur] if cur else out


def rewrap(prefix: str, by: str) -> str:
    """Every line wrapped at 40 and followed by a blank line; heading lines (those
    the key lists) and 专栏 lines stay whole."""
    key = support.load_key(prefix)
    heads = {norm(s["label"] + s["title"]) for s in key["sections"]}
    out = []
    for raw in _read(prefix).split("\n"):
        s = clean_line(raw)
        if not s:
            continue
        whole = norm(s).rstrip("。") in heads or s.startswith("专栏")
        for piece in [s] if whole else wrap(s, by):
            out += [piece, ""]
    return "\n".join(out)


@pytest.mark.parametrize("aspect", ["sections", "boxes"])
@pytest.mark.parametrize("by", ["chars", "width"])
@pytest.mark.parametrize("prefix", ["001", "003"])
def test_rewrapped_source_parses_the_same(parsed_docs, tmp_path, prefix, by, aspect):
    text = rewrap(prefix, by)
    lines = [ln for ln in text.split("\n") if ln]
    assert sum(len(ln) >= 38 for ln in lines) > 0.5 * len(lines)   # really hard-wrapped
    f = tmp_path / support.source_path(prefix).name
    f.write_text(text, encoding="utf-8")
    doc, orig = parse_file(f), parsed_docs[prefix]
    view = {"sections": sections, "boxes": boxes}[aspect]
    assert view(doc) == view(orig)
