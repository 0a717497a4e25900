"""Settings restored; first start builds with progress and can be cancelled."""
from __future__ import annotations

import os


from db import paths
from tests.helpers.deskhelp import shot


def test_settings_restored(qtbot, data_copy, clean_settings):
    from desktop.window.main_window import MainWindow
    w = MainWindow(data_copy)
    qtbot.addWidget(w)
    w.resize(760, 560)   # within the offscreen screen (800x600), which geometry restores clamp to
    w.show()
    qtbot.waitExposed(w)
    w.reader.go_to("hightech-zone-2021:第四章/第一节")
    w.reader.set_zoom(1.3)
    w.reader.toggle_lines()
    w.dock_search.hide()
    w.close()
    w2 = MainWindow(data_copy)
    qtbot.addWidget(w2)
    w2.show()
    qtbot.waitExposed(w2)
    assert w2.reader.target == "hightech-zone-2021:第四章/第一节"
    assert w2.reader.zoom == 1.3 and w2.reader.show_lines
    assert (w2.width(), w2.height()) == (760, 560)
    assert not w2.dock_search.isVisible()
    w2.close()


def test_first_start_build_progress_and_cancel(qtbot, tmp_path):
    from desktop.window.first_run import BuildDialog, data_current
    data = tmp_path / "fresh"
    data.mkdir()
    assert not data_current(data)
    seen = []
    dlg = BuildDialog(data)
    qtbot.addWidget(dlg)
    dlg.job.signals.progress.connect(lambda f, m: (seen.append(f), dlg.canceled.emit() if len(seen) == 1 else None))
    assert dlg.run() == "cancelled"
    assert seen and not paths.plans_db(data).exists()
    assert not [p for p in os.listdir(data) if p.startswith(".plans-") or p.startswith(".index-")]
    # again, to the end: the fraction rises to 1 and the data is current
    seen.clear()
    dlg2 = BuildDialog(data)
    qtbot.addWidget(dlg2)
    dlg2.job.signals.progress.connect(lambda f, m: seen.append(f))
    shown = []
    dlg2.job.signals.progress.connect(lambda f, m: shown.append(dlg2.labelText()) if len(shown) == 3 else None)
    assert dlg2.run() == "done"
    assert seen == sorted(seen) and seen[-1] >= 0.99
    assert data_current(data)


def test_bundled_font_registers(qapp):
    from desktop.window.fonts import BUNDLED, ensure_cjk_font
    from PySide6.QtGui import QFontDatabase, QTextLayout
    assert paths.resource("fonts", BUNDLED).exists()
    fam = ensure_cjk_font(qapp, force_bundled=True)
    assert "SC" in fam
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(fam)
    # what rendering uses: every character laid out with a real glyph of the bundled font
    # (QFontMetrics.inFont misreports CID-keyed CFF fonts, so it is not asked)
    text = "重庆市开放平台协同发展规划专栏灵点照疆"
    lay = QTextLayout(text, qapp.font())
    lay.beginLayout()
    lay.createLine()
    lay.endLayout()
    runs = lay.glyphRuns()
    assert [r.rawFont().familyName() for r in runs] == [fam]
    assert len(runs[0].glyphIndexes()) == len(text) and 0 not in runs[0].glyphIndexes()


def test_screenshots_large(qtbot, window):
    window.resize(1920, 1080)
    qtbot.wait(50)
    window.reader.go_to("open-platforms-2018:专栏1")
    window.search.edit.setText("两江新区")
    qtbot.waitUntil(lambda: window.search.model.hit_count() > 0, timeout=8000)
    f = shot(window, "main")
    if os.environ.get("PLANDESK_SCREENSHOTS"):
        assert f.exists()


def test_a_saved_size_too_small_to_read_in_is_not_restored(qtbot, data_copy, clean_settings):
    from desktop.window.main_window import MainWindow
    w = MainWindow(data_copy)
    qtbot.addWidget(w)
    w.resize(677, 293)
    w.save_state()
    w.search.shutdown()
    w2 = MainWindow(data_copy)
    qtbot.addWidget(w2)
    assert w2.height() >= 400 and w2.width() >= 640
    w2.search.shutdown()
