"""Long work off the UI thread: one small helper with progress, cancel and callbacks."""
from __future__ import annotations

import threading
import traceback
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    pass


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Job(QRunnable):
    """Runs fn(progress, cancelled) in the thread pool.

    `progress(fraction, message)` reports; `cancelled()` tells the work to stop
    (it raises Cancelled, or returns). Results come back as Qt signals, so the
    callbacks run on the UI thread.
    """

    def __init__(self, fn: Callable, on_done=None, on_failed=None, on_progress=None, on_cancelled=None):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()
        if on_done:
            self.signals.done.connect(on_done)
        if on_failed:
            self.signals.failed.connect(on_failed)
        if on_progress:
            self.signals.progress.connect(on_progress)
        if on_cancelled:
            self.signals.cancelled.connect(on_cancelled)
        self.setAutoDelete(False)

    def cancel(self):
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self):
        def progress(frac, msg):
            if self._cancel.is_set():
                raise Cancelled()
            self.signals.progress.emit(float(frac), str(msg))
        try:
            result = self.fn(progress, self._cancel.is_set)
        except (Cancelled, KeyboardInterrupt):
            self.signals.cancelled.emit()
            return
        except Exception as e:  # reported to the person, not swallowed
            traceback.print_exc()
            self.signals.failed.emit(f"{type(e).__name__}: {e}")
            return
        if self._cancel.is_set():
            self.signals.cancelled.emit()
        else:
            self.signals.done.emit(result)

    def start(self):
        QThreadPool.globalInstance().start(self)
        return self
