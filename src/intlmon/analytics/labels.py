"""Display names of dimension codes and units, in kk/ru/en — the one place reports and the CLI ask.

Codes are what statistics return (`country` "FR", `institution` "kaznu", `level` "master" …); an
unknown code ("") reads "not specified". Registry names come from the database, choice labels from
the models' TextChoices, language names from Babel.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

UNITS = {
    "agreements": _("agreements"),
    "programmes": _("programmes"),
    "students": _("students"),
    "persons": _("persons"),
    "projects": _("projects"),
    "publications": _("publications"),
    "branches": _("branches and centres"),
    "institutions": _("HEIs"),
    "countries": _("countries"),
    "ratio": _("ratio"),
    "percent": _("percent"),
    "mixed": _("mixed"),
}

INDICATORS = {
    "agreements": _("International agreements"),
    "partner_countries": _("Partner countries of agreements"),
    "foreign_branches_in_kz": _("Foreign branches and centres in Kazakhstan"),
    "kz_branches_abroad": _("Kazakh branches and representations abroad"),
    "projects": _("International projects"),
    "publications": _("Publications (Scopus, Web of Science)"),
    "joint_programmes": _("Joint programmes"),
    "joint_programmes_enrolment": _("Enrolment in joint programmes"),
    "double_degree_programmes": _("Double-degree programmes"),
    "double_degree_programmes_enrolment": _("Enrolment in double-degree programmes"),
    "outbound_mobility": _("Outbound mobility"),
    "inbound_mobility": _("Inbound mobility"),
    "visiting_faculty": _("Visiting foreign faculty"),
    "international_students": _("International degree-seeking students"),
}

DIMENSION_NAMES = {
    "country": _("country"),
    "region": _("region"),
    "institution": pgettext_lazy("dimension", "HEI"),
    "category": _("HEI category"),
    "level": _("level"),
    "field": _("field of education"),
    "database": _("database"),
    "direction": _("direction"),
    "kind": _("kind"),
    "format": _("format"),
    "funding": _("funding"),
    "person": _("participant"),
    "language": _("language"),
    "degree": _("academic degree"),
    "funder": _("funder"),
    "indicator": _("indicator"),
}


def _choices() -> dict[str, dict[str, object]]:
    from intlmon.records.models import (
        Agreement,
        Format,
        Funding,
        Level,
        MobilityFlow,
        Presence,
        Project,
        Publications,
    )
    from intlmon.registry.models import InstitutionCategory

    return {
        "level": dict(Level.choices),
        "funding": dict(Funding.choices),
        "format": dict(Format.choices),
        "person": dict(MobilityFlow.Person.choices),
        "direction": {**dict(MobilityFlow.Direction.choices), **dict(Agreement.Direction.choices)},
        "kind": {**dict(Presence.Kind.choices), **dict(Project.Kind.choices)},
        "database": dict(Publications.Database.choices),
        "category": dict(InstitutionCategory.Category.choices),
        "indicator": INDICATORS,
    }


def _registry_model(dim: str):
    from intlmon.registry.models import Country, FieldOfEducation, ForeignOrganisation, Institution, Region

    return {"country": Country, "region": Region, "field": FieldOfEducation, "institution": Institution,
            "partner": ForeignOrganisation}.get(dim)


def _display(dim: str, obj, lang: str) -> str:
    name = obj.display_name(lang)
    return f"{obj.pk} {name}" if dim == "field" else name


def _registry_name(dim: str, code: str, lang: str) -> str | None:
    model = _registry_model(dim)
    if model is None:
        return None
    obj = model.objects.filter(pk=code).first()
    if obj is None:
        return _unregistered_country(code, lang) if dim == "country" else code
    return _display(dim, obj, lang)


def registry_names(dim: str, lang: str) -> dict[str, str] | None:
    """Every registered code of a registry dimension with its display name in `lang`, in one query.

    For the read service, which fetches a dimension's names once per document build instead of one
    query per label; None for a dimension that is not a registry table (levels, kinds …).
    """
    model = _registry_model(dim)
    if model is None:
        return None
    with translation.override(lang):
        return {str(obj.pk): _display(dim, obj, lang) for obj in model.objects.all()}


#: normalised first words of a consortium cell that mean the European Union ('ЕО** (консорциум)', 'EU')
_EU_KEYS = ("ео", "ес", "eu", "еуропалык одак", "европейский союз", "european union")


def _unregistered_country(raw: str, lang: str) -> str:
    """A country cell kept as written because it names no one country ('ЕО** (консорциум)').

    Printed raw it would put a Kazakh word and the source's orphan '**' into a Russian or English
    document, so a consortium or not-a-country marker reads as what it is, in `lang`; a cell that is
    neither stays as written (the audit reports it), without footnote marks.
    """
    from intlmon.registry.countries import country_key, resolve_country_cell

    kind = resolve_country_cell(raw).kind
    if kind == "consortium":
        key = country_key(raw)
        if any(key == k or key.startswith(k + " ") for k in _EU_KEYS):
            return f"{Locale.parse(lang).territories.get('EU', 'EU')} ({gettext('consortium')})"
        return gettext("consortium of several countries")
    if kind in ("not_country", "empty"):
        return gettext("several countries or international organisations")
    return raw.replace("*", "").strip()


def label(dim: str, code: str, lang: str) -> str:
    """The display name of a dimension code in `lang` (the code itself when nothing better is known)."""
    with translation.override(lang):
        if code in ("", None):
            return gettext("not specified")
        name = _registry_name(dim, code, lang)
        if name is not None:
            return name
        if dim == "language":
            try:
                return Locale.parse(lang).languages.get(code, code)
            except (UnknownLocaleError, ValueError):
                return code
        known = _choices().get(dim, {})
        if code in known:
            return str(known[code])
        return str(code)


def dimension_label(dim: str, lang: str) -> str:
    with translation.override(lang):
        return str(DIMENSION_NAMES.get(dim, dim))


def unit_label(unit: str, lang: str) -> str:
    with translation.override(lang):
        return str(UNITS.get(unit, unit))
