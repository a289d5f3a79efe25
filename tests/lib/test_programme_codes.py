"""Programme codes as a user reads them: level, field area, one normalised spelling."""

from __future__ import annotations

import pytest

from intlmon.lib.counts import Missing, Unrecognised
from intlmon.lib.programme_codes import NoCode, ProgrammeCode, find_programme_codes, parse_programme_code


def _code(text: str) -> ProgrammeCode:
    result = parse_programme_code(text)
    assert isinstance(result, ProgrammeCode), result
    return result


@pytest.mark.parametrize(
    ("text", "code", "level", "field"),
    [
        ("6B04107", "6B04107", "bachelor", "04"),
        ("7M05407", "7M05407", "master", "05"),
        ("8D07119", "8D07119", "doctorate", "07"),
        ("6b04107", "6B04107", "bachelor", "04"),
        ("  6B 04107 ", "6B04107", "bachelor", "04"),
    ],
)
def test_it_reads_the_level_and_field_area_of_a_kazakh_code(text, code, level, field):
    result = _code(text)
    assert (result.code, result.scheme, result.level, result.field) == (code, "kz", level, field)
    assert result.granularity == "programme"
    assert not result.repaired


@pytest.mark.parametrize(
    ("text", "code"), [("7М05407", "7M05407"), ("6В04107", "6B04107"), ("6в04107", "6B04107")]
)
def test_it_repairs_cyrillic_look_alike_letters_and_says_so(text, code):
    result = _code(text)
    assert result.code == code
    assert result.repaired


def test_it_accepts_cyrillic_de_for_doctorate_and_flags_it():
    result = _code("8Д07119 - Интеллектуальные системы управления")
    assert (result.code, result.level, result.repaired) == ("8D07119", "doctorate", True)


def test_it_rejects_a_letter_that_contradicts_the_level_digit():
    assert isinstance(parse_programme_code("6M04107 Экономика"), Unrecognised)


def test_it_separates_the_embedded_name_from_a_note_in_brackets():
    result = _code("6B04107-Экономика (двудипломная)")
    assert (result.code, result.name, result.name_note) == ("6B04107", "Экономика", "двудипломная")


def test_it_finds_a_code_inside_guillemets():
    result = _code(
        "«7M07314 - Технологии геодезических и кадастровых работ» (научно-исследовательском направлении)"
    )
    assert result.code == "7M07314"
    assert result.name == "Технологии геодезических и кадастровых работ"


def test_it_reads_the_name_printed_before_the_code_when_none_follows():
    assert _code("Фармацевтическая экология/7М10143").name == "Фармацевтическая экология"


@pytest.mark.parametrize(
    ("text", "level", "field"),
    [
        ("38.04.01", "master", "04"),  # economics -> business, management and law
        ("12.04.01", "master", "07"),  # instrument engineering -> engineering
        ("09.03.03", "bachelor", "06"),
        ("31.05.01", "specialist", "10"),
        ("44.06.01", "doctorate", "01"),
        ("39.03.02", "bachelor", None),  # social work and sociology sit in different Kazakh areas
    ],
)
def test_it_reads_russian_okso_codes(text, level, field):
    result = _code(text)
    assert (result.scheme, result.level, result.field, result.code) == ("okso", level, field, text)


def test_it_finds_every_code_in_a_cell_listing_several():
    codes = find_programme_codes("6B04106 - Финансы / 38.03.01 Экономика (РЭУ им. Плеханова)")
    assert [(c.code, c.name) for c in codes] == [("6B04106", "Финансы"), ("38.03.01", "Экономика")]
    assert codes[1].name_note == "РЭУ им. Плеханова"


def test_it_reads_a_direction_code_as_a_direction():
    result = _code("7M015-Подготовка педагогов по естественнонаучным предметам")
    assert (result.granularity, result.field, result.level) == ("direction", "01", "master")


@pytest.mark.parametrize("text", ["6B020700 Переводческое дело", "6B7108-Транспортная инженерия"])
def test_it_keeps_nonstandard_codes_without_guessing_their_field(text):
    result = _code(text)
    assert (result.granularity, result.field, result.level) == ("nonstandard", None, "bachelor")


def test_it_answers_no_code_for_a_name_without_a_code():
    assert parse_programme_code("Сестринское дело") == NoCode("Сестринское дело", "Сестринское дело")


def test_it_distinguishes_blank_from_garbage():
    assert isinstance(parse_programme_code(""), Missing)
    assert isinstance(parse_programme_code("1"), Unrecognised)


def test_it_does_not_read_a_date_as_an_okso_code():
    assert isinstance(parse_programme_code("12.03.2020"), Unrecognised)
