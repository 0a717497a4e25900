"""Datasette 0.65 and 1.0, each in a virtual environment of its own, for the tests that
serve a published folder with both (tests/db/test_publish_datasette.py).

An environment lives in .venv/datasette-SERIES (beside the project's venv, removed
with it by `make clean`). It is made on first use (`python -m venv`, then pip install
the pinned release from PyPI) and reused while its stamp — the pinned requirement and
this Python's version: the cache key — is unchanged; a half-made one (no stamp) is
made again. Two test processes never make the same one at once (a lock file).
"""
from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import support

# the newest release of each series the publish tests pass on: a new one is tried by
# changing it here (its environment is then made again)
PINS = {"0.65": "datasette==0.65.5", "1.0": "datasette==1.0a41"}
ROOT = support.REPO / ".venv"
STAMP = ".plandesk-env.json"
PROBE = Path(__file__).with_name("datasette_probe.py")


class EnvError(Exception):
    """The environment could not be made; str() is the one line to show."""


def key(series: str) -> dict:
    """What an environment was made from: it is reused only while this is the same."""
    return {"requirement": PINS[series], "python": ".".join(map(str, sys.version_info[:3]))}


def python_for(series: str) -> Path:
    """The Python of the environment holding Datasette SERIES ("0.65" or "1.0"), made
    if missing or stale; EnvError (one line) when pip cannot install it."""
    env = ROOT / f"datasette-{series}"
    ROOT.mkdir(parents=True, exist_ok=True)
    with open(ROOT / f".datasette-{series}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _stamp(env) != key(series):
            _make(env, series)
    return env / "bin" / "python"


def _stamp(env: Path) -> dict | None:
    try:
        return json.loads((env / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _make(env: Path, series: str) -> None:
    shutil.rmtree(env, ignore_errors=True)
    _run([sys.executable, "-m", "venv", str(env)], f"python -m venv {env} failed "
         "(python3-venv missing? apt-get install -y python3-venv)")
    req = PINS[series]
    _run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", req],
         f"pip could not install {req} into {env} (is PyPI reachable?)", timeout=900)
    (env / STAMP).write_text(json.dumps(key(series)), encoding="utf-8")


def _run(cmd: list[str], what: str, timeout: float = 300) -> None:
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise EnvError(f"{what}: no answer in {timeout:.0f} s") from None
    if r.returncode != 0:
        last = next((line.strip() for line in reversed((r.stderr + r.stdout).splitlines())
                     if line.strip() and not line.startswith("WARNING: Location")), "")
        raise EnvError(f"{what}: {last[:300]}")


def probe(python: Path, files: dict[str, Path], urls: list[str]) -> dict[str, dict]:
    """GET each URL from a Datasette made in-process (no port) by `python` with
    files = {"db": …, "metadata": …, "config": …(1.0 only)}: url -> {status, text}."""
    args = [str(python), str(PROBE)] + [f"--{k}={v}" for k, v in files.items()]
    r = subprocess.run(args, input=json.dumps(urls), capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise EnvError(f"{python} {PROBE.name} failed: {(r.stderr.strip().splitlines() or ['?'])[-1]}")
    out = json.loads(r.stdout)
    return {"version": out["version"], **{u: x for u, x in zip(urls, out["responses"])}}
