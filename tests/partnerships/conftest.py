"""A hand-built world for the criteria: one Kazakh HEI, two registered foreign partners, and a helper
that makes a partnership with chosen facts."""

from __future__ import annotations

import pytest

from intlmon.partnerships.models import Partnership, PartnershipPartner
from intlmon.registry.models import ForeignOrganisation
from tests.analytics.conftest import World


class PartnershipWorld(World):
    def __init__(self):
        super().__init__(n_heis=2)
        self.partner = ForeignOrganisation.objects.create(id="uni-a", name_en="University A", country_id="FR")
        self.other = ForeignOrganisation.objects.create(id="uni-b", name_en="University B", country_id="RU")

    def partnership(self, key="p1", model="joint_school", partners=("uni-a",), heis=None, **facts) -> Partnership:
        p = Partnership.objects.create(key=key, name=key, model=model, **facts)
        p.institutions.set(heis if heis is not None else [self.heis[0]])
        for org in partners:
            PartnershipPartner.objects.create(partnership=p, organisation_id=org)
        return p


@pytest.fixture
def pworld(db):
    return PartnershipWorld()
