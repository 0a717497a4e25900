"""plandesk desktop-entry: put PlanDesk in the desktop's menu and under 打开方式
(a .desktop file naming this installation by absolute path, and its icons)."""
from __future__ import annotations

import sys
from desktop.services import desktop_entry

HELP = "add PlanDesk to the Linux desktop menu and to 'open with' for .docx/.doc/.wps/.pdf/.ofd/.html/.txt"


def add_arguments(p):
    p.add_argument("--print", action="store_true", dest="print_only",
                   help="print the .desktop entry instead of installing it")
    p.add_argument("--to", metavar="DIR",
                   help="the XDG data folder to install into (default: $XDG_DATA_HOME or ~/.local/share)")


def run(args) -> int:
    if args.print_only:
        sys.stdout.write(desktop_entry.entry(desktop_entry.command()))
        return 0
    out = desktop_entry.install(args.to)
    print(f"{out}: PlanDesk is in the menu and under 打开方式 (log out and in if the menu does not show it yet)")
    return 0
