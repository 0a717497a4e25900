"""The 专题 page: a topic built from four pages (a section in the reader, a 专栏, an
indicator row, a search hit) through 加入专题…, reordered (上移/下移 and a drag),
given 按语, surviving a rebuild of the store; an entry whose plan is gone says so
and keeps its text; Ctrl+Shift+T adds the passage selected in the reader."""
from __future__ import annotations

import csv
import shutil

from docx import Document
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QTextCursor

from db import paths
from db.citation import OFFICIAL, cite
from desktop.window import topics_page
from desktop.window.boxes_browser import BoxIdRole
from desktop.window.indicators_view import EntryRole
from desktop.window.session import EVERYTHING, TOPICS
from desktop.window.topics_page import GONE
from tests.helpers.deskhelp import answer_export, type_text, wait_hits

SEC = "ftz-2022:五、"
BOX = "open-platforms-2018:专栏1"
TOPIC = "开放平台材料"


def answer_chooser(monkeypatch, answers: list):
    """Stand in for the person at the chooser: the answers in turn (a name is 新建专题…)."""
    asked = []

    def choose(parent, userdata, what):
        asked.append(what)
        return answers.pop(0) if answers else None
    monkeypatch.setattr(topics_page, "choose_topic", choose)
    return asked


def trigger(menu, name="actAddToTopic"):
    act = next(a for a in menu.actions() if a.objectName() == name)
    assert act.isEnabled()
    act.trigger()
    menu.close()


def tid_of(w, name=TOPIC) -> int:
    return w.userdata.topic(name)["id"]


def add_from_four_pages(qtbot, w, monkeypatch) -> list[str]:
    """A section (reader), a 专栏 (专栏 page), an indicator row (指标 page), a search hit
    (the search panel's menu) into one new topic; their place ids in order."""
    answer_chooser(monkeypatch, [TOPIC, None, None, None])
    w.reader.go_to(SEC)
    trigger(w.reader.context_menu(QPoint(5, 5)))
    tid = tid_of(w)
    answer_chooser(monkeypatch, [tid] * 3)
    m = w.boxes.model
    box_id = m.index(0, 0).data(BoxIdRole)
    trigger(w.boxes.context_menu(w.boxes.view.visualRect(m.index(0, 0)).center()))
    ind = w.open_indicators()
    row = ind.proxy.index(0, 0)
    ind_id = row.data(EntryRole)["id"]
    trigger(ind.context_menu(ind.table.visualRect(row).center()))
    panel = w.search
    type_text(panel.edit, "两江新区")
    wait_hits(qtbot, panel)
    panel.view.expandAll()
    hit_idx = panel.model.index(0, 0, panel.model.index(0, 0))
    hit_id = panel.model.hit(hit_idx).id
    trigger(panel.context_menu(panel.view.visualRect(hit_idx).center()))
    return [SEC, box_id, ind_id, hit_id]


def page_targets(page) -> list[str]:
    return [e["target_id"] for e in page.model.rows]


