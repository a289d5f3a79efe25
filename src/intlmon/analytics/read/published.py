"""Which registered statistic a published figure belongs to, so anything said about a printed number
(an audit finding, its explanation, a footnote) is filed under a statistic a report reads.

Published figures keep the ids the legacy import gave them (`projects_research`, `publications_scopus`,
`agreements` for three different tables …). Each declared statistic lists the ids it reads
(`Statistic.printed`); among those whose dimensions hold the figure's keys, the one with fewest
dimensions wins (an `agreements` row by country belongs to `agreements_by_country`, one by direction
to `agreements_by_direction`); a figure without dimensions belongs to the statistic of its own name. Ids no statistic reads fall back to
the longest registered id they start with (`mobility_students_inbound` → `mobility`).
"""

from __future__ import annotations

from collections.abc import Mapping

from intlmon.analytics.registry import all_statistics

# printed dimension keys → the dimension they become (see `statistics.base._translate`)
RAW_KEYS = {"region_section": "region", "field_raw": "field"}
SHAPE_KEYS = {"kind", "section", "label"}  # how a stated figure was printed, not what it measures


def statistic_reading(published_id: str, dimension: Mapping[str, object] | None = None) -> str:
    """The registered statistic id for a published figure id and its dimension; '' when none fits."""
    statistics = all_statistics()
    keys = {RAW_KEYS.get(k, k) for k in (dimension or {}) if k not in SHAPE_KEYS}
    candidates = [s for s in statistics.values() if published_id in s.printed]
    if published_id in statistics and statistics[published_id] not in candidates:
        candidates.insert(0, statistics[published_id])
    covering = [s for s in candidates if keys <= set(s.dimensions)]
    pool = covering or candidates
    if pool:
        # a figure with dimensions: the statistic closest to them; a bare figure: the one named like it
        return min(pool, key=lambda s: (not keys and s.id != published_id, len(s.dimensions),
                                        s.id != published_id, s.id)).id
    prefixes = [sid for sid in statistics if published_id.startswith(sid + "_")]
    return max(prefixes, key=len) if prefixes else ""


def stated_figures(year: int, statistic: str | None = None, **where: str) -> list:
    """The figures a source states in its own text, tagged by the import with the statistic they measure.

    A bilateral note's text ("84 agreements by 27 HEIs", line 90) is kept as `PublishedFigure` rows with
    `quantity` (a registered statistic id) and `quantity_dimension` (its codes). One `Figure` per
    (statistic, codes): a figure printed on several lines (text and table total) is one figure whose note
    names every line; where a code could not be resolved ("AIMU") the printed name is kept as the
    dimension `name`, so two unresolved names stay apart. `where` filters on codes (country="FR").
    """
    from collections import Counter, defaultdict
    from decimal import Decimal

    from intlmon.analytics.read.figure import Figure
    from intlmon.analytics.registry import Source
    from intlmon.records.models import PublishedFigure

    rows = PublishedFigure.objects.filter(period__year=year).exclude(quantity="")
    if statistic:
        rows = rows.filter(quantity=statistic)
    for key, code in where.items():
        rows = rows.filter(**{f"quantity_dimension__{key}": code})
    found: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows.order_by("source_line", "id").values("quantity", "quantity_dimension", "value", "source", "label"):
        codes = {k: str(v) for k, v in (row["quantity_dimension"] or {}).items()}
        if "" in codes.values():
            codes["name"] = row["label"]
        found[(row["quantity"], tuple(sorted(codes.items())))].append(row)
    statistics = all_statistics()
    out = []
    for (stat_id, codes), printed in found.items():
        value = Decimal(Counter(r["value"] for r in printed).most_common(1)[0][0])
        number = int(value) if value == value.to_integral_value() else value.normalize()
        unit = statistics[stat_id].unit if stat_id in statistics else ""
        out.append(Figure(stat_id, year, number, unit, dict(codes), Source.PUBLISHED,
                          " + ".join(r["source"] for r in printed)))
    return out
