"""The dashboard pages: public (anyone, signed in or not), showing counted figures only.

Views read GET parameters, ask `figures.Page` / `drill` / the reports for what to show and render it;
they add nothing up. Every table a page shows is built by one function per page (`*_tables`), which
the page and the CSV/XLSX export both call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from intlmon.analytics import stamp
from intlmon.analytics.availability import years_with_data
from intlmon.analytics.read import Reader, rank_of, ranking, session
from intlmon.analytics.registry import all_statistics
from intlmon.analytics.statistics.shaping import collector_paused
from intlmon.records.models import Level
from intlmon.registry.models import Country, FieldOfEducation, Institution, Region
from intlmon.web import generated_files, page_cache
from intlmon.web.dashboards import charts, drill, shared_store, warm
from intlmon.web.dashboards.figures import DIM_TITLES, Page, figure_link
from intlmon.web.dashboards.flags import provisional, quality_of
from intlmon.web.dashboards.sections import FILTERS, SECTIONS
from intlmon.web.dashboards.tables import CSV_TYPE, XLSX_TYPE, Row, Table, to_csv, to_xlsx

CATEGORIES = ("national", "state", "joint_stock", "private", "international")
PEERS_SHOWN = 10


def _lang() -> str:
    return (translation.get_language() or "en")[:2]


def _year(request, years: list[int]) -> int:
    raw = request.GET.get("year") or ""
    if not raw:
        if not years:
            raise Http404("no year with data")
        return years[-1]
    if not raw.isdigit() or int(raw) not in years:
        raise Http404("no data for this year")
    return int(raw)


def _filters(request) -> dict[str, str]:
    return {k: request.GET[k] for k in FILTERS if request.GET.get(k)}


def _filter_choices(page: Page) -> list[dict]:
    codes = {
        "region": list(Region.objects.values_list("code", flat=True)),
        "category": list(CATEGORIES),
        "field": list(FieldOfEducation.objects.order_by("code").values_list("code", flat=True)),
        "level": [c for c, _label in Level.choices],
    }
    return [{"name": dim, "title": DIM_TITLES[dim](), "selected": page.where.get(dim, ""),
             "options": [(c, page.label(dim, c)) for c in codes[dim]]} for dim in FILTERS]


# -- the national overview ----------------------------------------------------------------------
def overview_tables(page: Page) -> list[Table]:
    views = page.sections()
    top = page.top_countries()
    return ([top] if top else []) + [t for v in views for t in v.tables]


def no_data(request, template: str, **context):
    """A page of a database without any year of data: said, not a 404 (the page itself exists)."""
    return render(request, template, {"years": [], "year": None, "views": [], "no_years": True, **context})


def _no_data_body(page: str, **context) -> str:
    return render_to_string(f"web/dashboards/_{page}_body.html",
                            {"years": [], "year": None, "views": [], "no_years": True, **context})


def years_held(stamps: stamp.YearStamps) -> list[int]:
    return _years(stamp.combined(stamps))


def _years(at: str | None = None) -> list[int]:
    """The years with counted data, kept under the counted stamp `at` (each is a query of its own)."""
    return page_cache.public("years-with-data", (), years_with_data, at=at)


def _query(request) -> str:
    return request.GET.urlencode()


def overview(request):
    stamps = page_cache.public_stamps()
    at = stamp.combined(stamps)
    years = _years(at)
    if not years:
        return no_data(request, "web/dashboards/overview.html", body=_no_data_body("overview"))
    year, filters, query = _year(request, years), _filters(request), _query(request)
    body = overview_body(year, filters, query, years, stamps)
    return render(request, "web/dashboards/overview.html", {"year": year, "body": body})


def overview_body(year: int, filters: dict[str, str], query: str, years: list[int], stamps: stamp.YearStamps):
    """The overview's body for the active language — kept, or computed and kept (also `warm`'s way in).

    Computed with the cyclic collector paused (`collector_paused`: why there): a year's figures, the page's
    tens of thousands of links and their pickled copy make hundreds of thousands of objects, none in a
    cycle, and the collections they set off were a sixth of the overview's time after an approval."""
    with collector_paused(promote=True):
        return _overview_body(year, filters, query, years, stamps)


