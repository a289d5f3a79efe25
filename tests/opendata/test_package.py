"""The 2023 open-data package: valid for frictionless, breakable, equal to the national report, no personal data.

Built once on the real 2023 tables (and the France note's as 2022): the package is exported the way
`intlmon export opendata` does it, then read back from its CSV files as a user would.
"""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from tests.helpers import loaded_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def package(django_db_setup, django_db_blocker, reference_2023, compiled_catalogues, tmp_path_factory):
    from intlmon.analytics.read import Reader
    from intlmon.opendata.package import export, validate
    from intlmon.reports.national import build_national_report
    from intlmon.reports.reconcile import printed_values

    directory = tmp_path_factory.mktemp("opendata")
    with django_db_blocker.unblock(), loaded_reference(reference_2023):
        path = export(2023, directory)
        report = validate(path)
        printed, _problems = printed_values(build_national_report(2023, "en"))
        reader = Reader(2023, national=True)
        yield {"path": path, "report": report, "printed": printed, "reader": reader}


def rows(path, resource: str) -> list[dict]:
    with (path.parent / "data" / f"{resource}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def total(path, statistic: str) -> str:
    [row] = [r for r in rows(path, "statistics") if r["figure_id"] == f"{statistic}:2023"]
    return row


def test_frictionless_finds_the_package_valid(package):
    report = package["report"]
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:10]
    descriptor = json.loads(package["path"].read_text(encoding="utf-8"))
    names = {r["name"] for r in descriptor["resources"]}
    assert {"institutions", "countries", "statistics", "agreements", "double_degree_programmes",
            "joint_programmes", "presences", "projects"} <= names
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0" and descriptor["sources"] and descriptor["contributors"]
    stats = next(r for r in descriptor["resources"] if r["name"] == "statistics")["schema"]
    assert stats["primaryKey"] == ["figure_id"]
    assert {"value": "nc", "label": "not collected"} in stats["missingValues"]
    assert {fk["fields"][0] for fk in stats["foreignKeys"]} >= {"institution", "country", "statistic"}


def test_a_record_naming_an_unknown_institution_fails_validation(package, tmp_path):
    from intlmon.opendata.package import validate

    broken = tmp_path / "broken"
    shutil.copytree(package["path"].parent, broken)
    target = broken / "data" / "double_degree_programmes.csv"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    first = next(csv.reader([lines[1]]))
    first[header.index("institution")] = "no-such-university"
    out = [lines[0], ",".join(f'"{c}"' if "," in c else c for c in first) + "\n", *lines[2:]]
    target.write_text("".join(out), encoding="utf-8")
    report = validate(broken / "datapackage.json")
    assert not report.valid
    problems = report.flatten(["resourceName", "type", "note"])
    assert any(kind == "foreign-key" and "no-such-university" in note for _res, kind, note in problems), problems


@pytest.mark.parametrize("statistic", ["agreements", "agreement_partner_countries", "double_degree_programmes",
                                       "double_degree_programmes_enrolment", "joint_programmes",
                                       "joint_programmes_enrolment", "double_degree_partner_countries",
                                       "kz_branches_abroad", "projects"])
def test_the_package_total_is_the_national_reports(package, statistic):
    from intlmon.reports.document import quantity

    printed = {v for v, _ in package["printed"].get(quantity(statistic, 2023), [])}
    assert len(printed) == 1, f"the national report prints {statistic} once: {printed}"
    row = total(package["path"], statistic)
    assert float(row["value"]) == float(printed.pop())


def test_the_published_headline_that_differs_is_flagged_d_with_both_numbers(package):
    row = total(package["path"], "agreements")
    assert row["value"] == "6050" and row["source"] == "published"
    assert "d" in row["flag"].split() and "published: 6044" in row["note"]
    ddp = total(package["path"], "double_degree_programmes")
    assert "d" not in ddp["flag"].split() and ddp["source"] == "records"


def test_counted_records_add_up_to_the_statistics(package):
    ddp = rows(package["path"], "double_degree_programmes")
    assert len(ddp) == int(total(package["path"], "double_degree_programmes")["value"])
    enrolled = sum(int(r["enrolment"]) for r in ddp if r["enrolment"] not in ("", "m"))
    assert enrolled == int(total(package["path"], "double_degree_programmes_enrolment")["value"])
    assert {r["year"] for r in ddp} == {"2023"}


