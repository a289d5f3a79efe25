"""Validation rules, declared: an id, a severity and a message in kk/ru/en for each.

Errors block a submission; warnings must be confirmed by the uploader. Row rules look at one
converted row; submission rules look at all rows of a section (duplicates). Keeping the rules in
one table lets the template's instructions and the documentation list them without drift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from intlmon.collection.problems import Problem, Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    messages: dict[str, str]

    def problem(self, row, column: str = "", value="", **params) -> Problem:
        return Problem(
            rule=self.id,
            severity=self.severity,
            messages=self.messages,
            file=row.file,
            sheet=row.sheet,
            row=row.row,
            column=row.columns.get(column, column),
            value="" if value is None else str(value),
            params=params,
        )


E, W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("required", E, {
            "kk": "«{header}» бағаны толтырылуы керек.",
            "ru": "Столбец «{header}» обязателен для заполнения.",
            "en": "Column '{header}' is required.",
        }),
        Rule("incomplete", W, {
            "kk": "«{header}» бағаны бос. Жол сақталады, бірақ осы баған бойынша бөліністерде «көрсетілмеген» болып есептеледі; мүмкін болса толтырыңыз.",
            "ru": "Столбец «{header}» не заполнен. Строка будет сохранена, но в разбивках по этому столбцу попадёт в «не указано»; заполните, если можете.",
            "en": "Column '{header}' is empty. The row is kept, but counts as 'not stated' in breakdowns by this column; fill it in if you can.",
        }),
        Rule("term_in_date", W, {
            "kk": "«{value}» — күн емес, шарт мерзімі сияқты; ол мерзім ретінде оқылды, шарт күні бос қалды. Мерзімді «Шарттың қолданылу мерзімі» бағанына, күнді осы бағанға жазыңыз.",
            "ru": "«{value}» — не дата, а похоже на срок договора; значение прочитано как срок, дата договора осталась пустой. Укажите срок в столбце «Срок действия договора», а дату — в этом столбце.",
            "en": "'{value}' is not a date but looks like a contract term; it was read as the term and the contract date left empty. Put the term in the 'Contract term' column and the date here.",
        }),
        Rule("integer", E, {
            "kk": "«{value}» — бүтін сан емес; бүтін сан күтіледі (мысалы, 12).",
            "ru": "«{value}» — не целое число; ожидается целое число (например, 12).",
            "en": "'{value}' is not a whole number; a whole number is expected (e.g. 12).",
        }),
        Rule("non_negative", E, {
            "kk": "{value} — теріс сан; сан 0-ден кем болмауы керек.",
            "ru": "{value} — отрицательное число; значение не может быть меньше 0.",
            "en": "{value} is negative; the value cannot be below 0.",
        }),
        Rule("choice", E, {
            "kk": "«{value}» тізімде жоқ; ашылмалы тізімнен таңдаңыз: {expected}.",
            "ru": "«{value}» нет в списке; выберите из выпадающего списка: {expected}.",
            "en": "'{value}' is not in the list; choose from the drop-down: {expected}.",
        }),
        Rule("date", E, {
            "kk": "«{value}» — күн ретінде оқылмады; КК.АА.ЖЖЖЖ немесе жыл күтіледі.",
            "ru": "«{value}» не распознано как дата; ожидается ДД.ММ.ГГГГ или год.",
            "en": "'{value}' is not a date; DD.MM.YYYY or a year is expected.",
        }),
        Rule("date_plausible", W, {
            "kk": "{value} күні күмәнді: {year} есеп жылынан кейін немесе 1990 жылдан бұрын.",
            "ru": "Дата {value} сомнительна: позже отчётного {year} года или раньше 1990 года.",
            "en": "The date {value} is implausible: after the reporting year {year} or before 1990.",
        }),
        Rule("term", W, {
            "kk": "«{value}» шарт мерзімі ретінде оқылмады; мысалы «5 жыл», «мерзімсіз» немесе аяқталу күні.",
            "ru": "«{value}» не распознано как срок договора; например «5 лет», «бессрочный» или дата окончания.",
            "en": "'{value}' is not a contract term; e.g. '5 years', 'open-ended' or an end date.",
        }),
        Rule("programme_code", W, {
            "kk": "«{value}» ішінде білім беру бағдарламасының шифры жоқ (мысалы, 7M05407).",
            "ru": "В «{value}» нет шифра образовательной программы (например, 7M05407).",
            "en": "'{value}' contains no programme code (e.g. 7M05407).",
        }),
        Rule("level_code", W, {
            "kk": "Деңгей «{level}», бірақ {code} шифры «{code_level}» деңгейіне жатады; деңгейді немесе шифрды тексеріңіз.",
            "ru": "Уровень «{level}», но шифр {code} относится к уровню «{code_level}»; проверьте уровень или шифр.",
            "en": "The level is '{level}' but the code {code} belongs to the level '{code_level}'; check the level or the code.",
        }),
        Rule("open_ended_conflict", E, {
            "kk": "Шарт әрі мерзімсіз, әрі {end} дейін деп көрсетілген; біреуін қалдырыңыз.",
            "ru": "Договор указан и как бессрочный, и как действующий до {end}; оставьте одно.",
            "en": "The contract is given both as open-ended and as valid until {end}; keep one.",
        }),
        Rule("contract_expired", W, {
            "kk": "Шарт {end} аяқталған — {year} есеп жылына дейін; ол әлі де күшінде ме?",
            "ru": "Договор закончился {end} — до отчётного {year} года; он всё ещё действует?",
            "en": "The contract ended on {end}, before the reporting year {year}; is it still active?",
        }),
        Rule("partner_country", W, {
            "kk": "Серіктес {partner} — {partner_country} ұйымы, ал жолда ел «{value}».",
            "ru": "Партнёр {partner} — организация из {partner_country}, а в строке указана страна «{value}».",
            "en": "The partner {partner} is in {partner_country}, but the row gives the country '{value}'.",
        }),
        Rule("unresolved_name", W, {
            "kk": "«{value}» тізілімде табылмады; тексеруге жіберілді.",
            "ru": "«{value}» не найдено в реестре; отправлено на проверку.",
            "en": "'{value}' was not found in the registry; queued for review.",
        }),
        Rule("country", E, {
            "kk": "«{value}» ел ретінде танылмады; тізімнен таңдаңыз.",
            "ru": "«{value}» не распознано как страна; выберите из списка.",
            "en": "'{value}' is not a known country; choose one from the list.",
        }),
        Rule("duplicate_row", W, {
            "kk": "Бұл жол {other} жолды толық қайталайды; ол бір рет қана сақталады.",
            "ru": "Эта строка полностью повторяет строку {other}; она будет сохранена один раз.",
            "en": "This row repeats row {other} exactly; it will be stored once.",
        }),
        Rule("duplicate_key", W, {
            "kk": "Бұл жол {other} жолмен бірдей серіктес, шифр және деңгейге ие — қайталану емес пе?",
            "ru": "У этой строки тот же партнёр, шифр и уровень, что у строки {other} — не дубль ли это?",
            "en": "This row has the same partner, code and level as row {other}: is it a duplicate?",
        }),
        Rule("institution_mismatch", E, {
            "kk": "Жұмыс кітабы {found} ЖОО-ға арналған, ал жүктеу {expected} үшін.",
            "ru": "Книга заполнена для вуза {found}, а загрузка выполняется для {expected}.",
            "en": "The workbook is for the HEI {found} but the upload is for {expected}.",
        }),
        Rule("period_locked", E, {
            "kk": "{year} жылғы деректер құлыпталған (тапсыру мерзімі өтті, {version}-нұсқа); өзгерту үшін Орталықтың талдаушысына хабарласыңыз.",
            "ru": "Данные за {year} год заблокированы (срок сдачи прошёл, версия {version}); чтобы внести изменения, обратитесь к аналитику Центра.",
            "en": "The {year} data is locked (the deadline has passed, version {version}); ask an analyst of the Centre to reopen it.",
        }),
        Rule("unreadable_file", E, {
            "kk": "Файл оқылмады: {reason}. .xlsx, .xls немесе .ods жұмыс кітабы күтіледі.",
            "ru": "Файл не читается: {reason}. Ожидается книга .xlsx, .xls или .ods.",
            "en": "The file cannot be read: {reason}. An .xlsx, .xls or .ods workbook is expected.",
        }),
        Rule("empty_workbook", E, {
            "kk": "Жұмыс кітабында бірде-бір деректер жолы жоқ.",
            "ru": "В книге нет ни одной строки с данными.",
            "en": "The workbook has no data rows.",
        }),
    ]
}


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
    headers: dict  # column key → header in the user's language
    year: int


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


LEVEL_NAMES = {
    "kk": {"bachelor": "бакалавриат", "master": "магистратура", "doctorate": "докторантура", "specialist": "резидентура"},
    "ru": {"bachelor": "бакалавриат", "master": "магистратура", "doctorate": "докторантура", "specialist": "специалитет"},
    "en": {"bachelor": "bachelor", "master": "master", "doctorate": "doctorate", "specialist": "specialist"},
}


def check_level_code(ctx: RowContext) -> Iterator[Problem]:
    level, code_level = ctx.values.get("level"), ctx.values.get("_code_level")
    if level and code_level and level != code_level:
        yield RULES["level_code"].problem(
            ctx, "level", ctx.raw.get("level"), level=level, code=ctx.values.get("programme_code"), code_level=code_level
        )


ROW_CHECKS: list[RowCheck] = [check_dates, check_terms, check_level_code]


def duplicate_problems(rows: list[RowContext], key_fields=("partner_raw", "programme_code", "level")) -> Iterator[Problem]:
    """Exact repeats are stored once (the repeat is dropped, with a warning); the same partner + code +
    level is a warning to confirm, since two programmes with one partner can be genuine."""
    seen_exact: dict[tuple, RowContext] = {}
    seen_key: dict[tuple, RowContext] = {}
    for ctx in rows:
        exact = tuple(sorted((k, str(v).strip().casefold()) for k, v in ctx.raw.items() if v not in (None, "")))
        if exact and exact in seen_exact:
            yield RULES["duplicate_row"].problem(ctx, "", "", other=seen_exact[exact].row)
            continue
        seen_exact.setdefault(exact, ctx)
        key = tuple(str(ctx.values.get(f) or "").casefold() for f in key_fields)
        if any(key) and ctx.values.get("programme_code") and key in seen_key:
            yield RULES["duplicate_key"].problem(ctx, "", "", other=seen_key[key].row)
        seen_key.setdefault(key, ctx)