def _overview_body(year: int, filters: dict[str, str], query: str, years: list[int], stamps: stamp.YearStamps):
    return page_cache.body("overview", _overview_parts(year, filters, query),
                           "web/dashboards/_overview_body.html",
                           lambda: overview_context(year, filters, years, query, stamps), at=stamp.combined(stamps))


def _overview_parts(year: int, filters: dict[str, str], query: str) -> tuple:
    return (year, tuple(sorted(filters.items())), query)


def overview_chart(request, key: str):
    """The SVG of one chart of the overview (same query as the page), drawn on request: the page links
    its map and trends for browsers without scripts (charts.py) instead of drawing them with vl-convert
    each time an approval changes the year (~1.6 s of CPU on the 1,000-HEI database). The chart is the
    one the overview computed at the same counted stamp (kept beside its body; computed again if the
    cache lost it); an unknown key is 404."""
    stamps = page_cache.public_stamps()
    at = stamp.combined(stamps)
    years = _years(at)
    if not years:
        raise Http404("no year with data")
    year, filters, query = _year(request, years), _filters(request), _query(request)
    kept = page_cache.public("page:overview-charts", _overview_parts(year, filters, query),
                             lambda: overview_context(year, filters, years, query, stamps)["charts"], at=at)
    return _chart_svg(kept, key)


def _chart_link(url_name: str, query: str, **kwargs: str) -> Callable[[str], str]:
    """key → the address of one of a page's charts (`overview_chart`, `hei_chart`), with the page's query."""
    base = reverse(url_name, kwargs={**kwargs, "key": "KEY"})
    suffix = f"?{query}" if query else ""
    return lambda key: base.replace("KEY", key) + suffix


def _chart_svg(charts_by_key: dict, key: str) -> HttpResponse:
    """The SVG of the kept chart `key` of a page (drawn now by vl-convert, kept per spec); unknown key → 404."""
    chart = charts_by_key.get(key)
    if chart is None:
        raise Http404("no such chart")
    return HttpResponse(chart.svg(), content_type="image/svg+xml")


def overview_context(year: int, filters: dict[str, str], years: list[int], query: str,
                     stamps: stamp.YearStamps) -> dict:
    """Everything the overview's body shows (computed when the page cache has no copy at this data stamp;
    each year's statistics come from the store kept under that year's stamp, so after an approval only
    the approved version's year is computed again)."""
    with session(), shared_store.reader_store(stamps) as store:
        page = Page(year, _lang(), filters, store=store, other_years=lambda stat_id, y: kept(y).get(stat_id))
        kept = year_values(page, stamps)
        with page.reader.passes_ahead([i for s in SECTIONS for i in s.ids]):
            views = page.sections()
        top = page.top_countries()
        _stat, by_country = page.partner_countries()
        lang = page.lang
        link = _chart_link("web:dashboard-chart", query)
        map_chart = None
        if by_country:
            map_chart = charts.partner_map(by_country, {c: page.label("country", c) for c in by_country}, lang,
                                           page.label("country", "KZ"), link=link("chart-map"))
        trend_charts = []
        for v in views:
            points = page.trends(v.section, years)
            if len(points) > 1:
                key = f"chart-trend-{v.section.key}"
                trend_charts.append(charts.trend(key, str(v.section.title), points,
                                                 all_statistics()[v.card.statistic].unit, lang, link=link(key)))
        drawn = {chart.key: chart for chart in ([map_chart] if map_chart else []) + trend_charts}
        # kept beside the body at the same stamp, for `overview_chart` (its own computing when the cache lost it)
        page_cache.public("page:overview-charts", _overview_parts(year, filters, query), lambda: drawn,
                          at=stamp.combined(stamps))
        return {
            "page": page, "year": page.year, "years": years, "filters": _filter_choices(page), "views": views,
            "top": top, "map": map_chart, "trends": trend_charts, "provisional": provisional(page.year, page.reader.store),
            "export_page": "overview", "query": query, "charts": drawn,
        }


def year_values(page: Page, stamps: stamp.YearStamps) -> Callable[[int], dict[str, object]]:
    """year → the page's card statistics' values in that year (`Page.values_of_year`), each year's kept under
    that year's counted stamp: the trends and the previous year's figures then read one small entry a year,
    not the year's whole store, and an approval of 2023 leaves the other years' entries valid."""
    where = tuple(sorted(page.where.items()))
    found: dict[int, dict] = {}

    def of(year: int) -> dict[str, object]:
        if year not in found:
            if year in stamps:
                found[year] = stamp.remember("year-values", (year, page.national, where),
                                             lambda: page.values_of_year(year), stamp=stamps[year])
            else:  # no reporting period: nothing to keep (and nothing to count)
                found[year] = page.values_of_year(year)
        return found[year]

    return of


