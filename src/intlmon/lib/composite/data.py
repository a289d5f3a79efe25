"""COINr-shaped input: iData (one row per unit) and iMeta (one row per indicator, aggregate,
group or denominator). Read once here so every step sees the same columns and order."""
from __future__ import annotations

import pandas as pd


class CompositeInputError(ValueError):
    """Input that the engine refuses, with a message naming what is wrong and what is expected."""


META_COLUMNS = ("Level", "iCode", "Direction", "Weight", "Parent", "Type")


def read_idata(path) -> pd.DataFrame:
    """iData as COINr reads it: uCode kept as text, NA as an empty field."""
    frame = pd.read_csv(path, dtype={"uCode": str}, keep_default_na=False, na_values=[""])
    if "uCode" not in frame.columns:
        raise CompositeInputError(f"{path}: column 'uCode' is missing (COINr's unit code column)")
    if frame["uCode"].duplicated().any():
        dup = frame["uCode"][frame["uCode"].duplicated()].iloc[0]
        raise CompositeInputError(f"{path}: uCode {dup!r} appears twice; each unit needs one row")
    return frame


def read_imeta(path) -> pd.DataFrame:
    """iMeta with COINr's columns; refuses a file that lacks one of them."""
    meta = pd.read_csv(path, keep_default_na=False, na_values=[""])
    missing = [c for c in META_COLUMNS if c not in meta.columns]
    if missing:
        raise CompositeInputError(f"{path}: iMeta lacks column(s) {', '.join(missing)}; expected {', '.join(META_COLUMNS)}")
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
    raw[codes] = raw[codes].astype(float)
    return raw.sort_values("uCode", kind="stable").reset_index(drop=True)


def unit_columns(idata: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Group or denominator columns aligned to the sorted uCode order of the data sets."""
    absent = [c for c in names if c not in idata.columns]
    if absent:
        raise CompositeInputError(f"iData lacks column(s) {', '.join(absent)}")
    return idata[["uCode", *names]].sort_values("uCode", kind="stable").reset_index(drop=True)
