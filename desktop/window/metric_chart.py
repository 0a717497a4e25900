"""A bar chart of one metric across plans and territories: per entry its baseline
(grey) and target (blue), values printed on the bars, the unit and the baseline year
atop. Bar labels too long for their slot are cut with … (the whole label on hover).
Drawn with QPainter (no chart library to bundle)."""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

BASE = QColor("#9aa5b1")
TARGET = QColor("#1f6feb")
RANGE = QColor("#9cc3f5")
GRID = QColor("#d8dee4")
TEXT = QColor("#1f2328")
MUTED = QColor("#57606a")


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

    def _slots(self) -> tuple[QRectF, float]:
        """The plot area and each bar group's width, as painted."""
        line = self.fontMetrics().height()
        plot = QRectF(64, 16 + 2 * line, self.width() - 84, self.height() - 40 - 5 * line)
        return plot, plot.width() / max(1, len(self.bars))

    def full_label(self, b: dict) -> str:
        return b["label"] + (f"\n［{b['note']}］" if b.get("note") else "")

    def label_lines(self, k: int) -> list[str]:
        """Bar group k's label as painted: each line cut with … to the group's width."""
        _, slot = self._slots()
        fm = self.fontMetrics()
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
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        if not self.bars:
            p.setPen(MUTED)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "选择一个已统一的指标，查看各规划的基期值和目标值")
            return
        f = QFont(self.font())
        fm = QFontMetrics(f)
        line = fm.height()
        plot, _ = self._slots()
        top, step = nice_max(max(max(b.get("high") or 0, b.get("base") or 0) for b in self.bars) * 1.12)
        self._frame(p, plot, top, step, line)
        self._bars(p, plot, top, fm)
        self._legend(p, plot, fm)

    def _frame(self, p: QPainter, plot: QRectF, top: float, step: float, line: int) -> None:
        p.setPen(TEXT)
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(0, 4, self.width(), line + 4), Qt.AlignmentFlag.AlignHCenter, self.title)
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

    def _bars(self, p: QPainter, plot: QRectF, top: float, fm: QFontMetrics) -> None:
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
                       Qt.AlignmentFlag.AlignHCenter, "\n".join(self.label_lines(k)))

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
