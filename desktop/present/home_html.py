"""The home page and the search tips as HTML (no Qt: tested alone). Links:
pd:TARGET opens a place, bm:ID a bookmark or note, q:QUERY runs a search,
page:NAME opens a page of the window."""
from __future__ import annotations

from urllib.parse import quote

from db.naming import plan_labels
from db.place import Place

from .render import attr, esc

EXAMPLES = [
    ("两江新区", "一个平台在全部规划中的表述"),
    ("自贸区", "简称也能找到全称（中国（重庆）自由贸易试验区）"),
    ("中欧班列 -渝满俄", "空格表示“并且”，减号排除"),
    ("\"国际物流枢纽\"", "引号内按原样短语查找"),
    ("口岸 kind:专栏", "只在专栏中查找（kind:章节、kind:指标 同理）"),
    ("进出口 doc:高新区", "只在一份规划中查找（doc: 后写规划名称的一部分或年份）"),
]

HOME_CSS = """
.card { background-color: #f6f8fa; }
.cardtitle { font-size: 17px; font-weight: bold; color: #0b5cad; }
.muted { color: #57606a; }
.tip { color: #1f2328; }
h2 { font-size: 18px; margin-top: 18px; margin-bottom: 6px; }
"""


def tips_html(title: str = "搜索提示") -> str:
    rows = "".join(f'<tr><td><a href="q:{quote(q)}"><b>{esc(q)}</b></a></td><td class="muted">&nbsp;&nbsp;{esc(what)}</td></tr>'
                   for q, what in EXAMPLES)
    return (f"<h2>{esc(title)}</h2><p class='muted'>在搜索框（Ctrl+F）输入即可，结果随输入即时更新；"
            "按 Enter 打开第一条结果，F3 / Shift+F3 在原文中逐个查看匹配。点击示例试一试：</p>"
            f"<table cellpadding='3'>{rows}</table>")


def plan_card(st: dict, label: str) -> str:
    d = st["document"]
    levels = f"标题 {sum(n for _, n in st['levels'])} 个"
    facts = [x for x in (d.get("issuer"), d.get("doc_number"), f"规划期 {d['period']}" if d.get("period") else None) if x]
    warn = ('<br/><span style="color:#9a6700;">⚠ 原文顺序不可靠，章节归属仅供参考</span>'
            if not d.get("order_reliable", 1) else "")
    origin = "（导入）" if d.get("origin") == "imported" else ""
    return (f'<table class="card" width="100%" cellpadding="10" cellspacing="0" border="0"><tr><td>'
            f'<a href="{attr(Place.document(d["id"]).link)}"><span class="cardtitle">{esc(label)}</span></a>{origin}<br/>'
            f'<b>{esc(d["title"])}</b><br/>'
            f'<span class="muted">{esc("　".join(facts)) or "—"}</span><br/>'
            f'<span class="muted">{esc(levels)}；专栏 {st["boxes"]} 个；指标 {st["table_rows"]} 行，'
            f'正文目标 {st["targets"]} 项</span>{warn}'
            "</td></tr></table><p></p>")


def home_html(stats: list[dict], bookmarks: list[dict], recent: list[str], labels: dict[str, str] | None = None) -> str:
    """The home page; plans named by `labels` (the session's, with the names people gave them)."""
    labels = {**plan_labels([s["document"] for s in stats]), **(labels or {})}
    parts = [f"<h1>重庆开放平台规划 · {len(stats)} 份</h1>",
             "<p class='muted'>点击规划标题开始阅读；左侧目录逐章浏览，右侧即时搜索。"
             "<a href='page:indicators'>指标与目标</a>对比各规划的目标值，"
             "<a href='page:boxes'>专栏</a>可勾选导出为公文格式的 Word。</p>"]
    parts += [plan_card(s, labels[s["document"]["id"]]) for s in stats]
    parts.append("<h2>最近的书签和批注</h2>")
    if bookmarks:
        parts.append("".join(_bookmark_line(b) for b in bookmarks[:8]))
    else:
        parts.append("<p class='muted'>还没有书签。阅读时按 Ctrl+D 为章节或专栏加书签；选中一段文字，右键“高亮”或“批注”。</p>")
    parts.append("<h2>最近的搜索</h2>")
    parts.append("<p>" + "　".join(f'<a href="q:{quote(q)}">{esc(q)}</a>' for q in recent[:12]) + "</p>"
                 if recent else "<p class='muted'>还没有搜索记录。</p>")
    parts.append(tips_html())
    return "\n".join(parts)


def _bookmark_line(b: dict) -> str:
    kind = {"highlight": "高亮"}.get(b["kind"], "书签")
    if b["kind"] == "highlight" and b.get("note"):
        kind = "批注"
    text = b.get("quote") or b["title"]
    note = f'<br/><span class="muted">　{esc(b["note"])}</span>' if b.get("note") else ""
    return (f'<p><span class="muted">［{kind}］</span> <a href="bm:{attr(str(b["id"]))}">{esc(text[:60])}</a>'
            f' <span class="muted">{esc(b.get("document_title") or "")}</span>{note}</p>')
