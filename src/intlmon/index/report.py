"""`intlmon report index --year Y`: the index as a document (HTML, PDF, DOCX through reports.formats).

Method, the framework table with weights, the indicators not computable and why, the ranking with
every rank's Q5–Q95 band (in the table and drawn as intervals), the Sobol sensitivity of the ranking
to the uncertain choices, the data coverage per indicator and the HEIs screened out with the reason.
The index is computed once per build (`cache`) and printed in each language.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from intlmon.analytics.read import Reader
from intlmon.index import charts
from intlmon.index import framework as fw
from intlmon.index.compute import IndexResult, compute_index
from intlmon.index.present import denominator_name, indicator_name, pillar_name, reason_text
from intlmon.index.sensitivity import sobol
from intlmon.lib.translit import is_cyrillic, to_latin
from intlmon.registry.models import Institution
from intlmon.reports.document import Document, Figure, Heading, Paragraph, Table, format_number
from intlmon.reports.institution import short_name


def rank_value(value: float) -> int | float:
    """A rank statistic to one decimal, a whole rank as a whole number (Q95 = 13.05 is 13, a median 3.5 stays)."""
    value = round(value, 1)
    return int(value) if value == int(value) else value


def rank_number(value: float, lang: str) -> str:
    value = rank_value(value)
    return format_number(value, lang, None if isinstance(value, int) else 1)


def band_text(q5: float, q95: float, lang: str) -> str:
    return f"{rank_number(q5, lang)}–{rank_number(q95, lang)}"


def chart_label(institution, lang: str) -> str:
    """The HEI's acronym for a chart axis; in the English document a Cyrillic-only acronym is spelt in
    Latin letters (КРУ → KRU, ТарРУ → TarRU), so no Cyrillic label stands in an English chart."""
    label = short_name(institution, lang)
    if lang != "en" or not any(is_cyrillic(ch) for ch in label):
        return label
    return "".join(to_latin(ch.lower()).capitalize() if ch.isupper() else to_latin(ch) for ch in label)


def _computed(year: int, cache: dict) -> tuple[IndexResult, object, Reader]:
    key = ("index", year)
    if key not in cache:
        reader = Reader(year)
        result = compute_index(year, reader)
        cache[key] = (result, sobol(result), reader)
    return cache[key]


def _method(result: IndexResult, lang: str) -> list:
    return [
        Heading(1, _("Method")),
        Paragraph(_("The index follows the OECD/JRC Handbook on Constructing Composite Indicators and is computed with "
                    "intlmon's reproduction of the JRC's COINr package. Each indicator is read from the monitoring's "
                    "counted figures; ratios are divided by the students or academic staff the HEI states in its "
                    "profile sheet. A missing number is never replaced by zero: the indicator is then missing for "
                    "that HEI.")),
        Paragraph(_("Steps: denominate; screen out HEIs with values for fewer than %(threshold)s %% of the indicators "
                    "computable this year; treat outliers (winsorise up to 5 points, else a log transform); "
                    "normalise to 0–100 by min-max; aggregate by weighted arithmetic means, indicators into pillars "
                    "and pillars into the index, leaving out what is missing and rescaling the weights.")
                  % {"threshold": round(100 * fw.DAT_THRESH)}),
        Paragraph(_("Every rank is shown with its band: the ranks at 5 %% and 95 %% of %(runs)s Monte Carlo runs "
                    "(seed %(seed)s) that vary the weights by ±25 %%, the normalisation (min-max or ranks), the "
                    "aggregation (arithmetic or geometric mean), the winsorisation limit (3–5) and the imputation "
                    "(none or the median). Two runs of 200 with different seeds give bands within about one rank of "
                    "each other. A rank whose band is wide should not be read as a precise position.")
                  % {"runs": result.runs, "seed": result.seed}),
    ]


def _framework(result: IndexResult, lang: str) -> list:
    rows = [[i.code, pillar_name(i.pillar, lang), indicator_name(i.code, lang),
             denominator_name(i.denominator) if i.denominator else "—", i.weight, i.follows] for i in fw.INDICATORS]
    pillars = [[p.code, pillar_name(p.code, lang), p.weight,
                sum(1 for i in result.indicators if i.pillar == p.code)] for p in fw.PILLARS]
    return [
        Heading(1, _("Framework %(version)s") % {"version": result.version}),
        Paragraph(_("The indicators follow the international outlook of Times Higher Education (THE), the international "
                    "ratios and the International Research Network of QS, U-Multirank's international orientation "
                    "(UMR), IMPI and the STINT internationalisation index.")),
        Table(_("Indicators of the framework"), [_("Code"), _("Pillar"), _("Indicator"), _("Denominator"), _("Weight"),
                                                 _("Follows")], rows, widths=[0.6, 1.4, 2.6, 1.5, 0.6, 0.9]),
        Table(_("Pillars and their weights"), [_("Code"), _("Pillar"), _("Weight"), _("Indicators computable this year")],
              pillars, widths=[0.6, 2.4, 0.8, 1.6]),
    ]


def _not_computable(result: IndexResult, lang: str) -> list:
    if not result.not_computable:
        return []
    rows = [[code, indicator_name(code, lang), reason_text(reason, lang)] for code, reason in result.not_computable.items()]
    return [
        Heading(2, _("Indicators not computable for %(year)s") % {"year": result.year}),
        Paragraph(ngettext("%(n)s indicator of the framework could not be computed for this year; the index is built "
                           "from the others.",
                           "%(n)s indicators of the framework could not be computed for this year; the index is built "
                           "from the others.", len(rows)) % {"n": len(rows)}),
        Table(_("Indicators not computable and why"), [_("Code"), _("Indicator"), _("Reason")], rows,
              widths=[0.6, 2.2, 3.6]),
    ]


def _ranking(result: IndexResult, reader: Reader, lang: str) -> list:
    if not result.rows:
        return [Heading(1, _("Ranking")), Paragraph(_("No HEI has enough data to be ranked this year."))]
    names = reader.labels("institution", [r.code for r in result.rows], lang)
    heis = Institution.objects.in_bulk([r.code for r in result.rows])
    rows = [[r.rank, band_text(r.q5, r.q95, lang), rank_value(r.median), round(r.score, 1),
             f"{r.available}/{result.computable}", names[r.code]] for r in result.rows]
    chart_rows = [{"label": chart_label(heis[r.code], lang), "rank": r.rank, "q5": r.q5, "q95": r.q95,
                   "median": r.median} for r in result.rows]
    return [
        Heading(1, _("Ranking")),
        Paragraph(_("Rank: the rank of the index score (equal scores share a rank). Band: ranks 5 %% and 95 %% of "
                    "the Monte Carlo runs. Coverage: indicators with a value of the %(n)s computable this year.")
                  % {"n": result.computable}),
        Table(_("The index %(year)s: score, rank and rank band") % {"year": result.year},
              [_("Rank"), _("Band Q5–Q95"), _("Median rank"), pgettext("index", "Score"), _("Coverage"), _("HEI")], rows,
              widths=[0.6, 1.0, 0.8, 0.7, 0.8, 4.0]),
        Figure(_("Ranks and their Q5–Q95 bands"),
               charts.rank_bands(chart_rows, _("Ranks and their Q5–Q95 bands"), _("Rank"), lang),
               notes=[_("Dot: the rank; line: the Q5–Q95 band of the Monte Carlo runs; tick: the median rank.")]),
    ]


def _sensitivity(sensitivity, lang: str) -> list:
    if sensitivity is None:
        return []
    names = {"weights": _("Weights"), "normalisation": _("Normalisation"), "aggregation": _("Aggregation"),
             "winmax": _("Winsorisation limit"), "imputation": _("Imputation")}
    first, total = _("first-order (S1)"), _("total (ST)")
    rows = []
    for _i, row in sensitivity.iterrows():
        rows.append({"input": names[row["Input"]], "index": first, "value": max(0.0, float(row["S1"]))})
        rows.append({"input": names[row["Input"]], "index": total, "value": max(0.0, float(row["ST"]))})
    return [
        Heading(1, _("Sensitivity")),
        Paragraph(_("Sobol indices of the mean absolute rank shift: the share of its variance due to each choice alone "
                    "(first-order) and with its interactions (total). Estimates below zero are shown as zero.")),
        Figure(_("Sensitivity of the ranking to the uncertain choices"),
               charts.sobol(rows, _("Sensitivity of the ranking to the uncertain choices"), _("Sobol index"), lang),
               notes=[_("A choice without a bar moved no rank in this year's data.")]),
    ]


def _coverage(result: IndexResult, reader: Reader, lang: str) -> list:
    values = result.denominated.set_index("uCode") if result.denominated is not None else None
    rows = []
    for ind in result.indicators:
        with_value = int(values[ind.code].notna().sum()) if values is not None else 0
        rows.append([ind.code, indicator_name(ind.code, lang), with_value,
                     len(result.missing_denominator.get(ind.code, []))])
    blocks = [
        Heading(1, _("Data coverage")),
        Table(_("HEIs with a value of each computable indicator"),
              [_("Code"), _("Indicator"), _("HEIs with a value"), _("HEIs without the denominator")], rows,
              widths=[0.6, 3.0, 1.2, 1.4]),
    ]
    if result.screened:
        names = reader.labels("institution", [s.code for s in result.screened], lang)
        screened = [[names[s.code], f"{s.available}/{result.computable}", reason_text(s.reason, lang)]
                    for s in sorted(result.screened, key=lambda s: names[s.code])]
        blocks += [
            Heading(2, _("HEIs screened out")),
            Table(_("HEIs screened out and why"), [_("HEI"), _("Coverage"), _("Reason")], screened,
                  widths=[3.0, 0.8, 3.2]),
        ]
    return blocks


def build_index_report(year: int, lang: str, cache: dict | None = None) -> Document:
    cache = cache if cache is not None else {}
    result, sensitivity, reader = _computed(year, cache)
    with translation.override(lang):
        doc = Document(_("Internationalisation index of Kazakh HEIs, %(year)s") % {"year": year}, lang,
                       subtitle=_("Framework %(version)s; every rank with its Monte Carlo band") % {
                           "version": result.version})
        doc.add(*_method(result, lang), *_framework(result, lang), *_not_computable(result, lang),
                *_ranking(result, reader, lang), *_sensitivity(sensitivity, lang), *_coverage(result, reader, lang))
    return doc
