from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from intlmon.collection import sections as S
from intlmon.collection.template import (
    FIRST_DATA_ROW,
    LISTS_SHEET,
    META_SHEET,
    UnknownInstitution,
    sheet_name,
    texts,
    write_template,
)
from intlmon.records import models as R
from tests.collection import make_registry

SPEC_COLUMNS = {
    "profile": ("students", "academic_staff"),
    "agreements": ("partner", "country", "directions", "signed_on", "term", "auto_renewal"),
    "presences": ("direction", "kind", "name", "partner", "country", "city", "opened_on", "status"),
    "projects": ("kind", "title", "funder", "partner", "country", "field", "role", "start_year", "end_year"),
    "joint_programmes": ("level", "programme", "partner", "country", "field", "contract_date", "term", "languages",
                         "funding", "enrolment"),
    "mobility": ("direction", "person", "level", "partner", "country", "field", "format", "funding", "headcount"),
    "visiting_faculty": ("partner", "country", "headcount", "academic_degree", "field", "format", "funding"),
    "international_students": ("country", "level", "headcount"),
    "publications": ("database", "field", "count", "with_foreign_coauthors"),
    "strategic_partnerships": ("model", "partner", "country", "start_year", "term_years", "partner_ranking",
                               "foreign_staff_share", "languages", "kazakh_language_disciplines", "registered",
                               "licensed", "funding",
                               # issue 15: what the register of partnerships reads besides the above
                               "status", "ministry_agreement", "ministry_agreement_date", "other_parties",
                               "joint_committees", "quality_assurance"),
}
SPEC_COLUMNS["double_degree_programmes"] = SPEC_COLUMNS["joint_programmes"]

DDP_ROW = {
    "level": "master",
    "programme": "7M05407 Математика",
    "partner": "Université de Reims Champagne-Ardenne",
    "country": "FR",
    "field": "05",
    "contract_date": dt.date(2020, 7, 20),
    "term": "5 лет с автоматической пролонгацией",
    "languages": ["ru", "kk", "fr"],
    "funding": "student",
    "enrolment": 8,
}


def test_it_declares_the_sections_and_column_keys_of_the_brief():
    assert sorted(s.key for s in S.SECTIONS) == sorted(SPEC_COLUMNS)
    for sec in S.SECTIONS:
        assert sec.column_keys == SPEC_COLUMNS[sec.key], sec.key
        assert set(sec.titles) == set(S.LANGS) and all(len(sheet_name(sec, lang)) <= 31 for lang in S.LANGS)
        for col in sec.columns:
            assert set(col.headers) == set(S.LANGS) and all(col.headers.values()), (sec.key, col.key)
            assert col.kind in S.KINDS
            assert all(col.help_text(lang) for lang in S.LANGS)
            if col.kind in ("choice", "country", "field", "languages"):
                assert col.choices, (sec.key, col.key)


def test_it_has_no_header_spelling_that_names_two_columns_of_a_section():
    for sec in S.SECTIONS:
        seen: dict[str, str] = {}
        for col in (*sec.columns, S.INSTITUTION_COLUMN):
            for spelling in col.spellings:
                key = S.normalise_header(spelling)
                assert seen.setdefault(key, col.key) == col.key, (sec.key, spelling, seen[key], col.key)


@pytest.mark.parametrize(
    "name, choices",
    [
        ("levels", R.Level),
        ("funding_sources", R.Funding),
        ("formats", R.Format),
        ("directions", R.Agreement.Direction),
        ("presence_directions", R.Presence.Direction),
        ("presence_kinds", R.Presence.Kind),
        ("project_kinds", R.Project.Kind),
        ("mobility_directions", R.MobilityFlow.Direction),
        ("persons", R.MobilityFlow.Person),
        ("databases", R.Publications.Database),
        ("partnership_models", R.StrategicPartnership.Model),
    ],
)
def test_it_lists_exactly_the_model_choice_values_with_labels_in_every_language(name, choices):
    for lang in S.LANGS:
        pairs = S.choice_values(name, lang)
        assert [v for v, _ in pairs] == list(choices.values)
        assert all(label for _, label in pairs)
        for value, label in pairs:  # every label, in any language, maps back
            assert S.choice_value(name, label) == value
            assert S.choice_value(name, f"  {label.upper()} ") == value


