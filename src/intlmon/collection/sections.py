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
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from intlmon.lib.languages import ABBREVIATIONS
from intlmon.records.models import (
    Agreement,
    Format,
    Funding,
    Level,
    MobilityFlow,
    Presence,
    Project,
    Publications,
    StrategicPartnership,
)
from intlmon.registry.models import InstitutionCategory

LANGS = ("kk", "ru", "en")

KINDS = ("text", "integer", "date", "term", "choice", "country", "field", "partner", "languages", "boolean")

CHOICE_LISTS = (
    "countries",
    "fields",
    "levels",
    "categories",
    "directions",
    "presence_directions",
    "presence_kinds",
    "project_kinds",
    "mobility_directions",
    "persons",
    "formats",
    "funding_sources",
    "languages",
    "partnership_models",
    "databases",
    "statuses",
    "partnership_statuses",
    "booleans",
)

# Lists whose cells may name several values, separated by ';' (also ',', '/', 'и', 'және', 'and' on reading).
MULTI_VALUE_LISTS = ("directions", "languages")


# --------------------------------------------------------------------------------------------
# Normalisation


_QUOTES = "\"'«»“”„‟‘’‚‛`´"
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_header(text: object) -> str:
    """Comparison form of a header, sheet name or label: NFKC, casefolded, ё→е, punctuation → one space."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    for quote in _QUOTES:
        value = value.replace(quote, " ")
    return _NON_WORD.sub(" ", value).strip()


# --------------------------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True)
class Column:
    key: str
    headers: dict[str, str]
    kind: str = "text"
    required: bool = False
    choices: str | None = None
    help: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.headers.get(lang) or self.headers["ru"]

    def help_text(self, lang: str) -> str:
        """The column's own help, or the generic help of its kind."""
        own = self.help.get(lang) or self.help.get("ru")
        return own or KIND_HELP.get(self.kind, {}).get(lang, "")

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every header text accepted for this column on reading (all languages and aliases).

        The machine key is not among them: the reader matches keys only in the machine header row.
        """
        return (*self.headers.values(), *self.aliases)


@dataclass(frozen=True)
class Section:
    key: str
    model_label: str
    titles: dict[str, str]
    columns: tuple[Column, ...]
    help: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # other sheet names accepted on reading

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["ru"]

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.key} has no column {key!r}")

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(col.key for col in self.columns)

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(col.key for col in self.columns if col.required)


def _t(kk: str, ru: str, en: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru, "en": en}


KIND_HELP: dict[str, dict[str, str]] = {
    "text": _t("Мәтін.", "Текст.", "Text."),
    "integer": _t("Бүтін сан, 0 немесе одан көп.", "Целое число, 0 или больше.", "A whole number, 0 or more."),
    "date": _t(
        "Күні (КК.АА.ЖЖЖЖ); тек жылы белгілі болса, жылды жазыңыз.",
        "Дата (ДД.ММ.ГГГГ); если известен только год, укажите год.",
        "Date (DD.MM.YYYY); if only the year is known, enter the year.",
    ),
    "term": _t(
        "Мерзімі: жыл саны (мысалы, «5 жыл»), аяқталу күні немесе «мерзімсіз».",
        "Срок: число лет (например, «5 лет»), дата окончания или «бессрочный».",
        "Term: a number of years (e.g. '5 years'), an end date, or 'open-ended'.",
    ),
    "choice": _t("Тізімнен таңдаңыз.", "Выберите из списка.", "Choose from the list."),
    "country": _t(
        "Мемлекетті тізімнен таңдаңыз.",
        "Выберите страну из списка.",
        "Choose the country from the list.",
    ),
    "field": _t(
        "Білім беру саласын тізімнен таңдаңыз (коды және атауы).",
        "Выберите область образования из списка (код и название).",
        "Choose the field of education from the list (code and name).",
    ),
    "partner": _t(
        "Шетелдік ұйымның шарттағыдай толық ресми атауы.",
        "Полное официальное название зарубежной организации, как в договоре.",
        "Full official name of the foreign organisation, as in the agreement.",
    ),
    "languages": _t(
        "Бір немесе бірнеше тіл, «;» арқылы бөліп жазыңыз.",
        "Один или несколько языков через «;».",
        "One or more languages, separated by ';'.",
    ),
    "boolean": _t("Иә / Жоқ.", "Да / Нет.", "Yes / No."),
}


def _col(
    key: str,
    kk: str,
    ru: str,
    en: str,
    kind: str = "text",
    *,
    required: bool = False,
    choices: str | None = None,
    help: dict[str, str] | None = None,
    aliases: tuple[str, ...] = (),
) -> Column:
    assert kind in KINDS, kind
    assert choices is None or choices in CHOICE_LISTS, choices
    return Column(key, _t(kk, ru, en), kind, required, choices, help or {}, aliases)


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


# The sections ------------------------------------------------------------------------------

SECTIONS: tuple[Section, ...] = (
    Section(
        "profile",
        "records.InstitutionProfile",
        _t("ЖОО профилі", "Профиль вуза", "Institution profile"),
        (
            _col(
                "students",
                "Білім алушылар саны",
                "Численность обучающихся",
                "Number of students",
                "integer",
                help=_t(
                    "Барлық деңгейлердегі білім алушылар саны (есепті жылдың 1 қазанына).",
                    "Численность обучающихся всех уровней (на 1 октября отчётного года).",
                    "Students at all levels (as of 1 October of the reporting year).",
                ),
                aliases=("Обучающиеся", "Студенты", "Білім алушылар", "Students"),
            ),
            _col(
                "academic_staff",
                "Профессор-оқытушылар құрамының саны",
                "Численность профессорско-преподавательского состава",
                "Number of academic staff",
                "integer",
                help=_t(
                    "Штаттағы ПОҚ саны (адам).",
                    "Штатный ППС (человек).",
                    "Full-time academic staff (headcount).",
                ),
                aliases=("ППС", "ПОҚ", "Численность ППС", "ПОҚ саны", "Academic staff"),
            ),
        ),
        _t(
            "Білім алушылар мен ПОҚ саны — бір жол.",
            "Численность обучающихся и ППС — одна строка.",
            "Student and academic staff headcounts — one row.",
        ),
        aliases=("Профиль", "Profile"),
    ),
    Section(
        "agreements",
        "records.Agreement",
        _t("Халықаралық келісімдер", "Международные договоры", "International agreements"),
        (
            partner_col(required=True),
            country_col(required=True),
            _col(
                "directions",
                "Ынтымақтастық бағыттары",
                "Направления сотрудничества",
                "Areas of cooperation",
                choices="directions",
                help=_t(
                    "Тізімнен бір немесе бірнеше бағыт, «;» арқылы.",
                    "Одно или несколько направлений из списка через «;».",
                    "One or more areas from the list, separated by ';'.",
                ),
                aliases=(
                    "Направление сотрудничества",
                    "Келісімшарттың бағыты",
                    "Ынтымақтастық бағыты",
                    "Direction of cooperation",
                    "Areas of cooperation",
                ),
            ),
            _col(
                "signed_on",
                "Қол қойылған күні",
                "Дата подписания",
                "Date signed",
                "date",
                aliases=(
                    "Дата договора",
                    "Дата заключения договора",
                    "Дата заключения",
                    "Шарт жасасу күні",
                    "Келісімшарт жасалған күні",
                    "Date of the contract",
                    "Date of signing",
                ),
            ),
            _col(
                "term",
                "Қолданылу мерзімі",
                "Срок действия",
                "Term",
                "term",
                aliases=("Срок договора", "Срок действия договора", "Шарттың қолданылу мерзімі", "Contract term",
                         "Valid until", "Действует до"),
            ),
            _col(
                "auto_renewal",
                "Автоматты түрде ұзарту",
                "Автоматическая пролонгация",
                "Automatic renewal",
                "boolean",
                help=_t(
                    "Мерзімі біткенде шарт автоматты түрде ұзартыла ма: Иә / Жоқ.",
                    "Продлевается ли договор автоматически по окончании срока: Да / Нет.",
                    "Is the agreement renewed automatically at the end of its term: Yes / No.",
                ),
                aliases=("Автопролонгация", "Пролонгация", "Автоматты ұзарту", "Auto-renewal"),
            ),
        ),
        _t(
            "Әр жол — шетелдік ұйыммен жасалған бір қолданыстағы келісім (шарт, меморандум).",
            "Каждая строка — один действующий договор (соглашение, меморандум) с зарубежной организацией.",
            "Each row is one agreement (contract, memorandum) in force with a foreign organisation.",
        ),
        aliases=("Договоры", "Соглашения", "Келісімдер", "Келісімшарттар", "Agreements"),
    ),
    Section(
        "presences",
        "records.Presence",
        _t("Филиалдар мен өкілдіктер", "Филиалы и представительства", "Branches and representations"),
        (
            _col(
                "direction",
                "Бағыты",
                "Направление",
                "Direction",
                "choice",
                required=True,
                choices="presence_directions",
                help=_t(
                    "Шетелдік ЖОО-ның Қазақстандағы филиалы ма, әлде сіздің ЖОО-ның шетелдегі филиалы ма.",
                    "Филиал зарубежного вуза в Казахстане или филиал вашего вуза за рубежом.",
                    "A foreign HEI's branch in Kazakhstan, or your HEI's branch abroad.",
                ),
            ),
            _col("kind", "Нысаны", "Форма", "Type", "choice", choices="presence_kinds",
                 aliases=("Вид", "Түрі", "Kind")),
            _col(
                "name",
                "Атауы",
                "Наименование",
                "Name",
                required=True,
                help=_t(
                    "Филиалдың, өкілдіктің немесе орталықтың толық атауы.",
                    "Полное название филиала, представительства или центра.",
                    "Full name of the branch, representation or centre.",
                ),
                aliases=("Өкілдіктің атауы", "Наименование филиала / представительства", "Название",
                         "Name of the branch"),
            ),
            partner_col(),
            country_col(required=True),
            _col("city", "Қала", "Город", "City"),
            _col("opened_on", "Ашылған күні", "Дата открытия", "Opening date", "date",
                 aliases=("Год открытия", "Ашылған жылы", "Opened on")),
            _col("status", "Мәртебесі", "Статус", "Status", "choice", choices="statuses"),
        ),
        _t(
            "Шетелдік ЖОО-ның сіздің ЖОО базасындағы филиалдары мен өкілдіктері және сіздің ЖОО-ның шетелдегі филиалдары.",
            "Филиалы и представительства зарубежных вузов на базе вашего вуза и филиалы вашего вуза за рубежом.",
            "Branches and representations of foreign HEIs at your HEI, and your HEI's branches abroad.",
        ),
        aliases=("Филиалы", "Представительства", "Филиалдар", "Өкілдіктер", "Branches"),
    ),
    Section(
        "projects",
        "records.Project",
        _t("Халықаралық жобалар", "Международные проекты", "International projects"),
        (
            _col("kind", "Жоба түрі", "Вид проекта", "Project type", "choice", required=True, choices="project_kinds",
                 aliases=("Тип проекта", "Specify the project type: joint research project / educational project, etc",
                          "Type of project")),
            _col(
                "title",
                "Жобаның атауы",
                "Название проекта",
                "Project title",
                required=True,
                aliases=("Наименование проекта", "Жоба атауы", "Name of the international project in English",
                         "Name of the international project in Russian", "Name of the project", "Title"),
            ),
            _col(
                "funder",
                "Бағдарлама / қаржыландырушы",
                "Программа / грантодатель",
                "Programme or funder",
                help=_t(
                    "Мысалы: Erasmus+, British Council, Horizon Europe.",
                    "Например: Erasmus+, British Council, Horizon Europe.",
                    "E.g. Erasmus+, British Council, Horizon Europe.",
                ),
                aliases=("Грантодатель", "Программа", "Funder", "Programme"),
            ),
            partner_col(),
            country_col(),
            field_col(),
            _col(
                "role",
                "ЖОО-ның рөлі",
                "Роль вуза",
                "Role of the HEI",
                help=_t("Үйлестіруші немесе серіктес.", "Координатор или партнёр.", "Coordinator or partner."),
                aliases=("Роль", "Рөлі", "Role"),
            ),
            _col("start_year", "Басталған жылы", "Год начала", "Start year", "integer",
                 aliases=("Project start date", "Дата начала", "Начало", "Start")),
            _col("end_year", "Аяқталу жылы", "Год окончания", "End year", "integer",
                 aliases=("Project end date", "Дата окончания", "Окончание", "End")),
        ),
        _t(
            "Әр жол — шетелдік серіктестермен бірлескен бір ғылыми немесе білім беру жобасы.",
            "Каждая строка — один научный или образовательный проект с зарубежными партнёрами.",
            "Each row is one research or educational project with foreign partners.",
        ),
        aliases=("Проекты", "Жобалар", "Projects"),
    ),
    Section(
        "joint_programmes",
        "records.JointProgramme",
        _t("Бірлескен бағдарламалар", "Совместные программы", "Joint programmes"),
        programme_columns(),
        _t(
            "Шетелдік серіктеспен бірлескен білім беру бағдарламалары (СОП / ББББ), әр бағдарлама — бір жол.",
            "Совместные образовательные программы с зарубежным партнёром (СОП), одна программа — одна строка.",
            "Joint educational programmes with a foreign partner, one programme per row.",
        ),
        aliases=("СОП", "ББББ", "Совместные образовательные программы", "Бірлескен білім беру бағдарламалары"),
    ),
    Section(
        "double_degree_programmes",
        "records.DoubleDegreeProgramme",
        _t("Қос дипломдық бағдарламалар", "Программы двойного диплома", "Double-degree programmes"),
        programme_columns(),
        _t(
            "Қос дипломдық бағдарламалар (ДДП / ҚДБ), әр бағдарлама — бір жол.",
            "Программы двудипломного образования (ДДП), одна программа — одна строка.",
            "Double-degree programmes, one programme per row.",
        ),
        aliases=("ДДП", "ҚДБ", "Двудипломные программы", "Double degree programmes", "DDP"),
    ),
    Section(
        "mobility",
        "records.MobilityFlow",
        _t("Академиялық ұтқырлық", "Академическая мобильность", "Academic mobility"),
        (
            _col("direction", "Ұтқырлық бағыты", "Направление мобильности", "Direction of mobility", "choice",
                 required=True, choices="mobility_directions", aliases=("Вид мобильности", "Ұтқырлық түрі", "Mobility")),
            _col("person", "Қатысушылар санаты", "Категория участников", "Participants", "choice", required=True,
                 choices="persons", aliases=("Категория", "Санаты", "Category")),
            level_col(),
            partner_col(),
            country_col(required=True),
            field_col(),
            format_col(),
            funding_col(),
            headcount_col(),
        ),
        _t(
            "Шығыс және кіріс академиялық ұтқырлық: серіктес, ел, санат және деңгей бойынша адам саны.",
            "Исходящая и входящая академическая мобильность: число участников по партнёру, стране, категории и уровню.",
            "Outbound and inbound academic mobility: headcount by partner, country, category and level.",
        ),
        aliases=("Мобильность", "Ұтқырлық", "Mobility"),
    ),
    Section(
        "visiting_faculty",
        "records.VisitingFaculty",
        _t("Шақырылған шетелдік ғалымдар", "Приглашённые зарубежные учёные", "Visiting foreign faculty"),
        (
            partner_col(required=True),
            country_col(),
            headcount_col(),
            _col("academic_degree", "Ғылыми дәрежесі, атағы", "Учёная степень, звание", "Academic degree, title",
                 aliases=("Учёная степень", "Ғылыми дәрежесі", "Academic degree")),
            field_col(),
            format_col(),
            funding_col(),
        ),
        _t(
            "Шақырылған шетелдік ғалымдар мен оқытушылар: ұйым, адам саны, дәрежесі, саласы, форматы және қаржыландыру.",
            "Приглашённые зарубежные учёные и преподаватели: организация, число, степень, область, формат и финансирование.",
            "Visiting foreign scholars and lecturers: organisation, headcount, degree, field, format and funding.",
        ),
        aliases=("Зарубежные учёные", "Приглашенные ученые", "Visiting specialists", "Visiting faculty"),
    ),
    Section(
        "international_students",
        "records.InternationalStudents",
        _t("Шетелдік студенттер", "Иностранные студенты", "International students"),
        (
            _col(
                "country",
                "Азаматтығы (мемлекет)",
                "Гражданство (страна)",
                "Country of citizenship",
                "country",
                required=True,
                choices="countries",
                aliases=("Гражданство", "Азаматтығы", "Citizenship", *COUNTRY_ALIASES),
            ),
            level_col(),
            headcount_col(
                help=_t(
                    "Толық оқу мерзіміне түскен шетелдік білім алушылар саны (дәреже алу үшін).",
                    "Число иностранных обучающихся на полный срок (для получения степени).",
                    "Degree-seeking international students (headcount).",
                ),
                aliases=("Контингент", "Количество студентов", "Студенттер саны", *HEADCOUNT_ALIASES),
            ),
        ),
        _t(
            "Дәреже алу үшін оқитын шетелдік студенттер: азаматтығы және деңгейі бойынша.",
            "Иностранные студенты, обучающиеся для получения степени: по гражданству и уровню.",
            "Degree-seeking international students by citizenship and level.",
        ),
        aliases=("Иностранные студенты", "Шетелдік білім алушылар", "International students"),
    ),
    Section(
        "publications",
        "records.Publications",
        _t("Жарияланымдар", "Публикации", "Publications"),
        (
            _col("database", "Дерекқор", "База данных", "Database", "choice", required=True, choices="databases",
                 aliases=("База", "БД")),
            field_col(),
            _col("count", "Жарияланымдар саны", "Количество публикаций", "Number of publications", "integer",
                 required=True, aliases=("Количество", "Саны", "Публикации", "Publications", "Count")),
            _col(
                "with_foreign_coauthors",
                "Оның ішінде шетелдік авторлармен бірлескен",
                "В том числе с зарубежными соавторами",
                "Of which with foreign co-authors",
                "integer",
                aliases=("С зарубежными соавторами", "Шетелдік авторлармен", "With foreign co-authors"),
            ),
        ),
        _t(
            "Scopus және Web of Science жарияланымдары, білім беру саласы бойынша.",
            "Публикации в Scopus и Web of Science по областям образования.",
            "Scopus and Web of Science publications by field of education.",
        ),
        aliases=("Публикации", "Жарияланымдар", "Publications", "Scopus", "Scopus WoS"),
    ),
    Section(
        "strategic_partnerships",
        "records.StrategicPartnership",
        _t("Стратегиялық әріптестік", "Стратегическое партнёрство", "Strategic partnerships"),
        (
            _col("model", "Әріптестік моделі", "Модель партнёрства", "Partnership model", "choice", required=True,
                 choices="partnership_models", aliases=("Модель", "Model")),
            partner_col(required=True),
            country_col(),
            _col("start_year", "Басталған жылы", "Год начала", "Start year", "integer",
                 aliases=("Начало", "Start")),
            _col("term_years", "Мерзімі (жыл)", "Срок (лет)", "Term (years)", "integer",
                 aliases=("Срок", "Мерзімі", "Term")),
            _col(
                "partner_ranking",
                "Серіктестің әлемдік рейтингтегі орны",
                "Позиция партнёра в мировом рейтинге",
                "Partner's world ranking position",
                "integer",
                help=_t(
                    "QS, THE немесе ARWU рейтингіндегі ең жоғары орны.",
                    "Лучшая позиция в рейтинге QS, THE или ARWU.",
                    "Best position in the QS, THE or ARWU ranking.",
                ),
                aliases=("Рейтинг партнера", "Рейтинг", "Ranking"),
            ),
            _col(
                "foreign_staff_share",
                "Шетелдік ПОҚ үлесі, %",
                "Доля зарубежного ППС, %",
                "Share of foreign academic staff, %",
                help=_t(
                    "Пайызбен, мысалы 30.",
                    "В процентах, например 30.",
                    "In percent, e.g. 30.",
                ),
                aliases=("Доля зарубежного ППС", "Шетелдік ПОҚ үлесі", "Foreign staff share"),
            ),
            languages_col(),
            _col(
                "kazakh_language_disciplines",
                "Қазақ тіліндегі пәндер саны",
                "Количество дисциплин на казахском языке",
                "Disciplines taught in Kazakh",
                "integer",
            ),
            _col("registered", "Тіркелген", "Зарегистрировано", "Registered", "boolean",
                 help=_t("Әріптестік (филиал) заңды тіркелген бе: Иә / Жоқ.",
                         "Зарегистрировано ли партнёрство (филиал) юридически: Да / Нет.",
                         "Is the partnership (branch) legally registered: Yes / No.")),
            _col("licensed", "Лицензиясы бар", "Лицензия получена", "Licensed", "boolean",
                 help=_t("Білім беру қызметіне лицензия алынды ма: Иә / Жоқ.",
                         "Получена ли лицензия на образовательную деятельность: Да / Нет.",
                         "Has a licence for educational activity been obtained: Yes / No.")),
            funding_col(),
            # issue 15: the facts the register of partnerships (intlmon.partnerships) is assessed on
            _col("status", "Мәртебесі", "Статус", "Status", "choice", choices="partnership_statuses"),
            _col("ministry_agreement", "Министрлікпен келісім (нөмірі)", "Согласование с Министерством (номер)",
                 "Agreement with the Ministry (reference)",
                 help=_t("Министрлікпен келісілген құжаттың нөмірі; келісілмесе, бос қалдырыңыз.",
                         "Номер документа о согласовании с Министерством; если не согласовано, оставьте пустым.",
                         "Reference of the Ministry's agreement; leave empty when not agreed.")),
            _col("ministry_agreement_date", "Министрлікпен келісім күні", "Дата согласования с Министерством",
                 "Date of the agreement with the Ministry", "date"),
            _col("other_parties", "Басқа тараптар (кәсіпорындар)", "Другие стороны (предприятия)",
                 "Other parties (enterprises)",
                 help=_t("Мысалы: «Қазфосфат» ЖШС; бірнешеуі болса, «;» арқылы.",
                         "Например: ТОО «Казфосфат»; несколько — через «;».",
                         "E.g. Kazphosphate LLP; several separated by ';'.")),
            _col("joint_committees", "Бірлескен комитеттер", "Совместные комитеты", "Joint committees",
                 help=_t("Комитеттердің атауы «;» арқылы (оқыту, қабылдау, білім беру инновациялары, студенттік тәжірибе).",
                         "Названия комитетов через «;» (преподавание, приём, образовательные инновации, студенческий опыт).",
                         "Committee names separated by ';' (teaching and learning, admission, educational innovation, "
                         "student experience).")),
            _col("quality_assurance", "Сапаны қамтамасыз ету жүйесі", "Система обеспечения качества",
                 "Quality-assurance system",
                 help=_t("Бағдарламаларды әзірлеу және бекіту рәсімдері қысқаша; жоқ болса, бос қалдырыңыз.",
                         "Кратко: процедуры разработки и утверждения программ; если нет, оставьте пустым.",
                         "In brief: procedures for developing and approving programmes; leave empty when none.")),
        ),
        _t(
            "Шетелдік ЖОО-мен стратегиялық әріптестік (филиал, консорциум, бірлескен мектеп және т.б.).",
            "Стратегическое партнёрство с зарубежными вузами (филиал, консорциум, совместная школа и т.д.).",
            "Strategic partnerships with foreign HEIs (branch campus, consortium, joint school, etc.).",
        ),
        aliases=("Стратегическое партнерство", "Strategic partnership"),
    ),
)

SECTION_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}


def section(key: str) -> Section:
    return SECTION_BY_KEY[key]


# Columns a legacy consolidated table may carry beyond a section's own: the Kazakh HEI a row belongs to
# (the upload template does not need it — one workbook is one HEI) and the printed row number.
INSTITUTION_COLUMN = _col(
    "institution",
    "ЖОО",
    "Вуз",
    "Institution",
    aliases=(
        "ЖОО атауы",
        "ЖОО ның атауы",
        "ЖОО-ның атауы",
        "ҚР ЖОО",
        "ҚР ЖОО атауы",
        "Қазақстандық жоғары оқу орнының атауы",
        "Жоғары оқу орнының атауы",
        "Наименование вуза",
        "Наименование ВУЗа",
        "Наименование ОВПО",
        "Казахстанский вуз",
        "Вуз РК",
        "ОВПО",
        "HEI",
        "Kazakh HEI",
        "Name of OVPO",
        "Name of the Kazakh university",
    ),
)
IGNORED_HEADERS = (
    "№",
    "№ п/п",
    "Nº",
    "No",
    "N",
    "п/п",
    "Subject / Direction of the project",
    "The work done within the framework of the project",
)


# --------------------------------------------------------------------------------------------
# Dropdown lists


@dataclass(frozen=True)
class Choice:
    value: str
    labels: dict[str, str]
    aliases: tuple[str, ...] = ()


def _c(value: str, kk: str, ru: str, en: str, *aliases: str) -> Choice:
    return Choice(str(value), _t(kk, ru, en), aliases)


STATIC_CHOICES: dict[str, tuple[Choice, ...]] = {
    "levels": (
        _c(Level.BACHELOR, "бакалавриат", "бакалавриат", "bachelor's", "бакалавр", "6B", "bachelor",
           "bachelor's degree", "бакалавриат деңгейі"),
        _c(Level.MASTER, "магистратура", "магистратура", "master's", "магистр", "7M", "master", "master's degree"),
        _c(Level.DOCTORATE, "докторантура", "докторантура", "doctorate (PhD)", "доктор PhD", "8D", "PhD",
           "doctorate", "doctoral", "doctoral studies"),
        _c(Level.SPECIALIST, "резидентура / мамандандырылған даярлық", "специалитет / резидентура",
           "specialist / residency", "резидентура", "специалитет", "residency", "specialist"),
    ),
    "categories": (
        _c(InstitutionCategory.Category.NATIONAL, "ұлттық ЖОО", "национальный вуз", "national HEI", "ұлттық",
           "национальный", "national"),
        _c(InstitutionCategory.Category.STATE, "мемлекеттік ЖОО", "государственный вуз", "state HEI",
           "мемлекеттік", "государственный", "state"),
        _c(InstitutionCategory.Category.JOINT_STOCK, "акционерлік қоғам", "акционерное общество",
           "joint-stock company", "АҚ", "АО", "НАО", "КеАҚ", "joint-stock"),
        _c(InstitutionCategory.Category.PRIVATE, "жекеменшік ЖОО", "частный вуз", "private HEI", "жекеменшік",
           "частный", "private"),
        _c(InstitutionCategory.Category.INTERNATIONAL, "халықаралық ЖОО", "международный вуз",
           "international HEI", "халықаралық", "международный", "international"),
    ),
    "directions": (
        _c(Agreement.Direction.MOBILITY, "ПОҚ алмасу және студенттердің академиялық ұтқырлығы",
           "академическая мобильность студентов и ППС", "staff and student mobility", "академическая мобильность",
           "мобильность", "академиялық ұтқырлық", "ұтқырлық", "mobility", "academic mobility"),
        _c(Agreement.Direction.PROFESSIONAL_DEVELOPMENT, "біліктілікті арттыру", "повышение квалификации",
           "professional development"),
        _c(Agreement.Direction.JOINT_PROJECTS, "бірлескен жобалар", "совместные проекты", "joint projects"),
        _c(Agreement.Direction.DEGREE_PROGRAMMES, "қос дипломдық және бірлескен білім беру бағдарламалары",
           "совместные программы и программы двойного диплома", "joint and double-degree programmes",
           "двудипломные программы", "ДДП", "СОП", "double-degree programmes", "joint programmes"),
        _c(Agreement.Direction.RESEARCH, "бірлескен зерттеулер", "совместные исследования", "joint research",
           "бірлескен зерттеу", "научные исследования", "research"),
        _c(Agreement.Direction.OTHER, "басқа", "другое", "other", "прочее", "басқалары"),
    ),
    "presence_directions": (
        _c(Presence.Direction.INBOUND, "шетелдік ЖОО-ның Қазақстандағы филиалы",
           "филиал зарубежного вуза в Казахстане", "foreign HEI's branch in Kazakhstan", "входящее", "inbound",
           "foreign branch in Kazakhstan"),
        _c(Presence.Direction.OUTBOUND, "қазақстандық ЖОО-ның шетелдегі филиалы",
           "филиал казахстанского вуза за рубежом", "Kazakh HEI's branch abroad", "исходящее", "outbound",
           "Kazakh branch abroad"),
    ),
    "presence_kinds": (
        _c(Presence.Kind.BRANCH, "филиал", "филиал", "branch"),
        _c(Presence.Kind.REPRESENTATION, "өкілдік", "представительство", "representation", "representative office"),
        _c(Presence.Kind.CENTRE, "орталық", "центр", "centre", "center"),
        _c(Presence.Kind.OFFICE, "кеңсе", "офис", "office"),
        _c(Presence.Kind.VIRTUAL, "виртуалды", "виртуальное", "virtual", "виртуальный"),
    ),
    "project_kinds": (
        _c(Project.Kind.RESEARCH, "ғылыми", "научный", "research", "ғылыми жоба", "научный проект",
           "научно-исследовательский", "joint research project", "joint scientific project", "scientific"),
        _c(Project.Kind.EDUCATIONAL, "білім беру", "образовательный", "educational", "білім беру жобасы",
           "образовательный проект", "educational project", "joint educational project"),
    ),
    "mobility_directions": (
        _c(MobilityFlow.Direction.OUTBOUND, "шығыс (шетелге)", "исходящая (за рубеж)", "outbound (abroad)",
           "шығыс", "исходящая", "outbound", "outgoing"),
        _c(MobilityFlow.Direction.INBOUND, "кіріс (Қазақстанға)", "входящая (в Казахстан)",
           "inbound (to Kazakhstan)", "кіріс", "входящая", "inbound", "incoming"),
    ),
    "persons": (
        _c(MobilityFlow.Person.STUDENT, "білім алушылар", "обучающиеся", "students", "студенты", "студент",
           "студенттер", "student"),
        _c(MobilityFlow.Person.STAFF, "ПОҚ және қызметкерлер", "ППС и сотрудники", "academic and other staff",
           "ППС", "ПОҚ", "staff", "сотрудники", "қызметкерлер"),
    ),
    "formats": (
        _c(Format.PHYSICAL, "офлайн (күндізгі)", "очно (офлайн)", "in person (offline)", "офлайн", "очно",
           "очный", "offline", "physical", "in person"),
        _c(Format.ONLINE, "онлайн", "онлайн", "online", "дистанционно", "дистанционный", "қашықтан"),
        _c(Format.BLENDED, "аралас", "смешанный", "blended", "гибридный", "hybrid", "смешанно"),
    ),
    "funding_sources": (
        _c(Funding.REPUBLICAN_BUDGET, "республикалық бюджет", "республиканский бюджет", "republican budget",
           "государственный бюджет", "госзаказ", "мемлекеттік тапсырыс", "state budget"),
        _c(Funding.EXTRA_BUDGETARY, "ЖОО-ның бюджеттен тыс қаражаты", "внебюджетные средства вуза",
           "extra-budgetary funds of the HEI", "внебюджетные средства", "внебюджет", "за счет вуза",
           "бюджеттен тыс", "extra-budgetary", "extrabudgetary", "at the expense of the university"),
        _c(Funding.STUDENT, "білім алушының өз қаражаты", "за счёт обучающегося", "at the student's expense",
           "за счет студента", "за счет обучающегося", "студенттің қаражаты", "платно", "self-funded",
           "at the expense of the student"),
        # 'Abai-Verne': the Kazakh-French government scholarship named in the France note (000_*, lines 171-173)
        _c(Funding.GRANT, "халықаралық грант", "международный грант", "international grant", "грант", "grant",
           "Abai-Verne", "Abai-Vern", "Абай-Верн", "Абай-Верне"),
        _c(Funding.PARTNER, "серіктестің қаражаты", "средства партнёра", "partner's funds",
           "за счет партнера", "за счет принимающей стороны", "partner"),
        _c(Funding.OTHER, "басқа", "другое", "other", "прочее"),
    ),
    # Labels are the dropdown's; the aliases are the reading parser's abbreviations (lib.languages, the one
    # declaration of what a language cell may say; a cell is read by that parser on upload and import).
    "languages": tuple(
        _c(code, kk, ru, en, *ABBREVIATIONS[code]) for code, kk, ru, en in (
            ("kk", "қазақ тілі", "казахский", "Kazakh"),
            ("ru", "орыс тілі", "русский", "Russian"),
            ("en", "ағылшын тілі", "английский", "English"),
            ("fr", "француз тілі", "французский", "French"),
            ("de", "неміс тілі", "немецкий", "German"),
            ("tr", "түрік тілі", "турецкий", "Turkish"),
            ("zh", "қытай тілі", "китайский", "Chinese"),
            ("ko", "корей тілі", "корейский", "Korean"),
            ("ja", "жапон тілі", "японский", "Japanese"),
            ("ar", "араб тілі", "арабский", "Arabic"),
            ("es", "испан тілі", "испанский", "Spanish"),
            ("it", "итальян тілі", "итальянский", "Italian"),
            ("pl", "поляк тілі", "польский", "Polish"),
            ("uz", "өзбек тілі", "узбекский", "Uzbek"),
            ("ky", "қырғыз тілі", "киргизский", "Kyrgyz"),
        )
    ),
    "partnership_models": (
        _c(StrategicPartnership.Model.BRANCH, "шетелдік ЖОО филиалы", "филиал зарубежного вуза", "branch campus",
           "филиал", "branch"),
        _c(StrategicPartnership.Model.CONSORTIUM, "консорциум", "консорциум", "consortium"),
        _c(StrategicPartnership.Model.JOINT_SCHOOL, "бірлескен мектеп / қос дипломдық бағдарламалар",
           "совместная школа / программы двойного диплома", "joint school / double-degree programmes",
           "совместная школа", "бірлескен мектеп", "joint school"),
        _c(StrategicPartnership.Model.CERTIFICATION_CENTRE, "сертификаттау орталығы", "сертификационный центр",
           "certification centre", "certification center"),
        _c(StrategicPartnership.Model.FRANCHISE, "франшиза", "франшиза", "franchise", "франчайзинг"),
        _c(StrategicPartnership.Model.JOINT_VENTURE, "бірлескен кәсіпорын", "совместное предприятие",
           "joint venture"),
    ),
    "databases": (
        _c(Publications.Database.SCOPUS, "Scopus", "Scopus", "Scopus"),
        _c(Publications.Database.WOS, "Web of Science", "Web of Science", "Web of Science", "WoS",
           "Web of Science Core Collection", "WOS"),
    ),
    "statuses": (
        _c("operating", "жұмыс істейді", "действует", "operating", "действующий", "работает", "active"),
        _c("planned", "жоспарланған", "планируется", "planned", "планируемый", "жоспарлануда"),
    ),
    "partnership_statuses": (
        _c("planned", "жоспарланған", "планируется", "planned", "планируемый", "жоспарлануда"),
        _c("operating", "жұмыс істейді", "действует", "operating", "действующий", "работает", "active"),
        _c("ended", "аяқталды", "завершено", "ended", "завершён", "прекращено"),
    ),
    "booleans": (
        _c("yes", "Иә", "Да", "Yes", "true", "1", "есть", "бар", "иа"),
        _c("no", "Жоқ", "Нет", "No", "false", "0", "жок"),
    ),
}


def choice_values(name: str, lang: str) -> list[tuple[str, str]]:
    """The dropdown `name` as (value, label) pairs, labels in `lang` (kk, ru or en)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    if name == "countries":
        from intlmon.registry.models import Country

        pairs = [(c.code, c.display_name(lang)) for c in Country.objects.all()]
        return sorted(pairs, key=lambda p: p[1].casefold())
    if name == "fields":
        from intlmon.registry.models import FieldOfEducation

        return [(f.code, f"{f.code} {f.display_name(lang)}") for f in FieldOfEducation.objects.order_by("code")]
    try:
        choices = STATIC_CHOICES[name]
    except KeyError:
        raise KeyError(f"unknown choice list {name!r}") from None
    return [(c.value, c.labels[lang]) for c in choices]


