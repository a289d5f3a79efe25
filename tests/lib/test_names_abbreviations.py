"""Abbreviated generic words and acronyms spelled from a name's words (#16). Django-free."""

from __future__ import annotations

import pytest

from intlmon.lib.acronyms import initials_words, spells_concepts, spells_initials
from intlmon.lib.names import analyse, key


@pytest.mark.parametrize("short,full", [
    ("Башкирский гос. ун-т", "Башкирский государственный университет"),
    ("Башкирский госуниверситет", "Башкирский государственный университет"),
    ("Бакинского госуниверситета", "Бакинский государственный университет"),
    ("Новосибирский ин-т", "Новосибирский институт"),
    ("Казанский нац. исслед. техн. ун-т", "Казанский национальный исследовательский технический университет"),
    ("Natl. Univ. of Uzbekistan", "National University of Uzbekistan"),
    ("Intl. Acad.", "International Academy"),
    ("Южно-Казахстанская мед. академия", "Южно-Казахстанская медицинская академия"),
])
def test_an_abbreviation_gives_the_key_of_the_full_word(short, full):
    assert key(short) == key(full)


@pytest.mark.parametrize("word", ["Medeu", "Gosling", "Медина", "Pedro"])
def test_a_name_that_begins_like_an_abbreviation_stays_a_name(word):
    assert analyse(word).tokens[0].islower()


@pytest.mark.parametrize("acronym,name", [
    ("iurgu", "Южно-Уральский государственный университет"),  # ЮУрГУ
    ("bguir", "Белорусский государственный университет информатики и радиоэлектроники"),
    ("taltech", "Tallinn University of Technology"),
    ("seoultech", "Seoul National University of Science and Technology"),
])
def test_an_acronym_spells_the_beginnings_of_the_words(acronym, name):
    assert any(spells_initials(acronym, words) for words in initials_words(name))


@pytest.mark.parametrize("acronym,name", [
    ("kfu", "Kazan National Research Technological University"),  # a word left out, initials only
    ("seoul", "Seoul National University"),  # one word's beginning is no acronym
    ("mgu", "Московский государственный технический университет"),
])
def test_an_acronym_that_leaves_out_words_or_is_one_word_does_not_spell_a_name(acronym, name):
    assert not any(spells_initials(acronym, words) for words in initials_words(name))


@pytest.mark.parametrize("acronym,ok", [("mgu", True), ("msu", True), ("mmu", True), ("mpu", False), ("mg", False)])
def test_an_acronym_may_take_each_concepts_initial_in_any_language(acronym, ok):
    # Московский государственный университет / Moscow State University / Мәскеу мемлекеттік университеті
    tokens = analyse("Московский государственный университет").tokens
    assert spells_concepts(acronym, tokens) is ok


@pytest.mark.parametrize("text", [
    "Академия государственного управления при Президенте Республики Казахстан",
    "Академия государственного управления при Президенте РК",
    "Academy of Public Administration under the President of the RK",
])
def test_the_republic_of_kazakhstan_abbreviated_or_in_any_language_is_one_pair_of_tokens(text):
    assert {"REPUBLIC", "KZ"} <= set(analyse(text).tokens)
    assert "rk" not in analyse(text).tokens


@pytest.mark.parametrize("declined,acronym", [("ҚазҰУ-дағы", "ҚазҰУ"), ("ЕҰУ-дің", "ЕҰУ"), ("KazNU-da", "KazNU"), ("ШҚТУ-мен", "ШҚТУ")])
def test_a_kazakh_ending_hyphenated_to_an_acronym_is_dropped(declined, acronym):
    assert analyse(declined) == analyse(acronym)


@pytest.mark.parametrize("word", ["Нур-Султан", "Казахско-Русский", "Al-Farabi"])
def test_a_hyphenated_word_keeps_its_parts(word):
    assert len(analyse(word).tokens) == 2 or analyse(word).tokens == ("farab",)
