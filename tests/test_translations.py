"""Kazakh and Russian catalogues: complete, and actually used by Django.

`make` compiles the .po files; the tests compile them too (when the .mo is missing or older than
the .po) so they run on a fresh checkout.
"""

from __future__ import annotations

import re
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
    "ngettext_noop": (1, 2),  # collection.problems: a plural message declared in a rule table
}


def _messages_in_code() -> dict[tuple, str]:
    """(context, msgid) → where it is used, for every message the code marks for translation."""
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


# Plural forms: every catalogue declares its language's rule, and the counts read right.
PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n!=1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalogue_declares_the_plural_rule_of_its_language(lang):
    """Same form for every whole number as the language's rule (Django's ru catalogue has a 4th form for
    fractions, which whole numbers never take)."""
    import gettext

    expected = gettext.c2py(PLURAL_FORMS[lang].split("plural=", 1)[1].rstrip(";"))
    catalogues = [_po(lang), *LOCALE_DIR.parent.glob(f"*/locale/{lang}/LC_MESSAGES/django.po")]
    assert len(catalogues) >= 4
    for po in catalogues:
        with po.open("rb") as f:
            header = read_po(f, locale=lang).plural_forms
        rule = gettext.c2py(header.split("plural=", 1)[1].rstrip(";"))
        assert [rule(n) for n in range(300)] == [expected(n) for n in range(300)], po


@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", ["1 ошибка", "2 ошибки", "5 ошибок", "21 ошибка"]),
    ("kk", ["1 қате", "2 қате", "5 қате", "21 қате"]),
    ("en", ["1 error", "2 errors", "5 errors", "21 errors"]),
])
def test_counts_take_the_plural_form_of_the_language(compiled_catalogues, lang, expected):
    from django.utils import translation

    with translation.override(lang):
        assert [translation.ngettext("%(n)d error", "%(n)d errors", n) % {"n": n} for n in (1, 2, 5, 21)] == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", ["1 строка со", "2 строки со", "5 строк со", "21 строка со"]),
    ("kk", ["1 жол бар", "2 жол бар", "5 жол бар", "21 жол бар"]),
])
def test_a_problem_message_takes_its_plural_form_from_the_catalogue(compiled_catalogues, lang, expected):
    from intlmon.collection.safety import FILE_RULES

    texts = [FILE_RULES["too_many_rows"].at(file="f.xlsx", sheet="ДДП", rows=n, limit=20_000).message(lang)
             for n in (1, 2, 5, 21)]
    assert [e in t for e, t in zip(expected, texts, strict=True)] == [True] * 4, texts


# A user-facing text may not bypass the catalogues as an inline {"kk": …, "ru": …} dict. The files below
# still hold such dicts, counted so that no new one slips in; each count should only go down.
INLINE_SCOPE = ("collection", "quality", "reports")
INLINE_KNOWN: dict[str, int] = {}  # (none left: the form's vocabulary moved to the catalogues too)


def _inline_translation_dicts(path: Path) -> int:
    """Dict literals keyed by 'kk' and 'ru' whose values are (tuples of) non-ASCII text."""
    import ast

    def texts(node) -> list:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.Tuple | ast.JoinedStr | ast.BinOp):
            return [c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
        return []

    count = 0
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Dict):
            continue
        keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
        if {"kk", "ru"} <= keys:
            values = [t for k, v in zip(node.keys, node.values, strict=True)
                      if isinstance(k, ast.Constant) and k.value in ("kk", "ru") for t in texts(v)]
            if values and any(not t.isascii() for t in values):
                count += 1
    return count


def test_no_message_of_collection_quality_or_reports_bypasses_the_catalogues():
    package = LOCALE_DIR.parent
    found = {}
    for app in INLINE_SCOPE:
        for path in sorted((package / app).rglob("*.py")):
            if n := _inline_translation_dicts(path):
                found[str(path.relative_to(package))] = n
    assert found == {k: v for k, v in INLINE_KNOWN.items() if v}, "inline kk/ru texts: use gettext and the catalogue"


# A count in a message needs the plural forms of ngettext ('1 ошибка', '5 ошибок'), not one English plural
# ('1 errors', 'the 1 HEIs'). No message of collection, quality or reports prints one any more.
COUNT_IN_SINGULAR_KNOWN: set[tuple[str, str]] = set()
_COUNT_NOUN = re.compile(r"%\((?:n|count|rows|total)\)[ds] (?:\w+ )?[A-Za-z]+s\b")


def test_the_scan_for_counts_with_a_fixed_plural_finds_them():
    found = {m.group(0) for text in ("compares it with the %(n)s HEIs of", "on %(count)d rows: %(labels)s",
                                     "the %(rows)s rows of «%(table)s»", "%(n)s agreement")
             for m in _COUNT_NOUN.finditer(text)}
    assert found == {"%(n)s HEIs", "%(count)d rows", "%(rows)s rows"}


def test_a_count_in_a_message_takes_the_plural_forms_of_the_catalogue():
    from babel.messages.extract import extract_from_dir

    found = set()
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(LOCALE_DIR.parent), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if isinstance(message, str) and filename.startswith(INLINE_SCOPE):
            found |= {(filename, m.group(0)) for m in _COUNT_NOUN.finditer(message)}
    assert found <= COUNT_IN_SINGULAR_KNOWN, "use ngettext: " + repr(sorted(found - COUNT_IN_SINGULAR_KNOWN))


# Templates: every {% trans %} / {% blocktrans %} of an app's templates must be translated in kk and ru too.
# Django's own `templatize` turns a template into the gettext calls `makemessages` would see (blocktrans
# variables become %(name)s, plural and context kept), so the same extraction as for Python code applies.
def _messages_in_templates(root: Path) -> dict[tuple, str]:
    import io

    from babel.messages.extract import extract
    from django.utils.translation.template import templatize

    used: dict[tuple, str] = {}
    for template in sorted(root.glob("*/templates/**/*.html")):
        code = templatize(template.read_text(encoding="utf-8"), origin=str(template))
        for lineno, message, _comments, context in extract(
            "python", io.BytesIO(code.encode("utf-8")), keywords=KEYWORDS, options={"encoding": "utf-8"}
        ):
            msgid = message if isinstance(message, str) else message[0]
            used.setdefault((context, msgid), f"{template.relative_to(root)}:{lineno}")
    return used


def test_it_finds_the_messages_of_templates(tmp_path):
    """The extraction sees trans, blocktrans with variables, plural and context (so the test below can fail)."""
    (tmp_path / "app" / "templates").mkdir(parents=True)
    (tmp_path / "app" / "templates" / "t.html").write_text(
        '{% load i18n %}{% trans "Not in any catalogue" %}{% trans "locked" context "submission" %}'
        "{% blocktrans count n=k %}{{ n }} thing{% plural %}{{ n }} things{% endblocktrans %}", encoding="utf-8")
    found = set(_messages_in_templates(tmp_path))
    assert found == {(None, "Not in any catalogue"), ("submission", "locked"), (None, "%(n)s thing")}
    assert (None, "Not in any catalogue") not in _translated("ru")
    assert ("submission", "locked") in _translated("ru")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_translates_every_message_of_the_templates(lang):
    used = _messages_in_templates(LOCALE_DIR.parent)
    assert any(where.startswith("web/") for where in used.values())  # the portal's templates are read
    missing = sorted(f"{where}: {key}" for key, where in used.items() if key not in _translated(lang))
    assert not missing, f"untranslated in {lang}:\n" + "\n".join(missing)
