"""Search as you type: debounced, off the UI thread, stale results dropped."""
from __future__ import annotations

import html
import re
import threading
import time
from urllib.parse import unquote

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSize,
    QStringListModel,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.naming import plan_labels
from ..present.render import esc
from .place_mime import PLACE_MIME, place_mime
from .plain import PLAIN, literal, tip
from .safe_browser import SafeDocument
from ..present.home_html import tips_html
from .safe_browser import SafeBrowser
from .topics_page import add_to_topic

HitRole = Qt.ItemDataRole.UserRole + 10
PlanRole = Qt.ItemDataRole.UserRole + 11    # a block row's plan (its short label)
DEBOUNCE_MS = 180
LIMIT = 200             # hits asked of the engine (the status line says how many there are in all)
NOTE_MS = 6000          # how long a note that the index work is done stays
STATUS_LINES = 3        # a status line wraps to at most this many lines (the whole text in its tooltip)
KIND_NAMES = {"section": "章节", "box": "专栏", "indicator": "指标"}
ABOUT_NAME = "标题直接相关"
ABOUT_SHOWN = 10        # the block shows the best this many; every one stays in its plan's group
ABOUT_TIP = (f"标题（章节标题、专栏标题或指标名称）直接含所搜内容的条目，跨文件按相关程度排列，最多列前 {ABOUT_SHOWN} 条；"
             "下方各文件分组仍列出该文件的全部结果（含这些条目）。")


class SearchWorker(QObject):
    """Owns the SearchEngine, in its own thread; skips requests already superseded."""
    results = Signal(int, object, float)
    failed = Signal(int, str)
    indexBroken = Signal(str)       # searching without the index (why, in Chinese): it needs rebuilding

    def __init__(self, data_dir):
        super().__init__()
        self.data_dir = data_dir
        self.engine = None
        self._reported = False
        self.latest = 0
        self._lock = threading.Lock()

    def supersede(self, rid: int):
        with self._lock:
            self.latest = max(self.latest, rid)

    @Slot()
    def init(self):
        if self.engine is None:
            from search.engine import SearchEngine  # lazy: the index and jieba load only where searching is done
            self.engine = SearchEngine(self.data_dir)
            self._reported = False
            self._check()

    def _check(self):
        if self.engine is not None and self.engine.broken and not self._reported:
            self._reported = True
            self.indexBroken.emit(self.engine.index_error or "")

    @Slot()
    def release(self):
        """Close the index (before the data is replaced); the next search reopens it."""
        if self.engine is not None:
            self.engine.close()
            self.engine = None

    @Slot()
    def reopen(self):
        self.release()
        self.init()

    @Slot(int, str, str, str)
    def run(self, rid: int, text: str, doc: str, kind: str):
        with self._lock:
            if rid < self.latest:
                return          # a newer query is waiting: skip this one
        try:
            if self.engine is None:
                self.init()
            t0 = time.perf_counter()
            hits = self.engine.search(text, doc=doc or None, kind=kind or None, limit=LIMIT)
            self.results.emit(rid, hits, time.perf_counter() - t0)
            self._check()
        except Exception as e:
            self.failed.emit(rid, f"{type(e).__name__}: {e}")