def test_it_maps_labels_in_any_language_and_legacy_spellings_back_to_values():
    assert S.choice_value("levels", "Магистратура") == "master"
    assert S.choice_value("levels", "Master's degree") == "master"
    assert S.choice_value("funding_sources", "at the expense of the student") == "student"
    assert S.choice_value("funding_sources", "Внебюджетные средства вуза") == "extra_budgetary"
    assert S.choice_value("project_kinds", "Joint scientific project") == "research"
    assert S.choice_value("formats", "offline") == "physical"
    assert S.choice_value("databases", "WoS") == "wos"
    assert S.choice_value("levels", "nonsense") is None
    assert S.choice_value("levels", None) is None
    assert S.split_choices("languages", "rus/kaz/ French") == (["ru", "kk", "fr"], [])
    assert S.split_choices("directions", "мобильность; совместные проекты; прочее дело") == (
        ["mobility", "joint_projects"],
        ["прочее дело"],
    )
    assert S.parse_boolean("Иә") is True and S.parse_boolean("нет") is False and S.parse_boolean("maybe") is None
    assert S.parse_boolean(True) is True and S.parse_boolean(None) is None


@pytest.mark.django_db
def test_it_takes_countries_and_fields_from_the_registry():
    make_registry()
    assert ("FR", "Франция") in S.choice_values("countries", "ru")
    assert ("KR", "South Korea") in S.choice_values("countries", "en")
    assert ("04", "04 Бизнес, басқару және құқық") in S.choice_values("fields", "kk")
    assert S.choice_value("countries", "Ресей") == "RU"
    assert S.choice_value("countries", "germany") == "DE"
    assert S.choice_value("fields", "04 Business, administration and law") == "04"
    assert S.choice_value("fields", "4") == "04"
    assert S.choice_value("fields", "05 Natural sciences") == "05"


