"""THIRD-PARTY-NOTICES from what the bundle actually holds (dist/PlanDesk): every
Python distribution whose files or modules are in it, Qt/PySide6 (LGPL-3, and how
its relinking terms are met), PDFium, CPython, the PyInstaller bootloader, and each
shared library swept in from the system, by the Debian package that owns it.
A library that cannot be attributed fails with one line naming it.

  python build/notices.py [--bundle dist/PlanDesk] [--root /] [--out FILE]

--root: the system root the bundle was built in (its dpkg database and copyright
files; default /). Run with the venv that built the bundle."""
from __future__ import annotations

import argparse
import hashlib
import importlib.metadata as md
import re
import struct
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from desktop.services import licences  # noqa: E402  (the checkout's one home for licence texts)

SO = re.compile(r"\.so(\.[0-9.]+)?$|\.abi3\.so")
OWN = {"db", "search", "desktop", "entry", "resources"}
PYI = re.compile(r"^(pyimod\d|pyiboot|pyi_rth_|_pyi_)")
RULE = "=" * 78


class Unattributed(Exception):
    """A shipped file whose origin the generator cannot name."""


def shared_libraries(internal: Path) -> list[Path]:
    """Every shared object in the bundle that is a file (symlinks name one of them)."""
    return sorted(p for p in internal.rglob("*") if p.is_file() and not p.is_symlink() and SO.search(p.name))


def wheel_index() -> dict[str, md.Distribution]:
    """Each file a distribution installed (its RECORD, relative to site-packages) -> it."""
    out = {}
    for d in md.distributions():
        for f in d.files or ():
            p = f.as_posix()
            if not p.startswith("..") and ".dist-info/" not in p:
                out.setdefault(p, d)
    return out


def dpkg_owners(names: list[str], root: Path) -> dict[str, tuple[str, str]]:
    """Library file name -> (Debian package, its path) for the names dpkg knows."""
    if not names:
        return {}
    r = subprocess.run(["dpkg-query", f"--admindir={root / 'var/lib/dpkg'}", "-S", *(f"*/{n}" for n in names)],
                       capture_output=True, text=True)
    out = {}
    for line in r.stdout.splitlines():
        pkgs, _, path = line.partition(": ")
        name = path.rsplit("/", 1)[-1]
        if name in names and "/debug/" not in path and name not in out:
            out[name] = (pkgs.split(",")[0].split(":")[0].strip(), path)
    return out


def same_file(a: Path, b: Path) -> bool:
    return b.is_file() and hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def attribute(internal: Path, root: Path) -> tuple[dict, set, dict]:
    """(distribution name -> its libraries, CPython's libraries, Debian package -> its libraries)."""
    wheels, dists, cpython, system, rest = wheel_index(), {}, set(), {}, []
    for so in shared_libraries(internal):
        rel = so.relative_to(internal).as_posix()
        if rel in wheels:
            dists.setdefault(wheels[rel].metadata["Name"], []).append(rel)
        elif re.match(r"python3\.\d+/lib-dynload/", rel) or so.name.startswith("libpython3"):
            cpython.add(rel)
        else:
            rest.append(so)
    owners = dpkg_owners(sorted({so.name for so in rest}), root)
    for so in rest:
        rel = so.relative_to(internal).as_posix()
        pkg, path = owners.get(so.name, (None, None))
        if pkg is None:
            raise Unattributed(f"notices: cannot attribute {internal.name}/{rel}: not from a wheel, CPython or a Debian package")
        if not same_file(so, root / path.lstrip("/")):
            raise Unattributed(f"notices: cannot attribute {internal.name}/{rel}: differs from {path} of Debian package {pkg}")
        system.setdefault(pkg, []).append(rel)
    return dists, cpython, system


def pyz_modules(exe: Path) -> list[str]:
    """The modules in the executable's PYZ archive (PyInstaller's own reader)."""
    from PyInstaller.archive.readers import CArchiveReader  # lazy: only the build venv has PyInstaller
    pkg = CArchiveReader(str(exe))
    return [*pkg.toc, *pkg.open_embedded_archive("PYZ.pyz").toc]


def present(internal: Path, modules: list[str]) -> list[md.Distribution]:
    """The distributions a file or module of which is in the bundle (not PlanDesk itself)."""
    tops = {m.split(".")[0] for m in modules} | {p.name.split(".")[0] for p in internal.iterdir()}
    by_top = md.packages_distributions()
    names = {d for t in tops - OWN if not PYI.match(t) for d in by_top.get(t, ())}
    out = {}
    for n in sorted(names, key=str.lower):
        d = md.distribution(n)
        if d.metadata["Name"].lower() != "plandesk":
            out[d.metadata["Name"].lower()] = d
    return list(out.values())


