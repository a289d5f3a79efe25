"""The one declaration of the package's special codes: ETER's labelled missing values and the flags.

A cell holding one of the missing-value codes is read as "no value" by any Table Schema reader, and the
label says why. Which codes this exporter writes, and when, is decided here and in `flags.py`
(docs/opendata.md lists the rule for each); the rest are declared so that a user merging this package
with ETER's data meets the same vocabulary.
"""

from __future__ import annotations

# (code, label). "" first: an empty cell is a value the source did not state / a dimension summed over.
MISSING_VALUES: tuple[tuple[str, str], ...] = (
    ("", "empty: not stated in the source, or (a dimension column) summed over"),
    ("a", "not applicable"),
    ("m", "missing"),
    ("x", "included elsewhere"),
    ("xc", "included in another column"),
    ("xr", "included in another row"),
    ("nc", "not collected"),
    ("c", "confidential"),
    ("s", "suppressed small count"),
)

NOT_APPLICABLE = "a"
MISSING = "m"
NOT_COLLECTED = "nc"

# (code, label): a figure's flags, space-separated in the `flag` column, in this order.
FLAGS: tuple[tuple[str, str], ...] = (
    ("b", "break in series"),
    ("d", "definition differs"),
    ("p", "provisional"),
    ("r", "remark: an explanation is recorded"),
    ("ic", "inconsistent"),
)

FLAG_ORDER = {code: i for i, (code, _label) in enumerate(FLAGS)}
FLAG_PATTERN = "^(" + "|".join(code for code, _ in FLAGS) + ")( (" + "|".join(code for code, _ in FLAGS) + "))*$"


def missing_values_descriptor() -> list[dict[str, str]]:
    """Table Schema v2 `missingValues`: objects with value and label."""
    return [{"value": code, "label": label} for code, label in MISSING_VALUES]


def join_flags(flags: set[str]) -> str:
    """The flags as one cell in the declared order ('' when none)."""
    unknown = flags - FLAG_ORDER.keys()
    if unknown:
        raise ValueError(f"undeclared flag(s): {sorted(unknown)}")
    return " ".join(sorted(flags, key=FLAG_ORDER.__getitem__))
