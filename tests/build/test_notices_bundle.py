"""The bundle's THIRD-PARTY-NOTICES (build/notices.py, written by make bundle) read
against what the bundle holds: every shared library is attributed, every Python
distribution has its licence's text, Qt's LGPL and how its relinking terms are met
are there, and the named components (OpenSSL, zlib, libffi, libxml2/libxslt, PDFium,
CPython) appear. Run by `make test-bundle` (PLANDESK_BUNDLE names the executable)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.helpers import support

EXE = Path(os.environ.get("PLANDESK_BUNDLE", support.REPO / "dist" / "PlanDesk" / "PlanDesk"))
INTERNAL = EXE.parent / "_internal"
RULE = "=" * 78
SO = re.compile(r"\.so(\.[0-9.]+)?$")


@pytest.fixture(scope="module")
def text() -> str:
    notices = EXE.parent / "THIRD-PARTY-NOTICES"
    assert notices.is_file(), f"no {notices}: build the bundle with make bundle"
    return notices.read_text(encoding="utf-8")


def sections(text: str) -> list[str]:
    return text.split(RULE + "\n")[1:]


def test_every_shared_library_in_the_bundle_is_attributed(text):
    shipped = set()
    for line in text.splitlines():
        if line.startswith(("随包库文件 / shipped libraries: ", "随包文件 / shipped: ")):
            shipped |= {p.strip() for p in line.split(": ", 1)[1].split(", ")}
    libs = {p.relative_to(INTERNAL).as_posix() for p in INTERNAL.rglob("*")
            if p.is_file() and not p.is_symlink() and SO.search(p.name)}
    assert len(libs) > 100
    assert sorted(libs - shipped) == []


def test_each_python_distribution_present_has_its_licence_text(text):
    heads = {}
    for s in sections(text):
        m = re.search(r"^(\S+) (\S+)\n许可 / Licence: (.+)$", s, re.M)
        if m:
            texts = re.findall(r"^--- .+ ---\n(.+?)(?=\n--- |\Z)", s, re.M | re.S)
            assert texts and all(t.strip() for t in texts), m.group(1)
            heads[m.group(1).lower().replace("_", "-")] = m.group(3)
    # the distributions whose metadata PyInstaller copied, and the ones PlanDesk imports
    copied = {re.sub(r"-[^-]+\.dist-info$", "", p.name).lower().replace("_", "-") for p in INTERNAL.glob("*.dist-info")}
    needed = {"jieba", "python-docx", "lxml", "pypdfium2", "whoosh3", "olefile", "platformdirs", "sqlite-utils",
              "pyside6-essentials", "shiboken6", "pyinstaller"}
    assert sorted((copied | needed) - set(heads)) == []
    assert heads["jieba"] == "MIT" and heads["pyside6-essentials"].startswith("LGPL-3.0")


def test_qt_lgpl_text_and_how_relinking_works(text):
    assert "GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007" in text
    assert "GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007" in text
    assert "How the LGPL's relinking terms are met" in text and "_internal/PySide6/Qt/lib/libQt6*.so.6" in text
    assert "https://download.qt.io/" in text and "https://code.qt.io/cgit/pyside/pyside-setup.git/" in text
    shipped = {re.sub(r"^libQt6(\w+)\.so.*", r"Qt\1", p.name) for p in (INTERNAL / "PySide6/Qt/lib").glob("libQt6*.so*")}
    listed = re.search(r"^随包的 Qt 模块 / Qt modules shipped: (.+)$", text, re.M).group(1).split(", ")
    assert sorted(listed) == sorted(shipped) and "QtCore" in listed


def test_the_components_everyone_asks_about_are_there(text):
    for pattern in (r"^libssl\S* \S+ \(Debian\)$", r"^zlib1g \S+ \(Debian\)$", r"^libffi\d+ \S+ \(Debian\)$",
                    r"^\*\*libxml2\*\*: MIT$", r"^\*\*libxslt\*\*: MIT$", r"^--- \S+/pdfium\.txt ---$",
                    r"^CPython 3\.\d+\.\d+ ", r"^PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2$",
                    r"^Noto Sans CJK SC .*\n许可 / Licence: OFL-1\.1$"):
        assert re.search(pattern, text, re.M), pattern
    bootloader = next(s for s in sections(text) if s.startswith("pyinstaller "))   # the executable is its bootloader
    assert "Bootloader Exception" in bootloader
