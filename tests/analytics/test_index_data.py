"""The composite index reads its per-HEI indicators through the read service."""

from __future__ import annotations

import math

import pytest

from intlmon.analytics.read import Reader
from intlmon.analytics.read.index_data import IndexIndicator, read_idata
from intlmon.lib.composite.aggregate import aggregate, ranks_table
from intlmon.lib.composite.normalise import normalise
from intlmon.records.models import Agreement, Project

pytestmark = pytest.mark.django_db

INDICATORS = [IndexIndicator("Agreements", "agreements"),
              IndexIndicator("ResearchProjects", "projects", {"kind": "research"}),
              IndexIndicator("Publications", "publications_by_institution")]


def test_per_hei_values_come_from_the_read_service_and_absent_values_stay_missing(world):
    hei1, hei2 = world.heis
    for country in ("FR", "RU", "CN"):
        world.add(Agreement, hei1, country_id=country)
    world.add(Agreement, hei2, country_id="FR")
    world.add(Project, hei1, kind="research", country_id="FR", quantity=3)
    reader = Reader(world.year)
    data = read_idata(reader, INDICATORS)
    frame = data.idata.set_index("uCode")
    assert list(frame.index) == ["hei1", "hei2"]
    assert frame.loc["hei1", "Agreements"] == reader.by("agreements", world.year, "institution")["hei1"] == 3
    assert frame.loc["hei2", "Agreements"] == 1
    assert frame.loc["hei1", "ResearchProjects"] == 3
    assert math.isnan(frame.loc["hei2", "ResearchProjects"])      # no project: missing, not an invented 0
    assert "Publications" not in frame.columns
    assert "publications_by_institution" in data.not_computable["Publications"]


def test_the_engine_ranks_what_the_read_service_gives(world):
    import pandas as pd

    hei1, hei2 = world.heis
    for country in ("FR", "RU"):
        world.add(Agreement, hei1, country_id=country)
    world.add(Agreement, hei2, country_id="FR")
    world.add(Project, hei2, kind="research", country_id="FR", quantity=5)
    world.add(Project, hei1, kind="research", country_id="RU", quantity=1)
    data = read_idata(Reader(world.year), INDICATORS[:2]).idata
    meta = pd.DataFrame({"Level": [1, 1, 2], "iCode": ["Agreements", "ResearchProjects", "Index"],
                         "Direction": [1, 1, 1], "Weight": [1, 3, 1], "Parent": ["Index", "Index", None],
                         "Type": ["Indicator", "Indicator", "Aggregate"]})
    scores = aggregate(normalise(data, {"Agreements": 1, "ResearchProjects": 1}), meta)
    # min-max: hei1 (100, 0), hei2 (0, 100); weights 1 and 3 → hei1 25, hei2 75: hei2 first
    assert list(scores["Index"]) == [25, 75]
    assert list(ranks_table(scores, ["Index"])["Index"]) == [2, 1]