def choice_label(name: str, value: object, lang: str) -> str | None:
    """The label of `value` in `lang`, or None when the list has no such value."""
    if value is None:
        return None
    for v, label in choice_values(name, lang):
        if v == str(value):
            return label
    return None


class ChoiceLookup:
    """Label → value maps built once: use one instance to resolve many cells (it caches registry lists)."""

    def __init__(self) -> None:
        self._maps: dict[str, dict[str, str]] = {}

    def _map(self, name: str) -> dict[str, str]:
        if name not in self._maps:
            # the declared lists never change in a process: their maps are built once for all lookups
            self._maps[name] = _static_map(name) if name in STATIC_CHOICES else _build_map(name)
        return self._maps[name]

    def value(self, name: str, text: object) -> str | None:
        key = normalise_header(text)
        if not key:
            return None
        mapping = self._map(name)
        if key in mapping:
            return mapping[key]
        if name == "fields":
            match = re.match(r"^(\d{1,2})(?:\b|$)", key)
            if match:
                code = match.group(1).zfill(2)
                if code in mapping.values():
                    return code
        if name == "countries":
            return _registry_country(text)
        return None

    def split(self, name: str, text: object) -> tuple[list[str], list[str]]:
        """Values named by a multi-value cell, in order without repeats, and the parts not understood.

        Separators are tried from the strongest (';', new line) to the weakest (',', '/', then 'и',
        'және', 'and', '&'), and a part that is a known label as a whole is never split further
        ('staff and student mobility').
        """
        values: list[str] = []
        unknown: list[str] = []
        if text is None or str(text).strip() == "":
            return values, unknown

        def walk(part: str, level: int) -> None:
            if not normalise_header(part):
                return
            value = self.value(name, part)
            if value is not None:
                if value not in values:
                    values.append(value)
                return
            if level >= len(_SPLITS):
                unknown.append(part.strip())
                return
            pieces = _SPLITS[level].split(part)
            if len(pieces) == 1:
                walk(part, level + 1)
                return
            for piece in pieces:
                walk(piece, level + 1)

        walk(str(text), 0)
        return values, unknown


