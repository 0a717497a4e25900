"""Highlights and notes on passages; reading (tables in sections, matches in the
body, history across plans); citations in two forms; printed pages; progress."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextTable

from tests.helpers.deskhelp import pdf_page_png, pdf_pages, shot
from desktop.window.bookmarks_panel import COL_KIND, COL_QUOTE, COL_TITLE

INLAND, HITECH, Y2018 = "inland-opening-2021", "hightech-zone-2021", "open-platforms-2018"
SEC = f"{Y2018}:第三章/第一节"
PHRASE = "明确各类平台的功能定位"


def select(reader, phrase: str):
    doc = reader.view.document()
    c = doc.find(phrase)
    assert not c.isNull(), phrase
    reader.view.setTextCursor(c)
    return c


def test_a_highlight_is_kept_shown_listed_and_survives_a_rebuild(qtbot, window):
    r = window.reader
    r.go_to(SEC)
    select(r, PHRASE)
    menu = r.context_menu(r.view.rect().center())
    names = {a.objectName(): a for a in menu.actions()}
    assert names["actHighlight"].isEnabled() and names["actAnnotate"].text() == "批注…"
    assert any(a.text() in ("复制(&C)", "复制") or "复制" in a.text() for a in menu.actions())   # Qt's own, in Chinese
    menu.close()
    names["actHighlight"].trigger()
    [h] = window.userdata.highlights(SEC)
    assert h["quote"] == PHRASE and h["prefix"] and h["suffix"]
    assert len(r.marks) == 1 and r.marks[0][0].selectedText() == PHRASE
    m = window.bookmarks.model
    row = next(k for k, x in enumerate(m.rows) if x["id"] == h["id"])
    assert m.index(row, COL_KIND).data() == "高亮" and m.index(row, COL_QUOTE).data() == PHRASE
    assert window.rebuild() == "done"
    r.go_to(SEC)
    assert len(r.marks) == 1 and r.marks[0][0].selectedText() == PHRASE      # found again by its anchor
    qtbot.wait(30)
    shot(window, "reader-highlight")
    window.show_page(window.bookmarks)
    for size in ((1280, 800), (1920, 1080)):
        window.resize(*size)
        qtbot.wait(30)
        shot(window, "bookmarks-highlight")


def test_a_note_on_a_passage_is_searchable_and_marked_when_its_text_changed(qtbot, window, monkeypatch):
    r = window.reader
    r.go_to(f"{HITECH}:第二章/第四节")
    select(r, "外贸进出口总额")
    from desktop.window import reader as reader_module
    monkeypatch.setattr(reader_module, "edit_note", lambda *a, **k: "与全市目标对照")
    hid = r.annotate()
    h = window.userdata.bookmark(hid)
    assert h["kind"] == "highlight" and h["note"] == "与全市目标对照"
    bm = window.bookmarks
    bm.find.setText("全市目标")
    assert [x["id"] for x in bm.model.rows] == [hid]
    assert bm.model.index(0, COL_KIND).data() == "批注"
    # an update changed the passage: the note stays, marked
    window.userdata.con.execute("update bookmarks set quote='外贸进出口总值' where id=?", [hid])
    window.userdata.con.commit()
    bm.model.reload()
    assert "原文已改动" in bm.model.index(0, COL_TITLE).data()
    assert "找不到这段文字" in bm.model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    r.go_to(f"{HITECH}:第二章/第四节")
    assert r.marks == []


def test_a_highlight_opens_from_the_list_with_its_passage_shown(qtbot, window):
    r = window.reader
    r.go_to(SEC)
    select(r, PHRASE)
    hid = r.add_highlight("")
    r.go_to(f"doc:{INLAND}")
    window.open_bookmark(hid)
    assert r.target == SEC and PHRASE in r.highlights and window.pages.currentWidget() is window.reader


def test_an_indicator_table_in_a_section_is_a_table(window):
    window.reader.go_to(f"{HITECH}:第二章/第四节")
    doc = window.reader.view.document()
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    big = [t for t in tables if t.rows() == 16]
    assert big, [t.rows() for t in tables]
    assert "|---|" not in doc.toPlainText() and "表2-1重庆高新区内陆开放高地建设指标体系表" in doc.toPlainText()


def test_the_first_current_match_is_in_the_body(window):
    r = window.reader
    r.go_to(SEC, ["平台"])           # 平台 is in the breadcrumb and the heading too
    assert r.matches and r.current >= 0
    assert r.matches[r.current].selectionStart() >= r._body_start() > 0


def test_a_search_hit_is_selected_in_the_outline(qtbot, window):
    window.open_hit(SEC, ["功能定位"])
    from desktop.window.outline_model import TargetRole
    idx = window.outline.currentIndex()
    assert idx.isValid() and idx.data(TargetRole) == SEC


def test_back_and_forward_across_plans(window):
    r = window.reader
    r.go_to(SEC)
    r.go_to(f"{HITECH}:第二章/第四节")
    r.go_to(f"doc:{INLAND}")
    r.back()
    assert r.target == f"{HITECH}:第二章/第四节"
    r.back()
    assert r.target == SEC
    r.forward()
    r.forward()
    assert r.target == f"doc:{INLAND}"


def test_citations_short_and_official(window):
    r = window.reader
    r.go_to(f"{INLAND}:第三篇/第八章/第三节")
    select(r, "两江新区")
    short = r.copy_with_citation("short")
    # the plan's order can't be trusted: the short form says so too, as the official one does
    assert short.endswith("（《重庆市内陆开放高地“十四五”规划》第三篇第八章第三节（原文顺序不可靠，所属章节仅供参考））")
    official = r.copy_with_citation("official")
    assert "《重庆市人民政府关于印发重庆市全面融入共建“一带一路”加快建设内陆开放高地“十四五”规划（2021—2025年）的通知》" \
           "（渝府发〔2021〕24号）第三篇第八章第三节" in official
    assert "原文顺序不可靠" in official and QGuiApplication.clipboard().text() == official
    # boxes and indicators too
    assert window.boxes.citation(f"{HITECH}:专栏8-2", "official").startswith(
        "《重庆高新区管委会关于印发〈重庆高新区内陆开放高地建设“十四五”规划〉的通知》（渝高新发〔2021〕27号）")
    e = next(x for x in window.open_indicators().model.all if x["id"] == f"{HITECH}:表2-1#3")
    assert window.indicators.citation(e, "official").endswith("第二章第四节表2-1第3行")
    assert window.indicators.citation(e) == e["source"]
    window.show_page(window.reader)       # as found (a window left on another page re-cites when torn down)


def test_a_printed_page_has_the_title_page_numbers_and_legible_small_print(window, tmp_path):
    from desktop.window.printing import PRINT_CSS
    r = window.reader
    r.go_to(SEC)                      # three positioning tables: several pages
    out = r.save_pdf(str(tmp_path / "p.pdf"))
    n = r.pages_printed
    assert n >= 2
    for k, page in enumerate(pdf_pages(out, n), start=1):
        assert "重庆市开放平台协同发展规划(2018―2020年)" in page and f"—{k}/{n}—" in page.replace(" ", "")
    sizes = [float(x) for x in re.findall(r"font-size:\s*([\d.]+)pt", PRINT_CSS)]
    assert min(sizes) >= 9 and not re.search(r"font-size:\s*[\d.]+px", PRINT_CSS)
    r.go_to(f"{HITECH}:第二章/第四节")
    out = r.save_pdf(str(tmp_path / "t.pdf"))
    rows = [ln for p in pdf_pages(out, r.pages_printed) for ln in p.splitlines() if "预期性" in ln]
    assert len(rows) == 15               # every row of 表2-1 printed whole, on one line
    png = pdf_page_png(tmp_path / "p.pdf", 0, tmp_path / "page-1.png")
    from PySide6.QtGui import QImage
    img = QImage(str(png))
    assert img.width() > 400 and img.height() > 500      # an A4 page at 60 dpi
    shots = __import__("os").environ.get("PLANDESK_SCREENSHOTS")
    if shots:
        import shutil
        shutil.copy(png, f"{shots}/printed-page-1.png")


@pytest.mark.parametrize("msg, frac, elapsed, shown", [
    ("索引完成", 0.35, 2.0, "正在处理…\n剩余时间：不到 5 秒"),
    ("解析规划 3/5", 0.2, 0.5, "解析规划 3/5"),
    ("解析规划 3/5", 0.2, 4.0, "解析规划 3/5\n剩余时间：约 16 秒"),
    ("建立搜索索引 40/900", 0.5, 100.0, "建立搜索索引 40/900\n剩余时间：约 2 分钟"),
])
def test_progress_names_the_step_and_the_time_left(msg, frac, elapsed, shown):
    from desktop.window.jobs import step_text
    assert step_text(msg, frac, elapsed) == shown


def test_a_builds_steps_are_plain_words(tmp_path):
    from desktop.services.update import stage_update
    said = []
    staged = stage_update(tmp_path / "d", progress=lambda f, m: said.append(m))
    staged.discard()
    steps = [m for m in said if m]
    assert any(m.startswith("解析规划 1/") for m in steps) and "写入数据" in steps
    assert any(m.startswith("建立搜索索引") for m in steps)
    for m in steps:
        assert ".txt" not in m and "sqlite" not in m and not m.endswith("完成"), m
        assert "/" not in re.sub(r"\d+/\d+", "", m), m          # a slash only in a count (3/5)


def test_pages_are_never_cut_inside_a_row_or_a_line(window):
    from PySide6.QtGui import QTextDocument

    from desktop.present import render
    from desktop.window.printing import PRINT_CSS, _spans, page_cuts
    doc = QTextDocument()
    doc.setDefaultStyleSheet(PRINT_CSS)
    doc.setHtml(render.render(window.store, SEC))
    doc.setTextWidth(700)
    height = 500.0
    cuts = page_cuts(doc, height)
    assert len(cuts) >= 3 and cuts[-1] >= doc.size().height() - 1
    for t, b in _spans(doc):
        if b - t <= height:
            assert not any(t < c < b for c in cuts[:-1]), (t, b)
    assert all(0 < b - a <= height for a, b in zip([0.0] + cuts, cuts))


# ---- issue 28: notes visible while reading and on paper; highlights shared by a 专栏 and its section ----
NOTE = "与2021年规划第三篇对照：功能定位已调整"
PASSAGE = "建成国家自主创新示范区窗口"


def hover(reader, pos):
    """What Qt sends when the mouse rests on the page: a tooltip event at pos."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip
    vp = reader.view.viewport()
    QToolTip.hideText()
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_a_note_shows_its_mark_and_its_text_on_hover(qtbot, window):
    r = window.reader
    r.go_to(SEC)
    window.resize(1280, 800)
    c = select(r, PASSAGE)
    r.add_highlight(NOTE)
    select(r, "产业集聚平台核心功能")
    r.add_highlight("")                                   # a highlight without a note: no mark, no tooltip
    r.view.setTextCursor(r.view.document().find("nothing-here"))
    assert [label for _, label in r.view.note_marks] == ["注1"]
    at = r.view.cursorRect(c).center()
    assert hover(r, at) == f"批注：{NOTE}"
    [(rect, label, _)] = r.view.note_rects()
    assert rect.right() < r.view.cursorRect(c).left() - r.view.cursorRect(c).width() or rect.left() < 30
    assert hover(r, rect.center()) == f"批注：{NOTE}"                  # on the 注1 mark in the margin
    plain = r.view.cursorRect(select(r, "产业集聚平台核心功能")).center()
    r.view.setTextCursor(r.view.document().find("nothing-here"))
    assert r.note_at(plain) is None and r.note_at(at)["note"] == NOTE
    img = r.view.viewport().grab().toImage()
    assert img.pixelColor(rect.left() + 2, rect.center().y()).name() == "#0b5cad"    # the mark is drawn
    shot(window, "reader-note-mark")


