"""Selected 专栏 to a Word file in 公文 format."""
from __future__ import annotations

from pathlib import Path

from db.citation import source_line
from db.progress import Progress
from .box_content import write_box_content
from .gongwen import GongwenDoc, check_title


def box_source(store, b: dict) -> str:
    doc = store.document(b["document_id"])
    sec = store.section(b["section_id"]) if b["section_id"] else None
    return source_line(doc["title"], sec["path"] if sec else None)


def export_boxes(store, box_ids: list[str], path: str | Path, title: str | None = None,
                 progress=None, overwrite: bool = False, author: str = "", company: str = "") -> Path:
    progress = Progress.of(progress)
    check_title(title)                     # ValueError, before any work
    boxes = [store.box(b) for b in box_ids]
    missing = [bid for bid, b in zip(box_ids, boxes) if b is None]
    if missing:
        raise KeyError(f"no such box: {', '.join(missing)}")
    gw = GongwenDoc(title=title, subject="专栏汇编：" + "、".join(f"{b['label']}" for b in boxes[:10]),
                    author=author, company=company)
    gw.doc.core_properties.title = title or "专栏汇编"
    n = len(boxes)
    for k, b in enumerate(boxes):
        progress(k / max(1, n), f"{b['label']} {b['title']}")
        gw.heading(f"{b['label']} {b['title']}", 1)
        gw.source(box_source(store, b))
        write_box_content(gw, store, b)
    progress.check()
    out = gw.save(path, overwrite=overwrite)
    progress(1.0, "完成")
    return out
