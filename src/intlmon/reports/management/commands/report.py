"""`intlmon report national|country|institution … --year Y --lang kk,ru,en --format docx,pdf,html -o out/`.

Writes one file per language and format and prints their paths (or a JSON list with
`--print json`). Exit 0 on success, 1 when the subject is unknown (e.g. a country code not in the
registry) or the year has no counted data ("no data for 2031": an empty report would look like a
year without activity; `--allow-empty` writes it anyway), 2 on usage errors (unknown language or
format, missing argument). On a terminal a progress bar shows the documents being written; `-v 2`
prints how long each took. Each explanation of an audit finding is one footnote per document.

Every document is checked against the reconciliation rule (`reconcile.check`) before it is written: each
contradiction is one warning line on stderr (the files are still written, exit 0), so a number printed two
ways is seen when the report is made, not by its reader; `--strict` makes it exit 1.
"""

from __future__ import annotations

import json
import time
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intlmon.progress import track
from intlmon.quality.explanations import one_footnote_each
from intlmon.reports.formats import batch, parse_choices, parse_formats, prefetch_charts, render
from intlmon.reports.reconcile import Published, check

LANGS = ("kk", "ru", "en")


def parse_langs(text: str) -> list[str]:
    return parse_choices(text, LANGS, "language(s)")


