"""The rotating log in the data folder."""
from __future__ import annotations

import logging

from db import logfile


def test_the_log_is_written_in_the_data_folder(tmp_path):
    p = logfile.install(tmp_path)
    try:
        assert p == tmp_path / "plandesk.log"
        logging.getLogger("plandesk.test").warning("导入失败：某文件")
        for h in logging.getLogger().handlers:
            h.flush()
        assert "导入失败：某文件" in p.read_text(encoding="utf-8")
        assert logfile.install(tmp_path) == p                      # once per folder
    finally:
        h = logfile._installed.pop(str(p))
        logging.getLogger().removeHandler(h)
        h.close()


def test_a_folder_that_cannot_be_written_gives_no_log(tmp_path):
    missing = tmp_path / "no" / "such"
    assert logfile.install(missing) is None


WRITER = r"""
import logging, sys, time
from pathlib import Path
from db import logfile
folder, go, n, who = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
if sys.argv[5] == "plain":      # what the log did before: one RotatingFileHandler per process
    h = logging.handlers.RotatingFileHandler(folder / logfile.NAME, maxBytes=4000, backupCount=200, encoding="utf-8")
else:
    h = logfile.SharedRotatingHandler(folder / logfile.NAME, max_bytes=4000, kept=200)
h.setFormatter(logging.Formatter("%(message)s"))
log = logging.getLogger("w"); log.addHandler(h); log.setLevel(logging.INFO)
while not go.exists():
    time.sleep(0.005)
for i in range(n):
    log.info("%s %04d %s", who, i, "记录" * 20)
h.close()
"""


def write_from_two_processes(folder, kind, n=400):
    import subprocess, sys, time
    go = folder / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(go), str(n), who, kind])
             for who in ("A", "B")]
    time.sleep(1.0)
    go.touch()
    for p in procs:
        assert p.wait(timeout=60) == 0
    return sorted(folder.glob(logfile.NAME + "*[0-9]")), folder / logfile.NAME


def test_two_processes_share_one_log_rotated_once_when_full_and_lose_nothing(tmp_path):
    rotated, current = write_from_two_processes(tmp_path, "shared")
    lines = [ln for f in [*rotated, current] for ln in f.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 800 and len(set(lines)) == 800            # every record once, none torn
    assert all(ln.endswith("记录" * 20) for ln in lines)
    assert len(rotated) >= 10
    record = len(lines[0].encode()) + 1
    small = [f.name for f in rotated if f.stat().st_size <= 4000 - record]
    assert not small, f"rotated before it was full (two processes rotating): {small}"
