"""A bar chart of one metric across plans and territories: per entry its baseline
(grey) and target (blue), values printed on the bars, the unit and the baseline year
atop. Bar labels too long for their slot are cut with … (the whole label on hover).
Drawn with QPainter (no chart library to bundle), by one function at any size:
on screen, into a PNG at print resolution and into SVG (复制图表, 保存图表…, the Word export)."""
from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QMimeData, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QMenu, QSizePolicy, QToolTip, QWidget

from .export_dialog import remember_dir, start_path
from .plain import alert

BASE = QColor("#9aa5b1")
TARGET = QColor("#1f6feb")
RANGE = QColor("#9cc3f5")
GRID = QColor("#d8dee4")
TEXT = QColor("#1f2328")
MUTED = QColor("#57606a")
PRINT_DPI = 300
PRINT_CM = 16.0                       # a figure as wide as a 公文 page's text
FIGURE = QSize(640, 360)              # the layout a figure is painted at, then scaled
SAVE_FILTERS = "PNG 图片（300 dpi）(*.png);;SVG 矢量图 (*.svg)"


def nice_max(v: float) -> tuple[float, float]:
    """An axis top at or above v, and a tick step (1, 2 or 5 × 10ⁿ)."""
    if v <= 0:
        return 1.0, 0.25
    raw = v / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return step * math.ceil(v / step), step


def number(v: float) -> str:
    """As a reader writes it: 6,513.4, 20,000, 9.26 (no float noise, no exponent)."""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