_SPLITS = (
    re.compile(r"\s*[;\n]\s*"),
    re.compile(r"\s*[,/]\s*"),
    re.compile(r"\s+(?:и|және|and|&)\s+", re.IGNORECASE),
)


_STATIC_MAPS: dict[str, tuple[object, dict[str, str]]] = {}


def _static_map(name: str) -> dict[str, str]:
    """`_build_map` of a declared (not registry) list, kept for the process while the declaration is the
    same object (a test may replace it). Read only."""
    declared = STATIC_CHOICES[name]
    kept = _STATIC_MAPS.get(name)
    if kept is None or kept[0] is not declared:
        kept = _STATIC_MAPS[name] = (declared, _build_map(name))
    return kept[1]


def _build_map(name: str) -> dict[str, str]:
    mapping: dict[str, str] = {}

    def add(text: object, value: str) -> None:
        key = normalise_header(text)
        if key and key not in mapping:
            mapping[key] = value

    if name == "countries":
        from intlmon.registry.models import Country

        for c in Country.objects.all():
            for text in (c.code, c.alpha3, c.name_kk, c.name_ru, c.name_en):
                add(text, c.code)
        return mapping
    if name == "fields":
        from intlmon.registry.models import FieldOfEducation

        for f in FieldOfEducation.objects.all():
            add(f.code, f.code)
            for text in (f.name_kk, f.name_ru, f.name_en):
                add(text, f.code)
                add(f"{f.code} {text}", f.code)
        return mapping
    if name not in STATIC_CHOICES:
        raise KeyError(f"unknown choice list {name!r}")
    for choice in STATIC_CHOICES[name]:
        add(choice.value, choice.value)
        for text in (*choice.labels.values(), *choice.aliases):
            add(text, choice.value)
    return mapping


