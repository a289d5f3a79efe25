"""Reading and listing the dropdowns: `choice_values` / `choice_label` for writing a workbook,
`ChoiceLookup` (and `choice_value`, `split_choices`, `parse_boolean`) for mapping a cell's text in any
language back to values. Static maps are built once per process; registry lists once per lookup."""

from __future__ import annotations

import re

from intlmon.collection.sections.declaration import LANGS, normalise_header
from intlmon.collection.sections.vocabularies import STATIC_CHOICES


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