def test_notes_print_when_asked_numbered_as_on_screen(window, tmp_path):
    r = window.reader
    r.go_to(SEC)
    select(r, PASSAGE)
    r.add_highlight(NOTE)
    r.act_print_notes.setChecked(False)
    plain = "\n".join(pdf_pages(r.save_pdf(str(tmp_path / "plain.pdf"))))
    assert "批注" not in plain and NOTE not in plain
    r.act_print_notes.setChecked(True)
    pages = pdf_pages(r.save_pdf(str(tmp_path / "notes.pdf")))
    assert "[1]" in pages[0].splitlines()                     # the superscript after the passage, raised
    last = [ln for ln in pages[-1].splitlines() if ln.strip()]  # the list, heading and notes kept together
    k = last.index("批注")
    assert last[k + 1] == f"[1]「{PASSAGE}」:{NOTE}".replace("：", ":")
    r.act_print_notes.setChecked(False)


def test_breadcrumbs_print_as_plain_text(window, tmp_path):
    from desktop.window.printing import PRINT_CSS
    from desktop.window.safe_browser import SafeDocument
    r = window.reader
    r.go_to(SEC)
    seen = []
    import desktop.window.reader as reader_mod
    real = reader_mod.print_html
    reader_mod.print_html = lambda html, *a, **k: (seen.append(html), real(html, *a, **k))[1]
    try:
        r.save_pdf(str(tmp_path / "c.pdf"))
    finally:
        reader_mod.print_html = real
    doc = SafeDocument()
    doc.setDefaultStyleSheet(PRINT_CSS)
    doc.setHtml(seen[0])
    crumb = doc.begin()
    assert "›" in crumb.text() and not any(f.fragment().charFormat().isAnchor() for f in iter_fragments(crumb))


