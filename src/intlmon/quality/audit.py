"""Run the declared checks for a year and attach the analysts' explanations to the findings.

The checks run in one read session: their record side is read through one `analytics.read.Reader`,
so each statistic is computed once per audit, the same way the reports compute it."""

from __future__ import annotations

from collections.abc import Iterable

from intlmon.analytics.read import session
from intlmon.quality import checks  # noqa: F401  (fills CHECKS)
from intlmon.quality.explanations import find, lookup
from intlmon.quality.findings import Finding
from intlmon.quality.registry import CHECKS


def run_audit(year: int, only: Iterable[str] | None = None) -> list[Finding]:
    selected = [CHECKS[c] for c in only] if only else sorted(CHECKS.values(), key=lambda c: c.order)
    explained = lookup(year)
    findings: list[Finding] = []
    with session():
        for chk in selected:
            for finding in chk.run(year):
                finding.explanation = find(explained, finding.key)
                findings.append(finding)
    return findings


def summary(findings: list[Finding]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        by = counts.setdefault(f.check, {})
        by[f.severity.value] = by.get(f.severity.value, 0) + 1
    return counts
