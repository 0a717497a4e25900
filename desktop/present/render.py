"""Store records -> HTML for the reader (no Qt here: pure functions, tested alone).

Qt's rich text supports a subset of HTML/CSS: framed panels are one-cell tables
with a border, paragraph spacing and line height are set per block.
"""
from __future__ import annotations

import html

from db import place as pl
from db.citation import OFFICIAL, SHORT, cite
from db.place import Place


CSS = """
body { font-size: 16px; color: #1f2328; }
p { line-height: 150%; margin-top: 0px; margin-bottom: 10px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 19px; margin-top: 14px; margin-bottom: 8px; }
.meta { color: #57606a; font-size: 13px; }
.lines { color: #8c959f; font-size: 12px; }
.warn { color: #9a6700; }
.crumb { color: #57606a; font-size: 13px; }
table.grid { border-collapse: collapse; }
th { background-color: #eef2f7; font-weight: bold; }
td, th { padding: 5px; }
.lead { font-weight: bold; }
"""


def heading_text(label: str, title: str) -> str:
    """第一节　标题 / 一、标题 (a 、 already separates)."""
    sep = "" if (label or "").endswith("、") else "　"
    return esc(f"{label}{sep}{title}")


def esc(s: str | None) -> str:
    """Plan text as the content of an element: shown as written, never markup."""
    return html.escape(s or "", quote=False)


def attr(s: str | None) -> str:
    """A value inside a quoted attribute (an id in a link): its quotes escaped too, so
    it can never close the attribute and add one of its own."""
    return html.escape(s or "", quote=True)


def lines_tag(a, b, show: bool) -> str:
    if not show or not a:
        return ""
    return f'<span class="lines">〔第{a}–{b}行〕</span> ' if b and b != a else f'<span class="lines">〔第{a}行〕</span> '


def _is_table(block: str) -> bool:
    lines = [ln for ln in block.split("\n") if ln.strip()]
    return bool(lines) and all(ln.lstrip().startswith("|") for ln in lines)


def table_html(block: str) -> str:
    """A table kept in a section's text as `| a | b |` rows: the first row is the
    header, the `|---|` row is dropped, every cell escaped (plan text is never HTML)."""
    rows = []
    for ln in block.split("\n"):
        ln = ln.strip()
        if not ln.startswith("|"):
            continue
        cells = [c.strip() for c in ln.strip("|").split("|")]
        if all(set(c) <= set("-: ") and c for c in cells):
            continue
        rows.append(cells)
    if not rows:
        return ""
    head = "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in rows[0]) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
    return ('<table class="grid" border="1" cellspacing="0" cellpadding="5" width="100%">'
            + head + body + "</table>")


def paragraphs_html(text: str, spans: list | None, show_lines: bool) -> str:
    out = []
    paras = [p for p in (text or "").split("\n\n") if p.strip()]
    for k, p in enumerate(paras):
        a, b = (spans[k] if spans and k < len(spans) else (None, None))
        if _is_table(p):
            out.append(table_html(p))
        elif "\n|" in p:
            cap, _, rest = p.partition("\n")
            out.append(f"<p><b>{esc(cap)}</b> {lines_tag(a, b, show_lines)}</p>" + table_html(rest))
        else:
            out.append(f"<p>{lines_tag(a, b, show_lines)}{esc(p)}</p>")
    return "\n".join(out)


def crumbs(store, doc: dict, section_id: str | None) -> list[tuple[str, str]]:
    """(id, label) from the document down to the section."""
    trail = []
    sid = section_id
    while sid:
        s = store.section(sid)
        if not s:
            break
        trail.append((s["id"], f"{s['label']} {s['title']}".strip()))
        sid = s["parent_id"]
    return [(Place.document(doc["id"]).id, doc["short_title"])] + list(reversed(trail))


def crumbs_html(items: list[tuple[str, str]]) -> str:
    return '<p class="crumb">' + " › ".join(f'<a href="pd:{attr(i)}">{esc(t)}</a>' for i, t in items) + "</p>"


def order_warning(doc: dict) -> str:
    if doc.get("order_reliable", 1):
        return ""
    return f'<p class="warn">⚠ {esc(doc.get("order_note"))}</p>'


def section_html(store, sid: str, show_lines: bool = False) -> str:
    s = store.section(sid)
    if not s:
        return f"<p>找不到：{esc(sid)}</p>"
    doc = store.document(s["document_id"])
    spans = s.get("para_lines")
    head = heading_text(s["label"], s["title"])
    if s.get("inferred"):
        head += ' <span class="warn">（原文缺少此标题，系推定）</span>'
    parts = [crumbs_html(crumbs(store, doc, s["parent_id"])), f"<h1>{head}</h1>",
             f'<p class="meta">{esc(cite(store, s["id"]))} · 原文第{s["line_start"]}–{s["line_end"]}行</p>',
             order_warning(doc), paragraphs_html(s["text"], spans, show_lines)]
    for b in store.boxes(s["document_id"]):
        if b["section_id"] == sid:
            parts.append(box_panel(store, b, show_lines))
    kids = [x for x in store.sections(s["document_id"]) if x["parent_id"] == sid]
    if kids:
        parts.append("<h2>下级章节</h2>" + "".join(
            f'<p><a href="pd:{attr(k["id"])}">{heading_text(k["label"], k["title"])}</a></p>' for k in kids))
    return "\n".join(p for p in parts if p)


