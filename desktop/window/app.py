"""Starting the window: fonts, data (built on first start), main window."""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from db import logfile, paths
from db.version import version
from desktop.services.collector import IdleCollector
from desktop.services.desktop_entry import ICON_SIZES, icon_png
from desktop.services.seed import seed_if_bundled

from . import platform_check

IDLE_COLLECT_MS = 1000      # how often the window collects what is due


def app_icon():
    """PlanDesk's icon at every size it ships (resources/icons)."""
    from PySide6.QtGui import QIcon  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)

    icon = QIcon()
    for n in ICON_SIZES:
        icon.addFile(str(icon_png(n)))
    return icon


def run(data_arg=None, quit_after_start: bool = False, files: list[str] | None = None) -> int:
    """The window on the data folder until it is closed; `files` (from
    `plandesk FILE…`) are offered for import once it shows."""
    t0 = time.perf_counter()
    missing = platform_check.problem()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    win = start(data_arg, files)
    if win is None:
        return 1
    from PySide6.QtWidgets import QApplication  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)
    app = QApplication.instance()
    idle = collect_when_idle(app)
    if quit_after_start:
        from PySide6.QtCore import QTimer  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)

        def done():
            print(f"PlanDesk started in {time.perf_counter() - t0:.2f} s (data {win.data})", flush=True)
            win.close()
            app.quit()
        QTimer.singleShot(0, done)      # runs once the first paint is done
    try:
        return app.exec()
    finally:
        idle.stop()


def collect_when_idle(app) -> IdleCollector:
    """Python's garbage collector off in every thread, and what is due collected from a
    timer in the window's thread, between searches (desktop.services.collector)."""
    from PySide6.QtCore import QTimer  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)

    idle = IdleCollector().start()
    timer = QTimer(app)
    timer.setInterval(IDLE_COLLECT_MS)
    timer.timeout.connect(idle.tick)
    timer.start()
    return idle


def start(data_arg=None, files: list[str] | None = None):
    """The application set up and the main window shown (the data built first when
    it is missing); None when the person gave up on building it."""
    from PySide6.QtWidgets import QApplication  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)

    from . import settings as st  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)
    from .first_run import BuildDialog, data_current  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)
    from .fonts import ensure_cjk_font  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)
    from .locale import install_translations  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)
    from .main_window import MainWindow  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)
    from .session import DataSession  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(st.ORG)
    app.setApplicationName(st.APP)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("plandesk")       # the .desktop entry `plandesk desktop-entry` installs
    ensure_cjk_font(app)
    install_translations(app)
    notices: list[str] = seed_if_bundled(data_arg)
    data = paths.data_dir(data_arg)
    logfile.install(Path(data))
    logging.getLogger("plandesk").info("PlanDesk %s starting, data %s", version(), data)
    session = DataSession(Path(data), open_now=False)        # opened once the data is built
    while not data_current(Path(data)):
        dlg = BuildDialog(session)
        state = dlg.run()
        if state == "done":
            notices += dlg.notices           # what was set aside or repaired on the way
            break
        msg = "首次使用需要建立数据（约数秒）。" if state == "cancelled" else \
            f"建立数据失败：{dlg.error}\n\n详情见日志：{logfile.log_path(Path(data))}"
        from .plain import ask  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)
        if not ask(None, "PlanDesk", msg + "\n\n重试？"):
            return None
    session.open()
    win = MainWindow(session)
    win.show()
    if notices:                              # told, without stopping the window (non-modal)
        from PySide6.QtWidgets import QMessageBox  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)

        from .plain import message_box  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)
        win.notice_box = message_box(win, QMessageBox.Icon.Information, "PlanDesk", "\n".join(notices))
        win.notice_box.setModal(False)
        win.notice_box.show()
    if files:
        from PySide6.QtCore import QTimer  # lazy: Qt only after the platform check (a missing library told in Chinese, not a crash)
        QTimer.singleShot(0, lambda: win.import_plans(files))
    return win
