"""What the comparison shows: a platform's statements per plan, in time order,
with citations, and what is new against the plan before; the marks every display
of it (window, command line, Word, CSV) shares: 未审核 for a platform nobody has
reviewed, 适用于全部… after a statement about a class the platform is in."""
from __future__ import annotations

import re
import weakref

from ..citation import SHORT, cite, statement_place

from .aspects import ASPECTS  # noqa: F401  (the comparison's columns, in order)
from .extract import _DUTY
from .gazetteer import Matcher, Platform


UNREVIEWED = "未审核"
SOURCE_WORDS = {"discovered": "按名称形式从规划中发现", "user": "用户收录"}


def unreviewed(p: dict) -> bool:
    """A platform not in the reviewed gazetteer: found in a plan by its form
    (discovered), or accepted by the user from those."""
    return (p.get("source") or "reviewed") != "reviewed"


def unreviewed_note(p: dict) -> str:
    """「按名称形式从规划中发现，未审核」, or '' for a reviewed platform."""
    if not unreviewed(p):
        return ""
    return f"{SOURCE_WORDS.get(p.get('source'), '')}，{UNREVIEWED}".lstrip("，")


def class_note(via_class: str | None) -> str:
    """What follows a statement about a class of platforms: （适用于全部国家级经开区）."""
    return f"（适用于全部{via_class}）" if via_class else ""


def shown_text(x: dict) -> str:
    """A statement as every display shows it: its words as the plan has them, then
    the class it was said of (never stored in the text)."""
    return x["text"] + class_note(x.get("via_class"))


def comparison(store, platform_id: str, children: bool = False, aspect: str | None = None,
               include_class: bool = True) -> dict:
    """Everything the comparison shows for one platform, documents in chronological
    order; with `children`, the statements of its 片区/板块/sub-projects too, each
    marked with the part it is about (`part`); without `include_class`, not the
    statements about a class it is in (`via_class`)."""
    p = store.platform(platform_id)
    if not p:
        raise KeyError(platform_id)
    names = {platform_id: None}
    if children:
        names.update({k: store.platform(k)["name"] for k in store.children(platform_id)})
    docs = []
    for d in store.documents():
        pos = store.positionings(platform_id, d["id"], children=children, aspect=aspect,
                                 include_class=include_class)
        docs.append(dict(document_id=d["id"], title=d["short_title"], full_title=d["title"], year=d["year"],
                         order_reliable=bool(d["order_reliable"]),
                         positionings=[dict(id=x["id"], aspect=x["aspect"], text=x["text"],
                                            section_id=x["section_id"], box_id=x["box_id"], rank=x["rank"],
                                            line=x.get("line"), platform_id=x["platform_id"],
                                            part="、".join(names[k] for k in [x["platform_id"]] + x.get("also", []) if names.get(k))
                                            or None, via_class=x.get("via_class"))
                                       for x in pos],
                         **named_summary(store, platform_id, d["id"])))
    return dict(platform=p["name"], id=p["id"], kind=p["kind"], aliases=list(p["aliases"] or []),
                source=p.get("source") or "reviewed", reviewed=not unreviewed(p), province=p.get("province"),
                classes=list(p.get("classes") or []), children=[n for k, n in names.items() if n],
                documents=docs)


def platform_label(c: dict) -> str:
    """A platform's name as a heading shows it: 某某综合保税区（未审核）."""
    return c["platform"] + ("" if c["reviewed"] else f"（{UNREVIEWED}）")


def statement_citation(store, x: dict, form: str = SHORT) -> str:
    """《简称》第三章第一节专栏1 for a statement (document_id, section_id, box_id, line);
    in a text whose order can't be trusted, the source line and a note saying so."""
    return cite(store, statement_place(x), form, line=x.get("line"))


def empty_cell(d: dict | int) -> str:
    """What a plan without a statement about the platform says of it: 仅提及 N 次
    (sentences of its text name it), 仅见于责任单位 / 仅见于标题 (only a 责任单位 note or
    column, a list of units, a heading names it), or 未提及 (the plan never names it).
    `d`: a comparison's document entry (or, as before, the number of mentions)."""
    if isinstance(d, int):
        d = {"mentions": d}
    if d.get("mentions"):
        return f"仅提及 {d['mentions']} 次"
    if d.get("named_in"):
        return "仅见于" + "和".join(d["named_in"])
    return "未提及"


