"""International agreements: by HEI and category, by partner country and region, by direction.

The 2023 agreements exist only as printed (Қосымша 1 by country, Кесте 1 by direction, the in-text
total and the figures by HEI category), so those years are answered from published figures. The
total of `agreements` can be read from the table by partner country (its country and region
dimensions), which adds up to more than the printed headline: the finest data held wins (see
`analytics.read.choice.total`). Partner countries are the countries that table lists.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intlmon.analytics.statistics.base import Printed, declare, distinct
from intlmon.records.models import Agreement

IN_TEXT = "stated:agreements_by_country"
CATEGORY_LABELS = (
    "in text: agreements of national HEIs",
    "in text: agreements of state HEIs",
    "in text: agreements of joint-stock (АҚ) HEIs",
    "in text: agreements of private HEIs",
    "in text: agreements of international HEIs",
)

declare(
    "agreements", _("International agreements"),
    _("Active agreements of Kazakh HEIs with foreign partners, by HEI and HEI category."),
    model=Agreement, dimensions=("institution", "category", "country", "region"), unit="agreements",
    section="agreements",
    printed=[
        Printed("agreements"),
        Printed(IN_TEXT, label="in text: active international agreements, total"),
        *(Printed(IN_TEXT, label=label, section_as="category") for label in CATEGORY_LABELS),
    ],
)
declare(
    "agreements_by_country", _("International agreements by partner country"),
    _("Agreements by the partner's country and its monitoring region."),
    model=Agreement, dimensions=("country", "region"), unit="agreements", section="agreements",
    printed=[Printed("agreements")],
)
declare(
    "agreements_by_direction", _("International agreements by direction of cooperation"),
    _("An agreement covering several directions counts once under each."),
    model=Agreement, dimensions=("direction",), unit="agreements", section="agreements",
    columns={"direction": "directions"}, printed=[Printed("agreements")],
)
declare(
    "agreement_partner_countries", _("Partner countries of agreements"),
    _("Distinct countries of the partners of international agreements."),
    model=Agreement, dimensions=(), unit="countries", section="agreements", measure=distinct("country_id"),
    printed=[Printed(IN_TEXT, label="in text: partner countries")], listed_in=("agreements_by_country", "country", "agreements"),
)
