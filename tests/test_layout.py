"""The shape of the code: data flows importer -> store -> index -> window; no SQL
outside the store; no Qt below the window; no import cycles; short functions."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import support

ROOT = support.REPO
PACKAGES = ("db", "search", "desktop")
# Qt-free modules of desktop/: the command line (but for opening the window), rendering, updating data
QT_FREE_DESKTOP = {"desktop/desktop_entry.py", "desktop/render.py", "desktop/update.py", "desktop/seed.py", "desktop/importing.py", "desktop/cli/__init__.py",
                   "desktop/cli/common.py", "desktop/cli/__main__.py"} | {
    str(p.relative_to(ROOT)) for p in (ROOT / "desktop" / "cli").glob("cmd_*.py")}
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


def test_no_qt_below_the_window():
    offenders = []
    for rel, tree in modules():
        if rel.startswith("desktop/") and rel not in QT_FREE_DESKTOP:
            continue
        mods = imports(rel, tree)
        if rel == "desktop/cli/__init__.py":
            mods.discard("desktop.app.run")          # bare `plandesk` opens the window
            mods.discard("desktop.app")
        if any(m.startswith("PySide6") or m.startswith("desktop.") and m.split(".")[1] not in
               {"render", "update", "importing", "cli", "seed", "desktop_entry"} for m in mods):
            offenders.append(rel)
    assert not offenders, offenders


def test_no_import_cycles():
    known = {module_name(rel) for rel, _ in modules()}
    graph = {}
    for rel, tree in modules():
        graph[module_name(rel)] = {m for m in imports(rel, tree, known) if m in known and m != module_name(rel)}
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
