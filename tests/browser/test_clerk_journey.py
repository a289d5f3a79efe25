"""The clerk's journey in a real browser (Debian's Chromium through Playwright), in Kazakh then English:
log in, download the template, upload a workbook with errors, read the problems, download the annotated
copy, upload the corrected workbook, see the difference, correct a row in the browser, submit. axe-core
(served by the portal) finds no serious violation on any main page; the Content-Security-Policy blocks
nothing. With INTLMON_SCREENSHOTS=1 the main pages are saved to docs/images/portal-clerk-*.png (the
README shows them); without it the run writes nothing, so a test run leaves the tracked images alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.test_portal import serious_violations
from tests.web.clerk_helpers import ddp, workbook

pytestmark = pytest.mark.browser

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
BAD_DATE = "31.02.2021"


@pytest.fixture
def clerk_a(transactional_db, settings, tmp_path):
    """Committed data (the live server reads it from its own thread): the registry and p1's world."""
    from intlmon.registry import resolve as resolver
    from intlmon.registry.loading import load_registry
    from tests.web.conftest import PASSWORD, build_world

    settings.PORTAL_UPLOAD_DIR = tmp_path / "uploads"
    load_registry()
    resolver.invalidate()
    world = build_world()
    yield world.users["clerk_a"], PASSWORD
    resolver.invalidate()


def shot(page, name: str) -> None:
    if os.environ.get("INTLMON_SCREENSHOTS") != "1":
        return
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMAGES / f"portal-clerk-{name}.png"))


def upload(page, url: str, path: Path, button: str) -> None:
    page.goto(url + "/hei/upload/")
    page.locator("#id_workbook").set_input_files(str(path))
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/hei/uploads/*/")


def test_the_clerk_walks_from_template_to_submission_in_kazakh_and_english(browser, live_server, clerk_a, tmp_path):
    user, password = clerk_a
    url = live_server.url
    context = browser.new_context(locale="kk-KZ", viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(url + "/")
    page.get_by_label("Пайдаланушы аты").fill(user.username)
    page.get_by_label("Құпия сөз").fill(password)
    page.get_by_role("button", name="Кіру").click()
    page.wait_for_url(url + "/hei/")
    assert serious_violations(page) == []

    # the template, in Kazakh
    page.get_by_role("link", name="Үлгі", exact=True).click()
    assert serious_violations(page) == []
    shot(page, "template")
    with page.expect_download() as download:
        page.get_by_role("button", name="Үлгіні жүктеп алу").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert "hei-a" in [c.value for ws in load_workbook(template).worksheets for row in ws.iter_rows() for c in row]

    # a workbook with an impossible date: the problem on the page, nothing stored
    bad = workbook(tmp_path / "alpha-2024.xlsx", ddp(), ddp(programme="7M01705 Иностранный язык",
                                                              contract_date=BAD_DATE, enrolment=3), lang="kk")
    upload(page, url, bad, "Жүктеу және тексеру")
    assert "1 қате: ештеңе сақталмады" in page.get_by_role("alert").inner_text()
    problem = page.locator("table.problem-list tbody tr").first
    assert BAD_DATE in problem.inner_text() and problem.locator("td").nth(1).inner_text() == "4"
    assert serious_violations(page) == []
    shot(page, "problems")
    with page.expect_download() as download:
        page.get_by_role("link", name="Мәселелі ұяшықтары белгіленген кітабыңызды жүктеп алу").click()
    annotated = tmp_path / "annotated.xlsx"
    download.value.save_as(annotated)
    comments = [c.comment.text for ws in load_workbook(annotated).worksheets for row in ws.iter_rows()
                for c in row if c.comment]
    assert any("date" in c for c in comments)

    # fixed and uploaded again: a draft, and the difference from the version before
    good = workbook(tmp_path / "fixed" / "alpha-2024.xlsx", ddp(), ddp(programme="7M01705 Иностранный язык",
                                                               contract_date="28.02.2021", enrolment=3), lang="kk")
    upload(page, url, good, "Жүктеу және тексеру")
    assert "2 нұсқа ретінде жоба күйінде сақталды" in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="Алдыңғы нұсқадан бері не өзгергенін көру").click()
    assert "2 жол қосылды" in page.locator(".versions-compared").inner_text()

    # one cell corrected in the browser: version 3, its difference highlighted
    page.goto(url + "/hei/rows/?section=double_degree_programmes")
    page.get_by_role("link", name="4 жолды түзету").click()
    assert serious_violations(page) == []
    shot(page, "row")
    page.locator("#id_enrolment").fill("7")
    page.get_by_role("button", name="Жаңа нұсқа ретінде сақтау").click()
    page.wait_for_url("**/hei/diff/**")
    changed = page.locator("td.cell-changed")
    assert changed.count() == 1 and changed.inner_text() == "3 → 7"
    assert serious_violations(page) == []
    changed.scroll_into_view_if_needed()  # the screenshot shows the highlighted cell
    shot(page, "diff")

    # submitted from the home page
    page.goto(url + "/hei/")
    page.get_by_role("button", name="3 нұсқаны Орталыққа жіберу").click()
    page.wait_for_url(url + "/hei/")
    assert "3 нұсқасы Орталыққа жіберілді." in page.locator(".messages").inner_text()
    assert serious_violations(page) == []
    shot(page, "home")
    from intlmon.collection.models import Submission

    assert Submission.objects.get(institution_id="hei-a", is_current=True).status == "submitted"

    # English, on a shorter path: the same problems read in English
    page.get_by_label("Тіл").select_option("en")
    page.get_by_role("button", name="Ауыстыру").click()
    page.wait_for_load_state()
    upload(page, url, bad, "Upload and check")
    assert "1 error: nothing was stored" in page.get_by_role("alert").inner_text()
    assert "Sheet “" in page.locator("section.problems h3").first.inner_text()
    assert serious_violations(page) == []
    page.goto(url + "/hei/versions/")
    assert page.locator("table.versions tbody tr").count() == 3
    assert serious_violations(page) == []
    shot(page, "versions")
    assert blocked == []
    context.close()
