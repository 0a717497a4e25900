"""Before Qt opens a window on X11: are the system libraries its xcb platform
plugin needs there? Qt's own answer to a missing one is an English abort naming a
plugin; this names the library and the Debian package (also Kylin's and UOS's
name) to install, in Chinese."""
from __future__ import annotations

import ctypes
import os
import re
import sys
from pathlib import Path

# sonames Qt's xcb plugin (and Qt Gui under it) loads, with the package that ships
# each where Debian's naming rule would not guess it
PACKAGES = {
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxcb-util.so.1": "libxcb-util1",
}
_MISSING = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def package_for(soname: str) -> str:
    """The Debian package shipping a library: the table above, else Debian's rule
    (libfoo-bar.so.4 is in libfoo-bar4; a name ending in a digit takes a hyphen)."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    m = re.fullmatch(r"(.+?)\.so\.(\d+)(?:\.\d+)*", soname)
    if not m:
        return soname.split(".so")[0].lower()
    name, major = m.group(1).lower(), m.group(2)
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def missing_library(plugin: Path) -> str | None:
    """The first library the plugin cannot load, or None when it loads (or when
    the failure is not a missing library: Qt then reports it itself)."""
    try:
        ctypes.CDLL(str(plugin), mode=getattr(os, "RTLD_LAZY", 1) | getattr(os, "RTLD_LOCAL", 0))
    except OSError as e:
        m = _MISSING.search(str(e))
        return m.group(1) if m else None
    return None


def message(soname: str) -> str:
    pkg = package_for(soname)
    return (f"无法打开窗口：系统缺少图形界面库 {soname}。"
            f"请安装软件包 {pkg}（sudo apt-get install {pkg}）后再启动 PlanDesk。")


def uses_xcb(env=os.environ) -> bool:
    """Qt will open the window through X11 (xcb): Linux, and no other platform chosen
    (a Wayland session without one lets Qt take Wayland first)."""
    if not sys.platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland")


def xcb_plugin() -> Path:
    from PySide6.QtCore import QLibraryInfo  # lazy: Qt loads only when the window opens
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"


def problem() -> str | None:
    """The Chinese one-line message when the window cannot open for a missing
    system library, else None."""
    if not uses_xcb():
        return None
    plugin = xcb_plugin()
    if not plugin.is_file():
        return None
    soname = missing_library(plugin)
    return message(soname) if soname else None
