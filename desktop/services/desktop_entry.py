"""The freedesktop.org entry that puts PlanDesk in a Linux desktop's menu and
under 打开方式 for the files it imports, and the icons it names. Qt-free."""
from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from db import paths
from db.atomic import durable_replace

APP_ID = "plandesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# what `plandesk FILE…` imports: Word (.docx, .doc, WPS's .wps), PDF, OFD, web pages, text
MIME_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/msword",
              "application/vnd.ms-works", "application/pdf", "application/ofd", "text/html", "application/xhtml+xml", "text/plain",
              "text/markdown")

TEMPLATE = """[Desktop Entry]
Type=Application
Version=1.4
Name=PlanDesk
Name[zh_CN]=重庆开放平台规划
GenericName=Plan reader
GenericName[zh_CN]=规划阅读与检索
Comment=Chongqing open-platform plans, offline
Comment[zh_CN]=离线阅读、检索、对比和导出重庆开放平台规划
Exec={exec} %F
TryExec={tryexec}
Icon={icon}
Terminal=false
StartupWMClass=PlanDesk
MimeType={mime};
Categories=Office;Viewer;
Keywords=plan;Chongqing;规划;重庆;开放平台;自贸;
"""


def quote_arg(arg: str) -> str:
    """One Exec argument, quoted as the Desktop Entry spec asks when it holds a
    space or a reserved character (\\, ", `, $ escaped inside the quotes)."""
    if arg and not re.search(r"[\s\"'\\><~|&;$*?#()`=%]", arg):
        return arg
    return '"' + re.sub(r'([\\"`$])', r"\\\1", arg).replace("%", "%%") + '"'


def command() -> list[str]:
    """How this installation starts PlanDesk, by absolute path: the bundle's
    executable, else the venv's `plandesk` script, else this Python with -m."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.executable).parent / "plandesk"
    if script.is_file():
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "desktop"]


def entry(cmd: list[str], icon: str = APP_ID) -> str:
    """The .desktop file's text for starting PlanDesk with `cmd` (absolute paths)."""
    if not os.path.isabs(cmd[0]):
        raise ValueError(f"Exec needs an absolute path, not {cmd[0]!r}")
    # in the value, the spec's string escapes apply on top of the Exec quoting
    exec_ = " ".join(quote_arg(a) for a in cmd).replace("\\", "\\\\")
    return TEMPLATE.format(exec=exec_, tryexec=cmd[0].replace("\\", "\\\\"), icon=icon, mime=";".join(MIME_TYPES))


def icon_png(size: int) -> Path:
    return paths.resource("icons", f"{APP_ID}-{size}.png")


def install(data_home: Path | None = None, cmd: list[str] | None = None) -> Path:
    """Write the entry and the icons into the user's XDG data folder
    (~/.local/share: applications/, icons/hicolor/NxN/apps/); returns the entry."""
    home = Path(data_home or os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    for n in ICON_SIZES:
        d = home / "icons" / "hicolor" / f"{n}x{n}" / "apps"
        d.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(icon_png(n), d / f"{APP_ID}.png")
    sv = home / "icons" / "hicolor" / "scalable" / "apps"
    sv.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(paths.resource("icons", f"{APP_ID}.svg"), sv / f"{APP_ID}.svg")
    apps = home / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    out = apps / f"{APP_ID}.desktop"
    tmp = out.with_suffix(".desktop.tmp")
    tmp.write_text(entry(cmd or command()), encoding="utf-8")
    durable_replace(tmp, out)
    return out
