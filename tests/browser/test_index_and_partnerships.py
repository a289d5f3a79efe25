"""The index page and the partnerships register in Chromium: what a Ministry viewer opens after the
dashboards. The index page draws its rank-band chart with vega-embed under the portal's CSP (no violation,
no script error), lists every ranked HEI with its Q5–Q95 band, has no serious accessibility violation, and
reads in Russian after a language switch; the partnerships register links a partnership's scorecard, whose
criteria show their states. Screenshots go to docs/images/ only with INTLMON_SCREENSHOTS=1."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.test_portal import serious_violations

pytestmark = pytest.mark.browser

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
PARTNERSHIP = "Alpha–Gamma double-degree school"


@pytest.fixture
def ranked_world(transactional_db):
    """The portal's personas (tests/web/conftest.py) and, committed for the live server's thread, approved 2023
    versions: HEI A with two double-degree programmes and two educational projects, HEI B with one of each —
    both HEIs are ranked, A first; one partnership of HEI A."""
    from intlmon.collection.models import Submission
    from intlmon.partnerships.models import Partnership
    from intlmon.records.models import DoubleDegreeProgramme, Project, ReportingPeriod
    from intlmon.registry.models import Country, InstitutionCategory
    from tests.web.conftest import build_world

    world = build_world()
    Country.objects.get_or_create(code="FR", defaults={"alpha3": "FRA", "name_en": "France"})
    period = ReportingPeriod.objects.create(year=2023)
    for hei, programmes, projects in ((world.hei_a, 2, 2), (world.hei_b, 1, 1)):
        InstitutionCategory.objects.create(institution=hei, year=2023, category="national")
        sub = Submission.objects.create(institution=hei, period=period, version=1, is_current=True,
                                        status=Submission.Status.APPROVED, file_name=f"{hei.pk}-2023.xlsx")
        for _ in range(programmes):
            DoubleDegreeProgramme.objects.create(period=period, submission=sub, institution=hei, level="master",
                                                 country_id="FR", enrolment=5)
        Project.objects.create(period=period, submission=sub, institution=hei, kind="educational", quantity=projects)
    partnership = Partnership.objects.create(key="alpha-gamma", name=PARTNERSHIP, model="joint_school", term_years=10)
    partnership.institutions.add(world.hei_a)
    world.partnership = partnership
    return world


def shot(page, name: str) -> None:
    if os.environ.get("INTLMON_SCREENSHOTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(IMAGES / f"{name}.png"), full_page=False)


def watch(page) -> tuple[list[str], list[str]]:
    blocked, errors = [], []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return blocked, errors


def test_the_index_page_draws_its_bands_and_switches_language(browser, live_server, ranked_world):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked, errors = watch(page)

    page.goto(live_server.url + "/index/2023/")
    page.locator("#chart-index-bands.drawn svg").first.wait_for()  # vega-embed drew the interval chart
    assert page.locator(".vega-chart.not-drawn").count() == 0
    ranking = page.locator("table.data").first
    rows = ranking.locator("tbody tr")
    assert rows.count() == 2
    first = [c.inner_text().strip() for c in rows.nth(0).locator("td").all()]
    assert first[0] == "1" and first[-1] == "Alpha University"
    assert re.fullmatch(r"\d+\s*[–-]\s*\d+|\d+", first[1]), first[1]  # the band Q5–Q95 beside the rank
    assert [c.inner_text().strip() for c in rows.nth(1).locator("td").all()][-1] == "Beta University"
    assert not serious_violations(page)
    shot(page, "index-2023-en")

    # the HEI's name leads to its dashboard page
    rows.nth(0).locator("a").click()
    page.wait_for_url(re.compile(r".*/dashboards/hei/.*"))
    page.go_back()

    page.select_option("#language-select", "ru")
    page.locator("form.language-switcher button").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Индекс интернационализации 2023" in page.locator("h1").inner_text()
    page.locator("#chart-index-bands.drawn svg").first.wait_for()
    assert page.locator("table.data").first.locator("tbody tr").nth(0).locator("td").last.inner_text().strip() \
        == "Университет Альфа"

    assert not blocked, blocked
    assert not errors, errors
    context.close()


def test_the_viewer_opens_a_partnership_scorecard_from_the_register(browser, live_server, ranked_world):
    from tests.web.conftest import PASSWORD

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    blocked, errors = watch(page)
    page.goto(live_server.url + "/login/")
    page.get_by_label("User name").fill(ranked_world.users["viewer"].username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/(?!login/)[^/]*/?$"))
    page.wait_for_load_state("load")
    assert "/login/" not in page.url

    page.goto(live_server.url + "/partnerships/?year=2024")
    pk = ranked_world.partnership.pk
    assert page.locator("#register ~ div table tbody tr").count() == 1
    page.locator(f"a[href^='/partnerships/{pk}/']").first.click()
    page.wait_for_load_state("load")
    assert "Alpha University" in page.locator("h1").inner_text()  # titled by its HEI: no partner registered
    assert PARTNERSHIP in page.locator("main").inner_text()
    assert page.locator(".state-met").count() >= 1  # the ten-year term meets "long-term"
    assert page.locator(".state-no_evidence").count() >= 1
    assert not serious_violations(page)
    shot(page, "partnership-scorecard-en")
    assert not blocked, blocked
    assert not errors, errors
    context.close()