# -- a country ----------------------------------------------------------------------------------
def country(request, code: str):
    found = get_object_or_404(Country, pk=code.upper())
    at = page_cache.public_stamp()
    years = _years(at)
    year = _year(request, years)
    kept = page_cache.public("page:country", (found.pk, year), lambda: country_page(found, year, years, at), at=at)
    return render(request, "web/dashboards/country.html", {"year": year, **kept})


def country_note(code: str, year: int, at: str | None = None):
    """The bilateral note (`reports.country.build_country_note`) of the active language, kept under the counted
    stamp `at` (read now when not given): the country page and its DOCX and PDF downloads lay out one
    build instead of three (~0.1–0.4 s of CPU each)."""
    from intlmon.reports.country import build_country_note

    lang = _lang()
    return page_cache.public("country-note", (code, year), lambda: build_country_note(code, year, lang), at=at)


def country_page(found: Country, year: int, years: list[int], at: str | None = None) -> dict:
    """The country page's name and rendered body (kept under the data stamp by `country`)."""
    from intlmon.reports.html import items

    lang = _lang()
    document = country_note(found.pk, year, at)
    blocks, footnotes = items(document, charts="svg")
    for i, item in enumerate(blocks):
        if item.kind == "figure":  # drawn by vega-embed from the same spec, the reports' SVG as fallback
            item.extra["chart"] = charts.ChartBlock.of(f"chart-note-{i}", item.block.chart)
    name = Reader(year).label("country", found.pk, lang)
    warm.start_notes(found.pk, year, lang)  # its DOCX and PDF, for the visitor's next click (warm.py)
    body = render_to_string("web/dashboards/_country_body.html", {
        "country": found, "name": name, "year": year, "years": years,
        "doc": document, "items": blocks, "footnotes": footnotes, "provisional": provisional(year, {}),
    })
    return {"name": name, "body": mark_safe(body)}  # noqa: S308 — our template's escaped output


NOTE_FORMATS = ("docx", "pdf")


def _note_file(code: str, year: int, lang: str, fmt: str) -> tuple[str, Callable[[Path], Path]]:
    """(file name, builder) of a country note's DOCX or PDF in `lang` (the active language when built)."""
    from intlmon.reports.formats import FORMATS, SUFFIX

    name = f"country_note_{code}_{year}_{lang}{SUFFIX[fmt]}"

    def build(folder: Path) -> Path:  # the note at a stamp read after the file's own: never older than its folder
        return Path(FORMATS[fmt](country_note(code, year), folder / name))

    return name, build


def build_note_files(code: str, year: int, lang: str) -> list[Path]:
    """Both files of a country's note in `lang`, written now unless already there at the current stamp
    (`warm.start_notes` runs it in the background when the country's page is computed)."""
    with translation.override(lang):
        return [generated_files.stored("country-notes", *_note_file(code, year, lang, fmt)) for fmt in NOTE_FORMATS]


def country_download(request, code: str, fmt: str):
    """The note as DOCX or PDF, written by the reports' renderers (`reports.formats`) once per data stamp
    and served from disk (`web.generated_files`)."""
    if fmt not in NOTE_FORMATS:
        raise Http404("unknown format")
    found = get_object_or_404(Country, pk=code.upper())
    year, lang = _year(request, _years()), _lang()
    name, build = _note_file(found.pk, year, lang, fmt)
    kind = XLSX_TYPE.replace("spreadsheetml.sheet", "wordprocessingml.document") if fmt == "docx" else "application/pdf"
    return generated_files.response("country-notes", name, build, kind)


