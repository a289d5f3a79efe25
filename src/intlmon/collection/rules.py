"""Validation rules, declared: an id, a severity, a message and a hint (catalogue msgids) for each.

Errors block a submission; warnings must be confirmed by the uploader; an `info` problem is told and
never asked about (an unknown partner: the row is stored with its raw text and the name queued for the
Centre's review — nothing in the file for the clerk to fix or confirm). Row rules look at one
converted row; submission rules look at all rows of a section (duplicates). Keeping the rules in
one table lets the template's instructions and the documentation list them without drift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_noop as _

from intlmon.collection.problems import LANGS, Label, Message, Problem, Rule, Severity


class RowRule(Rule):
    """A rule about one row's cells: the problem takes its place from the row being validated."""

    def problem(self, row, column: str = "", value="", **params) -> Problem:
        return self.at(file=row.file, sheet=row.sheet, row=row.row, column=row.columns.get(column, column),
                       value=value, **params)


E, W = Severity.ERROR, Severity.WARNING

RULES: dict[str, RowRule] = {
    r.id: r
    for r in [
        RowRule("required", E, _("Column '%(header)s' is required.")),
        RowRule("incomplete", W, _("Column '%(header)s' is empty. The row is kept, but counts as 'not stated' in "
                                   "breakdowns by this column."), _("Fill it in if you can.")),
        RowRule("term_in_date", W, _("'%(value)s' is not a date but looks like a contract term; it was read as the "
                                     "term and the contract date left empty."),
                _("Put the term in the contract term column and the date in this one.")),
        RowRule("integer", E, _("'%(value)s' is not a whole number."), _("Enter a whole number, e.g. 12.")),
        RowRule("non_negative", E, _("%(value)s is negative; the value cannot be below 0.")),
        RowRule("choice", E, _("'%(value)s' is not in the list."), _("Choose from the drop-down: %(expected)s.")),
        RowRule("date", E, _("'%(value)s' is not a date."), _("Enter a date as DD.MM.YYYY, or a year.")),
        RowRule("date_plausible", W, _("The date %(value)s is implausible: after the reporting year %(year)s or "
                                       "before 1990.")),
        RowRule("term", W, _("'%(value)s' is not a contract term."),
                _("Write, for example, '5 years', 'open-ended' or an end date.")),
        RowRule("programme_code", W, _("'%(value)s' contains no programme code (e.g. 7M05407).")),
        RowRule("level_code", W, _("The level is '%(level)s' but the code %(code)s belongs to the level "
                                   "'%(code_level)s'."), _("Check the level or the code.")),
        RowRule("open_ended_conflict", E, _("The contract is given both as open-ended and as valid until %(end)s."),
                _("Keep one of the two.")),
        RowRule("contract_expired", W, _("The contract ended on %(end)s, before the reporting year %(year)s; is it "
                                         "still in force?")),
        RowRule("partner_country", W, _("The partner %(partner)s is in %(partner_country)s, but the row gives the "
                                        "country '%(value)s'.")),
        RowRule("unresolved_name", Severity.INFO, _("'%(value)s' was not found in the registry; queued for review.")),
        RowRule("country", E, _("'%(value)s' is not a known country."), _("Choose one from the list.")),
        RowRule("duplicate_row", W, _("This row repeats row %(other)s exactly; it will be stored once.")),
        RowRule("duplicate_key", W, _("This row has the same partner, code and level as row %(other)s: is it a "
                                      "duplicate?")),
        RowRule("institution_mismatch", E, _("The workbook is for the institution %(found)s but the upload is for "
                                             "%(expected)s.")),
        RowRule("period_locked", E, _("The %(year)s data is locked (the deadline has passed, version "
                                      "%(version)s)."), _("Ask an analyst of the Centre to reopen it.")),
        RowRule("empty_workbook", E, _("The workbook has no data rows.")),
        RowRule("version_changed", E, _("Version %(expected)s was replaced by version %(current)s since you opened "
                                         "it; nothing was stored."),
                _("Open the current version and make your change there.")),
    ]
}


#: `unresolved_name` as told by a validation that stores nothing (`--check`): nothing is queued either.
UNRESOLVED_NAME_CHECKED = Message(_("'%(value)s' was not found in the registry; it will be queued for review when "
                                    "the file is stored."))


