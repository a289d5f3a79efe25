"""Loading the register from data files: partnerships (JSON) and ranking positions (CSV).

Both loads are all-or-nothing: every row is checked first, each problem is one line naming the file, the
row (or partnership key) and the column, what was found and what is expected, in the user's language; any
problem → `Rejected` and nothing is changed. Loading the same file again changes nothing (partnerships are
matched by `key`, ranking positions by partner, ranking, scope, subject and edition).

A ranking position must carry the public URL it was read from, the date it was retrieved and who entered
it: a row without them is rejected (issue 15: no ranking is shipped without a source).
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from intlmon.partnerships.models import Model, Partnership, PartnershipPartner, Ranking, TargetIndicator
from intlmon.registry.models import ForeignOrganisation, Institution

RANKING_COLUMNS = ("organisation", "organisation_name", "system", "scope", "subject", "edition", "rank",
                   "source_url", "retrieved_on", "entered_by", "quote")
SCALAR_FIELDS = ("name", "model", "status", "start_year", "start_date", "term_years", "open_ended",
                 "ministry_agreement", "ministry_agreement_date", "registration", "registered_on", "licence",
                 "licensed_on", "teaching_languages", "kazakh_language_disciplines", "history_of_kazakhstan",
                 "foreign_staff_share", "kazakh_staff_share", "funding_sources", "joint_committees",
                 "quality_assurance", "governance", "staff_development", "third_mission", "other_parties", "notes",
                 "sources", "stated_none")
DATE_FIELDS = ("start_date", "ministry_agreement_date", "registered_on", "licensed_on")


class Rejected(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _problem(where: str, column: str, found: object, expected: str) -> str:
    return _("%(where)s, column %(column)s: found '%(found)s', expected %(expected)s") % {
        "where": where, "column": column, "found": found, "expected": expected}


# -- partnerships ---------------------------------------------------------------------------------------------

def load_partnerships(path: Path) -> dict[str, int]:
    """Create or update the partnerships of a JSON file (a list of objects keyed by `key`)."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Rejected([_("%(file)s: not a readable JSON file (%(error)s)") % {"file": path, "error": exc}]) from exc
    if not isinstance(items, list):
        raise Rejected([_("%(file)s: expected a list of partnerships") % {"file": path}])
    institutions = set(Institution.objects.values_list("pk", flat=True))
    organisations = set(ForeignOrganisation.objects.values_list("pk", flat=True))
    problems: list[str] = []
    checked = []
    for n, item in enumerate(items, 1):
        where = f"{path.name}, {item.get('key') or n}"
        problems += _check_partnership(item, where, institutions, organisations)
        checked.append(item)
    if problems:
        raise Rejected(problems)
    created = updated = 0
    with transaction.atomic():
        for item in checked:
            values = {k: item[k] for k in SCALAR_FIELDS if k in item}
            for k in DATE_FIELDS:
                if values.get(k):
                    values[k] = date.fromisoformat(values[k])
            p, was_created = Partnership.objects.update_or_create(key=item["key"], defaults=values)
            created += was_created
            updated += not was_created
            p.institutions.set(item.get("institutions", []))
            p.partners.all().delete()
            for partner in item.get("partners", []):
                PartnershipPartner.objects.create(partnership=p, organisation_id=partner.get("organisation"),
                                                  name=partner.get("name", ""), lead=partner.get("lead", False))
            p.targets.all().delete()
            for t in item.get("targets", []):
                TargetIndicator.objects.create(partnership=p, name=t["name"], year=t["year"], target=t["target"],
                                               actual=t.get("actual"), source=t.get("source", ""))
    return {"created": created, "updated": updated}


def _check_partnership(item, where: str, institutions: set[str], organisations: set[str]) -> list[str]:
    if not isinstance(item, dict):
        return [_problem(where, "-", type(item).__name__, _("an object"))]
    problems = []
    if not re.fullmatch(r"[-a-z0-9_]+", str(item.get("key", ""))):
        problems.append(_problem(where, "key", item.get("key", ""), _("a slug (a-z, 0-9, -)")))
    if not item.get("name"):
        problems.append(_problem(where, "name", "", _("the partnership's name")))
    if item.get("model") not in Model.values:
        problems.append(_problem(where, "model", item.get("model", ""), ", ".join(Model.values)))
    if item.get("status", "") not in ("", *Partnership.Status.values):
        problems.append(_problem(where, "status", item["status"], ", ".join(Partnership.Status.values)))
    for hei in item.get("institutions", []):
        if hei not in institutions:
            problems.append(_problem(where, "institutions", hei, _("a registry HEI id")))
    for partner in item.get("partners", []):
        org = partner.get("organisation")
        if org and org not in organisations:
            problems.append(_problem(where, "partners", org, _("a registry organisation id")))
        if not org and not partner.get("name"):
            problems.append(_problem(where, "partners", "", _("an organisation id or a name")))
    for k in DATE_FIELDS:
        if item.get(k):
            try:
                date.fromisoformat(item[k])
            except (TypeError, ValueError):
                problems.append(_problem(where, k, item[k], _("a date YYYY-MM-DD")))
    unknown = set(item) - {*SCALAR_FIELDS, "key", "institutions", "partners", "targets"}
    for k in sorted(unknown):
        problems.append(_problem(where, k, "…", _("a known field")))
    return problems


