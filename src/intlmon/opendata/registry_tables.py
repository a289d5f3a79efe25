"""The registry's resources: institutions, countries, regions, fields of education, foreign partners.

These are public entities (HEIs, states, foreign organisations), so their names are published in the
three languages. Curators' free-text `notes` are left out: they are working remarks, not data.
The year decides an HEI's ownership category and a country's monitoring region.
"""

from __future__ import annotations

from intlmon.analytics.read import Reader
from intlmon.opendata.table import Table, column, refers
from intlmon.registry.models import (
    Country,
    FieldOfEducation,
    ForeignOrganisation,
    Institution,
    InstitutionCategory,
    Region,
)


def names(what: str) -> list[dict]:
    return [column(f"name_{lang}", "string", f"name of the {what} in {label}")
            for lang, label in (("kk", "Kazakh"), ("ru", "Russian"), ("en", "English"))]


def institutions(year: int, reader: Reader) -> Table:
    table = Table(
        "institutions", "Kazakh higher-education institutions",
        "Every HEI of the registry, with its ownership category in the package's year.",
        [column("id", "string", "registry id of the HEI (used by every other resource)", required=True),
         *names("HEI"),
         column("acronyms", "string", "short names, separated by ';'"),
         column("city", "string", "city of the main campus"),
         column("ror_id", "string", "Research Organization Registry id (URL)", format="uri"),
         column("category", "string", "ownership category in the package's year",
                enum=InstitutionCategory.Category.choices)],
        ["id"])
    rows = list(Institution.objects.order_by("id"))
    categories = reader.categories(year, [i.pk for i in rows])
    for i in rows:
        table.rows.append([i.pk, i.name_kk, i.name_ru, i.name_en, ";".join(i.acronyms), i.city, i.ror_id,
                           categories.get(i.pk)])
    return table


def regions() -> Table:
    table = Table("regions", "Regions of the monitoring", "The world regions figures are grouped by.",
                  [column("code", "string", "region code", required=True), *names("region"),
                   column("order", "integer", "order in which the reports list the regions")], ["code"])
    table.rows = [[r.code, r.name_kk, r.name_ru, r.name_en, r.order] for r in Region.objects.order_by("order")]
    return table


def countries(year: int, reader: Reader) -> Table:
    table = Table(
        "countries", "Countries", "ISO 3166-1 countries with their monitoring region in the package's year.",
        [column("code", "string", "ISO 3166-1 alpha-2 code", required=True),
         column("alpha3", "string", "ISO 3166-1 alpha-3 code"),
         column("numeric", "string", "ISO 3166-1 numeric code"),
         *names("country"),
         column("region", "string", "monitoring region in the package's year (see regions)")],
        ["code"], foreign_keys=[refers("region", "regions", "code")])
    region_of = reader.regions(year)
    table.rows = [[c.code, c.alpha3, c.numeric, c.name_kk, c.name_ru, c.name_en, region_of.get(c.code)]
                  for c in Country.objects.order_by("code")]
    return table


def fields_of_education() -> Table:
    table = Table(
        "fields", "Fields of education", "Areas of the Kazakh classifier of training directions, with ISCED-F 2013.",
        [column("code", "string", "area code of the Kazakh classifier (01 … 12)", required=True),
         column("isced_broad", "string", "ISCED-F 2013 broad field"), *names("field")],
        ["code"])
    table.rows = [[f.code, f.isced_broad, f.name_kk, f.name_ru, f.name_en]
                  for f in FieldOfEducation.objects.order_by("code")]
    return table


def partners() -> Table:
    table = Table(
        "partners", "Foreign partner organisations", "Foreign universities and organisations records name.",
        [column("id", "string", "registry id of the organisation", required=True),
         column("name_en", "string", "name in English"),
         column("name_ru", "string", "name in Russian"),
         column("name_local", "string", "name in the organisation's own language"),
         column("country", "string", "country code (see countries)"),
         column("kind", "string", "kind of organisation", enum=ForeignOrganisation.Kind.choices),
         column("ror_id", "string", "Research Organization Registry id (URL)", format="uri")],
        ["id"], foreign_keys=[refers("country", "countries", "code")])
    table.rows = [[o.pk, o.name_en, o.name_ru, o.name_local, o.country_id, o.kind, o.ror_id]
                  for o in ForeignOrganisation.objects.order_by("id")]
    return table


def registry_tables(year: int, reader: Reader) -> list[Table]:
    return [institutions(year, reader), regions(), countries(year, reader), fields_of_education(), partners()]
