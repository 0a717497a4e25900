"""Background work that outlives its window: a job whose signals are gone (the window
closed while it ran) stops at its next report, instead of raising in the pool thread."""
from __future__ import annotations

import shiboken6

from desktop.window.jobs import Job


def test_a_job_whose_window_is_gone_stops_quietly(qapp):
    steps = []

    def work(progress):
        for k in range(5):
            steps.append(k)
            progress(k / 5, "步骤")
        return "done"

    job = Job(work)
    shiboken6.delete(job.signals)          # what closing the window does to the job's receivers
    job.run()                              # in this thread: nothing raised
    assert steps == [0, 1] and job._cancel.is_set()
