"""Bringing the data up to date before the window opens (first start, or after an
update made the store or the index stale), with progress and cancel."""
from __future__ import annotations

from pathlib import Path

from .jobs import JobDialog
from ..services.update import is_current, stage


def data_current(data: Path) -> bool:
    """Is there a store of this program's schema, trusted (db.store.trust: no view,
    trigger or table PlanDesk did not create) and built from the library as it is,
    and an up-to-date index? If not, the BuildDialog builds them (an untrusted store
    is moved aside first, never deleted)."""
    return is_current(Path(data))


def stage_job(data: Path, corpus=None, force: bool = False):
    """The work: stage what is stale (store, index) beside what is in use."""
    def work(progress):
        return stage(Path(data), corpus, force, progress)
    return work


class BuildDialog(JobDialog):
    """Modal progress for building the data; `run()` returns done / cancelled / failed.
    The new store and index are staged by the job and put in place here, on the
    UI thread, once the caller has let go of the old ones (`release`)."""

    def __init__(self, data: Path, parent=None, corpus=None, title="正在准备数据", force=False, release=None):
        super().__init__(stage_job(data, corpus, force), parent, title, "正在解析规划文本…")
        self.data = Path(data)
        self.release = release
        self.notices: list[str] = []         # what was set aside (one line each; also in the log)

    @property
    def error(self) -> str:
        return self.outcome.message

    def run(self) -> str:
        out = super().run()
        if out.state == "done":
            staged = out.result
            self.notices = list(staged.notices)
            if self.release:
                self.release()
            try:
                staged.install(self.data)
            except OSError as e:
                staged.discard()
                out.state, out.error = "failed", e
        return out.state
