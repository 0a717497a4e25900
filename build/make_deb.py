"""make deb: dist/plandesk_<version>_amd64.deb from the bundle (dist/PlanDesk).

  /opt/PlanDesk/                       the bundle, as make bundle left it
  /usr/bin/plandesk                    -> /opt/PlanDesk/PlanDesk
  /usr/share/applications/plandesk.desktop   (desktop_entry.entry: absolute Exec, MimeType)
  /usr/share/icons/hicolor/NxN/apps/plandesk.png, scalable/apps/plandesk.svg
  /usr/share/doc/plandesk/copyright, THIRD-PARTY-NOTICES

Depends: libc6 at the newest GLIBC_ symbol version a shipped ELF file asks for, and
build/runtime-deps-bullseye.txt (the packages the Debian 11 bundle needs, one a line)
when the bundle is that one; otherwise each library a shipped ELF file NEEDs that
the bundle does not carry, by the Debian package owning it in the build root. No maintainer scripts: Debian's own
triggers (hicolor-icon-theme, desktop-file-utils, shared-mime-info) refresh the icon
cache, the desktop database and the MIME cache; nothing touches a home folder.

  python build/make_deb.py [--bundle dist/PlanDesk] [--root /] [--out DIR]"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from desktop.services import desktop_entry, licences  # noqa: E402  (one home for the entry and the notices' name)

PACKAGE = "plandesk"
INSTALL_DIR = "/opt/PlanDesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
DEPS_FILE = ROOT / "build" / "runtime-deps-bullseye.txt"
# the bundle carries a CJK font subset for the window and the bundled plans; the full
# Noto CJK renders every character of an imported document (apt installs Recommends)
RECOMMENDS = "fonts-noto-cjk"
SO = re.compile(r"\.so(\.[0-9.]+)?$")
DESCRIPTION = """重庆开放平台规划离线阅读与检索 / Offline reader of Chongqing's open-platform plans
 PlanDesk 离线阅读、检索、对比和导出重庆开放平台规划（Word、PDF、OFD、网页、文本），
 界面为中文，数据保存在用户自己的文件夹中。
 .
 PlanDesk reads, searches, compares and exports Chongqing's open-platform plans
 offline. The program is a self-contained bundle in /opt/PlanDesk; each user's
 data lives in ~/.local/share/PlanDesk and is never touched by the package."""


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


# who answers for the package when DEBFULLNAME/DEBEMAIL don't say (a release sets them);
# never read from git: a package is built from a source tree, which need not be a clone
MAINTAINER = "PlanDesk maintainers <plandesk@localhost>"


def maintainer() -> str:
    name, mail = os.environ.get("DEBFULLNAME"), os.environ.get("DEBEMAIL")
    if name and mail:
        return f"{name} <{mail}>"
    return MAINTAINER


def elf_files(app: Path) -> list[Path]:
    return sorted(p for p in app.rglob("*") if p.is_file() and not p.is_symlink()
                  and (SO.search(p.name) or p.name.endswith(".abi3.so") or p == app / "PlanDesk"))


def needed(app: Path) -> tuple[set[str], tuple[int, int]]:
    """The sonames shipped ELF files need that the bundle does not hold, and the
    newest glibc symbol version any of them asks for."""
    have = {p.name for p in app.rglob("*")}
    need, glibc = set(), (2, 0)
    for f in elf_files(app):
        out = subprocess.run(["objdump", "-p", str(f)], capture_output=True, text=True).stdout
        need |= {n for n in re.findall(r"^\s*NEEDED\s+(\S+)", out, re.M) if n not in have}
        glibc = max([glibc, *((int(a), int(b)) for a, b in re.findall(r"\bGLIBC_(\d+)\.(\d+)\b", out))])
    return need, glibc


def depends(app: Path, root: Path) -> list[str]:
    """libc6 at the newest GLIBC_ version asked for, and the packages of the libraries
    the bundle needs but does not carry: build/runtime-deps-bullseye.txt when it is
    there and the bundle runs on Debian 11's glibc (2.31), else by dpkg-query -S in
    the build root."""
    need, glibc = needed(app)
    libc = f"libc6 (>= {glibc[0]}.{glibc[1]})"
    if DEPS_FILE.is_file() and glibc <= (2, 31):
        return [libc, *(d for d in listed_depends(DEPS_FILE) if d.split()[0] != "libc6")]
    r = subprocess.run(["dpkg-query", f"--admindir={root / 'var/lib/dpkg'}", "-S", *(f"*/{n}" for n in sorted(need))],
                       capture_output=True, text=True)
    owners = {}
    for line in r.stdout.splitlines():
        pkgs, _, path = line.partition(": ")
        name = path.rsplit("/", 1)[-1]
        if name in need and "/debug/" not in path:
            owners.setdefault(name, pkgs.split(",")[0].split(":")[0].strip())
    missing = sorted(need - set(owners))
    if missing:
        raise SystemExit(f"make_deb: no Debian package in {root} provides {', '.join(missing)} (needed by the bundle)")
    return [libc, *sorted(set(owners.values()) - {"libc6"})]


def listed_depends(path: Path) -> list[str]:
    """build/runtime-deps-bullseye.txt: one package (with an optional version) a line, # comments."""
    out = [line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [d.rstrip(",") for d in out if d]


def copyright_text() -> str:
    mit = (ROOT / "LICENSE").read_text(encoding="utf-8").strip()
    body = "\n".join(" " + (line if line.strip() else ".") for line in mit.splitlines())
    return f"""Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: PlanDesk
Comment: The third-party software in /opt/PlanDesk/_internal (Qt, PySide6, CPython,
 the Python distributions and the system libraries the bundle carries) is listed,
 with each licence's full text, in /usr/share/doc/plandesk/THIRD-PARTY-NOTICES.

Files: *
Copyright: The PlanDesk authors
License: MIT

Files: opt/PlanDesk/_internal/*
Copyright: see /usr/share/doc/plandesk/THIRD-PARTY-NOTICES
License: various
 Each component and its licence text are in /usr/share/doc/plandesk/THIRD-PARTY-NOTICES;
 Qt and PySide6 are under the GNU LGPL v3 (/usr/share/common-licenses/LGPL-3).

License: MIT
{body}
"""


def icons(stage: Path) -> None:
    """hicolor PNGs (the committed ones; sizes missing from resources/icons drawn
    from the SVG) and the SVG itself."""
    src = ROOT / "resources" / "icons"
    base = stage / "usr/share/icons/hicolor"
    for n in ICON_SIZES:
        d = base / f"{n}x{n}" / "apps"
        d.mkdir(parents=True)
        png = src / f"plandesk-{n}.png"
        shutil.copyfile(png, d / "plandesk.png") if png.is_file() else render(src / "plandesk.svg", n, d / "plandesk.png")
    (base / "scalable/apps").mkdir(parents=True)
    shutil.copyfile(src / "plandesk.svg", base / "scalable/apps/plandesk.svg")


def render(svg: Path, n: int, out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt  # lazy: Qt only for a size the checkout has no PNG of
    from PySide6.QtGui import QGuiApplication, QImage, QPainter  # lazy: as above
    from PySide6.QtSvg import QSvgRenderer  # lazy: as above
    app = QGuiApplication.instance() or QGuiApplication([])   # noqa: F841 (Qt needs one)
    img = QImage(n, n, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(p)
    p.end()
    if not img.save(str(out)):
        raise SystemExit(f"make_deb: cannot write {out}")


def stage_tree(app: Path, stage: Path) -> None:
    shutil.copytree(app, stage / INSTALL_DIR.lstrip("/"), symlinks=True)
    (stage / "usr/bin").mkdir(parents=True)
    (stage / "usr/bin/plandesk").symlink_to(f"{INSTALL_DIR}/PlanDesk")
    (stage / "usr/share/applications").mkdir(parents=True)
    (stage / "usr/share/applications/plandesk.desktop").write_text(
        desktop_entry.entry([f"{INSTALL_DIR}/PlanDesk"]), encoding="utf-8")
    icons(stage)
    doc = stage / "usr/share/doc/plandesk"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(), encoding="utf-8")
    shutil.copyfile(app / licences.NOTICES, doc / licences.NOTICES)
    stage.chmod(0o755)
    for p in stage.rglob("*"):          # as dpkg expects: 0755 folders and programs, 0644 the rest
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() or os.access(p, os.X_OK) else 0o644)


def md5sums(stage: Path) -> str:
    """DEBIAN/md5sums: what dpkg --verify checks the installed files against."""
    files = sorted(p for p in stage.rglob("*") if p.is_file() and not p.is_symlink() and "DEBIAN" not in p.parts)
    return "".join(f"{hashlib.md5(p.read_bytes()).hexdigest()}  {p.relative_to(stage).as_posix()}\n" for p in files)


def control(stage: Path, v: str, deps: list[str]) -> str:
    size = sum(p.lstat().st_size for p in stage.rglob("*") if not p.is_dir()) // 1024 + 1
    return (f"Package: {PACKAGE}\nVersion: {v}\nArchitecture: amd64\nMaintainer: {maintainer()}\n"
            f"Installed-Size: {size}\nDepends: {', '.join(deps)}\nRecommends: {RECOMMENDS}\n"
            f"Section: text\nPriority: optional\n"
            f"Description: {DESCRIPTION}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", type=Path, default=ROOT / "dist" / "PlanDesk")
    ap.add_argument("--root", type=Path, default=Path("/"), help="the root the bundle was built in (its dpkg database)")
    ap.add_argument("--out", type=Path, default=ROOT / "dist")
    ap.add_argument("--quick", action="store_true",
                    help="gzip -1 instead of xz: the same package, made in seconds (make test's)")
    a = ap.parse_args(argv)
    if not (a.bundle / licences.NOTICES).is_file():
        print(f"make_deb: {a.bundle} has no {licences.NOTICES}: build it with make bundle", file=sys.stderr)
        return 1
    v = version()
    deps = depends(a.bundle, a.root)
    out = a.out / f"{PACKAGE}_{v}_amd64.deb"
    with tempfile.TemporaryDirectory(dir=a.out, prefix=".deb-") as tmp:
        stage = Path(tmp) / "root"
        stage_tree(a.bundle, stage)
        (stage / "DEBIAN").mkdir(mode=0o755)
        (stage / "DEBIAN/control").write_text(control(stage, v, deps), encoding="utf-8")
        (stage / "DEBIAN/md5sums").write_text(md5sums(stage), encoding="utf-8")
        subprocess.run(["dpkg-deb", "--build", "--root-owner-group",
                        *(["-Zgzip", "-z1"] if a.quick else ["-Zxz"]), str(stage), str(out)], check=True,
                       stdout=subprocess.DEVNULL)
    print(f"{out}: {out.stat().st_size / 2**20:.0f} MiB; Depends: {', '.join(deps)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
