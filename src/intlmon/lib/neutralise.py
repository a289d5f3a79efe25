"""Formula-injection neutralisation for files we write from user text (CSV and Excel exports).

A cell whose text starts with '=', '+', '-' or '@' (or a tab / carriage return, or their full-width
forms) is taken by Excel and LibreOffice for a formula when a CSV is opened, or when someone edits
the cell of an .xlsx: `=HYPERLINK(...)`, `=WEBSERVICE(...)` or a DDE call such as `=cmd|' /C calc'!A0`
would run on an analyst's machine. Universities' names, partners and notes are user text, so every
export that writes it goes through here.

- CSV: `for_csv` puts an apostrophe in front (the OWASP recommendation): spreadsheet programs show the
  text as typed, as text; a program reading the CSV sees the apostrophe and can strip it with `restore`.
- Excel (.xlsx): the value is written unchanged as a string cell with the *quote prefix* style
  (`needs_quote_prefix`): Excel shows and keeps it as text even when the cell is edited, and the value
  read back is exactly the value written — so our own round trip (export → ingest) is unaffected.
"""

from __future__ import annotations

RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
QUOTE = "'"


def is_risky(value: object) -> bool:
    """True for text a spreadsheet program could take for a formula (leading spaces do not help)."""
    if not isinstance(value, str):
        return False
    stripped = value.lstrip(" \xa0")
    return bool(stripped) and stripped.startswith(RISKY_FIRST)


def for_csv(value: object) -> object:
    """The value to write in a CSV cell: risky text gets a leading apostrophe; anything else unchanged."""
    return QUOTE + value if is_risky(value) else value


def csv_row(row: dict) -> dict:
    """A CSV row (column → value) with every value passed through `for_csv`."""
    return {key: for_csv(value) for key, value in row.items()}


def restore(value: object) -> object:
    """Undo `for_csv` for a program reading our CSV back."""
    if isinstance(value, str) and value.startswith(QUOTE) and is_risky(value[1:]):
        return value[1:]
    return value


def needs_quote_prefix(value: object) -> bool:
    """Whether an .xlsx string cell must carry the quote-prefix style."""
    return is_risky(value)
