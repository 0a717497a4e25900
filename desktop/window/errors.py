"""Error dialogs: the message in Chinese, the error in the log, and where the log is."""
from __future__ import annotations

import logging

from db import logfile

from .plain import alert

log = logging.getLogger("plandesk")


def warn(parent, title: str, text: str) -> None:
    """A warning the person reads, also written to the log; the dialog names the log."""
    log.error("%s: %s", title, text)
    where = logfile.current()
    alert(parent, title, text + (f"\n\n详情已记入日志：{where}" if where else ""))
