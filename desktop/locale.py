"""Qt's own words in Chinese: the standard dialogs, buttons and context menus
(Look in / Save / Cancel, "…already exists. Do you want to replace it?", the print
dialog) speak the user's Chinese, from the translations PySide6 ships."""
from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []       # translators must outlive the call


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
    return loc
