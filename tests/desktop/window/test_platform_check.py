"""A missing X11 library is named in Chinese with the package to install, before
Qt aborts in English."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import support
from desktop.window import platform_check as pc


@pytest.mark.parametrize("soname, pkg", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11-xcb.so.1", "libx11-xcb1"), ("libglib-2.0.so.0", "libglib2.0-0"), ("libEGL.so.1", "libegl1"),
    ("libfontconfig.so.1", "libfontconfig1"), ("libdbus-1.so.3", "libdbus-1-3"), ("libfoo2.so.7.1", "libfoo2-7"),
])
def test_the_package_of_a_library(soname, pkg):
    assert pc.package_for(soname) == pkg


@pytest.mark.parametrize("env, xcb", [
    ({}, True), ({"QT_QPA_PLATFORM": "xcb"}, True), ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "QT_QPA_PLATFORM": "xcb"}, True),
])
def test_only_an_x11_start_is_checked(env, xcb):
    assert pc.uses_xcb(env) is (xcb and sys.platform.startswith("linux"))


def first_needed(data: bytes) -> tuple[int, str]:
    """The file offset and name of an ELF64 (little-endian) library's first
    DT_NEEDED entry: the first library the loader looks for."""
    import struct
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads, dynamic = [], None
    for k in range(phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + k * phentsize)
        if p_type == 1:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == 2:
            dynamic = (p_offset, p_filesz)
    entries = [struct.unpack_from("<qQ", data, dynamic[0] + i) for i in range(0, dynamic[1], 16)]
    strtab = next(v for t, v in entries if t == 5)
    base = next(off + strtab - va for va, off, size in loads if va <= strtab < va + size)
    at = base + next(v for t, v in entries if t == 1)
    return at, data[at:data.index(b"\0", at)].decode()


def test_a_plugin_whose_library_is_missing_is_named_with_its_package(tmp_path):
    """Qt's own xcb plugin, copied with its first needed library renamed to one no
    system has (the loader looks for it first); loaded in a fresh process."""
    real = pc.xcb_plugin()
    data = bytearray(real.read_bytes())
    at, name = first_needed(bytes(data))
    stem, so = name[3:name.index(".so")], name[name.index(".so"):]
    bogus = "lib" + stem.swapcase() + so                  # same length; no such file on any system
    assert bogus != name
    data[at:at + len(name)] = bogus.encode()
    plugins = tmp_path / "plugins" / "platforms"
    plugins.mkdir(parents=True)
    (plugins / "libqxcb.so").write_bytes(bytes(data))
    (tmp_path / "lib").symlink_to(real.parent.parent.parent / "lib")     # the plugin's $ORIGIN/../../lib
    code = "import sys; from desktop.window.platform_check import missing_library as m; print(m(sys.argv[1]))"
    r = subprocess.run([sys.executable, "-c", code, str(plugins / "libqxcb.so")], capture_output=True, text=True,
                       cwd=support.REPO)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == bogus
    msg = pc.message(bogus)
    assert bogus in msg and f"sudo apt-get install {pc.package_for(bogus)}" in msg and "无法打开窗口" in msg


def test_the_window_is_not_started_and_the_message_is_one_line(monkeypatch, capsys):
    from desktop.window import app
    monkeypatch.setattr(pc, "problem", lambda: pc.message("libxcb-cursor.so.0"))
    started = []
    monkeypatch.setattr("desktop.window.main_window.MainWindow", lambda *a: started.append(a))
    assert app.run(os.devnull) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [pc.message("libxcb-cursor.so.0")] and "libxcb-cursor0" in err[0] and not started
