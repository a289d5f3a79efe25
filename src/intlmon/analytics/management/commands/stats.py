"""`intlmon stats --year Y [--format text|json] [--only ID…] [--lang kk|ru|en]`.

Prints every declared statistic (or the ones named) with its values and where each came from.
`--format json` prints the read service's figures (`analytics.read.Figure`: statistic, year,
dimension, value, unit, source, note), the one shape the reports, the audit and later the portal
and the API share; each statistic's first figure is its total (empty dimension).
Exit 2 on an unknown statistic id, listing the known ones.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext, pgettext

from intlmon.analytics.labels import dimension_label, label, unit_label
from intlmon.analytics.read import Reader, session
from intlmon.analytics.read.choice import finest
from intlmon.analytics.registry import StatResult, all_statistics
from intlmon.analytics.yoy import format_number


class Command(BaseCommand):
    help = "Compute the declared statistics for a year and print their values and sources."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--only", nargs="+", metavar="ID", help="statistic ids (default: all)")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--lang", choices=["kk", "ru", "en"], default="ru")

    def handle(self, *args, year, only=None, format="text", lang="ru", **options):
        known = all_statistics()
        unknown = [s for s in (only or []) if s not in known]
        if unknown:
            raise CommandError(
                f"unknown statistic id(s): {', '.join(unknown)}\nknown ids: {', '.join(sorted(known))}",
                returncode=2,
            )
        reader = Reader(year)
        ids = list(only or known)
        with session():  # one pass over each section table for all its statistics (statistics.passes)
            if format == "json":
                figures = [f.as_json() for stat_id in ids for f in reader.figures(stat_id)]
                self.stdout.write(json.dumps({"year": year, "figures": figures}, ensure_ascii=False, indent=2))
                return
            results = [reader.get(stat_id) for stat_id in ids]
        names: dict[tuple[str, str], str] = {}
        for result in results:
            self.write_text(result, lang, names)

    def write_text(self, result: StatResult, lang: str, names: dict) -> None:
        stat = result.statistic
        with translation.override(lang):
            title = str(stat.title)
            sources = ", ".join(_source_name(s) for s in sorted(result.sources)) or gettext("no data")
            self.stdout.write(f"\n{title}  [{stat.id}]")
            self.stdout.write(f"  {gettext('unit')}: {unit_label(stat.unit, lang)}; {gettext('source')}: {sources}")
            if result.is_empty:
                self.stdout.write("  " + gettext("no data for this year"))
                return
            if stat.additive or any(not v.dimension for v in result.values):
                self.stdout.write(f"  {gettext('total')}: {format_number(result.total(), lang)}")
        rows = sorted(finest(result.values), key=lambda v: (-len(v.dimension) if not v.dimension else 0, -v.value, v.key()))
        dims = [d for d in stat.dimensions if any(d in v.dimension for v in result.values)]
        if not dims:
            return
        with translation.override(lang):
            header = [dimension_label(d, lang) for d in dims] + [gettext("value"), gettext("source")]
        table = []
        for v in rows:
            if not v.dimension:
                continue
            cells = []
            for d in dims:
                if d not in v.dimension:
                    cells.append("·")
                    continue
                key = (d, v.dimension[d])
                if key not in names:
                    names[key] = label(d, v.dimension[d], lang)
                cells.append(names[key])
            table.append([*cells, format_number(v.value, lang), _source_name(v.source, lang)])
        widths = [min(40, max(len(str(r[i])) for r in [header, *table])) for i in range(len(header))]
        for r in [header, *table]:
            self.stdout.write("  " + "  ".join(str(c)[:40].ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def _source_name(source, lang: str | None = None) -> str:
    with translation.override(lang or translation.get_language() or "en"):
        return gettext("records") if source == "records" else pgettext("figure source", "published")
