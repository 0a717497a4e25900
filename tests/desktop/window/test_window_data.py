"""Rebuilding under an open window: handles let go around the swap, every panel
refreshes itself from one signal; cancelling an export is not a failure."""
from __future__ import annotations

import shutil

from PySide6.QtWidgets import QMessageBox

from db import paths
from desktop.window import jobs
from desktop.services import update

FTZ = "ftz-2022"


def docs_in(combo) -> set[str]:
    return {combo.itemData(i) for i in range(combo.count())} - {""}


def test_rebuild_lets_go_of_the_data_while_it_is_replaced(qtbot, window, tmp_path, monkeypatch):
    w = window
    w.search.edit.setText("两江新区")
    qtbot.waitUntil(lambda: w.search.model.hit_count() > 0, timeout=8000)
    cmp = w.open_compare()
    seen = []
    real = update.PendingUpdate.install

    def install(self, data):
        seen.append((w.store is None, w.search.worker.engine is None))
        return real(self, data)

    monkeypatch.setattr(update.PendingUpdate, "install", install)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in paths.resource("corpus").iterdir():
        if not f.name.startswith("001_"):
            shutil.copy(f, corpus / f.name)
    assert FTZ in docs_in(w.search.doc_box) and FTZ in docs_in(w.boxes.doc_box)
    assert w.rebuild(corpus) == "done"
    assert seen == [(True, True)]                  # nothing held open while the files were swapped
    assert w.store is not None and w.store.document(FTZ) is None
    # one signal, every panel refreshed: no plan that is gone is offered anywhere
    assert FTZ not in docs_in(w.search.doc_box)
    assert FTZ not in docs_in(w.boxes.doc_box)
    assert FTZ not in docs_in(cmp.mode)
    assert not any(r["doc"] == FTZ for r in w.boxes.model.all)
    assert not w.outline_model.index_of(f"doc:{FTZ}").isValid()
    # and search works on the new index
    with qtbot.waitSignal(w.search.shown, timeout=8000):
        w.search.edit.setText("自贸试验区")
    assert w.search.model.hit_count() > 0
    assert all(g[0] != FTZ for g in w.search.model.groups)


def test_a_failed_rebuild_keeps_the_old_data(qtbot, window, tmp_path, monkeypatch):
    w = window
    bad = tmp_path / "corpus"
    bad.mkdir()
    (bad / "bad.txt").write_bytes(b"\x00\x01" * 100)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    before = paths.plans_db(w.data).read_bytes()
    assert w.rebuild(bad) == "failed"
    assert warned and "bad.txt" in warned[0] and "原有数据未改动" in warned[0]
    assert paths.plans_db(w.data).read_bytes() == before
    assert w.store.document(FTZ) is not None


def test_cancelling_a_word_export_is_not_a_failure(qtbot, window, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    real = jobs.JobDialog._progress

    def progress_then_cancel(self, frac, msg):
        real(self, frac, msg)
        self._cancel()

    monkeypatch.setattr(jobs.JobDialog, "_progress", progress_then_cancel)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "x.docx"
    ids = [b["id"] for b in window.store.boxes("hightech-zone-2021")]
    assert window.boxes.export(ids, str(out), ask_open=False) is None
    assert warned == [] and not out.exists()
    assert list((tmp_path / "out").iterdir()) == []
