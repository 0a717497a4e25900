"""Chinese must render everywhere: use a system CJK font, or the bundled subset."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from db import paths

PREFERRED = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
             "WenQuanYi Micro Hei", "SimHei", "SimSun"]
BUNDLED = "NotoSansSC-PlanDesk.otf"


def system_cjk_family() -> str | None:
    fams = set(QFontDatabase.families())
    for f in PREFERRED:
        if f in fams:
            return f
    for f in sorted(fams):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(f):
            return f
    return None


def ensure_cjk_font(app, force_bundled: bool = False) -> str:
    """Set the application font to a CJK family; register the bundled subset when
    the system has none. Returns the family used."""
    fam = None if force_bundled else system_cjk_family()
    if fam is None:
        fid = QFontDatabase.addApplicationFont(str(paths.resource("fonts", BUNDLED)))
        fams = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        fam = fams[0] if fams else app.font().family()
    f = QFont(fam)
    f.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(f)
    return fam
