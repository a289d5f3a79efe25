"""The public dashboards on the 2023 reference data: the overview, filters, the HEI page, the country
page, for every persona; every number checked against the read service."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from intlmon.analytics.read import Reader, rank_of
from intlmon.analytics.yoy import change
from tests.web import dashboard_helpers
from tests.web.dashboard_helpers import card_links, number, page_tables
from tests.web.kept_cache import own_cache  # noqa: F401  (a test's own cache folder)

pytestmark = pytest.mark.django_db
reference = dashboard_helpers.reference  # the module-scoped 2023 data


def get(client, url, lang="en", **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def people(db, reference, django_user_model):
    from intlmon.web.models import Profile

    analyst = django_user_model.objects.create_user("dash-analyst", password="x-long-password-1")
    Profile.objects.create(user=analyst, role="analyst")
    return {"anonymous": None, "analyst": analyst}


@pytest.mark.parametrize("persona", ["anonymous", "analyst"])
def test_the_overview_shows_the_read_services_key_figures_with_their_change(client, people, persona):
    if people[persona]:
        client.force_login(people[persona], backend="django.contrib.auth.backends.ModelBackend")
    html = get(client, reverse("web:dashboard"), year="2023")
    reader = Reader(2023, national=True)
    agreements = reader.figure("agreements_by_country").value
    before = Reader(2022, national=True).figure("agreements_by_country").value
    assert f"{agreements:,}" in html  # 6,050: the finest data held, as the national report prints it
    assert change(before, agreements).describe("en") in html
    assert 'id="chart-map-spec" type="application/json"' in html
    map_link = reverse("web:dashboard-chart", kwargs={"key": "chart-map"}) + "?year=2023"
    assert f'<noscript><img class="chart-fallback" src="{map_link}"' in html  # drawn only when asked for
    tables, _links = page_tables(html)
    assert {"top-partner-countries", "agreements-by-region", "agreements-by-category",
            "publications-by-field", "joint_programmes-by-level"} <= set(tables)
    top = tables["top-partner-countries"]
    leader, value = max(reader.by("agreements_by_country", 2023, "country").items(), key=lambda kv: kv[1])
    assert top[1][0] == "1" and number(top[1][2]) == value
    assert top[1][1] == reader.label("country", leader, "en")


def test_a_filter_restricts_every_card_to_the_chosen_region(client, reference):
    html = get(client, reverse("web:dashboard"), year="2023", region="europe")
    reader = Reader(2023, national=True)
    europe = reader.figure("agreements_by_country", region="europe").value
    assert europe < reader.figure("agreements_by_country").value
    first = card_links(html)[0]
    assert "region=europe" in first
    assert f">{europe:,}<" in html
    tables, _links = page_tables(html)
    assert "agreements-by-region" not in tables  # the filtered dimension is no breakdown


def test_the_page_speaks_the_visitors_language(client, reference):
    html = get(client, reverse("web:dashboard"), lang="ru", year="2023")
    value = Reader(2023, national=True).figure("agreements_by_country").value
    assert f"{value:,}".replace(",", "\u00a0") in html
    assert "Ключевые показатели" in html


def test_the_hei_page_shows_its_rank_among_the_heis_of_its_category(client, reference):
    reader = Reader(2023)
    programmes = reader.by("joint_programmes", 2023, "institution")
    hei = next(c for c in programmes if c)
    category = reader.categories(2023, [hei])[hei]
    peers = {c: v for c, v in reader.by("joint_programmes", 2023, "institution", category=category).items() if c}
    html = get(client, reverse("web:dashboard-hei", kwargs={"pk": hei}), year="2023")
    tables, links = page_tables(html)
    row = next(r for r in tables["peers"][1:] if r[0] == "Joint educational programmes")
    assert number(row[1]) == peers[hei] and number(row[2]) == rank_of(peers, hei)[0]
    assert 'id="chart-peers-spec"' in html


def test_the_hei_pages_charts_are_drawn_only_when_their_svg_is_asked_for(client, reference, monkeypatch, own_cache):  # noqa: F811
    import re

    from intlmon.web.dashboards import charts

    drawn = []
    real = charts.chart_svg
    monkeypatch.setattr(charts, "chart_svg", lambda chart: drawn.append(chart.key) or real(chart))
    hei = next(c for c in Reader(2023).by("joint_programmes", 2023, "institution") if c)
    html = get(client, reverse("web:dashboard-hei", kwargs={"pk": hei}), year="2023")
    assert "data:image/svg+xml" not in html and not drawn  # nothing drawn for a browser that draws itself
    links = re.findall(r'data-fallback="([^"]+)"', html)
    peers = reverse("web:dashboard-hei-chart", kwargs={"pk": hei, "key": "chart-peers"}) + "?year=2023"
    assert peers in links and f'<noscript><img class="chart-fallback" src="{peers}"' in html
    for link in links:
        response = client.get(link)
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")
    assert sorted(drawn) == sorted(link.split("/charts/")[1].split(".svg")[0] for link in links)  # each on request
    chart = reverse("web:dashboard-hei-chart", kwargs={"pk": hei, "key": "chart-nothing"})
    assert client.get(chart, {"year": 2023}).status_code == 404
    assert client.get(chart.replace(hei, "no-such-hei"), {"year": 2023}).status_code == 404


def test_the_overviews_charts_are_drawn_only_when_their_svg_is_asked_for(client, reference, monkeypatch, own_cache):  # noqa: F811
    import re

    from intlmon.web.dashboards import charts

    drawn = []
    real = charts.chart_svg
    monkeypatch.setattr(charts, "chart_svg", lambda chart: drawn.append(chart.key) or real(chart))
    html = get(client, reverse("web:dashboard"), year="2023", region="europe")
    assert "data:image/svg+xml" not in html and not drawn  # nothing drawn for a browser that draws itself
    links = [link.replace("&amp;", "&") for link in re.findall(r'data-fallback="([^"]+)"', html)]
    map_link = reverse("web:dashboard-chart", kwargs={"key": "chart-map"}) + "?year=2023&region=europe"
    assert map_link in links and any("chart-trend-" in link for link in links)
    for link in links:
        response = client.get(link)
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")
    assert sorted(drawn) == sorted(link.split("/charts/")[1].split(".svg")[0] for link in links)  # each on request
    # the same chart of another filter is another picture: the region's map is not the nation's
    national = client.get(reverse("web:dashboard-chart", kwargs={"key": "chart-map"}), {"year": 2023})
    assert national.status_code == 200 and national.content != client.get(map_link).content
    assert client.get(reverse("web:dashboard-chart", kwargs={"key": "chart-nothing"}), {"year": 2023}).status_code == 404
    assert client.get(reverse("web:dashboard-chart", kwargs={"key": "chart-map"}), {"year": 1990}).status_code == 404


def test_the_country_page_puts_the_bilateral_note_on_screen_with_its_downloads(client, reference):
    from intlmon.reports.country import build_country_note

    document = build_country_note("FR", 2022, "en")
    html = get(client, reverse("web:dashboard-country", kwargs={"code": "fr"}), year="2022")
    assert document.title in html
    assert "note.docx?year=2022" in html and "note.pdf?year=2022" in html
    response = client.get(reverse("web:dashboard-country-note", kwargs={"code": "FR", "fmt": "docx"}), {"year": 2022})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get(reverse("web:dashboard-country", kwargs={"code": "XX"})).status_code == 404


def test_the_country_page_and_its_downloads_share_one_build_of_the_note_until_the_data_change(client, reference,
                                                                                               monkeypatch, own_cache):  # noqa: F811
    from intlmon.analytics import stamp
    from intlmon.reports import country

    built = []
    real = country.build_country_note
    monkeypatch.setattr(country, "build_country_note", lambda *args: built.append(args) or real(*args))
    page = reverse("web:dashboard-country", kwargs={"code": "FR"})
    note = {fmt: reverse("web:dashboard-country-note", kwargs={"code": "FR", "fmt": fmt}) for fmt in ("docx", "pdf")}
    get(client, page, year="2022")
    assert client.get(note["docx"], {"year": 2022}).content[:2] == b"PK"
    assert client.get(note["pdf"], {"year": 2022}).content[:4] == b"%PDF"
    assert built == [("FR", 2022, "en")]  # one build for the page and both files
    get(client, page, lang="ru", year="2022")
    assert built[-1] == ("FR", 2022, "ru")  # the language is part of what is kept
    stamp.bump()  # a change of what counts (an approval, an import …): a new stamp
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(note["docx"], {"year": 2022}).status_code == 200
    assert len(built) == 3 and built[-1] == ("FR", 2022, "en")


def test_a_country_pages_note_files_are_written_in_the_background_and_then_only_read(client, reference,
                                                                                   monkeypatch, own_cache):  # noqa: F811
    from types import SimpleNamespace

    from intlmon.web.dashboards import views, warm

    class Inline:  # the warming thread's work done at once, in the test's thread
        def __init__(self, target, **kwargs):
            self.target = target

        def start(self):
            self.target()

    monkeypatch.setattr(warm, "enabled", lambda: True)  # off under the test environment by default
    monkeypatch.setattr(warm.threading, "Thread", Inline)
    monkeypatch.setattr(warm, "connection", SimpleNamespace(close=lambda: None))  # the test's transaction stays
    get(client, reverse("web:dashboard-country", kwargs={"code": "FR"}), year="2022")
    built = []
    monkeypatch.setattr(views, "country_note", lambda *args: built.append(args))
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
        response = client.get(reverse("web:dashboard-country-note", kwargs={"code": "FR", "fmt": fmt}), {"year": 2022})
        assert response.status_code == 200 and response.content.startswith(magic)
    assert built == []  # both files were written when the page was computed: the downloads only read them


def test_a_year_without_data_is_not_found(client, reference):
    assert client.get(reverse("web:dashboard"), {"year": "1990"}).status_code == 404


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_tables_rows_read_as_the_template_loop_wrote_them(lang):
    """`{% table_rows %}` writes what the template's own loop over the cells wrote: numbers in the reader's
    language, names escaped, the last cell linked (escaped) only in a row that has a link."""
    from decimal import Decimal

    from django.template import Context, Template

    from intlmon.web.dashboards.tables import Row, Table

    table = Table("t", "T", ["HEI", "Rank", "Number"], [
        Row(['Caf\u00e9 <b>"&"</b>', 3, 12345], "/dashboards/figure/?statistic=a&year=2023&institution=x%26y"),
        Row(["Ещё один", Decimal("2.50"), 7], lambda: "/dashboards/figure/?statistic=b&year=2023"),
        Row(["no link", True, 1234567]),
    ])
    loop = Template('{% load dashboards %}{% for row in table.shown_rows %}<tr>{% for c in row.cells %}'
                    '{% if forloop.last and row.link %}<td class="num"><a href="{{ row.link }}" class="figure-link">'
                    '{{ c|figure:lang }}</a></td>{% else %}<td>{{ c|figure:lang }}</td>{% endif %}{% endfor %}</tr>\n  '
                    '{% endfor %}')
    tag = Template("{% load dashboards %}{% table_rows table lang %}")
    context = {"table": table, "lang": lang}
    written = tag.render(Context(context))
    assert written == loop.render(Context(context))
    assert "&lt;b&gt;" in written and "x%26y" in written and written.count("figure-link") == 2
