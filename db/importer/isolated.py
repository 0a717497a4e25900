"""Parsing a plan file in a child process (for the window): a file that would take
all the memory or all the time, or crash a parser library, costs the child, never
the application.

`parse_isolated` runs the parse `db/store/builder.parse_cached` runs (the file's
bytes read within the limits, then `parse_file`) in a *spawned* child — never a
forked one: the window calls it from a worker thread, and a forked copy of a
threaded Qt process is not safe. The child's address space is limited
(RLIMIT_AS, where the platform has it; on Windows only the time limit holds), the
parent polls every 50 ms for the answer, the person's cancel and the time limit,
and kills the child on either. What comes back is the child's answer, pickled
through a pipe: the ParsedDoc and the bytes, or the same UnimportableFile (path,
reason) the parse raised in the child; a child out of memory, killed, crashed or
past its time becomes an UnimportableFile with a one-line reason.
"""
from __future__ import annotations

import logging
import multiprocessing
import signal
import time
import traceback
from pathlib import Path
from typing import Callable

from ..progress import Cancelled
from .errors import UnimportableFile
from .model import ParsedDoc
from . import parse_file, textio

log = logging.getLogger(__name__)

MB = 1024 * 1024
POLL = 0.05                      # seconds between looks at the child, the cancel and the clock
MEMORY_MB = 1024
SECONDS = 60.0


def parse_bytes(path: str) -> tuple[ParsedDoc, bytes]:
    """The parse `parse_cached` runs, without its cache: the file's bytes (a regular
    file within the size limit) and the plan parsed from them."""
    data = textio.read_bytes(path)
    return parse_file(path, data), data


def memory_text(memory_mb: int) -> str:
    """1024 -> 「1 GB」, 1536 -> 「1.5 GB」, 512 -> 「512 MB」."""
    return f"{memory_mb / 1024:g} GB" if memory_mb >= 1024 else f"{memory_mb} MB"


def _limit_memory(memory_mb: int) -> None:
    """The child's address space limited to `memory_mb` (not where `resource` or
    RLIMIT_AS is missing, e.g. Windows)."""
    try:
        import resource  # lazy: this platform's module only
        limit = memory_mb * MB
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, AttributeError, ValueError, OSError):
        pass


def _child(conn, path: str, memory_mb: int, work: Callable[[str], tuple[ParsedDoc, bytes]]) -> None:
    """The child's side: parse, answer once, exit."""
    _limit_memory(memory_mb)
    try:
        msg = ("ok", work(path))
    except UnimportableFile as e:
        msg = ("refused", e.path, e.reason)
    except MemoryError:
        msg = ("memory",)
    except BaseException as e:      # a parser's bug: its name for the person, its traceback for the log
        msg = ("failed", type(e).__name__, traceback.format_exc(limit=30))
    try:
        conn.send(msg)
    except MemoryError:             # the answer itself too large to pickle within the limit
        msg = None
        conn.send(("memory",))
    finally:
        conn.close()


def _asked_to_stop(cancelled) -> bool:
    """`cancelled` may answer True, or raise Cancelled (Progress.check)."""
    if cancelled is None:
        return False
    try:
        return bool(cancelled())
    except Cancelled:
        return True


def _wait(proc, conn, path, cancelled, seconds: float):
    """The child's answer (None when it died without one); Cancelled or UnimportableFile
    (timeout) after killing it."""
    deadline = time.monotonic() + seconds
    while True:
        if conn.poll(POLL):          # an answer, or the end of the pipe when the child died
            try:
                return conn.recv()
            except (EOFError, OSError):
                return None
        if _asked_to_stop(cancelled):
            proc.kill()
            raise Cancelled()
        if time.monotonic() > deadline:
            proc.kill()
            raise UnimportableFile(path, f"解析超时（超过 {seconds:g} 秒），文件可能过大或已损坏")
        if not proc.is_alive() and not conn.poll(0):
            return None


def _died(path, exitcode: int | None, memory_mb: int) -> UnimportableFile:
    """Why a child that gave no answer ended, as the person reads it."""
    if exitcode is not None and exitcode < 0:
        sig = -exitcode
        if sig == getattr(signal, "SIGKILL", -1):
            return UnimportableFile(path, f"解析此文件时进程被系统终止（可能是所需内存超过上限 {memory_text(memory_mb)}）")
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return UnimportableFile(path, f"解析此文件时程序崩溃（信号 {name}），文件可能已损坏，"
                                  f"或所需内存超过上限（{memory_text(memory_mb)}）")
    return UnimportableFile(path, f"解析此文件时程序意外退出（退出码 {exitcode}）")


def _answer(msg, path, exitcode: int | None, memory_mb: int) -> tuple[ParsedDoc, bytes]:
    if msg is None:
        raise _died(path, exitcode, memory_mb)
    kind = msg[0]
    if kind == "ok":
        return msg[1]
    if kind == "refused":
        raise UnimportableFile(msg[1], msg[2])
    if kind == "memory":
        raise UnimportableFile(path, f"解析此文件所需内存超过上限（{memory_text(memory_mb)}）")
    log.error("parsing %s failed in the child process:\n%s", path, msg[2])
    raise UnimportableFile(path, f"无法解析（{msg[1]}）")


def _in_process(path, work) -> tuple[ParsedDoc, bytes]:
    try:
        return work(str(path))
    except UnimportableFile:
        raise
    except MemoryError:
        raise UnimportableFile(path, "解析此文件所需内存过多") from None
    except Exception as e:
        log.exception("parsing %s failed", path)
        raise UnimportableFile(path, f"无法解析（{type(e).__name__}）") from None


def parse_isolated(path: str | Path, cancelled: Callable[[], bool] | None = None, memory_mb: int = MEMORY_MB,
                   seconds: float = SECONDS, work: Callable[[str], tuple[ParsedDoc, bytes]] = parse_bytes
                   ) -> tuple[ParsedDoc, bytes]:
    """(the plan, the file's bytes), parsed in a spawned child within `memory_mb` and
    `seconds`. `cancelled()` is asked every 50 ms (True, or raising Cancelled, stops:
    the child is killed and Cancelled raised). UnimportableFile for a bad file, the same
    one the parse raised; for a child out of memory, past its time, killed or crashed,
    one naming the file and why. `work` (a module-level function, for tests) is the
    parse the child runs."""
    ctx = multiprocessing.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, str(path), memory_mb, work), name="plandesk-parse", daemon=True)
    try:
        proc.start()
    except OSError:                  # no process to be had (a process limit): parse here, unisolated
        log.exception("cannot start a child process to parse %s; parsing in this process", path)
        recv.close()
        send.close()
        return _in_process(path, work)
    send.close()                     # only the child holds the sending end: its death ends the pipe
    try:
        msg = _wait(proc, recv, str(path), cancelled, seconds)
        proc.join(2.0)               # it has answered (or died): let it exit on its own
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()
    exitcode = proc.exitcode
    proc.close()
    return _answer(msg, str(path), exitcode, memory_mb)
