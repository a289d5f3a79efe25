"""Worker processes started as soon as `intlmon report …` is read from the command line, before Django
starts (#17): a fresh process spends about half a second of CPU starting Django and reading the
figures, and a worker importing WeasyPrint (and, for the national report, booting vl-convert's
JavaScript engines) does its own start-up on the second core meanwhile.

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
    if not args or "-h" in args or "--help" in args or not any(a == "--year" or a.startswith("--year=") for a in args):
        return  # help, or a usage error (--year is required): nothing to start
    kind = args[0]
    langs = [v.strip().lower() for v in _option(args, "--lang", "kk,ru,en").split(",") if v.strip()]
    formats = [v.strip().lower() for v in _option(args, "--format", "docx,pdf,html").split(",") if v.strip()]
    if "pdf" in formats and langs:
        start_layout(langs[0], len(langs) if kind == "national" else 1)
    if kind == "national":
        from intlmon.reports.chart_images import images

        images.start_workers()


#: the layout workers' warm-ups (`start_layout`), until the report is written (`forget_layout`)
_layout: list | None = None


def start_layout(lang: str = "en", count: int = 1) -> None:
    """Start `count` layout workers (`workers.WORKERS`) and have each import WeasyPrint and lay out a line
    in the report's fonts and print CSS now (`pdf_writer.warm`): about 0.4 s of CPU a process, done on the
    second core while this one starts Django and reads the figures. Started once until `forget_layout`."""
    global _layout
    if _layout is None:
        from intlmon.reports import workers
        from intlmon.reports.pdf_writer import ASSETS, print_css, warm

        layout = workers.pool("layout")
        count = max(1, min(count, workers.WORKERS["layout"]))
        _layout = [layout.submit(warm, print_css(lang), str(ASSETS)) for _ in range(count)]


def layout_warming() -> list | None:
    """The warm-ups under way or done (None: no layout worker was started ahead)."""
    return _layout


def forget_layout() -> None:
    global _layout
    _layout = None