def box_panel(store, b: dict, show_lines: bool = False) -> str:
    """A 专栏 as a framed panel; a table box as a real table inside it."""
    items = store.items(b["id"])
    inner = [f'<p><a name="{attr(b["id"])}"></a><b>{esc(b["label"])}　{esc(b["title"])}</b> '
             f'{lines_tag(b["line_start"], b["line_end"], show_lines)}</p>']
    if b["kind"] == "table" and b["columns"]:
        cols = b["columns"]
        rows = ['<tr>' + "".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>"]
        for it in items:
            cells = it["cells"] or {}
            inh = set(it.get("inherited") or ())
            tds = []
            for c in cols:
                v = esc(cells.get(c, ""))
                if c in inh:
                    v += '<br/><span class="lines">（与上行合并单元格）</span>'
                tds.append(f"<td>{v}</td>")
            rows.append("<tr>" + "".join(tds) + "</tr>")
        inner.append('<table class="grid" border="1" cellspacing="0" cellpadding="5" width="100%">'
                     + "".join(rows) + "</table>")
    else:
        for it in items:
            text, lead = it["text"], it["lead"] or ""
            body = esc(text)
            if lead and text.startswith(lead):
                body = f'<span class="lead">{esc(lead)}</span>{esc(text[len(lead):])}'
            inner.append(f"<p>{lines_tag(it['line_start'], it['line_end'], show_lines)}{body}</p>")
    if b.get("note"):
        inner.append(f'<p class="meta">{esc(b["note"])}</p>')
    return ('<table border="1" cellspacing="0" cellpadding="12" width="100%" bgcolor="#f6f8fa" '
            'style="border-color:#8fa3bf; margin-top:8px; margin-bottom:12px;"><tr><td>'
            + "\n".join(inner) + "</td></tr></table>")


def box_html(store, bid: str, show_lines: bool = False) -> str:
    b = store.box(bid)
    if not b:
        return f"<p>找不到：{esc(bid)}</p>"
    doc = store.document(b["document_id"])
    return "\n".join([
        crumbs_html(crumbs(store, doc, b["section_id"])),
        f"<h1>{esc(b['label'])}　{esc(b['title'])}</h1>",
        f'<p class="meta">{esc(cite(store, bid))} · 原文第{b["line_start"]}–{b["line_end"]}行 · '
        f'{"表格" if b["kind"] == "table" else "列表"}，{len(store.items(bid))}项</p>',
        order_warning(doc), box_panel(store, b, show_lines)])


def document_html(store, did: str, show_lines: bool = False) -> str:
    d = store.document(did)
    if not d:
        return f"<p>找不到：{esc(did)}</p>"
    meta = " · ".join(x for x in (d.get("doc_number"), d.get("issuer"), d.get("issued_date"),
                                  d.get("period") and f"规划期 {d['period']}") if x)
    parts = [f"<h1>{esc(d['title'])}</h1>", f'<p class="meta">{esc(meta)}</p>', order_warning(d)]
    for n in store.notes(did):
        if n["kind"] != "order_unreliable":
            parts.append(f'<p class="warn">注：{esc(n["message"])}</p>')
    if d.get("preamble"):
        parts.append("<h2>导言</h2>" + paragraphs_html(d["preamble"], None, False))
    tops = [s for s in store.sections(did) if not s["parent_id"]]
    parts.append("<h2>目录</h2>" + "".join(
        f'<p><a href="pd:{attr(s["id"])}">{heading_text(s["label"], s["title"])}</a></p>' for s in tops))
    if d.get("notice"):
        parts.append('<h2>印发通知</h2><p class="meta">' + esc(d["notice"]).replace("\n", "<br/>") + "</p>")
    return "\n".join(p for p in parts if p)


def indicator_html(store, iid: str) -> str:
    i = store.indicator(iid)
    if not i:
        return f"<p>找不到：{esc(iid)}</p>"
    doc = store.document(i["document_id"])
    rows = [("指标", i["name"]), ("单位", i["unit"]), ("一级指标", i["category"]),
            (f"基期值（{i['baseline_year']}年）" if i["baseline_year"] else "基期值", i["baseline"]),
            (f"目标值（{i['target_year']}年）" if i["target_year"] else "目标值", i["target"]),
            ("五年累计", "是" if i["cumulative"] else None), ("属性", i["nature"]),
            ("来源", i["table_label"] or "正文"), ("原文", i["source_text"])]
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(str(v))}</td></tr>" for k, v in rows if v)
    return "\n".join([crumbs_html(crumbs(store, doc, i["section_id"])), f"<h1>{esc(i['name'])}</h1>",
                      '<table class="grid" border="1" cellspacing="0" cellpadding="5">' + body + "</table>"])


def render(store, target, show_lines: bool = False) -> str:
    """HTML for any place (an id or a Place): a plan (its opening words are its first
    page), a section, a box or an indicator."""
    at = store.place(target)
    kind = at.kind if at else None
    if kind in (pl.DOCUMENT, pl.PREAMBLE):
        return document_html(store, at.document["id"], show_lines)
    if kind == pl.SECTION:
        return section_html(store, at.id, show_lines)
    if kind == pl.BOX:
        return box_html(store, at.id, show_lines)
    if kind in (pl.INDICATOR, pl.TARGET):
        return indicator_html(store, at.id)
    return f"<p>找不到：{esc(str(target or ''))}</p>"


def plain_citation(store, target) -> str:
    """《简称》第三章第一节 — the short form (db.citation.cite)."""
    return cite(store, target, SHORT)


def official_citation(store, target) -> str:
    """《重庆市人民政府关于印发…的通知》（渝府发〔2021〕24号）第三篇第八章第三节 (db.citation.cite)."""
    return cite(store, target, OFFICIAL)
