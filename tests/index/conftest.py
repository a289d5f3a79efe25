"""A hand-built world for the index: three HEIs whose index can be worked out on paper."""

from __future__ import annotations

import pytest

from intlmon.records.models import DoubleDegreeProgramme, InstitutionProfile, InternationalStudents, Project
from tests.analytics.conftest import World


def build_small_world() -> World:
    """hei1: 4 double-degree programmes, 1 educational project, 10 foreign students of 1 000;
    hei2: 1 programme, 3 projects, 40 foreign students of 1 000;
    hei3: 2 programmes, 2 projects, 30 foreign students but no students stated (no denominator)."""
    world = World(n_heis=3)
    hei1, hei2, hei3 = world.heis
    for hei, programmes, projects in ((hei1, 4, 1), (hei2, 1, 3), (hei3, 2, 2)):
        for _ in range(programmes):
            world.add(DoubleDegreeProgramme, hei, country_id="FR")
        world.add(Project, hei, kind="educational", country_id="RU", quantity=projects)
    world.add(InternationalStudents, hei1, headcount=10)
    world.add(InternationalStudents, hei2, headcount=40)
    world.add(InternationalStudents, hei3, headcount=30)
    world.add(InstitutionProfile, hei1, students=1000, academic_staff=100)
    world.add(InstitutionProfile, hei2, students=1000, academic_staff=None)
    world.add(InstitutionProfile, hei3, students=None, academic_staff=None)
    return world


@pytest.fixture
def small_world(db):
    return build_small_world()


@pytest.fixture(autouse=True)
def own_page_cache(settings, tmp_path):
    """The API and the portal page keep the index under the data stamp (`web.page_cache`); each test gets its
    own cache folder, so nothing kept by another test or an earlier run (with older code) can answer."""
    from django.core.cache import caches

    from intlmon.analytics import stamp

    settings.CACHES = {**settings.CACHES, stamp.CACHE_ALIAS: {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "cache")}}
    caches[stamp.CACHE_ALIAS].close()
    del caches[stamp.CACHE_ALIAS]
    yield
    caches[stamp.CACHE_ALIAS].close()  # (made on first use; a test that used none still leaves one to drop)
    del caches[stamp.CACHE_ALIAS]