class ResultsModel(QAbstractItemModel):
    """Hits at two levels: top rows, each with its hits under it. First, when there are
    units about the query (`Hit.about`: their own heading, 专栏 title or indicator name
    names it), the 「标题直接相关」 block: the best ABOUT_SHOWN of them across plans,
    each row naming its plan (no block when they are all the first plan's: its group
    starts with them); then one group per plan (its short label), each whole:
    all of the plan's hits, those in the block included, with its whole count."""

    def __init__(self, titles: dict[str, str] | None = None, parent=None, cite=None,
                 labels: dict[str, str] | None = None):
        super().__init__(parent)
        self.titles = titles or {}  # document id -> its title (tooltips)
        self.labels = labels or {}  # document id -> its short label (group rows)
        self.cite = cite            # unit id -> its citation (db.citation.cite on the window's store)
        self.groups: list[tuple[str, list]] = []     # the plan groups
        self.about: list = []                        # the units about the query, best first (all)
        self.about_more = False                      # … and more of them were cut away
        self.tops: list[tuple[str | None, list]] = []    # the top rows: (None, the block's hits), plans

    def set_hits(self, hits, total: int | None = None):
        """The hits shown; `total`: how many were found in all (the engine cut the list at
        len(hits) when more): if the cut left none but units about the query, there are
        more of them than the block counts."""
        self.beginResetModel()
        self.groups = plan_groups(hits)
        self.about = about_first(hits)
        self.about_more = total is not None and total > len(hits) and len(self.about) == len(hits)
        if {h.document_id for h in self.about} == {g[0] for g in self.groups[:1]}:
            self.about = []         # all in the first plan: its group starts with them, the block would repeat it
        self.tops = ([(None, self.about[:ABOUT_SHOWN])] if self.about else []) + self.groups
        self.endResetModel()

    def hit_count(self) -> int:
        return sum(len(g[1]) for g in self.groups)

    def shown_hits(self) -> list:
        """Every hit row in the order the rows stand (a unit in the block twice)."""
        return [h for _, hits in self.tops for h in hits]

    # top rows have internal id 0; a hit row has its top row's row + 1
    def index(self, row, column, parent=QModelIndex()):
        if column != 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if 0 <= row < len(self.tops) else QModelIndex()
        if self._is_group(parent):
            g = parent.row()
            if 0 <= row < len(self.tops[g][1]):
                return self.createIndex(row, 0, g + 1)
        return QModelIndex()

    def _is_group(self, index) -> bool:
        return index.internalId() == 0

    def in_block(self, index) -> bool:
        """Whether index is the 「标题直接相关」 block's row or one of its hits."""
        if not index.isValid() or not self.about:
            return False
        return (index.row() if self._is_group(index) else index.internalId() - 1) == 0

    def parent(self, index=QModelIndex()):
        if not index.isValid() or self._is_group(index):
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()):
        if not parent.isValid():
            return len(self.tops)
        if self._is_group(parent):
            return len(self.tops[parent.row()][1])
        return 0

    def columnCount(self, parent=QModelIndex()):
        return 1

    def hit(self, index):
        if not index.isValid() or self._is_group(index):
            return None
        return self.tops[index.internalId() - 1][1][index.row()]

    def index_of(self, unit_id: str, in_block: bool = False) -> QModelIndex:
        """The row of a unit: in the block, or in its plan's group."""
        for g, (did, hits) in enumerate(self.tops):
            if (did is None) == in_block:
                for k, h in enumerate(hits):
                    if h.id == unit_id:
                        return self.index(k, 0, self.index(g, 0))
        return QModelIndex()

    def flags(self, index):
        f = super().flags(index)
        return f | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() and not self._is_group(index) else f

    def mimeTypes(self):
        return [PLACE_MIME]

    def mimeData(self, indexes):
        """A hit dragged onto a 专题: its place."""
        hit = next((self.hit(i) for i in indexes if i.isValid() and not self._is_group(i)), None)
        return place_mime(hit.id if hit else None)

    def plan_label(self, did: str) -> str:
        return self.labels.get(did) or f"《{self.titles.get(did, did)}》"

    def _block_row(self, role, shown: int):
        """The 「标题直接相关」 row: how many it shows of how many (at least, when cut), in bold."""
        n = len(self.about)
        if role == Qt.ItemDataRole.DisplayRole:
            if n == shown and not self.about_more:
                return f"{ABOUT_NAME} · {n} 条"
            return f"{ABOUT_NAME} · 前 {shown} 条（{'至少' if self.about_more else '共'} {n} 条）"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(ABOUT_TIP)
        if role == Qt.ItemDataRole.FontRole:          # set apart from the plans' rows
            font = QFont()
            font.setBold(True)
            return font
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if self._is_group(index):
            did, hits = self.tops[index.row()]
            if did is None:
                return self._block_row(role, len(hits))
            if role == Qt.ItemDataRole.DisplayRole:
                label = self.labels.get(did)
                return f"{label} · {len(hits)} 条" if label else f"《{self.titles.get(did, did)}》 {len(hits)} 条"
            if role == Qt.ItemDataRole.ToolTipRole:
                return tip(f"《{self.titles.get(did, did)}》 {len(hits)} 条")
            return None
        h = self.hit(index)
        if role == HitRole:
            return h
        if role == PlanRole:                          # a row in the block names its plan
            return self.plan_label(h.document_id) if self.in_block(index) else None
        if role == Qt.ItemDataRole.DisplayRole:       # as text (the delegate draws the marked snippet)
            plan = f"{self.plan_label(h.document_id)} · " if self.in_block(index) else ""
            return f"{plan}{h.title} {plain_snippet(h.snippet)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            where = self.cite(h.id) if self.cite else f"《{self.titles.get(h.document_id, '')}》{h.path or ''}"
            return tip("\n".join([f"{KIND_NAMES.get(h.kind, h.kind)} · {where}", h.title]
                                  + synonym_lines(h)))
        return None


