from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference" / "coinr"
if not REFERENCE.exists():
    REFERENCE = Path("/work/shared/reference/coinr")

EXAMPLE_STEPS = [
    {"Denominate": {}},
    {"Impute": {"f_i": "i_mean_grp", "use_group": "EurAsia_group"}},
    {"Screen": {"unit_screen": "byNA", "dat_thresh": 0.9}},
    {"Treat": {"winmax": 5}},
    {"Normalise": {"f_n": "n_minmax", "l_u": [0, 100]}},
    {"Aggregate": {"f_ag": "a_amean"}},
]


@pytest.fixture(scope="session")
def asem():
    from intlmon.lib.composite.data import read_idata, read_imeta
    if not REFERENCE.exists():
        pytest.skip("COINr reference files are not present")
    return read_idata(REFERENCE / "ASEM_iData.csv"), read_imeta(REFERENCE / "ASEM_iMeta.csv")


@pytest.fixture(scope="session")
def example_coin(asem):
    from intlmon.lib.composite.pipeline import build
    return build(*asem, EXAMPLE_STEPS)
