"""The isolated parse: a spawned child within memory and time limits, killed on
cancel; what it answers is what the parse in this process answers."""
from __future__ import annotations

import io
import logging
import multiprocessing
import os
import pickle
import signal
import time
import zipfile

import pytest

from tests.helpers import support
from db.importer import parse_file
from db.importer.errors import UnimportableFile
from db.importer.isolated import memory_text, parse_isolated
from db.progress import Cancelled, Progress
from tests.helpers.tests_helpers_make import write_small_plan

CONV = support.TESTS / "conversions"


# what the child runs instead of the parse (module level: the spawned child imports this module)

def _sleep(path):
    time.sleep(120)


def _exit(path):
    os._exit(3)


def _segfault(path):
    os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(10)


def _hog(path):
    hold = []
    while True:
        hold.append(bytearray(16 * 1024 * 1024))


def _bug(path):
    raise ValueError("a parser's bug")


@pytest.fixture(autouse=True)
def no_child_left():
    yield
    assert not multiprocessing.active_children()


def _refusal(path, **kw) -> tuple[str, float]:
    t = time.monotonic()
    with pytest.raises(UnimportableFile) as e:
        parse_isolated(path, **kw)
    assert e.value.path == str(path) and "\n" not in str(e.value)
    return e.value.reason, time.monotonic() - t


def test_a_plan_comes_back_as_the_parse_here_gives_it():
    for f in (next((CONV / "docx-styled").glob("003_*")), next((CONV / "pdf-lo").glob("004_*")),
              next((CONV / "html-gov").glob("003_*")), support.source_path("002")):
        doc, data = parse_isolated(f)
        assert data == f.read_bytes() and doc == parse_file(f, data) and doc.sections, f


def test_every_bundled_plan_pickles_whole(parsed_docs):
    for prefix, doc in parsed_docs.items():
        back = pickle.loads(pickle.dumps(doc))
        assert back == doc, prefix
        assert all(s.parent is None or s.parent in back.sections for s in back.sections)
    e = pickle.loads(pickle.dumps(UnimportableFile("/x/规划.docx", "文件是空的")))
    assert (e.path, e.reason, str(e)) == ("/x/规划.docx", "文件是空的", "/x/规划.docx: 文件是空的")


def test_a_bad_file_gives_the_same_reason_as_here(tmp_path):
    for name, content in (("empty.txt", b""), ("flat.txt", "只有一段话，没有任何标题。\n".encode())):
        f = tmp_path / name
        f.write_bytes(content)
        with pytest.raises(UnimportableFile) as here:
            parse_file(f)
        assert _refusal(f)[0] == here.value.reason
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "管道" in _refusal(fifo)[0]


def test_a_zip_bomb_gives_its_reason_within_the_limits(tmp_path):
    plan = write_small_plan(tmp_path / "plan.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(plan) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in zin.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info.filename, zin.read(info.filename))
        with z.open("word/document.xml", "w", force_zip64=True) as w:
            for _ in range(80):
                w.write(b"<w:p/>" * (1024 * 1024 // 6))
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(buf.getvalue())
    reason, secs = _refusal(bomb, memory_mb=512, seconds=30)
    assert "疑似压缩炸弹" in reason and "word/document.xml" in reason and secs < 10, (reason, secs)


def test_a_parse_that_needs_more_memory_than_allowed_says_so(tmp_path):
    reason, secs = _refusal(tmp_path / "x.txt", memory_mb=300, work=_hog)
    assert reason == "解析此文件所需内存超过上限（300 MB）" and secs < 15, (reason, secs)
    page = tmp_path / "tags.html"                       # the real parser: within the element limit, over 150 MB
    page.write_text("<html><body><p>第一章 总则</p>" + "<br>" * 990_000 + "</body></html>", encoding="utf-8")
    reason, secs = _refusal(page, memory_mb=150)
    assert reason == "解析此文件所需内存超过上限（150 MB）" and secs < 20, (reason, secs)
    assert memory_text(1024) == "1 GB" and memory_text(1536) == "1.5 GB"


def test_cancel_kills_the_child_at_once(tmp_path):
    for cancelled in (lambda: time.monotonic() > t0 + 0.5,
                      Progress(cancelled=lambda: time.monotonic() > t0 + 0.5).check):
        t0 = time.monotonic()
        with pytest.raises(Cancelled):
            parse_isolated(tmp_path / "x.txt", cancelled, work=_sleep)
        assert time.monotonic() - t0 < 3
        assert not multiprocessing.active_children()


def test_a_child_past_its_time_is_killed(tmp_path):
    reason, secs = _refusal(tmp_path / "x.txt", seconds=1, work=_sleep)
    assert reason.startswith("解析超时（超过 1 秒）") and secs < 5, (reason, secs)


def test_a_crashing_child_gives_a_clean_message(tmp_path, caplog):
    f = tmp_path / "x.docx"
    assert _refusal(f, work=_exit)[0] == "解析此文件时程序意外退出（退出码 3）"
    reason = _refusal(f, work=_segfault)[0]
    assert reason.startswith("解析此文件时程序崩溃（信号 SIGSEGV）"), reason
    with caplog.at_level(logging.ERROR, logger="db.importer.isolated"):
        assert _refusal(f, work=_bug)[0] == "无法解析（ValueError）"
    assert "a parser's bug" in caplog.text