def about_first(hits) -> list:
    """The units about the query (`about` > 0), across plans: those naming more of the
    query's terms first, then by score (the engine's order on a tie)."""
    return sorted((h for h in hits if h.about > 0), key=lambda h: (-h.about, -h.score))


def plan_groups(hits) -> list[tuple[str, list]]:
    """The hits grouped by plan, each group whole and in the engine's order, the plans
    in the engine's order of plans. The engine lists the units about the query first (a
    tier per `about`), each tier in that order of plans: the tiers' orders are merged,
    so the block above never changes which plan comes first; two plans no tier holds
    both of (one only about the query, one only mentioning it) go by their best hit."""
    groups: dict[str, list] = {}
    tiers: dict[int, dict[str, None]] = {}
    for h in hits:
        groups.setdefault(h.document_id, []).append(h)
        tiers.setdefault(h.about, {})[h.document_id] = None
    best = {did: max(h.score for h in hs) for did, hs in groups.items()}
    order: list[str] = []
    for tier in tiers.values():
        seq, placed = list(tier), set(order)
        nxt, after = [None] * len(seq), None       # the next plan in seq already placed
        for k in range(len(seq) - 1, -1, -1):
            nxt[k], after = after, seq[k] if seq[k] in placed else after
        for k, did in enumerate(seq):
            if did in placed:
                continue
            lo = order.index(seq[k - 1]) + 1 if k else 0
            hi = order.index(nxt[k]) if nxt[k] is not None else len(order)
            order.insert(next((j for j in range(lo, hi) if best[order[j]] < best[did]), hi), did)
    return [(did, groups[did]) for did in order]


def found(n: int, total: int, plans: int) -> str:
    """「37 条结果（3 个文件）」, or when the engine cut the list 「共 1,234 条，显示前 200 条」
    (one line in a narrow dock: how many plans the first 200 are in says little)."""
    return f"{n} 条结果（{plans} 个文件）" if total <= n else f"共 {total:,} 条，显示前 {n} 条"


def plain_snippet(snippet: str) -> str:
    """A snippet (escaped HTML with <b> marks) as the text it shows."""
    return html.unescape(re.sub(r"</?b>", "", snippet or ""))


def synonym_note(h) -> str:
    """「按同义词“西部陆海新通道”命中」 for a hit holding a term typed only through synonyms."""
    found = [v for _, v in h.synonyms]
    more = "等" if len(found) > 2 else ""                # the tooltip names them all
    return f"按同义词{''.join(f'“{v}”' for v in found[:2])}{more}命中" if found else ""


def synonym_lines(h) -> list[str]:
    """One line per term typed that the hit holds only through synonyms, naming them all."""
    by_term: dict[str, list[str]] = {}
    for typed, v in h.synonyms:
        by_term.setdefault(typed, []).append(f"“{v}”")
    return [f"未含“{t}”，按其同义词{''.join(vs)}命中" for t, vs in by_term.items()]


