"""The recommendations of Chapters 1–3 of the Methodological Recommendations (seed 002) as declared criteria.

Each `Criterion` has an id, its text in kk/ru/en, how it is evaluated (kk/ru/en), which records are its
evidence, the partnership models it applies to, and an `evaluate(ctx)` that returns one `Outcome`:

- *met* — with the evidence that shows it (register facts with their sources, record ids, rankings,
  figures);
- *not met* — with the evidence that shows it is not (a stated value below the recommendation, records
  of the HEI without the partner, a fact stated as absent);
- *no evidence* — nothing documents it either way. A missing fact is never read as met or as not met;
- *not applicable* — e.g. registration and licensing of a branch, for a model that opens no branch.

The register's facts are read from `Partnership` (an empty field = not stated; a field named in
`stated_none` = stated as absent); the records' through `partnerships.records` (counted versions only).
docs/partnerships.md has the table of criteria and the evidence rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from intlmon.partnerships import records as counted
from intlmon.partnerships.models import Model, Partnership, Ranking

MET, NOT_MET, NO_EVIDENCE, NOT_APPLICABLE = "met", "not_met", "no_evidence", "not_applicable"
STATES = (MET, NOT_MET, NO_EVIDENCE, NOT_APPLICABLE)
BRANCH_MODELS = (Model.BRANCH, Model.CONSORTIUM)
TOP = 500
# A ranking edition counts as evidence for year Y when it is one of Y-2 … Y+1 (QS names its edition after the
# year following its release: the "2024" edition came out in June 2023).
RANKING_WINDOW = (2, 1)
REQUIRED_LANGUAGES = ("kk", "en", "ru")


def _t(kk: str, ru: str, en: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru, "en": en}


@dataclass
class Outcome:
    state: str
    evidence: list[dict] = field(default_factory=list)


@dataclass
class Context:
    """One partnership in one year, with its HEIs, registry partners, rankings and targets read once."""

    partnership: Partnership
    year: int
    institutions: set[str]
    partners: set[str]  # registry ids of the foreign partners
    partner_names: list[str]
    rankings: list[Ranking]
    targets: list
    _memo: dict = field(default_factory=dict)

    @classmethod
    def of(cls, partnership: Partnership, year: int, rankings: list[Ranking] | None = None) -> Context:
        partners = list(partnership.partners.all())
        ids = {p.organisation_id for p in partners if p.organisation_id}
        names = [str(p) for p in partners]
        if rankings is None:
            rankings = list(Ranking.objects.all())
        keys = {p.organisation_id or _name_key(p.name) for p in partners}
        own = [r for r in rankings if (r.organisation_id or _name_key(r.organisation_name)) in keys]
        return cls(partnership, year, set(partnership.institutions.values_list("pk", flat=True)), ids, names,
                   own, list(partnership.targets.all()))

    def records(self, name: str) -> counted.RecordEvidence:
        if name not in self._memo:
            self._memo[name] = getattr(counted, name)(self.year, self.institutions, self.partners)
        return self._memo[name]


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def fact(p: Partnership, name: str) -> dict:
    value = getattr(p, name)
    if isinstance(value, Decimal):
        value = str(value.normalize()) if value == value.to_integral() else str(value)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    return {"kind": "fact", "field": name, "value": value, "source": p.sources.get(name, "")}


def stated_absent(p: Partnership, name: str) -> dict:
    return {"kind": "stated_none", "field": name, "source": p.sources.get(name, "")}


def _filled(value) -> bool:
    return value not in (None, "", [], {})


# -- evaluations --------------------------------------------------------------------------------------------

def documented(*names: str) -> Callable[[Context], Outcome]:
    """Met when one of the register facts is stated; not met when it is stated as absent; else no evidence."""

    def evaluate(ctx: Context) -> Outcome:
        p = ctx.partnership
        shown = [fact(p, n) for n in names if _filled(getattr(p, n))]
        if shown:
            return Outcome(MET, shown)
        absent = [stated_absent(p, n) for n in names if n in p.stated_none]
        if absent:
            return Outcome(NOT_MET, absent)
        return Outcome(NO_EVIDENCE)

    return evaluate


def long_term(ctx: Context) -> Outcome:
    p = ctx.partnership
    if p.open_ended:
        return Outcome(MET, [fact(p, "open_ended")])
    if p.term_years is None:
        return Outcome(NO_EVIDENCE)
    return Outcome(MET if p.term_years >= 5 else NOT_MET, [fact(p, "term_years")])


def top500(ctx: Context) -> Outcome:
    earliest, latest = ctx.year - RANKING_WINDOW[0], ctx.year + RANKING_WINDOW[1]
    usable = [r for r in ctx.rankings if earliest <= r.edition <= latest]
    if not usable:
        return Outcome(NO_EVIDENCE)
    best = sorted(usable, key=lambda r: (r.worst, -r.edition))
    state = MET if best[0].worst <= TOP else NOT_MET
    return Outcome(state, [ranking_evidence(r) for r in best])


def ranking_evidence(r: Ranking) -> dict:
    return {"kind": "ranking", "id": r.pk, "partner": str(r.organisation.name_en if r.organisation_id
                                                          else r.organisation_name),
            "system": r.get_system_display(), "scope": r.scope, "subject": r.subject, "edition": r.edition,
            "position": r.position, "url": r.source_url, "retrieved_on": r.retrieved_on.isoformat(),
            "entered_by": r.entered_by}


def records_evidence(ev: counted.RecordEvidence) -> dict:
    return {"kind": "records", "section": ev.section, "count": ev.count, "quantity": ev.quantity,
            "reported": ev.reported, "records": ev.matched}


def from_records(name: str, *, needs_named_partner: bool = False) -> Callable[[Context], Outcome]:
    """Met when the counted records hold a row with the partner; not met when the HEIs reported rows in
    the section (naming partners, when `needs_named_partner`) and none is with the partner; else no evidence."""

    def evaluate(ctx: Context) -> Outcome:
        if not ctx.partners or not ctx.institutions:
            return Outcome(NO_EVIDENCE)
        ev = ctx.records(name)
        if ev.count:
            return Outcome(MET, [records_evidence(ev)])
        base = ev.with_named_partner if needs_named_partner else ev.reported
        if base:
            return Outcome(NOT_MET, [records_evidence(ev)])
        return Outcome(NO_EVIDENCE)

    return evaluate


def foreign_staff(ctx: Context) -> Outcome:
    """Foreign academic staff involved: a stated share above 0, or visiting faculty from the partner."""
    p = ctx.partnership
    ev = ctx.records("visiting_staff") if ctx.partners and ctx.institutions else None
    if ev is not None and ev.count:
        return Outcome(MET, [records_evidence(ev)])
    if p.foreign_staff_share is not None:
        return Outcome(MET if p.foreign_staff_share > 0 else NOT_MET, [fact(p, "foreign_staff_share")])
    if "foreign_staff_share" in p.stated_none:
        return Outcome(NOT_MET, [stated_absent(p, "foreign_staff_share")])
    return Outcome(NO_EVIDENCE)


def staff_ratio(ctx: Context) -> Outcome:
    p = ctx.partnership
    if p.foreign_staff_share is None:
        return Outcome(NO_EVIDENCE)
    shown = [fact(p, "foreign_staff_share")]
    ok = p.foreign_staff_share <= 30
    if p.kazakh_staff_share is not None:
        shown.append(fact(p, "kazakh_staff_share"))
        ok = ok and p.kazakh_staff_share <= 70
    return Outcome(MET if ok else NOT_MET, shown)


def languages(ctx: Context) -> Outcome:
    p = ctx.partnership
    if not p.teaching_languages:
        return Outcome(NO_EVIDENCE)
    missing = [code for code in REQUIRED_LANGUAGES if code not in p.teaching_languages]
    return Outcome(NOT_MET if missing else MET, [fact(p, "teaching_languages")])


def kazakh_disciplines(ctx: Context) -> Outcome:
    p = ctx.partnership
    shown = [fact(p, n) for n in ("kazakh_language_disciplines", "history_of_kazakhstan") if getattr(p, n) is not None]
    if p.kazakh_language_disciplines == 0 or p.history_of_kazakhstan is False:
        return Outcome(NOT_MET, shown)
    if p.kazakh_language_disciplines and p.history_of_kazakhstan:
        return Outcome(MET, shown)
    return Outcome(NO_EVIDENCE, shown)


def target_evidence(t) -> dict:
    return {"kind": "target", "id": t.pk, "name": t.name, "year": t.year, "target": str(t.target.normalize()),
            "actual": None if t.actual is None else str(t.actual.normalize()), "source": t.source}


def targets_agreed(ctx: Context) -> Outcome:
    if ctx.targets:
        return Outcome(MET, [target_evidence(t) for t in ctx.targets])
    if "targets" in ctx.partnership.stated_none:
        return Outcome(NOT_MET, [stated_absent(ctx.partnership, "targets")])
    return Outcome(NO_EVIDENCE)


def targets_met(ctx: Context) -> Outcome:
    due = [t for t in ctx.targets if t.year == ctx.year]
    known = [t for t in due if t.actual is not None]
    if not known:
        return Outcome(NO_EVIDENCE, [target_evidence(t) for t in due])
    state = MET if all(t.actual >= t.target for t in known) and len(known) == len(due) else (
        NOT_MET if any(t.actual < t.target for t in known) else NO_EVIDENCE)
    return Outcome(state, [target_evidence(t) for t in due])


# -- the declaration ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    id: str
    reference: str  # where in seed 002 the recommendation is
    text: dict[str, str]
    method: dict[str, str]
    evidence: tuple[str, ...]  # register fields / record sections / rankings it reads
    evaluate: Callable[[Context], Outcome]
    models: tuple[str, ...] = ()  # empty: every model

    def applies_to(self, model: str) -> bool:
        return not self.models or model in self.models

    def assess(self, ctx: Context) -> Outcome:
        if not self.applies_to(ctx.partnership.model):
            return Outcome(NOT_APPLICABLE)
        return self.evaluate(ctx)


_FACT_METHOD = _t(
    "Тізілімде көрсетілсе — орындалды; жоқ екені көрсетілсе — орындалмады; әйтпесе — дәлел жоқ.",
    "Указано в реестре — выполнено; указано, что отсутствует, — не выполнено; иначе — нет данных.",
    "Stated in the register: met; stated as absent: not met; otherwise no evidence.",
)


def _records_method(what_kk: str, what_ru: str, what_en: str) -> dict[str, str]:
    return _t(
        f"Есептелетін нұсқаларда серіктеспен {what_kk} бар болса — орындалды; ЖОО бұл бөлімді толтырып, серіктеспен "
        "жазба болмаса — орындалмады; бөлім бос болса немесе серіктес тізілімде болмаса — дәлел жоқ.",
        f"В учитываемых версиях есть {what_ru} с партнёром — выполнено; вуз заполнил раздел, но записей с "
        "партнёром нет — не выполнено; раздел пуст или партнёра нет в реестре — нет данных.",
        f"Counted versions hold {what_en} with the partner: met; the HEI reported the section but nothing with "
        "the partner: not met; nothing reported, or the partner not in the registry: no evidence.",
    )


CRITERIA: tuple[Criterion, ...] = (
    Criterion("long_term", "Ch. 1 §2; §4.1", _t(
        "Ұзақ мерзімді ынтымақтастық (кемінде 5 жыл)",
        "Долгосрочное сотрудничество (не менее 5 лет)",
        "Long-term cooperation (at least 5 years)"), _t(
        "Мерзімі ≥ 5 жыл немесе мерзімсіз — орындалды; < 5 жыл — орындалмады; мерзімі көрсетілмесе — дәлел жоқ.",
        "Срок ≥ 5 лет или бессрочно — выполнено; < 5 лет — не выполнено; срок не указан — нет данных.",
        "Term ≥ 5 years or open-ended: met; < 5 years: not met; no term stated: no evidence."),
        ("term_years", "open_ended"), long_term),
    Criterion("ministry_agreement", "Ch. 1 §2", _t(
        "Министрлікпен келісілген",
        "Согласовано с Министерством",
        "Agreed with the Ministry"), _FACT_METHOD,
        ("ministry_agreement", "ministry_agreement_date"), documented("ministry_agreement", "ministry_agreement_date")),
    Criterion("top500", "Ch. 3 rec. 1", _t(
        "Серіктес QS, THE немесе ARWU халықаралық рейтингтерінің (немесе пәндік рейтингтердің) ТОП-500 тізімінде",
        "Партнёр входит в ТОП-500 рейтингов QS, THE или ARWU (общих или предметных)",
        "Partner in the TOP-500 of QS, THE or ARWU (overall or subject)"), _t(
        "Y−2…Y+1 басылымдарындағы ең жақсы орын ≤ 500 (топ толығымен) — орындалды; > 500 — орындалмады; "
        "дереккөзі (URL) бар рейтинг жоқ — дәлел жоқ.",
        "Лучшая позиция в изданиях Y−2…Y+1 ≤ 500 (вся группа) — выполнено; > 500 — не выполнено; нет рейтинга с "
        "источником (URL) — нет данных.",
        "Best position in the editions Y−2…Y+1 ≤ 500 (the whole band): met; > 500: not met; no ranking with a "
        "source URL: no evidence."),
        ("rankings",), top500),
    Criterion("double_degree", "Ch. 1 §2; §4.2; Ch. 3 rec. 4", _t(
        "Серіктеспен қос дипломдық бағдарламалар",
        "Программы двойного диплома с партнёром",
        "Double-degree programmes with the partner"), _records_method(
        "қос дипломдық бағдарлама", "программа двойного диплома", "a double-degree programme"),
        ("records.DoubleDegreeProgramme",), from_records("double_degrees")),
    Criterion("research", "Ch. 1 §4.3; Ch. 3 rec. 2; Ch. 3 (2)", _t(
        "Бірлескен ғылыми жобалар мен жарияланымдар",
        "Совместные научные проекты и публикации",
        "Joint research projects and publications"), _records_method(
        "ғылыми жоба", "научный проект", "a research project"),
        ("records.Project",), from_records("research_projects", needs_named_partner=True)),
    Criterion("mobility", "Ch. 1 §4.4", _t(
        "Серіктеспен академиялық ұтқырлық",
        "Академическая мобильность с партнёром",
        "Academic mobility with the partner"), _records_method(
        "академиялық ұтқырлық", "академическая мобильность", "academic mobility"),
        ("records.MobilityFlow",), from_records("mobility")),
    Criterion("foreign_staff", "Ch. 1 §2; Ch. 2 (1)–(3)", _t(
        "Шетелдік ЖОО академиялық персонал береді",
        "Зарубежный вуз предоставляет академический персонал",
        "The foreign HEI provides academic staff"), _t(
        "Серіктестен шақырылған оқытушылар (есептелетін жазбалар) немесе шетелдік ПОҚ үлесі > 0 — орындалды; "
        "үлесі 0 — орындалмады; әйтпесе — дәлел жоқ.",
        "Приглашённые преподаватели партнёра (учитываемые записи) или доля зарубежного ППС > 0 — выполнено; "
        "доля 0 — не выполнено; иначе — нет данных.",
        "Visiting faculty from the partner (counted records) or a foreign staff share > 0: met; a share of 0: "
        "not met; otherwise no evidence."),
        ("records.VisitingFaculty", "foreign_staff_share"), foreign_staff),
    Criterion("targets_agreed", "Ch. 3 rec. 3", _t(
        "Нысаналы индикаторлар тараптармен бірлесіп айқындалған",
        "Целевые индикаторы определены сторонами совместно",
        "Target indicators agreed by the parties"), _FACT_METHOD, ("targets",), targets_agreed),
    Criterion("targets_met", "Ch. 3 rec. 3", _t(
        "Жылдың нысаналы индикаторларына қол жеткізілді",
        "Целевые индикаторы года достигнуты",
        "The year's target indicators achieved"), _t(
        "Жылдың барлық индикаторы ≥ мақсат — орындалды; біреуі < мақсат — орындалмады; нақты мәндер жоқ — дәлел жоқ.",
        "Все индикаторы года ≥ цели — выполнено; хотя бы один < цели — не выполнено; фактических значений нет — "
        "нет данных.",
        "Every indicator of the year ≥ its target: met; one below: not met; no achieved values: no evidence."),
        ("targets",), targets_met),
    Criterion("languages", "Ch. 3 rec. 4", _t(
        "Оқыту қазақ, ағылшын және орыс тілдерінде",
        "Обучение на казахском, английском и русском языках",
        "Teaching in Kazakh, English and Russian"), _t(
        "Оқыту тілдерінің ішінде үшеуі де бар — орындалды; біреуі жоқ — орындалмады; тілдер көрсетілмесе — дәлел жоқ.",
        "Среди языков обучения есть все три — выполнено; одного нет — не выполнено; языки не указаны — нет данных.",
        "The teaching languages include all three: met; one missing: not met; no languages stated: no evidence."),
        ("teaching_languages",), languages),
    Criterion("kazakh_disciplines", "Ch. 3 rec. 4", _t(
        "Қазақ тіліндегі пәндер және Қазақстан тарихы енгізілген",
        "Включены дисциплины на казахском языке и история Казахстана",
        "Disciplines in Kazakh and the history of Kazakhstan included"), _t(
        "Қазақ тіліндегі пәндер ≥ 1 және Қазақстан тарихы оқытылады — орындалды; біреуі жоқ деп көрсетілсе — "
        "орындалмады; әйтпесе — дәлел жоқ.",
        "Дисциплин на казахском ≥ 1 и история Казахстана преподаётся — выполнено; указано, что чего-то нет, — "
        "не выполнено; иначе — нет данных.",
        "At least one discipline in Kazakh and the history of Kazakhstan taught: met; either stated as absent: "
        "not met; otherwise no evidence."),
        ("kazakh_language_disciplines", "history_of_kazakhstan"), kazakh_disciplines),
    Criterion("industry", "Ch. 3 (1), (2)", _t(
        "Республикалық және өңірлік кәсіпорындармен белсенді ынтымақтастық",
        "Активное сотрудничество с республиканскими и региональными предприятиями",
        "Active cooperation with national and regional enterprises"), _FACT_METHOD,
        ("other_parties",), documented("other_parties")),
    Criterion("joint_committees", "Ch. 3 (1)", _t(
        "Бірлескен комитеттер құрылған",
        "Созданы совместные комитеты",
        "Joint committees set up"), _FACT_METHOD, ("joint_committees",), documented("joint_committees")),
    Criterion("quality_assurance", "Ch. 3 (1)", _t(
        "Сапаны қамтамасыз ету жүйесі",
        "Система обеспечения качества",
        "A quality-assurance system"), _FACT_METHOD, ("quality_assurance",), documented("quality_assurance")),
    Criterion("third_mission", "Ch. 1 §2; Ch. 3 (3)", _t(
        "Үшінші миссия: жергілікті қоғамдастыққа арналған әлеуметтік жобалар",
        "Третья миссия: социальные проекты для местного сообщества",
        "Third mission: social projects for the local community"), _FACT_METHOD,
        ("third_mission",), documented("third_mission")),
    Criterion("registration", "Ch. 3 (4)", _t(
        "Филиал тіркелген",
        "Филиал зарегистрирован",
        "The branch is registered"), _FACT_METHOD, ("registration", "registered_on"),
        documented("registration", "registered_on"), BRANCH_MODELS),
    Criterion("staff_ratio", "Ch. 3 (5)", _t(
        "ПОҚ арақатынасы: шетелдік — 30 %-ға дейін, қазақстандық — 70 %-ға дейін",
        "Соотношение ППС: зарубежный — до 30 %, казахстанский — до 70 %",
        "Staff ratio: foreign up to 30 %, Kazakh up to 70 %"), _t(
        "Шетелдік үлес ≤ 30 % (және көрсетілсе қазақстандық ≤ 70 %) — орындалды; артық — орындалмады; "
        "үлес көрсетілмесе — дәлел жоқ.",
        "Доля зарубежного ≤ 30 % (и казахстанского ≤ 70 %, если указана) — выполнено; больше — не выполнено; "
        "доля не указана — нет данных.",
        "Foreign share ≤ 30 % (and the Kazakh share ≤ 70 % when stated): met; above: not met; no share stated: "
        "no evidence."),
        ("foreign_staff_share", "kazakh_staff_share"), staff_ratio),
    Criterion("governance", "Ch. 3 (5)", _t(
        "Филиалды паритеттік негізде басқару",
        "Управление филиалом на паритетной основе",
        "Branch managed on a parity basis"), _FACT_METHOD, ("governance",), documented("governance"),
        BRANCH_MODELS),
    Criterion("staff_development", "Ch. 3 (5)", _t(
        "ПОҚ біліктілігін арттыру бағдарламалары",
        "Программы повышения квалификации ППС",
        "Professional development programmes for staff"), _FACT_METHOD,
        ("staff_development",), documented("staff_development")),
    Criterion("funding", "Ch. 3 (6)", _t(
        "Қаржыландыру көздері айқындалған",
        "Определены источники финансирования",
        "Funding sources defined"), _FACT_METHOD, ("funding_sources",), documented("funding_sources")),
    Criterion("licence", "Ch. 3 (7)", _t(
        "Филиалдың білім беру қызметіне лицензиясы бар",
        "Филиал имеет лицензию на образовательную деятельность",
        "The branch is licensed for educational activity"), _FACT_METHOD, ("licence", "licensed_on"),
        documented("licence", "licensed_on"), BRANCH_MODELS),
)

BY_ID = {c.id: c for c in CRITERIA}
assert len(BY_ID) == len(CRITERIA)
