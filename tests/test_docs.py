"""The README documents every `intlmon` subcommand, its sub-actions and options, and every setting
(after datasette's doc tests); `intlmon --help` lists every command.

A command, a sub-action (`review confirm`), an option (`report --allow-empty`) or an environment
variable that exists but is not in the README fails here, so the documentation cannot silently fall
behind the code. Options are looked for in the command's own table row(s).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Options every Django command has; the README explains them once, not per command.
COMMON_OPTIONS = {"--help", "--version", "--verbosity", "--settings", "--pythonpath", "--traceback", "--no-color",
                  "--force-color", "--skip-checks"}


def our_commands() -> list[str]:
    return sorted(name.replace("_", "-") for name, app in get_commands().items() if app.startswith("intlmon."))


def settings_variables() -> list[str]:
    text = (ROOT / "src" / "intlmon" / "settings.py").read_text(encoding="utf-8")
    return sorted(set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', text)))


def parser_of(command: str) -> argparse.ArgumentParser:
    name = command.replace("-", "_")
    return load_command_class(get_commands()[name], name).create_parser("intlmon", name)


def actions_and_options(parser: argparse.ArgumentParser) -> tuple[list[str], set[str]]:
    """Sub-actions (`search`, `show` …) and long options of a command, its sub-actions' included."""
    actions, options = [], set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                actions.append(name)
                options |= actions_and_options(sub)[1]
        options |= {o for o in action.option_strings if o.startswith("--") and o not in COMMON_OPTIONS}
    return actions, options


def rows_of(command: str) -> str:
    return "\n".join(line for line in README.splitlines() if line.startswith(f"| `intlmon {command}"))


def test_it_finds_commands_options_and_variables_to_check():
    assert "ingest" in our_commands() and "DATABASE_URL" in settings_variables()
    assert actions_and_options(parser_of("review"))[0] == ["list", "confirm", "reject", "new"]
    assert {"--list", "--withdraw"} <= actions_and_options(parser_of("explain"))[1]


@pytest.mark.parametrize("command", our_commands())
def test_it_documents_every_command(command):
    assert f"`intlmon {command}" in README, f"`intlmon {command}` is missing from the README's command table"


@pytest.mark.parametrize("command", our_commands())
def test_it_documents_every_sub_action_and_option(command):
    row = rows_of(command)
    actions, options = actions_and_options(parser_of(command))
    missing = [a for a in actions if not re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", row)]
    missing += sorted(o for o in options if not re.search(rf"{re.escape(o)}(?![\w-])", row))
    assert not missing, f"the README's row for `intlmon {command}` does not mention: {', '.join(missing)}"


@pytest.mark.parametrize("variable", settings_variables())
def test_it_documents_every_setting(variable):
    assert f"| `{variable}` |" in README, f"{variable} is missing from the README's settings table"


def test_the_help_lists_every_command_and_no_django_internal():
    from intlmon.cli import overview

    text = overview()
    for command in our_commands():
        assert re.search(rf"^  {re.escape(command)} ", text, re.M), f"`intlmon --help` does not list {command}"
    for internal in ("collectstatic", "sendtestemail", "squashmigrations", "createcachetable"):
        assert internal not in text
    assert "intlmon django help" in text