def iter_fragments(block):
    it = block.begin()
    while not it.atEnd():
        yield it
        it += 1


def test_a_highlight_on_a_box_shows_in_its_section_and_back(window):
    r = window.reader
    box = f"{Y2018}:专栏1"
    r.go_to(box)
    select(r, "内陆国际物流枢纽和口岸高地")
    hid = r.add_highlight("专栏里的批注")
    assert window.userdata.bookmark(hid)["target_id"] == box
    r.go_to(SEC)
    assert [h["id"] for _, h in r.marks] == [hid]
    assert r.marks[0][0].selectedText() == "内陆国际物流枢纽和口岸高地"
    assert [label for _, label in r.view.note_marks] == ["注1"]
    # made on the section page inside the box: it belongs to the box, so the box page shows it too
    select(r, "创新驱动引领区")
    hid2 = r.add_highlight("")
    assert window.userdata.bookmark(hid2)["target_id"] == box
    r.go_to(box)
    assert {h["id"] for _, h in r.marks} == {hid, hid2}
    # made on the section's own text: the section's, not shown on the box page
    r.go_to(SEC)
    select(r, PASSAGE)
    hid3 = r.add_highlight("")
    assert window.userdata.bookmark(hid3)["target_id"] == SEC
    r.go_to(box)
    assert hid3 not in {h["id"] for _, h in r.marks}
