"""Render resources/icons/plandesk.svg to the PNG sizes desktops use (hicolor
16…256, and the window icon). Run by a developer after changing the SVG:
python build/make_icons.py (the PNGs are committed)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)   # noqa: F841 (Qt needs one)
    svg = QSvgRenderer(str(ICONS / "plandesk.svg"))
    for n in SIZES:
        img = QImage(n, n, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        svg.render(p)
        p.end()
        img.save(str(ICONS / f"plandesk-{n}.png"))
    print(f"{len(SIZES)} PNGs in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
