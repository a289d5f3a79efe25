"""`intlmon import-tables`: the 2023 reference tables routed to each HEI's submission."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intlmon.collection.models import Submission
from intlmon.records.models import DoubleDegreeProgramme, JointProgramme, Presence, Project, PublishedFigure
from intlmon.registry.loading import load_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    load_registry()


def test_it_imports_the_2023_tables(registry, reference_2023):
    call_command("import_tables", str(reference_2023), year=2023)
    assert JointProgramme.objects.count() == 84  # 85 rows, one whose HEI cell names no HEI
    assert DoubleDegreeProgramme.objects.count() == 211  # 212 rows, row 207 is empty
    assert Presence.objects.filter(direction="outbound").count() == 46
    assert Presence.objects.filter(direction="inbound").count() == 16
    assert Submission.objects.filter(period__year=2023, is_current=True).count() == 83
    kaznu_ddp = DoubleDegreeProgramme.objects.filter(institution_id="kaznu")
    assert kaznu_ddp.count() > 30
    first = DoubleDegreeProgramme.objects.get(source_sheet="ddp_programs.csv", source_row=2)
    assert (first.institution_id, first.country_id, first.level, first.enrolment) == ("choreography", "RU", "bachelor", 9)
    assert first.contract_date.isoformat() == "2021-09-02" and first.term_years == 5
    # projects per HEI: the table gives counts, kept as quantities
    kaznu_research = sum(Project.objects.filter(institution_id="kaznu", kind="research").values_list("quantity", flat=True))
    assert kaznu_research == 35
    stated = PublishedFigure.objects.get(statistic="stated:agreements_by_country.agreement_count", dimension__section="", value=6044)
    assert stated.period.year == 2023
    # figures of earlier years quoted by the report land in their own periods
    assert PublishedFigure.objects.filter(period__year=2022, statistic="publications_scopus").exists()


def test_it_makes_a_new_version_on_reimport(registry, reference_2023):
    call_command("import_tables", str(reference_2023), year=2023)
    call_command("import_tables", str(reference_2023), year=2023)
    assert set(Submission.objects.filter(is_current=True).values_list("version", flat=True)) == {2}
    assert DoubleDegreeProgramme.objects.filter(submission__is_current=True).count() == 211
    assert DoubleDegreeProgramme.objects.count() == 422  # the first version is kept


def test_it_rejects_an_unknown_hei_and_changes_nothing(registry, reference_2023, tmp_path):
    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(reference_2023 / "sop_programs.csv", folder)
    with (folder / "sop_programs.csv").open("a", encoding="utf-8") as fh:
        fh.write("БАКАЛАВРИАТ,,99.,Университет Несуществующий Вымышленный,Partner,Россия,6B04107,2020,5 лет,3,1,,\n")
    with pytest.raises(CommandError, match=r"sop_programs.csv, row 87, column kz_hei: the HEI 'Университет Несуществующий"):
        call_command("import_tables", str(folder), year=2023)
    assert Submission.objects.count() == 0 and JointProgramme.objects.count() == 0