# ---- where a plan names a platform without positioning it ----

TEXT, DUTY, HEADING = "正文", "责任单位", "标题"
_DUTY_LINE = re.compile(r"\s*[^：:\n|]{0,6}(单位|部门|主体)\s*[：:]")     # 责任单位：… (a table's cell, a list)
_DUTY_COLUMN = re.compile(r"单位|部门|主体")
_NAMED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()      # store -> its matcher and scans


def _scans(store) -> dict:
    """The store's matchers (built once per store): `names` finds platforms as the
    statements do (full names only, no 高新区-like short ones); `units` also where a
    list of units names a platform's office (两江新区管委会)."""
    got = _NAMED.get(store)
    if got is None:
        plats = [Platform(id=p["id"], name=p["name"], kind=p["kind"] or "", aliases=list(p.get("aliases") or []),
                          formerly=list(p.get("formerly") or []), later=list(p.get("later") or []),
                          part_of=p.get("part_of")) for p in store.platforms()]
        units = Matcher(plats)
        units.org = re.compile(r"(?!)")         # a name followed by 管委会 names the platform's office: count it
        got = _NAMED[store] = {"names": Matcher(plats), "units": units, "docs": {}}
    return got


def _place(kind, text, did, section_id=None, box_id=None, line=None) -> dict:
    return dict(kind=kind, text=text, document_id=did, section_id=section_id, box_id=box_id, line=line)


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def duty_pieces(text: str) -> list[str]:
    """The parts of a text that only list units: （责任单位：…） notes, 牵头部门：… lines,
    and the cells of a table (kept as | rows) under a 责任单位-like column (as 列名：值)."""
    out = [m.group(0) for m in _DUTY.finditer(text or "")]
    for para in (text or "").split("\n\n"):
        rows = [x for x in para.split("\n") if x.strip().startswith("|")]
        head = _cells(rows[0]) if rows else []
        for row in rows[1:]:
            cells = _cells(row)
            if len(cells) == len(head):
                out += [f"{h}：{c}" for h, c in zip(head, cells) if c and _DUTY_COLUMN.search(h)]
        out += [x.strip() for x in para.split("\n") if _DUTY_LINE.match(x)]
    return out


def _outside_text(store, did: str) -> dict[str, list[dict]]:
    """platform id -> the headings and 责任单位 notes, columns and lists of a plan that
    name it (statements and mentions leave them out), scanned once per plan."""
    scans = _scans(store)
    if did not in scans["docs"]:
        out: dict[str, list[dict]] = {}

        def add(kind, text, sid, bid, line=None):
            for pid in scans["names" if kind == HEADING else "units"].ids(text):
                out.setdefault(pid, []).append(_place(kind, text, did, sid, bid, line))
        for s in store.sections(did):
            add(HEADING, s["title"] or "", s["id"], None)
            for piece in duty_pieces(s["text"]):
                add(DUTY, piece, s["id"], None)
        for b in store.boxes(did):
            add(HEADING, b["title"] or "", b["section_id"], b["id"])
            for it in store.items(b["id"]):
                cells = it.get("cells") or {}
                pieces = ([f"{k}：{v}" for k, v in cells.items() if v and _DUTY_COLUMN.search(k)] if cells
                          else duty_pieces(it["text"]))
                for piece in pieces:
                    add(DUTY, piece, b["section_id"], b["id"], it["line_start"])
        scans["docs"][did] = out
    return scans["docs"][did]


def _is_duty(store, pid: str, m: dict) -> bool:
    """A mention that only lists units (责任单位：…, or a table row naming the platform
    only under a 责任单位-like column): the scan of the plan finds it as such."""
    text = m["text"] or ""
    if _DUTY_LINE.match(text):
        return True
    if not text.lstrip().startswith("|") or not m.get("section_id"):
        return False
    s = store.section(m["section_id"])
    units = _scans(store)["units"]
    for para in (s["text"] or "").split("\n\n") if s else []:
        rows = [x for x in para.split("\n") if x.strip().startswith("|")]
        if rows and any(text.strip() in x for x in rows[1:]):
            head, cells = _cells(rows[0]), _cells(text)
            cols = [h for h, c in zip(head, cells) if pid in units.ids(c)]
            return len(head) == len(cells) and bool(cols) and all(_DUTY_COLUMN.search(h) for h in cols)
    return False


