"""The framework is declared once (framework.py) and docs/index.md is its true reading copy."""

from __future__ import annotations

import re
from pathlib import Path

from intlmon.index import framework as fw

DOC = (Path(__file__).resolve().parents[2] / "docs" / "index.md").read_text(encoding="utf-8")


def test_the_documentation_names_the_framework_version():
    assert re.fullmatch(r"\d{4}\.\d+", fw.FRAMEWORK_VERSION)
    assert f"framework {fw.FRAMEWORK_VERSION}" in DOC and f'FRAMEWORK_VERSION = "{fw.FRAMEWORK_VERSION}"' in DOC


def test_every_indicator_is_documented_with_its_pillar_formula_denominator_direction_weight_and_source():
    rows = {m.group(1): [c.strip() for c in m.group(0).strip("|").split("|")]
            for m in re.finditer(r"^\| ([A-Z]{3}) \|.*\|$", DOC, flags=re.M)}
    assert set(rows) == {i.code for i in fw.INDICATORS}
    for ind in fw.INDICATORS:
        _code, pillar, _name, formula, denominator, direction, weight, follows, why = rows[ind.code]
        assert pillar.startswith(ind.pillar)
        assert formula == ind.formula
        assert denominator == (ind.denominator or "—")
        assert direction == f"{ind.direction:+d}"
        assert float(weight) == ind.weight
        assert follows == ind.follows
        assert why


def test_the_documented_method_is_the_declared_one():
    assert f"dat_thresh = {fw.DAT_THRESH}" in DOC
    assert f"MC_RUNS = {fw.MC_RUNS}" in DOC and f"MC_SEED = {fw.MC_SEED}" in DOC
    assert all(p.weight == 1 for p in fw.PILLARS) and "Five pillars of equal weight (1)" in DOC
    assert len(fw.PILLARS) == 5


def test_every_indicator_needing_a_profile_denominator_names_one_the_profile_sheet_has():
    from intlmon.collection.sections import SECTIONS

    profile = next(s for s in SECTIONS if s.key == "profile")
    columns = {c.key for c in profile.columns}
    assert set(fw.PROFILE_DENOMINATORS) <= columns
    for ind in fw.INDICATORS:
        assert ind.denominator is None or ind.denominator in fw.DENOMINATORS
