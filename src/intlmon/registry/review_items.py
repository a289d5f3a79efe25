"""The name-review queue as the portal's page shows it: by impact, each candidate with its name and score.

`resolve.review_queue()` already gives the open items ordered by impact (records using the text, most
first), and each item keeps its candidates as `[{id, score, reason}]`, best first; confirming,
rejecting and registering a new partner are `resolve.confirm`, `resolve.reject` and
`partners.register_from_review`. What a reviewer also needs to decide is *who* each candidate id is:
its name in the reader's language and, for a foreign organisation, its country. `queue_page` adds
exactly that, with one query per kind of candidate, and a page of the queue with its total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intlmon.registry.models import Country, ForeignOrganisation, Institution, ReviewItem
from intlmon.registry.resolve import review_queue

TARGETS = {
    ReviewItem.Kind.INSTITUTION: Institution,
    ReviewItem.Kind.ORGANISATION: ForeignOrganisation,
    ReviewItem.Kind.COUNTRY: Country,
}


@dataclass(frozen=True)
class NamedCandidate:
    id: str
    name: str  # in the page's language; the id itself when the registry no longer has it
    country: str  # a foreign organisation's country code ('' otherwise or unknown)
    score: float
    reason: str
    known: bool  # False: the id is no longer in the registry (offered before a deletion)

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "country": self.country, "score": self.score,
                "reason": self.reason, "known": self.known}


@dataclass
class QueueEntry:
    item: ReviewItem
    candidates: list[NamedCandidate] = field(default_factory=list)

    def as_dict(self) -> dict:
        i = self.item
        return {"id": i.pk, "kind": i.kind, "raw": i.raw, "context": i.context, "records": i.records,
                "decision": i.decision, "score": i.score, "first_seen": i.first_seen.isoformat(),
                "last_seen": i.last_seen.isoformat(), "candidates": [c.as_dict() for c in self.candidates]}


@dataclass
class QueuePage:
    total: int  # open items of the kind asked for, on every page
    entries: list[QueueEntry]

    def as_dict(self) -> dict:
        return {"total": self.total, "entries": [e.as_dict() for e in self.entries]}


def queue_page(kind: str | None = None, lang: str = "ru", limit: int = 50, offset: int = 0) -> QueuePage:
    """Open items by impact (`resolve.review_queue` order), `limit` from `offset`, candidates named in `lang`."""
    if kind is not None and kind not in ReviewItem.Kind.values:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(ReviewItem.Kind.values)}")
    qs = review_queue(kind)
    items = list(qs[offset:offset + limit])
    wanted: dict[str, set[str]] = {}
    for item in items:
        wanted.setdefault(item.kind, set()).update(str(c.get("id")) for c in item.candidates if c.get("id"))
    found = {k: TARGETS[ReviewItem.Kind(k)].objects.in_bulk(list(ids)) for k, ids in wanted.items()}
    entries = []
    for item in items:
        named = []
        for c in item.candidates:
            cid = str(c.get("id") or "")
            if not cid:
                continue
            target = found.get(item.kind, {}).get(cid)
            named.append(NamedCandidate(
                id=cid, name=target.display_name(lang) if target is not None else cid,
                country=(getattr(target, "country_id", None) or "") if target is not None else "",
                score=float(c.get("score") or 0), reason=str(c.get("reason") or ""), known=target is not None))
        entries.append(QueueEntry(item, named))
    return QueuePage(total=qs.count(), entries=entries)
