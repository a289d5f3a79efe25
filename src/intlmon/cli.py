"""The `intlmon` command: a thin shell over Django management commands.

Exit codes follow the project convention: 0 success, 1 rejected input (CommandError), 2 usage error
(argparse). Subcommands with dashes (`load-registry`) map to command modules with underscores.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intlmon.settings")
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    from django.conf import settings

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["intlmon", *argv])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
