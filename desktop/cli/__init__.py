"""plandesk COMMAND: the command line, one module per command, Qt-free (the window is
opened by desktop.launch)."""
from __future__ import annotations

import argparse
import shutil
import sys

from db.atomic import copy_error, describe
from db.importer.errors import UnimportableFile
from db.store import StoreError
from db.store.trust import as_os_error, reason
from db.version import version

from . import (
    cmd_build,
    cmd_compare,
    cmd_compile,
    cmd_desktop_entry,
    cmd_export,
    cmd_import,
    cmd_indicators,
    cmd_list,
    cmd_platforms,
    cmd_publish,
    cmd_refs,
    cmd_remove,
    cmd_search,
    cmd_show,
    cmd_stats,
    cmd_topic,
)
from .common import tell
from desktop.services.seed import seed_if_bundled
from db import paths

COMMANDS = {"build": cmd_build, "import": cmd_import, "remove": cmd_remove, "list": cmd_list, "stats": cmd_stats,
            "show": cmd_show, "search": cmd_search, "compare": cmd_compare, "platforms": cmd_platforms,
            "indicators": cmd_indicators, "refs": cmd_refs, "topic": cmd_topic, "compile": cmd_compile,
            "export": cmd_export, "publish": cmd_publish, "desktop-entry": cmd_desktop_entry}
DATA_HELP = "data directory (default: $PLANDESK_DATA or the user data dir)"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="plandesk", description="PlanDesk: Chongqing open-platform plans, offline. "
                                "Bare `plandesk` (no command) opens the window; `plandesk FILE…` opens it "
                                "and offers the files for import (what a file manager runs).",
                                epilog="Help on a command: plandesk COMMAND --help. "
                                "Data folder: --data, else $PLANDESK_DATA, else the user data dir "
                                "(plandesk stats shows which).")
    p.add_argument("--version", action="version", version=f"PlanDesk {version()}")
    p.add_argument("--data", help=DATA_HELP)
    p.add_argument("--start-and-quit", action="store_true",
                   help="open the window, close it once it has painted and print how long that took "
                        "(checks an installation)")
    sub = p.add_subparsers(dest="command")
    for name, mod in COMMANDS.items():
        sp = sub.add_parser(name, help=mod.HELP)
        # after the command too (plandesk build --data DIR); SUPPRESS keeps one given before it
        sp.add_argument("--data", default=argparse.SUPPRESS, help=DATA_HELP)
        mod.add_arguments(sp)
    return p


def main(argv: list[str] | None = None) -> int:
    """The commands (`plandesk build …`); the window is opened by desktop.launch, which
    calls this for anything else."""
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    if not args.command:
        parser().print_help()
        return 2
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run a parsed command: one line for an expected failure, never a traceback."""
    if args.command not in ("build", "desktop-entry"):
        tell(args, seed_if_bundled(args.data, create=args.command in ("import", "remove")))
    try:
        return COMMANDS[args.command].run(args) or 0
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print(f"plandesk {args.command}: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except Exception as e:                     # one line naming the path and the reason, never a traceback
        msg = error_line(e, getattr(args, "data", None))
        if msg is None:
            raise
        print(f"plandesk {args.command}: error: {msg}", file=sys.stderr)
        return 1


def error_line(e: BaseException, data_arg=None) -> str | None:
    """The one line a person gets for an expected failure, or None for a bug."""

    if isinstance(e, UnimportableFile):
        return f"{e.path}: {e.reason}"
    if isinstance(e, shutil.Error):
        return describe(copy_error(e), sep=": ")
    if isinstance(e, OSError):
        return describe(e, sep=": ")
    if isinstance(e, StoreError):
        return store_error_line(e, data_arg)
    return None


def store_error_line(e: BaseException, data_arg=None) -> str:
    """A store that fails while it is read (damaged pages, a statement over its time
    budget), or SQLite saying the disk is full or read-only."""
    data = paths.data_dir(data_arg, create=False)
    disk = as_os_error(e, data)
    if disk is not None:
        return describe(disk, sep=": ")
    where = getattr(e, "path", None) or paths.plans_db(data)
    return f"{where}: {reason(e)}；请运行 plandesk build --data {data} 重新建立"


if __name__ == "__main__":
    sys.exit(main())