# -- rankings -------------------------------------------------------------------------------------------------

def _rank(text: str) -> tuple[int, int | None] | None:
    m = re.fullmatch(r"\s*=?(\d+)\s*(?:[-–—]\s*(\d+))?\s*", text or "")
    if not m:
        return None
    first, last = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    if last is not None and last < first:
        return None
    return first, last


def read_rankings(path: Path) -> list[dict]:
    """The rows of a rankings CSV as model values; `Rejected` with every problem found."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise Rejected([_("%(file)s: not a readable CSV file (%(error)s)") % {"file": path, "error": exc}]) from exc
    missing = [c for c in RANKING_COLUMNS if c not in header and c != "quote"]
    if missing:
        raise Rejected([_("%(file)s: missing columns: %(columns)s") % {"file": path.name, "columns": ", ".join(missing)}])
    organisations = set(ForeignOrganisation.objects.values_list("pk", flat=True))
    problems, out = [], []
    for n, row in enumerate(rows, 2):
        where = _("%(file)s, row %(row)s") % {"file": path.name, "row": n}
        row = {k: (v or "").strip() for k, v in row.items() if k}
        org = row["organisation"]
        if org and org not in organisations:
            problems.append(_problem(where, "organisation", org, _("a registry organisation id")))
        if not org and not row["organisation_name"]:
            problems.append(_problem(where, "organisation_name", "", _("an organisation id or a name")))
        system = row["system"].casefold()
        if system not in Ranking.System.values:
            problems.append(_problem(where, "system", row["system"], "QS, THE, ARWU"))
        scope = row["scope"].casefold() or Ranking.Scope.OVERALL
        if scope not in Ranking.Scope.values or (scope == Ranking.Scope.SUBJECT and not row["subject"]):
            problems.append(_problem(where, "scope", row["scope"], _("overall, or subject with a subject")))
        edition = int(row["edition"]) if re.fullmatch(r"(19|20)\d\d", row["edition"]) else None
        if edition is None:
            problems.append(_problem(where, "edition", row["edition"], _("the edition year, e.g. 2024")))
        rank = _rank(row["rank"])
        if rank is None:
            problems.append(_problem(where, "rank", row["rank"], _("a rank (285) or a band (551-600)")))
        if not re.fullmatch(r"https?://\S+", row["source_url"]):
            problems.append(_problem(where, "source_url", row["source_url"], _("the public URL it was read from")))
        try:
            retrieved = date.fromisoformat(row["retrieved_on"])
        except ValueError:
            retrieved = None
            problems.append(_problem(where, "retrieved_on", row["retrieved_on"], _("a date YYYY-MM-DD")))
        if not row["entered_by"]:
            problems.append(_problem(where, "entered_by", "", _("who entered it")))
        if not problems:
            out.append({"organisation_id": org or None, "organisation_name": row["organisation_name"],
                        "system": system, "scope": scope, "subject": row["subject"], "edition": edition,
                        "rank_from": rank[0], "rank_to": rank[1], "source_url": row["source_url"],
                        "retrieved_on": retrieved, "entered_by": row["entered_by"], "quote": row.get("quote", "")})
    if problems:
        raise Rejected(problems)
    return out


def import_rankings(path: Path) -> dict[str, int]:
    rows = read_rankings(path)
    created = updated = 0
    with transaction.atomic():
        for values in rows:
            keys = {k: values.pop(k) for k in ("organisation_id", "organisation_name", "system", "scope", "subject",
                                               "edition")}
            _r, was_created = Ranking.objects.update_or_create(**keys, defaults=values)
            created += was_created
            updated += not was_created
    return {"created": created, "updated": updated}
