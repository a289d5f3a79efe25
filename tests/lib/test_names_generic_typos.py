"""Normalisation of misspelt generic words and declined names (#16), Django-free."""

from __future__ import annotations

import pytest

from intlmon.lib.names import analyse


@pytest.mark.parametrize(
    "misspelt,correct",
    [
        ("Gazi Univercity", "Gazi University"),
        ("Gazi Univeristy", "Gazi University"),
        ("Торайгыров универитет", "Торайгыров университет"),
        ("Евразийский гуманитарный инситут", "Евразийский гуманитарный институт"),
        ("Центрально-Казахстанская акадмия", "Центрально-Казахстанская академия"),
        ("Kazakh-British Tehnical University", "Kazakh-British Technical University"),
        ("Қазақ ұлттық аграрлық зерттеу универитеті", "Қазақ ұлттық аграрлық зерттеу университеті"),
    ],
)
def test_a_misspelt_generic_word_gives_the_same_key(misspelt, correct):
    assert analyse(misspelt).key == analyse(correct).key


@pytest.mark.parametrize(
    "declined,nominative",
    [
        ("в Карагандинском техническом университете", "Карагандинский технический университет"),
        ("с Евразийским национальным университетом", "Евразийский национальный университет"),
        ("Казахского национального университета", "Казахский национальный университет"),
        ("Сәтбаев университетіне", "Сәтбаев университеті"),
    ],
)
def test_a_declined_name_gives_the_nominative_key(declined, nominative):
    assert analyse(declined).key == analyse(nominative).key


@pytest.mark.parametrize("word", ["Universal", "Pavlodar", "Marmara", "Gospodarki", "Natural"])
def test_a_name_near_no_generic_word_stays_a_name(word):
    assert analyse(word).key == analyse(word).key.lower()
