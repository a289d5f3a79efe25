"""The analyst's journey in a real browser (Debian's Chromium through Playwright), in Russian then English
on a shorter path: the completeness board, a submission's review page, return with a comment (refused
without one), approve, the name-review queue. axe-core (served by the portal) finds no serious violation
on any main page; the Content-Security-Policy blocks nothing. Screenshots of the main pages go to
docs/images/portal-analyst-*.png (the README shows them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import translation

from tests.browser.test_portal import serious_violations

pytestmark = pytest.mark.browser

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


@pytest.fixture
def centre(transactional_db):
    """Committed data (the live server reads it from its own thread): p1's world with HEI B's version
    submitted, a third HEI with a submitted version, and two names waiting for review."""
    from intlmon.collection.models import Submission
    from intlmon.collection.workflow import Actor, transition
    from intlmon.registry import resolve as resolver
    from intlmon.registry.models import ForeignOrganisation, Institution, ReviewItem
    from tests.web.conftest import PASSWORD, build_world, make_user

    world = build_world()
    transition(world.submission_b, "submit", Actor("clerk_b", "clerk", "hei-b"))
    hei_c = Institution.objects.create(id="hei-c", name_en="Gamma Institute", name_ru="Институт Гамма")
    make_user("clerk_c", "clerk", hei_c)
    submission_c = Submission.objects.create(institution=hei_c, period=world.period, version=1, is_current=True,
                                             status=Submission.Status.DRAFT, file_name="gamma-2024.xlsx")
    transition(submission_c, "submit", Actor("clerk_c", "clerk", "hei-c"))
    ForeignOrganisation.objects.create(id="test-lorraine", name_en="University of Lorraine",
                                       name_ru="Университет Лотарингии")
    for raw, records in (("Univ. de Lorraine", 7), ("Lorraine University", 3)):
        ReviewItem.objects.create(kind="organisation", raw=raw, key=raw.casefold(), records=records,
                                  candidates=[{"id": "test-lorraine", "score": 0.93, "reason": "token"}])
    resolver.invalidate()
    yield world, submission_c, PASSWORD
    resolver.invalidate()


def shot(page, name: str) -> None:
    """docs/images/portal-analyst-*.png, only with INTLMON_SCREENSHOTS=1 (a test run leaves the tree as it was)."""
    if os.environ.get("INTLMON_SCREENSHOTS") != "1":
        return
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMAGES / f"portal-analyst-{name}.png"))


def findings_loaded(page) -> None:
    """Wait until htmx has replaced the review page's findings section with the audit's answer: the audit
    runs in a rolled-back transaction that holds SQLite's write lock (quality.review), and the test's
    in-memory database refuses a concurrent statement instead of waiting for it."""
    page.locator("section[aria-labelledby=findings]:not([hx-get])").wait_for()


def in_language(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def test_the_analyst_reviews_returns_approves_and_works_the_name_queue(browser, live_server, centre):
    from intlmon.analytics.completeness import completeness_board
    from intlmon.collection.models import Submission
    from intlmon.registry.models import ReviewItem

    world, submission_c, password = centre
    url = live_server.url
    context = browser.new_context(locale="ru-RU", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(url + "/")
    page.locator("#id_username").fill("analyst")
    page.locator("#id_password").fill(password)
    page.locator("form.login button").click()
    page.wait_for_url(url + "/centre/")

    # the board, in Russian (p1's Centre home has no link to it yet: opened by its address)
    page.goto(url + "/centre/board/")
    assert page.locator("h1").inner_text() == "Полнота и своевременность"
    board = completeness_board(2024, lang="ru")
    assert page.locator("#expected").inner_text() == str(board.totals.expected)
    rate = board.totals.reporting_rate
    assert f"({rate.numerator} / {rate.denominator})" in page.locator("#reporting-rate").inner_text()
    assert serious_violations(page) == []

    # HEI A's review: return without a comment is refused by the workflow, with one it is done
    page.get_by_role("link", name="Университет Альфа").click()
    page.wait_for_url(f"{url}/centre/submissions/{world.submission_a.pk}/review/")
    findings_loaded(page)
    assert serious_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Вернуть вузу").click()
    findings_loaded(page)
    refused = in_language("ru", "Returning data to the HEI needs a comment saying what to correct.")
    assert refused in page.locator(".messages").inner_text()
    assert Submission.objects.get(pk=world.submission_a.pk).status == "submitted"
    page.get_by_label("Что вуз должен исправить (обязательно)").fill("Нет договора с партнёром в строке 4")
    with page.expect_navigation():
        page.get_by_role("button", name="Вернуть вузу").click()
    findings_loaded(page)
    returned = Submission.objects.get(pk=world.submission_a.pk)
    assert returned.status == "returned" and returned.comment == "Нет договора с партнёром в строке 4"
    assert "Нет договора с партнёром в строке 4" in page.locator(".history").inner_text()

    # HEI B's review from the board: approve
    page.get_by_role("link", name="Назад к сводке").click()
    page.get_by_role("link", name="Университет Бета").click()
    findings_loaded(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Утвердить").click()
    findings_loaded(page)
    assert Submission.objects.get(pk=world.submission_b.pk).status == "approved"
    assert page.get_by_role("button", name="Утвердить").count() == 0

    # the name-review queue: the most used name first; confirm its candidate
    page.get_by_role("link", name="Проверка названий").click()
    page.wait_for_url(url + "/centre/names/")
    headings = page.locator("section.review-item h2").all_inner_texts()
    assert headings[0].startswith("“Univ. de Lorraine”")
    assert serious_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить: Университет Лотарингии").first.click()
    assert ReviewItem.objects.get(raw="Univ. de Lorraine").status == "confirmed"

    # English, on a shorter path: the board, the third HEI's review, approve, the queue
    page.locator(".language-switcher select").select_option("en")
    with page.expect_navigation():
        page.locator(".language-switcher button").click()
    page.goto(url + "/centre/board/")
    assert page.locator("h1").inner_text() == "Completeness and timeliness"
    shot(page, "board")
    page.get_by_role("link", name="Gamma Institute").click()
    page.wait_for_url(f"{url}/centre/submissions/{submission_c.pk}/review/")
    assert page.locator("h1").inner_text() == "Gamma Institute"
    findings_loaded(page)
    shot(page, "review")
    with page.expect_navigation():
        page.get_by_role("button", name="Approve").click()
    findings_loaded(page)
    assert Submission.objects.get(pk=submission_c.pk).status == "approved"
    assert "Version 1 of Gamma Institute: approved." in page.locator(".messages").inner_text()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Name review").click()
    page.wait_for_url(url + "/centre/names/")
    assert page.locator("section.review-item h2").first.inner_text().startswith("“Lorraine University”")
    shot(page, "names")
    assert serious_violations(page) == []
    assert blocked == []
    context.close()
