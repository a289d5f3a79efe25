"""gunicorn hooks for benchmarks/web.py: the CPU each request cost its worker, by the page kind the client named.

Loaded by `benchmarks/web.py` through `GUNICORN_CMD_ARGS="-c <this file>"` (the serve command's own
arguments still win). Each worker appends one line per request to `$INTLMON_BENCH_CPU_DIR/cpu-<pid>.tsv`:
the monotonic time the request ended (the same clock on every process of the machine, so the script keeps
the timed window only), the kind from the client's `X-Bench-Kind` header, and the worker's CPU ms (user +
system, `time.process_time`) between gunicorn's pre_request and post_request hooks — the view, the
middleware and writing the body. With `INTLMON_BENCH_PROFILE=1` every request also runs under cProfile, and
each worker writes its profile to `prof-<pid>.out` when it exits (read it with `python -m pstats`).
"""

from __future__ import annotations

import cProfile
import os
import time

_DIR = os.environ.get("INTLMON_BENCH_CPU_DIR", "")
_PROFILE = os.environ.get("INTLMON_BENCH_PROFILE") == "1"
_state: dict = {}


def _out():
    if "out" not in _state:
        _state["out"] = open(os.path.join(_DIR, f"cpu-{os.getpid()}.tsv"), "a", buffering=1)
        _state["profile"] = cProfile.Profile() if _PROFILE else None
    return _state["out"]


def pre_request(worker, req):
    if not _DIR:
        return
    _out()
    if _state["profile"] is not None:
        _state["profile"].enable()
    _state["cpu"] = time.process_time()


def post_request(worker, req, environ, resp):
    if not _DIR or "cpu" not in _state:
        return
    cpu = time.process_time() - _state.pop("cpu")
    if _state["profile"] is not None:
        _state["profile"].disable()
    kind = next((value for name, value in req.headers if name == "X-BENCH-KIND"), "?")
    _out().write(f"{time.monotonic():.3f}\t{kind}\t{1000 * cpu:.3f}\n")


def worker_exit(server, worker):
    if _DIR and _state.get("profile") is not None:
        _state["profile"].dump_stats(os.path.join(_DIR, f"prof-{os.getpid()}.out"))
