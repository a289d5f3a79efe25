"""A stored record read back as the cells of its section's row: what the HEI typed, as far as it was kept.

Three callers need a version's rows as cells rather than model fields, and must agree on them:
`diff` (which cells changed between two versions), `correct` (a version rebuilt as a workbook so a
corrected row goes through the workbook's own validation) and `carryover` (last year's rows written
into this year's template). One mapping here keeps them from drifting.

For each column of `sections`, `record_cells` gives the value the template writer accepts: the raw
text where the record kept it (partner, country, dates, terms, programme — so a re-read re-resolves
exactly what was typed), else the stored value (choice values, codes, numbers; the template writes
them as labels of its language). `compare_key` is what two versions are compared on: the *meaning*
(resolved country, date, choice value), so the same data uploaded once in Russian and once in Kazakh
shows no change; text without a resolved meaning (an unknown partner, a free-text title) is compared
by its normalised spelling. `cell_text` is how a cell reads in kk/ru/en.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from intlmon.collection.sections import SECTIONS, Column, Section, choice_values, normalise_header
from intlmon.records.models import SECTION_MODELS

MODEL_BY_SECTION = {s.key: next(m for m in SECTION_MODELS if m._meta.label == s.model_label) for s in SECTIONS}
SECTION_BY_MODEL = {model.__name__: key for key, model in MODEL_BY_SECTION.items()}

#: Columns whose typed text the record keeps in another field (the text is what a re-read must see).
RAW_FIELDS = {"partner": "partner_raw", "country": "country_raw", "programme": "programme_raw",
              "contract_date": "contract_date_raw", "signed_on": "signed_raw", "term": "term_raw"}
#: Date columns: compared by the date they give, typed text kept when known.
DATE_COLUMNS = {"contract_date", "signed_on", "opened_on"}


class NotExpressible(ValueError):
    """The record cannot be written as one workbook row (a legacy count standing for several projects)."""


def record_cells(section: Section, record, counts: bool = False) -> dict[str, object]:
    """Column key → value the template writer accepts (None: empty cell).

    A record standing for several projects (legacy counts) raises NotExpressible unless `counts`
    (for display: its cells are shown, the caller says how many it stands for)."""
    if getattr(record, "quantity", 1) != 1 and not counts:
        raise NotExpressible(f"{section.key} record {record.pk} stands for {record.quantity} projects")
    cells: dict[str, object] = {}
    for column in section.columns:
        cells[column.key] = _cell(column, record)
    return cells


def _cell(column: Column, record) -> object:
    key, kind = column.key, column.kind
    raw_field = RAW_FIELDS.get(key)
    raw = getattr(record, raw_field, "") if raw_field and hasattr(record, raw_field) else ""
    if raw:
        return raw
    if kind == "partner":
        return record.partner.display_name("en") if record.partner_id else None
    if kind == "country":
        return record.country if record.country_id else None
    if kind == "field":
        return record.field if record.field_id else None
    value = getattr(record, key, None)
    if kind == "date":
        return value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else None
    if kind == "boolean":
        # A non-nullable yes/no field holds False when nothing was said: an empty cell, not a typed 'No'.
        null = record._meta.get_field(key).null
        return value if (value or null) else None
    if isinstance(value, list):
        return value or None
    if isinstance(value, Decimal):
        return float(value)
    return None if value in ("", None) else value


def compare_key(column: Column, record) -> object:
    """What decides whether this cell differs between two versions: its meaning where one was resolved."""
    key, kind = column.key, column.kind
    if kind == "partner":
        return ("id", record.partner_id) if record.partner_id else _norm(record.partner_raw)
    if kind == "country":
        return ("id", record.country_id) if record.country_id else _norm(record.country_raw)
    if kind == "field":
        return record.field_id or ""
    if kind == "date":
        value = getattr(record, key, None)
        raw = getattr(record, RAW_FIELDS.get(key, ""), "") if key in RAW_FIELDS else ""
        return value.isoformat() if value else _norm(raw)
    if kind == "term":
        parsed = tuple(getattr(record, f, None) for f in ("term_years", "valid_until", "open_ended", "auto_renewal"))
        return parsed if any(parsed) else _norm(record.term_raw)
    if key == "programme":
        return (record.programme_code, _norm(record.programme_raw))
    value = getattr(record, key, None)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, str):
        return _norm(value)
    if isinstance(value, Decimal):
        return value.normalize()
    if kind == "boolean" and value is False and not record._meta.get_field(key).null:
        return None  # not stated and 'No' read the same (see `_cell`)
    return value


def _norm(text: str | None) -> str:
    return normalise_header(text or "")


def cell_text(column: Column, value: object, lang: str) -> str:
    """A cell's value as it reads in `lang`: list values by their labels, dates as DD.MM.YYYY."""
    if value is None or value == "":
        return ""
    if hasattr(value, "display_name") and hasattr(value, "code"):  # Country, FieldOfEducation
        name = value.display_name(lang)
        return f"{value.code} {name}" if column.kind == "field" else name
    if isinstance(value, bool):
        return _labels("booleans", lang).get("yes" if value else "no", str(value))
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    labels = _labels(column.choices, lang) if column.choices and column.choices not in ("countries", "fields") else {}
    if isinstance(value, list | tuple):
        return "; ".join(labels.get(str(v), str(v)) for v in value)
    return labels.get(str(value), str(value))


@lru_cache(maxsize=64)
def _labels(name: str, lang: str) -> dict[str, str]:
    """Static lists only (cached for the process); countries and fields come as registry objects."""
    return dict(choice_values(name, lang))


def records_of(submission, section: Section):
    """The version's records of one section, in the order the workbook gave them."""
    model = MODEL_BY_SECTION[section.key]
    related = [f for f in ("partner", "country", "field") if hasattr(model, f)]
    return model.objects.filter(submission=submission).select_related(*related).order_by("source_row", "id")


@dataclass
class RowView:
    """One row of a version as a page shows it (and as a correction form starts from)."""

    record_id: int  # what `correct.correct_row` / `delete_row` take
    source_row: int | None  # the row of the uploaded workbook it came from
    cells: dict[str, str]  # column key → text in the page's language ('' when empty)


def version_rows(submission, section_key: str, lang: str = "ru") -> list[RowView]:
    """The version's rows of one section, each cell as text in `lang`.

    A correction form prefilled with these texts can be sent back as is: choice labels of any language
    are read back by the workbook's validation, and `correct_row` recognises an unchanged row."""
    from intlmon.collection.sections import section

    s = section(section_key)
    return [RowView(record.pk, record.source_row,
                    {c.key: cell_text(c, value, lang) for c, value in
                     zip(s.columns, record_cells(s, record, counts=True).values(), strict=True)})
            for record in records_of(submission, s)]
