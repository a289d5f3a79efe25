"""The single declaration of the collection workbook: its sections, their columns and dropdown lists.

Everything that touches a workbook — the template writer, the reader, row validation and the import of
legacy tables — takes the shape of the data from here, so a column is added in one place.

- `SECTIONS` (and `SECTION_BY_KEY`, `section(key)`): one `Section` per monitored section, in workbook
  order. `Section.columns` are `Column`s with a stable machine `key` (what the storing code maps to a
  model field), headers in kk/ru/en, a `kind`, `required`, an optional dropdown list name `choices`,
  help texts and `aliases` (header spellings of the Centre's legacy tables accepted on reading).
- `choice_values(name, lang)` lists a dropdown as `(value, label)` pairs; values are the model
  `TextChoices` values (or ISO alpha-2 codes for countries, classifier codes for fields) and labels are
  written out here in kk/ru/en — not taken from gettext, so a workbook never depends on the locale files.
- `choice_value(name, text)` maps a label in ANY language (or a value, a code, a known legacy spelling)
  back to its value, ignoring case, spaces, quotes and punctuation; `split_choices(name, text)` does the
  same for a cell holding several ("rus/kaz/ French", "мобильность; совместные проекты").
- `normalise_header(text)` is the comparison form used for headers, sheet names and labels.

Countries and fields come from the registry tables, so those two lists need the database; every other
list is static. Two lists beyond the model choices exist: `statuses` (the presence `status` column,
a choice column with values `operating` / `planned` as stored in `Presence.status`) and `booleans`
(values `yes` / `no`, for the template's Yes/No cells; use `parse_boolean` for a bool).

The package is split by idea, and every name above is importable from `intlmon.collection.sections`:
`declaration` (Column, Section, kinds, `normalise_header`), `shared_columns` (columns several sections
reuse, with their legacy aliases), `catalogue` (`SECTIONS`, `INSTITUTION_COLUMN`, `IGNORED_HEADERS`),
`vocabularies` (`STATIC_CHOICES`) and `lookup` (`choice_values`, `ChoiceLookup`, `parse_boolean` …).
"""

from __future__ import annotations

from intlmon.collection.sections.catalogue import (
    IGNORED_HEADERS,
    INSTITUTION_COLUMN,
    SECTION_BY_KEY,
    SECTIONS,
    section,
)
from intlmon.collection.sections.declaration import (
    CHOICE_LISTS,
    KIND_HELP,
    KINDS,
    LANGS,
    MULTI_VALUE_LISTS,
    Column,
    Section,
    normalise_header,
)
from intlmon.collection.sections.lookup import (
    ChoiceLookup,
    choice_label,
    choice_value,
    choice_values,
    parse_boolean,
    split_choices,
)
from intlmon.collection.sections.shared_columns import (
    COUNTRY_ALIASES,
    FIELD_ALIASES,
    FORMAT_ALIASES,
    FUNDING_ALIASES,
    HEADCOUNT_ALIASES,
    LANGUAGE_ALIASES,
    LEVEL_ALIASES,
    PARTNER_ALIASES,
    country_col,
    field_col,
    format_col,
    funding_col,
    headcount_col,
    languages_col,
    level_col,
    partner_col,
    programme_columns,
)
from intlmon.collection.sections.vocabularies import (
    STATIC_CHOICES,
    Choice,
)

__all__ = [
    "CHOICE_LISTS",
    "COUNTRY_ALIASES",
    "Choice",
    "ChoiceLookup",
    "Column",
    "FIELD_ALIASES",
    "FORMAT_ALIASES",
    "FUNDING_ALIASES",
    "HEADCOUNT_ALIASES",
    "IGNORED_HEADERS",
    "INSTITUTION_COLUMN",
    "KINDS",
    "KIND_HELP",
    "LANGS",
    "LANGUAGE_ALIASES",
    "LEVEL_ALIASES",
    "MULTI_VALUE_LISTS",
    "PARTNER_ALIASES",
    "SECTIONS",
    "SECTION_BY_KEY",
    "STATIC_CHOICES",
    "Section",
    "choice_label",
    "choice_value",
    "choice_values",
    "country_col",
    "field_col",
    "format_col",
    "funding_col",
    "headcount_col",
    "languages_col",
    "level_col",
    "normalise_header",
    "parse_boolean",
    "partner_col",
    "programme_columns",
    "section",
    "split_choices",
]
