"""One workbook's cells converted by their declared kinds into record fields (`CellConverter`).

Split from the ingest (which walks the rows, runs the row checks and stores) because this is where the
per-cell work is: each column's converter is chosen once (by kind, or by key for the few columns read their
own way), and the effects of the cells that repeat (countries, terms, list labels) are remembered — per
workbook, and across workbooks (`KEPT_EFFECTS`) when they depend only on the declaration, the messages'
language and the registry answers of the moment.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from intlmon.collection import convert
from intlmon.collection.problems import LANGS, Label
from intlmon.collection.rules import BREAKDOWN_COLUMNS

TRUE_WORDS = {"да", "иә", "yes", "true", "1", "+", "есть", "бар"}
FALSE_WORDS = {"нет", "жоқ", "no", "false", "0", "-"}
DATE_RAW_FIELDS = {"contract_date": "contract_date_raw", "signed_on": "signed_raw"}


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def convert_cell(column, raw, conv: convert.Converted, problems: list, make_problem, lang: str, lookup=None,
                 cache: convert.FileCache | None = None):
    """Convert one cell by its declared kind into model field values; problems go to `problems`.

    `lookup` is a `sections.ChoiceLookup` shared by the whole workbook: building its label maps
    costs far more than a lookup, so one per cell would dominate the ingest. `cache` is the
    workbook's `convert.FileCache`: each distinct text is parsed, looked up or resolved once. A
    workbook's cells go through one `CellConverter`, which holds both.
    """
    CellConverter(lang, lookup, cache)(column, raw, conv, problems, make_problem)


# Kinds of column whose cells repeat row after row (list labels, countries, terms): worth remembering whole.
REPEATED_KINDS = frozenset({"choice", "field", "term", "boolean", "languages", "country"})
PURE_BASIS = "pure"  # the basis of effects computed from the cell, the column and the language alone


class KeptEffects:
    """The effects of repeated cells (`CellConverter.convert_row`) kept across workbooks: a national year
    types the same countries, terms and list labels in file after file. One dict per (column, language),
    valid while its basis — the declared list, or the registry answers the cell was resolved with — is the
    same object; a new basis starts a fresh dict. Each dict is started afresh when it holds `MAX` effects or
    more as a workbook's section begins (so one workbook may take it past `MAX` before that)."""

    MAX = 20_000  # effects per column and language

    def __init__(self):
        self._kept: dict[tuple[int, str], tuple[object, object, dict]] = {}  # (id(column), lang) → (column, basis, effects)

    def effects(self, column, lang: str, basis: object) -> dict:
        kept = self._kept.get((id(column), lang))
        if kept is None or kept[0] is not column or kept[1] is not basis or len(kept[2]) >= self.MAX:
            kept = self._kept[id(column), lang] = (column, basis, {})
        return kept[2]

    def clear(self) -> None:
        self._kept.clear()


KEPT_EFFECTS = KeptEffects()


