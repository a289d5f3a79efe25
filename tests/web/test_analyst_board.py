"""The completeness and timeliness board (web:analyst-board): the Centre and the Ministry read the
period's expected HEIs, states, late HEIs and the two rates exactly as analytics.completeness counts
them, in the reader's language and number format; each HEI links to the review page of its current
version only when that reader may see it."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from intlmon.analytics.completeness import completeness_board


def board_page(client, lang="en", **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(reverse("web:analyst-board"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_analyst_reads_the_boards_counts_and_rates_of_the_period(as_persona, world):
    page = board_page(as_persona("analyst"), year=world.period.year)
    board = completeness_board(world.period.year, lang="en")
    rate = board.totals.reporting_rate
    assert f'<dd id="expected">{board.totals.expected}</dd>' in page
    assert f"({rate.numerator} / {rate.denominator})" in page
    assert f'<dd id="late">{board.totals.late}</dd>' in page
    assert board.totals.late >= 1, "HEI B has not reported and the world's deadline has passed"
    assert "Alpha University" in page and "Beta University" in page
    assert "Expected HEIs: " + board.expected.describe(world.period.year, "en") in page


def test_rates_are_written_in_the_readers_number_format(as_persona, world):
    board = completeness_board(world.period.year, lang="ru")
    percent = board.totals.reporting_rate.percent
    assert percent is not None
    page = board_page(as_persona("analyst"), lang="ru")
    with translation.override("ru"):
        shown = formats.number_format(percent, 1)
    assert "," in shown  # Russian writes a decimal comma
    assert f"{shown}&nbsp;%" in page
    assert "Доля отчитавшихся" in page and "Полнота и своевременность" in page


def test_each_hei_links_to_the_review_of_a_version_the_reader_may_see(as_persona, world):
    analyst = board_page(as_persona("analyst"))
    review_a = reverse("web:analyst-review", kwargs={"pk": world.submission_a.pk})
    review_b = reverse("web:analyst-review", kwargs={"pk": world.submission_b.pk})
    assert review_a in analyst  # submitted: the Centre reviews it
    assert review_b not in analyst  # a draft is the HEI's own until submitted; its state still shows
    assert "Draft" in analyst
    viewer = board_page(as_persona("viewer"))
    assert review_a not in viewer  # the Ministry reads approved versions only
    assert 'name="action"' not in viewer and 'name="decision"' not in viewer


def test_a_year_without_a_period_is_not_found(as_persona, world):
    client = as_persona("analyst")
    assert client.get(reverse("web:analyst-board"), {"year": "1999"}).status_code == 404
    assert client.get(reverse("web:analyst-board"), {"year": "twenty"}).status_code == 404


def test_a_kept_row_follows_a_change_of_its_hei_and_keeps_the_readers_links_apart(as_persona, world):
    """Rows are kept per process by everything they show (web/analyst_board.py `row_html`): a submission of
    HEI B draws its row again, and the analyst's review link never reaches the viewer's page."""
    from intlmon.collection.models import Submission

    analyst, viewer = as_persona("analyst"), None
    review_b = reverse("web:analyst-review", kwargs={"pk": world.submission_b.pk})
    before = board_page(analyst)
    assert review_b not in before and "Draft" in before
    Submission.objects.filter(pk=world.submission_b.pk).update(status=Submission.Status.SUBMITTED)
    after = board_page(analyst)
    assert review_b in after  # submitted: the Centre may review it now, and the row says so
    row = after[after.index("Beta University") - 200:after.index("Beta University") + 400]
    assert "Submitted" in row and "Draft" not in row
    viewer = board_page(as_persona("viewer"))
    assert review_b not in viewer and "Beta University" in viewer
    assert board_page(as_persona("analyst"), lang="ru").count("Университет Бета") == 1  # the language is in the key
