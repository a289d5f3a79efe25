"""Answers of the API kept between requests (docs/api.md, "Kept answers"): the OpenAPI schema per process and
language (api/schema.py), the audit findings under the counted stamp (api/audit.py) — never stale, never
leaked to a caller who may not have them."""

from __future__ import annotations

import json

import pytest

from intlmon.api.schema import SchemaView
from tests.web.kept_cache import own_cache  # noqa: F401  (this test's own cache folder)


@pytest.fixture
def no_kept_schema(monkeypatch):
    monkeypatch.setattr(SchemaView, "kept", {})
    return SchemaView.kept


def fresh_schema(lang: str = "en") -> dict:
    """The schema drf-spectacular builds on its own, without the kept copy."""
    from django.utils import translation
    from drf_spectacular.generators import SchemaGenerator

    with translation.override(lang):
        return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


def test_the_kept_schema_is_the_same_for_everyone_and_equal_to_a_fresh_one(api, no_kept_schema):
    bodies = {p: api(p).get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en") for p in
              ("anonymous", "clerk_a", "analyst", "anonymous")}
    assert all(r.status_code == 200 for r in bodies.values())
    assert len({r.content for r in bodies.values()}) == 1
    assert len(no_kept_schema) == 1  # built once, then kept
    served = json.loads(bodies["anonymous"].content)
    assert served == fresh_schema("en")
    assert "/api/v1/schema/" not in served["paths"] and "/api/v1/institutions/" in served["paths"]


def test_the_schema_is_kept_per_language_and_format(api, no_kept_schema):
    client = api("anonymous")
    yaml = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en")
    as_json = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en")
    kk = client.get("/api/v1/schema/?format=json&lang=kk", HTTP_ACCEPT_LANGUAGE="en")
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi") and b"openapi:" in yaml.content
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(kk.content) == fresh_schema("kk")
    assert len(no_kept_schema) == 3


def test_the_schema_built_before_the_workers_fork_is_what_requests_get(api, no_kept_schema):
    """`intlmon serve` builds the copies in gunicorn's master (web/serving.py): requests then build none."""
    assert SchemaView.prepare(["kk", "ru", "en"]) == 9 and len(no_kept_schema) == 9
    prepared = dict(no_kept_schema)
    client = api("anonymous")
    for lang in ("kk", "ru", "en"):
        for query, accept in (("", "*/*"), ("", "application/json"), ("?format=json", "*/*")):
            assert client.get("/api/v1/schema/" + query, HTTP_ACCEPT_LANGUAGE=lang, HTTP_ACCEPT=accept).status_code == 200
    assert no_kept_schema == prepared  # every request found its copy
    assert json.loads(prepared[("kk", "", "application/vnd.oai.openapi+json")][0]) == fresh_schema("kk")


def test_a_made_up_language_or_version_is_answered_but_not_kept(api, no_kept_schema):
    client = api("anonymous")
    for query in ("?format=json&lang=zz", "?format=json&version=7", "?format=json&lang=zz&version=x"):
        assert client.get("/api/v1/schema/" + query).status_code == 200
    assert no_kept_schema == {}


def test_the_kept_audit_shows_a_new_approval_on_the_next_request(api, api_world, own_cache):  # noqa: F811
    from intlmon.collection.store import store_version

    def zero_enrolment_of_b():
        body = api("analyst").get("/api/v1/audit/?year=2023", HTTP_ACCEPT_LANGUAGE="en").json()
        return [f for f in body["findings"] if f["check"] == "zero_enrolment" and f["institution"] == "hei-b"]

    assert zero_enrolment_of_b() == []
    store_version(institution_id="hei-b", year=2023, status="approved",
                  records={"DoubleDegreeProgramme": [{"level": "master", "enrolment": 0}]})
    assert len(zero_enrolment_of_b()) == 1


def test_the_kept_audit_is_still_the_centres_only(api, api_world, own_cache):  # noqa: F811
    assert api("analyst").get("/api/v1/audit/?year=2023").status_code == 200
    for persona in ("clerk_a", "clerk_b", "viewer"):
        assert api(persona).get("/api/v1/audit/?year=2023").status_code == 403
    assert api("anonymous").get("/api/v1/audit/?year=2023").status_code in (401, 403)


def test_a_kept_registry_list_shows_a_renamed_hei_on_the_next_request(api, api_world, own_cache,  # noqa: F811
                                                                       django_capture_on_commit_callbacks):
    def names():
        body = api("anonymous").get("/api/v1/institutions/").json()
        return {row["id"]: row["names"]["en"] for row in body["results"]}

    assert names()["hei-a"] == "Alpha University"
    from intlmon.registry.models import Institution

    hei = Institution.objects.get(pk="hei-a")  # not the module's shared object: the database change is rolled back
    hei.name_en = "Alpha University of Almaty"
    with django_capture_on_commit_callbacks(execute=True):  # as the admin's save commits
        hei.save()
    assert names()["hei-a"] == "Alpha University of Almaty"


def test_a_kept_registry_list_follows_the_filter_and_the_host(api, api_world, own_cache):  # noqa: F811
    client = api("anonymous")
    everyone = client.get("/api/v1/institutions/").json()
    only_a = client.get("/api/v1/institutions/?q=Alpha").json()
    assert {r["id"] for r in only_a["results"]} == {"hei-a"} and everyone["count"] > only_a["count"]
    first = client.get("/api/v1/organisations/?page_size=1", HTTP_HOST="localhost").json()
    other = client.get("/api/v1/organisations/?page_size=1", HTTP_HOST="127.0.0.1").json()
    for body, host in ((first, "localhost"), (other, "127.0.0.1")):
        assert body["next"] is None or f"//{host}/" in body["next"]


def test_a_kept_records_list_shows_a_new_approval_and_never_a_clerks_own_rows_to_others(api, api_world,
                                                                                     own_cache):  # noqa: F811
    from intlmon.collection.models import Submission

    def rows(persona: str) -> set[int]:
        body = api(persona).get("/api/v1/records/double_degree_programmes/?year=2024").json()
        return {r["id"] for r in body["results"]}

    submitted, draft = api_world.submitted_row.pk, api_world.draft_row.pk
    assert rows("anonymous") == set() and rows("viewer") == set()  # nothing of 2024 counts yet: kept so
    assert rows("clerk_b") == {draft}  # a clerk's own current rows: computed for them, never kept
    assert rows("anonymous") == set() and rows("analyst") == set()
    Submission.objects.filter(pk=api_world.submission_a.pk).update(status=Submission.Status.APPROVED)
    assert rows("anonymous") == {submitted} and rows("clerk_b") == {submitted, draft}
    assert rows("clerk_a") == {submitted}