def deb_section(system: dict, root: Path) -> str:
    parts = []
    for pkg in sorted(system):
        copyright_ = root / "usr/share/doc" / pkg / "copyright"
        if not copyright_.is_file():
            raise Unattributed(f"notices: Debian package {pkg} ({system[pkg][0]}) has no {copyright_}")
        ver = subprocess.run(["dpkg-query", f"--admindir={root / 'var/lib/dpkg'}", "-W", "-f=${Version}", pkg],
                             capture_output=True, text=True).stdout.strip()
        parts.append(f"{RULE}\n{pkg} {ver} (Debian)\n随包文件 / shipped: {', '.join(sorted(system[pkg]))}\n\n"
                     f"--- /usr/share/doc/{pkg}/copyright ---\n{copyright_.read_text(encoding='utf-8', errors='replace').strip()}\n")
    return "\n".join(parts)


def qt_section(internal: Path) -> str:
    import PySide6  # lazy: the build venv's Qt, only to name its version
    from PySide6.QtCore import qVersion  # lazy: as above
    qt, pyside = qVersion(), PySide6.__version__
    libs = sorted(p.name for p in (internal / "PySide6/Qt/lib").glob("libQt6*.so*"))
    modules = sorted({re.sub(r"^libQt6(\w+)\.so.*", r"Qt\1", n) for n in libs})
    series = ".".join(qt.split(".")[:2])
    return f"""{RULE}
Qt {qt} 与 Qt for Python (PySide6 {pyside}, shiboken6) — GNU LGPL v3
Qt {qt} and Qt for Python (PySide6 {pyside}, shiboken6) — GNU Lesser General Public License v3

随包的 Qt 模块 / Qt modules shipped: {', '.join(modules)}
(libraries: {', '.join(libs)}; plugins: _internal/PySide6/Qt/plugins/)

How the LGPL's relinking terms are met: Qt and PySide6 are shipped as separate shared
libraries that PlanDesk loads at run time — _internal/PySide6/Qt/lib/libQt6*.so.6 (Qt),
_internal/PySide6/*.abi3.so and libpyside6.abi3.so.*, _internal/shiboken6/ (PySide6 and
shiboken6), the Qt plugins in _internal/PySide6/Qt/plugins/; the links of the same names
in _internal/ point to them. Nothing of Qt is linked statically into PlanDesk. A user may
replace these files with their own build (modified or not) of the same Qt version {qt}
(and PySide6 {pyside}), and PlanDesk will use it; PlanDesk's own source is MIT-licensed
and at hand, and no term of this licence restricts modifying it or reverse engineering
it to debug such modifications.
替换方式：用同一版本（Qt {qt}）自行编译的库替换上述文件即可，PlanDesk 会在启动时加载它们。

Source code / 源码:
  Qt {qt}: https://download.qt.io/official_releases/qt/{series}/{qt}/single/  and  https://code.qt.io/cgit/qt/qt5.git/ (tag v{qt})
  PySide6 / shiboken6 {pyside}: https://download.qt.io/official_releases/QtForPython/pyside6/  and
    https://code.qt.io/cgit/pyside/pyside-setup.git/ (tag v{pyside})
The PySide6 and shiboken6 wheels ship no licence text of their own; the texts below are
the GNU LGPL v3 and the GNU GPL v3 it builds on (and GPL v2, the other choice), as Debian
keeps them in /usr/share/common-licenses.
Qt's third-party components and their licences: https://doc.qt.io/qt-6/licenses-used-in-qt.html
(the libicu*.so files in _internal/PySide6/Qt/lib/ are ICU, under the Unicode licence:
https://github.com/unicode-org/icu/blob/main/LICENSE)
"""


def font_names(font: Path) -> dict[int, str]:
    """An OpenType font's name table: copyright (0), full name (4), licence (13, 14)."""
    data = font.read_bytes()
    tables = {data[12 + 16 * i:16 + 16 * i]: struct.unpack(">II", data[20 + 16 * i:28 + 16 * i])
              for i in range(struct.unpack(">H", data[4:6])[0])}
    if b"name" not in tables:
        return {}
    off = tables[b"name"][0]
    count, strings = struct.unpack(">HH", data[off + 2:off + 6])
    out = {}
    for i in range(count):
        plat, _, _, nid, length, at = struct.unpack(">HHHHHH", data[off + 6 + 12 * i:off + 18 + 12 * i])
        raw = data[off + strings + at:off + strings + at + length]
        if nid in (0, 4, 13, 14) and nid not in out and plat in (0, 3):
            out[nid] = raw.decode("utf-16-be", errors="replace")
    return out


