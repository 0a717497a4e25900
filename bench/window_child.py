"""Child process for the window benchmark: keystroke to results in the main window.

usage: window_child.py DATA_DIR QUERIES.json KEY_MS
QUERIES.json: [[class, query], ...]. Prints one JSON object: per query, the time from
the last key to the results shown (ResultsModel filled and the view expanded: the
panel's `shown` signal, for the query typed, not a prefix's late answer); how long
after the window was shown its search engine was ready; the process's peak RSS (VmHWM).

Each character is typed as its own key press KEY_MS after the one before
(QTest.sendKeyEvent with the character's text: QTest.keyClicks only knows Latin-1);
the clock starts at the last key's text change;
so at KEY_MS above the panel's debounce the prefixes are searched too, as when a
person types slowly."""
import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def vm(field: str) -> int:
    """A /proc/self/status figure in KiB (VmHWM: peak resident, VmRSS: now)."""
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith(field + ":"))


def wait(app, cond, secs: float) -> bool:
    end = time.perf_counter() + secs
    while not cond():
        if time.perf_counter() > end:
            return False
        app.processEvents()
        time.sleep(0.0005)
    return True


def main():
    data, queries, key_ms = sys.argv[1], json.loads(open(sys.argv[2], encoding="utf-8").read()), int(sys.argv[3])
    app = QApplication(sys.argv[:1])
    from desktop.window import settings as st  # lazy: after the QApplication, as the app does
    from desktop.window.app import collect_when_idle  # lazy: as above
    from desktop.window.fonts import ensure_cjk_font  # lazy: as above
    from desktop.window.main_window import MainWindow  # lazy: as above
    from desktop.window.search_panel import DEBOUNCE_MS  # lazy: as above
    app.setOrganizationName(st.ORG)
    app.setApplicationName("PlanDeskBench")
    ensure_cjk_font(app)
    collect_when_idle(app)              # the window's garbage collection, as app.run sets it up
    w = MainWindow(data)
    w.resize(1280, 800)
    t0 = time.perf_counter()
    w.show()
    panel = w.search
    ready = wait(app, lambda: panel.worker.engine is not None, 120)
    out = {"engine_ready_after_show_s": round(time.perf_counter() - t0, 3) if ready else None,
           "debounce_ms": DEBOUNCE_MS, "key_ms": key_ms, "rss_after_start_mib": round(vm("VmRSS") / 1024, 1),
           "queries": []}
    shown, keyed = [], [0.0]

    def on_shown(n, _secs):
        shown.append((time.perf_counter(), n, panel.shown_query))

    def on_key(_text):
        keyed[0] = time.perf_counter()
    panel.shown.connect(on_shown)
    panel.edit.textChanged.connect(on_key)
    for cls, q in queries:
        panel.edit.clear()
        wait(app, lambda: not panel.timer.isActive() and panel.shown_query is None, 5)
        QTest.qWait(300)                       # whatever a prefix left running is done
        panel.edit.setFocus()
        for i, ch in enumerate(q):
            if i:
                QTest.qWait(key_ms)
            QTest.sendKeyEvent(QTest.KeyAction.Click, panel.edit, Qt.Key.Key_unknown, ch,
                               Qt.KeyboardModifier.NoModifier, 0)
        last = keyed[0]                        # the last key's text change
        k = len(shown)
        got = wait(app, lambda: any(s[2] and s[2][0] == q for s in shown[k:]), 30)
        if got:
            t, n, _ = next(s for s in shown[k:] if s[2] and s[2][0] == q)
            out["queries"].append({"class": cls, "query": q, "ms": round((t - last) * 1000, 1), "hits": n})
        else:
            out["queries"].append({"class": cls, "query": q, "ms": None, "hits": None})
    out["peak_rss_mib"] = round(vm("VmHWM") / 1024, 1)
    panel.shutdown()
    w.close()
    print(json.dumps(out, ensure_ascii=False), flush=True)
    os._exit(0)              # measured and said: no interpreter teardown (PySide6 may crash in it)


if __name__ == "__main__":
    main()
