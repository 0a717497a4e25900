"""A platform comparison to Word (公文) and CSV, every statement with its citation, an
unreviewed platform marked 未审核 and a statement about a class （适用于全部…）."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from db.atomic import replacing
from db.positioning.comparison import (ASPECTS, ROW_HEADER, comparison, comparison_rows, empty_cell, platform_label,
                                      shown_text, statement_citation, unreviewed_note)
from db.progress import Progress
from .gongwen import GongwenDoc


TITLE = "开放平台功能定位对比"      # the Word document's title unless the person gives another


def export_comparison_csv(store, platform_ids: list[str], path: str | Path,
                          doc_ids: list[str] | None = None, overwrite: bool = False, progress=None,
                          children: bool = False, aspect: str | None = None, include_class: bool = True) -> Path:
    progress = Progress.of(progress)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(ROW_HEADER)
    for r in comparison_rows(store, platform_ids, doc_ids, children, aspect, include_class):
        w.writerow(r)
    progress.check()
    with replacing(path, overwrite, suffix=".csv") as tmp:
        tmp.write_text(buf.getvalue(), encoding="utf-8-sig")   # BOM: Excel opens it as UTF-8
    progress(1.0, "完成")
    return Path(path)


def export_comparison_docx(store, platform_ids: list[str], path: str | Path,
                           doc_ids: list[str] | None = None, overwrite: bool = False, progress=None,
                           children: bool = False, aspect: str | None = None,
                           author: str = "", company: str = "", include_class: bool = True,
                           title: str | None = None) -> Path:
    """Per platform, per plan (oldest first), per aspect: each statement with its
    citation; a rolled-up statement of a 片区/板块/sub-project is led by its name, one
    about a class of platforms followed by （适用于全部…）; an unreviewed platform's
    heading says 未审核, and a line under it why."""
    progress = Progress.of(progress)
    names = [store.platform(p)["name"] for p in platform_ids]
    gw = GongwenDoc(title=title or TITLE, subject="、".join(names), author=author, company=company)
    for k, pid in enumerate(platform_ids):
        progress(k / max(1, len(platform_ids)), names[k])
        c = comparison(store, pid, children, aspect, include_class)
        gw.heading(platform_label(c), 1, numbered=True)
        if not c["reviewed"]:
            gw.para(f"说明：该平台{unreviewed_note(c)}，名称和表述归属未经人工核对。")
        for d in c["documents"]:
            if doc_ids and d["document_id"] not in doc_ids:
                continue
            gw.heading(f"{d['year']}年《{d['title']}》", 2, numbered=True)
            if not d["positionings"]:
                gw.para(empty_cell(d) + "。")
                continue
            for a in ASPECTS:
                xs = [x for x in d["positionings"] if x["aspect"] == a]
                if not xs:
                    continue
                gw.heading(a, 3, numbered=True)
                for x in xs:
                    part = f"〔{x['part']}〕" if x["part"] else ""
                    gw.para(part + shown_text(x) + "（" + statement_citation(store, dict(x, document_id=d["document_id"])) + "）")
    progress.check()
    out = gw.save(path, overwrite=overwrite)
    progress(1.0, "完成")
    return out
