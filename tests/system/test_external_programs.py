"""No test depends on a program the project does not install: every external
program a test module (or a helper it imports) starts is found on PATH and
belongs to a Debian package that the Makefile's `make test` installs."""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess

from tests.helpers import support

TESTS = support.TESTS
# developer scripts kept beside the tests but run by hand, never by pytest: they
# say which program to install when one is missing (make_conversions: LibreOffice, Chromium)
BY_HAND = {"conversions/make_conversions.py", "conversions/make_round2.py", "conversions/score_round2.py"}
STARTERS = {("subprocess", n) for n in ("run", "Popen", "call", "check_call", "check_output")} | {
    ("os", n) for n in ("system", "popen", "execv", "execvp", "execl", "execlp", "spawnv", "spawnvp")} | {
    ("shutil", "which")}


def _callee(node: ast.Call) -> tuple[str, str] | None:
    f = node.func
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
        return f.value.id, f.attr
    return None


def _program(arg: ast.expr) -> str | None:
    """The program a literal first argument names ("ls -l", ["ls", …], ("ls", …))."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value.split()[0] if arg.value.strip() else None
    if isinstance(arg, (ast.List, ast.Tuple)) and arg.elts:
        first = arg.elts[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def programs_in(source: str) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _callee(node) in STARTERS and node.args:
            prog = _program(node.args[0])
            if prog:
                out.add(os.path.basename(prog))
    return out


def modules_starting_programs() -> dict[str, set[str]]:
    found = {}
    for p in sorted(TESTS.rglob("*.py")):
        rel = str(p.relative_to(TESTS))
        if rel not in BY_HAND:
            progs = programs_in(p.read_text(encoding="utf-8"))
            if progs:
                found[rel] = progs
    return found


def makefile_packages() -> set[str]:
    """The Debian packages `make test` installs (the lists its sysdeps targets use)."""
    text = (support.REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    lists = dict(re.findall(r"^(\w+_PKGS)\s*:=\s*(.*)$", text, re.M))
    pkgs = set()
    for name in re.search(r"^TEST_SYSDEPS\s*:=\s*(.*)$", text, re.M).group(1).split():
        for word in lists[name.strip("$()")].split():
            pkgs.update(lists[word.strip("$()")].split() if word.startswith("$(") else [word])
    return pkgs


def package_of(path: str) -> str | None:
    """The Debian package that ships this file (usr-merged paths tried both ways)."""
    real = os.path.realpath(path)
    candidates = {path, real}
    for p in list(candidates):
        if p.startswith("/usr/"):
            candidates.add(p[4:])
        else:
            candidates.add("/usr" + p)
    for p in sorted(candidates):
        r = subprocess.run(["dpkg-query", "-S", p], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def test_the_scan_sees_every_way_a_program_is_started():
    src = ('import subprocess, shutil, os\n'
           'subprocess.run(["pdftotext", "-layout", f])\nsubprocess.Popen(("xvfb-run", "x"))\n'
           'shutil.which("soffice")\nos.system("convert a.png b.jpg")\nsubprocess.check_output(["/usr/bin/identify"])\n'
           'subprocess.run([sys.executable, "-m", "x"])\nsubprocess.run([*support.plandesk(), "list"])\n')
    assert programs_in(src) == {"pdftotext", "xvfb-run", "soffice", "convert", "identify"}


def test_every_program_a_test_starts_is_installed_by_the_makefile():
    pkgs = makefile_packages()
    assert {"desktop-file-utils", "libegl1"} <= pkgs, pkgs
    used = modules_starting_programs()
    assert used, "the scan found no program at all: it is broken"
    problems = []
    for module, progs in used.items():
        for prog in sorted(progs):
            path = shutil.which(prog)
            if path is None:
                problems.append(f"{module}: {prog} is not installed (add its Debian package to TEST_PKGS)")
                continue
            pkg = package_of(path)
            if pkg not in pkgs:
                problems.append(f"{module}: {prog} comes from {pkg or 'no Debian package'}, "
                                f"which the Makefile does not install")
    assert not problems, "\n".join(problems)
