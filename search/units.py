"""Searchable units derived from the store: one per section body, 专栏 and indicator."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from db.place import Place


FIELDS = ("kind", "id", "document_id", "path", "title", "heading", "body")


@dataclass
class Unit:
    kind: str          # section | box | indicator
    id: str
    document_id: str
    path: str          # where it sits: 第三章/第一节, 第三章/第一节/专栏1 …
    title: str         # label and title, or the indicator's name
    heading: str       # the titles above it, for ranking
    body: str

    @property
    def text(self) -> str:
        """What search matches against: title, then body."""
        return self.title + "\n" + self.body


def opening(d: dict) -> Unit | None:
    """The plan's words before its first heading, one unit that opens at its first
    page (`{id}:#preamble`): its title, 发文字号 and covering notice (印发通知), then
    its 导言 — so that any string of the plan is found, these included."""
    notice = (d.get("notice") or "").strip()
    head = [notice] if notice else []
    for extra in (d.get("doc_number"), d.get("title")):
        if extra and not any(extra in x for x in head):
            head.insert(0, extra)
    pre = d.get("preamble") or ""
    if not pre and not head:
        return None
    title = "导言" if pre else ("印发通知" if notice else "标题")
    did = d["id"]
    return Unit("section", Place.preamble(did).id, did, "", title, "", "\n".join(head + ([pre] if pre else [])))


def load_units(store, only: set[str] | None = None) -> list[Unit]:
    """Every unit of the store (or of the documents in `only`), in document order."""
    units: list[Unit] = []
    for d in store.documents():
        did = d["id"]
        if only is not None and did not in only:
            continue
        secs = store.sections(did)
        by_id = {s["id"]: s for s in secs}

        def trail(sid):
            out = []
            while sid and sid in by_id:
                s = by_id[sid]
                out.append(f"{s['label']} {s['title']}")
                sid = s["parent_id"]
            return list(reversed(out))

        head = opening(d)
        if head is not None:
            units.append(head)
        for s in secs:
            units.append(Unit("section", s["id"], did, s["path"], f"{s['label']} {s['title']}",
                              " ".join(trail(s["parent_id"])), s["text"] or ""))
        for b in store.boxes(did):
            items = store.items(b["id"])
            lines = []
            cols = b["columns"]
            for it in items:
                if it["cells"]:
                    lines.append(" ".join(v for v in it["cells"].values() if v))
                else:
                    lines.append(it["text"])
            if cols:
                lines.insert(0, " ".join(cols))
            if b["note"]:
                lines.append(b["note"])
            sec = by_id.get(b["section_id"])
            path = (sec["path"] + "/" if sec else "") + b["label"]
            units.append(Unit("box", b["id"], did, path, f"{b['label']} {b['title']}",
                              " ".join(trail(b["section_id"])), "\n".join(lines)))
        for i in store.indicators(did):
            where = i["table_label"] or "目标"
            sec = by_id.get(i["section_id"])
            # a target stated in the text: what its clause prints (its baseline, from a
            # table row or another sentence, is found there)
            base = i["baseline"] if i["table_label"] else None
            vals = " ".join(x for x in (
                i["category"], i["unit"] and f"（{i['unit']}）",
                base and f"{i['baseline_year'] or ''}年 {base}",
                i["target"] and f"{i['target_year'] or ''}年 {i['target']}", i["nature"]) if x)
            # a target stated in the text keeps its sentence; a table row's values are above
            body = vals + ("\n" + i["source_text"] if not i["table_label"] and i["source_text"] else "")
            units.append(Unit("indicator", i["id"], did, ((sec["path"] + "/") if sec else "") + where,
                              i["name"], " ".join(trail(i["section_id"])), body))
    return units


#: a unit as the tuple of its FIELDS (`from_rows` makes it again)
row_of = attrgetter(*FIELDS)


def fields_in_order(units: list[Unit]) -> list[str]:
    """Every unit's FIELDS, one unit after the other (what the index keeps beside
    itself: `search.index.UNITS`), read in C."""
    return list(chain.from_iterable(map(row_of, units)))


def from_rows(rows: list[list[str]]) -> list[Unit]:
    """The units back from their FIELDS (rows of `fields_in_order`)."""
    return [Unit(*r) for r in rows]
