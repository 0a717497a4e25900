"""Bringing the data up to date before the window opens (first start, or after an
update made the store or the index stale), with progress and cancel."""
from __future__ import annotations

from pathlib import Path

from ..services.update import up_to_date, stage_update
from .jobs import JobDialog
from .session import DataSession


def data_current(data: Path) -> bool:
    """Is there a store of this program's schema, trusted (db.store.trust: no view,
    trigger or table PlanDesk did not create) and built from the library as it is,
    and an up-to-date index? If not, the BuildDialog builds them (an untrusted store
    is moved aside first, never deleted)."""
    return up_to_date(Path(data))


def stage_job(data: Path, corpus=None, force: bool = False):
    """The work: stage what is stale (store, index) beside what is in use."""
    def work(progress):
        return stage_update(Path(data), corpus, force, progress)
    return work


class BuildDialog(JobDialog):
    """Modal progress for building the data before the window opens; `run()` returns
    done / cancelled / failed. What the job staged is put in place by the session
    (`DataSession.settle`, the same tail as every staged change); a session not yet
    opened holds nothing to let go of."""

    def __init__(self, data, parent=None, corpus=None, title="正在准备数据", force=False):
        session = data if isinstance(data, DataSession) else DataSession(Path(data), open_now=False)
        super().__init__(stage_job(session.data, corpus, force), parent, title, "正在解析规划文本…")
        self.session = session
        self.data = session.data
        self.notices: list[str] = []         # what was set aside (one line each; also in the log)

    @property
    def error(self) -> str:
        return self.outcome.message

    def run(self) -> str:
        out = super().run()
        if out.state == "done":
            self.notices = list(out.result.notices)
        return self.session.settle(out).state
