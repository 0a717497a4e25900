"""The 指标 page: every indicator and target of every plan in one sortable,
filterable table that gets the room; a linked metric picked shows it across plans
and territories as a chart (one per comparable unit) below the rows, in a splitter,
that can be hidden (until a metric is picked, one line says how), copied and saved
(PNG at 300 dpi, SVG); export to CSV or Word (one metric's chart above its table)."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLineEdit,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from db.citation import OFFICIAL, cite
from desktop.services.export.indicators import export_indicators_csv, export_indicators_docx
from db.indicators.comparison import DIRECTIONS, bars_by_unit, entries, shown_value
from db.place import Place

from .export_flow import ExportSpec, run_export
from .metric_chart import MetricChart, chart_image, copy_charts, png_bytes, save_charts
from .one_line import one_line
from .plain import escaped, inform, plain_label, rich, set_plain, tip
from .rows_model import Columns, FilteredRows, refill
from .session import LABELS, STORE
from .topics_page import add_to_topic

COLS = Columns(plan="文件", scope="范围", name="指标", baseline="基期", target="目标", year="年份", relation="关系",
               printed="原文", sources="出处")
# at 1280×800 with both docks the table has ~660 px: 文件 … 关系 fit in it, 原文 and 出处 (in the tooltip too) follow
WIDTHS = dict(plan=130, scope=70, name=150, baseline=100, target=80, year=50, relation=60, printed=280, sources=320)
SortRole = Qt.ItemDataRole.UserRole + 50
EntryRole = Qt.ItemDataRole.UserRole + 51
UNCERTAIN = QColor("#fff4d6")


def relation(e: dict) -> str:
    """超过，新增（累计）: the comparator and the direction, each once (a comparator 新增
    with the direction increase is 新增, not 新增，新增)."""
    words = [e.get("comparator") or ""]
    if e.get("direction") and e["direction"] != "level":
        words.append(DIRECTIONS[e["direction"]])
    rel = "，".join(dict.fromkeys(w for w in words if w))
    flags = [f for f, on in (("累计", e.get("cumulative")), ("每年", e.get("per_year"))) if on]
    return rel + (f"（{'，'.join(flags)}）" if flags else "")


def baseline_text(e: dict) -> str:
    if not e.get("baseline"):
        return "—"
    return shown_value(e, "baseline") + (f"（{e['baseline_year']}年）" if e.get("baseline_year") else "")


def target_text(e: dict) -> str:
    return shown_value(e) + ("［推断］" if uncertain(e) and e.get("table_label") else "")


def year_text(e: dict) -> str:
    y = e.get("target_year")
    return "" if not y else f"{y}" + ("（推定）" if not e.get("year_stated") else "")


def doubt(e: dict) -> str:
    """Why a row is uncertain, in words."""
    if not uncertain(e):
        return ""
    if e.get("table_label"):
        return f"识别存疑（置信度 {e['confidence']:.1f}）：原文各列数字粘连，拆分方式不唯一，请核对原文"
    return f"识别存疑（置信度 {e['confidence']:.1f}）：原文未写年份，按规划期末推定"


def uncertain(e: dict) -> bool:
    return (e.get("confidence") if e.get("confidence") is not None else 1) < 1


def as_printed(e: dict) -> str:
    return e.get("sentence") or e.get("source_text") or ""


def plan_label(e: dict) -> str:
    return e.get("plan_label") or f"{e['plan_year']}《{e['plan']}》"


def base_years(es: list[dict]) -> str:
    """基期 2020 年 (2019、2020 年 when the plans differ), or "" when none is printed."""
    years = sorted({str(e["baseline_year"]) for e in es if e.get("baseline") and e.get("baseline_year")})
    return f"基期 {'、'.join(years)} 年" if years else ""


class IndicatorsModel(FilteredRows):
    """The entries, filtered by plan, territory, metric and words."""
    COLUMNS = COLS
    CHOICES = {"doc": "document_id", "scope": "scope", "metric": "metric"}

    def __init__(self, store, parent=None):
        super().__init__(parent)
        if store is not None:
            self.reload(store)

    def reload(self, store, labels: dict | None = None):
        self.set_all(self._named(entries(store), labels))

    def relabel(self, labels: dict) -> None:
        """The plans' names changed (user data): the rows read are named anew."""
        self.set_all(self._named(self.all, labels))

    @staticmethod
    def _named(es: list[dict], labels: dict | None) -> list[dict]:
        for e in es:
            e["plan_label"] = (labels or {}).get(e["document_id"]) or e.get("plan_label")
        return es

    def haystack(self, e: dict) -> tuple:
        return e["name"], e["metric"], as_printed(e)

    CELLS = dict(plan=plan_label, scope=lambda e: e.get("scope") or "—", name=lambda e: e["name"],
                 baseline=baseline_text, target=target_text, year=year_text, relation=relation,
                 printed=as_printed, sources=lambda e: "；".join(e["sources"]))

    def cell(self, e: dict, c: int) -> str:
        return self.CELLS[COLS.key(c)](e)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e, c = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(e, c)
        if role == SortRole:
            return self._sort_key(e, c)
        if role == EntryRole:
            return e
        if role == Qt.ItemDataRole.BackgroundRole and uncertain(e):
            return UNCERTAIN
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self._tip(e))
        return None

    def _sort_key(self, e: dict, c: int):
        if c == COLS.plan:
            return f"{e['plan_seq']:06d}"
        if c in (COLS.baseline, COLS.target):              # numbers sort as numbers, in comparable units
            v = e.get("norm_baseline" if c == COLS.baseline else "norm_value")
            return float(v) if v is not None else -1e300
        if c == COLS.year:
            return int(e.get("target_year") or 0)
        return self.cell(e, c)

    def _tip(self, e: dict) -> str:
        lines = [plan_label(e), f"{e['plan_year']}《{e['plan']}》　{e.get('scope') or ''}", e["name"]]
        if e.get("metric") and e["metric"] != e["name"]:
            lines.append(f"统一为：{e['metric']}")
        if e.get("norm_value") is not None and e.get("norm_unit") and e["norm_unit"] != e.get("unit"):
            lines.append(f"可比值：{e['norm_value']:g}{e['norm_unit']}")
        if uncertain(e):
            lines.append(doubt(e))
        if as_printed(e):
            lines.append("原文：" + as_printed(e))
        lines += ["出处：" + s for s in e["sources"]]
        return "\n".join(lines)


