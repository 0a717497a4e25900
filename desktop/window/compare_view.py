"""Platform positioning compared: platforms × documents over time, or several
platforms side by side in one document; changes against the previous plan."""
from __future__ import annotations

import html
import re

from PySide6.QtCore import QByteArray, QRect, QSortFilterProxyModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox, QHBoxLayout, QInputDialog,
                               QLineEdit, QListView, QPushButton, QSplitter, QVBoxLayout, QWidget)

from desktop.services.export import export_comparison_csv, export_comparison_docx
from desktop.services.export.comparison import TITLE as COMPARE_TITLE
from db.citation import statement_place
from db.place import Place
from db.positioning.comparison import (ASPECTS, TEXT, UNREVIEWED, class_note, comparison, empty_cell, is_new,
                                      named_places, new_runs, shown_text, statement_citation, unreviewed,
                                      unreviewed_note)
from db.store import Store

from . import settings as st
from .export_flow import ExportSpec, run_export
from .plain import escaped, inform, plain_label, tip
from .rows_model import RowsListModel, refill
from .safe_browser import SafeBrowser
from .session import GAZETTEER, LABELS, STORE, USERDATA
from .topics_page import add_to_topic
from desktop.services.review import ReviewError
from desktop.services.review import decide as record
from desktop.services.review import merge_targets
from urllib.parse import unquote

PidRole = Qt.ItemDataRole.UserRole + 30
NamesRole = Qt.ItemDataRole.UserRole + 31
KindRole = Qt.ItemDataRole.UserRole + 32
ProvinceRole = Qt.ItemDataRole.UserRole + 33
SourceRole = Qt.ItemDataRole.UserRole + 34
PER_CELL = 6
GEOMETRY = "compare/geometry"
PROVINCES = ("重庆", "四川", "川渝")
CLASS_STYLE = "color:#8250df;"


def wrapping_list(parent, name: str, model) -> QListView:
    """A list showing each name in full, on two lines where it is long (never cut off)."""
    v = QListView(parent)
    v.setObjectName(name)
    v.setModel(model)
    v.setWordWrap(True)
    v.setResizeMode(QListView.ResizeMode.Adjust)
    v.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return v


def mark_new_phrases(text: str, previous: list[str]) -> str:
    """HTML of text with the key phrases absent from the earlier statements highlighted."""
    return "".join(f'<span style="background-color:#d3f5d0;">{html.escape(seg, quote=False)}</span>' if new
                   else html.escape(seg, quote=False) for seg, new in new_runs(text, previous))


class PlatformsModel(RowsListModel):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.reload(store)

    def reload(self, store):
        counts = store.platform_document_counts()
        self.set_rows([dict(p, names=[p["name"]] + list(p["aliases"] or []), ndocs=counts.get(p["id"], 0))
                       for p in store.platforms()])

    def value(self, p, role):
        if role == Qt.ItemDataRole.DisplayRole:
            mark = ("〔用户收录·未审核〕" if p.get("source") == "user" else f"〔{UNREVIEWED}〕") if unreviewed(p) else ""
            return f"{p['name']}{mark}（{p['ndocs']}）" if p["ndocs"] else f"{p['name']}{mark}"
        if role == Qt.ItemDataRole.ToolTipRole:
            src = f"\n{unreviewed_note(p)}" if unreviewed(p) else ""
            classes = f"\n类别：{'、'.join(p['classes'])}" if p.get("classes") else ""
            return tip(f"{p['name']}\n{p['kind']}（{p.get('province') or '省市未标'}）{classes}\n别名：{'、'.join(p['names'][1:]) or '—'}"
                       f"\n在 {p['ndocs']} 个文件中有定位表述{src}")
        return {PidRole: p["id"], NamesRole: p["names"], KindRole: p["kind"], ProvinceRole: p.get("province"),
                SourceRole: p.get("source") or "reviewed"}.get(role)


