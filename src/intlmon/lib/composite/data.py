"""COINr-shaped input: iData (one row per unit) and iMeta (one row per indicator, aggregate,
group or denominator). Read once here so every step sees the same columns and order."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


class CompositeInputError(ValueError):
    """Input that the engine refuses, with a message naming what is wrong and what is expected."""


META_COLUMNS = ("Level", "iCode", "Direction", "Weight", "Parent", "Type")


def read_table(path, what: str, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A CSV as COINr's tables are written (NA as an empty field); refuses a missing or unreadable
    file, or one without ``columns``, naming the file and ``what`` it was meant to be."""
    path = Path(path)
    if not path.is_file():
        raise CompositeInputError(f"{path}: file not found ({what})")
    try:
        frame = pd.read_csv(path, dtype={"uCode": str, "iCode": str}, keep_default_na=False, na_values=[""])
    except pd.errors.EmptyDataError:
        raise CompositeInputError(f"{path}: the file is empty; expected a CSV table with a header ({what})") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        reason = str(error).strip().splitlines()[0]
        raise CompositeInputError(f"{path}: not a readable UTF-8 CSV table ({what}): {reason}") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CompositeInputError(f"{path}: column(s) {', '.join(missing)} missing ({what}); expected "
                                  f"{', '.join(columns)}")
    return frame


def numeric_column(frame: pd.DataFrame, column: str, where: str, key: str = "uCode") -> np.ndarray:
    """A column as numbers; refuses the first cell that is not a number, naming its row."""
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        row = f"{key} {frame[key].iloc[i]!r}" if key in frame.columns else f"line {i + 2}"
        raise CompositeInputError(f"{where}: column {column!r}, {row}: {frame[column].iloc[i]!r} is not a number")
    return values.to_numpy(dtype=float)


def read_idata(path) -> pd.DataFrame:
    """iData as COINr reads it: uCode kept as text, NA as an empty field."""
    frame = read_table(path, "iData", ("uCode",))
    if frame["uCode"].isna().any():
        raise CompositeInputError(f"{path}: line {int(np.flatnonzero(frame['uCode'].isna())[0]) + 2} has no uCode; "
                                  "each unit needs its code")
    if frame["uCode"].duplicated().any():
        dup = frame["uCode"][frame["uCode"].duplicated()].iloc[0]
        raise CompositeInputError(f"{path}: uCode {dup!r} appears twice; each unit needs one row")
    frame.attrs["source"] = str(path)
    return frame


def read_imeta(path) -> pd.DataFrame:
    """iMeta with COINr's columns; refuses a file that lacks one of them or a bad tree."""
    meta = read_table(path, "iMeta", META_COLUMNS)
    for column in ("Level", "Weight", "Direction"):
        numeric_column(meta, column, str(path), "iCode")
    if meta["iCode"].isna().any() or meta["iCode"].duplicated().any():
        bad = meta["iCode"][meta["iCode"].isna() | meta["iCode"].duplicated()].iloc[0]
        raise CompositeInputError(f"{path}: iCode {bad!r} is missing or repeated; each row needs its own iCode")
    tree = meta[meta["Level"].notna()]
    codes = set(tree["iCode"])
    top = tree["Level"].max() if len(tree) else None
    for code, level, parent in zip(tree["iCode"], tree["Level"], tree["Parent"], strict=True):
        if level < top and parent not in codes:
            raise CompositeInputError(f"{path}: iCode {code!r} (Level {level:g}) has Parent {parent!r}, which is not an "
                                      "iCode of iMeta's tree")
        if level < top and pd.isna(meta.loc[meta["iCode"] == code, "Weight"]).any():
            raise CompositeInputError(f"{path}: iCode {code!r} has no Weight; every indicator and aggregate below the "
                                      "top level needs one")
    if not (meta["Type"] == "Indicator").any():
        raise CompositeInputError(f"{path}: no row has Type 'Indicator'; expected the Level 1 indicators")
    meta.attrs["source"] = str(path)
    return meta


def indicator_codes(meta: pd.DataFrame) -> list[str]:
    """Level-1 indicators in iMeta order (COINr keeps this order in every data set)."""
    rows = meta[meta["Type"] == "Indicator"]
    return list(rows["iCode"])


def directions(meta: pd.DataFrame) -> dict[str, int]:
    rows = meta[meta["Type"] == "Indicator"]
    return {code: int(d) for code, d in zip(rows["iCode"], rows["Direction"], strict=True)}


def raw_dataset(idata: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """COINr's ``Raw`` data set: uCode plus the indicator columns, rows sorted by uCode."""
    codes = indicator_codes(meta)
    absent = [c for c in codes if c not in idata.columns]
    if absent:
        raise CompositeInputError(f"iData lacks indicator column(s) named in iMeta: {', '.join(absent)}")
    raw = idata[["uCode", *codes]].copy()
    where = idata.attrs.get("source", "iData")
    for code in codes:
        raw[code] = numeric_column(idata, code, where)
    return raw.sort_values("uCode", kind="stable").reset_index(drop=True)


def unit_columns(idata: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Group or denominator columns aligned to the sorted uCode order of the data sets."""
    absent = [c for c in names if c not in idata.columns]
    if absent:
        raise CompositeInputError(f"iData lacks column(s) {', '.join(absent)}")
    return idata[["uCode", *names]].sort_values("uCode", kind="stable").reset_index(drop=True)