class SortProxy(QSortFilterProxyModel):
    """Sorts on SortRole in C++ (the keys are numbers or strings per column)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SortRole)


class IndicatorsView(QWidget):
    SHOWS = frozenset({STORE, LABELS})          # the plans and the names they are shown by
    openSource = Signal(str, list)      # target id, text to highlight

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("indicatorsView")
        self.session = session
        self.labels = session.plan_labels()   # what the plans are called, as shown
        self.loaded = False           # rows are read when the page is first shown
        self.model = IndicatorsModel(None, self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self._filters()
        self.table = self._table()
        self.charts_box = QWidget(self)
        self.charts_box.setObjectName("metricCharts")
        self.charts = QHBoxLayout(self.charts_box)
        self.charts.setContentsMargins(0, 0, 0, 0)
        self.chart_title = plain_label("", self)
        self.chart_title.setObjectName("metricTitle")
        self.chart_title.setWordWrap(True)
        self.chart_wanted = True          # the person may hide the chart; it stays hidden until asked
        self.btn_chart = QPushButton("隐藏图表", self)
        self.btn_chart.setObjectName("indicatorChartToggle")
        self.btn_chart.clicked.connect(lambda: self.show_chart(not self.chart_wanted))
        self.btn_copy_chart = QPushButton("复制图表", self)
        self.btn_copy_chart.setObjectName("indicatorChartCopy")
        self.btn_copy_chart.setToolTip("复制为图片（300 dpi），可直接粘贴到 Word、WPS")
        self.btn_copy_chart.clicked.connect(lambda: self.copy_chart())
        self.btn_save_chart = QPushButton("保存图表…", self)
        self.btn_save_chart.setObjectName("indicatorChartSave")
        self.btn_save_chart.setToolTip("保存为 PNG 图片（300 dpi，宽 16 厘米）或 SVG 矢量图")
        self.btn_save_chart.clicked.connect(lambda: self.save_chart())
        self.info = plain_label("", self)
        self.info.setObjectName("indicatorsInfo")
        self.info.setWordWrap(True)
        self.btn_csv = QPushButton("导出 CSV…", self)
        self.btn_docx = QPushButton("导出 Word…", self)
        self.btn_csv.clicked.connect(lambda: self.export("csv"))
        self.btn_docx.clicked.connect(lambda: self.export("docx"))
        self._lay_out()

    def ensure_loaded(self):
        if not self.loaded:
            self.loaded = True
            self.labels = self.session.plan_labels()
            self.model.reload(self.store, self.labels)
            self._fill_filters()
            self._refresh()

    def showEvent(self, e):
        super().showEvent(e)
        self.ensure_loaded()

    def _filters(self):
        self.doc_box = QComboBox(self)
        self.doc_box.setObjectName("indicatorDoc")
        self.scope_box = QComboBox(self)
        self.scope_box.setObjectName("indicatorScope")
        self.metric_box = QComboBox(self)
        self.metric_box.setObjectName("indicatorMetric")
        self.metric_box.setToolTip("已统一的指标：不同规划中名称不同的同一指标（如 货物进出口总额、外贸进出口总额）")
        self.find = QLineEdit(self)
        self.find.setObjectName("indicatorFind")
        self.find.setPlaceholderText("按指标名称或原文筛选（如 航线、外资）")
        self.find.setClearButtonEnabled(True)
        self._fill_filters()
        self.doc_box.currentIndexChanged.connect(lambda _: self._filter(doc=self.doc_box.currentData() or ""))
        self.scope_box.currentIndexChanged.connect(lambda _: self._filter(scope=self.scope_box.currentData() or ""))
        self.metric_box.currentIndexChanged.connect(
            lambda _: self._filter(metric=self.metric_box.currentData() or ""))
        self.find.textChanged.connect(lambda t: self._filter(text=t))

    def _fill_filters(self):
        for box, items in ((self.doc_box, [("全部文件", "")] + [(self.labels.get(d["id"], d["id"]), d["id"])
                                                              for d in self.store.documents()]),
                           (self.scope_box, [("全部范围", "")] + [(s, s) for s in self.store.indicator_scopes()]),
                           (self.metric_box, [("全部指标", "")] + [(f"{m['metric']}（{m['n_docs']} 个文件）", m["metric"])
                                                                 for m in self.store.indicator_metrics()])):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(3)          # long plan titles must not widen the window
            refill(box, items)

    def _table(self) -> QTableView:
        t = QTableView(self)
        t.setObjectName("indicatorTable")
        t.setModel(self.proxy)
        t.setSortingEnabled(True)
        t.sortByColumn(COLS.plan, Qt.SortOrder.AscendingOrder)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setWordWrap(True)
        t.verticalHeader().setVisible(False)
        # two lines a row, the rest cut with … (all of it in the row's tooltip): many rows in sight
        t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        t.verticalHeader().setDefaultSectionSize(2 * t.fontMetrics().height() + 8)
        h = t.horizontalHeader()
        for key, w in WIDTHS.items():
            h.setSectionResizeMode(getattr(COLS, key), QHeaderView.ResizeMode.Interactive)
            t.setColumnWidth(getattr(COLS, key), w)
        h.setStretchLastSection(True)
        one_line(t, COLS.plan, "2022 成渝地区联手打造", most=WIDTHS["plan"])
        one_line(t, COLS.year, "2025（推定）", least=WIDTHS["year"])
        t.doubleClicked.connect(self._open)
        t.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        t.customContextMenuRequested.connect(self._menu)
        t.activated.connect(self._open)
        t.selectionModel().currentRowChanged.connect(lambda *_: self._show_chart())
        return t

    def _lay_out(self):
        bar = QHBoxLayout()
        for w in (self.doc_box, self.scope_box, self.metric_box):     # their first items say what they filter
            bar.addWidget(w, 1)
        bar.addWidget(self.find, 2)
        head = QHBoxLayout()                   # one line: how to get a chart, or what it shows
        head.addWidget(self.chart_title, 1)
        head.addWidget(self.btn_copy_chart)
        head.addWidget(self.btn_save_chart)
        head.addWidget(self.btn_chart)
        self.split = split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("indicatorSplit")
        split.addWidget(self.table)
        split.addWidget(self.charts_box)
        split.setCollapsible(0, False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        foot = QHBoxLayout()
        foot.addWidget(self.info, 1)
        foot.addWidget(self.btn_csv)
        foot.addWidget(self.btn_docx)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addLayout(head)
        lay.addWidget(split, 1)
        lay.addLayout(foot)

    # ---- behaviour ----
    def _filter(self, **kw):
        self.model.set_filter(**kw)
        self._refresh()

    def _refresh(self):
        n, docs = len(self.model.rows), len({e["document_id"] for e in self.model.rows})
        shaky = sum(1 for e in self.model.rows if uncertain(e))
        self.info.setText(f"{n} 项指标和目标，来自 {docs} 个文件" + (f"；{shaky} 项识别存疑（黄色，悬停可见原因）" if shaky else "")
                          + "。双击一行打开原文。")
        self._show_chart()

    def current_entry(self) -> dict | None:
        idx = self.table.currentIndex()
        return idx.data(EntryRole) if idx.isValid() else None

    def shown_metric(self) -> str | None:
        """The metric picked in the filter, else the one of the row selected."""
        if self.model.metric:
            return self.model.metric
        e = self.current_entry()
        return e["metric"] if e else None

    def _show_chart(self):
        while self.charts.count():
            w = self.charts.takeAt(0).widget()
            w.setParent(None)
            w.deleteLater()
        metric = self.shown_metric()
        groups = bars_by_unit(self.model.rows if self.model.metric else [e for e in self.model.all
                                                                          if e["metric"] == metric]) \
            if metric else {}
        for b in (self.btn_chart, self.btn_copy_chart, self.btn_save_chart):
            b.setVisible(bool(groups))
        if not groups:
            set_plain(self.chart_title, "选择一个指标（“指标”框，或点表中一行），表格下方即显示它在各规划的基期值和目标值图表。")
            self.charts_box.hide()
            return
        by_id = {e["id"]: e for e in self.model.all}
        units = "、".join(groups)
        rich(self.chart_title, f"<b>{escaped(metric)}</b>：各规划、各范围的基期值和目标值"
             + (f"（单位不同：{escaped(units)}，分图显示，不作换算）" if len(groups) > 1 else "")
             + ("" if self.chart_wanted else "（图表已隐藏）"))
        for unit, bars in groups.items():
            c = MetricChart(self.charts_box)
            c.set_data(f"{metric}（{unit}）" if len(groups) > 1 else metric, unit, bars,
                       base_years([by_id[b["id"]] for b in bars if b["id"] in by_id]))
            self.charts.addWidget(c, 1)
            c.show()
        self._place_chart()

    def show_chart(self, on: bool = True) -> None:
        """Show or hide the chart below the rows (the choice kept while the page lives)."""
        self.chart_wanted = on
        self._show_chart()

    def _place_chart(self) -> None:
        self.btn_chart.setText("隐藏图表" if self.chart_wanted else "显示图表")
        for b in (self.btn_copy_chart, self.btn_save_chart):
            b.setVisible(self.chart_wanted)
        if not self.chart_wanted:
            self.charts_box.hide()
            return
        was_hidden = self.charts_box.isHidden()
        self.charts_box.show()
        sizes = self.split.sizes()
        if was_hidden or sizes[1] == 0:        # room for the chart; the rows keep the rest
            total = sum(sizes) or self.split.height()
            chart = max(MetricChart.MIN_HEIGHT, total // 2)
            self.split.setSizes([max(total - chart, 1), chart])

    def _open(self, idx):
        e = idx.data(EntryRole)
        if not e:
            return
        target = e.get("box_id") or e.get("section_id") or Place.document(e["document_id"]).id
        self.openSource.emit(target, [h for h in (e.get("target"), e["name"]) if h])

    def citation(self, e: dict, form: str = "short") -> str:
        return cite(self.store, e["id"], OFFICIAL) if form == "official" else e["source"]

    def _menu(self, pos):
        menu = self.context_menu(pos)
        if menu is not None:
            menu.popup(self.table.viewport().mapToGlobal(pos))
        return menu

    def context_menu(self, pos):
        """A row's menu: 打开原文, the two citations, 加入专题…"""
        from PySide6.QtGui import QGuiApplication  # lazy: Qt loads only when the window opens
        from PySide6.QtWidgets import QMenu  # lazy: Qt loads only when the window opens
        idx = self.table.indexAt(pos)
        e = idx.data(EntryRole) if idx.isValid() else None
        if not e:
            return None
        menu = QMenu(self)
        menu.addAction("打开原文", lambda: self._open(idx))
        for text, form in (("复制引用（简短）", "short"), ("复制引用（正式）", "official")):
            menu.addAction(text, lambda f=form: QGuiApplication.clipboard().setText(
                f"{e['name']} {target_text(e)}（{self.citation(e, f)}）"))
        menu.addAction("加入专题…", lambda: add_to_topic(self, self.session, e["id"])).setObjectName("actAddToTopic")
        return menu

    def chart_widgets(self) -> list[MetricChart]:
        return [self.charts.itemAt(k).widget() for k in range(self.charts.count())]

    def shown_charts(self) -> list[MetricChart]:
        """The charts the person sees (none while hidden)."""
        return self.chart_widgets() if self.chart_wanted and self.shown_metric() else []

    def copy_chart(self) -> None:
        if copy_charts(self.shown_charts()):
            self.info.setText("图表已复制，可粘贴到 Word、WPS。")

    def save_chart(self, path: str | None = None) -> str | None:
        path = save_charts(self, self.shown_charts(), self.shown_metric() or "图表", path)
        if path:
            self.info.setText(f"图表已保存：{path}")
        return path

    def chart_for(self, rows: list[dict]) -> dict[str, bytes] | None:
        """The charts shown as PNG (print resolution), by unit, when the rows are of their one metric."""
        charts = self.shown_charts()
        if not charts or {e.get("metric") for e in rows} != {self.shown_metric()}:
            return None
        return {c.unit: png_bytes(chart_image([c])) for c in charts}

    @property
    def store(self):
        return self.session.store

    def refresh(self, changes=frozenset({STORE})):
        """The plans changed: read again if the page was ever shown (else when it is);
        their names changed (user data): the rows and choices named anew; other user
        data (a bookmark) reads nothing."""
        labels = self.session.plan_labels() if self.loaded else self.labels
        if not self.loaded or (STORE not in changes and labels == self.labels):
            return
        self.labels = labels
        if STORE in changes:
            self.model.reload(self.store, labels)
        else:
            self.model.relabel(labels)
        self._fill_filters()
        self._refresh()

    def export(self, fmt: str, path: str | None = None) -> str | None:
        """The rows shown, to Word (asking the title, author and unit) or CSV, through
        the one export flow."""
        rows = [self.proxy.index(r, 0).data(EntryRole) for r in range(self.proxy.rowCount())]
        if not rows:
            inform(self, "导出指标", "表中没有指标可导出，请放宽筛选条件。")
            return None
        metric = self.model.metric
        title = f"{metric}：各规划目标对比" if metric else "规划指标与目标"
        spec = ExportSpec("导出指标", fmt, f"导出 {len(rows)} 项指标和目标（公文表格）", f"{title.split('：')[0]}.{fmt}",
                          title, "规划指标与目标")

        chart = self.chart_for(rows) if fmt == "docx" else None

        def write(path, title, signed, progress):
            if fmt == "docx":
                return export_indicators_docx(rows, path, title, overwrite=True, progress=progress,
                                              chart_png=chart, **signed)
            return export_indicators_csv(rows, path, overwrite=True, progress=progress)

        path = run_export(self, spec, write, path, title)
        if path is not None:
            self.info.setText(f"已导出 {len(rows)} 项：{path}")
        return path
