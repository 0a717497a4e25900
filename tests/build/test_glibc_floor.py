"""build/glibc_floor.py: the oldest glibc a bundle folder runs on, read from each ELF
file's .gnu.version_r (a real Debian 12 binary and small ELF files made here)."""
from __future__ import annotations

import importlib.util
import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path

from tests.helpers import support

SCRIPT = support.REPO / "build" / "glibc_floor.py"
LS = Path("/bin/ls")          # Debian 12's coreutils: __libc_start_main@GLIBC_2.34

_spec = importlib.util.spec_from_file_location("glibc_floor", SCRIPT)
floor = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(floor)


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=60)


def elf(needs: dict[str, list[str]]) -> bytes:
    """A little-endian ELF64 shared object with only .dynstr and .gnu.version_r: it
    needs `needs` ({soname: [version names]})."""
    strs = bytearray(b"\0")

    def s(name: str) -> int:
        strs.extend(name.encode() + b"\0")
        return len(strs) - len(name) - 1
    vr = bytearray()
    libs = list(needs.items())
    for k, (lib, names) in enumerate(libs):
        last = k == len(libs) - 1
        vr += struct.pack("<HHIII", 1, len(names), s(lib), 16, 0 if last else 16 + 16 * len(names))
        for j, n in enumerate(names):
            vr += struct.pack("<IHHII", 0, 0, 0, s(n), 0 if j == len(names) - 1 else 16)
    shstr = b"\0.dynstr\0.gnu.version_r\0.shstrtab\0"
    body = 64
    dynstr_off, vr_off = body, body + len(strs)
    shstr_off = vr_off + len(vr)
    sh_off = shstr_off + len(shstr)
    head = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9) + struct.pack(
        "<HHIQQQIHHHHHH", 3, 62, 1, 0, 0, sh_off, 0, 64, 56, 0, 64, 4, 3)
    sh = struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    sh += struct.pack("<IIQQQQIIQQ", 1, 3, 0, 0, dynstr_off, len(strs), 0, 0, 1, 0)
    sh += struct.pack("<IIQQQQIIQQ", 9, 0x6FFFFFFE, 0, 0, vr_off, len(vr), 1, len(libs), 8, 0)
    sh += struct.pack("<IIQQQQIIQQ", 24, 3, 0, 0, shstr_off, len(shstr), 0, 0, 1, 0)
    return head + bytes(strs) + bytes(vr) + shstr + sh


def bundle(tmp_path: Path, files: dict[str, bytes]) -> Path:
    app = tmp_path / "PlanDesk"
    for rel, data in files.items():
        (app / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / rel).write_bytes(data)
    return app


def version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


def test_a_debian_12_binary_raises_the_floor_above_2_31_and_is_named(tmp_path):
    app = bundle(tmp_path, {"_internal/libold.so.1": elf({"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.17"]})})
    shutil.copy(LS, app / "PlanDesk")
    r = run(app, "--max", "2.31")
    assert r.returncode == 1, r
    assert r.stdout.splitlines() == [r.stdout.strip()] and r.stdout.startswith("PlanDesk: needs GLIBC_2.3"), r.stdout
    assert version(r.stdout.split("GLIBC_")[1].split()[0]) >= (2, 34)
    report = json.loads(run(app, "--json").stdout)
    assert version(report["floor"]["GLIBC"]["version"]) >= (2, 34) and report["floor"]["GLIBC"]["files"] == ["PlanDesk"]
    assert report["files"]["_internal/libold.so.1"] == {"GLIBC": "2.17"}


def test_old_enough_unversioned_non_elf_and_symlinked_files_pass(tmp_path):
    app = bundle(tmp_path, {"PlanDesk": elf({"libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.17", "GLIBC_PRIVATE"]}),
                            "_internal/libnone.so": elf({}),
                            "_internal/notes.txt": b"not an ELF file\n",
                            "_internal/tiny": b"\x7f"})
    (app / "_internal" / "ls-link").symlink_to(LS)          # a symlink to a new binary is not read
    r = run(app, "--max", "2.31")
    assert r.returncode == 0 and r.stderr == "", r
    assert r.stdout.splitlines()[0] == "glibc floor: GLIBC_2.17 (PlanDesk)"
    assert "2 ELF file(s)" in r.stdout


def test_damaged_elf_files_are_one_line_each_not_a_traceback(tmp_path):
    app = bundle(tmp_path, {"PlanDesk": LS.read_bytes()[:300],                 # cut inside its headers
                            "_internal/garbage.so": b"\x7fELF" + bytes(range(256)) * 4})
    r = run(app, "--max", "2.31")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r
    lines = r.stderr.splitlines()
    assert len(lines) == 2 and all("not a readable ELF file" in x for x in lines), lines
    assert any(x.startswith(f"glibc_floor: {app / 'PlanDesk'}:") for x in lines)


def test_libstdcxx_needs_count_only_when_the_bundle_does_not_carry_it(tmp_path):
    app = bundle(tmp_path, {"_internal/libqt.so": elf({"libstdc++.so.6": ["GLIBCXX_3.4.30", "CXXABI_1.3.13"],
                                                       "libc.so.6": ["GLIBC_2.28"]})})
    r = run(app, "--max", "2.31", "--max-glibcxx", "3.4.28")
    assert r.returncode == 1 and r.stdout.strip() == "_internal/libqt.so: needs GLIBCXX_3.4.30 > 3.4.28", r
    assert "system CXXABI needed: CXXABI_1.3.13" in run(app).stdout
    (app / "_internal" / "libstdc++.so.6").write_bytes(elf({"libc.so.6": ["GLIBC_2.18"]}))
    r = run(app, "--max", "2.31", "--max-glibcxx", "3.4.28")
    assert r.returncode == 0 and "GLIBCXX" not in r.stdout and "GLIBC_2.28" in r.stdout, r


def test_version_markers_and_headerless_files():
    # the DT_RELR marker means glibc 2.36; GLIBC_PRIVATE is no version
    assert floor.top_needs({"libc.so.6": {"GLIBC_2.2.5", "GLIBC_ABI_DT_RELR", "GLIBC_PRIVATE"}}) == {"GLIBC": "2.36"}
    data = bytearray(LS.read_bytes())
    want = floor.needed_versions(bytes(data))
    assert "GLIBC_2.34" in want["libc.so.6"]
    struct.pack_into("<Q", data, 0x28, 0)              # no section headers (as sstrip leaves it):
    struct.pack_into("<H", data, 0x3C, 0)              # the dynamic segment's DT_VERNEED is read
    assert floor.needed_versions(bytes(data)) == want
