"""The shape of the code: data flows importer -> store -> index -> window; no SQL
outside the store; no Qt below the window; no import cycles; short functions."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.helpers import support

ROOT = support.REPO
PACKAGES = ("db", "search", "desktop")
MAX_LINES = 60
LONG_ALLOWED: dict[str, str] = {}   # "path:function" -> why it may be longer


def modules():
    for pkg in PACKAGES:
        for p in sorted((ROOT / pkg).rglob("*.py")):
            yield str(p.relative_to(ROOT)), ast.parse(p.read_text(encoding="utf-8"))


def module_name(rel: str) -> str:
    parts = rel[:-3].split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(rel: str, tree, known: set[str] | None = None) -> set[str]:
    """Every module this one imports (at any depth: a lazy import counts too). With
    `known`, `from pkg import sub` counts as importing pkg.sub when that is a module."""
    me = module_name(rel)
    pkg = me if rel.endswith("__init__.py") else me.rpartition(".")[0]
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            out.update(a.name for a in n.names)
        elif isinstance(n, ast.ImportFrom):
            base = n.module or ""
            if n.level:
                anchor = pkg.split(".")
                anchor = anchor[: len(anchor) - (n.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for a in n.names:
                full = f"{base}.{a.name}"
                out.add(full if known is None or full in known else base)
    return out


def test_no_sql_outside_the_store():
    sql = re.compile(r"\.execute\(|\bsqlite3\b|\b(select|insert|update|delete)\s+.*\b(from|into|set)\b", re.I)
    offenders = []
    for rel, _ in modules():
        if rel.startswith("db/store/"):
            continue
        for k, line in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#")[0]
            if sql.search(code) and not code.strip().startswith(('"""', "'")):
                offenders.append(f"{rel}:{k}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_no_json_columns_decoded_outside_the_store():
    offenders = [f"{rel}:{k}" for rel, _ in modules() if not rel.startswith("db/store/")
                 for k, line in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), start=1)
                 if re.search(r"json\.loads\(\w+\[\"(columns|cells|inherited|aliases|para_lines|formerly|later)", line)]
    assert not offenders, offenders


# Each folder and what it may never import (at any depth of the folder; lazy imports
# count). The layers, lowest first: db (the store and importer), search, then in
# desktop/ the Qt-free application layer (services), the Qt-free presentation helpers
# (present), the command line (cli) and the window (window); desktop/launch.py alone
# knows both the command line and the window.
QT = ("PySide6", "shiboken6")
NEVER = {
    "db/": ("search", "desktop") + QT,
    "search/": ("desktop",) + QT,
    "desktop/services/": ("desktop.window", "desktop.cli", "desktop.launch", "desktop.present") + QT,
    "desktop/present/": ("desktop.window", "desktop.cli", "desktop.launch", "desktop.services") + QT,
    "desktop/cli/": ("desktop.window", "desktop.launch") + QT,
    "desktop/window/": ("desktop.cli", "desktop.launch"),
}
TOP_LEVEL = {"desktop/__init__.py", "desktop/__main__.py", "desktop/launch.py"}


def folder_rule(rel: str) -> tuple[str, ...] | None:
    return next((never for folder, never in NEVER.items() if rel.startswith(folder)), None)


def test_every_module_is_in_a_layer():
    loose = [rel for rel, _ in modules() if folder_rule(rel) is None and rel not in TOP_LEVEL]
    assert loose == []


def test_no_folder_imports_what_it_must_not():
    offenders = []
    for rel, tree in modules():
        never = folder_rule(rel) or ()
        for m in imports(rel, tree):
            if any(m == n or m.startswith(n + ".") for n in never):
                offenders.append(f"{rel} imports {m}")
    assert not offenders, offenders


def test_the_launcher_opens_qt_only_for_the_window():
    tree = ast.parse((ROOT / "desktop" / "launch.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not any("window" in (getattr(n, "module", "") or "") or any("PySide6" in a.name for a in n.names)
                   for n in top)


def test_the_rule_sees_a_forbidden_import():
    tree = ast.parse("from desktop.window.app import run\nimport PySide6.QtCore\n")
    got = imports("desktop/cli/cmd_x.py", tree)
    never = folder_rule("desktop/cli/cmd_x.py")
    assert [m for m in got if any(m == n or m.startswith(n + ".") for n in never)]


def test_no_import_cycles():
    known = {module_name(rel) for rel, _ in modules()}
    graph = {}
    for rel, tree in modules():
        me = module_name(rel)
        deps = set()
        for m in imports(rel, tree, known):
            # importing a.b.c runs a.b's __init__ too: packages are nodes of the graph
            parts = m.split(".")
            deps |= {".".join(parts[:k]) for k in range(2, len(parts) + 1)}
        graph[me] = {m for m in deps if m in known and m != me and not me.startswith(m + ".")}
    state, cycles = {}, []

    def visit(n, stack):
        state[n] = 1
        for m in graph.get(n, ()):
            if state.get(m) == 1:
                cycles.append(stack[stack.index(m):] + [m] if m in stack else [n, m])
            elif not state.get(m):
                visit(m, stack + [m])
        state[n] = 2

    for n in graph:
        if not state.get(n):
            visit(n, [n])
    assert not cycles, cycles


def test_the_data_flows_one_way():
    """db never imports search or desktop; search never imports desktop."""
    bad = [(rel, m) for rel, tree in modules() for m in imports(rel, tree)
           if (rel.startswith("db/") and m.split(".")[0] in ("search", "desktop"))
           or (rel.startswith("search/") and m.split(".")[0] == "desktop")]
    assert not bad, bad


def test_functions_are_short():
    long = []
    for rel, tree in modules():
        for n in ast.walk(tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = n.end_lineno - n.lineno + 1
                if length > MAX_LINES and f"{rel}:{n.name}" not in LONG_ALLOWED:
                    long.append(f"{rel}:{n.lineno} {n.name} ({length} lines)")
    assert not long, long


def lazy_imports() -> list[tuple[str, int, str]]:
    """(file, line, text) of every import made inside a function."""
    out = []
    for rel, tree in modules():
        lines = (ROOT / rel).read_text(encoding="utf-8").splitlines()
        for n in ast.walk(tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out += [(rel, x.lineno, lines[x.lineno - 1]) for x in ast.walk(n)
                        if isinstance(x, (ast.Import, ast.ImportFrom))]
    return out


def test_an_import_inside_a_function_says_why():
    """Imports sit at the top of a module; one made later (Qt only once the window
    opens, the index only where searching is done …) says why on its line."""
    silent = [f"{rel}:{k}: {line.strip()}" for rel, k, line in lazy_imports()
              if not re.search(r"#\s*lazy:\s*\S", line)]
    assert not silent, silent