def _validations(ws):
    """Column letter → the data validation that covers the first data row of that column."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            if rng.min_row <= FIRST_DATA_ROW <= rng.max_row:
                for col in range(rng.min_col, rng.max_col + 1):
                    out[openpyxl.utils.get_column_letter(col)] = dv
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("lang", S.LANGS)
def test_it_writes_the_template_in_each_language(tmp_path, lang):
    make_registry()
    path = write_template(
        tmp_path / f"form-{lang}.xlsx",
        2024,
        lang,
        institution="kaznu",
        rows={
            "double_degree_programmes": [DDP_ROW],
            "agreements": [{"partner": "Sorbonne Université", "country": "FR",
                            "directions": ["mobility", "research"], "auto_renewal": True}],
        },
    )
    wb = openpyxl.load_workbook(path)
    names = [sheet_name(s, lang) for s in S.SECTIONS]
    assert wb.sheetnames == [texts(lang)["instructions"], *names, LISTS_SHEET, META_SHEET]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert all(wb[n].sheet_state == "visible" for n in names)

    # instructions: institution prefilled, locked, sheet protected; one line per section sheet
    ins = wb.worksheets[0]
    assert ins.protection.sheet is True
    assert ins["B5"].value == "kaznu" and ins["B5"].protection.locked
    assert ins["C5"].value == {"kk": "әл-Фараби атындағы Қазақ ұлттық университеті",
                               "ru": "Казахский национальный университет им. аль-Фараби",
                               "en": "Al-Farabi Kazakh National University"}[lang]
    assert ins["B4"].value == 2024
    listed = [c.value for c in ins["A"] if c.value in names]
    assert listed == names

    # the hidden machine cells
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(values_only=True)}
    assert meta["year"] == 2024 and meta["institution"] == "kaznu" and meta["lang"] == lang
    assert meta["sheet:agreements"] == sheet_name(S.section("agreements"), lang)

    for sec in S.SECTIONS:
        ws = wb[sheet_name(sec, lang)]
        assert ws.row_dimensions[1].hidden is True
        assert [c.value for c in ws[1]] == list(sec.column_keys)
        assert [c.value for c in ws[2]] == [c.header(lang) + (" *" if c.required else "") for c in sec.columns]
        dvs = _validations(ws)
        for i, col in enumerate(sec.columns):
            letter = openpyxl.utils.get_column_letter(i + 1)
            dv = dvs[letter]
            assert dv.prompt and dv.promptTitle and dv.showInputMessage, (sec.key, col.key)
            if col.kind == "integer":
                assert dv.type == "whole"
                if not col.key.endswith("_year"):
                    assert dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"
            elif col.choices and col.choices not in ("countries", "fields") or col.kind in ("country", "field"):
                assert dv.type == "list" and dv.formula1.startswith(f"{LISTS_SHEET}!$"), (sec.key, col.key)
            elif col.kind == "boolean":
                assert dv.type == "list"

    # lists sheet: countries in the chosen language
    lists = wb[LISTS_SHEET]
    heads = {c.value: c.column_letter for c in lists[1]}
    countries = [c.value for c in lists[heads["countries"]][1:] if c.value]
    assert {"en": "France", "ru": "Франция", "kk": "Франция"}[lang] in countries
    assert {"en": "Germany", "ru": "Германия", "kk": "Германия"}[lang] in countries

    # prefilled rows, written as labels of the chosen language
    ddp = wb[sheet_name(S.section("double_degree_programmes"), lang)]
    row = {k: v for k, v in zip(S.section("double_degree_programmes").column_keys,
                                [c.value for c in ddp[FIRST_DATA_ROW]], strict=True)}
    assert row["level"] == S.choice_label("levels", "master", lang)
    assert row["country"] == S.choice_label("countries", "FR", lang)
    assert row["field"].startswith("05 ")
    assert row["contract_date"] == dt.datetime(2020, 7, 20)
    assert row["enrolment"] == 8 and row["programme"] == "7M05407 Математика"
    assert S.split_choices("languages", row["languages"]) == (["ru", "kk", "fr"], [])
    agr = wb[sheet_name(S.section("agreements"), lang)]
    assert agr["A3"].value == "Sorbonne Université"
    assert S.parse_boolean(agr["F3"].value) is True
    assert ddp.cell(FIRST_DATA_ROW + 1, 1).value is None


@pytest.mark.django_db
def test_it_writes_a_blank_template_without_institution_and_with_an_empty_registry(tmp_path):
    path = write_template(tmp_path / "blank.xlsx", 2025, "ru")
    wb = openpyxl.load_workbook(path)
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(values_only=True)}
    assert meta["year"] == 2025 and meta["institution"] in (None, "")
    assert wb.worksheets[0]["B5"].value == "—"
    ws = wb[sheet_name(S.section("agreements"), "ru")]
    country = _validations(ws)["B"]
    assert country.prompt  # no list to choose from, but the help is there


@pytest.mark.django_db
def test_it_rejects_an_unknown_institution_and_bad_rows(tmp_path):
    make_registry()
    with pytest.raises(UnknownInstitution) as exc:
        write_template(tmp_path / "x.xlsx", 2024, "ru", institution="kaznuu")
    assert "kaznu" in exc.value.suggestions
    with pytest.raises(ValueError):
        write_template(tmp_path / "x.xlsx", 2024, "ru", rows={"agreements": [{"parnter": "typo"}]})
    with pytest.raises(ValueError):
        write_template(tmp_path / "x.xlsx", 2024, "ru", rows={"nosuchsection": []})
    with pytest.raises(ValueError):
        write_template(tmp_path / "x.xlsx", 2024, "de")
