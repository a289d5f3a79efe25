"""`intlmon load-registry`: loads everything, is idempotent, and rejects a bad analyst CSV whole."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intlmon.registry.loading import load_registry, registry_summary
from intlmon.registry.models import (
    ForeignOrganisation,
    Institution,
    InstitutionAlias,
    InstitutionCategory,
    OrganisationAlias,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "institutions": sorted(Institution.objects.values_list("id", "name_ru", "short_names", "city", "ror_id")),
        "categories": sorted(InstitutionCategory.objects.values_list("institution_id", "year", "category")),
        "inst_aliases": sorted(
            InstitutionAlias.objects.values_list("raw", "institution_id", "origin", "confidence"),
            key=lambda r: (r[0], r[1] or ""),
        ),
        "orgs": sorted(ForeignOrganisation.objects.values_list("id", "name_en", "country_id", "kind")),
        "org_aliases": sorted(
            OrganisationAlias.objects.values_list("raw", "country_raw", "organisation_id"),
            key=lambda r: (r[0], r[1], r[2] or ""),
        ),
    }


def test_it_loads_the_shipped_registry():
    load_registry()
    summary = registry_summary()
    # 95 + 4 merged predecessors, the National Guard academy (ROR) + 18 cited one by one (#16; 7 of them closed and
    # 1 merged before 2023)
    assert summary["institutions"] == 118
    assert summary["organisations"] == 189  # 186 + Lomonosov MSU, Sorbonne, De Montfort (#16)
    assert summary["countries"] >= 249
    assert summary["fields_of_education"] == 12
    kaznu = Institution.objects.get(pk="kaznu")
    assert kaznu.name_en == "Al-Farabi Kazakh National University"
    assert kaznu.category_for(2023) == "national"
    assert "KazNU" in kaznu.acronyms
    # ROR labels become aliases of the institution that carries the ROR id
    assert InstitutionAlias.objects.filter(institution=kaznu, origin="ror").exists()
    # a cell naming two organisations is two alias rows with the same raw text
    multi = OrganisationAlias.objects.values("raw", "country_raw").order_by()
    assert any(
        OrganisationAlias.objects.filter(raw=row["raw"], country_raw=row["country_raw"]).count() > 1 for row in multi[:400]
    )
    rudn = ForeignOrganisation.objects.get(pk="rudn")
    assert rudn.country_id == "RU"


def test_it_is_idempotent():
    load_registry()
    first = snapshot()
    load_registry()
    assert snapshot() == first


def test_it_keeps_reviewer_aliases_on_reload():
    load_registry()
    InstitutionAlias.objects.create(raw="Фарабишка", institution_id="kaznu", origin="confirmed")
    load_registry()
    assert InstitutionAlias.objects.filter(raw="Фарабишка", origin="confirmed").count() == 1


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_it_adds_and_corrects_institutions_from_an_analyst_csv(tmp_path, capsys, cli):
    load_registry()
    before = Institution.objects.count()
    path = tmp_path / "more.csv"
    write_csv(
        path,
        [
            {"id": "new-hei", "name_kk": "", "name_ru": "Новый университет", "name_en": "New University",
             "short_names": "НУ2", "category_2024": "private", "city": "Astana", "ror_id": "", "notes": ""},
            {"id": "kaznu", "name_kk": "", "name_ru": "Казахский национальный университет имени аль-Фараби",
             "name_en": "Al-Farabi Kazakh National University", "short_names": "КазНУ;ҚазҰУ;KazNU",
             "category_2024": "national", "city": "Алматы", "ror_id": "", "notes": ""},
        ],
    )
    assert cli(["load-registry", "--institutions", str(path), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["institutions"] == before + 1  # new-hei added, kaznu corrected in place
    assert Institution.objects.get(pk="new-hei").category_for(2024) == "private"
    assert Institution.objects.get(pk="kaznu").city == "Алматы"


def test_it_rejects_a_bad_csv_and_changes_nothing(tmp_path):
    load_registry()
    before = snapshot()
    path = tmp_path / "bad.csv"
    write_csv(
        path,
        [
            {"id": "ok-hei", "name_ru": "Хороший вуз", "category_2024": "private"},
            {"id": "Bad Id", "name_ru": "Плохой", "category_2024": "private"},
            {"id": "other", "name_ru": "", "category_2024": "state-owned"},
        ],
    )
    with pytest.raises(CommandError) as exc:
        call_command("load_registry", institutions=path)
    message = str(exc.value)
    assert "bad.csv, row 3, column id: 'Bad Id'" in message
    assert "bad.csv, row 4, column category_2024: 'state-owned' is not one of" in message
    assert "bad.csv, row 4: at least one of name_kk, name_ru, name_en is required" in message
    assert snapshot() == before
    assert not Institution.objects.filter(pk="ok-hei").exists()


def test_it_exits_1_on_rejected_input_and_2_on_usage_errors(tmp_path, cli):
    path = tmp_path / "bad.csv"
    path.write_text("name\nx\n", encoding="utf-8")
    assert cli(["load-registry", "--institutions", str(path)]) == 1
    assert cli(["load-registry", "--no-such-option"]) == 2
