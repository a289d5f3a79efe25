"""The difference between two versions: rows added, removed and changed per section, changed cells named."""

from __future__ import annotations

import json

import pytest

from intlmon.collection.diff import IDENTITY, diff_versions, version
from intlmon.collection.ingest import ingest_file
from intlmon.collection.sections import SECTIONS
from intlmon.collection.template import write_template


def ddp(**over):
    row = {
        "level": "master", "programme": "7M04107 Экономика", "partner": "Университет Лотарингии", "country": "Франция",
        "contract_date": "27.03.2021", "term": "5 лет", "languages": ["ru", "fr"], "funding": "student", "enrolment": 12,
    }
    row.update(over)
    return row


def upload(tmp_path, name, rows, lang="ru", year=2024):
    path = write_template(tmp_path / name, year, lang=lang, institution="kaznpu", rows=rows)
    result = ingest_file(path, year, "kaznpu", accept_warnings=True)
    assert result.stored is not None, [p.as_dict("en") for p in result.problems]
    return result.stored.submission


def test_every_section_declares_an_identity_of_its_own_columns():
    assert set(IDENTITY) == {s.key for s in SECTIONS}
    for s in SECTIONS:
        assert set(IDENTITY[s.key]) <= set(s.column_keys), s.key


def test_changing_one_enrolment_cell_shows_exactly_that_cell_old_to_new(reg, tmp_path):
    v1 = upload(tmp_path, "v1.xlsx", {"double_degree_programmes": [ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3)]})
    v2 = upload(tmp_path, "v2.xlsx", {"double_degree_programmes": [ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=5)]})
    diff = diff_versions(v1, v2, lang="en")
    assert diff.counts() == {"added": 0, "removed": 0, "changed": 1}
    [section] = diff.sections
    assert section.key == "double_degree_programmes" and section.unchanged == 1
    [row] = section.changed
    assert [(c.column, c.header("en"), c.header("kk"), c.old, c.new) for c in row.changed] == [
        ("enrolment", "Students enrolled", section_header("double_degree_programmes", "enrolment", "kk"), "3", "5")]
    assert "7M01705" in row.identity and row.new_row == 4 and row.new_id is not None


def section_header(section_key, column_key, lang):
    return next(s for s in SECTIONS if s.key == section_key).column(column_key).header(lang)


def test_rows_added_and_removed_are_listed_with_their_cells(reg, tmp_path):
    v1 = upload(tmp_path, "v1.xlsx", {"double_degree_programmes": [ddp(), ddp(programme="7M01705 Иностранный язык")]})
    v2 = upload(tmp_path, "v2.xlsx", {
        "double_degree_programmes": [ddp()],
        "agreements": [{"partner": "Университет Лотарингии", "country": "Франция", "signed_on": "01.09.2022",
                        "term": "5 лет"}],
    })
    diff = diff_versions(v1, v2, lang="ru")
    by_key = {s.key: s for s in diff.sections}
    assert [r.cells["programme"] for r in by_key["double_degree_programmes"].removed] == ["7M01705 Иностранный язык"]
    assert by_key["double_degree_programmes"].added == []
    [agreement] = by_key["agreements"].added
    assert agreement.cells["partner"] == "Университет Лотарингии" and agreement.cells["country"] == "Франция"
    assert agreement.old_id is None and agreement.new_row == 3
    # the same two versions the other way round: what was added is removed
    back = {s.key: s for s in diff_versions(v2, v1).sections}
    assert len(back["agreements"].removed) == 1 and len(back["double_degree_programmes"].added) == 1


def test_the_same_data_uploaded_in_another_language_shows_no_change(reg, tmp_path):
    rows = {"double_degree_programmes": [ddp(funding="student", languages=["en"])]}
    v1 = upload(tmp_path, "ru.xlsx", rows, lang="ru")
    v2 = upload(tmp_path, "en.xlsx", rows, lang="en")  # dropdown labels written in English this time
    assert diff_versions(v1, v2).is_empty


def test_a_changed_level_is_another_programme_and_a_retyped_name_the_same_one(reg, tmp_path):
    v1 = upload(tmp_path, "v1.xlsx", {"double_degree_programmes": [ddp()]})
    v2 = upload(tmp_path, "v2.xlsx", {"double_degree_programmes": [ddp(programme="7M04107 Economics")]})
    [row] = diff_versions(v1, v2, lang="en").sections[0].changed
    assert [(c.column, c.old, c.new) for c in row.changed] == [("programme", "7M04107 Экономика", "7M04107 Economics")]


def test_it_serialises_to_json_and_the_command_prints_the_same(reg, tmp_path, cli, capsys):
    v1 = upload(tmp_path, "v1.xlsx", {"double_degree_programmes": [ddp(enrolment=3)]})
    v2 = upload(tmp_path, "v2.xlsx", {"double_degree_programmes": [ddp(enrolment=4)]})
    data = json.loads(json.dumps(diff_versions(v1, v2, lang="en").as_dict()))
    cell = data["sections"][0]["changed"][0]["changed"][0]
    assert (cell["column"], cell["old"], cell["new"], cell["headers"]["en"]) == ("enrolment", "3", "4", "Students enrolled")
    capsys.readouterr()
    assert cli(["submission", "diff", "kaznpu", "--year", "2024", "--versions", "1", "2", "--format", "json",
                "--lang", "en"]) in (0, None)
    assert json.loads(capsys.readouterr().out) == data
    assert cli(["submission", "diff", "kaznpu", "--year", "2024", "--lang", "en"]) in (0, None)  # previous → current
    out = capsys.readouterr().out
    assert "v1 → v2" in out and "Students enrolled: 3 → 4" in out


def test_versions_of_another_hei_are_not_compared(reg, tmp_path):
    from intlmon.collection.diff import NotComparable
    from intlmon.collection.store import store_version

    v1 = upload(tmp_path, "v1.xlsx", {"double_degree_programmes": [ddp()]})
    other = store_version(institution_id="kaznu", year=2024, records={}, content=b"x").submission
    with pytest.raises(NotComparable):
        diff_versions(v1, other)
    assert version("kaznpu", 2024, 1) == v1