def named_places(store, platform_id: str, doc_id: str) -> list[dict]:
    """Every place a plan names the platform without a statement about it: its
    mentions (kind 正文, or 责任单位 when they only list units), then the 责任单位 notes
    and the headings naming it. Each: kind, text, document_id, section_id, box_id, line."""
    ms = [_place(TEXT, m["text"], doc_id, m.get("section_id"), m.get("box_id"), m.get("line"))
          for m in store.mentions(platform_id, doc_id) if not _is_duty(store, platform_id, m)]
    rest = _outside_text(store, doc_id).get(platform_id, [])
    order = {TEXT: 0, DUTY: 1, HEADING: 2}
    return sorted(ms + rest, key=lambda x: order[x["kind"]])


def named_summary(store, platform_id: str, doc_id: str) -> dict:
    """mentions: how many sentences of the text name it; named_in: where else the plan
    names it (标题, 责任单位), for a plan with no statement about it."""
    places = named_places(store, platform_id, doc_id)
    kinds = {x["kind"] for x in places}
    return dict(mentions=sum(1 for x in places if x["kind"] == TEXT),
                named_in=[k for k in (HEADING, DUTY) if k in kinds])


# the first eight columns as before issue 26 (a spreadsheet made on them still reads them)
ROW_HEADER = ("平台", "年份", "文件", "方面", "排序", "表述", "出处", "所属片区、板块或子项目",
              "审核", "省市", "类别表述（适用于全部）")


def comparison_rows(store, platform_ids: list[str], doc_ids: list[str] | None = None, children: bool = False,
                    aspect: str | None = None, include_class: bool = True):
    """Rows under ROW_HEADER: (platform, year, document, aspect, rank, text with its
    class note, citation, part, 已审核/未审核, province, class); part is the 片区/板块/
    sub-project a rolled-up statement is about, class the class a statement was said
    of ('' for the platform itself)."""
    for pid in platform_ids:
        c = comparison(store, pid, children, aspect, include_class)
        tail = ("已审核" if c["reviewed"] else UNREVIEWED, c["province"] or "")
        for d in c["documents"]:
            if doc_ids and d["document_id"] not in doc_ids:
                continue
            if not d["positionings"]:
                yield (c["platform"], d["year"], d["title"], "", "", empty_cell(d), "", "") + tail + ("",)
            for x in d["positionings"]:
                yield (c["platform"], d["year"], d["title"], x["aspect"], x["rank"], shown_text(x),
                       statement_citation(store, dict(x, document_id=d["document_id"])), x["part"] or "") \
                    + tail + (x["via_class"] or "",)


# ---- what changed against the previous plan ----

def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def bigrams(s: str) -> set[str]:
    s = _norm(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def is_new(text: str, previous: list[str], threshold: float = 0.6) -> bool:
    """A statement is new when no earlier statement holds most of its wording."""
    b = bigrams(text)
    if not b:
        return False
    return all(len(b & bigrams(p)) / len(b) < threshold for p in previous)


def new_runs(text: str, previous: list[str], min_len: int = 4) -> list[tuple[str, bool]]:
    """text cut into (segment, is_new) runs: a run of ≥ min_len characters whose
    bigrams no earlier statement has is a new key phrase."""
    old = set()
    for p in previous:
        old |= bigrams(p)
    n = len(text)
    fresh = [False] * n
    for i in range(n - 1):
        if text[i:i + 2] not in old and not re.match(r"[\W_]", text[i]):
            fresh[i] = fresh[i + 1] = True
    out, i = [], 0
    while i < n:
        j = i
        while j < n and fresh[j] == fresh[i]:
            j += 1
        out.append((text[i:j], bool(fresh[i] and j - i >= min_len and previous)))
        i = j
    return out