class MetricChart(QWidget):
    """set_data(title, unit, bars, base_year): bars are dicts with label (two short
    lines), base (float|None), low, high (the target's bounds), note (累计, 每年 …);
    base_year says which year the baselines are (基期 2020 年)."""
    MIN_HEIGHT = 220

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("metricChart")
        self.title, self.unit, self.base_year, self.bars = "", "", "", []
        self.setMinimumHeight(self.MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self):
        return QSize(640, 340)

    def set_data(self, title: str, unit: str, bars: list[dict], base_year: str = "") -> None:
        self.title, self.unit, self.base_year, self.bars = title, unit, base_year, bars
        self.setAccessibleName(f"{title}（{unit}）柱状图，{len(bars)} 组" + (f"，{base_year}" if base_year else ""))
        self.update()

    def caption(self) -> str:
        """What the top-left corner says: 单位：亿元　基期 2020 年."""
        return f"单位：{self.unit}" + (f"　{self.base_year}" if self.base_year else "")

    def _slots(self, size: QSize | None = None, fm: QFontMetrics | None = None) -> tuple[QRectF, float]:
        """The plot area and each bar group's width, as painted at `size` (the widget's)."""
        size, fm = size or self.size(), fm or self.fontMetrics()
        line = fm.height()
        plot = QRectF(64, 16 + 2 * line, size.width() - 84, size.height() - 40 - 5 * line)
        return plot, plot.width() / max(1, len(self.bars))

    def full_label(self, b: dict) -> str:
        return b["label"] + (f"\n［{b['note']}］" if b.get("note") else "")

    def label_lines(self, k: int, size: QSize | None = None, fm: QFontMetrics | None = None) -> list[str]:
        """Bar group k's label as painted: each line cut with … to the group's width."""
        fm = fm or self.fontMetrics()
        _, slot = self._slots(size, fm)
        return [fm.elidedText(t, Qt.TextElideMode.ElideRight, int(slot) - 4)
                for t in self.full_label(self.bars[k]).split("\n")]

    def label_at(self, x: float, y: float) -> str | None:
        """The whole label of the bar group under (x, y) (below the axis), for the tooltip."""
        plot, slot = self._slots()
        if not self.bars or y < plot.bottom() or not plot.left() <= x < plot.right():
            return None
        return self.full_label(self.bars[int((x - plot.left()) // slot)])

    def event(self, e):
        if e.type() == QEvent.Type.ToolTip:
            text = self.label_at(e.pos().x(), e.pos().y())
            if text:
                QToolTip.showText(e.globalPos(), text, self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def paintEvent(self, _e):
        p = QPainter(self)
        self.paint(p, self.size())
        p.end()

    def paint(self, p: QPainter, size: QSize) -> None:
        """The whole chart in the rectangle (0, 0, size): on screen or on a page."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(QRectF(0, 0, size.width(), size.height()), QColor("white"))
        p.setFont(self.font())
        if not self.bars:
            p.setPen(MUTED)
            p.drawText(QRectF(0, 0, size.width(), size.height()), Qt.AlignmentFlag.AlignCenter,
                       "选择一个已统一的指标，查看各规划的基期值和目标值")
            return
        fm = QFontMetrics(self.font(), p.device())
        line = fm.height()
        plot, _ = self._slots(size, fm)
        top, step = nice_max(max(max(b.get("high") or 0, b.get("base") or 0) for b in self.bars) * 1.12)
        self._frame(p, plot, top, step, line, size.width())
        self._bars(p, plot, top, fm, size)
        self._legend(p, plot, fm)

    def contextMenuEvent(self, e):
        self.menu().popup(e.globalPos())

    def menu(self) -> QMenu:
        """复制图表, 保存图表… (right-click on the chart)."""
        m = QMenu(self)
        m.addAction("复制图表", lambda: copy_charts([self]))
        m.addAction("保存图表…", lambda: save_charts(self, [self], self.title))
        return m

    def _frame(self, p: QPainter, plot: QRectF, top: float, step: float, line: int, width: int) -> None:
        p.setPen(TEXT)
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(0, 4, width, line + 4), Qt.AlignmentFlag.AlignHCenter, self.title)
        p.setFont(self.font())
        p.setPen(MUTED)
        p.drawText(QRectF(8, 4, 320, line + 4), Qt.AlignmentFlag.AlignLeft, self.caption())
        k = 0
        while k * step <= top + 1e-9:
            y = plot.bottom() - plot.height() * (k * step) / top
            p.setPen(QPen(GRID, 1))
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.setPen(MUTED)
            p.drawText(QRectF(0, y - line / 2, plot.left() - 6, line),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number(k * step))
            k += 1

    def _bars(self, p: QPainter, plot: QRectF, top: float, fm: QFontMetrics, size: QSize) -> None:
        n = len(self.bars)
        slot = plot.width() / n
        bw = min(46.0, slot * 0.32)
        line = fm.height()
        for k, b in enumerate(self.bars):
            x0 = plot.left() + slot * k + slot / 2
            for x, v, hi, color in ((x0 - bw - 2, b.get("base"), None, BASE),
                                    (x0 + 2, b.get("low"), b.get("high"), TARGET)):
                if v is None:
                    continue
                h = plot.height() * v / top
                p.fillRect(QRectF(x, plot.bottom() - h, bw, h), QBrush(color))
                label = number(v)
                if hi is not None and hi != v:        # a range: the band up to its top
                    h2 = plot.height() * hi / top
                    p.fillRect(QRectF(x, plot.bottom() - h2, bw, h2 - h), QBrush(RANGE))
                    label, h = f"{number(v)}–{number(hi)}", h2
                p.setPen(TEXT)
                p.drawText(QRectF(x - 30, plot.bottom() - h - line - 2, bw + 60, line),
                           Qt.AlignmentFlag.AlignHCenter, label)
            p.setPen(TEXT)
            p.drawText(QRectF(plot.left() + slot * k + 2, plot.bottom() + 6, slot - 4, line * 3.2),
                       Qt.AlignmentFlag.AlignHCenter, "\n".join(self.label_lines(k, size, fm)))

    def _legend(self, p: QPainter, plot: QRectF, fm: QFontMetrics) -> None:
        x = plot.right() - 190
        y = plot.top() - fm.height() - 4
        ranged = any(b.get("high") not in (None, b.get("low")) for b in self.bars)
        x -= 0 if ranged else -70
        for color, name in ((BASE, "基期值"), (TARGET, "目标值"), (RANGE, "目标区间"))[: 3 if ranged else 2]:
            p.fillRect(QRectF(x, y + 3, 12, fm.height() - 6), QBrush(color))
            p.setPen(TEXT)
            p.drawText(QRectF(x + 16, y, 60, fm.height()), Qt.AlignmentFlag.AlignLeft, name)
            x += 16 + fm.horizontalAdvance(name) + 12


def _paint_stacked(p: QPainter, charts: list[MetricChart]) -> None:
    """The charts one below the other, each at the figure's layout size."""
    for k, c in enumerate(charts):
        p.save()
        p.translate(0, k * FIGURE.height())
        c.paint(p, FIGURE)
        p.restore()


def chart_image(charts: list[MetricChart], cm: float = PRINT_CM, dpi: int = PRINT_DPI) -> QImage:
    """The charts (one below the other) as an image `cm` wide at `dpi` (16 cm at 300 dpi: 1890 px)."""
    width = round(cm / 2.54 * dpi)
    scale = width / FIGURE.width()
    img = QImage(width, round(FIGURE.height() * len(charts) * scale), QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)                   # painted at the image's default 96 dpi, so fonts keep their layout
    p.scale(scale, scale)
    _paint_stacked(p, charts)
    p.end()
    dpm = round(dpi / 0.0254)           # then marked as printed at `dpi` (Word sizes it by this)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    return img


def png_bytes(img: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data())


def chart_svg(charts: list[MetricChart]) -> bytes:
    """The charts (one below the other) as SVG, text kept as text."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    size = QSize(FIGURE.width(), FIGURE.height() * len(charts))
    gen.setSize(size)
    gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
    gen.setTitle("；".join(c.title for c in charts))
    gen.setDescription("PlanDesk 指标图表")
    p = QPainter(gen)
    _paint_stacked(p, charts)
    p.end()
    buf.close()
    return bytes(data)


def copy_charts(charts: list[MetricChart]) -> QMimeData | None:
    """The charts to the clipboard: an image (pasted into Word, WPS, a chat) and its PNG."""
    if not charts:
        return None
    img = chart_image(charts)
    mime = QMimeData()
    mime.setImageData(img)
    mime.setData("image/png", png_bytes(img))
    QGuiApplication.clipboard().setMimeData(mime)
    return mime


def save_charts(parent, charts: list[MetricChart], name: str, path: str | None = None) -> str | None:
    """The charts to a PNG (300 dpi) or SVG file, by the filter chosen or the name's
    extension; asks where (starting in the folder used last) when no path is given."""
    if not charts:
        return None
    chosen = "PNG"
    if not path:
        path, chosen = QFileDialog.getSaveFileName(parent, "保存图表", start_path(f"{safe_name(name)}.png"),
                                                   SAVE_FILTERS)
        if not path:
            return None
        remember_dir(path)
    svg = path.lower().endswith(".svg") or (not path.lower().endswith(".png") and "SVG" in chosen)
    if not path.lower().endswith((".png", ".svg")):
        path += ".svg" if svg else ".png"
    try:
        with open(path, "wb") as f:
            f.write(chart_svg(charts) if svg else png_bytes(chart_image(charts)))
    except OSError as e:
        alert(parent, "保存图表", f"无法保存图表：{e}")
        return None
    return path


def safe_name(name: str) -> str:
    """A file name from a chart title (no path separators or characters Windows refuses)."""
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name).strip() or "图表"
