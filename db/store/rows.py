"""ParsedDoc -> table rows for plans.sqlite (ids, JSON columns, rendered box text)."""
from __future__ import annotations

import json

from ..importer import corpus
from ..importer.boxes import render_markdown
from ..importer.model import ParsedDoc
from ..place import DocPlaces
from ..references.extract import extract
from .schema import TABLES

SELFCHECK = "selfcheck"     # doc_notes.kind prefix of the self-check's findings


def _json(v) -> str | None:
    return json.dumps(v, ensure_ascii=False) if v else None


def document_row(doc: ParsedDoc, entry: corpus.Entry, seq: int) -> dict:
    year = int(doc.issued_date[:4]) if doc.issued_date else (int(doc.period[:4]) if doc.period else None)
    return dict(
        id=entry.id, source_file=entry.source_name or doc.source_file, title=doc.title,
        short_title=entry.short_title or doc.title, doc_number=doc.doc_number, issuer=doc.issuer,
        issued_date=doc.issued_date, period=doc.period, seq=seq, year=year, encoding=doc.encoding,
        notice=doc.notice, preamble=doc.preamble,
        preamble_line_start=doc.preamble_lines[0] if doc.preamble_lines else None,
        preamble_line_end=doc.preamble_lines[1] if doc.preamble_lines else None,
        n_lines=doc.n_lines, order_reliable=int(doc.order_reliable),
        order_note=next((n.message for n in doc.notes if n.kind == "order_unreliable"), None),
        dropped_repeats=doc.dropped_repeats, sha256=entry.sha256, origin=entry.origin, format=doc.format,
        catalog_seq=entry.seq)


def section_rows(ids: DocPlaces, doc: ParsedDoc) -> list[dict]:
    return [dict(id=ids.sid(s), document_id=ids.did, parent_id=ids.sid(s.parent),
                 level=s.level, label=s.label, title=s.title, path=s.path, seq=s.seq, text=s.text,
                 line_start=s.line_start, line_end=s.line_end, family=s.family,
                 inferred=int(s.inferred), para_lines=json.dumps(s.para_lines) if s.para_lines else None)
            for s in doc.sections]


def box_rows(ids: DocPlaces, doc: ParsedDoc) -> tuple[list[dict], list[dict]]:
    boxes, items = [], []
    for b in doc.boxes:
        bid = ids.bid(b)
        boxes.append(dict(
            id=bid, document_id=ids.did, section_id=ids.sid(b.section), label=b.label, title=b.title,
            kind=b.kind, columns=_json(b.columns), seq=b.seq,
            text=render_markdown(b.label, b.title, b.kind, b.columns, b.items),
            line_start=b.line_start, line_end=b.line_end, note=b.note))
        for k, it in enumerate(b.items):
            items.append(dict(
                id=ids.item(b, k).id, box_id=bid, seq=k, lead=it.lead, text=it.text,
                cells=json.dumps(it.cells, ensure_ascii=False) if it.cells is not None else None,
                inherited=_json(it.inherited), line_start=it.line_start, line_end=it.line_end,
                confidence=it.confidence))
    return boxes, items


def indicator_rows(ids: DocPlaces, doc: ParsedDoc) -> list[dict]:
    did = ids.did
    return [dict(
        id=ids.indicator(ind).id, document_id=did, box_id=ids.bid(ind.box),
        table_label=ind.table_label, seq=ind.seq, category=ind.category, name=ind.name, unit=ind.unit,
        baseline_year=ind.baseline_year, target_year=ind.target_year, baseline=ind.baseline,
        target=ind.target, baseline_value=ind.baseline_value, target_value=ind.target_value,
        cumulative=ind.cumulative, nature=ind.nature, section_id=ids.sid(ind.section),
        source_text=ind.source_text, confidence=ind.confidence,
        line_start=ind.line_start or None, line_end=ind.line_end or None,
        metric=ind.metric, scope=ind.scope, comparator=ind.comparator, comparator_words=_json(ind.comparator_words),
        direction=ind.direction, target_low=ind.target_low, target_high=ind.target_high, norm_value=ind.norm_value,
        norm_unit=ind.norm_unit, norm_baseline=ind.norm_baseline, year_stated=int(ind.year_stated),
        per_year=int(ind.per_year), sentence=ind.sentence or None, baseline_source=ind.baseline_source,
        baseline_text=ind.baseline_text, same_as=ids.row(ind.same_as).id if ind.same_as else None,
        printed_at=_json(ind.printed_at))
        for ind in doc.indicators]


def doc_rows(doc: ParsedDoc, entry: corpus.Entry, seq: int) -> dict[str, list[dict]]:
    """Every row one document contributes, by table."""
    did = entry.id
    ids = DocPlaces(did, doc)          # every id made once, duplicates already told apart
    rows: dict[str, list[dict]] = {k: [] for k in TABLES}
    rows["documents"].append(document_row(doc, entry, seq))
    rows["sections"] = section_rows(ids, doc)
    rows["boxes"], rows["box_items"] = box_rows(ids, doc)
    rows["indicators"] = indicator_rows(ids, doc)
    rows["doc_notes"] = [dict(id=ids.note(k).id, document_id=did, kind=n.kind, message=n.message, line=n.line)
                         for k, n in enumerate(doc.notes)]
    # the importer's self-check findings (db/importer/selfcheck.py), kind selfcheck:<what>
    rows["doc_notes"] += [dict(id=ids.check(k).id, document_id=did, kind=f"{SELFCHECK}:{c.kind}",
                               message=c.text(), line=c.line) for k, c in enumerate(doc.checks)]
    rows["plan_refs"] = ref_rows(ids, doc)
    return rows


def ref_rows(ids: DocPlaces, doc: ParsedDoc) -> list[dict]:
    """Every 《…》 reference of the plan, one row per occurrence, unresolved."""
    return [dict(id=f"{ids.did}:ref#{k}", document_id=ids.did, seq=k, quote=r.quote, means=r.means,
                 doc_number=r.doc_number, abbr=r.abbr, kind=r.kind, is_self=int(r.self), place=r.place,
                 line_start=r.line_start, line_end=r.line_end)
            for k, r in enumerate(extract(doc, ids))]
