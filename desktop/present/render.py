"""Store records -> HTML for the reader (no Qt here: pure functions, tested alone).

Qt's rich text supports a subset of HTML/CSS: framed panels are one-cell tables
with a border, paragraph spacing and line height are set per block.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from db import citation
from db import place as pl
from db.citation import OFFICIAL, SHORT, cite
from db.place import Place
from db.references.extract import kind_name

from . import reading


CSS = """
body { font-size: 16px; color: #1f2328; }
p { line-height: 150%; margin-top: 0px; margin-bottom: 10px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 19px; margin-top: 14px; margin-bottom: 8px; }
.meta { color: #57606a; font-size: 13px; }
.lines { color: #8c959f; font-size: 12px; }
.warn { color: #9a6700; }
.crumb { color: #57606a; font-size: 13px; }
.nav { color: #57606a; font-size: 14px; margin-top: 6px; margin-bottom: 10px; }
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


@dataclass(frozen=True)
class PlanRefs:
    """A plan's references, read by the caller from desktop.services.references (present
    imports no services): `cites` = references(store, doc), `cited_by` = cited_by(store,
    doc) (its first page only), `quoted` = links(store, doc): place id -> {quote: the
    plan it resolves to, or None}."""
    cites: list = field(default_factory=list)
    cited_by: list = field(default_factory=list)
    quoted: dict = field(default_factory=dict)


def _loose(quote: str) -> str:
    """A quote as a pattern: a line break or space may stand between its characters."""
    return r"\s*".join(re.escape(c) for c in quote if not c.isspace())


def linked(text: str | None, quotes: dict | None) -> str:
    """Plan text escaped, as esc; each 《quote》 that resolves to a plan of the library
    (quotes: {quote as written: plan id or None}) a link to that plan's first page."""
    to = {re.sub(r"\s", "", q): rid for q, rid in (quotes or {}).items() if rid and q.strip()}
    if not text or not to:
        return esc(text)
    pat = re.compile("《(" + "|".join(_loose(q) for q in sorted(to, key=len, reverse=True)) + ")》")
    out, k = [], 0
    for m in pat.finditer(text):
        rid = to[re.sub(r"\s", "", m.group(1))]
        out += [esc(text[k:m.start()]), f'<a href="{attr(Place.document(rid).link)}">{esc(m.group(0))}</a>']
        k = m.end()
    return "".join(out) + esc(text[k:])


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


def paragraph_html(p: str, span, show_lines: bool, quotes: dict | None = None) -> str:
    """One paragraph of a section's text: a table, a captioned table or a <p> (its
    《…》 of plans in the library linked: `quotes`, see `linked`)."""
    a, b = span or (None, None)
    if _is_table(p):
        return table_html(p)
    if "\n|" in p:
        cap, _, rest = p.partition("\n")
        return f"<p><b>{linked(cap, quotes)}</b> {lines_tag(a, b, show_lines)}</p>" + table_html(rest)
    return f"<p>{lines_tag(a, b, show_lines)}{linked(p, quotes)}</p>"


def _paras(text: str, spans: list | None) -> list[tuple[str, tuple | None]]:
    paras = [p for p in (text or "").split("\n\n") if p.strip()]
    return [(p, tuple(spans[k]) if spans and k < len(spans) and spans[k] else None) for k, p in enumerate(paras)]


def paragraphs_html(text: str, spans: list | None, show_lines: bool, quotes: dict | None = None) -> str:
    return "\n".join(paragraph_html(p, sp, show_lines, quotes) for p, sp in _paras(text, spans))


def unit_mark(html_: str, uid: str) -> str:
    """html_ with an empty <a name="u:ID"> at its first text: from there on the page's
    text belongs to the unit ID (a 专栏, a 节 shown inline, its section again after a
    box); the reader maps positions to units by these names (highlights, citations)."""
    mark = f'<a name="u:{attr(uid)}"></a>'
    for tag in ("<td>", "<th>", "<p>", "<p ", "<h2>", "<h3>", "<h4>"):
        k = html_.find(tag)
        if k >= 0:
            k = html_.index(">", k) + 1
            return html_[:k] + mark + html_[k:]
    return html_


def interleaved(s: dict, boxes: list[dict]) -> list[tuple[str, object]]:
    """The section's paragraphs and its 专栏 in source order: a box stands before the first
    paragraph that starts after the box does (line numbers); boxes of a section whose
    paragraphs carry no line numbers follow its text. [("p", (text, span)) | ("box", box)]"""
    paras = _paras(s["text"], s.get("para_lines"))
    out: list[tuple[str, object]] = []
    pending = sorted(boxes, key=lambda b: (b["line_start"] or 0, b["seq"]))
    for p, span in paras:
        while pending and span and pending[0]["line_start"] and pending[0]["line_start"] < span[0]:
            out.append(("box", pending.pop(0)))
        out.append(("p", (p, span)))
    out.extend(("box", b) for b in pending)
    return out


def body_html(store, s: dict, boxes: list[dict], show_lines: bool, quoted: dict | None = None) -> str:
    """A section's own text with its boxes where they stand; after a box, the text that
    follows is marked as the section's again. `quoted`: PlanRefs.quoted (links in the text)."""
    out, after_box = [], False
    quoted = quoted or {}
    for kind, x in interleaved(s, boxes):
        if kind == "box":
            out.append(box_panel(store, x, show_lines, quoted))
            after_box = True
        else:
            h = paragraph_html(*x, show_lines, quoted.get(s["id"]))
            out.append(unit_mark(h, s["id"]) if after_box else h)
            after_box = False
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


def crumbs_html(items: list[tuple[str, str]], links: bool = True) -> str:
    """The trail above a page: links on screen, plain text on paper."""
    if not links:
        return '<p class="crumb">' + " › ".join(esc(t) for _, t in items) + "</p>"
    return '<p class="crumb">' + " › ".join(f'<a href="pd:{attr(i)}">{esc(t)}</a>' for i, t in items) + "</p>"


WARN_SHORT = "原文顺序不可靠，所属章节仅供参考。"
DETAILS_LINK = "pdmore:order"     # the reader opens the full explanation in place


def order_warning(doc: dict, full: bool = False, links: bool = True) -> str:
    """A plan whose order is unreliable: one line with a 详情 link on every page; the full
    explanation on its first page, or when 详情 is clicked."""
    if doc.get("order_reliable", 1):
        return ""
    if full:
        return f'<p class="warn">⚠ {esc(doc.get("order_note"))}</p>'
    more = f' <a href="{DETAILS_LINK}">详情</a>' if links else ""
    return f'<p class="warn">⚠ {WARN_SHORT}{more}</p>'


def _title(s: dict) -> str:
    return heading_text(s["label"], s["title"])


def nav_html(store, target, links: bool = True) -> tuple[str, str]:
    """(「上一节：…」 at the top, 「下一节：…」 at the end) of a page: reading on is one click."""
    if not links:
        return "", ""
    out = []
    for word, to in (("上一节", reading.prev_place(store, target)), ("下一节", reading.next_place(store, target))):
        at = store.place(to) if to else None
        if at is None:
            out.append("")
            continue
        name = _title(at.section) if at.kind == pl.SECTION else esc(at.document["short_title"])
        out.append(f'<p class="nav">{"◀ " if word == "上一节" else ""}<a href="pd:{attr(to)}">{word}：{name}</a>'
                   f'{" ▶" if word == "下一节" else ""}</p>')
    return out[0], out[1]


def _inline_html(store, o, s: dict, depth: int, by_section: dict, show_lines: bool, quoted: dict | None) -> str:
    """A subsection shown in full inside its chapter's page: heading, text, boxes, its own subsections."""
    h = min(2 + depth, 4)
    parts = [unit_mark(f"<h{h}>{_title(s)}</h{h}>", s["id"]),
             body_html(store, s, by_section.get(s["id"], []), show_lines, quoted)]
    parts += [_inline_html(store, o, k, depth + 1, by_section, show_lines, quoted) for k in o.kids.get(s["id"], [])]
    return "\n".join(p for p in parts if p)


def section_html(store, sid: str, show_lines: bool = False, full_warning: bool = False,
                 links: bool = True, quoted: dict | None = None) -> str:
    """A section's page: trail, heading, source, its text with its 专栏 in place, then its
    subsections (in full when short together, else a list), framed by 上一节/下一节."""
    s = store.section(sid)
    if not s:
        return f"<p>找不到：{esc(sid)}</p>"
    doc = store.document(s["document_id"])
    o = reading.Outline(store, s["document_id"])
    by_section: dict[str, list[dict]] = {}
    for b in store.boxes(s["document_id"]):
        by_section.setdefault(b["section_id"], []).append(b)
    head = _title(s)
    if s.get("inferred"):
        head += ' <span class="warn">（原文缺少此标题，系推定）</span>'
    prev, nxt = nav_html(store, sid, links)
    parts = [crumbs_html(crumbs(store, doc, s["parent_id"]), links), prev, f"<h1>{head}</h1>",
             f'<p class="meta">{esc(cite(store, s["id"]))} · 原文第{s["line_start"]}–{s["line_end"]}行</p>',
             order_warning(doc, full_warning, links), body_html(store, s, by_section.get(sid, []), show_lines, quoted)]
    kids = o.kids.get(sid, [])
    if kids and o.inlines(sid):
        parts += [_inline_html(store, o, k, 0, by_section, show_lines, quoted) for k in kids]
    elif kids:
        parts.append("<h2>本章各节</h2>" + "".join(
            f'<p><a href="pd:{attr(k["id"])}">{_title(k)}</a></p>' if links else f"<p>{_title(k)}</p>"
            for k in kids))
    parts.append(nxt)
    return "\n".join(p for p in parts if p)


def box_panel(store, b: dict, show_lines: bool = False, quoted: dict | None = None) -> str:
    """A 专栏 as a framed panel; a table box as a real table inside it."""
    items = store.items(b["id"])
    quoted = quoted or {}
    inner = [f'<p><a name="u:{attr(b["id"])}"></a><b>{esc(b["label"])}　{esc(b["title"])}</b> '
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
            text, lead, q = it["text"], it["lead"] or "", quoted.get(it["id"])
            body = linked(text, q)
            if lead and text.startswith(lead):
                body = f'<span class="lead">{linked(lead, q)}</span>{linked(text[len(lead):], q)}'
            inner.append(f"<p>{lines_tag(it['line_start'], it['line_end'], show_lines)}{body}</p>")
    if b.get("note"):
        inner.append(f'<p class="meta">{linked(b["note"], quoted.get(b["id"]))}</p>')
    return ('<table border="1" cellspacing="0" cellpadding="12" width="100%" bgcolor="#f6f8fa" '
            'style="border-color:#8fa3bf; margin-top:8px; margin-bottom:12px;"><tr><td>'
            + "\n".join(inner) + "</td></tr></table>")


def box_html(store, bid: str, show_lines: bool = False, full_warning: bool = False, links: bool = True,
             quoted: dict | None = None) -> str:
    b = store.box(bid)
    if not b:
        return f"<p>找不到：{esc(bid)}</p>"
    doc = store.document(b["document_id"])
    prev, nxt = nav_html(store, bid, links)
    return "\n".join(x for x in [
        crumbs_html(crumbs(store, doc, b["section_id"]), links), prev,
        f"<h1>{esc(b['label'])}　{esc(b['title'])}</h1>",
        f'<p class="meta">{esc(cite(store, bid))} · 原文第{b["line_start"]}–{b["line_end"]}行 · '
        f'{"表格" if b["kind"] == "table" else "列表"}，{len(store.items(bid))}项</p>',
        order_warning(doc, full_warning, links), box_panel(store, b, show_lines, quoted), nxt] if x)


def spot(store, pid: str) -> str:
    """Where in its plan a place stands, as officials write it: 印发通知, 导言, 六、（十八）, …专栏1."""
    at = store.place(pid)
    if at is None:
        return pid
    if at.kind == pl.DOCUMENT:
        return "印发通知"
    return citation.place(at.path, at.box and at.box["label"])


def _spot_link(store, pid: str, links: bool) -> str:
    to = Place.parse(pid)
    return f'<a href="{attr(to.opens.link)}">{esc(spot(store, pid))}</a>' if links and to else esc(spot(store, pid))


def _spots(store, places: list[str], links: bool) -> str:
    """The places a reference stands in, each a link to it."""
    return "；".join(_spot_link(store, p, links) for p in places)


def _ref_title(e: dict) -> str:
    """《title》（发文字号，简称）, escaped."""
    extra = "，".join(x for x in (e.get("doc_number"), e.get("abbr")) if x)
    return esc(f"《{e['quote']}》" + (f"（{extra}）" if extra else ""))


def cites_html(store, cites: list[dict], links: bool = True) -> str:
    """本规划引用的文件: the plans of the library it cites (links to them), then the
    documents not in the library, marked 未收录 with their kind (what to import next);
    its own title (in its notice) is no reference and is left out."""
    cited = [e for e in cites if not e["self"]]
    found = [e for e in cited if e["resolved"]]
    if not cited:
        return '<h2>本规划引用的文件</h2><p class="meta">本规划未引用其他文件。</p>'
    rows = [f'<h2>本规划引用的文件</h2><p class="meta">共 {len(cited)} 项：库中已收录 {len(found)} 项，'
            f'未收录 {len(cited) - len(found)} 项（未收录的文件导入后即自动链接）</p>']
    for e in found:
        name = _ref_title(e)
        title = (f'<a href="{attr(Place.document(e["resolved"]).link)}">{name}</a>' if links else name)
        to = store.document(e["resolved"]) or {"short_title": e["resolved"]}
        rows.append(f'<p>{title} <span class="meta">· 已收录：{esc(to["short_title"])} · {e["count"]}处：'
                    f'{_spots(store, e["places"], links)}</span></p>')
    for e in cited:
        if not e["resolved"]:
            rows.append(f'<p>{_ref_title(e)} <span class="warn">未收录</span> <span class="meta">· '
                        f'{esc(kind_name(e["kind"]))} · {e["count"]}处：'
                        f'{_spots(store, e["places"], links)}</span></p>')
    return "".join(rows)


def cited_by_html(store, citing: list[dict], links: bool = True) -> str:
    """引用本规划的文件: each plan of the library that cites this one, how it writes the
    title, and the places it does so (links to them)."""
    if not citing:
        return '<h2>引用本规划的文件</h2><p class="meta">库中暂无其他规划引用本规划。</p>'
    rows = []
    for did in dict.fromkeys(e["document"] for e in citing):
        d = store.document(did) or {"title": did}
        name = esc(f"《{d['title']}》")
        rows.append(f'<p><a href="{attr(Place.document(did).link)}">{name}</a></p>' if links else f"<p>{name}</p>")
        for e in citing:
            if e["document"] == did:
                rows.append(f'<p class="meta">　引用为{_ref_title(e)} · {e["count"]}处：'
                            f'{_spots(store, e["places"], links)}</p>')
    return "<h2>引用本规划的文件</h2>" + "".join(rows)


def document_html(store, did: str, show_lines: bool = False, links: bool = True,
                  refs: PlanRefs | None = None) -> str:
    """A plan's first page: title, its 导言, 目录 and 印发通知; with `refs`, the 《…》 of
    plans in the library linked in its text, and what it cites and what cites it."""
    d = store.document(did)
    if not d:
        return f"<p>找不到：{esc(did)}</p>"
    quoted = refs.quoted if refs and links else {}
    meta = " · ".join(x for x in (d.get("doc_number"), d.get("issuer"), d.get("issued_date"),
                                  d.get("period") and f"规划期 {d['period']}") if x)
    parts = [f"<h1>{esc(d['title'])}</h1>", f'<p class="meta">{esc(meta)}</p>', order_warning(d, full=True)]
    for n in store.notes(did):
        if n["kind"] != "order_unreliable":
            parts.append(f'<p class="warn">注：{esc(n["message"])}</p>')
    if d.get("preamble"):
        parts.append("<h2>导言</h2>" + paragraphs_html(d["preamble"], None, False, quoted.get(Place.preamble(did).id)))
    tops = [s for s in store.sections(did) if not s["parent_id"]]
    parts.append("<h2>目录</h2>" + "".join(
        f'<p><a href="pd:{attr(s["id"])}">{heading_text(s["label"], s["title"])}</a></p>' for s in tops))
    if refs is not None:
        parts += [cites_html(store, refs.cites, links), cited_by_html(store, refs.cited_by, links)]
    if d.get("notice"):
        notice = linked(d["notice"], quoted.get(Place.document(did).id))
        parts.append('<h2>印发通知</h2><p class="meta">' + notice.replace("\n", "<br/>") + "</p>")
    parts.append(nav_html(store, Place.document(did).id, links)[1])
    return "\n".join(p for p in parts if p)


def indicator_html(store, iid: str, links: bool = True) -> str:
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
    return "\n".join([crumbs_html(crumbs(store, doc, i["section_id"]), links), f"<h1>{esc(i['name'])}</h1>",
                      '<table class="grid" border="1" cellspacing="0" cellpadding="5">' + body + "</table>"])


def render(store, target, show_lines: bool = False, full_warning: bool = False, for_print: bool = False,
           refs: PlanRefs | None = None) -> str:
    """HTML for any place (an id or a Place): a plan (its opening words are its first
    page), a section, a box or an indicator. `full_warning`: an unreliable order explained
    in full (详情 clicked); `for_print`: no links (trail as plain text, no 上一节/下一节);
    `refs`: the plan's references (PlanRefs): links in its text, and on its first page
    what it cites and what cites it."""
    at = store.place(target)
    kind = at.kind if at else None
    links = not for_print
    quoted = refs.quoted if refs and links else None
    if kind in (pl.DOCUMENT, pl.PREAMBLE):
        return document_html(store, at.document["id"], show_lines, links, refs)
    if kind == pl.SECTION:
        return section_html(store, at.id, show_lines, full_warning, links, quoted)
    if kind == pl.BOX:
        return box_html(store, at.id, show_lines, full_warning, links, quoted)
    if kind in (pl.INDICATOR, pl.TARGET):
        return indicator_html(store, at.id, links)
    return f"<p>找不到：{esc(str(target or ''))}</p>"


def plain_citation(store, target) -> str:
    """《简称》第三章第一节 — the short form (db.citation.cite)."""
    return cite(store, target, SHORT)


def official_citation(store, target) -> str:
    """《重庆市人民政府关于印发…的通知》（渝府发〔2021〕24号）第三篇第八章第三节 (db.citation.cite)."""
    return cite(store, target, OFFICIAL)