def snippet_html(h, plan: str = "") -> str:
    """A hit as rich text: (its plan, in the block,) kind, chapter, title, the marked snippet."""
    snip = h.snippet.replace("<b>", '<span style="background-color:#ffe564;">').replace("</b>", "</span>")
    kind = esc(KIND_NAMES.get(h.kind, h.kind))
    chapter = ""
    if h.kind == "section" and h.path and "/" in h.path:         # 第一节 … of which chapter
        chapter = f'<span style="color:#57606a;">{esc(" ".join(x.split("~")[0] for x in h.path.split("/")[:-1]))}</span> '
    note = synonym_note(h)
    note = f' <span style="color:#8a5a00;">{esc(note)}</span>' if note else ""
    plan = f'<span style="color:#57606a;">{esc(plan)} · </span>' if plan else ""
    return (f'{plan}<span style="color:#0b5cad;">{kind}</span> {chapter}<b>{esc(h.title)}</b>{note}'
            f'<br/><span style="color:#333;">{snip}</span>')


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as rich text: kind, title, highlighted snippet."""

    def _doc(self, option, h, plan: str = "") -> QTextDocument:
        doc = SafeDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(snippet_html(h, plan))
        doc.setTextWidth(max(80, option.rect.width() - 8))
        return doc

    def paint(self, painter, option, index):
        h = index.data(HitRole)
        if h is None:
            return super().paint(painter, option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._doc(option, h, index.data(PlanRole) or "")
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 2)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.highlightedText().color())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index):
        h = index.data(HitRole)
        if h is None:
            return super().sizeHint(option, index)
        view = self.parent()
        # a hit row stands one level in, one more with the root's decoration: the width it is painted at
        w = view.viewport().width() - view.indentation() * (1 + view.rootIsDecorated()) if view is not None else 360
        opt = QStyleOptionViewItem(option)
        opt.rect.setWidth(max(120, w))
        doc = self._doc(opt, h, index.data(PlanRole) or "")
        return QSize(max(120, w), int(doc.size().height()) + 14)


class ResultsView(QTreeView):
    """Row heights follow the width: lay the rows out again when it changes."""

    def resizeEvent(self, e):
        super().resizeEvent(e)
        if e.size().width() != e.oldSize().width():
            self.scheduleDelayedItemsLayout()


class StatusLine(QLabel):
    """A plain status line that never widens what holds it: it wraps, up to
    STATUS_LINES lines, a longer text ending in …; the whole text in its tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTextFormat(PLAIN)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * STATUS_LINES + 2)
        self._full = ""

    def setText(self, text) -> None:                     # noqa: N802 (Qt's name)
        self._full = "" if text is None else str(text)
        self.setToolTip(literal(self._full) if self._full else "")
        self._fit()

    def text(self) -> str:                               # the whole text, as set
        return self._full

    def resizeEvent(self, e):                            # noqa: N802
        super().resizeEvent(e)
        if e.size().width() != e.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        shown, width = self._full, self.contentsRect().width()
        if width > 20 and not self._fits(shown, width):
            lo, hi = 0, len(shown)                       # the longest start that fits with …
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if self._fits(shown[:mid] + "…", width) else (lo, mid - 1)
            shown = shown[:lo] + "…"
        super().setText(shown)

    def _fits(self, text: str, width: int) -> bool:
        fm = self.fontMetrics()
        r = fm.boundingRect(0, 0, width, 100000, int(Qt.TextFlag.TextWordWrap), text)
        return r.height() <= fm.lineSpacing() * STATUS_LINES + 2