def font_section(internal: Path) -> str:
    """Each font file shipped, with the copyright and licence its name table carries."""
    parts = []
    for font in sorted(p for p in internal.rglob("*") if p.suffix.lower() in (".otf", ".ttf") and p.is_file()):
        names = font_names(font)
        if not names.get(13) or not names.get(0):
            raise Unattributed(f"notices: cannot attribute {internal.name}/{font.relative_to(internal)}: its name table names no copyright or licence")
        # the README beside the font, and the licence's own text when it is shipped there too
        beside = [font.parent / "README.md", *sorted(font.parent.glob("OFL*")), *sorted(font.parent.glob("LICEN[CS]E*"))]
        note = "".join(f"--- {p.name} ---\n{p.read_text(encoding='utf-8').strip()}\n\n" for p in beside if p.is_file())
        parts.append(f"{RULE}\n{names.get(4, font.stem)} ({internal.name}/{font.relative_to(internal).as_posix()})\n"
                     f"许可 / Licence: {'OFL-1.1' if 'Open Font License' in names[13] else '见下文'}\n\n{note}--- the font's name table ---\n{names[0]}\n\n{names[13]}\n{names.get(14, '')}\n")
    return "\n".join(parts)


def cpython_section(cpython: set) -> str:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    lic = stdlib / "LICENSE.txt"
    if not lic.is_file():
        deb = Path(f"/usr/share/doc/python{sys.version_info[0]}.{sys.version_info[1]}/copyright")
        lic = deb if deb.is_file() else lic
    if not lic.is_file():
        raise Unattributed(f"notices: no licence for CPython {sys.version.split()[0]} (looked in {stdlib})")
    return (f"{RULE}\nCPython {sys.version.split()[0]} (the Python that built the bundle: {sys.base_prefix})\n"
            f"许可 / Licence: PSF-2.0\n随包文件 / shipped: base_library.zip, the standard library in the executable, "
            f"{', '.join(sorted(cpython))}\n\n--- {lic} ---\n{lic.read_text(encoding='utf-8', errors='replace').strip()}\n")


def head(version: str) -> str:
    return f"""PlanDesk {version} — 第三方许可声明 / THIRD-PARTY NOTICES

PlanDesk 本身按 MIT 许可发布（见 LICENSE）。本安装包还包含以下第三方软件，各按其许可发布；
本文件由 build/notices.py 在打包时根据包内实际文件生成。
PlanDesk itself is under the MIT licence (LICENSE). This bundle also contains the
third-party software below, each under its own licence; this file is generated by
build/notices.py from the files the bundle actually holds.

Contents: Qt and PySide6 (LGPL v3, relinking) · Python distributions (PDFium inside
pypdfium2, libxml2/libxslt inside lxml) · PyInstaller bootloader · CPython · the bundled
font (OFL) · system libraries from Debian packages
"""


def dist_section(d: md.Distribution, libs: list[str]) -> str:
    lic = licences.of(d)
    if not lic.texts:
        raise Unattributed(f"notices: distribution {lic.name} {lic.version} ships no licence text and none is known for {lic.licence!r}")
    shipped = f"随包库文件 / shipped libraries: {', '.join(sorted(libs))}\n" if libs else ""
    return f"{RULE}\n{shipped}{licences.render(lic)}"


def notices(app: Path, root: Path) -> str:
    internal = app / "_internal"
    dists, cpython, system = attribute(internal, root)
    found = present(internal, pyz_modules(app / "PlanDesk"))
    names = {d.metadata["Name"] for d in found}
    found += [md.distribution(n) for n in dists if n not in names]   # a wheel's library is in the bundle
    found.append(md.distribution("pyinstaller"))   # its bootloader is the executable
    body = [qt_section(internal), *(dist_section(d, dists.get(d.metadata["Name"], [])) for d in found),
            cpython_section(cpython), font_section(internal), deb_section(system, root)]
    version = (internal / "resources" / "VERSION").read_text(encoding="utf-8").strip() \
        if (internal / "resources" / "VERSION").is_file() else "?"
    return head(version) + "\n" + "\n".join(body)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", type=Path, default=ROOT / "dist" / "PlanDesk")
    ap.add_argument("--root", type=Path, default=Path("/"))
    ap.add_argument("--out", type=Path, help="default: BUNDLE/THIRD-PARTY-NOTICES")
    a = ap.parse_args(argv)
    out = a.out or a.bundle / licences.NOTICES
    try:
        text = notices(a.bundle, a.root)
    except Unattributed as e:
        print(e, file=sys.stderr)
        return 1
    out.write_text(text, encoding="utf-8")
    print(f"{out}: {len(text.encode()) / 2**10:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
