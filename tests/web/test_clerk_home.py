"""The clerk's home and version history: the current version's state and its sections (rows, what is
missing), the Centre's comments, every version with who did what; nothing of another HEI."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from intlmon.collection.sections import section
from intlmon.collection.workflow import Actor, Role, transition
from tests.web import clerk_helpers
from tests.web.clerk_helpers import CLERK_A, DDP, ddp, page, stored_version

clerk_world = clerk_helpers.clerk_world
ANALYST = Actor("analyst", Role.ANALYST)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_home_shows_the_sections_what_is_missing_and_the_centres_comment(as_persona, clerk_world, tmp_path):
    version = stored_version(tmp_path, ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3))
    transition(transition(version, "submit", CLERK_A), "return", ANALYST, comment="Enrolment of 7M01705 looks low")
    text = page(english(as_persona("clerk_a")).get(reverse("web:clerk-home")))
    assert "Comments of the Centre" in text and "Enrolment of 7M01705 looks low" in text
    ddp_title, agreements = section(DDP).titles["en"], section("agreements").titles["en"]
    assert f"<td>{ddp_title}</td><td>2</td>" in text
    missing = text.split("Sections with no rows")[1].split("</p>")[0]
    assert agreements in missing and ddp_title not in missing
    assert f"Submit version {version.version} to the Centre" in text  # a returned version is submitted again
    other = page(english(as_persona("clerk_b")).get(reverse("web:clerk-home")))
    assert "Enrolment of 7M01705" not in other


def test_the_version_history_lists_every_version_with_its_steps(as_persona, clerk_world, tmp_path):
    first = stored_version(tmp_path, ddp(), name="first.xlsx")
    second = stored_version(tmp_path, ddp(enrolment=14), name="second.xlsx")
    text = page(english(as_persona("clerk_a")).get(reverse("web:clerk-versions")))
    assert "first.xlsx" in text and "second.xlsx" in text and "uploaded · clerk_a" in text
    assert f'<option value="{first.pk}"' in text and f'<option value="{second.pk}" selected>' in text
    assert "second.xlsx" not in page(as_persona("clerk_b").get(reverse("web:clerk-versions")))


def test_a_correction_reads_as_a_step_of_the_history_in_the_clerks_language(as_persona, clerk_world, tmp_path):
    from intlmon.collection.cells import records_of
    from intlmon.collection.correct import correct_row

    version = stored_version(tmp_path, ddp())
    record = records_of(version, section(DDP)).get()
    assert correct_row(version, DDP, record.pk, {"enrolment": "13"}, CLERK_A).stored is not None
    client = as_persona("clerk_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    text = page(client.get(reverse("web:clerk-versions")))
    assert "строка исправлена в браузере · clerk_a" in text and "correct_edit" not in text
