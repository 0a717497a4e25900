"""The .deb from `make deb` (dist/plandesk_<version>_amd64.deb), read with dpkg-deb:
its control fields, its layout, the menu entry (absolute Exec, valid), real PNG
icons of each size, the licences, and no maintainer script reaching into a home.
Run by `make test-bundle` after `make deb` (PLANDESK_DEB may name another .deb)."""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tarfile
import tomllib
from pathlib import Path

import pytest

from desktop.services import desktop_entry
from tests.helpers import support

VERSION = tomllib.loads((support.REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
DEB = Path(os.environ.get("PLANDESK_DEB", support.REPO / "dist" / f"plandesk_{VERSION}_amd64.deb"))
BUNDLE = Path(os.environ.get("PLANDESK_BUNDLE", support.REPO / "dist" / "PlanDesk" / "PlanDesk")).parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def dpkg_deb(*args: str) -> str:
    assert shutil.which("dpkg-deb"), "dpkg-deb is missing: apt-get install -y dpkg"
    assert DEB.is_file(), f"build it first: make deb ({DEB})"
    return subprocess.run(["dpkg-deb", *args, str(DEB)], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def listing() -> dict[str, str]:
    """path -> the ls-style line dpkg-deb -c gives for it."""
    return {re.sub(r" -> .*$", "", line.split(None, 5)[5]).rstrip("/"): line for line in dpkg_deb("-c").splitlines()}


def installed_kib(listing: dict[str, str]) -> float:
    return sum(int(line.split()[2]) for line in listing.values() if not line.startswith("d")) / 1024


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """/usr/share of the package, extracted."""
    d = tmp_path_factory.mktemp("deb")
    dpkg_deb("-f")                              # checks the tool and the file first
    with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(DEB)], stdout=subprocess.PIPE) as deb:
        with tarfile.open(fileobj=deb.stdout, mode="r|") as tar:
            for m in tar:
                if m.name.startswith("./usr/share/") and (m.isfile() or m.isdir()):
                    # the "data" filter where tarfile has it (3.11.4+; Debian 12's 3.11.2 lacks it)
                    tar.extract(m, d, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    assert deb.returncode == 0
    return d


def test_the_package_is_newer_than_the_bundle_it_carries():
    assert DEB.is_file(), f"build it first: make deb ({DEB})"
    assert DEB.stat().st_mtime >= (BUNDLE / "PlanDesk").stat().st_mtime, f"{DEB.name} is older than the bundle: make deb"


def test_control_fields(listing):
    f = dict(re.findall(r"^ ?([A-Za-z-]+): (.*)$", dpkg_deb("-I"), re.M))
    assert (f["Package"], f["Version"], f["Architecture"], f["Priority"]) == ("plandesk", VERSION, "amd64", "optional")
    assert f["Section"] and re.search(r"<[^@\s]+@[^>\s]+>$", f["Maintainer"])
    assert re.search(r"[\u4e00-\u9fff]", f["Description"]) and re.search(r"[A-Za-z]{4,} [A-Za-z]{4,}", f["Description"])
    depends = [d.strip() for d in f["Depends"].split(",")]
    assert any(re.fullmatch(r"libc6 \(>= 2\.\d+\)", d) for d in depends), depends
    assert "fonts-noto-cjk" in f.get("Recommends", "") + f["Depends"]
    assert abs(int(f["Installed-Size"]) - installed_kib(listing)) < 0.01 * installed_kib(listing) + 64


def test_layout(listing):
    assert listing["./opt/PlanDesk/PlanDesk"].startswith("-rwxr-xr-x root/root")
    assert listing["./opt/PlanDesk/_internal/PySide6/Qt/lib/libQt6Core.so.6"]
    assert listing["./usr/bin/plandesk"].startswith("l") and listing["./usr/bin/plandesk"].endswith("-> /opt/PlanDesk/PlanDesk")
    for p in ("./usr/share/applications/plandesk.desktop", "./usr/share/doc/plandesk/copyright",
              "./usr/share/doc/plandesk/THIRD-PARTY-NOTICES", "./opt/PlanDesk/THIRD-PARTY-NOTICES",
              "./usr/share/icons/hicolor/scalable/apps/plandesk.svg",
              *(f"./usr/share/icons/hicolor/{n}x{n}/apps/plandesk.png" for n in SIZES)):
        assert p in listing, p
    assert all(" root/root " in line for line in listing.values())
    assert not [p for p in listing if p.startswith(("./home", "./root", "./etc/skel"))]


def test_the_menu_entry_starts_the_installed_program_and_is_valid(tree):
    entry = tree / "usr/share/applications/plandesk.desktop"
    text = entry.read_text(encoding="utf-8")
    assert "\nExec=/opt/PlanDesk/PlanDesk %F\n" in text and "\nIcon=plandesk\n" in text
    assert "\nTryExec=/opt/PlanDesk/PlanDesk\n" in text
    assert set(desktop_entry.MIME_TYPES) <= set(re.search(r"^MimeType=(.*)$", text, re.M).group(1).strip(";").split(";"))
    assert shutil.which("desktop-file-validate"), "desktop-file-validate is missing: apt-get install -y desktop-file-utils"
    r = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout + r.stderr


def test_each_icon_is_a_png_of_its_size(tree):
    for n in SIZES:
        data = (tree / f"usr/share/icons/hicolor/{n}x{n}/apps/plandesk.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", n
        assert struct.unpack(">II", data[16:24]) == (n, n), n


def test_the_licences_are_in_the_documentation(tree):
    doc = tree / "usr/share/doc/plandesk"
    assert (doc / "THIRD-PARTY-NOTICES").read_bytes() == (BUNDLE / "THIRD-PARTY-NOTICES").read_bytes()
    copyright_ = (doc / "copyright").read_text(encoding="utf-8")
    assert copyright_.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
    assert "License: MIT" in copyright_ and "THIRD-PARTY-NOTICES" in copyright_


def test_no_maintainer_script_touches_a_home_folder(tmp_path):
    dpkg_deb("-I")
    subprocess.run(["dpkg-deb", "-e", str(DEB), str(tmp_path / "c")], check=True)
    scripts = [p for p in (tmp_path / "c").iterdir() if p.name in ("preinst", "postinst", "prerm", "postrm", "config")]
    for s in scripts:
        text = s.read_text(encoding="utf-8")
        assert "HOME" not in text and "~/" not in text and "/home" not in text, s.name
        assert os.access(s, os.X_OK) and text.startswith("#!/bin/sh"), s.name
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == sorted(["control", "md5sums", *[s.name for s in scripts]])
