"""The declared checks of the audit: id, severity, title (kk/ru/en via gettext), default action.

A check is a function `year -> list[Finding]` registered with `@check(...)` in a module of
`quality/checks/`; `CHECKS` is filled when `intlmon.quality.checks` is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from intlmon.quality.findings import Finding, Severity


@dataclass(frozen=True)
class Check:
    id: str
    severity: Severity  # the usual severity; a finding may be milder
    title: Promise
    action: str  # msgid of the default suggested action
    run: Callable[[int], list[Finding]]
    order: int = 0


CHECKS: dict[str, Check] = {}


def check(id: str, severity: Severity, title: Promise, action: str):
    def register(fn: Callable[[int], list[Finding]]):
        if id in CHECKS:
            raise ValueError(f"check {id!r} declared twice")
        CHECKS[id] = Check(id=id, severity=severity, title=title, action=action, run=fn, order=len(CHECKS))
        return fn

    return register
