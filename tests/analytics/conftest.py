"""A tiny hand-built world for the statistics tests: three countries in three regions, two fields,
HEIs with categories, and a helper that files rows under a submission of a chosen status."""

from __future__ import annotations

import pytest

from intlmon.collection.models import Submission
from intlmon.records.models import PublishedFigure, ReportingPeriod
from intlmon.registry.models import (
    Country,
    CountryRegion,
    FieldOfEducation,
    Institution,
    InstitutionCategory,
    Region,
)


class World:
    def __init__(self, n_heis: int = 2, year: int = 2023):
        self.year = year
        for order, (code, en) in enumerate((("cis", "CIS"), ("europe", "Europe"), ("asia", "Asia")), 1):
            Region.objects.create(code=code, name_en=en, name_ru=en, name_kk=en, order=order)
        for code, alpha3, en, ru, kk, region in (
            ("FR", "FRA", "France", "Франция", "Франция", "europe"),
            ("RU", "RUS", "Russia", "Россия", "Ресей", "cis"),
            ("CN", "CHN", "China", "Китай", "Қытай", "asia"),
            ("TR", "TUR", "Türkiye", "Турция", "Түркия", "asia"),
        ):
            Country.objects.create(code=code, alpha3=alpha3, name_en=en, name_ru=ru, name_kk=kk)
            CountryRegion.objects.create(country_id=code, region_id=region)
        # the 2023 report files Türkiye under Europe: a span for that year overrides the default
        CountryRegion.objects.create(country_id="TR", region_id="europe", year_from=2023, year_to=2023)
        for code, en in (("04", "Business, administration and law"), ("05", "Natural sciences")):
            FieldOfEducation.objects.create(code=code, isced_broad=code, name_en=en, name_ru=en, name_kk=en)
        self.heis = []
        for i in range(n_heis):
            hei = Institution.objects.create(id=f"hei{i + 1}", name_en=f"University {i + 1}", name_ru=f"Университет {i + 1}")
            InstitutionCategory.objects.create(institution=hei, year=year, category="national" if i == 0 else "private")
            self.heis.append(hei)
        self.period, _ = ReportingPeriod.objects.get_or_create(year=year)
        self._subs: dict[tuple, Submission] = {}

    def submission(self, hei, *, status="approved", origin="upload", current=True, year=None) -> Submission:
        period, _ = ReportingPeriod.objects.get_or_create(year=year or self.year)
        version = Submission.objects.filter(institution=hei, period=period).count() + 1
        return Submission.objects.create(
            institution=hei, period=period, version=version, is_current=current, status=status, origin=origin
        )

    def add(self, model, hei, sub=None, **fields):
        """One row of `model` for `hei` in the world's year, under `sub` (default: an approved current one)."""
        if sub is None:
            key = (hei.pk, self.year)
            if key not in self._subs:
                self._subs[key] = self.submission(hei)
            sub = self._subs[key]
        return model.objects.create(period=sub.period, submission=sub, institution=hei, **fields)

    def publish(self, statistic, dimension, value, source="seed line 1", year=None):
        import json

        period, _ = ReportingPeriod.objects.get_or_create(year=year or self.year)
        return PublishedFigure.objects.create(
            period=period, statistic=statistic, dimension=dimension,
            dimension_key=json.dumps(dimension, sort_keys=True, ensure_ascii=False), value=value, source=source,
        )


@pytest.fixture
def world(db):
    return World()
