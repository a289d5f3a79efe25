from __future__ import annotations

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from intlmon.collection.reader import read_workbook
from tests.collection import make_registry


@pytest.mark.django_db
def test_it_writes_the_form_for_an_institution_and_exits_0(cli, tmp_path, capsys):
    make_registry()
    out = tmp_path / "forms" / "form.xlsx"
    code = cli(["template", "--year", "2024", "--institution", "kaznu", "--lang", "en", "-o", str(out)])
    assert code == 0
    assert "form.xlsx" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Instructions" and wb.worksheets[0]["B5"].value == "kaznu"
    meta = read_workbook(out).meta
    assert (meta.year, meta.institution, meta.lang) == (2024, "kaznu", "en")


@pytest.mark.django_db
def test_it_rejects_an_unknown_institution_with_exit_1(cli, tmp_path, capsys):
    make_registry()
    out = tmp_path / "form.xlsx"
    code = cli(["template", "--year", "2024", "--institution", "kaznuu", "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "Unknown institution 'kaznuu'" in err and "kaznu" in err
    assert not out.exists()
    assert cli(["template", "--year", "1066", "-o", str(out)]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "argv",
    [
        ["template"],  # --year is required
        ["template", "--year", "twenty"],
        ["template", "--year", "2024", "--lang", "de"],
    ],
)
def test_it_exits_2_on_usage_errors(cli, argv):
    assert cli(argv) == 2


@pytest.mark.django_db
def test_it_runs_through_call_command(tmp_path):
    make_registry()
    out = tmp_path / "f.xlsx"
    call_command("template", year=2024, lang="kk", output=str(out))
    assert openpyxl.load_workbook(out).sheetnames[0] == "Нұсқаулық"
    call_command("template", "--year", "2024", "--institution", "kaznu", "-o", str(out))
    assert read_workbook(out).meta.institution == "kaznu"
    with pytest.raises(CommandError, match="Unknown institution"):
        call_command("template", year=2024, institution="nowhere", output=str(out))
    with pytest.raises(CommandError):
        call_command("template", "--lang", "kk")  # no --year: argparse error surfaces as CommandError