def single_shot(parent, ms: int, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


class SearchPanel(QWidget):
    """The search box and its results. The panel never builds or installs an index:
    when the engine reports its index missing, stale or damaged (or the person asks
    for a rebuild, `request_rebuild`), it emits `rebuildIndexRequested(why)`; the
    window stages the rebuild (`desktop.services.update.stage_reindex`), releases the
    data (`release`), installs, and reports back with `index_rebuilt(error)`.

    Plans are named by `labels()` (the session's plan_labels: the names people gave
    them; `refresh_labels` when those change), else by their titles' short labels."""
    openHit = Signal(str, list)         # target id, strings to highlight
    rebuildIndexRequested = Signal(str)     # why (in Chinese): the index needs rebuilding
    request = Signal(int, str, str, str)
    initWorker = Signal()
    reopenWorker = Signal()
    releaseWorker = Signal()
    shown = Signal(int, float)          # hits shown, seconds from keystroke

    def __init__(self, data_dir, documents: list[dict], userdata, parent=None, cite=None, labels=None):
        super().__init__(parent)
        self.userdata = userdata
        self.labels = labels
        self.documents = documents
        self.asked = self.shown_query = None     # (text, plan, kind) last asked / shown
        self.rid = 0
        self.typed_at = 0.0
        self.index_job = None
        self.rebuild_pending = False
        self.index_note = self.status_main = ""
        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchEdit")
        self.edit.setPlaceholderText("搜索全部规划（空格=并且，OR，-排除，\"短语\"，doc:，kind:）")
        self.edit.setClearButtonEnabled(True)
        self.recent = QStringListModel(userdata.recent_searches(), self)
        comp = QCompleter(self.recent, self)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.edit.setCompleter(comp)
        self.edit.setMinimumWidth(120)
        filters = self._filters()
        self.status = StatusLine(self)               # a query or an error may hold any text
        self.status.setObjectName("searchStatus")
        self.note_timer = single_shot(self, NOTE_MS, lambda: self._note(""))   # a done note goes after a while
        self.model = ResultsModel({d["id"]: d["title"] or d["short_title"] for d in documents}, self, cite,
                                  self.plan_labels())
        self.view = ResultsView(self)
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.view.setDragEnabled(True)                # a hit dragged onto a 专题 joins it
        self.view.setDragDropMode(ResultsView.DragDropMode.DragOnly)
        self.view.setHeaderHidden(True)
        self.view.setIndentation(12)                  # a narrow dock: a hit costs its snippet little width
        self.view.setItemDelegate(HitDelegate(self.view))
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)    # a long plan label keeps its count
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.edit)
        lay.addLayout(filters)
        lay.addWidget(self.status)
        lay.addWidget(self._stack(), 1)

        self.timer = single_shot(self, DEBOUNCE_MS, self._fire)
        self.edit.textChanged.connect(self._typed)
        self.edit.returnPressed.connect(self._enter)
        self.doc_box.currentIndexChanged.connect(self._typed)
        self.kind_box.currentIndexChanged.connect(self._typed)

        self._start_worker(data_dir)

    def _filters(self) -> QHBoxLayout:
        """The 文件 and 类型 filters, narrow whatever their labels."""
        self.doc_box = QComboBox(self)
        self._fill_docs(self.documents, self.plan_labels())
        self.kind_box = QComboBox(self)
        self.kind_box.addItem("全部类型", "")
        for k, v in KIND_NAMES.items():
            self.kind_box.addItem(v, k)
        for box in (self.doc_box, self.kind_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(4)
        filters = QHBoxLayout()
        filters.addWidget(self.doc_box, 2)
        filters.addWidget(self.kind_box, 1)
        return filters

    def _stack(self) -> QStackedWidget:
        """Before anything is typed: the tips with examples, not a blank white area."""
        self.tips = SafeBrowser(self)
        self.tips.setObjectName("searchTips")
        self.tips.setHtml(tips_html())
        self.tips.anchorClicked.connect(lambda url: self.run_query(unquote(url.toString()[2:]))
                                        if url.toString().startswith("q:") else None)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tips)
        self.stack.addWidget(self.view)
        return self.stack

    def _start_worker(self, data_dir):
        """The search engine lives in a worker thread; its index is opened once the
        window has painted (a child timer: it dies with the panel)."""
        self.thread = QThread(self)
        self.worker = SearchWorker(data_dir)
        self.worker.moveToThread(self.thread)
        self.request.connect(self.worker.run)
        self.worker.results.connect(self._results)
        self.worker.indexBroken.connect(self._index_broken)
        self.worker.failed.connect(lambda rid, msg: self._show_status(f"搜索出错：{msg}"))
        self.initWorker.connect(self.worker.init)
        self.reopenWorker.connect(self.worker.reopen)
        self.releaseWorker.connect(self.worker.release, Qt.ConnectionType.BlockingQueuedConnection)
        self.thread.start()
        self._init_timer = QTimer(self)
        self._init_timer.setSingleShot(True)
        self._init_timer.timeout.connect(self.initWorker.emit)
        self._init_timer.start(250)

    def plan_labels(self) -> dict[str, str]:
        return self.labels() if self.labels is not None else plan_labels(self.documents)

    def _fill_docs(self, documents, labels: dict[str, str]):
        cur = self.doc_box.currentData()
        self.doc_box.blockSignals(True)
        self.doc_box.clear()
        self.doc_box.addItem("全部文件", "")
        for d in documents:
            self.doc_box.addItem(labels.get(d["id"]) or d["short_title"], d["id"])
            self.doc_box.setItemData(self.doc_box.count() - 1, tip(d["title"]), Qt.ItemDataRole.ToolTipRole)
        self.doc_box.setCurrentIndex(max(0, self.doc_box.findData(cur)) if cur else 0)
        self.doc_box.blockSignals(False)

    def refresh_labels(self):
        """The plans' labels anew (a plan renamed): the 文件 filter and the group rows."""
        labels = self.plan_labels()
        self._fill_docs(self.documents, labels)
        self.model.layoutAboutToBeChanged.emit()
        self.model.labels = labels
        self.model.layoutChanged.emit()

    def set_userdata(self, userdata):
        self.userdata = userdata
        self.recent.setStringList(userdata.recent_searches())

    def set_store(self, store):
        """After a rebuild: the document filter and titles anew, the index reopened."""
        self.documents = store.documents()
        self.model.titles = {d["id"]: d["title"] or d["short_title"] for d in self.documents}
        self.refresh_labels()
        self.reopenWorker.emit()
        self._typed()

    def release(self):
        """Wait until the worker has closed the index."""
        if self.thread.isRunning():
            self.releaseWorker.emit()

    def _index_broken(self, why: str):
        """The engine searches without its index: ask for a rebuild, once until it is done."""
        if not self.rebuild_pending:
            self.request_rebuild(why)

    def request_rebuild(self, why: str):
        """Ask for the index to be rebuilt: searches go on without it meanwhile
        (every hit is still found) until `index_rebuilt` says it is back."""
        self.rebuild_pending = True
        self._note(f"{why}：正在后台重建，结果仍然完整，排序暂为简单排序")
        self.rebuildIndexRequested.emit(why)

    def index_rebuilt(self, error: str | None = None):
        """The rebuild asked for is done (installed: the engine reopens its index) or
        failed (`error`, one line; searches go on without the index)."""
        self.rebuild_pending = False
        if error:
            self._note(f"重建索引失败（{error}），结果仍然完整")
            return
        self.reopenWorker.emit()
        self._note("搜索索引已重建", done=True)

    def _note(self, text: str, done: bool = False):
        """A note about the index, kept beside the result count until it changes; a
        note that the work is `done` goes after NOTE_MS."""
        self.index_note = text
        self.note_timer.stop()
        if done:
            self.note_timer.start()
        self._show_status()

    def _show_status(self, main: str | None = None):
        if main is not None:
            self.status_main = main
        text = " · ".join(x for x in (self.status_main, self.index_note) if x)
        self.status.setText(text)

    def shutdown(self):
        self.thread.quit()
        self.thread.wait(3000)

    def focus(self):
        self.edit.setFocus()
        self.edit.selectAll()

    def _typed(self, *_):
        self.typed_at = time.perf_counter()
        self.stack.setCurrentWidget(self.view if self.edit.text().strip() else self.tips)
        self.timer.start()

    def run_query(self, text: str):
        """Search for text as if typed (a tip's example, a recent search)."""
        self.edit.setText(text)
        self.focus()

    def _fire(self):
        text = self.edit.text().strip()
        self.rid += 1
        self.asked = (text, self.doc_box.currentData() or "", self.kind_box.currentData() or "")
        if not text:
            self.model.set_hits([])
            self.shown_query = None
            self._show_status("")
            return
        self.worker.supersede(self.rid)
        self.request.emit(self.rid, *self.asked)

    def _results(self, rid: int, hits, elapsed: float):
        if rid != self.rid:
            return                      # stale: the person has typed on
        self._show_hits(hits, same=self.asked == self.shown_query)
        self.shown_query = self.asked
        n = len(hits)
        self._show_status(f"{found(n, hits.total, len(self.model.groups))} · {elapsed * 1000:.0f} 毫秒"
                          if n else "没有找到")
        self.shown.emit(n, time.perf_counter() - self.typed_at)

    def _show_hits(self, hits, same: bool):
        """A new query (or new filters) starts at the top, on the best plan; the same
        query read anew (the data changed) keeps its place and its current hit."""
        bar, idx = self.view.verticalScrollBar(), self.view.currentIndex()
        place, current, in_block = bar.value(), self.model.hit(idx), self.model.in_block(idx)
        self.model.set_hits(hits, hits.total)
        self.view.expandAll()
        if same:
            self.view.doItemsLayout()
            bar.setValue(place)
            if current is not None:
                self._set_current(self.model.index_of(current.id, in_block))
            return
        self.view.scrollToTop()
        self._set_current(self.model.index(0, 0))

    def _set_current(self, idx: QModelIndex):
        """The row keys move from (Enter opens the first hit from a group row), not selected."""
        if idx.isValid():
            self.view.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _enter(self):
        if self.timer.isActive():
            self.timer.stop()
            self._fire()
            return
        idx = self.view.currentIndex()
        if not idx.isValid() or self.model.hit(idx) is None:
            if self.model.rowCount():
                idx = self.model.index(0, 0, self.model.index(0, 0))
        self._activated(idx)

    def context_menu(self, pos) -> QMenu | None:
        """A hit's menu: 打开, 加入专题…"""
        idx = self.view.indexAt(pos)
        h = self.model.hit(idx)
        if h is None:
            return None
        menu = QMenu(self)
        menu.addAction("打开", lambda: self._activated(idx))
        menu.addAction("加入专题…", lambda: add_to_topic(self, None, h.id)).setObjectName("actAddToTopic")
        return menu

    def _menu(self, pos):
        menu = self.context_menu(pos)
        if menu is not None:
            menu.popup(self.view.viewport().mapToGlobal(pos))

    def _activated(self, idx):
        h = self.model.hit(idx)
        if h is None:
            return
        self.userdata.remember_search(self.edit.text())
        self.recent.setStringList(self.userdata.recent_searches())
        self.openHit.emit(h.id, list(h.matches))
