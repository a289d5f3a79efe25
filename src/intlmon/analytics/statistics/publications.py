"""Publications indexed in Scopus and Web of Science: by field and database, by HEI."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intlmon.analytics.statistics.base import Printed, declare, sum_of
from intlmon.records.models import Publications

IN_TEXT = "stated:publications_by_field"

declare(
    "publications", _("Publications in Scopus and Web of Science"),
    _("Articles of Kazakh HEIs indexed in Scopus and Web of Science, by database and field."),
    model=Publications, dimensions=("database", "field"), unit="publications", section="publications",
    measure=sum_of("count"),
    printed=[
        Printed("publications_scopus", extra={"database": "scopus"}),
        Printed("publications_wos", extra={"database": "wos"}),
        Printed("publications"),
        Printed(IN_TEXT, label="in text: scientific articles (Scopus/WoS), total"),
    ],
)
declare(
    "publications_by_institution", _("Publications by HEI"),
    _("Indexed articles by HEI, HEI category and database."),
    model=Publications, dimensions=("database", "institution", "category"), unit="publications",
    section="publications", measure=sum_of("count"), printed=[Printed("publications")],
)
declare(
    "publications_with_foreign_coauthors", _("Publications with foreign co-authors"),
    _("Indexed articles with at least one foreign co-author, by database."),
    model=Publications, dimensions=("database",), unit="publications", section="publications",
    measure=sum_of("with_foreign_coauthors"),
)