class CellConverter:
    """Converts the cells of one workbook by their declared kinds (`convert_cell`), sharing its label maps
    (`sections.ChoiceLookup`) and its `convert.FileCache` across every cell."""

    def __init__(self, lang: str, lookup=None, cache: convert.FileCache | None = None):
        from intlmon.collection.sections import ChoiceLookup

        self.lang = lang
        self.cache = cache or convert.FileCache()
        self._lookup_value = (lookup or ChoiceLookup()).value
        # effects are kept across workbooks only with the standard lookup (a given one may answer otherwise)
        self._kept = lookup is None or type(lookup) is ChoiceLookup
        self._effects: dict[int, dict[tuple, tuple]] = {}  # id(column) → (type, cell) → effect

    def choice_value(self, name: str, text: str) -> str | None:
        return self.cache.ask(self._lookup_value, name, text)

    def plan(self, columns) -> list[tuple]:
        """What `convert_row` needs of each column, in the order given: (column, key, the effects of its
        cells or None when its cells are converted as they come, the method converting them)."""
        return [(column, column.key, self._effects_of(column), self.converter(column)) for column in columns]

    def _effects_of(self, column) -> dict | None:
        """Where the effects of `column`'s cells are remembered: kept across workbooks (`KEPT_EFFECTS`)
        when they depend only on what is declared and on the messages' language, or on the registry
        answers this workbook's `FileCache` reads; per workbook otherwise (fields of education come from
        the database through this workbook's `ChoiceLookup`); None for kinds whose cells are mostly
        distinct."""
        if not (column.kind in REPEATED_KINDS or column.key == "directions"):
            return None
        basis = self._kept_basis(column)
        if basis is None:
            return self._effects.setdefault(id(column), {})
        return KEPT_EFFECTS.effects(column, self.lang, basis)

    def _kept_basis(self, column) -> object | None:
        """What the effects of `column`'s cells are computed from beyond the column and the language (the
        object whose identity keeps them valid), or None when they are not to be kept beyond the workbook."""
        from intlmon.collection.sections import STATIC_CHOICES

        if not self._kept:
            return None
        if column.kind in ("term", "boolean", "languages"):  # pure parsers, declared words
            return PURE_BASIS
        if column.kind == "choice" or column.key == "directions":
            return STATIC_CHOICES.get(column.choices or column.key)  # a declared list (None: a registry list)
        if column.kind == "country" and self.cache.has_registry:
            return self.cache.registry()  # the registry answers valid for this workbook
        return None

    def convert_row(self, plan: list[tuple], raw: dict, conv: convert.Converted, problems: list, make_problem) -> None:
        """`self(column, raw[key], …)` for each column of `plan`, with the outcome of a column whose cells
        repeat remembered — per workbook, and across workbooks where `_effects_of` keeps them (`KEPT_EFFECTS`,
        valid while their basis is the same): a sheet repeats its cells (the same countries, terms and list
        labels row after row), so each distinct (column, cell) is converted once and its effect — the
        values it sets, the names it leaves unresolved, the problems it raises (rule, column, value,
        parameters) — replayed on the next row holding it. The problems are made anew for each row (they
        name its place). Only the kinds whose cells repeat (`REPEATED_KINDS`) are remembered: dates,
        counts, titles and partner names (read with the row's country) are mostly distinct, and the
        file's `FileCache` already answers their repeats."""
        values = conv.values
        for column, key, effects, convert_cell in plan:
            cell = raw.get(key)
            if effects is None:
                convert_cell(column, cell, conv, problems, make_problem)
                continue
            try:
                memo = (type(cell), cell)
                effect = effects.get(memo)
            except TypeError:  # an unhashable cell value: converted as it comes
                convert_cell(column, cell, conv, problems, make_problem)
                continue
            if effect is None:
                effect = effects[memo] = self._effect(convert_cell, column, cell)
            set_values, lists, unresolved, calls = effect
            if set_values:
                values.update(set_values)
                for name in lists:  # a record's lists are its own
                    values[name] = list(set_values[name])
            if unresolved:
                conv.unresolved.extend(unresolved)
            for rule_id, column_key, value, params in calls:
                problems.append(make_problem(rule_id, column_key, value, **params))

    def _effect(self, convert_cell, column, raw) -> tuple[dict, tuple, list, list]:
        scratch = convert.Converted()
        calls: list[tuple] = []

        def record(rule_id, column_key, value, **params):
            calls.append((rule_id, column_key, value, params))

        convert_cell(column, raw, scratch, [], record)
        values = scratch.values
        lists = tuple(k for k, v in values.items() if isinstance(v, list))
        return values, lists, scratch.unresolved, calls

    def __call__(self, column, raw, conv: convert.Converted, problems: list, make_problem) -> None:
        self.converter(column)(column, raw, conv, problems, make_problem)

    def converter(self, column):
        """The method converting `column`'s cells, chosen once per column by its kind (or, for the few
        columns read their own way, its key) instead of asked again for every cell."""
        kind, key = column.kind, column.key
        if kind == "integer" and key == "foreign_staff_share":
            return self._skip
        by_kind = {
            "integer": self._integer, "date": self._date, "term": self._term, "choice": self._choice,
            "country": self._country, "field": self._field, "partner": self._partner,
            "languages": self._languages, "boolean": self._boolean,
        }
        if kind in by_kind:
            return by_kind[kind]
        by_key = {"programme": self._programme, "directions": self._directions,
                  "foreign_staff_share": self._share}
        return by_key.get(key, self._text)

    # Each converter starts alike: an empty cell is `_empty`'s (the required check), else the cell's text.

    def _empty(self, column, conv: convert.Converted, problems: list, make_problem) -> None:
        key = column.key
        if column.required:
            rule = "incomplete" if key in BREAKDOWN_COLUMNS else "required"
            problems.append(make_problem(rule, key, "", header=Label.of(column.headers, self.lang)))
        if column.kind in ("partner", "country"):
            conv.values[f"{key}_raw"] = ""

    def _skip(self, column, raw, conv, problems, make_problem) -> None:
        if not _text(raw):
            self._empty(column, conv, problems, make_problem)

    def _text(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        conv.values[column.key] = text[:500]

    def _integer(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        key = column.key
        value, reason = self.cache.ask(convert.count_value, text)
        if value is None:
            if re.fullmatch(r"-\s*\d+([.,]0+)?", text):
                problems.append(make_problem("non_negative", key, text))
            else:
                problems.append(make_problem("integer", key, text))
            return
        conv.values[key] = value

    def _date(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        key = column.key
        value, reason = self.cache.ask(convert.first_date, raw if not isinstance(raw, str) else text)
        if reason and key == "contract_date" and self.cache.ask(convert.term_fields, text)[0]:
            # '5 лет' or 'бессрочный' typed into the date column: read as the term when the term
            # column is empty (decided after the whole row is read), else an error as usual.
            conv.values["_term_in_date"] = text
        elif reason:
            problems.append(make_problem("date", key, text))
        conv.values[key] = value
        if key in DATE_RAW_FIELDS:
            conv.values[DATE_RAW_FIELDS[key]] = text[:100]

    def _term(self, column, raw, conv, problems, make_problem) -> None:
        self._parsed(column, raw, conv, problems, make_problem, "term_raw", 200, convert.term_fields, "term")

    def _parsed(self, column, raw, conv, problems, make_problem, raw_field: str, keep: int | None, parse,
                rule: str) -> None:
        """A text cell kept as typed (`raw_field`, cut to `keep` characters) and parsed into fields (`parse`,
        asked once per distinct text); a text `parse` gives a reason for is the problem `rule`."""
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        conv.values[raw_field] = text[:keep]
        values, reason = self.cache.ask(parse, text)
        if reason:
            problems.append(make_problem(rule, column.key, text))
        conv.values.update(values)

    def _choice(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        value = self.choice_value(column.choices, text)
        if value is None:
            from intlmon.collection.sections import choice_values

            expected = {lg: ", ".join(label for _, label in choice_values(column.choices, lg)[:12]) for lg in LANGS}
            problems.append(make_problem("choice", column.key, text, expected=Label.of(expected, self.lang)))
            return
        conv.values[column.key] = value

    def _country(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        before = len(conv.unresolved)
        convert.resolve_country_field(text, conv, column.key, self.cache)
        if len(conv.unresolved) > before:
            conv.unresolved.pop()
            problems.append(make_problem("country", column.key, text))

    def _field(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        code = re.match(r"^\s*(0[1-9]|1[0-2])\b", text)
        value = code.group(1) if code else self.choice_value("fields", text)
        if value is None:
            problems.append(make_problem("choice", column.key, text, expected="01 … 12"))
            return
        conv.values["field_id"] = value

    def _partner(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        country = conv.values.get("country_id")
        before = len(conv.unresolved)
        convert.resolve_partner_field(text, country, conv, self.cache)
        if len(conv.unresolved) > before:  # the country cell goes with the name to the review queue
            problems.append(make_problem("unresolved_name", column.key, text,
                                         country_cell=conv.values.get("country_raw") or ""))

    def _languages(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        codes, _ = self.cache.ask(convert.language_codes, text)
        conv.values[column.key] = list(codes)

    def _boolean(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        lowered = text.casefold()
        if lowered in TRUE_WORDS:
            conv.values[column.key] = True
        elif lowered in FALSE_WORDS:
            conv.values[column.key] = False
        else:
            from intlmon.collection.sections import choice_values

            expected = {lg: " / ".join(label for _, label in choice_values("booleans", lg)) for lg in LANGS}
            problems.append(make_problem("choice", column.key, text, expected=Label.of(expected, self.lang)))

    def _programme(self, column, raw, conv, problems, make_problem) -> None:
        self._parsed(column, raw, conv, problems, make_problem, "programme_raw", None, convert.programme_fields,
                     "programme_code")

    def _directions(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        conv.values["directions"] = [
            self.choice_value("directions", part) or part.strip() for part in re.split(r"[;\n]", text) if part.strip()
        ]

    def _share(self, column, raw, conv, problems, make_problem) -> None:
        if not (text := _text(raw)):
            return self._empty(column, conv, problems, make_problem)
        try:
            conv.values[column.key] = Decimal(text.rstrip("%").replace(",", ".").strip())
        except InvalidOperation:
            problems.append(make_problem("integer", column.key, text))