PERSONAL = {"name", "email", "mail", "comment", "author", "uploaded", "actor", "raw", "notes", "file",
            "phone"}  # words of a column name that would mean data about a person or typed text


def test_no_resource_has_a_personal_data_column(package):
    from intlmon.opendata.records import RESOURCES

    descriptor = json.loads(package["path"].read_text(encoding="utf-8"))
    registry_names = {"name_kk", "name_ru", "name_en", "name_local"}  # names of HEIs, countries, organisations
    for resource in descriptor["resources"]:
        columns = [f["name"] for f in resource["schema"]["fields"]]
        personal = [c for c in columns if PERSONAL & set(c.split("_")) and c not in registry_names]
        if resource["name"] == "presences":
            personal.remove("name")  # the branch's name (an institution), not a person's
        assert not personal, (resource["name"], personal)
        if resource["name"] == "visiting_faculty":  # degree + HEI + country + headcount 1 points at one person
            assert "academic_degree" not in columns
    assert len(RESOURCES) == 11 and {r["name"] for r in descriptor["resources"]} >= set(RESOURCES.values())


def test_text_typed_by_an_hei_never_reaches_the_package(package, tmp_path):
    from intlmon.analytics.scope import current
    from intlmon.collection.models import Submission
    from intlmon.opendata.package import export
    from intlmon.records.models import DoubleDegreeProgramme

    record = current(DoubleDegreeProgramme, 2023).first()
    DoubleDegreeProgramme.objects.filter(pk=record.pk).update(
        partner_raw="contact: Ivanov Ivan, ivanov@example.org", programme_raw="call Petrova A. +7 701 000 00 00")
    Submission.objects.filter(pk=record.submission_id).update(comment="Coordinator Aliya S., aliya@example.kz")
    path = export(2023, tmp_path / "again")
    text = "".join(p.read_text(encoding="utf-8") for p in (path.parent / "data").glob("*.csv"))
    for secret in ("Ivanov", "example.org", "Petrova", "Aliya", "example.kz", "@"):
        assert secret not in text
    assert str(record.pk) in {r["record_id"] for r in rows(path, "double_degree_programmes")}


def test_export_opendata_command(package, cli, tmp_path, capsys, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        assert cli(["export", "opendata", "--year", "2031", "-o", str(tmp_path / "none")]) == 1
        assert "no data for 2031" in capsys.readouterr().err
        assert not (tmp_path / "none").exists()
        assert cli(["export", "opendata", "--year", "2023", "-o", str(tmp_path / "od")]) == 0
        assert capsys.readouterr().out.strip() == str(tmp_path / "od" / "datapackage.json")
        assert cli(["export", "nothing", "--year", "2023"]) == 2


def test_docs_opendata_documents_every_field_of_every_resource(package):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "opendata.md").read_text(encoding="utf-8")
    descriptor = json.loads(package["path"].read_text(encoding="utf-8"))
    sections = {part.split("`", 1)[0]: part for part in text.split("\n### `")[1:]}
    for resource in descriptor["resources"]:
        assert resource["name"] in sections, resource["name"]
        missing = [f["name"] for f in resource["schema"]["fields"] if f"| `{f['name']}` |" not in sections[resource["name"]]]
        assert not missing, (resource["name"], missing)


def test_the_portal_serves_the_package_as_a_zip_to_anyone(package, client):
    import io
    import zipfile

    response = client.get("/opendata/2023.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="intlmon-opendata-2023.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"datapackage.json", "data/statistics.csv", "data/double_degree_programmes.csv"} <= set(archive.namelist())
    served = {r["figure_id"]: r["value"] for r in csv.DictReader(io.TextIOWrapper(archive.open("data/statistics.csv")))}
    assert served["double_degree_programmes:2023"] == total(package["path"], "double_degree_programmes")["value"]
    assert client.get("/opendata/2031.zip").status_code == 404
    assert client.post("/opendata/2023.zip").status_code in (403, 405)  # CSRF or method: never a write
