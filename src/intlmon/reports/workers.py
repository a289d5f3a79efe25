"""Worker processes for the steps of making a report that hold Python's GIL: drawing charts
(vl-convert runs Vega inside the call) and laying out PDFs (WeasyPrint is pure Python).

One pool a process, started on first use, `WORKERS` processes (the machine reports are made on has
2 cores). The workers are spawned — a fresh interpreter that imports only the task's module, never
Django nor the database (a fork would copy the parent's database connections and vl-convert's engine
thread state) — and receive plain data: a spec's JSON, a page's HTML. A task's error is raised where
its result is read, as if it had run in this process.
"""

from __future__ import annotations

import atexit
import threading

#: worker processes
WORKERS = 2

_lock = threading.Lock()
_pool = None


def pool():
    """The process pool (started on first use)."""
    global _pool
    with _lock:
        if _pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"))
            atexit.register(close)  # stopped before the interpreter tears its modules down
        return _pool


def close() -> None:
    """Stop the workers (a later task starts them again)."""
    global _pool
    with _lock:
        running, _pool = _pool, None
    if running is not None:
        running.shutdown(wait=True, cancel_futures=True)