@dataclass
class RowContext:
    """One row being validated: its position, raw cells, converted values and the period year."""

    file: str
    sheet: str
    row: int | None
    section: str
    raw: dict
    values: dict
    columns: dict  # column key → Excel letter
    year: int
    names_lang: str = ""  # the workbook's language: its headers and lists are named in it ("" = the reader's)


RowCheck = Callable[[RowContext], Iterator[Problem]]

# Required columns whose absence does not make the row meaningless: the row still counts (a
# programme, a branch, people), it only falls under "not stated" in the breakdown by that column.
# Left empty they raise the `incomplete` warning instead of the `required` error.
BREAKDOWN_COLUMNS = frozenset({"country", "programme", "field"})


def check_dates(ctx: RowContext) -> Iterator[Problem]:
    for key in ("contract_date", "signed_on", "opened_on"):
        value = ctx.values.get(key)
        if isinstance(value, date) and (value.year > ctx.year + 1 or value.year < 1990):
            yield RULES["date_plausible"].problem(ctx, key, value.isoformat(), year=ctx.year)


def check_terms(ctx: RowContext) -> Iterator[Problem]:
    end = ctx.values.get("valid_until")
    if ctx.values.get("open_ended") and end:
        yield RULES["open_ended_conflict"].problem(ctx, "term", ctx.raw.get("term"), end=end.isoformat())
    if end and end.year < ctx.year and not ctx.values.get("auto_renewal"):
        yield RULES["contract_expired"].problem(ctx, "term", ctx.raw.get("term"), end=end.isoformat(), year=ctx.year)


def check_level_code(ctx: RowContext) -> Iterator[Problem]:
    level, code_level = ctx.values.get("level"), ctx.values.get("_code_level")
    if level and code_level and level != code_level:
        yield RULES["level_code"].problem(
            ctx, "level", ctx.raw.get("level"), level=level_label(level, ctx.names_lang),
            code=ctx.values.get("programme_code"), code_level=level_label(code_level, ctx.names_lang),
        )


def level_label(level: str, names_lang: str) -> Label:
    """A level as the dropdown names it (in the workbook's language when known)."""
    from intlmon.collection.sections import choice_label

    return Label.of({lang: choice_label("levels", level, lang) or level for lang in LANGS}, names_lang)


ROW_CHECKS: list[RowCheck] = [check_dates, check_terms, check_level_code]

#: The converted values each row check reads, at least one of which it needs to find anything: a row
#: holding none of them is not handed to the check (a national year has 26,000 rows; most checks
#: concern a few sections). A check missing here is always run.
CHECK_NEEDS: dict[RowCheck, frozenset[str]] = {
    check_dates: frozenset({"contract_date", "signed_on", "opened_on"}),
    check_terms: frozenset({"valid_until"}),
    check_level_code: frozenset({"_code_level"}),
}


def duplicate_problems(rows: list[RowContext], key_fields=("partner_raw", "programme_code", "level")) -> Iterator[Problem]:
    """Exact repeats are stored once (the repeat is dropped, with a warning); the same partner + code +
    level is a warning to confirm, since two programmes with one partner can be genuine."""
    seen_exact: dict[tuple, RowContext] = {}
    seen_key: dict[tuple, RowContext] = {}
    order: dict[tuple, list] = {}  # a row's column keys → the same keys sorted (rows of a sheet share them)
    for ctx in rows:
        raw = ctx.raw
        names = tuple(raw)
        ordered = order.get(names) or order.setdefault(names, sorted(names))
        exact = tuple([(k, str(v).strip().casefold()) for k in ordered if (v := raw[k]) is not None and v != ""])
        if exact and exact in seen_exact:
            yield RULES["duplicate_row"].problem(ctx, "", "", other=seen_exact[exact].row)
            continue
        seen_exact.setdefault(exact, ctx)
        code = ctx.values.get("programme_code")
        if not code and "programme_code" in key_fields:
            continue  # no duplicate key; nor can a later row's key, which holds its code, equal this one's
        key = tuple([str(ctx.values.get(f) or "").casefold() for f in key_fields])
        if any(key) and code and key in seen_key:
            yield RULES["duplicate_key"].problem(ctx, "", "", other=seen_key[key].row)
        seen_key.setdefault(key, ctx)