# -- an HEI -------------------------------------------------------------------------------------
def hei_tables(page: Page, institution: Institution, link: Callable[[str], str]) -> tuple[list, list[Table], list]:
    """(cards, tables, peer charts): the HEI's figures, its breakdowns and its rank in its category;
    `link(key)`: the address of a chart's SVG (drawn on request, `hei_chart`)."""
    views = page.sections(dims=("country", "level", "field"))
    category = page.reader.categories(page.year, [institution.pk]).get(institution.pk, "")
    peers = Table("peers", _("Position among the HEIs of its category"),
                  [_("Indicator"), _("Value"), _("Rank"), _("HEIs ranked")])
    peer_charts = []
    for v in views:
        stat_id = v.section.statistic_for({"institution", "category"})
        if stat_id is None or not category:
            continue
        values = {c: x for c, x in page.reader.by(stat_id, page.year, "institution", category=category).items() if c}
        if institution.pk not in values:
            continue
        rank, _tied = rank_of(values, institution.pk)
        peers.rows.append(Row([str(v.section.title), values[institution.pk], rank, len(ranking(values))],
                              figure_link(stat_id, page.year, {"institution": institution.pk}, national=False)))
        if not peer_charts:
            top = [(c, x) for c, x, _r in ranking(values, PEERS_SHOWN)]
            if institution.pk not in [c for c, _x in top]:
                top.append((institution.pk, values[institution.pk]))
            items = [(page.label("institution", c), x) for c, x in top]
            peer_charts.append(charts.bars("chart-peers", f"{v.section.title}: {_('leading HEIs of the category')}",
                                           items, all_statistics()[stat_id].unit, page.lang,
                                           highlight=page.label("institution", institution.pk),
                                           link=link("chart-peers")))
    tables = ([peers] if peers.rows else []) + [t for v in views for t in v.tables]
    return views, tables, peer_charts


def hei(request, pk: str):
    institution = get_object_or_404(Institution, pk=pk)
    stamps = page_cache.public_stamps()
    at = stamp.combined(stamps)
    years = _years(at)
    if not years:
        name = Reader().label("institution", institution.pk, _lang())
        return no_data(request, "web/dashboards/hei.html", institution=institution, name=name,
                       body=_no_data_body("hei", institution=institution, name=name))
    year, query = _year(request, years), _query(request)
    kept = page_cache.public("page:hei", (institution.pk, year, query),
                             lambda: hei_page(institution, year, years, query, stamps), at=at)
    return render(request, "web/dashboards/hei.html", {"year": year, "name": kept["name"], "body": kept["body"]})


def hei_chart(request, pk: str, key: str):
    """The SVG of one chart of an HEI page (`?year=`), drawn on request: the page links it for browsers
    without scripts (charts.py) instead of drawing every HEI's peers and trends with its first request. The
    chart is the one the kept page of that year (as its own year link asks for it) holds, so the picture
    is of the same counted stamp as the page; an unknown key is 404."""
    institution = get_object_or_404(Institution, pk=pk)
    stamps = page_cache.public_stamps()
    at = stamp.combined(stamps)
    years = _years(at)
    if not years:
        raise Http404("no year with data")
    year = _year(request, years)
    query = f"year={year}"
    kept = page_cache.public("page:hei", (institution.pk, year, query),
                             lambda: hei_page(institution, year, years, query, stamps), at=at)
    return _chart_svg(kept.get("charts", {}), key)


def hei_page(institution: Institution, year: int, years: list[int], query: str, stamps: stamp.YearStamps) -> dict:
    """The HEI page's name, rendered body and charts by key (kept under the data stamp by `hei`)."""
    link = _chart_link("web:dashboard-hei-chart", f"year={year}", pk=institution.pk)
    with session(), shared_store.reader_store(stamps) as store:
        page = Page(year, _lang(), {"institution": institution.pk}, national=False, store=store,
                    other_years=lambda stat_id, y: kept(y).get(stat_id))
        kept = year_values(page, stamps)
        views, tables, peer_charts = hei_tables(page, institution, link)
        trend_charts = []
        for v in views:
            points = page.trends(v.section, years)
            if len(points) > 1:
                key = f"chart-trend-{v.section.key}"
                trend_charts.append(charts.trend(key, str(v.section.title), points,
                                                 all_statistics()[v.card.statistic].unit, page.lang, link=link(key)))
        name = page.label("institution", institution.pk)
        body = render_to_string("web/dashboards/_hei_body.html", {
            "institution": institution, "name": name, "year": page.year,
            "years": years, "views": views, "tables": tables, "peer_charts": peer_charts, "trends": trend_charts,
            "provisional": provisional(page.year, page.reader.store), "export_page": "hei",
            "query": query, "page": page,
        })
    return {"name": name, "body": mark_safe(body),  # noqa: S308 — our template's escaped output
            "charts": {chart.key: chart for chart in (*peer_charts, *trend_charts)}}


