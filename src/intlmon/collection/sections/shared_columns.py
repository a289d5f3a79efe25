"""Columns that several sections share (partner, country, field, level, funding, format, headcount,
languages, the programme pair) with the legacy header spellings each accepts on reading.

One definition per shared column, so a new alias reaches every section that uses it."""

from __future__ import annotations

from intlmon.collection.sections.declaration import Column, _col, _t

# Columns shared by several sections ---------------------------------------------------------

PARTNER_ALIASES = (
    "Серіктес ЖОО",
    "Серіктес",
    "Серіктес ұйым",
    "Шетелдік ЖОО / ұйымның атауы",
    "Шетелдік серіктес",
    "Партнер",
    "Партнёр",
    "Вуз-партнер",
    "Зарубежный партнер",
    "Зарубежный вуз-партнер",
    "Наименование зарубежного вуза",
    "Наименование зарубежной организации",
    "Наименование зарубежного вуза / организации",
    "Partner",
    "Partner university",
    "Name of the partner university",
    "Name of the foreign university/organization",
    "Name of the foreign university / organisation",
    "Foreign partner",
    "University",
)
COUNTRY_ALIASES = (
    "Страна",
    "Страна партнера",
    "Страна-партнер",
    "Мемлекет атауы",
    "Мемлекет",
    "Ел",
    "Ел атауы",
    "Серіктес ел",
    "Партнер/Мемлекет",
    "Country",
    "Partner country",
)
FIELD_ALIASES = (
    "Направление подготовки",
    "Направление",
    "Область образования",
    "Группа образовательных программ",
    "Даярлау бағыты",
    "Бағыты",
    "Білім беру саласы",
    "Direction of preparation",
    "Direction",
    "Field",
    "Field of study",
)
LANGUAGE_ALIASES = (
    "Язык обучения",
    "Языки",
    "Оқыту тілі",
    "Тілі",
    "Language of instruction",
    "Language",
    "Languages",
)
FUNDING_ALIASES = (
    "Финансирование",
    "Источник финансирования обучения",
    "Қаржыландыру",
    "Funding",
    "Funding source",
    "The source of funding for training under the DDP (at the expense of the university, at the expense of the student",
)
HEADCOUNT_ALIASES = (
    "Количество",
    "Количество человек",
    "Численность",
    "Саны",
    "Адам саны",
    "Total number",
    "Number",
    "Number of persons",
)
FORMAT_ALIASES = ("Формат участия", "Форматы", "Онлайн/офлайн", "Online/offline format", "Online/offline")
LEVEL_ALIASES = (
    "Уровень",
    "Уровень образования",
    "Деңгей",
    "Оқу деңгейі",
    "Level of preparation",
    "Level of study",
    "Level",
)


def partner_col(required: bool = False) -> Column:
    return _col(
        "partner",
        "Серіктес (шетелдік ұйым)",
        "Партнёр (зарубежная организация)",
        "Partner (foreign organisation)",
        "partner",
        required=required,
        aliases=PARTNER_ALIASES,
    )


def country_col(required: bool = False) -> Column:
    return _col("country", "Мемлекет", "Страна", "Country", "country", required=required, choices="countries",
                aliases=COUNTRY_ALIASES)


def field_col() -> Column:
    return _col(
        "field",
        "Білім беру саласы",
        "Область образования",
        "Field of education",
        "field",
        choices="fields",
        aliases=FIELD_ALIASES,
    )


def level_col(required: bool = False) -> Column:
    return _col("level", "Оқу деңгейі", "Уровень обучения", "Level of study", "choice", required=required,
                choices="levels", aliases=LEVEL_ALIASES)


def funding_col() -> Column:
    return _col("funding", "Қаржыландыру көзі", "Источник финансирования", "Source of funding", "choice",
                choices="funding_sources", aliases=FUNDING_ALIASES)


def format_col() -> Column:
    return _col("format", "Өткізу форматы", "Формат", "Format", "choice", choices="formats", aliases=FORMAT_ALIASES)


def headcount_col(help: dict[str, str] | None = None, aliases: tuple[str, ...] = HEADCOUNT_ALIASES) -> Column:
    return _col("headcount", "Адам саны", "Количество человек", "Headcount", "integer", required=True,
                help=help, aliases=aliases)


def languages_col() -> Column:
    return _col("languages", "Оқыту тілдері", "Языки обучения", "Languages of instruction", "languages",
                choices="languages", aliases=LANGUAGE_ALIASES)


def programme_columns() -> tuple[Column, ...]:
    return (
        level_col(required=True),
        _col(
            "programme",
            "Білім беру бағдарламасының шифры мен атауы",
            "Шифр и наименование образовательной программы",
            "Programme code and name",
            required=True,
            help=_t(
                "Шифры мен атауы, мысалы: 6B04107 Экономика.",
                "Шифр и название, например: 6B04107 Экономика.",
                "Code and name, e.g. 6B04107 Economics.",
            ),
            aliases=(
                "Шифр и наименование ОП",
                "Шифр и наименование",
                "Наименование ОП",
                "Образовательная программа",
                "Программа",
                "Наименование программы",
                "ББ шифры және атауы",
                "Білім беру бағдарламасы",
                "СОП атауы / шифры және СОП атауы",
                "ДДП атауы / шифры және атауы",
                "The name of the DDP / cipher and the name of the specialty of the DDP",
                "Programme",
                "Program",
            ),
        ),
        partner_col(required=True),
        country_col(required=True),
        field_col(),
        _col(
            "contract_date",
            "Шарт жасалған күні",
            "Дата заключения договора",
            "Contract date",
            "date",
            aliases=(
                "Дата договора",
                "Дата заключения",
                "Шарт жасасу күні",
                "Шарт күні",
                "СОП шеңберінде шарт жасасу күні",
                "ДДП шеңберінде шарт жасасу күні",
                "Date of conclusion of the contract under the DDP",
                "Date of the contract",
                "Contract date",
            ),
        ),
        _col(
            "term",
            "Шарттың қолданылу мерзімі",
            "Срок действия договора",
            "Contract term",
            "term",
            aliases=(
                "Срок договора",
                "Срок действия",
                "Срок",
                "Шарт мерзімі",
                "СОП шеңберіндегі шарттың қолданылу мерзімі",
                "ЖКО шеңберінде шарттың қолданылу мерзімі",
                "ДДП шеңберінде шарттың қолданылу мерзімі",
                "The term of the contract within the framework of the DDP",
                "Term",
            ),
        ),
        languages_col(),
        funding_col(),
        _col(
            "enrolment",
            "Білім алушылар контингенті",
            "Контингент обучающихся",
            "Students enrolled",
            "integer",
            help=_t(
                "Бағдарлама бойынша есепті жылы оқыған білім алушылар саны.",
                "Число обучающихся по программе в отчётном году.",
                "Number of students enrolled in the programme in the reporting year.",
            ),
            aliases=(
                "Контингент",
                "Контингент студентов",
                "Білім алушылар саны",
                "Студенттер контингенті",
                "Количество обучающихся",
                "The contingent of students studying under the DDP",
                "Contingent",
                "Enrolment",
            ),
        ),
    )


