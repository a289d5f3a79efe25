"""What a reader of the audit sees, on the synthetic dataset with one row typed several times: the count
takes the plural form of the reader's language ("2 строки", "5 строк", "2 rows"; it printed
"строк(и)"), the text output names the severity in that language ("[предупреждение]", "[ескерту]",
not "[warning]"), and a refusal is printed as its message alone (no Django "CommandError: " prefix)
with its exit status."""

from __future__ import annotations

import pytest

from intlmon.quality.audit import run_audit
from intlmon.records.models import DoubleDegreeProgramme
from intlmon.registry import resolve as resolver
from tests.quality import synthetic
from tests.quality.synthetic import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def typed_twice():
    """The clean dataset with one of beta's master programmes on `copies` rows."""
    resolver.invalidate()
    synthetic.build_clean()

    def plant(copies: int) -> None:
        row = DoubleDegreeProgramme.objects.filter(institution_id="beta", period__year=YEAR, level="master").first()
        fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.attname != "id"}
        for i in range(copies - 1):
            DoubleDegreeProgramme.objects.create(**{**fields, "source_row": 90 + i})

    yield plant
    resolver.invalidate()


def duplicate_message(lang: str) -> str:
    [finding] = [f for f in run_audit(YEAR) if f.check == "duplicate_rows"]
    return finding.message(lang)


@pytest.mark.parametrize(("copies", "lang", "expected"), [
    (2, "ru", ": 2 строки "), (5, "ru", ": 5 строк "), (2, "en", ": 2 rows of "), (2, "kk", " 2 жолы"),
])
def test_the_count_of_repeated_rows_takes_the_plural_form_of_the_language(typed_twice, copies, lang, expected):
    typed_twice(copies)
    text = duplicate_message(lang)
    assert expected in text and "(и)" not in text, text


@pytest.mark.parametrize(("lang", "word", "english"), [("ru", "[предупреждение]", "[warning]"),
                                                       ("kk", "[ескерту]", "[warning]"), ("en", "[warning]", None)])
def test_the_text_output_names_the_severity_in_the_readers_language(typed_twice, cli, capsys, lang, word, english):
    typed_twice(2)
    assert cli(["audit", "--year", str(YEAR), "--lang", lang, "--only", "duplicate_rows"]) == 0
    out = capsys.readouterr().out
    assert f"== duplicate_rows {word} " in out and f"  {word} " in out, out
    if english:
        assert english not in out


def test_a_refusal_is_its_message_alone_with_its_exit_status(cli, capsys):
    """Django would print "CommandError: no data for 2031"; intlmon prints the message in the user's language."""
    from django.utils import translation

    with translation.override("en"):
        assert cli(["audit", "--year", "2031", "--lang", "en"]) == 1
    assert capsys.readouterr().err == "no data for 2031\n"
    assert cli(["audit", "--year", "2031", "--lang", "ru"]) == 1
    err = capsys.readouterr().err
    assert "2031" in err and "CommandError" not in err and "no data" not in err  # the ru message, alone
