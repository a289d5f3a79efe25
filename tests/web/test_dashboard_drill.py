"""Drill-down and export on the 2023 reference data: the records listed under a number add up to it
(the read service's figure), a published figure shows its source, and every table's CSV and XLSX hold
what the page shows."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from intlmon.analytics.read import Reader
from intlmon.analytics.registry import all_statistics
from tests.web import dashboard_helpers
from tests.web.dashboard_helpers import card_links, number, page_tables

pytestmark = pytest.mark.django_db
reference = dashboard_helpers.reference  # the module-scoped 2023 data


def get(client, url, params=None, lang="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response


def expected(link: str):
    query = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
    stat, year = query.pop("statistic"), int(query.pop("year"))
    national = query.pop("basis", "") != "records"
    return Reader(year, national=national).figure(stat, year, **query)


def csv_rows(client, link: str, table: str) -> list[list[str]]:
    query = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
    response = get(client, reverse("web:dashboard-export"), {**query, "page": "figure", "table": table, "format": "csv"})
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def overview_links(reference, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        html = get(Client(), reverse("web:dashboard"), {"year": "2023"}).content.decode()
    _tables, links = page_tables(html)
    rows = [links[k][0].replace("&amp;", "&") for k in ("agreements-by-category", "joint_programmes-by-level",
                                                         "projects-by-region", "double_degree_programmes-by-country")]
    return card_links(html) + rows


def test_every_number_clicked_lists_records_adding_up_to_it(client, overview_links):
    checked = 0
    for link in overview_links:
        figure = expected(link)
        html = get(client, link).content.decode()
        assert f"{figure.value:,}" in html, link
        if figure.source != "records":
            continue
        measure = all_statistics()[figure.statistic]
        rows = csv_rows(client, link, "records")
        assert rows[0] == ["HEI", "Version", "Sheet", "Row", "Record", "Counts"]
        counts = [r[-1] for r in rows[1:]]
        total = len(set(counts)) if measure.unit == "countries" else sum(int(c) for c in counts)
        assert total == figure.value, link
        assert all(r[0] and r[1].isdigit() for r in rows[1:])  # each record with its HEI and version
        assert f"counted records add up to {figure.value:,}" in html or f"record adds up to {figure.value:,}" in html
        checked += 1
    assert checked >= 5


def test_a_published_figure_shows_its_printed_source(client, reference):
    reader = Reader(2022, national=True)
    figure = reader.figure("agreements_by_country", 2022)
    assert figure.source == "published"
    html = get(client, reverse("web:dashboard-figure"), {"statistic": "agreements_by_country", "year": "2022"}).content.decode()
    assert "published figure" in html and "Counted records" not in html
    assert figure.note and figure.note.split(";")[0][:40] in html.replace("&#x27;", "'").replace("&quot;", '"')


def test_the_figure_says_it_is_provisional_while_an_expected_hei_is_not_approved(client, reference):
    from intlmon.opendata.flags import is_provisional

    html = get(client, reverse("web:dashboard"), {"year": "2023"}).content.decode()
    assert ("Provisional:" in html) == is_provisional(2023)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_exported_table_holds_what_the_page_shows(client, reference, fmt):
    from openpyxl import load_workbook

    html = get(client, reverse("web:dashboard"), {"year": "2023", "region": "europe"}).content.decode()
    tables, _links = page_tables(html)
    assert len(tables) > 5
    keys = ["top-partner-countries"] + [k for k in tables if "-by-" in k][::4]
    for key in keys:
        response = get(client, reverse("web:dashboard-export"),
                       {"year": "2023", "region": "europe", "page": "overview", "table": key, "format": fmt})
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            rows = [[str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        assert [[number(c) for c in r] for r in rows] == [[number(c) for c in r] for r in tables[key]], key


@pytest.mark.parametrize(("statistic", "dim", "code", "title"), [
    ("projects", "kind", "research", "Вид"), ("mobility", "direction", "inbound", "Направление")])
def test_a_figure_of_a_kind_or_direction_names_the_dimension_in_the_readers_language(client, reference, statistic,
                                                                                       dim, code, title):
    html = get(client, reverse("web:dashboard-figure"), {"statistic": statistic, "year": 2023, dim: code},
               lang="ru").content.decode()
    assert f"<dt>{title}</dt>" in html and f"<dt>{dim}</dt>" not in html


def test_a_long_table_shows_its_largest_rows_and_the_export_holds_them_all(client, reference, monkeypatch):
    """A table longer than SHOWN_ROWS (by HEI on a database of a thousand HEIs) draws its largest rows and says
    how many more the download holds; the CSV still has every row. Cut here at 5 rows of the 2023 data."""
    from intlmon.analytics import stamp
    from intlmon.web.dashboards import tables as dashboard_tables

    stamp.bump()  # the body kept by another test was drawn whole
    full_html = get(client, reverse("web:dashboard"), {"year": "2023"}).content.decode()
    full = page_tables(full_html)[0]["agreements-by-country"]
    assert len(full) - 1 > 5
    monkeypatch.setattr(dashboard_tables, "SHOWN_ROWS", 5)
    stamp.bump()
    html = get(client, reverse("web:dashboard"), {"year": "2023"}).content.decode()
    shown = page_tables(html)[0]["agreements-by-country"]
    largest = sorted((number(r[-1]) for r in full[1:]), reverse=True)[:5]
    assert [number(r[-1]) for r in shown[1:]] == largest
    assert f"The 5 largest rows are shown; {len(full) - 1 - 5} more rows are in the download." in html
    response = get(client, reverse("web:dashboard-export"),
                   {"year": "2023", "page": "overview", "table": "agreements-by-country", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [[number(c) for c in r] for r in rows] == [[number(c) for c in r] for r in full]


def test_a_figure_link_encodes_every_code_as_a_query_string_would(db):
    """Codes with spaces, ampersands, Cyrillic or a plus sign come back from the link exactly as given."""
    from intlmon.web.dashboards.figures import figure_link

    where = {"country": "KZ & RU", "institution": "абай+1", "level": "master/phd"}
    link = figure_link("agreements", 2023, where, national=False)
    assert link.startswith(reverse("web:dashboard-figure") + "?")
    assert dict(parse_qsl(urlsplit(link).query)) == {"statistic": "agreements", "year": "2023", **where,
                                                     "basis": "records"}
    assert list(dict(parse_qsl(urlsplit(figure_link("agreements", 2023, {"region": "cis"})).query))) == [
        "statistic", "year", "region"]
