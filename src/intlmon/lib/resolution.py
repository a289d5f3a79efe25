"""The shape every resolver answers in: ranked candidates and a decision.

`auto` means the top candidate is accepted without a person; `review` means a person must choose
among the candidates; `none` means there is no plausible candidate. Never guess silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Decision(StrEnum):
    AUTO = "auto"
    REVIEW = "review"
    NONE = "none"


@dataclass(frozen=True)
class Candidate:
    id: str
    score: float
    reason: str


@dataclass(frozen=True)
class Resolution:
    raw: str
    decision: Decision
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def id(self) -> str | None:
        """The accepted id, only when the decision is auto."""
        return self.candidates[0].id if self.decision is Decision.AUTO and self.candidates else None

    @property
    def score(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0
