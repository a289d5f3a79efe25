"""Worker processes for the steps of making a report that hold Python's GIL: drawing charts
(vl-convert runs Vega inside the call) and laying out PDFs (WeasyPrint is pure Python).

Two pools a process, each started on first use: `charts` (vl-convert: each of its workers boots its
JavaScript engine once, about 0.5 s of CPU, so it has as many workers as the machine has cores, 2) and
`layout` (WeasyPrint: one worker per language of a national report, so that the three PDFs are laid
out side by side — with two workers the third one ran alone at the end, one core idle; #17). The
workers are spawned — a fresh interpreter that imports only the task's module, never Django nor the
database (a fork would copy the parent's database connections and vl-convert's engine thread state) —
and receive plain data: a spec's JSON, a page's HTML. A task's error is raised where its result is
read, as if it had run in this process.
"""

from __future__ import annotations

import atexit
import threading

#: worker processes of each pool
WORKERS = {"charts": 2, "layout": 3}
#: how much lower than this process's the workers' scheduling priority is (`os.nice`): the layouts are the
#: longest part of a national report but cannot start before their charts are drawn, and their workers
#: are started ahead (`ahead.py`): their warm-up takes the CPU this process and the chart workers leave
#: rather than slowing the reading of the figures and the charts every PDF waits for
NICE = {"charts": 0, "layout": 5}

_lock = threading.Lock()
_pools: dict = {}
_registered = False


def pool(kind: str = "charts"):
    """The process pool of that kind of task (started on first use)."""
    global _registered
    with _lock:
        if kind not in _pools:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _pools[kind] = ProcessPoolExecutor(max_workers=WORKERS[kind], mp_context=multiprocessing.get_context("spawn"),
                                               initializer=_lower_priority, initargs=(NICE[kind],))
            if not _registered:  # stopped before the interpreter tears its modules down
                atexit.register(close)
                _registered = True
        return _pools[kind]


def close() -> None:
    """Stop the workers of every pool (a later task starts them again)."""
    with _lock:
        running = list(_pools.values())
        _pools.clear()
    for executor in running:
        executor.shutdown(wait=True, cancel_futures=True)


def _lower_priority(steps: int) -> None:
    """Run in each worker as it starts."""
    if steps:
        import os

        os.nice(steps)
