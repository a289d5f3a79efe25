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
