"""The rows a country note lists by name: partner organisations and double-degree programmes.

Counts come from the read service; a note also has to *name* things — which French universities a
programme or an exchange was with, in which language a programme is taught and who pays for it —
and no statistic carries names. These are read here from the counted records of the year
(`analytics.scope.current`, the same versions every statistic counts), never added up: a table
built from them gets its total from its own rows, which is what the reconciliation rule asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from intlmon.analytics.scope import current


def partner_name(partner, raw: str, lang: str) -> str:
    """The registry's name of a resolved partner in `lang`, else the name as the source wrote it."""
    if partner is not None:
        return partner.display_name(lang)
    return " ".join(raw.split()).rstrip(",")


def with_country(model, year: int, country: str, **where) -> list:
    """The counted rows of `model` whose country cell names `country` (first or among several)."""
    rows = current(model, year).filter(**where).select_related("partner").order_by("institution_id", "source_row", "id")
    return [row for row in rows if row.country_id == country or country in (getattr(row, "countries", None) or ())]


def partners(model, year: int, country: str, lang: str, **where) -> list[str]:
    """Distinct partner names of the counted `model` rows with `country` (in order of first mention)."""
    from intlmon.registry.models import ForeignOrganisation

    names: list[str] = []
    for row in with_country(model, year, country, **where):
        ids = list(getattr(row, "partners", None) or ()) or ([row.partner_id] if row.partner_id else [])
        several = len(getattr(row, "countries", None) or ()) > 1
        if ids:
            # every partner the cell names; of a cell naming several countries only those of `country`
            # (the project with Tallinn and Zilina beside Aix-Marseille and Lorraine)
            orgs = ForeignOrganisation.objects.filter(id__in=ids)
            if several:
                orgs = orgs.filter(country_id=country)
            by_id = {o.id: o.display_name(lang) for o in orgs}
            found = [by_id[i] for i in ids if i in by_id]
        else:
            found = [] if several else [partner_name(None, row.partner_raw, lang)]
        names.extend(name for name in found if name and name not in names)
    return names


@dataclass(frozen=True)
class Programme:
    institution: str  # HEI id (named by the note through the read service's labels)
    partner: str
    title: str
    level: str
    languages: tuple[str, ...]
    funding: str
    enrolment: int | None


def programmes(year: int, country: str, lang: str) -> list[Programme]:
    """The double-degree programmes with partners of `country`, as the source's programme table lists them."""
    from intlmon.records.models import DoubleDegreeProgramme

    rows = with_country(DoubleDegreeProgramme, year, country)
    return [
        Programme(
            institution=row.institution_id,
            partner=partner_name(row.partner, row.partner_raw, lang),
            title=" ".join((row.programme_raw or row.programme_code).split()),
            level=row.level,
            languages=tuple(row.languages or ()),
            funding=row.funding,
            enrolment=row.enrolment,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ProjectRow:
    institution: str
    title: str
    kind: str
    countries: tuple[str, ...]
    start_year: int | None
    end_year: int | None


def projects(year: int, country: str) -> list[ProjectRow] | None:
    """The projects with partners of `country`, one row each; None when a row stands for several
    projects (the national report's counts per HEI), which cannot be listed by name."""
    from intlmon.records.models import Project

    found = with_country(Project, year, country)
    if any(row.quantity != 1 for row in found):
        return None
    return [ProjectRow(row.institution_id, " ".join(row.title.split()).strip('"«»'), row.kind,
                       tuple(row.countries or ([row.country_id] if row.country_id else [])), row.start_year, row.end_year)
            for row in found]
