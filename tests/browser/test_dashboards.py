"""The public dashboards in Chromium on the 2023 reference data: the overview's charts are drawn by
vega-embed (served by the portal, CSP-safe interpreter: no Content-Security-Policy violation), a key
figure is clicked down to its records, the language is switched, a table is exported as CSV.
Screenshots go to docs/images/dashboard-*.png only with INTLMON_SCREENSHOTS=1 (a test run leaves the
tree clean)."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from tests.browser.test_portal import serious_violations
from tests.web.dashboard_helpers import number

pytestmark = pytest.mark.browser

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.fixture
def data_2023(transactional_db, reference_2023):
    """Committed data (the live server reads it from its own thread): the registry and the 2023 tables."""
    from intlmon.collection.legacy import import_tables
    from intlmon.registry import resolve as resolver
    from intlmon.registry.loading import load_registry

    load_registry()
    resolver.invalidate()
    import_tables(reference_2023, 2023)
    yield
    resolver.invalidate()


def shot(page, name: str) -> None:
    if os.environ.get("INTLMON_SCREENSHOTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(IMAGES / f"dashboard-{name}.png"), full_page=False)


def test_overview_chart_drill_down_language_and_export(browser, live_server, data_2023):
    from intlmon.analytics.read import Reader

    context = browser.new_context(locale="en-GB", accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked, errors = [], []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(live_server.url + "/dashboards/?year=2023")
    page.locator("#chart-map.drawn svg").first.wait_for()  # vega-embed replaced the server's SVG image
    assert page.locator("#chart-map img.chart-fallback").count() == 0
    assert page.locator(".vega-chart.not-drawn").count() == 0
    assert not serious_violations(page)
    shot(page, "overview")

    # a key figure down to its records
    card = page.locator(".card a.figure-link").first
    shown = number(card.inner_text())
    assert shown == Reader(2023, national=True).figure("agreements_by_country").value
    projects = page.locator("#table-joint_programmes-by-level a.figure-link").first
    value = number(projects.inner_text())
    projects.click()
    page.wait_for_url(re.compile(r".*/dashboards/figure/.*"))
    summary = page.locator(".drill-summary").inner_text()
    assert f"add up to {value:,}" in summary or f"adds up to {value:,}" in summary
    assert page.locator("#table-records tbody tr").count() >= 1
    shot(page, "drill-down")

    # export the records table: the CSV holds what the page shows
    with page.expect_download() as download:
        page.locator("a.export-csv").first.click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    shown_rows = page.locator("#table-records tr").all()
    assert len(rows) == len(shown_rows)
    first = [c.inner_text().strip() for c in shown_rows[1].locator("td").all()]
    assert [number(c) for c in rows[1]] == [number(c) for c in first]

    # switch the language: the same figure page in Russian
    page.select_option("#language-select", "ru")
    page.locator("form.language-switcher button").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Учтённые записи" in page.content()
    summary_ru = page.locator(".drill-summary").inner_text().replace("\u00a0", " ")
    assert f"{value:,}".replace(",", " ") in summary_ru
    page.goto(live_server.url + "/dashboards/?year=2023")
    page.locator("#chart-map.drawn svg").first.wait_for()
    assert "Ключевые показатели" in page.content()
    shot(page, "overview-ru")

    assert not blocked, blocked
    assert not errors, errors
    context.close()


def test_an_hei_pages_charts_are_drawn_in_the_browser_and_linked_for_one_without_scripts(browser, live_server,
                                                                                         data_2023):
    from intlmon.analytics.read import Reader

    hei = next(c for c in Reader(2023).by("joint_programmes", 2023, "institution") if c)
    url = f"{live_server.url}/dashboards/hei/{hei}/?year=2023"
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    svgs, errors = [], []
    page.on("request", lambda r: svgs.append(r.url) if "/charts/" in r.url else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.locator("#chart-peers.drawn svg").first.wait_for()  # vega-embed drew it from the spec
    assert page.locator("img.chart-fallback").count() == 0 and not svgs and not errors  # no SVG asked for
    context.close()

    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    image = page.locator("#chart-peers img.chart-fallback")
    image.wait_for()
    page.wait_for_function("document.querySelector('#chart-peers img.chart-fallback').naturalWidth > 0")
    assert "/charts/chart-peers.svg" in image.get_attribute("src")
    context.close()
