"""The desktop entry: valid by freedesktop's own validator, absolute Exec, the
icons at the sizes desktops use, the MIME types of the files PlanDesk imports."""
from __future__ import annotations

import configparser
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.helpers import support
from desktop.services import desktop_entry


def validate(path) -> str:
    r = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    return (r.stdout + r.stderr).strip() if r.returncode or r.stdout.strip() or r.stderr.strip() else ""


def read_entry(path) -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None, strict=False)
    cp.optionxform = str
    cp.read(path, encoding="utf-8")
    return cp["Desktop Entry"]


@pytest.mark.parametrize("exe", ["/opt/PlanDesk/PlanDesk", "/home/li wei/软件/PlanDesk/PlanDesk",
                                 "/home/li#wei/100%/Plan$Desk"])
def test_an_entry_validates_and_names_the_installed_path(tmp_path, exe):
    f = tmp_path / "plandesk.desktop"
    f.write_text(desktop_entry.entry([exe]), encoding="utf-8")
    assert validate(f) == ""
    e = read_entry(f)
    assert e["Exec"].endswith(" %F") and e["TryExec"] == exe.replace("\\", "\\\\")
    first = e["Exec"][:-3]
    assert first == exe or (first.startswith('"') and first.endswith('"')), first
    types = e["MimeType"].split(";")
    assert {"application/pdf", "text/html", "text/plain",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} <= set(types)
    assert e["Icon"] == "plandesk" and e["Name[zh_CN]"] and e["Terminal"] == "false"


def test_a_relative_command_is_refused():
    with pytest.raises(ValueError):
        desktop_entry.entry(["PlanDesk"])


def test_install_puts_the_entry_and_every_icon_size_in_the_xdg_folder(tmp_path):
    out = desktop_entry.install(tmp_path, cmd=["/opt/PlanDesk/PlanDesk"])
    assert out == tmp_path / "applications" / "plandesk.desktop" and validate(out) == ""
    for n in desktop_entry.ICON_SIZES:
        img = QImage(str(tmp_path / "icons" / "hicolor" / f"{n}x{n}" / "apps" / "plandesk.png"))
        assert (img.width(), img.height()) == (n, n)
        assert img.pixelColor(n // 2, n // 2).alpha() == 255          # drawn, not blank
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "plandesk.svg").stat().st_size > 200


def test_the_command_line_prints_an_entry_for_this_installation(tmp_path):
    r = subprocess.run([*support.plandesk(), "desktop-entry", "--print"], capture_output=True, text=True,
                       cwd=support.REPO)
    assert r.returncode == 0, r.stderr
    f = tmp_path / "plandesk.desktop"
    f.write_text(r.stdout, encoding="utf-8")
    assert validate(f) == ""
    exe = read_entry(f)["TryExec"]
    assert exe.startswith("/") and (exe.endswith("/plandesk") or exe == sys.executable), exe
