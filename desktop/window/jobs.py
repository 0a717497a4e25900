"""Long work off the UI thread: one Job type, and one helper that runs a job
behind a progress dialog with a cancel button.

The work is a function of a `db.progress.Progress`: it reports with
`progress(fraction, message)` and stops with `Cancelled` when the person
cancels. Results come back as Qt signals, so callbacks run on the UI thread.
"""
from __future__ import annotations

import time

import logging
import threading
from typing import Callable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog

from db.progress import Cancelled, Progress

from .plain import PLAIN
from db.atomic import describe
from db.importer.errors import UnimportableFile

log = logging.getLogger(__name__)


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)      # the exception
    cancelled = Signal()


class Job(QRunnable):
    """Runs fn(progress) in the thread pool."""

    def __init__(self, fn: Callable[[Progress], object], on_done=None, on_failed=None, on_progress=None,
                 on_cancelled=None):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()
        for sig, slot in ((self.signals.done, on_done), (self.signals.failed, on_failed),
                          (self.signals.progress, on_progress), (self.signals.cancelled, on_cancelled)):
            if slot:
                sig.connect(slot)
        self.setAutoDelete(False)

    def cancel(self):
        self._cancel.set()

    def _emit(self, name: str, *args) -> None:
        """Tell the UI thread; when no one is there to tell any more (the window closed,
        its signals deleted, while the work ran) the work is cancelled, not crashed."""
        try:
            getattr(self.signals, name).emit(*args)
        except RuntimeError:
            self._cancel.set()

    def run(self):
        progress = Progress(lambda f, m: self._emit("progress", float(f), str(m)), self._cancel.is_set)
        try:
            result = self.fn(progress)
        except Cancelled:
            self._emit("cancelled")
            return
        except Exception as e:  # reported to the person, not swallowed
            log.exception("job failed")
            self._emit("failed", e)
            return
        if self._cancel.is_set():
            self._emit("cancelled")
        else:
            self._emit("done", result)

    def start(self):
        QThreadPool.globalInstance().start(self)
        return self


class Outcome:
    """How a job behind a dialog ended: state is done / cancelled / failed."""

    def __init__(self):
        self.state: str | None = None
        self.result = None
        self.error: BaseException | None = None

    @property
    def message(self) -> str:
        """One line for a person: the path and the reason."""
        e = self.error
        if e is None:
            return ""
        if isinstance(e, UnimportableFile):
            return f"{e.path}：{e.reason}"
        if isinstance(e, OSError):
            return describe(e)
        return f"{type(e).__name__}: {e}"


def step_text(msg: str, frac: float, elapsed: float) -> str:
    """What the dialog says: the step in plain words and, once it can be told, the
    time left. A stage's own 完成 is no end of the job: it is not shown."""
    msg = "" if msg.endswith("完成") else msg
    if frac >= 0.99:
        return msg or "即将完成…"
    if elapsed >= 1.5 and frac >= 0.05:
        left = elapsed * (1 - frac) / frac
        when = "不到 5 秒" if left < 5 else (f"约 {left:.0f} 秒" if left < 90 else f"约 {left / 60:.0f} 分钟")
        return f"{msg or '正在处理…'}\n剩余时间：{when}"
    return msg or "正在处理…"


class JobDialog(QProgressDialog):
    """A modal progress dialog that runs `fn` in the background; `run()` returns
    when the work ended, with its Outcome. The UI stays responsive."""

    def __init__(self, fn, parent=None, title: str = "", label: str = "", cancel: str = "取消"):
        super().__init__(label, cancel, 0, 1000, parent)
        self.findChild(QLabel).setTextFormat(PLAIN)      # a step may name a 专栏: shown as written
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.outcome = Outcome()
        self.started = time.monotonic()
        self._loop = QEventLoop(self)
        self.job = Job(fn, on_done=self._done, on_failed=self._failed, on_progress=self._progress,
                       on_cancelled=self._cancelled)
        self.canceled.connect(self._cancel)

    def _progress(self, frac, msg):
        self.setValue(int(frac * 1000))
        self.setLabelText(step_text(msg, frac, time.monotonic() - self.started))

    def _cancel(self):
        self.setLabelText("正在取消…")
        self.job.cancel()

    def _finish(self, state):
        self.outcome.state = state
        self._loop.quit()

    def _done(self, result):
        self.outcome.result = result
        self._finish("done")

    def _cancelled(self):
        self._finish("cancelled")

    def _failed(self, e):
        self.outcome.error = e
        self._finish("failed")

    def run(self) -> Outcome:
        self.started = time.monotonic()
        self.show()
        self.job.start()
        if self.outcome.state is None:
            self._loop.exec()
        self.close()
        return self.outcome


def run_with_progress(fn, parent=None, title: str = "", label: str = "") -> Outcome:
    """Run fn(progress) behind a modal progress dialog; return how it ended."""
    return JobDialog(fn, parent, title, label).run()
