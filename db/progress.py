"""Long work, reported and cancellable, without Qt.

Every long operation (build, index build, export) takes a `Progress`: it
reports `(fraction, message)` and raises `Cancelled` at the next report after
the person asked to stop. A sub-range (`part`) lets one job report the steps
of several (store 0–35 %, index 35–100 %) as one fraction.
"""
from __future__ import annotations

from typing import Callable

Report = Callable[[float, str], None]


class Cancelled(Exception):
    """The person cancelled the work; nothing was changed."""


class Progress:
    def __init__(self, report: Report | None = None, cancelled: Callable[[], bool] | None = None,
                 lo: float = 0.0, hi: float = 1.0):
        self._report = report
        self._cancelled = cancelled
        self.lo, self.hi = lo, hi

    @classmethod
    def of(cls, p: "Progress | Report | None") -> "Progress":
        """A Progress from None, a plain callback, or a Progress."""
        if isinstance(p, Progress):
            return p
        return cls(p)

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()

    def __call__(self, fraction: float, message: str = "") -> None:
        self.check()
        if self._report is not None:
            f = self.lo + (self.hi - self.lo) * max(0.0, min(1.0, fraction))
            self._report(f, message)

    def part(self, lo: float, hi: float) -> "Progress":
        """This progress's [lo, hi] share, as a Progress of its own."""
        span = self.hi - self.lo
        return Progress(self._report, self._cancelled, self.lo + span * lo, self.lo + span * hi)
