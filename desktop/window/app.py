"""Starting the window: fonts, data (built on first start), main window."""
from __future__ import annotations

import sys
from pathlib import Path

from db import paths


def app_icon():
    """PlanDesk's icon at every size it ships (resources/icons)."""
    from PySide6.QtGui import QIcon

    from ..services.desktop_entry import ICON_SIZES, icon_png
    icon = QIcon()
    for n in ICON_SIZES:
        icon.addFile(str(icon_png(n)))
    return icon


def run(data_arg=None, quit_after_start: bool = False, files: list[str] | None = None) -> int:
    """The window on the data folder until it is closed; `files` (from
    `plandesk FILE…`) are offered for import once it shows."""
    import time
    t0 = time.perf_counter()
    from .platform_check import problem
    missing = problem()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    win = start(data_arg, files)
    if win is None:
        return 1
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if quit_after_start:
        from PySide6.QtCore import QTimer

        def done():
            print(f"PlanDesk started in {time.perf_counter() - t0:.2f} s (data {win.data})", flush=True)
            win.close()
            app.quit()
        QTimer.singleShot(0, done)      # runs once the first paint is done
    return app.exec()


def start(data_arg=None, files: list[str] | None = None):
    """The application set up and the main window shown (the data built first when
    it is missing); None when the person gave up on building it."""
    from PySide6.QtWidgets import QApplication

    from . import settings as st
    from .first_run import BuildDialog, data_current
    from .fonts import ensure_cjk_font
    from .locale import install_translations
    from .main_window import MainWindow
    from .session import DataSession

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(st.ORG)
    app.setApplicationName(st.APP)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("plandesk")       # the .desktop entry `plandesk desktop-entry` installs
    ensure_cjk_font(app)
    install_translations(app)
    from desktop.services.seed import seed_if_bundled
    notices: list[str] = seed_if_bundled(data_arg)
    data = paths.data_dir(data_arg)
    from db import logfile
    from db.version import version
    logfile.install(Path(data))
    import logging
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
        from .plain import ask
        if not ask(None, "PlanDesk", msg + "\n\n重试？"):
            return None
    session.open()
    win = MainWindow(session)
    win.show()
    if notices:                              # told, without stopping the window (non-modal)
        from PySide6.QtWidgets import QMessageBox

        from .plain import message_box
        win.notice_box = message_box(win, QMessageBox.Icon.Information, "PlanDesk", "\n".join(notices))
        win.notice_box.setModal(False)
        win.notice_box.show()
    if files:
        from PySide6.QtCore import QTimer
        QTimer.singleShot(0, lambda: win.import_plans(files))
    return win
