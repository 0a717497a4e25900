"""make bundle: the prebuilt data, the version file, PyInstaller, the archive and
the .desktop entry. Run with the checkout's venv: python build/make_bundle.py."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

from notices import main as write_notices  # build/notices.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
DIST = ROOT / "dist"

# where the README tells an administrator to unpack the bundle for everyone; the
# entry it ships names that path (elsewhere: PlanDesk/PlanDesk desktop-entry)
INSTALL_DIR = "/opt/PlanDesk"


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def prebuilt() -> None:
    """The bundled plans' store and index, built by this checkout (a key of its
    own: the seal is redone on the user's machine)."""
    out = BUILD / "prebuilt"
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as cfg:
        env = dict(os.environ, PLANDESK_CONFIG=cfg)
        subprocess.run([sys.executable, "-m", "desktop", "build", "--data", str(out)], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
    for p in out.iterdir():                 # only the store and the index travel
        if p.name not in ("plans.sqlite", "index"):
            shutil.rmtree(p) if p.is_dir() else p.unlink()


def main() -> int:
    v = version()
    (BUILD / "VERSION").write_text(v + "\n", encoding="utf-8")
    prebuilt()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"),
                    str(BUILD / "plandesk.spec")], cwd=ROOT, check=True)
    app = DIST / "PlanDesk"
    from desktop.services import desktop_entry
    icon = next(app.rglob("resources/icons/plandesk-256.png")).relative_to(app)
    (app / "PlanDesk.desktop").write_text(
        desktop_entry.entry([f"{INSTALL_DIR}/PlanDesk"], icon=f"{INSTALL_DIR}/{icon.as_posix()}"), encoding="utf-8")
    shutil.copy2(ROOT / "LICENSE", app / "LICENSE")
    if write_notices(["--bundle", str(app)]):    # THIRD-PARTY-NOTICES: every bundle ships it
        return 1
    archive = DIST / f"PlanDesk-{v}-linux-x86_64.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(app, arcname="PlanDesk")
    size = sum(p.stat().st_size for p in app.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"{app}: {size / 2**20:.0f} MiB; {archive.name}: {archive.stat().st_size / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
