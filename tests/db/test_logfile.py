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
