"""Schemathesis against the live OpenAPI schema (`/api/v1/schema/`), through the WSGI app: for every operation,
a few generated requests, anonymous and as an analyst (token) — no server error, and every response conforms
to what the schema declares (status, content type, body). Bounded by a few examples per operation, not by time
(a busy machine must not turn the suite red)."""

from __future__ import annotations

import traceback

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks

CHECKS = [checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance]


@pytest.fixture
def app():
    """The WSGI app as a server runs it, except that a request does not close the database connection (as
    Django's test client does): on PostgreSQL that would end the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


BOUND = settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.generate], derandomize=True,
                 suppress_health_check=list(HealthCheck), database=None)


def test_every_operation_answers_as_the_schema_says(api_world, db, app):
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=api_world.users["analyst"])[0].key
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30  # registry, statistics, records per section, submissions and actions, …
    for operation in operations:

        @given(case=operation.as_strategy())
        @BOUND
        def run(case):
            case.call_and_validate(checks=CHECKS)
            case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {token}"})

        run()


def test_the_run_fails_on_a_response_the_schema_does_not_describe(api_world, db, app, monkeypatch):
    from types import SimpleNamespace

    from intlmon.api import statistics

    odd = SimpleNamespace(id="odd", title="t", description="d", unit="u", section="s", dimensions=(), additive="yes")
    monkeypatch.setattr(statistics, "all_statistics", lambda: {"odd": odd})  # 'additive' is declared a boolean
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
    operation = schema["/api/v1/statistics/"]["GET"]

    @given(case=operation.as_strategy())
    @BOUND
    def run(case):
        case.call_and_validate(checks=CHECKS)

    from schemathesis.core.failures import FailureGroup

    with pytest.raises(FailureGroup) as caught:
        run()
    report = "".join(traceback.format_exception(caught.value))
    assert "Response violates schema" in report and "/properties/additive" in report
