"""Python's garbage collector run between searches (desktop.services.collector): off
while the window or `plandesk search -` searches, and what is due collected when idle
— the generation CPython would have collected, cyclic garbage reclaimed as before."""
from __future__ import annotations

import gc
import io
import weakref

import pytest

from desktop.services.collector import IdleCollector
from desktop.window import app as window_app
from search.engine import SearchEngine
from tests.helpers.support import run_cli as run


class Node:
    def __init__(self):
        self.me = self          # a cycle: only the collector frees it


def cycle():
    n = Node()
    return weakref.ref(n)


@pytest.fixture
def idle():
    c = IdleCollector()
    yield c
    c.stop()
    assert gc.isenabled()


def test_it_turns_collection_off_and_back(idle):
    assert gc.isenabled()
    idle.start()
    idle.start()                # (twice: still one start)
    assert not gc.isenabled()
    idle.stop()
    assert gc.isenabled()


def test_a_tick_collects_what_is_due_and_frees_cycles(idle):
    idle.start()
    gc.collect()
    assert idle.due() is None and idle.tick() is None
    dead = cycle()
    keep = [[] for _ in range(idle.thresholds[0] + 10)]     # more containers made than the threshold
    assert dead() is not None and idle.due() == 0           # (off: nothing collected them yet)
    assert idle.tick() == 0 and dead() is None and idle.passes == 1
    for _ in range(idle.thresholds[1] + 1):
        gc.collect(0)
    assert idle.due() == 1 and idle.tick() == 1
    del keep


def test_searches_from_standard_input_run_with_it_off(built_data, capsys, monkeypatch):
    seen = []
    real = SearchEngine.search

    def search(self, *a, **k):
        seen.append(gc.isenabled())
        return real(self, *a, **k)
    monkeypatch.setattr(SearchEngine, "search", search)
    ticks = []
    tick = IdleCollector.tick
    monkeypatch.setattr(IdleCollector, "tick", lambda self: ticks.append(1) or tick(self))
    monkeypatch.setattr("sys.stdin", io.StringIO("口岸\n发展\n开放\n"))
    code, out, err = run(capsys, "search", "-", "--json", "--data", str(built_data))
    assert code == 0, err
    assert len(out.splitlines()) == 3 and seen == [False] * 3 and len(ticks) == 3
    assert gc.isenabled()
    code, one, _ = run(capsys, "search", "开放", "--json", "--data", str(built_data))
    assert one.splitlines()[0] == out.splitlines()[2] and seen[-1] is True


def test_the_window_collects_from_a_timer_in_its_thread(qapp, qtbot, monkeypatch):
    monkeypatch.setattr(window_app, "IDLE_COLLECT_MS", 20)
    idle = window_app.collect_when_idle(qapp)
    try:
        assert not gc.isenabled()
        dead = cycle()
        keep = [[] for _ in range(idle.thresholds[0] + 10)]
        qtbot.waitUntil(lambda: dead() is None, timeout=3000)
        assert idle.passes >= 1
        del keep
    finally:
        idle.stop()
    assert gc.isenabled()
