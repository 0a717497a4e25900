"""Qt's own words in Chinese: the standard dialogs, buttons and context menus
(Look in / Save / Cancel, "…already exists. Do you want to replace it?", the print
dialog) speak the user's Chinese, from the translations PySide6 ships."""
from __future__ import annotations

import ctypes

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []       # translators must outlive the call

# strings Qt 6 shows whose source text changed since qtbase_zh_CN was last updated
# (found by listing the untranslated words of every standard dialog the window opens)
GAPS = {
    "zh_CN": {("QFileDialog", "&Look in:"): "查找范围(&L)：", ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
              ("QFileSystemModel", "Folder"): "文件夹", ("QAbstractFileIconProvider", "Folder"): "文件夹",
              ("QPrintSettingsOutput", "Page &Set:"): "打印页面(&S)：",
              # 打印机属性 (the print dialog's 属性 button): the 页 and 任务选项 tabs
              ("QPageSetupWidget", "Pages &per sheet:"): "每张页数(&P)：", ("QPageSetupWidget", "Page &order:"): "页面顺序(&O)：",
              ("QCupsJobWidget", "Scheduled &printing:"): "定时打印(&P)：",
              ("QCupsJobWidget", "&Billing information:"): "计费信息(&B)：",
              ("QCupsJobWidget", "Job &priority:"): "任务优先级(&P)：",
              ("QCupsJobWidget", "&Start:"): "开始(&S)：", ("QCupsJobWidget", "&End:"): "结束(&E)：",
              ("QAbstractFileIconProvider", "Drive"): "驱动器"},
    "zh_TW": {("QFileDialog", "&Look in:"): "尋找於(&L)：", ("QFileDialog", "Files of &type:"): "檔案類型(&T)：",
              ("QFileSystemModel", "Folder"): "資料夾", ("QAbstractFileIconProvider", "Folder"): "資料夾",
              ("QPrintSettingsOutput", "Page &Set:"): "列印頁面(&S)：",
              ("QPageSetupWidget", "Pages &per sheet:"): "每張頁數(&P)：", ("QPageSetupWidget", "Page &order:"): "頁面順序(&O)：",
              ("QCupsJobWidget", "Scheduled &printing:"): "排程列印(&P)：",
              ("QCupsJobWidget", "&Billing information:"): "帳單資訊(&B)：",
              ("QCupsJobWidget", "Job &priority:"): "工作優先順序(&P)：",
              ("QCupsJobWidget", "&Start:"): "開始(&S)：", ("QCupsJobWidget", "&End:"): "結束(&E)：",
              ("QAbstractFileIconProvider", "Drive"): "磁碟機"},
}


class GapTranslator(QTranslator):
    """The few of Qt's words its shipped translation misses, looked up after it."""

    def __init__(self, table: dict, parent=None):
        super().__init__(parent)
        self.table = table

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401 (Qt's name)
        ours = self.table.get((context, source))
        if ours is None:
            # None: not ours (Qt asks the next translator). PySide drops a reference to the
            # None returned by this override on every call; without this one given back, a
            # few thousand misses later Python aborts ("deallocating None"). Harmless where
            # None is immortal (Python 3.12+) or once PySide keeps its count.
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
        return ours

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
