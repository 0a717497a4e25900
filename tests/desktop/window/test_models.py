"""Item models without any view or window (the small fixture store)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from db import paths
from db.store import Store, UserData
from desktop.window.bookmarks_panel import COL_NOTE, COL_TITLE, BookmarksModel
from desktop.window.boxes_browser import BoxesModel, BoxIdRole
from desktop.window.compare_view import PidRole, PlatformFilter, PlatformsModel
from desktop.window.outline_model import KindRole, OutlineModel, TargetRole
from desktop.window.search_panel import HitRole, ResultsModel
from search.engine import Hit

D = Qt.ItemDataRole.DisplayRole


@pytest.fixture(scope="module")
def st(fixture_data):
    s = Store(paths.plans_db(fixture_data))
    yield s
    s.close()


def walk(m, parent=QModelIndex()):
    for r in range(m.rowCount(parent)):
        i = m.index(r, 0, parent)
        yield i
        yield from walk(m, i)


def test_outline_documents_sections_boxes(qapp, st):
    m = OutlineModel(st)
    docs = [m.index(r, 0).data(D) for r in range(m.rowCount())]
    assert len(docs) == 4 and any(d.startswith("⚠ ") for d in docs)          # runin: order unreliable
    # lazy: a plan's headings are read when the view first asks for them
    first = m.index(0, 0)
    assert m.rowCount(first) == 0 and m.hasChildren(first) and m.canFetchMore(first)
    for r in range(m.rowCount()):
        m.fetchMore(m.index(r, 0))
    assert m.rowCount(first) > 0 and not m.canFetchMore(first)
    targets = {i.data(TargetRole): i for i in walk(m)}
    box = targets["chapters:专栏1"]
    assert box.data(KindRole) == "box" and box.parent().data(TargetRole) == "chapters:第三章/第一节"
    assert m.index_of("chapters:第二章/第二节").data(D) == "第二节 发展目标"
    assert not m.index_of("nope").isValid()
    fresh = OutlineModel(st)                   # a place in a plan never opened is found (and its plan read)
    assert fresh.index_of("chapters:第二章/第二节").data(D) == "第二节 发展目标"


def test_boxes_model_filters_and_ticks(qapp, st):
    m = BoxesModel(st)
    ids = [m.index(r, 0).data(BoxIdRole) for r in range(m.rowCount())]
    # plans in display order (no catalog: by date), boxes by number
    assert [d["id"] for d in st.documents()] == ["numbered", "wrapped", "chapters", "runin"]
    assert ids == ["wrapped:专栏1", "chapters:专栏1", "runin:专栏1"]
    assert [m.index(r, 2).data(D) for r in range(m.rowCount())] == ["3", "2", "2"]
    m.set_filter(text="加工贸易")
    assert [m.index(r, 0).data(BoxIdRole) for r in range(m.rowCount())] == ["chapters:专栏1"]
    assert m.setData(m.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    m.set_filter(text="")
    assert m.selected_ids() == ["chapters:专栏1"]


def test_boxes_model_gives_its_rows_a_chunk_at_a_time(qapp, st, monkeypatch):
    monkeypatch.setattr(BoxesModel, "CHUNK", 2)
    m = BoxesModel(st)
    assert m.rowCount() == 2 and m.canFetchMore(QModelIndex())
    inserted = []
    m.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    m.fetchMore(QModelIndex())
    assert m.rowCount() == 3 and inserted == [(2, 2)] and not m.canFetchMore(QModelIndex())
    assert [m.index(r, 0).data(BoxIdRole) for r in range(3)] == ["wrapped:专栏1", "chapters:专栏1", "runin:专栏1"]
    m.set_filter(text="加工贸易")                  # a new filter starts from its first chunk
    assert m.rowCount() == 1 and not m.canFetchMore(QModelIndex())
    m.set_filter(text="")
    assert m.rowCount() == 2 and m.canFetchMore(QModelIndex())


def test_bookmarks_model_edits_and_vanished_targets(qapp, st, tmp_path):
    ud = UserData(tmp_path / "user.sqlite")
    try:
        ud.add("chapters:专栏1", "box", "专栏1 重点开放平台", "chapters", "某规划")
        ud.add("gone:第一章", "section", "第一章", "gone", "旧规划")
        m = BookmarksModel(ud, st)
        rows = {m.rows[r]["target_id"]: r for r in range(m.rowCount())}
        assert "原文已不存在" in m.index(rows["gone:第一章"], COL_TITLE).data(D)
        assert m.setData(m.index(rows["chapters:专栏1"], COL_NOTE), "要点")
        assert ud.find("chapters:专栏1")["note"] == "要点"
        assert m.flags(m.index(0, COL_NOTE)) & Qt.ItemFlag.ItemIsEditable
    finally:
        ud.close()


def test_results_model_groups_hits_by_document(qapp):
    hits = [Hit("section", f"{d}:{k}", d, f"t{k}", "", "s", 1.0, ["x"]) for d, k in (("a", 1), ("a", 2), ("b", 3))]
    m = ResultsModel({"a": "甲规划", "b": "乙规划"})
    m.set_hits(hits)
    assert [m.index(r, 0).data(D) for r in range(m.rowCount())] == ["《甲规划》 2 条", "《乙规划》 1 条"]
    g = m.index(0, 0)
    assert m.rowCount(g) == 2 and m.index(1, 0, g).data(HitRole).id == "a:2"
    assert m.parent(m.index(1, 0, g)) == g and m.hit_count() == 3


def test_platform_filter_by_alias_and_kind(qapp, st):
    m = PlatformsModel(st)
    f = PlatformFilter()
    f.setSourceModel(m)
    f.set(text="西永综保区")
    # the zone, and the FTZ 板块 named after it
    assert [f.index(r, 0).data(PidRole) for r in range(f.rowCount())] == ["xiyong-csz", "block-xiyong"]
    f.set(text="", kind="片区")
    assert f.rowCount() > 0 and all(f.index(r, 0).data(PidRole) for r in range(f.rowCount()))
