"""The plandesk program: the window for bare `plandesk` and `plandesk FILE…` (what a
file manager runs), the command line for `plandesk COMMAND …`. The one module that
knows both the window and the command line; Qt is imported only to open the window."""
from __future__ import annotations

import argparse
import os
import sys

from . import cli
from .cli import COMMANDS, DATA_HELP


def files_parser() -> argparse.ArgumentParser:
    """`plandesk [--data DIR] FILE…`: the window, offering FILEs for import."""
    p = argparse.ArgumentParser(prog="plandesk", description="Open the window and offer FILEs for import.")
    p.add_argument("--data", help=DATA_HELP)
    p.add_argument("files", nargs="+", metavar="FILE", help="plan files (.docx .doc .wps .pdf .ofd .html .txt …)")
    return p


def first_positional(argv: list[str]) -> str | None:
    """The first word of argv that is neither an option nor an option's value."""
    it = iter(argv)
    for a in it:
        if a == "--":
            return next(it, None)
        if a == "--data":
            next(it, None)
        elif not a.startswith("-"):
            return a
    return None


def opens_files(argv: list[str]) -> bool:
    """argv names files to open rather than a command: its first word is an existing
    path (or looks like one: a folder separator or a file suffix)."""
    first = first_positional(argv)
    if first is None or first in COMMANDS:
        return False
    return os.path.exists(first) or os.sep in first or "/" in first or bool(os.path.splitext(first)[1])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if opens_files(argv):
        args = files_parser().parse_args(argv)
        missing = [f for f in args.files if not os.path.isfile(f)]
        if missing:
            print(f"plandesk: error: {missing[0]}: 文件不存在或不是文件", file=sys.stderr)
            return 2
        return open_window(args.data, files=[os.path.abspath(f) for f in args.files])
    args = cli.parser().parse_args(argv)
    if not args.command:
        return open_window(args.data, quit_after_start=args.start_and_quit)
    return cli.run(args)


def open_window(data: str | None, **kw) -> int:
    from .window.app import run as run_app      # lazy: the command line never loads Qt
    return run_app(data, **kw)
