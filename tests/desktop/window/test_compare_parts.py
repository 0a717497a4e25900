"""The comparison window's new parts: 成效 as a fourth column, a platform's 片区/板块/
sub-projects rolled up (marked), and the candidates found in the plans, accepted into
the user's gazetteer or ignored."""
from __future__ import annotations

import re

import pytest
from docx import Document

from tests.helpers.deskhelp import shot
from desktop.window.compare_view import PidRole


@pytest.fixture
def view(qtbot, window):
    v = window.open_compare()
    qtbot.waitExposed(v)
    return v


def table_header(v) -> list[str]:
    from tests.desktop.window.test_compare_view import cell_text, first_table
    t = first_table(v)
    return [cell_text(t, 0, c) for c in range(t.columns())]


def test_results_are_a_column_of_their_own(view):
    view.select(["自贸区"])
    assert table_header(view) == ["文件", "定位", "功能", "任务", "成效"]
    text = view.view.toPlainText()
    assert "制度创新成效显著。" in text          # 001 一、（一） 发展基础
    ftz = view.store.positionings("ftz", "ftz-2022", aspect="成效")
    assert ftz and all(x["aspect"] == "成效" for x in ftz)


def test_parts_are_rolled_up_and_marked(qtbot, view, window, tmp_path):
    view.resize(1280, 800)
    view.select(["两江新区"])
    before = view.view.toPlainText()
    assert "〔" not in before and "含所属" not in before
    view.kids.setChecked(True)
    after = view.view.toPlainText()
    assert "含所属：" in after and "两江协同创新区" in after
    # the part it is about leads it (a sentence given to several parts: once, naming each)
    assert re.search(r"〔[^〕]*两江协同创新区[^〕]*〕高标准打造两江协同创新区", after)
    assert after.count("高标准打造两江协同创新区，") == 1
    assert after.count("［《") > before.count("［《")
    shot(view, "compare-liangjiang-parts")
    f = view.export("docx", str(tmp_path / "两江新区.docx"))
    paras = [p.text for p in Document(f).paragraphs]
    assert any(re.match(r"〔[^〕]*两江协同创新区[^〕]*〕高标准打造", p) for p in paras)
    view.kids.setChecked(False)
    assert view.view.toPlainText() == before


def test_accepting_a_candidate_adds_it_to_the_gazetteer(qtbot, view, window):
    rows = view.cand_model.rows
    assert rows and view.btn_accept.isEnabled()
    name = rows[0]["name"]
    view.cand_list.setCurrentIndex(view.cand_model.index(0, 0))
    view.show_candidate(name)
    assert "未收录 · 未经审核" in view.view.toPlainText() and "例句：" in view.view.toPlainText()
    index_files = {p.name: p.stat().st_mtime_ns for p in (window.data / "index").iterdir()}
    assert view.decide("accepted")
    # the statements were read again (the texts, and so the search index, stay)
    p = window.store.find_platform(name)
    assert p and p["source"] == "user"
    assert {p2.name: p2.stat().st_mtime_ns for p2 in (window.data / "index").iterdir()} == index_files
    assert name not in [c["name"] for c in view.cand_model.rows]
    shown = [view.proxy.index(r, 0) for r in range(view.proxy.rowCount())]
    mine = [i for i in shown if i.data(PidRole) == p["id"]]
    assert mine and "用户收录" in mine[0].data()
    view.list.setCurrentIndex(mine[0])
    view.select([name])
    assert "用户收录，未审核" in view.view.toPlainText()
    assert window.userdata.user_platforms("accepted")[0]["name"] == name


def test_ignoring_a_candidate_hides_it_and_its_statements(qtbot, view, window):
    n = view.cand_model.rowCount()
    name = view.cand_model.rows[-1]["name"]
    assert window.store.find_platform(name)["source"] == "discovered"     # compared at once …
    assert view.decide("ignored", name)
    assert window.store.find_platform(name) is None          # … until rejected: its statements go too
    assert view.cand_model.rowCount() == n - 1 and name not in [c["name"] for c in view.cand_model.rows]
    assert f"（{n - 1}，未经审核）" in view.cand_label.text() or n - 1 == 0
    assert window.userdata.user_platforms("ignored")[0]["name"] == name
    # a new window (the data read again) still hides it
    view.set_store(window.store)
    assert name not in [c["name"] for c in view.cand_model.rows]
