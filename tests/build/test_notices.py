"""build/notices.py on a fake bundle (fast, in `make test`): a library from the
system is attributed to the Debian package that owns it, only when it is that
package's file; one that nobody can account for fails the build with one line."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build import notices
from tests.helpers import support

ZLIB = Path("/lib/x86_64-linux-gnu/libz.so.1")


@pytest.fixture
def app(tmp_path):
    a = tmp_path / "PlanDesk"
    (a / "_internal" / "python3.11" / "lib-dynload").mkdir(parents=True)
    (a / "_internal" / "python3.11" / "lib-dynload" / "zlib.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    assert ZLIB.resolve().is_file(), "zlib1g is missing: apt-get install -y zlib1g"
    shutil.copyfile(ZLIB, a / "_internal" / "libz.so.1")
    (a / "_internal" / "libz.so").symlink_to("libz.so.1")
    return a


def test_a_system_library_is_attributed_to_its_debian_package(app):
    dists, cpython, system = notices.attribute(app / "_internal", Path("/"))
    assert system == {"zlib1g": ["libz.so.1"]}
    assert cpython == {"python3.11/lib-dynload/zlib.cpython-311-x86_64-linux-gnu.so"} and dists == {}
    assert "zlib" in notices.deb_section(system, Path("/")).lower()


def test_a_library_nobody_shipped_fails_the_build_with_one_line(app):
    (app / "_internal" / "libmystery.so.1").write_bytes(b"\x7fELF not from anywhere")
    r = subprocess.run([sys.executable, "build/notices.py", "--bundle", str(app)], cwd=support.REPO,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and not (app / "THIRD-PARTY-NOTICES").exists()
    assert r.stderr.strip().splitlines() == [
        "notices: cannot attribute _internal/libmystery.so.1: not from a wheel, CPython or a Debian package"]


def test_a_system_library_changed_after_it_left_its_package_is_not_attributed(app):
    (app / "_internal" / "libz.so.1").write_bytes(ZLIB.read_bytes() + b"patched")
    with pytest.raises(notices.Unattributed, match=r"_internal/libz\.so\.1: differs from .*libz\.so\.1 of Debian package zlib1g"):
        notices.attribute(app / "_internal", Path("/"))
