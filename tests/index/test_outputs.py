"""The index's outputs: `intlmon index` (text, JSON, CSV), the API, the portal page and the open-data
resource — each the same IndexResult, each rank with its band, every persona may read them (public)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.api.conftest import api, api_world, no_throttle  # noqa: F401  (fixtures)
from tests.web.conftest import PERSONAS, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(api_world):  # noqa: F811
    """HEI A's approved 2023 version has two double-degree programmes (tests/api/conftest.py); here it gets two
    educational projects, and HEI B an approved 2023 version with one programme and one project: DDP and
    EPJ are computable and both HEIs ranked (A first: more of both)."""
    from intlmon.collection.models import Submission
    from intlmon.records.models import DoubleDegreeProgramme, Project

    a = api_world.approved_a
    b = Submission.objects.create(institution=api_world.hei_b, period=a.period, version=1, is_current=True,
                                  status=Submission.Status.APPROVED, file_name="beta-2023.xlsx")
    DoubleDegreeProgramme.objects.create(period=a.period, submission=b, institution=b.institution, level="master")
    for sub, n in ((a, 2), (b, 1)):
        Project.objects.create(period=a.period, submission=sub, institution=sub.institution, kind="educational",
                               quantity=n)
    return api_world


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_reads_the_index_in_the_api(api, ranked, persona):  # noqa: F811
    body = api(persona).get("/api/v1/index/?year=2023", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["year"] == 2023 and body["framework_version"]
    assert {"indicators", "not_computable", "ranking", "screened_out", "runs", "seed"} <= set(body)
    assert [(r["institution"], r["rank"]) for r in body["ranking"]] == [(ranked.hei_a.pk, 1), (ranked.hei_b.pk, 2)]
    for row in body["ranking"]:
        assert {"institution", "name", "score", "rank", "rank_q5", "rank_q95", "rank_median", "coverage"} <= set(row)
        assert 1 <= row["rank_q5"] <= row["rank_median"] <= row["rank_q95"] <= 2


def test_the_api_is_intlmon_index_json_and_refuses_a_bad_year(api, ranked, cli, capsys):  # noqa: F811
    served = api("anonymous").get("/api/v1/index/?year=2023", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert cli(["index", "--year", "2023", "--format", "json", "--lang", "ru"]) == 0
    assert served == json.loads(capsys.readouterr().out)
    assert api("anonymous").get("/api/v1/index/").status_code == 400
    assert api("anonymous").get("/api/v1/index/?year=abc").status_code == 400
    assert api("anonymous").get("/api/v1/index/?year=2031").status_code == 404


def test_the_cli_prints_every_rank_with_its_band_in_csv(ranked, cli, capsys):
    assert cli(["index", "--year", "2023", "--format", "csv", "--lang", "en"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    ranked_rows = [r for r in rows if r["rank"]]
    assert ranked_rows and all(r["rank_q5"] and r["rank_q95"] for r in ranked_rows)
    assert cli(["index", "--year", "2031"]) == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_portal_page_is_public_and_shows_each_rank_with_its_band(client, ranked, persona):
    from tests.web.conftest import MODEL_BACKEND

    if persona != "anonymous":
        client.force_login(ranked.users[persona], backend=MODEL_BACKEND)
    page = client.get("/index/2023/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Band Q5–Q95" in html and "chart-index-bands" in html
    assert client.get("/index/2031/").status_code == 404


def test_the_open_data_resource_lists_ranked_and_screened_heis(ranked):
    from intlmon.index.opendata import index_table

    table = index_table(2023)
    assert table.primary_key == ["institution"]
    assert table.foreign_keys[0]["reference"]["resource"] == "institutions"
    by_hei = {row[0]: dict(zip(table.columns, row, strict=True)) for row in table.rows}
    assert {r["rank"] for r in by_hei.values()} <= {1, 2, "a"}
    for row in by_hei.values():
        assert (row["rank"] == "a") == bool(row["screened_out_reason"])


def test_the_api_answer_is_kept_and_an_approval_computes_it_again(api, ranked, monkeypatch):  # noqa: F811
    from intlmon.index import api as index_api

    calls = []
    real = index_api.compute_index
    monkeypatch.setattr(index_api, "compute_index", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = api("anonymous").get("/api/v1/index/?year=2023").json()
    assert api("viewer").get("/api/v1/index/?year=2023").json() == first
    assert len(calls) == 1                                 # the same counted data: kept, not computed again
    from intlmon.collection.models import Submission

    Submission.objects.filter(institution=ranked.hei_b, period__year=2023).update(status=Submission.Status.RETURNED)
    again = api("anonymous").get("/api/v1/index/?year=2023").json()
    assert len(calls) == 2
    # HEI B no longer counts; HEI A alone has no spread to be normalised over: no ranking, and it says why
    assert again["ranking"] == [] and [s["institution"] for s in again["screened_out"]] == [ranked.hei_a.pk]
