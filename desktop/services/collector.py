"""Python's cyclic garbage collector run between searches, not in the middle of one.

Left to itself, CPython collects whenever 700 more container objects have been made
than freed, in whichever thread made them: in the middle of a search, whose caches
hold lists of 17,000 scores at 250 plans that each pass walks (a pass fell inside a
search for 5-60 ms), or in a worker thread, where a Qt object's destructor must not
run. The window and `plandesk search -` turn automatic collection off and call `tick`
when idle instead: the window from a timer in its own thread (the pattern of
pyqtgraph's GarbageCollector), the command line after each answer is written. `tick`
collects the generation CPython would have collected by then, by the same thresholds
and counts, so memory is reclaimed as before, a moment later."""
from __future__ import annotations

import gc
import time


class IdleCollector:
    """Automatic collection off between `start` and `stop`; `tick` collects what is due."""

    def __init__(self):
        self.thresholds = gc.get_threshold()
        self._was: bool | None = None
        self.passes = 0
        self.seconds = 0.0

    def start(self) -> IdleCollector:
        if self._was is None:
            self._was = gc.isenabled()
            gc.disable()
        return self

    def stop(self) -> None:
        if self._was:
            gc.enable()
        self._was = None

    def due(self) -> int | None:
        """The oldest generation whose count passed its threshold (as CPython picks it), or None."""
        counts = gc.get_count()
        for gen in (2, 1, 0):
            if self.thresholds[gen] and counts[gen] > self.thresholds[gen]:
                return gen
        return None

    def tick(self) -> int | None:
        """Collect the generation that is due (none: nothing); returns it."""
        gen = self.due()
        if gen is not None:
            t0 = time.perf_counter()
            gc.collect(gen)
            self.seconds += time.perf_counter() - t0
            self.passes += 1
        return gen
