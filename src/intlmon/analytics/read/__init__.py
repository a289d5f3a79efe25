"""The one read service of intlmon: every figure shown anywhere is read through here.

`Reader` (service.py) caches, applies the published-figure policy and slices; `choice.py` picks one
consistent dimension set; `ranking.py` ranks with ties; `figure.py` is the one JSON shape;
`published.py` files a published figure under the registered statistic that reads it.
"""

from intlmon.analytics.read.choice import collapse, consistent
from intlmon.analytics.read.figure import Figure
from intlmon.analytics.read.published import statistic_reading
from intlmon.analytics.read.ranking import Ranked, leading, rank_of, ranking
from intlmon.analytics.read.service import Reader, Slice, Topic, label, session

__all__ = ["Figure", "Ranked", "Reader", "Slice", "Topic", "collapse", "consistent", "label", "leading",
           "rank_of", "ranking", "session", "statistic_reading"]
