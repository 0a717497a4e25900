"""Every citation the window can produce, for the plan whose order can't be trusted
(inland-opening-2021), says so: 「原文顺序不可靠」 (issue 27: the short form of a
whole plan, on 复制引用, Ctrl+Shift+C and the status bar, had dropped it)."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from db.citation import OFFICIAL, SHORT, cite
from search.units import load_units

INLAND = "inland-opening-2021"
CAVEAT = "原文顺序不可靠"
SHORT_TITLE = "重庆市内陆开放高地“十四五”规划"


def places(store) -> list[str]:
    """Places of the plan the reader can show: the plan, a section, a box, a table row, a target."""
    secs = store.sections(INLAND)
    boxes = store.boxes(INLAND)
    inds = store.indicators(INLAND)
    row = next(i["id"] for i in inds if i["table_label"])
    target = next(i["id"] for i in inds if not i["table_label"])
    return [f"doc:{INLAND}", secs[0]["id"], secs[-1]["id"], boxes[0]["id"], row, target]


def test_the_reader_the_shortcut_and_the_status_bar_say_the_order_is_unreliable(window):
    r = window.reader
    act = next(a for a in window.actions() if a.objectName() == "actCite")
    assert act.shortcut().toString() == "Ctrl+Shift+C"
    for t in places(window.store):
        r.go_to(t)
        assert r.target == t
        r.view.selectAll()
        for form in (SHORT, OFFICIAL):
            out = r.copy_with_citation(form)
            assert CAVEAT in out.rsplit("\n", 1)[-1], (t, form, out)
        QGuiApplication.clipboard().setText("")
        act.trigger()                                   # Ctrl+Shift+C
        assert CAVEAT in QGuiApplication.clipboard().text().rsplit("\n", 1)[-1], t
        window._update_status()
        assert CAVEAT in window.status.text(), (t, window.status.text())
    # the whole plan: short and official
    r.go_to(f"doc:{INLAND}")
    assert r.citation() == f"《{SHORT_TITLE}》（{CAVEAT}）"
    assert r.citation(OFFICIAL).endswith(f"（渝府发〔2021〕24号）（{CAVEAT}）")


def test_a_reliable_plan_is_cited_as_before(window):
    r = window.reader
    r.go_to("doc:open-platforms-2018")
    assert r.citation() == "《重庆市开放平台协同发展规划》"
    r.go_to("open-platforms-2018:第三章/第一节")
    assert r.citation() == "《重庆市开放平台协同发展规划》第三章第一节"


def test_comparison_cells_indicator_sources_and_bookmarks_say_so(qtbot, window):
    store = window.store
    # the comparison's cells
    v = window.open_compare()
    qtbot.waitExposed(v)
    v.select(["两江新区"])
    cells = re.findall(r"［(《[^］]*)］", v.view.toPlainText())
    mine = [c for c in cells if c.startswith(f"《{SHORT_TITLE}》")]
    assert mine and all(CAVEAT in c for c in mine), mine
    # indicator sources, short and official
    es = [e for e in window.open_indicators().model.all if e["document_id"] == INLAND]
    assert es
    for e in es:
        assert all(CAVEAT in s for s in e["sources"]), e["sources"]
        assert CAVEAT in window.indicators.citation(e) and CAVEAT in window.indicators.citation(e, OFFICIAL)
    # the bookmarks list: a bookmark and a highlight, cited in their tooltips
    r = window.reader
    r.go_to(store.sections(INLAND)[1]["id"])
    assert window.add_bookmark()
    r.view.selectAll()
    assert r.add_highlight("") is not None
    m = window.bookmarks.model
    m.reload()
    tips = [m.data(m.index(k, 0), Qt.ItemDataRole.ToolTipRole) for k in range(m.rowCount())]
    ours = [t for t in tips if SHORT_TITLE in t]
    assert len(ours) >= 2 and all(CAVEAT in t for t in ours), tips


def test_every_search_unit_and_hit_of_the_plan_is_cited_with_the_caveat(built_store, search_engine):
    units = load_units(built_store, {INLAND})
    assert len(units) > 50
    for u in units:
        for form in (SHORT, OFFICIAL):
            assert CAVEAT in cite(built_store, u.id, form), u.id
    hits = search_engine.search("两江新区", doc=INLAND, limit=200)
    assert hits
    for h in hits:
        assert CAVEAT in cite(built_store, h.id), h.id


def test_a_search_hits_tooltip_cites_through_the_one_path(qtbot, window):
    """The search panel's hit tooltip is the hit's citation (it had built 《title》path by
    hand, without the caveat)."""
    panel = window.search
    panel.edit.setText("内陆开放高地")
    qtbot.waitUntil(lambda: panel.model.hit_count() > 0, timeout=15000)
    m = panel.model
    tips = []
    for g in range(m.rowCount()):
        did, _ = m.groups[g]
        gi = m.index(g, 0)
        for k in range(m.rowCount(gi)):
            h = m.hit(m.index(k, 0, gi))
            tips.append((did, h.id, m.data(m.index(k, 0, gi), Qt.ItemDataRole.ToolTipRole)))
    inland = [t for did, _, t in tips if did == INLAND]
    assert inland and all(CAVEAT in t for _, t in [(0, x) for x in inland])
    assert all(cite(window.store, uid) in t for _, uid, t in tips)
