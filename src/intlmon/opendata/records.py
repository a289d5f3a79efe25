"""Each section's counted records as a resource, with no personal data.

Only the versions that count (`analytics.scope`: the latest approved or imported version per HEI and
year) are exported, so the rows add up to the published statistics. Columns come from the section
model; what is left out is declared here, once, with the reason (docs/opendata.md prints this list):
- `period` and `submission`: replaced by `year` and `version` (the submission's own data — who
  uploaded, file name, comments — is never exported);
- every `*_raw` column: the text as the HEI typed it can hold a person's name, an e-mail address or a
  remark; the resolved registry codes (`country`, `partner`, `field` …) are published instead;
- `VisitingFaculty.academic_degree`: with the HEI, country, field and a headcount of one it can point at
  one visiting professor.
"""

from __future__ import annotations

from django.db import models

from intlmon.analytics.scope import current
from intlmon.opendata.codes import MISSING, NOT_APPLICABLE
from intlmon.opendata.table import Table, cell, column, refers
from intlmon.records import models as records

RESOURCES: dict[type[models.Model], str] = {
    records.Agreement: "agreements",
    records.Presence: "presences",
    records.Project: "projects",
    records.JointProgramme: "joint_programmes",
    records.DoubleDegreeProgramme: "double_degree_programmes",
    records.MobilityFlow: "mobility_flows",
    records.VisitingFaculty: "visiting_faculty",
    records.InternationalStudents: "international_students",
    records.Publications: "publications",
    records.InstitutionProfile: "institution_profiles",
    records.StrategicPartnership: "strategic_partnerships",
}

REPLACED = {
    "period": "replaced by `year`",
    "submission": "replaced by `version`; who uploaded, the file and comments are not exported",
}
RAW_REASON = "text as typed: may hold a person's name, an e-mail address or a remark; the resolved code is published"
DROPPED_BY_MODEL: dict[type[models.Model], dict[str, str]] = {
    records.VisitingFaculty: {
        "academic_degree": "with HEI, country, field and a headcount of one it can identify a visiting professor",
    },
}
# registry tables a foreign key column points at: (resource, key)
TARGETS = {"institution": ("institutions", "id"), "country": ("countries", "code"),
           "partner": ("partners", "id"), "field": ("fields", "code")}


def dropped(model: type[models.Model]) -> dict[str, str]:
    """Columns of `model` the package leaves out, with the reason."""
    out = {}
    for f in model._meta.concrete_fields:
        if f.name in REPLACED:
            out[f.name] = REPLACED[f.name]
        elif f.name.endswith("_raw"):
            out[f.name] = RAW_REASON
    out.update(DROPPED_BY_MODEL.get(model, {}))
    return out


def exported_fields(model: type[models.Model]) -> list[models.Field]:
    skip = dropped(model)
    return [f for f in model._meta.concrete_fields if f.name not in skip and not f.primary_key]


def _describe(f: models.Field) -> str:
    text = str(f.verbose_name)
    if f.help_text:
        text += f" — {f.help_text}"
    return text


def _column(f: models.Field) -> dict:
    description = _describe(f)
    if isinstance(f, models.ForeignKey):
        return column(f.name, "string", f"{description} (code in {TARGETS[f.name][0]})",
                      required=f.name == "institution")
    if f.choices:
        return column(f.name, "string", description, enum=[(code, text) for code, text in f.choices if code != ""])
    if isinstance(f, models.JSONField):
        return column(f.name, "string", f"{description}; several separated by ';'")
    if isinstance(f, models.BooleanField):
        return column(f.name, "boolean", description)
    if isinstance(f, models.DateField):
        return column(f.name, "date", description)
    if isinstance(f, models.DecimalField):
        return column(f.name, "number", description)
    if isinstance(f, (models.IntegerField, models.PositiveIntegerField)):
        return column(f.name, "integer", description, constraints={"minimum": 0})
    return column(f.name, "string", description)


def _value(record, f: models.Field) -> str:
    if isinstance(f, models.ForeignKey):
        return cell(getattr(record, f.attname))
    value = getattr(record, f.name)
    if isinstance(f, models.JSONField):
        return ";".join(str(v) for v in value or [])
    if value is None and f.name == "enrolment":
        return MISSING  # the HEI did not report the programme's enrolment
    if value is None and f.name == "valid_until" and getattr(record, "open_ended", False):
        return NOT_APPLICABLE  # an open-ended contract has no end date
    return cell(value)


def section_table(model: type[models.Model], year: int) -> Table:
    name = RESOURCES[model]
    fields = exported_fields(model)
    table = Table(
        name, f"{str(model._meta.verbose_name_plural).capitalize()}: counted records",
        f"One row per record of the counted version of each HEI for the year ({model.__name__}).",
        [column("record_id", "integer", "record id in the monitoring database", required=True),
         column("year", "integer", "reporting year", required=True),
         column("version", "integer", "version of the HEI's submission the record belongs to (the counted one)"),
         column("coverage", "string", "empty: the HEI's whole international activity; a country code: only its "
                "activity with that country (the tables of a bilateral note)"),
         *[_column(f) for f in fields]],
        ["record_id"],
        foreign_keys=[refers(f.name, *TARGETS[f.name]) for f in fields if isinstance(f, models.ForeignKey)])
    rows = (current(model, year).select_related("submission", "period").defer("submission__file_content")
            .order_by("institution_id", "pk"))
    for record in rows:
        table.rows.append([record.pk, record.period.year, record.submission.version, record.submission.coverage,
                           *[_value(record, f) for f in fields]])
    return table


def section_tables(year: int) -> list[Table]:
    return [section_table(model, year) for model in RESOURCES]
