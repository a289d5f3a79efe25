"""`intlmon report` checks every document it writes against the reconciliation rule: a planted
contradiction (the summary card says 61 agreements, the text and the table 60) is a warning line naming
the document's language and both values; the files are still written and the exit status stays 0 unless
`--strict`, which exits 1 with the number of contradictions."""

from __future__ import annotations

import pytest

from intlmon.reports.document import Figure
from intlmon.reports.management.commands.report import Command
from tests.reports.test_reconcile import reconciled as with_chart


def reconciled(lang):
    """The reconciled test document without its chart (it has no chart spec to render)."""
    doc = with_chart(lang)
    doc.blocks = [b for b in doc.blocks if not isinstance(b, Figure)]
    return doc


@pytest.fixture
def planted(monkeypatch):
    def builder(self, kind, subject, year):
        def build(lang, cache):
            doc = reconciled(lang)
            doc.blocks[0].items[0] = ("agreements", 61, "")  # the card disagrees with the text and the table
            return doc
        return build, f"planted_{year}"

    monkeypatch.setattr(Command, "builder", builder)


def run(cli, tmp_path, *extra):
    return cli(["report", "national", "--year", "2023", "--lang", "en,ru", "--format", "html",
                "-o", str(tmp_path), "--allow-empty", *extra])


@pytest.mark.django_db
def test_a_contradiction_is_a_warning_and_the_report_is_still_written(cli, capsys, tmp_path, planted, settings):
    settings.LANGUAGE_CODE = "en"
    assert run(cli, tmp_path) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2, captured.err  # one per document (en, ru)
    assert "the en document does not reconcile" in warnings[0] and "61" in warnings[0] and "60" in warnings[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["planted_2023_en.html", "planted_2023_ru.html"]


@pytest.mark.django_db
def test_strict_exits_1_with_the_count(cli, capsys, tmp_path, planted, settings):
    settings.LANGUAGE_CODE = "en"
    assert run(cli, tmp_path, "--strict") == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == "2 contradictions in the report (--strict)"  # no "CommandError:" prefix
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.django_db
def test_a_document_that_reconciles_prints_no_warning(cli, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(Command, "builder", lambda self, kind, subject, year: (lambda lang, cache: reconciled(lang), "ok"))
    assert run(cli, tmp_path, "--strict") == 0
    assert "warning" not in capsys.readouterr().err
