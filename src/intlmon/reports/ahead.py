"""Worker processes started as soon as `intlmon report …` is read from the command line, before Django
starts (#17): a fresh process spends about half a second of CPU starting Django and reading the
figures, and a worker importing WeasyPrint (and, for the national report, booting vl-convert's
JavaScript engines) does its own start-up on the second core meanwhile. Started here, the workers are
forked from this process (`workers.py`: ready at once, none of a spawned interpreter's start-up).

A country note or an HEI profile in one format is mostly start-up: booting vl-convert's engine (0.5 s
of CPU idle) after the note is made, when its chart is asked for, put a note with a chart over the
1.5 s goal. So one chart worker boots its engine here, on a guess, at a low priority (`GUESS_NICE`):
on two cores it takes what the command and the layout worker leave, and it is stopped as soon as the
note is made if the note has no chart to draw, or every chart is on disk already
(`ChartImages.release_workers`). An HEI profile nearly always has charts; a country note only with a
breakdown by field (France 2022 has one, Russia 2023 none) — the data are not readable before Django.

This module imports neither Django nor the report's modules: it runs before `django.setup()`. Its
reading of the arguments is a guess for this purpose only (the command's own parser decides later):
a misspelt option starts nothing, and the command starts the workers itself when it runs.
"""

from __future__ import annotations


def _option(args: list[str], name: str, default: str) -> str:
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


def start(args: list[str]) -> None:
    """`args`: what follows `intlmon report` on the command line."""
    if not _exit_prepared:
        _prepare_exit()
    if not args or "-h" in args or "--help" in args or not any(a == "--year" or a.startswith("--year=") for a in args):
        return  # help, or a usage error (--year is required): nothing to start
    kind = args[0]
    langs = [v.strip().lower() for v in _option(args, "--lang", "kk,ru,en").split(",") if v.strip()]
    formats = [v.strip().lower() for v in _option(args, "--format", "docx,pdf,html").split(",") if v.strip()]
    if kind == "national":  # first: their engines boot while the layout workers' WeasyPrint is imported
        from intlmon.reports.chart_images import images

        images.start_workers(early=True)
    if "pdf" in formats and langs:
        start_layout(langs[0], len(langs) if kind == "national" else 1, early=True)
    if kind in ("country", "institution") and len(args) > 1:
        from intlmon.reports.chart_images import images

        images.start_workers(count=1, nice=GUESS_NICE, early=True)


_exit_prepared = False


def _prepare_exit() -> None:
    """Have the process's collector skip, as the interpreter ends, what the report left behind.

    `gc.freeze` registered first, so run last: once the workers are stopped (`workers.close`) and just before
    the interpreter tears its modules down. Its collections then skip the ~90,000 objects Django and the
    report left (each teardown pass walked them all: ~0.35 s of CPU at load 3, a fifth of a note; with them
    frozen ~0.02 s). Nothing is lost: the files are written and closed, and the standard streams are flushed
    by the interpreter all the same; only cyclic garbage is left to the process's end. (Run as the `intlmon`
    program, a report now skips the teardown altogether: `cli._end_without_teardown`; this stays for the
    other ways of calling the command.)"""
    import atexit
    import gc

    global _exit_prepared
    atexit.register(gc.freeze)
    _exit_prepared = True


#: how much lower the priority of a chart worker started on a guess is (`os.nice`): it yields to the
#: command's own process and to the layout worker, which every note needs
GUESS_NICE = 10


#: the layout workers' warm-ups (`start_layout`), until the report is written (`forget_layout`)
_layout: list | None = None
#: whether every layout worker has a warm-up of its own (forked: all started at once, one warm-up each)
_every_worker_warming = False


def start_layout(lang: str = "en", count: int = 1, early: bool = False) -> None:
    """Start `count` layout workers (`workers.WORKERS`) and have each import WeasyPrint and lay out a line
    in the report's fonts and print CSS now (`pdf_writer.warm`): about 0.4 s of CPU a process, done on the
    second core while this one starts Django and reads the figures. Started once until `forget_layout`.
    `early`: called before Django is set up (the workers are forked)."""
    global _layout, _every_worker_warming
    if _layout is None:
        from intlmon.reports import workers
        from intlmon.reports.pdf_writer import ASSETS, print_css, warm

        count = max(1, min(count, workers.WORKERS["layout"]))
        if early and count > 1 and workers.can_fork():
            _import_before_forking()
        # forked workers all start at once (as many as asked); spawned ones as tasks need them
        layout = workers.pool("layout", count=count if early else None, early=early)
        _layout = [layout.submit(warm, print_css(lang), str(ASSETS), lang, True) for _ in range(count)]
        _every_worker_warming = early and workers.forked("layout")


def _import_before_forking() -> None:
    """Import WeasyPrint here, once, before the layout workers are forked (the national report's three): each
    then starts with it imported instead of importing it again (about 0.3 s of CPU idle, 0.75 s under load,
    a process; #17, eighth session). This process never lays a page out itself, but the import is what its
    workers would have spent: two of the three imports are saved, and the chart workers forked before it
    boot their engines on the other core meanwhile. What the import made is frozen (`gc.freeze`): it lives
    as long as the process, and the collections of the report's own objects need not walk it."""
    import gc

    from intlmon.reports.pdf_writer import import_weasyprint

    import_weasyprint()
    gc.freeze()


def layout_warming() -> list | None:
    """The warm-ups under way or done (None: no layout worker was started ahead)."""
    return _layout


def every_worker_warming() -> bool:
    """Whether any layout worker a page goes to has been warmed (or is warming): no need to wait for one."""
    return _layout is not None and _every_worker_warming


def forget_layout() -> None:
    global _layout, _every_worker_warming
    _layout, _every_worker_warming = None, False
