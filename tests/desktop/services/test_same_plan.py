"""The same plan in another format is recognised (desktop/services/importing.py `_same_plan`):
by title and 发文字号, by 发文字号 alone, and by the text itself (a fingerprint of
hashed 8-character shingles, Jaccard >= SAME_TEXT) even when the title could not be
read. It is offered as a replacement, never imported as a silent second copy."""
from __future__ import annotations

import os

import pytest

from tests.helpers import support
from db import paths
from db.importer import parse_file
from db.store import Store
from desktop.services import importing
from desktop.services.importing import SAME_TEXT, _same_plan, doc_body, examine, jaccard, shingles
from tests.helpers.tests_helpers_make import write_small_plan

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CONV = support.TESTS / "conversions"
# conversions whose title the importer once read wrong (a page template's title, a GBK page, LibreOffice's docx)
HARD = [("html-trs", "000"), ("html-zoom-gbk", "003"), ("lo-odt", "000"), ("pdf-web", "002")]


def _conv(folder, prefix):
    return next((CONV / folder).glob(f"{prefix}_*"))


def _misread(doc):
    """The plan as if neither its title nor its 发文字号 could be read."""
    doc.title, doc.doc_number = "未命名文件", None
    return doc


@pytest.mark.parametrize("folder,prefix", HARD)
def test_recognised_by_its_text_when_the_title_is_lost(folder, prefix, built_data):
    doc = _misread(parse_file(_conv(folder, prefix)))
    with Store(paths.plans_db(built_data)) as st:
        found = _same_plan(st, doc)
    assert found is not None and found["id"] == support.doc_id(prefix)
    assert found["same_by"] == "正文" and found["similarity"] >= SAME_TEXT


@pytest.mark.parametrize("folder,prefix", HARD)
def test_examine_offers_it_as_a_replacement(folder, prefix, built_data):
    [c] = examine(built_data, [_conv(folder, prefix)])
    assert c.same_plan is not None and c.same_plan["id"] == support.doc_id(prefix)


def test_the_fingerprint_tells_the_plans_apart(parsed_docs):
    """Measured: a conversion against its own plan and against the others."""
    prints = {p: shingles(doc_body(d)) for p, d in parsed_docs.items()}
    for folder, prefix in HARD + [("txt-paste", "001"), ("pdf-gongwen", "004")]:
        mine = shingles(doc_body(parse_file(_conv(folder, prefix))))
        for p, other in prints.items():
            score = jaccard(mine, other)
            assert (score >= 0.8) if p == prefix else (score < 0.1), (folder, prefix, p, score)


def test_by_doc_number_alone(built_data, parsed_docs):
    doc = parse_file(support.source_path("001"))
    assert doc.doc_number
    doc.title = "别的标题"
    with Store(paths.plans_db(built_data)) as st:
        found = _same_plan(st, doc)
    assert found["id"] == support.doc_id("001") and found["same_by"] == "发文字号"


def test_a_new_plan_is_not_taken_for_another(built_data, tmp_path):
    doc = parse_file(write_small_plan(tmp_path / "新规划.docx"))
    with Store(paths.plans_db(built_data)) as st:
        assert _same_plan(st, doc) is None
        assert _same_plan(st, _misread(doc)) is None


def test_import_without_replace_is_not_a_second_copy(data_copy):
    f = _conv("lo-odt", "000")
    [c] = importing.import_files(data_copy, [f])
    assert c.status == "skipped" and c.doc_id == support.doc_id("000")
    with Store(paths.plans_db(data_copy)) as st:
        assert len(st.documents()) == 5
    [c] = importing.import_files(data_copy, [f], replace=True)
    assert c.status == "replaced" and c.doc_id == support.doc_id("000")
    with Store(paths.plans_db(data_copy)) as st:
        assert len(st.documents()) == 5


def test_the_preview_shows_findings_with_their_source(qtbot, built_data, tmp_path):
    from desktop.window.import_dialog import ImportPreview, offered_note
    f = tmp_path / "无标题.txt"
    f.write_text("第一章 总体要求\n\n坚持开放发展。\n\n第二章 重点任务\n\n建设开放平台。\n", encoding="utf-8")
    offered = examine(built_data, [f, _conv("html-trs", "000")])
    dlg = ImportPreview(offered)
    qtbot.addWidget(dlg)
    assert "取自文件名" in offered_note(offered[0])                       # the 说明 column
    assert dlg.checks.count() == len(offered[0].doc.checks) >= 1
    assert dlg.checks.item(0).text().startswith("第1行：")
    dlg.view_source.click()
    text = dlg.source.toPlainText()
    assert dlg.source.isReadOnly() and "▶     1  第一章 总体要求" in text and "坚持开放发展。" in text
    assert "取自文件名" in dlg.outline.toPlainText()                 # the outline pane's 提示
    dlg.view.selectRow(1)
    assert offered_note(offered[1]).startswith(("已有同名规划", "已有同一规划"))
    offered[1].same_plan = dict(offered[1].same_plan, same_by="正文")
    assert offered_note(offered[1]).startswith("已有同一规划（正文相同：")
