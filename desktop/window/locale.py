"""Qt's own words in Chinese: the standard dialogs, buttons and context menus
(Look in / Save / Cancel, "…already exists. Do you want to replace it?", the print
dialog) speak the user's Chinese, from the translations PySide6 ships."""
from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []       # translators must outlive the call

# strings Qt 6 shows whose source text changed since qtbase_zh_CN was last updated
# (found by listing the untranslated words of every standard dialog the window opens)
GAPS = {
    "zh_CN": {("QFileDialog", "&Look in:"): "查找范围(&L)：", ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
              ("QFileSystemModel", "Folder"): "文件夹", ("QAbstractFileIconProvider", "Folder"): "文件夹",
              ("QPrintSettingsOutput", "Page &Set:"): "打印页面(&S)："},
    "zh_TW": {("QFileDialog", "&Look in:"): "尋找於(&L)：", ("QFileDialog", "Files of &type:"): "檔案類型(&T)：",
              ("QFileSystemModel", "Folder"): "資料夾", ("QAbstractFileIconProvider", "Folder"): "資料夾",
              ("QPrintSettingsOutput", "Page &Set:"): "列印頁面(&S)："},
}


class GapTranslator(QTranslator):
    """The few of Qt's words its shipped translation misses, looked up after it."""

    def __init__(self, table: dict, parent=None):
        super().__init__(parent)
        self.table = table

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401 (Qt's name)
        return self.table.get((context, source))       # None: not ours (Qt asks the next translator)

    def isEmpty(self):  # noqa: N802
        return False


def chinese_locale(system: QLocale | None = None) -> QLocale:
    """The system's locale when it is a Chinese one (zh_TW, zh_HK …), else zh_CN."""
    loc = system or QLocale.system()
    if loc.language() == QLocale.Language.Chinese:
        return loc
    return QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedChineseScript, QLocale.Country.China)


def install_translations(app, system: QLocale | None = None) -> QLocale:
    """Load qtbase's translation for the Chinese locale into app; return the locale used."""
    loc = chinese_locale(system)
    QLocale.setDefault(loc)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    for name in ("qtbase",):
        t = QTranslator(app)
        # qtbase_zh_TW for 繁體 locales, qtbase_zh_CN otherwise (QTranslator tries the locale's names in turn)
        if t.load(loc, name, "_", path) or t.load(f"{name}_zh_CN", path):
            app.installTranslator(t)
            _installed.append(t)
    gaps = GapTranslator(GAPS["zh_TW" if loc.script() == QLocale.Script.TraditionalChineseScript else "zh_CN"], app)
    app.installTranslator(gaps)
    _installed.append(gaps)
    return loc
