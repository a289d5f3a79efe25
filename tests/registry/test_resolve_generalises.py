"""Resolution beyond the registered spellings (#16): the decision a user sees for each failure class.

Every text below is absent from the registry's aliases (checked by the first test), so it resolves
by rule: typos in generic words and names, declension, former names, shared acronyms, a foreign
parent against its Kazakh franchise, organisations known in three languages. Registry loaded once
per module (the `reg` fixture), resolution through `intlmon.registry.resolve` as the product does.
"""

from __future__ import annotations

import pytest

from intlmon.lib.names import casefold_raw
from intlmon.lib.resolution import Decision
from intlmon.registry.models import ForeignOrganisation, InstitutionAlias, OrganisationAlias
from intlmon.registry.resolve import resolve_institution, resolve_organisation

HEI_AUTO = [
    # typo in a generic word (a letter wrong, missing, extra or two swapped)
    ("Al-Farabi Kazakh National Univercity", "kaznu"),
    ("Satbayev Univresity", "satbayev"),
    ("Казахский национальный педагогический унверситет имени Абая", "kaznpu"),
    ("Аркалыкский педагогический инстиут имени И. Алтынсарина", "arkalyk"),
    ("Южно-Казахстанская медицинская акдемия", "skma"),
    # typo in a proper name
    ("Казахский национальный университет имени аль-Фарби", "kaznu"),
    ("Университет Нархос", "narxoz"),
    # Russian and Kazakh declension of whole names
    ("в Карагандинском университете имени академика Е.А. Букетова", "buketov"),
    ("с Евразийским национальным университетом имени Л.Н. Гумилева", "enu"),
    ("Әл-Фараби атындағы Қазақ ұлттық университетімен", "kaznu"),
    # former names: registered in Russian, found in English and declined too
    ("Kazakh State University named after S.M. Kirov", "kaznu"),
    ("в Карагандинском государственном техническом университете", "kartu"),
    ("Pavlodar State University named after S. Toraighyrov", "toraighyrov"),
    # KazGUU's old full name (the example), declined
    ("Казахского гуманитарно-юридического университета", "kazguu"),
]


@pytest.mark.parametrize("text,expected", HEI_AUTO)
def test_an_unseen_spelling_of_a_hei_is_auto_accepted(reg, text, expected):
    res = resolve_institution(text)
    assert res.decision is Decision.AUTO, (text, res)
    assert res.id == expected, (text, res)


def test_the_texts_of_this_module_are_not_registered_spellings(reg):
    registered = {casefold_raw(r) for r in InstitutionAlias.objects.values_list("raw", flat=True)}
    registered |= {casefold_raw(r) for r in OrganisationAlias.objects.values_list("raw", flat=True)}
    # an organisation's own official name is registered by its ROR record too: it resolves as a name
    official = {
        casefold_raw(n)
        for row in ForeignOrganisation.objects.values_list("name_en", "name_ru", "name_local")
        for n in row
        if n
    }
    texts = [t for t, _ in HEI_AUTO] + [t for t, _ in ORG_TOP] + list(PARENT_NOT_FRANCHISE)
    assert not [t for t in texts if casefold_raw(t) in registered - official]


# an acronym that more than one HEI has used (now or before, in any script) is never auto-accepted;
# the registry records each holder's (former) acronym, the ambiguity is computed from the index
SHARED_ACRONYMS = [
    "КГУ",  # Kokshetau, Kostanay and Kyzylorda state universities (former names)
    "АГУ",  # Abai (Almaty), Aktobe and Atyrau state universities (former names)
    "К.Г.У.",
    "KSTU",  # Karaganda Technical and Kostanay Socio-Technical
    "СКУ",  # North Kazakhstan University; folds like SKU, South Kazakhstan's English acronym
]


@pytest.mark.parametrize("text", SHARED_ACRONYMS)
def test_a_shared_acronym_is_never_auto_accepted(reg, text):
    res = resolve_institution(text)
    assert res.decision is not Decision.AUTO, (text, res)


def test_a_shared_acronym_offers_every_holder(reg):
    ids = {c.id for c in resolve_institution("КГУ").candidates}
    assert {"baitursynov", "korkyt-ata", "ualikhanov"} <= ids


# a foreign university's name never auto-resolves to its Kazakh franchise, and the reverse
PARENT_NOT_FRANCHISE = ("De Montfort University", "Университет Де Монфор", "De Montford University")


@pytest.mark.parametrize("text", PARENT_NOT_FRANCHISE)
def test_the_foreign_parents_name_is_not_its_kazakh_franchise(reg, text):
    res = resolve_institution(text)
    assert res.decision is not Decision.AUTO, (text, res)


def test_the_franchise_is_found_by_its_own_name(reg):
    res = resolve_institution("De Montfort Universty Kazakhstan")
    assert (res.decision, res.id) == (Decision.AUTO, "dmuk"), res


def test_a_kazakh_branch_is_not_its_foreign_parent(reg):
    for text in ("De Montfort University Kazakhstan", "Казахстанский филиал МГУ имени М.В. Ломоносова"):
        res = resolve_organisation(text)
        assert res.decision is not Decision.AUTO, (text, res)
    assert resolve_organisation("De Montfort University").id == "dmu"


# organisations well known in three languages; typos in their generic words
ORG_TOP = [
    ("МГУ им. Ломоносова", "msu"),
    ("Lomonosov Moscow State University", "msu"),
    ("Sorbonne Université", "sorbonne"),
    ("Университет Сорбонны", "sorbonne"),
    ("Gazi Univercity", "gazi"),
    ("Gazi Univeristy", "gazi"),
    ("в Томском политехническом университете", "tpu"),
]


@pytest.mark.parametrize("text,expected", ORG_TOP)
def test_a_well_known_or_misspelt_partner_comes_first(reg, text, expected):
    res = resolve_organisation(text)
    assert res.candidates and res.candidates[0].id == expected, (text, res)


@pytest.mark.parametrize("text,expected", [("Gazi Univercity", "gazi"), ("Lomonosov Moscow State University", "msu")])
def test_a_misspelt_or_translated_partner_is_auto_accepted(reg, text, expected):
    res = resolve_organisation(text)
    assert (res.decision, res.id) == (Decision.AUTO, expected), res


@pytest.mark.parametrize("text", ["MSU", "University of Michigan", "Tallinn University", "Sorbonne Nouvelle"])
def test_a_different_institution_with_a_like_name_is_not_auto_accepted(reg, text):
    res = resolve_organisation(text)
    assert res.decision is not Decision.AUTO, (text, res)


def test_the_kazakh_american_university_is_not_kafu(reg):
    # Kazakh-American University (Almaty) is registered since #16 (kau, from its own pages): its name is its own,
    # never the Kazakhstan-American Free University's (kafu); the Russian wording of neither is auto-accepted
    res = resolve_institution("Kazakh-American University")
    assert (res.decision, res.id) == (Decision.AUTO, "kau"), res
    res = resolve_institution("Казахстанско-Американский университет")
    assert res.decision is not Decision.AUTO, res
