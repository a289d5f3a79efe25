"""The audit names HEIs and partners by their names in the reader's language, never by registry ids.

Issue 10, Deliver 5: a reader of the audit sees "Kozybayev University" / «Университет Козыбаева»,
not `kozybayev`. The 2023 tables are imported as `intlmon import-tables` does and the audit's text
is read as a user reads it: `intlmon audit --year 2023 --lang kk|ru|en`.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from intlmon.registry import resolve as resolver
from intlmon.registry.loading import load_registry
from intlmon.registry.models import ForeignOrganisation, Institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_text(reference_2023):
    resolver.invalidate()
    load_registry()
    call_command("import_tables", str(reference_2023), year=2023)

    def text(lang: str, format: str = "text") -> str:
        out = StringIO()
        call_command("audit", year=2023, lang=lang, format=format, stdout=out)
        return out.getvalue()

    yield text
    resolver.invalidate()


def bare_ids(text: str) -> set[str]:
    """Registry ids of HEIs and partner organisations standing alone in `text` (not inside a word)."""
    ids = set(Institution.objects.values_list("id", flat=True)) | set(ForeignOrganisation.objects.values_list("id", flat=True))
    return {i for i in ids if re.search(r"(?<![\w.-])" + re.escape(i) + r"(?![\w-])", text)}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_2023_audit_text_names_every_hei_by_its_name_in_the_readers_language(audit_text, lang):
    text = audit_text(lang)
    assert "2023" in text and text.count("\n") > 100  # a real audit, not an empty one
    assert bare_ids(text) == set()
    # the look-alike repeat of ATU's programme (seed line 1253) names ATU as the reader knows it
    atu = Institution.objects.get(pk="atu")
    repeat = next(line for line in text.splitlines() if "1253" in line)
    assert atu.display_name(lang) in repeat and "atu" not in repeat.split()


def test_the_json_audit_keeps_the_id_in_its_field_and_the_name_in_its_message(audit_text):
    import json

    findings = json.loads(audit_text("en", "json"))["findings"]
    named = [f for f in findings if f["institution"] == "atu" and "1253" in f["message"]]
    assert named, "the ATU look-alike repeat is reported"
    assert Institution.objects.get(pk="atu").display_name("en") in named[0]["message"]
    assert bare_ids(" ".join(f["message"] for f in findings)) == set()
