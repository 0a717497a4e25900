"""A 专栏's contents in a 公文 document: a table box as a real table (a value a group of
rows shares one merged cell), any other box as its items. One home for the 专栏 export
and the 资料汇编 (compilation)."""
from __future__ import annotations


def write_box_content(gw, store, b: dict) -> None:
    """The items of box `b` (a store row) into GongwenDoc `gw`."""
    items = store.items(b["id"])
    if b["kind"] == "table" and b["columns"]:
        cols = b["columns"]
        # a value the printed table gives once for a group of rows is one merged cell
        continued = [{cols.index(c) for c in (it["inherited"] or []) if c in cols} for it in items]
        gw.table(cols, [[(it["cells"] or {}).get(c, "") for c in cols] for it in items], continued=continued)
    else:
        for it in items:
            gw.para(it["text"], lead=it["lead"])
