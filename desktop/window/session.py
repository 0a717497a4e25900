"""The data a window shows, in one place: the Store (plans.sqlite) and the user's
data (user.sqlite) of one data folder, every staged change put in place the one
way (`run_staged`: stage in the background with progress and cancel -> let go of
what will be replaced -> install -> open it again), and one signal, `changed`,
that says what changed. Each page refreshes only what it shows.

What can change (the strings in `changed`'s set):
  store      plans.sqlite replaced (a new Store object: pages take `session.store`)
  index      the search index replaced
  userdata   bookmarks, highlights, notes or recent searches (or the whole file, restored)
  gazetteer  the user's decisions on platforms found in the plans
  labels     the names plans are shown by (a plan renamed: user data, but only these views read it)
  topics     the 专题 and their entries (user data: only the 专题 page reads them)
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from db import paths
from db.naming import plan_labels
from db.store import Store, open_userdata
from db.store.userdata import restore

from .jobs import Job, JobDialog, Outcome

STORE, INDEX, USERDATA, GAZETTEER, LABELS = "store", "index", "userdata", "gazetteer", "labels"
TOPICS = "topics"
EVERYTHING = frozenset({STORE, INDEX, USERDATA, GAZETTEER, LABELS, TOPICS})


def staged_changes(staged) -> set[str]:
    """What installing `staged` (desktop.services.update.PendingUpdate) replaces."""
    return ({STORE} if staged.store is not None else set()) | ({INDEX} if staged.index is not None else set())


class DataSession(QObject):
    changed = Signal(object)        # a frozenset of STORE, INDEX, USERDATA, GAZETTEER, LABELS, TOPICS

    def __init__(self, data: Path, parent=None, open_now: bool = True):
        super().__init__(parent)
        self.data = Path(data)
        self.store: Store | None = None
        self.userdata = None
        self.userdata_notice: str | None = None      # what opening user.sqlite repaired or set aside
        self.opened = False
        self._releasers: list[Callable[[], None]] = []
        self._jobs: list[Job] = []                    # background stagings, kept alive until they end
        if open_now:
            self.open()

    # ---- opening and letting go ----
    def open(self) -> None:
        self.store = Store(paths.plans_db(self.data))
        self.userdata, self.userdata_notice = open_userdata(paths.user_db(self.data))
        self.opened = True

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        if self.userdata is not None:
            self.userdata.close()

    def on_release(self, fn: Callable[[], None]) -> None:
        """`fn` lets go of files of the data folder held elsewhere (the search index,
        in the search panel's thread) before a staged change is installed."""
        self._releasers.append(fn)

    def release(self, changes=EVERYTHING) -> None:
        """Let go of what is about to be replaced (Windows can't replace open files)."""
        for fn in self._releasers:
            fn()
        if STORE in changes and self.store is not None:
            self.store.close()
            self.store = None

    def tell(self, *changes: str) -> None:
        """Say what changed: every page showing one of them refreshes."""
        if changes:
            self.changed.emit(frozenset(changes))

    # ---- staged changes ----
    def install(self, staged, also=()) -> frozenset:
        """The one tail of every staged change: release, install, open again, tell.
        Raises OSError when it could not go in (the old data is kept and open)."""
        changes = frozenset(staged_changes(staged) | set(also))
        self.release(changes)
        ok = False
        try:
            staged.install(self.data)
            ok = True
        except OSError:
            staged.discard()
            raise
        finally:
            reopened = self.opened and self.store is None
            if reopened:
                self.store = Store(paths.plans_db(self.data))
            if self.opened:       # on failure the data is the old one, but the Store object is new
                self.tell(*(changes if ok else changes & {STORE} if reopened else ()))
        return changes

    def settle(self, out: Outcome, also=()) -> Outcome:
        """A staging job ended: when done, install what it staged (a failure to install
        becomes the outcome)."""
        if out.state == "done":
            try:
                self.install(out.result, also)
            except OSError as e:
                out.state, out.error = "failed", e
        return out

    def run_staged(self, stage: Callable, title: str = "", label: str = "", *, parent=None, also=(),
                   background: bool = False, then: Callable[[Outcome], None] | None = None):
        """Run stage(progress) -> PendingUpdate off the UI thread, then `settle` it. Behind a
        modal progress dialog with cancel (returns the Outcome), or in the background
        (returns the Job; `then(outcome)` when it ended)."""
        if not background:
            out = self.settle(JobDialog(stage, parent, title, label).run(), also)
            if then:
                then(out)
            return out
        out = Outcome()

        def ended(state, value=None):
            self._jobs.remove(job)
            out.state = state
            if state == "done":
                out.result = value
            elif state == "failed":
                out.error = value
            self.settle(out, also)
            if then:
                then(out)

        job = Job(stage, on_done=lambda s: ended("done", s), on_failed=lambda e: ended("failed", e),
                  on_cancelled=lambda: ended("cancelled"))
        self._jobs.append(job)
        return job.start()

    # ---- what a plan is called in narrow places ----
    def plan_labels(self) -> dict[str, str]:
        """document id -> the plan's short label: the name the person gave it (user data),
        else year and the distinguishing words of its own title (db.naming.plan_labels).
        Lists, combos, columns and chart labels show this; citations keep the real title."""
        docs = self.store.documents() if self.store is not None else []
        out = plan_labels(docs)
        if self.userdata is not None:
            out.update({k: v for k, v in self.userdata.plan_names().items() if k in out})
        return out

    def plan_label(self, document_id: str) -> str:
        return self.plan_labels().get(document_id, document_id)

    def rename_plan(self, document_id: str, name: str | None) -> None:
        """Give a plan a short name (empty: back to the one made from its title); every
        view showing labels refreshes (LABELS)."""
        self.userdata.rename_plan(document_id, name)
        self.tell(LABELS)

    # ---- user data ----
    def restore_userdata(self, backup: Path) -> None:
        """Put a backup of user.sqlite in place (the current file kept aside) and open
        it; raises db.store.trust.Untrusted (the backup changed since it was listed:
        the current file is opened again)."""
        path = paths.user_db(self.data)
        changes = (USERDATA,)                # a new handle even when the backup is refused
        self.userdata.close()
        try:
            restore(path, backup)
            changes = (USERDATA, GAZETTEER, LABELS, TOPICS)
        finally:
            self.userdata, _ = open_userdata(path)
            self.tell(*changes)
