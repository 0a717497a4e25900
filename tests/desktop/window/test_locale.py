"""Qt's own words are Chinese: standard buttons, the file and message dialogs,
context menus; a Traditional Chinese system gets Traditional characters."""
from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox

from tests.helpers.deskhelp import shot
from desktop.window.locale import chinese_locale, install_translations


def test_standard_buttons_are_chinese(qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save
                           | QDialogButtonBox.StandardButton.Yes)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "保存"
    assert box.button(QDialogButtonBox.StandardButton.Yes).text() == "是(&Y)"


def test_qts_file_dialog_speaks_chinese(qtbot, tmp_path):
    d = QFileDialog(None, "导出", str(tmp_path))
    d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(d)
    texts = {b.text() for b in d.findChildren(QDialogButtonBox)[0].buttons()}
    assert "保存(&S)" in texts or "保存" in texts
    assert "取消" in texts
    from PySide6.QtWidgets import QLabel
    labels = {lab.text() for lab in d.findChildren(QLabel)}
    assert any("文件名" in t for t in labels) and not any("File name" in t for t in labels)


def test_line_edit_context_menu_is_chinese(qtbot):
    e = QLineEdit()
    qtbot.addWidget(e)
    menu = e.createStandardContextMenu()
    words = [a.text() for a in menu.actions() if a.text()]
    assert any("复制" in w for w in words) and any("粘贴" in w for w in words)
    assert not any("Copy" in w for w in words)


def test_message_box_buttons(qtbot):
    m = QMessageBox(QMessageBox.Icon.Question, "t", "q", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(m)
    assert {b.text() for b in m.buttons()} == {"是", "否"} or {b.text() for b in m.buttons()} == {"是(&Y)", "否(&N)"}


def test_other_chinese_locales_are_followed(qapp):
    tw = QLocale(QLocale.Language.Chinese, QLocale.Script.TraditionalChineseScript, QLocale.Country.Taiwan)
    assert chinese_locale(tw) == tw
    assert chinese_locale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)).territory() == QLocale.Country.China
    try:
        install_translations(qapp, tw)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
        box2 = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply)
        assert box2.button(QDialogButtonBox.StandardButton.Apply).text() == "套用"      # 繁體, not 应用
    finally:
        install_translations(qapp)
    assert QDialogButtonBox(QDialogButtonBox.StandardButton.Apply).button(
        QDialogButtonBox.StandardButton.Apply).text() == "应用"


def _english_words(w) -> set[str]:
    import re

    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget
    out = set()
    for c in w.findChildren(QWidget):
        texts = [c.toolTip()]
        if isinstance(c, (QLabel, QAbstractButton)):
            texts.append(c.text())
        if isinstance(c, QComboBox) and c.isEditable() is False:
            texts += [c.itemText(i) for i in range(c.count())]
        out |= {t for t in texts if t and re.search(r"[A-Za-z]{3,}", t) and not re.search(r"[\u4e00-\u9fff]", t)
                and not t.startswith("/")}
    return out


def test_no_english_left_in_the_file_and_print_dialogs(qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    d = QFileDialog(None, "导出", str(tmp_path))
    d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(d)
    assert _english_words(d) == set()
    p = QPrintDialog(QPrinter())
    qtbot.addWidget(p)
    assert _english_words(p) == set()
    shot(d, "save-dialog")


def test_the_file_list_names_folders_in_chinese(qtbot, tmp_path):
    from PySide6.QtWidgets import QFileIconProvider
    (tmp_path / "子文件夹").mkdir()
    from PySide6.QtCore import QFileInfo
    assert QFileIconProvider().type(QFileInfo(str(tmp_path / "子文件夹"))) == "文件夹"


def test_no_english_left_in_the_printer_properties(qtbot):
    """属性 of the print dialog: the 页 tab (Pages per sheet, Page order) and the
    任务选项 tab (Scheduled printing, Billing information, Job priority, banner Start/End)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QApplication, QComboBox, QPushButton
    printer = QPrinter()                         # kept alive while the dialog runs
    p = QPrintDialog(printer)
    qtbot.addWidget(p)
    found = []

    def look():
        props = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not p and w.isModal()]
        for w in props:
            paper = {w.findChild(QComboBox, "pageSizeCombo").itemText(i)      # A4, JIS B5, ANSI C: names
                     for i in range(w.findChild(QComboBox, "pageSizeCombo").count())}
            found.append((w.windowTitle(), _english_words(w) - paper))
            w.reject()
        p.reject()

    def open_properties():
        QTimer.singleShot(200, look)
        p.findChild(QPushButton, "properties").click()

    QTimer.singleShot(100, open_properties)
    p.exec()
    assert found and found[0][0] == "打印机属性"
    assert found[0][1] == set()


def test_words_qt_asks_for_and_nobody_translates_do_not_wear_python_down(qapp):
    """GapTranslator answers None for a word that is not its own; PySide dropped one
    reference to None per answer, and Python aborted a few thousand words later."""
    import sys

    from PySide6.QtCore import QCoreApplication
    before = sys.getrefcount(None)
    for k in range(20000):
        assert QCoreApplication.translate("NoSuchContext", f"word {k % 7}") == f"word {k % 7}"
    assert sys.getrefcount(None) >= before - 50
    assert QCoreApplication.translate("QCupsJobWidget", "Scheduled &printing:") == "定时打印(&P)："