def test_a_topic_from_four_pages_reordered_annotated_survives_a_rebuild(qtbot, window, monkeypatch):
    w = window
    ids = add_from_four_pages(qtbot, w, monkeypatch)
    tid = tid_of(w)
    assert [e["target_id"] for e in w.userdata.entries(tid)] == ids
    page = w.show_page(w.topics)
    page.choose(tid)
    assert page_targets(page) == ids                  # the page heard TOPICS
    assert page.topics.rows[0]["name"] == "书签"          # the default 专题 first
    assert page.model.index(0, 0).data().startswith(w.userdata.entries(tid)[0]["title"])
    assert GONE not in "".join(page.model.index(r, 0).data() for r in range(4))

    # 下移 the first entry, then drag the last to the top
    page.view.selectRow(0)
    page.step(1)
    assert page_targets(page) == [ids[1], ids[0], ids[2], ids[3]]
    m = page.model
    m.dropMimeData(m.mimeData([m.index(3, 0)]), Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    order = [ids[3], ids[1], ids[0], ids[2]]
    assert page_targets(page) == order
    assert [e["target_id"] for e in w.userdata.entries(tid)] == order

    # 按语 on the section's entry
    r = page_targets(page).index(SEC)
    page.edit_note(r, "自贸区的定位，供专题会参考")
    assert page.model.index(r, 2).data() == "自贸区的定位，供专题会参考"

    assert w.rebuild() == "done"
    assert page_targets(page) == order
    assert [e["note"] for e in page.model.rows if e["target_id"] == SEC] == ["自贸区的定位，供专题会参考"]
    assert not any(e["gone"] for e in page.model.rows)


def test_an_entry_whose_plan_is_gone_says_so_and_keeps_its_text(qtbot, window, monkeypatch, tmp_path):
    w = window
    answer_chooser(monkeypatch, [TOPIC, None])
    w.reader.go_to(SEC)
    w.reader.add_to_topic()
    text = w.userdata.entries(tid_of(w))[0]["text"]
    assert text
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in paths.resource("corpus").iterdir():
        if not f.name.startswith("001_"):              # the FTZ plan goes
            shutil.copy(f, corpus / f.name)
    assert w.rebuild(corpus) == "done"
    page = w.show_page(w.topics)
    page.choose(TOPIC)
    assert page.model.rows[0]["gone"] and page.model.rows[0]["text"] == text
    assert GONE in page.model.index(0, 0).data()
    assert f"1 条{GONE}" in page.title.text()
    seen = []
    w.reader.navigated.connect(seen.append)
    monkeypatch.setattr(topics_page, "inform", lambda *a: seen.append(a[2]))
    page.open_entry(0)                                 # says why instead of opening nothing
    assert len(seen) == 1 and GONE in seen[0]


def test_ctrl_shift_t_adds_the_selected_passage(qtbot, window, monkeypatch):
    w = window
    asked = answer_chooser(monkeypatch, [TOPIC])
    w.reader.go_to(SEC)
    c = w.reader.view.textCursor()
    c.movePosition(QTextCursor.MoveOperation.End)
    c.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    c.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    w.reader.view.setTextCursor(c)
    words = c.selectedText().strip()
    assert words
    qtbot.keyClick(w, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked
    e = w.userdata.entries(tid_of(w))[0]
    assert e["quote"] and e["quote"] in words


def test_topics_is_a_change_the_session_tells(qtbot, window, monkeypatch):
    w = window
    assert TOPICS in EVERYTHING
    seen = []
    real = w.topics.refresh
    monkeypatch.setattr(w.topics, "refresh", lambda changes: (seen.append(set(changes)), real(changes)))
    tid = w.userdata.add_topic("临时")
    w.session.tell(TOPICS)
    assert seen == [{TOPICS}]
    assert any(t["id"] == tid for t in w.topics.topics.rows)


def test_markdown_and_csv_of_a_topic(qtbot, window, monkeypatch, tmp_path):
    w = window
    answer_chooser(monkeypatch, [TOPIC, None])
    w.reader.go_to(BOX)
    w.reader.add_to_topic()
    page = w.show_page(w.topics)
    page.choose(TOPIC)
    page.edit_note(0, "三类平台的总表")
    md = page.export_markdown(str(tmp_path / "t.md"))
    text = (tmp_path / "t.md").read_text(encoding="utf-8")
    assert md and TOPIC in text and "三类平台的总表" in text
    out = page.export_csv(str(tmp_path / "t"))
    assert out.endswith(".csv")
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1 and rows[0]["按语"] == "三类平台的总表"


def test_the_compilation_goes_to_word_in_the_order_with_citations_and_notes(qtbot, window, monkeypatch, tmp_path):
    w = window
    answer_chooser(monkeypatch, [TOPIC, None])
    for pid in (BOX, SEC):
        w.reader.go_to(pid)
        w.reader.add_to_topic()
        answer_chooser(monkeypatch, [tid_of(w)])
    page = w.show_page(w.topics)
    page.choose(TOPIC)
    page.edit_note(1, "自贸区的定位，供专题会参考")
    path = tmp_path / "汇编.docx"
    answer_export(monkeypatch, path, "开放平台资料汇编")
    assert page.export_word() == str(path)
    d = Document(str(path))
    text = [p.text for p in d.paragraphs]
    whole = "\n".join(text)
    assert "开放平台资料汇编" in whole
    box_cite, sec_cite = cite(w.store, BOX, OFFICIAL), cite(w.store, SEC, OFFICIAL)
    assert box_cite in whole and sec_cite in whole
    assert whole.rindex(box_cite) < whole.rindex(sec_cite)        # the order the person gave
    notes = [p for p in d.paragraphs if p.text.strip() and "自贸区的定位" in p.text]
    assert notes and notes[-1].style.name == "按语"
    assert d.tables                                               # the 专栏's table as a table


def test_a_comparison_statement_goes_into_a_topic(qtbot, window, monkeypatch):
    from tests.desktop.window.test_compare_comfort import point_of
    from tests.desktop.window.test_compare_view import LJ_DING_2018
    w = window
    v = w.open_compare()
    qtbot.waitExposed(v)
    v.select(["两江新区"])
    answer_chooser(monkeypatch, [TOPIC])
    trigger(v.context_menu(point_of(v, LJ_DING_2018[:12])))
    e = w.userdata.entries(tid_of(w))[0]
    assert e["kind"] == "statement" and w.store.positioning(e["target_id"])
    assert LJ_DING_2018 in e["text"]
    menu = v.context_menu(point_of(v, "类别："))          # off a statement: nothing to add
    assert not next(a for a in menu.actions() if a.objectName() == "actAddToTopic").isEnabled()


def test_a_place_dragged_from_the_outline_or_a_hit_onto_a_topic_joins_it(qtbot, window):
    from PySide6.QtCore import QMimeData, Qt

    from desktop.window.outline_model import TargetRole
    page = window.topics
    tid = page.new_topic("拖入的材料")
    row = page.topics.row_of(tid)
    target = page.topics.index(row, 0)
    first = window.outline_model.index(0, 0)
    window.outline_model.fetchMore(first)
    sec = window.outline_model.index(0, 0, first)
    mime = window.outline_model.mimeData([sec])                 # what a drag from the 目录 carries
    assert page.topics.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    window.search.edit.setText("两江新区")
    qtbot.waitUntil(lambda: window.search.model.hit_count() > 0, timeout=8000)
    m = window.search.model
    hit = m.index(0, 0, m.index(0, 0))
    assert page.topics.dropMimeData(m.mimeData([hit]), Qt.DropAction.CopyAction, -1, -1, target)
    entries = window.userdata.entries(tid)
    assert [e["target_id"] for e in entries] == [sec.data(TargetRole), m.hit(hit).id]
    other = QMimeData()
    other.setText("file:///etc/passwd")                          # another program's drop: nothing happens
    assert not page.topics.dropMimeData(other, Qt.DropAction.CopyAction, -1, -1, target)
    bookmarks = page.topics.index(page.topics.row_of(None), 0)   # 书签 is the bookmarks: nothing dropped there
    assert not page.topics.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, bookmarks)
    assert len(window.userdata.entries(tid)) == 2