class CandidatesModel(RowsListModel):
    """Names that look like a platform's but are in no gazetteer, less those the user
    has accepted or ignored (user data, so the decision survives rebuilds)."""

    def __init__(self, store, userdata, parent=None):
        super().__init__(parent)
        self.reload(store, userdata)

    def reload(self, store, userdata):
        decided = {u["name"] for u in userdata.user_platforms()} if userdata else set()
        self.set_rows([c for c in store.candidates() if c["name"] not in decided])

    def value(self, c, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{c['name']}（{c['kind']}，{c['n']} 处）"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"在 {c['n_docs']} 个文件中出现 {c['n']} 处；未经审核")
        return c["name"] if role == PidRole else None


class PlatformFilter(QSortFilterProxyModel):
    """By kind, by province, and by any of a platform's names (自贸区 finds 中国（重庆）自由贸易试验区)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.kind = ""
        self.province = ""
        self.text = ""

    def set(self, kind=None, text=None, province=None):
        self.beginFilterChange()
        if kind is not None:
            self.kind = kind
        if province is not None:
            self.province = province
        if text is not None:
            self.text = "".join(text.split())
        self.endFilterChange()

    def filterAcceptsRow(self, row, parent):
        idx = self.sourceModel().index(row, 0, parent)
        if self.kind and idx.data(KindRole) != self.kind:
            return False
        if self.province and idx.data(ProvinceRole) != self.province:
            return False
        if self.text:
            from search.terms import expand  # lazy: the index and jieba load only where searching is done
            alts = expand(self.text)
            # the typed text inside a name, or a name (not a mere part of one) inside it
            return any(a in n or (n in a and len(n) >= 0.6 * len(a)) for a in alts for n in idx.data(NamesRole))
        return True


class CompareView(QWidget):
    openSource = Signal(str, list)      # target id, text to highlight
    gazetteerChanged = Signal()         # a name was accepted, merged or rejected: the statements must be read again

    SHOWS = frozenset({STORE, USERDATA, GAZETTEER, LABELS})

    def __init__(self, session, parent=None, labels=None):
        super().__init__(parent)
        self.setWindowTitle("开放平台定位对比")
        self.session = session
        self.labels = labels or session.plan_labels       # () -> {document id: short label}
        self.placed = False
        self.store = session.store
        self.userdata = session.userdata
        self.expanded: set[tuple] = set()
        self.shown_mentions: set[tuple] = set()
        self.model = PlatformsModel(self.store, self)
        self.proxy = PlatformFilter(self)
        self.proxy.setSourceModel(self.model)
        self.find = QLineEdit(self)
        self.find.setObjectName("platformFind")
        self.find.setPlaceholderText("按名称或简称筛选（如 自贸区、西永综保区）")
        self.kind_box = QComboBox(self)
        self.province_box = QComboBox(self)
        self.province_box.setObjectName("provinceFilter")
        self.province_box.setToolTip("按平台所在省市筛选；“川渝”为两地共建或共有的平台")
        self.list = wrapping_list(self, "platformList", self.proxy)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.changes = QCheckBox("只看变化（与上一文件相比）", self)
        self.changes.setObjectName("changesOnly")
        self.kids = QCheckBox("含所属片区、板块和子项目", self)
        self.kids.setObjectName("includeChildren")
        self.kids.setToolTip("把所选平台的片区、板块和子项目的表述一并列出，并标明所属")
        self.with_class = QCheckBox("含类别表述", self)
        self.with_class.setObjectName("includeClass")
        self.with_class.setChecked(True)
        self.with_class.setToolTip("对一类平台（如“国家级经开区”）的表述，适用于该类每个平台，"
                                   "标有“（适用于全部…）”；取消勾选则只看针对平台本身的表述")
        self._review_widgets()
        self._candidates_widgets()
        self.mode = QComboBox(self)
        self.mode.setObjectName("compareMode")
        self._fill_filters()
        self.view = SafeBrowser(self)
        self.view.setObjectName("compareGrid")
        self.view.anchorClicked.connect(self._link)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.btn_docx = QPushButton("导出 Word…", self)
        self.btn_csv = QPushButton("导出 CSV…", self)
        self.btn_docx.clicked.connect(lambda: self.export("docx"))
        self.btn_csv.clicked.connect(lambda: self.export("csv"))
        self.info = plain_label("", self)
        self.info.setObjectName("compareInfo")

        self._lay_out()
        self.find.textChanged.connect(lambda t: self.proxy.set(text=t))
        self.kind_box.currentIndexChanged.connect(lambda _: self.proxy.set(kind=self.kind_box.currentData()))
        self.province_box.currentIndexChanged.connect(
            lambda _: self.proxy.set(province=self.province_box.currentData()))
        self.list.selectionModel().selectionChanged.connect(lambda *_: self.render())
        self.changes.toggled.connect(lambda _: self.render())
        self.kids.toggled.connect(lambda _: self.render())
        self.with_class.toggled.connect(lambda _: self.render())
        self.mode.currentIndexChanged.connect(lambda _: self.render())
        self.render()

    def _candidates_widgets(self):
        self.cand_model = CandidatesModel(self.store, self.userdata, self)
        self.cand_label = plain_label("", self)
        self.cand_label.setObjectName("candidateCount")
        self.cand_list = wrapping_list(self, "candidateList", self.cand_model)
        self.cand_list.clicked.connect(lambda idx: self.show_candidate(idx.data(PidRole)))
        self.btn_accept = QPushButton("收录为平台", self)
        self.btn_accept.setObjectName("acceptCandidate")
        self.btn_accept.setToolTip("加入“我的平台名录”：以后每次整理数据都会查找它的定位表述")
        self.btn_ignore = QPushButton("忽略", self)
        self.btn_ignore.setObjectName("ignoreCandidate")
        self.btn_accept.clicked.connect(lambda: self.decide("accepted"))
        self.btn_ignore.clicked.connect(lambda: self.decide("ignored"))
        self._count_candidates()

    def _review_widgets(self):
        """Shown above the grid when the one platform chosen is not reviewed: accept it,
        merge it into a reviewed platform, or say it is not a platform."""
        self.review_bar = QWidget(self)
        self.review_bar.setObjectName("reviewBar")
        self.review_label = plain_label("", self.review_bar)
        self.review_label.setObjectName("reviewNote")
        self.btn_keep = QPushButton("收录", self.review_bar)
        self.btn_keep.setObjectName("acceptPlatform")
        self.btn_keep.setToolTip("确认它是一个开放平台，加入“我的平台名录”")
        self.btn_merge = QPushButton("并入已有平台…", self.review_bar)
        self.btn_merge.setObjectName("mergePlatform")
        self.btn_merge.setToolTip("它是已有平台的另一种写法：作为那个平台的别名，其表述归入那个平台")
        self.btn_reject = QPushButton("不是平台", self.review_bar)
        self.btn_reject.setObjectName("rejectPlatform")
        self.btn_reject.setToolTip("它不是开放平台：不再列出，其表述不再计入对比")
        self.btn_keep.clicked.connect(lambda: self.review("accepted"))
        self.btn_merge.clicked.connect(lambda: self.merge())
        self.btn_reject.clicked.connect(lambda: self.review("ignored"))
        bl = QHBoxLayout(self.review_bar)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.review_label, 1)
        for b in (self.btn_keep, self.btn_merge, self.btn_reject):
            bl.addWidget(b)
        self.review_bar.hide()

    def _count_candidates(self):
        n = self.cand_model.rowCount()
        self.cand_label.setText(f"未收录的平台（{n}，未经审核）" if n else "未收录的平台：无")
        for w in (self.cand_list, self.btn_accept, self.btn_ignore):
            w.setEnabled(n > 0)

    def _lay_out(self):
        """Platform list (filter, kind) on the left; mode, changes-only, exports and the grid on the right."""
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.find)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_box, 1)
        filters.addWidget(self.province_box, 1)
        ll.addLayout(filters)
        ll.addWidget(self.list, 3)
        ll.addWidget(self.cand_label)
        ll.addWidget(self.cand_list, 1)
        bl = QHBoxLayout()
        bl.addWidget(self.btn_accept)
        bl.addWidget(self.btn_ignore)
        ll.addLayout(bl)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()                 # two rows: the window fits a 1280-wide screen beside nothing else
        top.addWidget(self.mode, 1)
        top.addWidget(self.btn_docx)
        top.addWidget(self.btn_csv)
        rl.addLayout(top)
        ticks = QHBoxLayout()
        for w in (self.kids, self.with_class, self.changes):
            ticks.addWidget(w)
        ticks.addStretch(1)
        rl.addLayout(ticks)
        rl.addWidget(self.review_bar)
        rl.addWidget(self.view, 1)
        rl.addWidget(self.info)
        split = QSplitter(self)
        split.setObjectName("compareSplit")
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 900])
        lay = QVBoxLayout(self)
        lay.addWidget(split)

    def _fill_filters(self):
        """The kind, province and document choices, from the store (again after a rebuild)."""
        have = {r.get("province") for r in self.model.rows} - {None, ""}
        refill(self.kind_box, [("全部类型", "")] + [(k, k) for k in sorted({r["kind"] for r in self.model.rows})])
        refill(self.province_box, [("全部省市", "")] + [(k, k) for k in list(PROVINCES) + sorted(have - set(PROVINCES))])
        labels = self.labels()
        refill(self.mode, [("按时间（各文件）", "")] + [(f"同一文件：{labels.get(d['id'], d['short_title'])}", d["id"])
                                                   for d in self.store.documents()])

    def set_store(self, store):
        self.store = store
        self.model.reload(store)
        self.cand_model.reload(store, self.userdata)
        self._count_candidates()
        self._fill_filters()
        self.proxy.set(kind=self.kind_box.currentData(), province=self.province_box.currentData())
        self.render()

    def set_userdata(self, userdata):
        self.userdata = userdata
        self.cand_model.reload(self.store, userdata)
        self._count_candidates()

    def refresh(self, changes):
        """The plans (platforms, statements) or the decisions on names changed."""
        if STORE in changes:
            self.userdata = self.session.userdata
            self.set_store(self.session.store)
            return
        if GAZETTEER in changes or self.userdata is not self.session.userdata:
            self.set_userdata(self.session.userdata)
        if LABELS in changes:               # a plan renamed: the labels anew
            self._fill_filters()
            self.render(keep_scroll=True)

    # ---- candidates ----
    def show_candidate(self, name: str):
        rows = [c for c in self.cand_model.rows if c["name"] == name]
        if not rows:
            return
        c = rows[0]
        x = self.store.candidate(c["first_id"])
        cite = html.escape(statement_citation(self.store, x), quote=False)
        self.view.setHtml(
            f"<h2>{html.escape(name)} <span style='color:#9a6700;font-size:13px;'>未收录 · 未经审核</span></h2>"
            f"<p>按名称形式推断的类型：{html.escape(c['kind'])}；在 {c['n_docs']} 个文件中出现 {c['n']} 处。</p>"
            f"<p>例句：{html.escape(x['text'], quote=False)} ［{cite}］</p>"
            "<p style='color:#57606a'>“收录为平台”后，重新整理各规划的定位表述，它会出现在左侧平台列表中"
            "（标为“用户收录”）；“忽略”则不再提示。两者都保存在本机的书签数据中，更新规划后仍然有效。</p>")
        self.info.setText("")

    def current_candidate(self) -> dict | None:
        idx = self.cand_list.currentIndex()
        return self.cand_model.rows[idx.row()] if idx.isValid() else None

    def decide(self, status: str, name: str | None = None, target: str | None = None) -> bool:
        """The one place a decision on a name found in the plans is made, for a candidate
        (the chosen one, or `name`) and a discovered platform (`name`) alike: accept it,
        ignore it (not a platform), or merge it into the reviewed platform `target`. The
        statements are read again (gazetteerChanged) unless a candidate was only ignored."""
        if name is None:
            c = self.current_candidate()
            name = c["name"] if c else None
        if name is None or self.userdata is None:
            inform(self, "未收录的平台", "请先在列表中选择一个名称。")
            return False
        try:
            r = record(self.store, self.userdata, name, status, target)
        except ReviewError as e:
            inform(self, "审核平台", str(e))
            return False
        self.cand_model.reload(self.store, self.userdata)
        self._count_candidates()
        said = {"accepted": f"已收录：{r['name']}", "ignored": f"已确认不是平台：{r['name']}",
                "merged": f"已并入：{r['name']} → {r.get('target')}"}[status]
        if status == "ignored" and r["platform_id"] is None:
            self.info.setText(f"已忽略：{r['name']}")          # a candidate: nothing in the comparison changes
            return True
        before = self.store
        self.gazetteerChanged.emit()                 # the window reads the statements again (set_store)
        self.info.setText(said + ("；定位表述已重新整理" if self.store is not before else "；重新建立数据后生效"))
        return True

    def review(self, status: str, target: str | None = None) -> bool:
        """Decide on the one unreviewed platform chosen (the buttons above the grid)."""
        p = self._reviewable()
        if p is None:
            inform(self, "审核平台", "请先在左侧选择一个未审核的平台。")
            return False
        return self.decide(status, p["name"], target)

    def merge(self, target: str | None = None) -> bool:
        """Merge the chosen unreviewed platform into a reviewed one (asked for when
        `target` is not given)."""
        p = self._reviewable()
        if p is None:
            inform(self, "审核平台", "请先在左侧选择一个未审核的平台。")
            return False
        if target is None:
            names = [t["name"] for t in merge_targets(self.store)]
            target, ok = QInputDialog.getItem(self, "并入已有平台",
                                              f"“{p['name']}”是哪个已审核平台的另一种写法？", names, 0, False)
            if not ok:
                return False
        return self.decide("merged", p["name"], target)

    def _reviewable(self) -> dict | None:
        pids = self.selected()
        p = self.store.platform(pids[0]) if len(pids) == 1 else None
        return p if p and unreviewed(p) else None

    def _show_review_bar(self):
        p = self._reviewable()
        self.review_bar.setVisible(p is not None and self.userdata is not None)
        if p is not None:
            self.review_label.setText(f"“{p['name']}”{unreviewed_note(p)}。审核后重新整理定位表述：")
            self.btn_keep.setEnabled(p.get("source") != "user")

    def selected(self) -> list[str]:
        rows = sorted(self.list.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(PidRole) for i in rows]

    def select(self, names: list[str]):
        """Select platforms by any name (for tests and links)."""
        self.list.clearSelection()
        sm = self.list.selectionModel()
        from search.terms import expand  # lazy: the index and jieba load only where searching is done
        for n in names:
            p = self.store.find_platform(n, expand)
            for r in range(self.proxy.rowCount()):
                idx = self.proxy.index(r, 0)
                if p and idx.data(PidRole) == p["id"]:
                    sm.select(idx, sm.SelectionFlag.Select)

    # ---- rendering ----
    def render(self, keep_scroll: bool = False):
        """The grid anew; `keep_scroll` (a cell opened or closed in place): where the
        person was reading stays where it was."""
        self._show_review_bar()
        pids = self.selected()
        if not pids:
            self.view.setHtml("<p style='color:#57606a'>在左侧选择一个或多个开放平台（可用简称筛选）。"
                              "按住 Ctrl 可多选；选“同一文件”可把几个平台并排比较。</p>")
            self.info.setText("")
            return
        doc = self.mode.currentData()
        self._labels = self.labels()
        parts = [self._single_doc(pids, doc)] if doc else [self._timeline(pid) for pid in pids]
        bars = (self.view.verticalScrollBar(), self.view.horizontalScrollBar())
        at = [b.value() for b in bars]
        self.view.setHtml("\n".join(parts))
        if keep_scroll:
            self.view.document().documentLayout().documentSize()      # lay out now: the bar's range is known
            for b, v in zip(bars, at):
                b.setValue(v)
        self.info.setText(f"{len(pids)} 个平台" + ("，只看变化" if self.changes.isChecked() else ""))

    def _statements(self, pid, did, aspect, xs, previous):
        key = (pid, did, aspect)
        if self.changes.isChecked() and previous is not None:
            xs = [x for x in xs if is_new(x["text"], previous)]
        if not xs:
            return ""
        more = len(xs) - PER_CELL
        shown = xs if key in self.expanded else xs[:PER_CELL]
        items = []
        for x in shown:
            target = x["box_id"] or x["section_id"] or Place.document(did).id
            text = (mark_new_phrases(x["text"], previous) if self.changes.isChecked() and previous
                    else html.escape(x["text"], quote=False))
            cite = html.escape(statement_citation(self.store, dict(x, document_id=did)), quote=False)
            if x.get("part"):
                text = f'<span style="color:#8250df;">〔{html.escape(x["part"])}〕</span>' + text
            if x.get("via_class"):
                text += f'<span style="{CLASS_STYLE}">{html.escape(class_note(x["via_class"]), quote=False)}</span>'
            items.append(f'<p style="margin-bottom:6px;">{text} <a href="src:{escaped(target)}|{escaped(x["id"])}" '
                         f'style="color:#0b5cad;font-size:12px;">［{cite}］</a></p>')
        if more > 0 and key not in self.expanded:
            items.append(f'<p><a href="more:{escaped(pid)}|{escaped(did)}|{escaped(aspect)}">…还有 {more} 条</a></p>')
        return "".join(items)

    def _empty(self, pid, did, d):
        """A plan with no statement about the platform: 未提及 when it never names it,
        else 仅提及 N 次 / 仅见于责任单位 / 仅见于标题, a link listing where it names it."""
        said = empty_cell(d)
        if not d["mentions"] and not d.get("named_in"):
            return f'<span style="color:#8c959f;">{said}</span>'
        out = f'<a href="mentions:{escaped(pid)}|{escaped(did)}">{said}</a>'
        if (pid, did) in self.shown_mentions:
            out += "".join(self._named_place(pid, did, k, x) for k, x in enumerate(named_places(self.store, pid, did)))
        return out

    def _named_place(self, pid, did, k, x) -> str:
        """One place a plan names the platform, with its source link (opens it in the reader)."""
        kind = "" if x["kind"] == TEXT else f"〔{x['kind']}〕"
        cite = html.escape(statement_citation(self.store, x), quote=False)
        return (f'<p style="color:#57606a;font-size:12px;">{kind}{html.escape(x["text"], quote=False)} '
                f'<a href="at:{escaped(pid)}|{escaped(did)}|{k}" style="color:#0b5cad;">［{cite}］</a></p>')

    def _timeline(self, pid) -> str:
        c = comparison(self.store, pid, children=self.kids.isChecked(), include_class=self.with_class.isChecked())
        user = (f"<span style='color:#9a6700;font-size:13px;'> 【{html.escape(unreviewed_note(c))}】</span>"
                if not c["reviewed"] else "")
        where = "、".join(x for x in [c["kind"] or "", c["province"] or ""] if x)
        parts = (f"<p style='color:#57606a;'>含所属：{html.escape('、'.join(c['children']))}"
                 "（其表述标明所属，列在平台本身的表述之后）</p>" if c["children"] else "")
        head = (f"<h2>{html.escape(c['platform'])} "
                f"<span style='color:#57606a;font-size:13px;'>{html.escape(where)}</span>{user}</h2>"
                + (f"<p style='color:#57606a;'>类别：{html.escape('、'.join(c['classes']))}</p>" if c["classes"] else "")
                + parts)
        rows = ["<tr><th width='16%'>文件</th>" + "".join(f"<th>{a}</th>" for a in ASPECTS) + "</tr>"]
        prev_texts = None
        for d in c["documents"]:
            cells = []
            if not d["positionings"]:
                cells = [f"<td colspan='{len(ASPECTS)}'>{self._empty(pid, d['document_id'], d)}</td>"]
            else:
                for a in ASPECTS:
                    xs = [x for x in d["positionings"] if x["aspect"] == a]
                    cells.append(f"<td>{self._statements(pid, d['document_id'], a, xs, prev_texts)}</td>")
            rows.append(f"<tr><td><b>{html.escape(self._label(d['document_id']))}</b></td>{''.join(cells)}</tr>")
            if d["positionings"]:
                prev_texts = [x["text"] for x in d["positionings"]]
        return head + ('<table border="1" cellspacing="0" cellpadding="6" width="100%">' + "".join(rows) + "</table>")

    def _single_doc(self, pids, did) -> str:
        cs = [comparison(self.store, pid, children=self.kids.isChecked(), include_class=self.with_class.isChecked())
              for pid in pids]
        head = f"<h2>{html.escape(self._label(did))}：{len(pids)} 个平台并排</h2>"
        rows = ["<tr><th width='8%'></th>" + "".join(f"<th>{html.escape(c['platform'])}"
                                                  + ("" if c["reviewed"] else f"<br/><span style='color:#9a6700;'>"
                                                     f"〔{UNREVIEWED}〕</span>") + "</th>" for c in cs) + "</tr>"]
        for a in ASPECTS:
            cells = []
            for c in cs:
                dd = next(x for x in c["documents"] if x["document_id"] == did)
                if not dd["positionings"]:
                    cells.append(f"<td>{self._empty(c['id'], did, dd) if a == '定位' else ''}</td>")
                    continue
                xs = [x for x in dd["positionings"] if x["aspect"] == a]
                cells.append(f"<td>{self._statements(c['id'], did, a, xs, None)}</td>")
            rows.append(f"<tr><td><b>{a}</b></td>{''.join(cells)}</tr>")
        return head + '<table border="1" cellspacing="0" cellpadding="6" width="100%">' + "".join(rows) + "</table>"

    def _label(self, did: str) -> str:
        labels = getattr(self, "_labels", None) or self.labels()
        d = labels.get(did)
        return d if d else did

    def _link(self, url: QUrl):
        s = unquote(url.toString())      # '|' comes back as %7C
        kind, _, rest = s.partition(":")
        if kind == "src":
            target, _, pos_id = rest.rpartition("|")
            row = self.store.positioning(pos_id)
            self.openSource.emit(target, [row["text"][:40]] if row else [])
        elif kind == "at":
            x = self._place_of(rest)
            if x is not None:
                self.openSource.emit(statement_place(x).id, [x["text"][:40]])
        elif kind == "more":
            pid, did, a = rest.split("|")
            self.expanded.add((pid, did, a))
            self.render(keep_scroll=True)
        elif kind == "mentions":
            pid, did = rest.split("|")
            self.shown_mentions ^= {(pid, did)}
            self.render(keep_scroll=True)

    def _place_of(self, rest: str) -> dict | None:
        """The place an at: link names: pid|did|k, the k-th of named_places."""
        pid, did, k = rest.split("|")
        places = named_places(self.store, pid, did)
        return places[int(k)] if k.isdigit() and int(k) < len(places) else None

    # ---- 复制（含出处） ----
    def statement_at(self, pos) -> tuple[str, str] | None:
        """(text, citation) of the statement or named place at a point of the grid."""
        block = self.view.cursorForPosition(pos).block()
        it = block.begin()
        while not it.atEnd():
            href = unquote(it.fragment().charFormat().anchorHref())
            kind, _, rest = href.partition(":")
            if kind == "src":
                row = self.store.positioning(rest.rpartition("|")[2])
                if row:
                    return shown_text(row), statement_citation(self.store, row)
            elif kind == "at":
                x = self._place_of(rest)
                if x is not None:
                    return x["text"], statement_citation(self.store, x)
            it += 1
        return None

    def place_at(self, pos) -> str | None:
        """The place id of the statement (its positioning) or named place at a point of the grid."""
        it = self.view.cursorForPosition(pos).block().begin()
        while not it.atEnd():
            kind, _, rest = unquote(it.fragment().charFormat().anchorHref()).partition(":")
            if kind == "src" and self.store.positioning(rest.rpartition("|")[2]):
                return rest.rpartition("|")[2]
            x = self._place_of(rest) if kind == "at" else None
            if x is not None:
                return x.get("box_id") or x.get("section_id")
            it += 1
        return None

    def copy_with_citation(self, pos) -> str:
        """The statement at `pos` (or the words selected in it) with its citation, to the clipboard."""
        got = self.statement_at(pos)
        if got is None:
            return ""
        text, cite = got
        sel = self.view.textCursor()
        chosen = sel.selectedText().replace("\u2029", "\n").strip() if sel.hasSelection() else ""
        if chosen and sel.block() == self.view.cursorForPosition(pos).block():
            text = re.sub(r"\s*［[^］]*］?$", "", chosen) or text      # the words chosen, without the cell's own citation
        out = f"{text}（{cite}）"
        QGuiApplication.clipboard().setText(out)
        self.info.setText(f"已复制（含出处）：{cite}")
        return out

    def context_menu(self, pos):
        """复制（含出处） for the statement (or place) at `pos`, then Qt's own (copy, select all)."""
        menu = self.view.createStandardContextMenu(pos)
        act = menu.addAction("复制（含出处）", lambda: self.copy_with_citation(pos))
        act.setObjectName("copyWithCitation")
        act.setEnabled(self.statement_at(pos) is not None)
        menu.insertAction(menu.actions()[0], act)
        place = self.place_at(pos)
        topic = menu.addAction("加入专题…", lambda: add_to_topic(self, self.session, place))
        topic.setObjectName("actAddToTopic")
        menu.insertAction(menu.actions()[1], topic)
        topic.setEnabled(place is not None)
        return menu

    def _menu(self, pos):
        self.context_menu(pos).popup(self.view.viewport().mapToGlobal(pos))

    # ---- export ----
    def export(self, fmt: str, path: str | None = None) -> str | None:
        """Word (asking the title, author and unit) or CSV, through the one export flow."""
        pids = self.selected()
        if not pids:
            inform(self, "导出", "请先选择平台。")
            return None
        doc = self.mode.currentData()
        docs = [doc] if doc else None
        named = self.export_title()
        spec = ExportSpec("导出对比", fmt, f"导出 {len(pids)} 个平台的定位对比（公文格式）", file_name(named, fmt),
                          named, named)
        store_path = self.store.path
        kids, with_class = self.kids.isChecked(), self.with_class.isChecked()

        def write(path, title, signed, progress):
            with Store(store_path) as db:        # one connection per thread
                if fmt == "docx":
                    return export_comparison_docx(db, pids, path, docs, overwrite=True, progress=progress,
                                                  children=kids, include_class=with_class, title=title or named,
                                                  **signed)
                return export_comparison_csv(db, pids, path, docs, overwrite=True, progress=progress, children=kids,
                                             include_class=with_class)

        path = run_export(self, spec, write, path)
        if path is not None:
            self.info.setText(f"已导出：{path}")
        return path

    def export_title(self) -> str:
        """What an export is called after: 「两江新区 在各规划中的定位」, 「两江新区、自贸区 在各规划中的
        定位」, 「2021 内陆开放高地 中 3 个平台的定位」 (the title and the file name offered)."""
        names = [self.store.platform(p)["name"] for p in self.selected()]
        doc = self.mode.currentData()
        if not names:
            return COMPARE_TITLE
        who = "、".join(names) if len(names) <= 3 else f"{names[0]} 等 {len(names)} 个平台"
        if doc:
            return f"{self._label(doc)} 中 {who} 的定位"
        return f"{who} 在各规划中的定位"

    # ---- where the window opens ----
    def showEvent(self, e):  # noqa: N802 (Qt's name)
        if not self.placed:
            self.placed = True
            self.place()
            app = QApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self.save_geometry)
            QTimer.singleShot(0, self.fit_frame)
        super().showEvent(e)

    def hideEvent(self, e):  # noqa: N802 (Qt's name)
        if self.placed:
            st.put(GEOMETRY, self.saveGeometry())
        super().hideEvent(e)

    def save_geometry(self):
        """At quit, where it stands (a window still open gets no hide event then)."""
        if self.placed and self.isVisible():
            st.put(GEOMETRY, self.saveGeometry())

    def _screen_area(self) -> QRect:
        """The available area of the parent's screen (where the person is working)."""
        owner = self.parentWidget() or self
        screen = owner.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry()

    def place(self):
        """Where it was left (if that is still on a screen), else a size that fits the
        parent's screen with its title bar, centred on it."""
        g = st.get(GEOMETRY, None)
        if isinstance(g, QByteArray) and not g.isEmpty() and self.restoreGeometry(g) \
                and self._screen_area().contains(self.geometry()):
            return
        area = self._screen_area()
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_TitleBarHeight) + 8
        self.resize(min(area.width() - 32, 1500), min(area.height() - bar - 16, 960))
        w, h = self.width(), self.height()          # as the minimum size allows
        self.move(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h - bar) // 2)
        self.centre = True

    def fit_frame(self):
        """Once the window manager has framed it: the whole frame (title bar included)
        on the available screen, centred there when it was placed afresh."""
        area, f = self._screen_area(), self.frameGeometry()
        extra_w, extra_h = f.width() - self.width(), f.height() - self.height()
        if area.contains(f) and not getattr(self, "centre", False):
            return
        self.centre = False
        w = min(self.width(), area.width() - extra_w)
        h = min(self.height(), area.height() - extra_h)
        self.resize(w, h)
        fw, fh = self.width() + extra_w, self.height() + extra_h
        self.move(area.x() + max(0, (area.width() - fw) // 2), area.y() + max(0, (area.height() - fh) // 2))


def file_name(title: str, fmt: str) -> str:
    """A title as a file name every system accepts: 两江新区 在各规划中的定位.docx."""
    return re.sub(r'[\\/:*?"<>|\s]+', lambda m: " " if m.group(0).isspace() else "_", title).strip(" ._") + f".{fmt}"
