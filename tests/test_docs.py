"""The README documents every `intlmon` subcommand and every setting (after datasette's doc tests).

A command or an environment variable that exists but is not in the README fails here, so the
documentation cannot silently fall behind the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def our_commands() -> list[str]:
    return sorted(name.replace("_", "-") for name, app in get_commands().items() if app.startswith("intlmon."))


def settings_variables() -> list[str]:
    text = (ROOT / "src" / "intlmon" / "settings.py").read_text(encoding="utf-8")
    return sorted(set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', text)))


def test_it_finds_commands_and_variables_to_check():
    assert "ingest" in our_commands() and "DATABASE_URL" in settings_variables()


@pytest.mark.parametrize("command", our_commands())
def test_it_documents_every_command(command):
    assert f"`intlmon {command}" in README, f"`intlmon {command}` is missing from the README's command table"


@pytest.mark.parametrize("variable", settings_variables())
def test_it_documents_every_setting(variable):
    assert f"| `{variable}` |" in README, f"{variable} is missing from the README's settings table"
