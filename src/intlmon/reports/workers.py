"""Worker processes for the steps of making a report that hold Python's GIL: drawing charts
(vl-convert runs Vega inside the call) and laying out PDFs (WeasyPrint is pure Python).

Two pools a process, each started on first use: `charts` (vl-convert: each of its workers boots its
JavaScript engine once, about 0.5 s of CPU, so it has as many workers as the machine has cores, 2) and
`layout` (WeasyPrint: one worker per language of a national report, so that the three PDFs are laid
out side by side — with two workers the third one ran alone at the end, one core idle; #17). The
workers receive plain data: a spec's JSON, a page's HTML. A task's error is raised where its result is
read, as if it had run in this process.

How a worker starts: a pool started by `intlmon report` before Django is set up (`ahead.py`, `early`)
forks its workers from the command's process, which at that point holds nothing a child could inherit
wrongly — no settings, no database connection, no vl-convert engine: a forked worker is ready in a few
milliseconds, where a spawned one starts an interpreter and imports the `intlmon` script again (about
0.1 s of CPU idle, 0.25 s under load, and as much waiting: #17, seventh session). Any other pool (the
portal, the tests, a pool first needed after Django is set up) spawns its workers — a fresh interpreter
that imports only the task's module — since a fork would copy the database connections and, once a
chart has been drawn, vl-convert's engine threads.
"""

from __future__ import annotations

import atexit
import sys
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
_forked: set[str] = set()  # the kinds whose running pool forked its workers
_registered = False


def pool(kind: str = "charts", *, count: int | None = None, nice: int | None = None, early: bool = False):
    """The process pool of that kind of task (started on first use; `count` workers at `nice`, by default
    `WORKERS[kind]` and `NICE[kind]`). `early`: the caller runs before Django is set up (`ahead.py`), so
    the workers may be forked (see the module's docstring)."""
    global _registered
    with _lock:
        if kind not in _pools:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            method = "fork" if early and _nothing_to_inherit() else "spawn"
            if method == "fork":
                _forked.add(kind)
            _pools[kind] = ProcessPoolExecutor(max_workers=count or WORKERS[kind],
                                               mp_context=multiprocessing.get_context(method),
                                               initializer=_lower_priority,
                                               initargs=(NICE[kind] if nice is None else nice,))
            if not _registered:  # stopped before the interpreter tears its modules down
                atexit.register(close)
                _registered = True
        return _pools[kind]


def can_fork() -> bool:
    """Whether a pool started now with `early` would fork its workers (see `_nothing_to_inherit`)."""
    return _nothing_to_inherit()


def _nothing_to_inherit() -> bool:
    """Whether this process is still as `ahead.py` finds it: Django not set up and no database backend
    loaded (so no connection), vl-convert not loaded (so no engine thread), on Linux (where a fork is the
    usual way to start a worker)."""
    registry = getattr(sys.modules.get("django.apps"), "apps", None)
    return (sys.platform == "linux" and not (registry is not None and registry.apps_ready)
            and "django.db.backends" not in sys.modules and "vl_convert" not in sys.modules)


def forked(kind: str) -> bool:
    """Whether that pool's workers were forked (all of them started with the pool)."""
    with _lock:
        return kind in _pools and kind in _forked


def running(kind: str):
    """The pool of that kind if it is started (None: not yet, or stopped since)."""
    with _lock:
        return _pools.get(kind)


def stop(kind: str) -> None:
    """End the workers of one pool now, whatever they are doing (a task under way fails with
    BrokenProcessPool; a later task starts the pool again). For workers started on a guess that turned
    out wrong — vl-convert's engine booted for a note that has no chart to draw — so that they stop taking
    CPU instead of finishing a start-up nobody waits for."""
    with _lock:
        executor = _pools.pop(kind, None)
        _forked.discard(kind)
    if executor is None:
        return
    # The executor offers no public way to end a task under way before Python 3.14 (terminate_workers)
    for process in list(executor._processes.values()):
        process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


def close() -> None:
    """Stop the workers of every pool (a later task starts them again)."""
    with _lock:
        running = list(_pools.values())
        _pools.clear()
        _forked.clear()
    for executor in running:
        executor.shutdown(wait=True, cancel_futures=True)


def _lower_priority(steps: int) -> None:
    """Run in each worker as it starts."""
    if steps:
        import os

        os.nice(steps)
