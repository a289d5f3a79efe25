"""Shared by the dashboard tests: the 2023 reference data (and the France note's 2022) loaded once per
module, and readers of what a page shows (tables, links, numbers written in kk/ru/en)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.helpers import loaded_reference


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker, reference_2023, compiled_catalogues):
    with django_db_blocker.unblock(), loaded_reference(reference_2023):
        yield


def number(text: str):
    """'6 050', '6,050' or '6 050' → 6050 (a figure as a page writes it)."""
    plain = re.sub(r"[\s\u00a0\u202f,]", "", text)
    return int(plain) if plain.lstrip("-").isdigit() else text.strip()


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: dict[str, list[str]] = {}
        self._table = None
        self._cell = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("id") or "").startswith("table-"):
            self._table = attrs["id"][len("table-"):]
            self.tables[self._table], self.links[self._table] = [], []
        elif self._table and tag == "tr":
            self._row = []
        elif self._table and tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif self._table and tag == "a" and self._cell is not None:
            self.links[self._table].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> tuple[dict[str, list[list[str]]], dict[str, list[str]]]:
    """{table key: rows of cell texts (header first)}, {table key: the drill-down links of its rows}."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables, parser.links


def card_links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'<a class="value figure-link" href="([^"]+)"', html)]
