"""plandesk: command-line entry point. One module per command; Qt is imported only for the window."""
from __future__ import annotations

import argparse
import sys

from . import cmd_build, cmd_compare, cmd_export, cmd_search, cmd_show, cmd_stats

COMMANDS = {"build": cmd_build, "stats": cmd_stats, "show": cmd_show, "search": cmd_search,
            "compare": cmd_compare, "export": cmd_export}
DATA_HELP = "data directory (default: $PLANDESK_DATA or the user data dir)"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="plandesk", description="PlanDesk: Chongqing open-platform plans, offline. "
                                "Without a command, opens the window.")
    p.add_argument("--data", help=DATA_HELP)
    sub = p.add_subparsers(dest="command")
    for name, mod in COMMANDS.items():
        sp = sub.add_parser(name, help=mod.HELP)
        # after the command too (plandesk build --data DIR); SUPPRESS keeps one given before it
        sp.add_argument("--data", default=argparse.SUPPRESS, help=DATA_HELP)
        mod.add_arguments(sp)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    if not args.command:
        from desktop.app import run as run_app
        return run_app(args.data)
    try:
        return COMMANDS[args.command].run(args) or 0
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
