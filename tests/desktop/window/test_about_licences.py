"""关于 › 许可: the licences as plain text — the bundle's THIRD-PARTY-NOTICES when
frozen, what the installed distributions say from a checkout — found, copied."""
from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit, QPushButton

from desktop.services import licences
from desktop.window.about import AboutDialog, LicencesDialog


def test_from_a_checkout_each_distribution_plandesk_runs_on_has_its_licence_text(qtbot):
    dlg = LicencesDialog()
    qtbot.addWidget(dlg)
    text = dlg.view.toPlainText()
    assert "完整清单" in text and "THIRD-PARTY-NOTICES" in text          # the honest line: the rest comes with the bundle
    for name in ("jieba", "rjieba", "python-docx", "lxml", "PySide6_Essentials", "pypdfium2", "whoosh3"):
        assert f"\n{name} " in text, name
    jieba = licences.of(next(d for d in licences.requirements() if d.metadata["Name"] == "jieba"))
    assert jieba.licence == "MIT" and "Permission is hereby granted" in jieba.texts[0][1]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text                  # PySide6's LGPL, though its wheel has no text


def test_frozen_it_shows_the_shipped_notices_verbatim_never_as_markup(qtbot, tmp_path, monkeypatch):
    exe = tmp_path / "PlanDesk" / "PlanDesk"
    exe.parent.mkdir()
    exe.write_bytes(b"")
    notices = "<b>Qt</b> & <script>x</script>\nGNU LESSER GENERAL PUBLIC LICENSE\n<https://fsf.org/>\n"
    (exe.parent / "THIRD-PARTY-NOTICES").write_text(notices, encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    dlg = LicencesDialog()
    qtbot.addWidget(dlg)
    assert isinstance(dlg.view, QPlainTextEdit) and dlg.view.isReadOnly()
    assert dlg.view.toPlainText() == notices


def test_search_finds_the_next_place_and_wraps_and_copy_takes_it_all(qtbot):
    dlg = LicencesDialog(text="alpha\nLGPL one\nbeta\nLGPL two\n")
    qtbot.addWidget(dlg)
    dlg.find_box.setText("LGPL")
    assert dlg.find_next() and dlg.view.textCursor().block().text() == "LGPL one"
    assert dlg.find_next() and dlg.view.textCursor().block().text() == "LGPL two"
    assert dlg.find_next() and dlg.view.textCursor().block().text() == "LGPL one"     # round again
    dlg.find_box.setText("GPLv9")
    assert not dlg.find_next() and dlg.status.text() == "未找到"
    assert dlg.copy() == QGuiApplication.clipboard().text() == "alpha\nLGPL one\nbeta\nLGPL two\n"


def test_the_about_dialog_has_a_licences_button_that_opens_them(qtbot, tmp_path):
    about = AboutDialog(tmp_path, None)
    qtbot.addWidget(about)
    button = about.findChild(QPushButton, "aboutLicences")
    assert button is not None and button.text() == "许可"
    button.click()
    dlg = about.findChild(LicencesDialog)
    assert dlg is not None and dlg.isVisible() and "THIRD-PARTY-NOTICES" in dlg.view.toPlainText()
    dlg.close()
