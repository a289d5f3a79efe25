"""Explanations of audit findings (web:analyst-explanations, web:analyst-explanation-withdraw): an
analyst explains a finding the year's audit really has (found from the review page's link), with the
same refusals as `intlmon explain`; withdraws it; both in the audit log under their name. The Ministry's
viewer reads the list and may change nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from intlmon.collection.models import AuditEntry
from intlmon.collection.store import store_version
from intlmon.quality.audit import run_audit
from intlmon.quality.explanations import ExplanationRefused, validate
from intlmon.quality.models import Explanation
from tests.web.clerk_helpers import page

URL = "web:analyst-explanations"


@pytest.fixture
def finding(world, db):
    """HEI A's approved 2024 data has a double-degree programme without students: an audit finding."""
    store_version(institution_id="hei-a", year=2024, status="approved", records={"DoubleDegreeProgramme": [
        {"level": "master", "enrolment": 0, "programme_code": "7M04199", "partner_raw": "Somewhere"}]})
    found = [f for f in run_audit(2024) if f.institution_id == "hei-a"]
    assert found, "the world's data gives HEI A a finding to explain"
    return found[0]


def post(client, **data):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(reverse(URL) + "?year=2024", {"year": "2024", **data}, follow=True)


def test_an_analyst_explains_a_real_finding_once_and_withdraws_it(as_persona, finding):
    client = as_persona("analyst")
    form = {"check": finding.check, "institution": "hei-a", "statistic": finding.statistic}
    filled = page(client.get(reverse(URL), {"year": 2024, **form}))
    assert f'value="{finding.check}"' in filled  # the review page's link fills in the form

    done = page(post(client, text="The programme opened in September: no students yet.", **form))
    stored = Explanation.objects.get(check_id=finding.check, institution_id="hei-a")
    assert stored.author == "analyst" and f"Explanation {stored.pk} stored." in done
    assert "The programme opened in September" in done
    assert AuditEntry.objects.get(action="explain").actor == "analyst"

    again = page(post(client, text="Twice", **form))
    assert "this finding is already explained" in again
    assert Explanation.objects.filter(check_id=finding.check).count() == 1

    client.post(reverse("web:analyst-explanation-withdraw", kwargs={"pk": stored.pk}), {"year": "2024"})
    stored.refresh_from_db()
    assert stored.is_withdrawn and stored.withdrawn_by == "analyst"
    assert AuditEntry.objects.get(action="explain_withdraw").detail["explanation"] == stored.pk
    assert "withdrawn by analyst" in page(client.get(reverse(URL), {"year": 2024}))


def test_a_guess_is_refused_with_the_message_of_intlmon_explain(as_persona, finding):
    client = as_persona("analyst")
    with pytest.raises(ExplanationRefused) as expected:
        validate(finding.check, 2024, "hei-b", finding.statistic)
    text = page(post(client, check=finding.check, institution="hei-b", statistic=finding.statistic, text="why"))
    assert str(expected.value).replace("'", "&#x27;") in text
    assert not Explanation.objects.exists() and not AuditEntry.objects.filter(action="explain").exists()


def test_the_viewer_reads_the_list_and_changes_nothing(as_persona, finding):
    Explanation.objects.create(check_id=finding.check, institution_id="hei-a", statistic=finding.statistic,
                               year_from=2024, text="Known since March", author="analyst")
    viewer = as_persona("viewer")
    viewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page(viewer.get(reverse(URL), {"year": 2024}))
    assert "Known since March" in text and "Withdraw</button>" not in text and 'name="text"' not in text
    stored = Explanation.objects.get()
    assert viewer.post(reverse("web:analyst-explanation-withdraw", kwargs={"pk": stored.pk})).status_code == 403
    assert post(viewer, check=finding.check, text="x").status_code == 403
    stored.refresh_from_db()
    assert not stored.is_withdrawn
