"""Tests of the collection workbook: template, reader, command. `make_registry` builds a tiny registry."""

from __future__ import annotations


def make_registry() -> None:
    """A few countries, fields and institutions — enough for the dropdowns and the institution cell."""
    from intlmon.registry.models import Country, FieldOfEducation, Institution

    for code, alpha3, kk, ru, en in (
        ("FR", "FRA", "Франция", "Франция", "France"),
        ("RU", "RUS", "Ресей", "Россия", "Russia"),
        ("DE", "DEU", "Германия", "Германия", "Germany"),
        ("KR", "KOR", "Корея Республикасы", "Республика Корея", "South Korea"),
    ):
        Country.objects.update_or_create(
            code=code, defaults={"alpha3": alpha3, "name_kk": kk, "name_ru": ru, "name_en": en}
        )
    for code, kk, ru, en in (
        ("04", "Бизнес, басқару және құқық", "Бизнес, управление и право", "Business, administration and law"),
        ("05", "Жаратылыстану ғылымдары, математика және статистика", "Естественные науки, математика и статистика",
         "Natural sciences, mathematics and statistics"),
    ):
        FieldOfEducation.objects.update_or_create(
            code=code, defaults={"isced_broad": code, "name_kk": kk, "name_ru": ru, "name_en": en}
        )
    Institution.objects.update_or_create(
        id="kaznu",
        defaults={
            "name_kk": "әл-Фараби атындағы Қазақ ұлттық университеті",
            "name_ru": "Казахский национальный университет им. аль-Фараби",
            "name_en": "Al-Farabi Kazakh National University",
        },
    )
