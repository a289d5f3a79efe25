"""One resource of the package: its Table Schema and its rows, before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass
class Table:
    name: str  # the resource name and the CSV file's stem
    title: str
    description: str
    fields: list[dict]  # Table Schema field descriptors, in column order
    primary_key: list[str]
    rows: list[list] = field(default_factory=list)
    foreign_keys: list[dict] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [f["name"] for f in self.fields]


def column(name: str, type_: str, description: str, **extra) -> dict:
    """A Table Schema field; `enum=[…]` becomes a constraint and labelled `categories`."""
    out: dict = {"name": name, "type": type_, "description": description}
    enum = extra.pop("enum", None)
    required = extra.pop("required", False)
    constraints = extra.pop("constraints", {})
    if enum is not None:
        constraints["enum"] = [str(code) for code, _label in enum]
        out["categories"] = [{"value": str(code), "label": str(label)} for code, label in enum]
    if required:
        constraints["required"] = True
    if constraints:
        out["constraints"] = constraints
    out.update(extra)
    return out


def refers(field_name: str, resource: str, target: str) -> dict:
    return {"fields": [field_name], "reference": {"resource": resource, "fields": [target]}}


def cell(value) -> str:
    """A Python value as its CSV text: '' for None, ISO dates, plain decimals, true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return str(value)