# -- the drill-down -----------------------------------------------------------------------------
def _figure_request(request, years: list[int] | None = None):
    stat_id = request.GET.get("statistic", "")
    statistics = all_statistics()
    if stat_id not in statistics:
        raise Http404("unknown statistic")
    statistic = statistics[stat_id]
    year = _year(request, _years() if years is None else years)
    where = {d: request.GET[d] for d in statistic.dimensions if d in request.GET}
    national = request.GET.get("basis") != "records"
    return statistic, year, where, national


def figure_tables(request, store: dict | None = None, years: list[int] | None = None) -> tuple[dict, list[Table]]:
    statistic, year, where, national = _figure_request(request, years)
    lang = _lang()
    reader = Reader(year, national=national, store=store)
    figure = reader.figure(statistic.id, year, **where)
    quality = quality_of(figure, reader.store, where.get("institution"))
    found = drill.records(statistic.id, year, where) if quality.source == "records" else None
    tables = []
    if found is not None:
        table = Table("records", _("Counted records"), [_("HEI"), _("Version"), _("Sheet"), _("Row"), _("Record"),
                                                        _("Counts")])
        for r in found.rows:
            table.rows.append(Row([reader.label("institution", r.institution_id, lang), r.submission.version,
                                   r.source_sheet, r.source_row or "", drill.describe(r, lambda c: reader.label("country", c, lang)), found.amount(r)]))
        tables.append(table)
    context = {
        "statistic": statistic, "year": year, "figure": figure, "quality": quality, "drill": found,
        "dimensions": [(DIM_TITLES[d]() if d in DIM_TITLES else d, reader.label(d, c, lang) if c else _("not specified"))
                       for d, c in where.items()],
    }
    return context, tables


def figure(request):
    stamps = page_cache.public_stamps()  # read once: the kept page, the years held and the year store
    at = stamp.combined(stamps)

    def compute() -> dict:
        with session(), shared_store.reader_store(stamps) as store:
            context, tables = figure_tables(request, store, _years(at))
            body = render_to_string("web/dashboards/_figure_body.html", {
                **context, "tables": tables, "export_page": "figure", "query": _query(request)})
        return {"title": str(context["statistic"].title), "year": context["year"],
                "body": mark_safe(body)}  # noqa: S308 — our template's escaped output

    kept = page_cache.public("page:figure", (_query(request),), compute, at=at)
    return render(request, "web/dashboards/figure.html", kept)


# -- the export ---------------------------------------------------------------------------------
def export(request):
    """One table of a page as CSV or XLSX: `page`, `table` (its key), `format` and the page's parameters."""
    fmt = request.GET.get("format", "csv")
    kind = request.GET.get("page", "")
    if fmt not in ("csv", "xlsx"):
        raise Http404("unknown format")
    stamps = page_cache.public_stamps()  # read once: the kept answer, the years held and the year store
    content, content_type, key = page_cache.public("export", (_query(request),), lambda: _export(request, kind, fmt, stamps),
                                                   at=stamp.combined(stamps))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{kind}-{key}.{fmt}"'
    return response


def _export(request, kind: str, fmt: str, stamps: stamp.YearStamps) -> tuple[bytes | str, str, str]:
    """(content, content type, table key) of the asked table (kept under the data stamp by `export`)."""
    years = _years(stamp.combined(stamps))
    with session(), shared_store.reader_store(stamps) as store:
        if kind == "overview":
            tables = overview_tables(Page(_year(request, years), _lang(), _filters(request), store=store))
        elif kind == "hei":
            institution = get_object_or_404(Institution, pk=request.GET.get("institution", ""))
            page = Page(_year(request, years), _lang(), {"institution": institution.pk}, national=False,
                        store=store)
            tables = hei_tables(page, institution, lambda key: "")[1]  # the tables only: no chart drawn
        elif kind == "figure":
            tables = figure_tables(request, store, years)[1]
        else:
            raise Http404("unknown page")
    table = next((t for t in tables if t.key == request.GET.get("table")), None)
    if table is None:
        raise Http404("no such table")
    content, content_type = (to_csv(table), CSV_TYPE) if fmt == "csv" else (to_xlsx(table), XLSX_TYPE)
    return content, content_type, table.key


warm.connect()  # an approval's commit starts the background warming of the overview (dashboards/warm.py)
