"""Kazakh and Russian catalogues: complete, and actually used by Django.

`make` compiles the .po files; the tests compile them too (when the .mo is missing or older than
the .po) so they run on a fresh checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "intlmon" / "locale"
LANGUAGES = ["kk", "ru"]


def _po(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def _read(lang: str):
    with _po(lang).open("rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_translates_the_institution_verbose_name(compiled_catalogues, lang):
    from django.utils import translation

    from intlmon.registry.models import Institution

    expected = _read(lang)["institution"].string
    assert expected
    with translation.override(lang):
        assert str(Institution._meta.verbose_name) == expected


def test_it_uses_the_glossary_terms_for_institution():
    assert _read("kk")["institution"].string == "жоғары оқу орны"
    assert _read("ru")["institution"].string == "вуз"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_has_no_untranslated_or_fuzzy_messages(lang):
    catalog = _read(lang)
    messages = [m for m in catalog if m.id]
    assert messages
    untranslated = [m.id for m in messages if not m.string or (m.pluralizable and not all(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert not catalog.fuzzy


# Every message the code passes to gettext must be translated (not empty, not fuzzy) in the Kazakh and
# Russian catalogues of the project or of some app: Django merges them, so any one of them may hold it.
KEYWORDS = {
    "_": None, "gettext": None, "gettext_lazy": None, "gettext_noop": None, "ngettext": (1, 2), "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2), "pgettext_lazy": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3),
}


def _messages_in_code() -> dict[tuple, str]:
    from babel.messages.extract import extract_from_dir

    used: dict[tuple, str] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(LOCALE_DIR.parent), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        used.setdefault((context, msgid), f"{filename}:{lineno}")
    return used


def _translated(lang: str) -> set[tuple]:
    package = LOCALE_DIR.parent
    found = set()
    for po in [_po(lang), *package.glob(f"*/locale/{lang}/LC_MESSAGES/django.po")]:
        with po.open("rb") as f:
            for message in read_po(f, locale=lang):
                string = message.string if isinstance(message.string, str) else message.string[0]
                if message.id and string and not message.fuzzy:
                    found.add((message.context, message.id if isinstance(message.id, str) else message.id[0]))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_translates_every_message_the_code_uses(lang):
    used = _messages_in_code()
    assert len(used) > 300  # the extraction itself works
    missing = sorted(f"{where}: {key}" for key, where in used.items() if key not in _translated(lang))
    assert not missing, f"untranslated in {lang}:\n" + "\n".join(missing)