class Command(BaseCommand):
    help = "Write the national report, a bilateral country note or an HEI profile as DOCX, PDF and/or HTML."
    #: No system check: the URL checks import every view of the portal and the API (SciPy, pandas, DRF,
    #: drf-spectacular: about 2 s of CPU, most of a one-document report, issue #17), and the models' checks
    #: (every field of every model: 0.1 s of CPU at load 3, a fifteenth of a note) look for mistakes in the
    #: code, not in the data a report reads. `intlmon django check` and the server's start run them all.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["national", "country", "institution", "index", "partnerships"])
        parser.add_argument("subject", nargs="?", help="country alpha-2 code (country) or registry id (institution)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--lang", default="kk,ru,en", help="comma-separated: kk,ru,en")
        parser.add_argument("--format", dest="formats", default="docx,pdf,html", help="comma-separated: docx,pdf,html")
        parser.add_argument("-o", "--output", type=Path, default=None,
                            help="folder for the files (default: INTLMON_OUT_DIR, ./out)")
        parser.add_argument("--allow-empty", action="store_true", help="write the report even for a year without data")
        parser.add_argument("--print", dest="print_format", choices=["text", "json"], default="text",
                            help="how to list the written files")
        parser.add_argument("--strict", action="store_true",
                            help="exit 1 when a document does not reconcile (the files are still written)")

    def handle(self, *args, kind, subject, year, lang, formats, output=None, print_format="text", allow_empty=False,
               strict=False, **options):
        try:
            langs, fmts = parse_langs(lang), parse_formats(formats)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if kind not in ("national", "index", "partnerships") and not subject:
            raise CommandError(f"'report {kind}' needs a subject (a country code or an HEI id)", returncode=2)
        if kind in ("national", "index", "partnerships") and subject:
            raise CommandError(f"'report {kind}' takes no subject", returncode=2)
        build, stem = self.builder(kind, subject, year)
        from intlmon.analytics.availability import has_data

        if not allow_empty and not has_data(year):
            raise CommandError(_("no data for %(year)s (write an empty report with --allow-empty)") % {"year": year},
                               returncode=1)
        with ExitStack() as stack:
            if "pdf" in fmts:  # WeasyPrint is imported in workers while the data is read (#17)
                from intlmon.reports.pdf import worker_ahead

                # the national PDFs are long: each language's is laid out in a worker of its own
                stack.enter_context(worker_ahead(langs[0], len(langs) if kind == "national" else 1))
            if kind == "national":  # 12 charts a language: vl-convert's engines started while the data is read
                from intlmon.reports.chart_images import images

                images.start_workers()
            output = output if output is not None else settings.OUT_DIR
            written: dict[tuple[str, str], dict] = {}
            cache: dict = {}
            documents: dict = {}
            published = Published()
            contradictions = 0
            verbose = options.get("verbosity", 1) >= 2
            # Every language's document is made first and all their charts are set drawing in worker processes
            # at once; then the PDFs (the longest part) are laid out in workers while this process writes the
            # DOCX and HTML files and checks the documents (#17). The files are listed in the order asked for.
            pairs = [(c, f) for c in langs for f in fmts]
            first = sorted(pairs, key=lambda pair: pair[1] != "pdf")
            from intlmon.reports import ahead

            with batch(parallel=len(pairs) > 1 or ahead.layout_warming() is not None):
                for code in langs:
                    started = time.perf_counter()
                    with one_footnote_each():  # an explanation is one footnote per document, not per paragraph
                        documents[code] = build(code, cache)
                    prefetch_charts(documents[code], fmts)
                    if verbose:
                        self.stderr.write(f"{kind} {code}: made in {time.perf_counter() - started:.1f} s", style_func=str)
                from intlmon.reports.chart_images import images

                images.release_workers()  # engines booted ahead (`ahead.py`) for charts that need no drawing
                for code, fmt in track(first, _("Writing the report")):
                    started = time.perf_counter()
                    for path in render(documents[code], output, f"{stem}_{code}", [fmt]):
                        written[(code, fmt)] = {"lang": code, "format": path.suffix.lstrip("."), "path": str(path)}
                    if verbose:
                        self.stderr.write(f"{kind} {code} {fmt}: {time.perf_counter() - started:.1f} s", style_func=str)
                for code in langs:  # while the PDFs are laid out (a note's one too): its wait, not a step after it
                    for problem in check(documents[code], published):
                        contradictions += 1
                        self.stderr.write(_("warning: the %(lang)s document does not reconcile: %(problem)s")
                                          % {"lang": code, "problem": problem}, style_func=str)
            written = [written[pair] for pair in pairs]
        if print_format == "json":
            self.stdout.write(json.dumps(written, ensure_ascii=False, indent=2))
        else:
            for item in written:
                self.stdout.write(item["path"])
        if strict and contradictions:
            raise CommandError(ngettext("%(n)s contradiction in the report (--strict)",
                                        "%(n)s contradictions in the report (--strict)", contradictions)
                               % {"n": contradictions}, returncode=1)

    def builder(self, kind, subject, year):
        if kind == "national":
            from intlmon.reports.national import build_national_report

            return (lambda lang, cache: build_national_report(year, lang, cache=cache)), f"national_report_{year}"
        if kind == "index":
            from intlmon.index.report import build_index_report

            return (lambda lang, cache: build_index_report(year, lang, cache)), f"index_report_{year}"
        if kind == "partnerships":  # issue 15: national summary, then one scorecard per partnership
            from intlmon.partnerships.report import build_partnerships_report

            return (lambda lang, cache: build_partnerships_report(year, lang, cache)), f"partnerships_report_{year}"
        if kind == "country":
            from intlmon.registry.models import Country
            from intlmon.reports.country import build_country_note

            code = subject.upper()
            if not Country.objects.filter(code=code).exists():
                raise CommandError(f"unknown country code '{subject}' (ISO 3166-1 alpha-2 expected, e.g. FR)", returncode=1)
            return (lambda lang, cache: build_country_note(code, year, lang)), f"country_note_{code}_{year}"
        from intlmon.registry.models import Institution
        from intlmon.reports.institution import build_institution_profile

        if not Institution.objects.filter(pk=subject).exists():
            raise CommandError(f"unknown HEI id '{subject}' (see the registry, e.g. 'kaznu')", returncode=1)
        return (lambda lang, cache: build_institution_profile(subject, year, lang)), f"institution_profile_{subject}_{year}"