def _registry_country(text: object) -> str | None:
    """An exact single-country hit of the registry's country resolver (aliases such as 'Ресей', 'ҚХР')."""
    try:
        from intlmon.registry.countries import resolve_country_cell
    except ImportError:  # pragma: no cover - the resolver is optional here
        return None
    try:
        cell = resolve_country_cell(str(text))
    except Exception:  # noqa: BLE001 - a resolver failure must not break reading
        return None
    codes = tuple(getattr(cell, "codes", ()) or ())
    if getattr(cell, "kind", None) == "country" and len(codes) == 1:
        return codes[0]
    return None


def choice_value(name: str, text: object) -> str | None:
    """The value whose label (any language), value or known spelling is `text`; None if none."""
    return ChoiceLookup().value(name, text)


def split_choices(name: str, text: object) -> tuple[list[str], list[str]]:
    """(values, unknown parts) of a cell naming several entries of list `name`."""
    return ChoiceLookup().split(name, text)


_TRUE = {normalise_header(t) for c in STATIC_CHOICES["booleans"] if c.value == "yes" for t in (*c.labels.values(), *c.aliases)}
_FALSE = {normalise_header(t) for c in STATIC_CHOICES["booleans"] if c.value == "no" for t in (*c.labels.values(), *c.aliases)}


def parse_boolean(raw: object) -> bool | None:
    """True / False for yes/no cells in any language (Иә, Да, Yes, 1, TRUE …); None when empty or unclear."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip() in ("+", "-"):  # signs vanish under normalise_header
        return raw.strip() == "+"
    key = normalise_header(raw)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None
