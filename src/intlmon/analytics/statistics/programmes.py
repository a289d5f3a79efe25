"""Joint and double-degree programmes: counts, enrolment, enrolment per programme, HEIs, partner countries.

One statistic per measure with all the report's breakdowns as dimensions (level, HEI and its
category, partner country and its region, field, funding); languages are a separate statistic
because one programme taught in two languages counts once under each.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intlmon.analytics.registry import Source, Statistic, Value, register
from intlmon.analytics.statistics.base import (
    COUNT,
    Columns,
    Printed,
    declare,
    distinct,
    from_published,
    grouped_rows,
    read_in_pass,
    sum_of,
)
from intlmon.records.models import DoubleDegreeProgramme, JointProgramme

DIMENSIONS = ("level", "institution", "category", "country", "region", "field", "funding")


def ratio(numerator: int | Decimal, denominator: int | Decimal) -> Decimal:
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def enrolment_per_programme(model, printed_programmes: str, printed_enrolment: str):
    """Enrolment ÷ programmes that report an enrolment (a programme with an empty cell says nothing).

    Both sides by level are read from the programme table's pass within a run (`base.read_in_pass`)."""
    reported = Q(enrolment__isnull=False)
    counted = read_in_pass(model, ("level",), COUNT, reported)
    enrolled = read_in_pass(model, ("level",), sum_of("enrolment"), reported)

    def by_level(p, year: int) -> dict[str, int]:
        rows = grouped_rows(p, year)
        if not isinstance(rows, Columns):
            rows = Columns.of(rows, ("level", "_v"))
        return dict(zip(rows["level"], rows["_v"], strict=True))

    def compute(year: int) -> list[Value]:
        counts, sums = by_level(counted, year), by_level(enrolled, year)
        # by level as the codes sort (the level codes are lower-case Latin: every collation agrees)
        rows = [{"level": level, "n": counts[level], "s": sums[level]} for level in sorted(counts)]
        if rows:
            values = [Value({"level": r["level"] or ""}, ratio(r["s"], r["n"]), Source.RECORDS) for r in rows if r["n"]]
            n, s = sum(r["n"] for r in rows), sum(r["s"] for r in rows)
            return [Value({}, ratio(s, n), Source.RECORDS), *values]
        programmes = {tuple(v.dimension.items()): v for v in from_published(year, ("level",), [Printed(printed_programmes)])}
        enrolment = from_published(year, ("level",), [Printed(printed_enrolment)])
        out = []
        for v in enrolment:
            p = programmes.get(tuple(v.dimension.items()))
            if p is not None and p.value:
                out.append(Value(v.dimension, ratio(v.value, p.value), Source.PUBLISHED, f"{v.note} ÷ {p.note}"))
        if not any(not v.dimension for v in out):
            enrol = sum(v.value for v in enrolment if v.dimension)
            progs = sum(p.value for p in programmes.values() if p.dimension)
            if progs and enrol and {tuple(v.dimension.items()) for v in enrolment if v.dimension} == set(
                k for k, p in programmes.items() if p.dimension
            ):
                out.insert(0, Value({}, ratio(enrol, progs), Source.PUBLISHED, "sum of the printed figures by level"))
        return out

    return compute


for model, prefix, printed_id, names in (
    (JointProgramme, "joint_programmes", "joint_programmes", {
        "title": _("Joint educational programmes"),
        "description": _("Joint programmes run with foreign partners, by level, HEI, HEI category, partner country, region, field and funding."),
        "enrolment": _("Enrolment in joint programmes"),
        "enrolment_description": _("Students enrolled in joint programmes (programmes with an empty enrolment cell add nothing)."),
        "language": _("Joint programmes by language of instruction"),
        "language_description": _("A programme taught in several languages counts once under each."),
        "per": _("Enrolment per joint programme"),
        "per_description": _("Average enrolment of the joint programmes that report an enrolment, overall and by level."),
        "heis": _("HEIs running joint programmes"),
        "heis_description": _("Kazakh HEIs with at least one joint programme, by HEI category."),
        "countries": _("Partner countries of joint programmes"),
        "countries_description": _("Distinct countries of the partners of joint programmes."),
    }),
    (DoubleDegreeProgramme, "double_degree_programmes", "double_degree_programmes", {
        "title": _("Double-degree programmes"),
        "description": _("Double-degree programmes run with foreign partners, by level, HEI, HEI category, partner country, region, field and funding."),
        "enrolment": _("Enrolment in double-degree programmes"),
        "enrolment_description": _("Students enrolled in double-degree programmes (programmes with an empty enrolment cell add nothing)."),
        "language": _("Double-degree programmes by language of instruction"),
        "language_description": _("A programme taught in several languages counts once under each."),
        "per": _("Enrolment per double-degree programme"),
        "per_description": _("Average enrolment of the double-degree programmes that report an enrolment, overall and by level."),
        "heis": _("HEIs running double-degree programmes"),
        "heis_description": _("Kazakh HEIs with at least one double-degree programme, by HEI category."),
        "countries": _("Partner countries of double-degree programmes"),
        "countries_description": _("Distinct countries of the partners of double-degree programmes."),
    }),
):
    short = "joint_programme" if model is JointProgramme else "double_degree"
    declare(prefix, names["title"], names["description"], model=model, dimensions=DIMENSIONS,
            unit="programmes", section="programmes", measure=COUNT, printed=[Printed(printed_id)])
    declare(f"{prefix}_enrolment", names["enrolment"], names["enrolment_description"], model=model,
            dimensions=DIMENSIONS, unit="students", section="programmes", measure=sum_of("enrolment"),
            printed=[Printed(f"{printed_id}_enrolment")])
    declare(f"{prefix}_by_language", names["language"], names["language_description"], model=model,
            dimensions=("language",), unit="programmes", section="programmes")
    register(Statistic(f"{short}_enrolment_per_programme", names["per"], names["per_description"], ("level",),
                       "ratio", enrolment_per_programme(model, printed_id, f"{printed_id}_enrolment"),
                       section="programmes", additive=False))
    declare(f"institutions_with_{prefix}", names["heis"], names["heis_description"], model=model,
            dimensions=("category",), unit="institutions", section="programmes",
            measure=distinct("institution_id"), printed=[Printed(f"institutions_with_{printed_id}")])
    declare(f"{short}_partner_countries", names["countries"], names["countries_description"], model=model,
            dimensions=(), unit="countries", section="programmes", measure=distinct("country_id"),
            printed=[Printed(f"{short}_partner_countries")])
