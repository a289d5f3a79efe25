"""An audit finding is printed in the one problem shape (`collection.problems.FIELDS`), like an upload's
problem, followed by the audit's own fields; its message and hint come from the catalogue."""

from __future__ import annotations

import json

import pytest

from intlmon.collection.models import Submission
from intlmon.collection.problems import FIELDS
from intlmon.records.models import DoubleDegreeProgramme
from intlmon.registry import resolve as resolver
from tests.quality import synthetic
from tests.quality.synthetic import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def twin():
    """The clean synthetic year with one programme row typed twice (a Cyrillic М in the code)."""
    resolver.invalidate()
    synthetic.build_clean()
    row = DoubleDegreeProgramme.objects.filter(institution_id="beta", period__year=YEAR, level="master").first()
    fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.attname != "id"}
    fields.update(programme_raw=row.programme_raw.replace("M", "М"), source_row=99)
    DoubleDegreeProgramme.objects.create(**fields)
    assert Submission.objects.filter(institution_id="beta", period__year=YEAR).exists()
    yield row
    resolver.invalidate()


def test_the_audit_json_prints_each_finding_in_the_problem_shape(twin, cli, capsys, compiled_catalogues):
    assert cli(["audit", "--year", str(YEAR), "--format", "json", "--lang", "ru"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert findings
    for finding in findings:
        assert tuple(finding)[: len(FIELDS)] == FIELDS
        assert finding["rule"] == finding["check"] and finding["severity"] in ("error", "warning", "info")
        assert finding["message"] and finding["hint"] and "%(" not in finding["message"] + finding["hint"]
    [duplicate] = [f for f in findings if f["rule"] == "duplicate_rows"]
    assert "кирилл" in duplicate["message"].casefold()  # the Russian catalogue's text, not the English msgid
    assert {r["row"] for r in duplicate["records"]} == {twin.source_row, 99}
    assert cli(["audit", "--year", str(YEAR), "--format", "json", "--lang", "en"]) == 0
    english = json.loads(capsys.readouterr().out)["findings"]
    [duplicate_en] = [f for f in english if f["rule"] == "duplicate_rows"]
    assert "Cyrillic" in duplicate_en["message"] and duplicate_en["hint"] != duplicate["hint"]
