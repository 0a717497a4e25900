"""Building the store and the index from the bundled corpus, with progress and cancel."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog

from db import paths
from db import store as dbstore

from .jobs import Job


def data_current(data: Path) -> bool:
    """Is there a store and an up-to-date index?"""
    if not paths.plans_db(data).exists():
        return False
    from search import index
    st = dbstore.Store(paths.plans_db(data))
    try:
        return index.is_current(data, st)
    except Exception:
        return False
    finally:
        st.close()


def build_all(data: Path, corpus=None):
    """The work: store then index, reporting one overall fraction."""
    def work(progress, cancelled):
        dbstore.build(corpus, data, progress=lambda f, m: progress(0.35 * f, m), cancelled=cancelled)
        from search import index
        index.build(data, progress=lambda f, m: progress(0.35 + 0.65 * f, m))
        return True
    return work


class BuildDialog(QProgressDialog):
    """Modal progress for the build; the UI stays responsive (the work runs in a thread)."""

    def __init__(self, data: Path, parent=None, corpus=None, title="正在准备数据"):
        super().__init__("正在导入规划文本…", "取消", 0, 1000, parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.result_state = None      # "done" | "cancelled" | "failed"
        self.error = ""
        self._loop = QEventLoop(self)
        self.job = Job(build_all(data, corpus), on_done=self._done, on_failed=self._failed,
                       on_progress=self._progress, on_cancelled=self._cancelled)
        self.canceled.connect(self._cancel)

    def _progress(self, frac, msg):
        self.setValue(int(frac * 1000))
        self.setLabelText(f"{msg}（{frac * 100:.0f}%）")

    def _cancel(self):
        self.setLabelText("正在取消…")
        self.job.cancel()

    def _finish(self, state):
        self.result_state = state
        self._loop.quit()

    def _done(self, _):
        self._finish("done")

    def _cancelled(self):
        self._finish("cancelled")

    def _failed(self, msg):
        self.error = msg
        self._finish("failed")

    def run(self) -> str:
        """Show, run the build, return when it ended: done, cancelled or failed."""
        self.show()
        self.job.start()
        if self.result_state is None:
            self._loop.exec()
        self.close()
        return self.result_state
