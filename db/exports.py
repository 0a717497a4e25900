"""Exports: selected 专栏 to Word (公文 format), a platform comparison to Word and CSV."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Callable

from .atomic import replacing
from .gongwen import GongwenDoc
from .store import Store

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    pass


def where(path: str | None) -> str:
    """第三章/第一节 -> 第三章第一节; 五、 -> 五"""
    return (path or "").replace("/", "").replace("~", "").rstrip("、")


def box_source(store: Store, b: dict) -> str:
    doc = store.document(b["document_id"])
    sec = store.section(b["section_id"]) if b["section_id"] else None
    return f"（来源：《{doc['title']}》{where(sec['path']) if sec else ''}）"


def export_boxes(store: Store, box_ids: list[str], path: str | Path, title: str | None = None,
                 progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                 overwrite: bool = False) -> Path:
    boxes = [store.box(b) for b in box_ids]
    missing = [bid for bid, b in zip(box_ids, boxes) if b is None]
    if missing:
        raise KeyError(f"no such box: {', '.join(missing)}")
    gw = GongwenDoc(title=title, subject="专栏汇编：" + "、".join(f"{b['label']}" for b in boxes[:10]))
    gw.doc.core_properties.title = title or "专栏汇编"
    n = len(boxes)
    for k, b in enumerate(boxes):
        if cancelled and cancelled():
            raise Cancelled()
        if progress:
            progress(k / max(1, n), f"{b['label']} {b['title']}")
        gw.heading(f"{b['label']} {b['title']}", 1)
        gw.source(box_source(store, b))
        items = store.items(b["id"])
        if b["kind"] == "table" and b["columns"]:
            cols = json.loads(b["columns"])
            rows = [[(json.loads(it["cells"]) if it["cells"] else {}).get(c, "") for c in cols] for it in items]
            gw.table(cols, rows)
        else:
            for it in items:
                gw.para(it["text"], lead=it["lead"])
    if cancelled and cancelled():
        raise Cancelled()
    out = gw.save(path, overwrite=overwrite)
    if progress:
        progress(1.0, "完成")
    return out


# ---- platform comparison ----

def comparison(store: Store, platform_id: str) -> dict:
    """Everything the comparison shows for one platform, documents in chronological order."""
    p = store.platform(platform_id)
    if not p:
        raise KeyError(platform_id)
    docs = []
    for d in store.documents():
        pos = store.positionings(platform_id, d["id"])
        docs.append(dict(document_id=d["id"], title=d["short_title"], full_title=d["title"], year=d["year"],
                         positionings=[dict(id=x["id"], aspect=x["aspect"], text=x["text"],
                                            section_id=x["section_id"], box_id=x["box_id"], rank=x["rank"])
                                       for x in pos],
                         mentions=store.mention_count(platform_id, d["id"])))
    return dict(platform=p["name"], id=p["id"], kind=p["kind"], aliases=json.loads(p["aliases"] or "[]"),
                documents=docs)


def citation(store: Store, x: dict) -> str:
    doc = store.document(x["document_id"]) if "document_id" in x else None
    sec = store.section(x["section_id"]) if x.get("section_id") else None
    box = store.box(x["box_id"]) if x.get("box_id") else None
    loc = where(sec["path"]) if sec else ""
    if box:
        loc = (loc + box["label"]) if loc else box["label"]
    if not sec and not box:
        loc = "导言"
    return f"《{doc['short_title']}》{loc}" if doc else loc


def comparison_rows(store: Store, platform_ids: list[str], doc_ids: list[str] | None = None):
    """(platform, year, document, aspect, rank, text, citation) rows."""
    for pid in platform_ids:
        c = comparison(store, pid)
        for d in c["documents"]:
            if doc_ids and d["document_id"] not in doc_ids:
                continue
            if not d["positionings"]:
                yield (c["platform"], d["year"], d["title"], "", "",
                       f"仅提及 {d['mentions']} 次" if d["mentions"] else "未提及", "")
            for x in d["positionings"]:
                yield (c["platform"], d["year"], d["title"], x["aspect"], x["rank"], x["text"],
                       citation(store, dict(x, document_id=d["document_id"])))


def export_comparison_csv(store: Store, platform_ids: list[str], path: str | Path,
                          doc_ids: list[str] | None = None, overwrite: bool = False) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["平台", "年份", "文件", "方面", "排序", "表述", "出处"])
    for r in comparison_rows(store, platform_ids, doc_ids):
        w.writerow(r)
    with replacing(path, overwrite, suffix=".csv") as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8-sig")   # BOM: Excel opens it as UTF-8
    return Path(path)


def export_comparison_docx(store: Store, platform_ids: list[str], path: str | Path,
                           doc_ids: list[str] | None = None, overwrite: bool = False) -> Path:
    names = [store.platform(p)["name"] for p in platform_ids]
    gw = GongwenDoc(title="开放平台功能定位对比", subject="、".join(names))
    for pid in platform_ids:
        c = comparison(store, pid)
        gw.heading(c["platform"], 1)
        for d in c["documents"]:
            if doc_ids and d["document_id"] not in doc_ids:
                continue
            gw.heading(f"{d['year']}年《{d['title']}》", 2)
            if not d["positionings"]:
                gw.para(f"仅提及 {d['mentions']} 次。" if d["mentions"] else "未提及。")
                continue
            for aspect in ("定位", "功能", "任务"):
                xs = [x for x in d["positionings"] if x["aspect"] == aspect]
                if not xs:
                    continue
                gw.heading(aspect, 3)
                for x in xs:
                    gw.para(x["text"] + "（" + citation(store, dict(x, document_id=d["document_id"])) + "）")
    return gw.save(path, overwrite=overwrite)
