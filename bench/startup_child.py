"""Child process for the start-up benchmark: prints the wall time of the first paint.

usage: startup_child.py minimal|plandesk DATA_DIR
"""
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: E402


class FirstPaint(QObject):
    def __init__(self, target):
        super().__init__()
        self.done = False
        self.target = target

    def eventFilter(self, obj, ev):
        if not self.done and ev.type() == QEvent.Type.Paint:
            self.done = True
            t = time.time()
            QTimer.singleShot(0, lambda: finish(t))
        return False


def finish(t):
    # current resident memory (ru_maxrss would carry the parent's peak across exec)
    rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:"))
    print(f"{t:.6f} {rss}", flush=True)
    QApplication.instance().quit()


def main():
    kind, data = sys.argv[1], sys.argv[2]
    app = QApplication(sys.argv[:1])
    if kind == "minimal":
        w = QMainWindow()
        w.setCentralWidget(QLabel("PlanDesk"))
    else:
        from desktop.window import settings as st
        from desktop.window.fonts import ensure_cjk_font
        from desktop.window.main_window import MainWindow
        app.setOrganizationName(st.ORG)
        app.setApplicationName("PlanDeskBench")
        ensure_cjk_font(app)
        w = MainWindow(data)
    w.resize(1280, 800)
    fp = FirstPaint(w)
    app.installEventFilter(fp)
    w.show()
    app.exec()


if __name__ == "__main__":
    main()
