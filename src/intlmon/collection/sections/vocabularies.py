"""The static dropdown lists (`STATIC_CHOICES`): each value with its kk/ru/en label and the legacy
spellings accepted on reading. Labels are written here, not taken from gettext, so a workbook never
depends on the locale files. Countries and fields are not here: they come from the registry."""

from __future__ import annotations

from dataclasses import dataclass

from intlmon.collection.sections.declaration import _t
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
